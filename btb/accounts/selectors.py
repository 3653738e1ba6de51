from django.db.models import Q, QuerySet

from .models import User, VolunteerProfile
from .rules import is_administrator, is_coordinator


def profiles_visible_to(user: User) -> QuerySet[VolunteerProfile]:
    """The volunteer profiles this user may open: all of them for coordinators, their own for everyone else."""
    profiles = VolunteerProfile.objects.select_related("user", "borough")
    if is_coordinator(user) or is_administrator(user):
        return profiles
    if not user.is_authenticated:
        return profiles.none()
    return profiles.filter(user=user)


def volunteer_directory(*, user: User, search: str = "", borough=None, willing: str = "", workforce_type: str = ""):
    profiles = profiles_visible_to(user).filter(user__is_active=True).prefetch_related("staff_networks")
    if search:
        profiles = profiles.filter(
            Q(display_name__icontains=search)
            | Q(command_unit__icontains=search)
            | Q(rank_or_grade__icontains=search)
            | Q(user__email__icontains=search)
        )
    if borough:
        profiles = profiles.filter(borough=borough)
    if willing:
        profiles = profiles.filter(**{f"willing_{willing}": True})
    if workforce_type:
        profiles = profiles.filter(workforce_type=workforce_type)
    return profiles.order_by("display_name", "pk")


def recent_registrations(*, days: int = 30, limit: int = 5):
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(days=days)
    return (
        VolunteerProfile.objects.select_related("user", "borough")
        .filter(user__is_active=True, user__date_joined__gte=since)
        .order_by("-user__date_joined")[:limit]
    )
