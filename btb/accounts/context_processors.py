from btb.navigation import nav_items_for

from .enums import Role


def roles(request):
    """Role flags for navigation and home pages, from one query per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role": {}, "nav_items": []}
    return {
        "nav_items": nav_items_for(request),
        "role": {
            "coordinator": user.has_role(Role.COORDINATOR),
            "volunteer": Role.VOLUNTEER.value in user.role_names,
            "oversight": user.has_role(Role.OVERSIGHT),
            "admin": user.is_superuser,
        },
    }
