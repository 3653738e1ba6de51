"""Reads for the volunteering pages, each in a fixed number of queries."""

from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from btb.accounts.models import VolunteerProfile
from media_appearances.enums import UPCOMING_STATUSES

from ..enums import ACTIVE_STATUSES
from .enums import ACTIVE, HOLDING_PLACE, Attendance, RoleKind, SignUpStatus
from .models import SignUp, VolunteerRole


def _signups_counted(condition: Q):
    """How many of the role's sign-ups meet ``condition``: a correlated count, so a page of twenty roles counts
    twenty roles' sign-ups rather than grouping every role's."""
    counted = SignUp.objects.filter(condition, role=OuterRef("pk")).order_by().values("role").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def _with_places(roles: QuerySet) -> QuerySet:
    return roles.annotate(
        taken=_signups_counted(Q(status__in=HOLDING_PLACE)),
        waiting=_signups_counted(Q(status=SignUpStatus.WAITING)),
    ).annotate(free=F("places") - F("taken"))


def opportunities(*, volunteer: VolunteerProfile | None) -> QuerySet[VolunteerRole]:
    """Upcoming roles and interview slots on events still going ahead, soonest first, full ones too
    (``filters.OpportunityFilter`` leaves those out unless asked). Each carries ``taken``, ``free`` and ``mine``
    (the volunteer already has a live sign-up)."""
    roles = (
        VolunteerRole.objects.select_related("summit__venue", "summit__borough", "appearance__outlet", "stall__unit")
        .filter(starts_at__gt=timezone.now())
        .filter(
            Q(summit__status__in=ACTIVE_STATUSES)
            | Q(appearance__isnull=False, summit__isnull=True) & Q(appearance__status__in=UPCOMING_STATUSES)
        )
    )
    roles = _with_places(roles)
    mine = SignUp.objects.filter(role=OuterRef("pk"), volunteer=volunteer, status__in=ACTIVE)
    roles = roles.annotate(mine=Exists(mine) if volunteer is not None else Value(False))
    return roles.order_by("starts_at", "pk")


def schedule(*, volunteer: VolunteerProfile) -> tuple[QuerySet[SignUp], QuerySet[SignUp]]:
    """The volunteer's live commitments still to come, and everything that has ended or been closed."""
    now = timezone.now()
    signups = SignUp.objects.filter(volunteer=volunteer).select_related(
        "role__summit__venue", "role__appearance__outlet"
    )
    upcoming = signups.filter(status__in=ACTIVE, role__ends_at__gt=now).order_by("role__starts_at", "pk")
    past = signups.exclude(pk__in=upcoming.values("pk")).order_by("-role__starts_at", "-pk")
    return upcoming, past


def feed_signups(*, volunteer: VolunteerProfile, now=None) -> QuerySet[SignUp]:
    """What the volunteer's calendar feed holds: every sign-up holding a place, and, until they are over, those
    that held one and no longer do (withdrawn, declined, lapsed, their event cancelled), which the feed marks
    cancelled so that a calendar program removes what it had. A waiting-list place was never in the feed."""
    now = now or timezone.now()
    ended = (SignUpStatus.WITHDRAWN, SignUpStatus.DECLINED, SignUpStatus.LAPSED, SignUpStatus.CANCELLED)
    return (
        SignUp.objects.filter(volunteer=volunteer)
        .filter(Q(status__in=HOLDING_PLACE) | Q(status__in=ended, role__ends_at__gt=now))
        .select_related("role__summit__venue", "role__appearance__outlet")
        .order_by("role__starts_at", "pk")
    )


def roster(roles: QuerySet[VolunteerRole]) -> list[VolunteerRole]:
    """Roles with their sign-ups (live ones first, then the rest) and volunteers' contact details; each role
    carries ``taken``, ``free`` and ``hours_attended``."""
    signups = SignUp.objects.select_related("volunteer__user", "volunteer__borough").order_by("created_at", "pk")
    roles = list(
        _with_places(roles.select_related("summit__venue", "appearance__outlet", "stall__unit"))
        .prefetch_related(Prefetch("signups", queryset=signups, to_attr="all_signups"))
        .order_by("starts_at", "pk")
    )
    for role in roles:
        role.live_signups = [s for s in role.all_signups if s.status in ACTIVE]
        role.closed_signups = [s for s in role.all_signups if s.status not in ACTIVE]
        attended = sum(1 for s in role.all_signups if s.attendance == Attendance.ATTENDED)
        role.hours_attended = role.hours * attended
        role.has_gap = role.free > 0
        role.has_ended = role.ends_at <= timezone.now()
    return roles


def roster_totals(roles: list[VolunteerRole]) -> dict:
    return {
        "places": sum(role.places for role in roles),
        "taken": sum(role.taken for role in roles),
        "gaps": sum(max(role.free, 0) for role in roles),
        "hours": sum((role.hours_attended for role in roles), Decimal("0.0")),
    }


def volunteer_hours(*, start=None, end=None) -> dict:
    """Hours given by volunteers who attended, for reports: total, per role kind, and the number of people.

    Counted per sign-up marked “attended”, from the role's time window; ``start``/``end`` limit by the role's start.
    """
    signups = SignUp.objects.filter(attendance=Attendance.ATTENDED).select_related("role")
    if start:
        signups = signups.filter(role__starts_at__gte=start)
    if end:
        signups = signups.filter(role__starts_at__lt=end)
    by_kind = {label: Decimal("0.0") for _, label in RoleKind.choices}
    people = set()
    for signup in signups:
        by_kind[signup.role.get_kind_display()] += signup.role.hours
        people.add(signup.volunteer_id)
    return {"total": sum(by_kind.values(), Decimal("0.0")), "by_kind": by_kind, "volunteers": len(people)}
