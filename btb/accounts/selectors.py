from django.db.models import QuerySet

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


def volunteer_directory(*, user: User):
    """The active volunteers ``user`` may see, in name order (``filters.VolunteerFilter`` narrows them)."""
    profiles = profiles_visible_to(user).filter(user__is_active=True).prefetch_related("staff_networks")
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
