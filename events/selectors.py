"""Reads for the summit pages, with what each page needs already fetched."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from btb.accounts.enums import AgeBand, Ethnicity, Gender
from btb.suppression import THRESHOLD, suppressed_pairs

from .enums import ACTIVE_STATUSES
from .models import BudgetLine, InfluencerEngagement, PanelSeat, PlanningTask, Stall, Summit, Venue
from .rules import can_read

PENNY = Decimal("0.01")


def summits_visible_to(user) -> QuerySet[Summit]:
    """Summits this user may read: all of them for coordinators, oversight and administrators; none otherwise."""
    if not can_read(user):
        return Summit.objects.none()
    return Summit.objects.select_related("borough", "venue", "lead_coordinator")


def summit_list(*, user) -> QuerySet[Summit]:
    """The summits ``user`` may see, latest first, with their overdue tasks counted (``filters.SummitFilter``
    narrows them)."""
    today = timezone.localdate()
    # A correlated count rather than a join and GROUP BY: only the page's twenty summits are counted, not all of them.
    overdue = (
        PlanningTask.objects.filter(summit=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
        .order_by()
        .values("summit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    summits = summits_visible_to(user).annotate(
        overdue_count=Case(
            When(status__in=ACTIVE_STATUSES, then=Coalesce(Subquery(overdue), 0)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    return summits.order_by("-starts_at", "-pk")


def summit_for_page(summits: QuerySet[Summit]) -> QuerySet[Summit]:
    """Everything the summit page shows, in a fixed number of queries."""
    return summits.select_related(
        "risk_assessment__decided_by", "risk_assessment__submitted_by", "question_set", "copied_from"
    ).prefetch_related(
        "target_communities",
        Prefetch("tasks", queryset=PlanningTask.objects.select_related("owner")),
        Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("influencer", "engagement__influencer")),
        Prefetch("engagements", queryset=InfluencerEngagement.objects.select_related("influencer")),
        Prefetch("panel_seats", queryset=PanelSeat.objects.select_related("volunteer")),
        Prefetch("stalls", queryset=Stall.objects.select_related("unit")),
    )


def venues_visible_to(user) -> QuerySet[Venue]:
    if not can_read(user):
        return Venue.objects.none()
    return Venue.objects.select_related("borough").annotate(summit_count=Count("summits"))


# A panel's members are named on the same page, so its composition is a breakdown of known people. Below twice the
# suppression threshold every cell would be hidden anyway; from there on, cells under the threshold are hidden by the
# same rule as every other breakdown, so adding one member and comparing never reveals her characteristics from a
# cell of one.
PANEL_COMPOSITION_MINIMUM = 2 * THRESHOLD
NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Composition:
    shown: bool
    size: int
    minimum: int
    groups: dict  # field label -> list of (label, shown text), suppressed


def panel_composition(seats) -> Composition:
    """The confirmed panel's diversity, from voluntary answers, in aggregate only and suppressed (every choice is
    listed, so an absent row says nothing either). An empty answer counts as “Not stated”; no person is named."""
    confirmed = [seat.volunteer for seat in seats if seat.confirmed]
    size = len(confirmed)
    if size < PANEL_COMPOSITION_MINIMUM:
        return Composition(False, size, PANEL_COMPOSITION_MINIMUM, {})
    groups = {}
    for field, choices in (("ethnicity", Ethnicity), ("gender", Gender), ("age_band", AgeBand)):
        counts = Counter(getattr(profile, field) or "" for profile in confirmed)
        cells = [(choice.label, counts[choice.value]) for choice in choices] + [(NOT_STATED, counts[""])]
        groups[{"age_band": "Age"}.get(field, field.capitalize())] = suppressed_pairs(cells)
    return Composition(True, size, PANEL_COMPOSITION_MINIMUM, groups)


def overdue_tasks(*, user=None, limit=None) -> QuerySet[PlanningTask]:
    """Tasks past their due date on summits still being planned; a user's own (owned, or on summits they lead)."""
    tasks = PlanningTask.objects.select_related("summit", "owner").filter(
        done_at__isnull=True, due_on__lt=timezone.localdate(), summit__status__in=ACTIVE_STATUSES
    )
    if user is not None:
        tasks = tasks.filter(Q(owner=user) | Q(summit__lead_coordinator=user))
    tasks = tasks.order_by("due_on", "pk")
    return tasks[:limit] if limit else tasks
