"""Reads for the volunteering pages, each in a fixed number of queries."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from btb.accounts.models import VolunteerProfile
from media_appearances.enums import UPCOMING_STATUSES

from ..enums import ACTIVE_STATUSES
from .commitments import hours_given
from .enums import ACTIVE, HOLDING_PLACE, Attendance, RoleKind, SignUpStatus
from .models import CoverInvitation, SignUp, VolunteerCredential, VolunteerRole
from .requirements import requirement_checks

NOT_ARRIVED_AFTER = timedelta(minutes=15)


def _signups_counted(condition: Q):
    """How many of the role's sign-ups meet ``condition``: a correlated count, so a page of twenty roles counts
    twenty roles' sign-ups rather than grouping every role's."""
    counted = SignUp.objects.filter(condition, role=OuterRef("pk")).order_by().values("role").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def _cover_asked():
    """How many volunteers were asked to cover the role (events.volunteering.cover)."""
    asked = CoverInvitation.objects.filter(role=OuterRef("pk")).order_by().values("role").annotate(n=Count("pk"))
    return Coalesce(Subquery(asked.values("n"), output_field=IntegerField()), 0)


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
        .prefetch_related("requirements")
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


def roster(roles: QuerySet[VolunteerRole], *, requirements: bool = False) -> list[VolunteerRole]:
    """Roles with their sign-ups (live ones first, then the rest) and volunteers' contact details. Each role
    carries ``taken`` (places held), ``confirmed`` (filled: a coordinator said yes), ``pending`` (held, not yet
    confirmed), ``free``, ``hours_attended`` and ``has_gap``: places not confirmed while the event is still ahead
    (a held summit raises no alarms); with ``requirements``, each sign-up carries ``requirement_checks`` (who meets
    what the role needs: two queries more).
    A “Panel seat” role is an application to the panel, which is staffed through its seats (``panel_summary``), so
    it raises no gap of its own."""
    signups = SignUp.objects.select_related("volunteer__user", "volunteer__borough").order_by("created_at", "pk")
    roles = list(
        _with_places(roles.select_related("summit__venue", "appearance__outlet", "stall__unit"))
        .annotate(confirmed=_signups_counted(Q(status=SignUpStatus.CONFIRMED)), cover_asked=_cover_asked())
        .prefetch_related(Prefetch("signups", queryset=signups, to_attr="all_signups"))
        .order_by("starts_at", "pk")
    )
    if requirements:
        prefetch_related_objects(roles, "requirements")
        _check_requirements(roles)
    now = timezone.now()
    for role in roles:
        role.live_signups = [s for s in role.all_signups if s.status in ACTIVE]
        role.closed_signups = [s for s in role.all_signups if s.status not in ACTIVE]
        role.pending_signups = [s for s in role.live_signups if s.awaits_decision]
        attended = sum(1 for s in role.all_signups if s.attendance == Attendance.ATTENDED)
        role.hours_attended = role.hours * attended
        role.pending = role.taken - role.confirmed
        role.has_ended = role.ends_at <= now
        role.has_started = role.starts_at <= now
        # On the day: confirmed volunteers not checked in a quarter of an hour after their start.
        late = role.starts_at + NOT_ARRIVED_AFTER <= now < role.ends_at
        role.not_arrived = [s for s in role.live_signups if late and s.is_confirmed and not s.attendance]
        role.is_panel = role.kind == RoleKind.PANEL
        role.is_ahead = role.event_is_open and not role.has_ended
        role.unconfirmed = max(role.places - role.confirmed, 0)
        role.has_gap = role.is_ahead and not role.is_panel and role.unconfirmed > 0
    return roles


def _check_requirements(roles: list[VolunteerRole]) -> None:
    """Who meets what each role needs, on its day: the credentials of everyone signed up to a role that needs
    something, in one query (none when no role does)."""
    needing = [role for role in roles if role.requirements.all()]
    held = defaultdict(list)
    volunteers = {signup.volunteer_id for role in needing for signup in role.all_signups}
    if volunteers:
        for credential in VolunteerCredential.objects.filter(volunteer__in=volunteers):
            held[credential.volunteer_id].append(credential)
    for role in roles:
        needs = list(role.requirements.all())
        for signup in role.all_signups:
            signup.requirement_checks = (
                requirement_checks(requirements=needs, credentials=held[signup.volunteer_id], day=role.day)
                if needs
                else []
            )


def roster_totals(roles: list[VolunteerRole]) -> dict:
    staffed = [role for role in roles if not role.is_panel]
    return {
        "not_arrived": [(role, signup) for role in roles for signup in role.not_arrived],
        "places": sum(role.places for role in staffed),
        "taken": sum(role.taken for role in staffed),
        "confirmed": sum(min(role.confirmed, role.places) for role in staffed),
        "pending": sum(role.pending for role in staffed),
        "gaps": sum(role.unconfirmed for role in staffed if role.has_gap),
        "ahead": any(role.is_ahead for role in roles),
        "hours": sum((role.hours_attended for role in roles), Decimal("0.0")),
    }


def panel_summary(summit) -> dict:
    """The summit's panel as the roster shows it: its seats (the panel's places) and how many are confirmed."""
    seats = list(summit.panel_seats.select_related("volunteer"))
    confirmed = sum(1 for seat in seats if seat.confirmed)
    return {
        "seats": seats,
        "confirmed": confirmed,
        "unconfirmed": len(seats) - confirmed,
        "has_gap": summit.is_open and len(seats) > confirmed,
    }


def volunteer_hours(*, start=None, end=None) -> dict:
    """Hours given by volunteers, for reports: total, per role kind, and the number of people. Counted the one way
    (``commitments.hours_given``): roles and interview slots attended, seats on held summits' panels, appearances
    taken part in; ``start``/``end`` limit by when each started."""
    by_kind = {label: Decimal("0.0") for _, label in RoleKind.choices}
    people = set()
    for commitment in hours_given(start=start, end=end):
        by_kind[RoleKind(commitment.kind).label] += commitment.hours
        people.add(commitment.volunteer_id)
    return {"total": sum(by_kind.values(), Decimal("0.0")), "by_kind": by_kind, "volunteers": len(people)}
