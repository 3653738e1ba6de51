"""A summit's outcome figures, computed in one place: the summit page, the evaluation, the dashboard, the board
report, the workbook, the CSV files and ``export_report`` all read ``summit_outcomes`` (or ``outcome_totals`` over
it), so a figure can never be one thing on one page and another on the next.

What each figure means:

- **attendance** is the head count recorded on "Record outcome" when there is one, else the people checked in at
  the door; ``attendance_basis`` says which ("head count", "check-ins") and is empty when neither is known. The
  tickets and check-ins are always given beside it, and ``attendance_reconciliation`` says how the head count
  differs from them.
- **actual spend** is known only when every budget line has its actual: until then ``actual_spend`` is None and
  ``actuals_note`` says how many lines have one ("actuals incomplete: 1 of 4 lines"). ``actual_recorded`` is the
  sum of the actuals known so far, for whoever enters them.
- **cost per attendee** is the actual spend over the attendance, once both are known; before the summit (or
  while actuals are incomplete) only the *planned* cost per *expected* attendee is given, named as such.
- **survey shares** (seeing the police more positively, would recommend) are given only once the summit's
  survey has ``THRESHOLD`` responses (``btb.suppression``); the response rate is invitations answered over
  invitations sent.
- **interest** is every expression of interest raised at the summit, by how far it has gone.
- **influencers engaged** are the influencers whose engagement was agreed or confirmed, or whose fee was paid
  (a budget line with an actual): every paid fee links to its engagement (``events.services.budget_line_save``).

``summit_outcomes`` takes any queryset of summits and answers in seven queries, however many summits it holds.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.suppression import THRESHOLD, enough_to_show
from events.enums import BudgetCategory, EngagementStatus, SummitStatus
from events.models import BudgetLine, InfluencerEngagement, Summit, TicketHolder
from feedback.enums import InterestStatus
from feedback.models import ExpressionOfInterest, SurveyInvitation, SurveyResponse
from feedback.selectors import answers_for_tally, has_choice
from feedback.services.dispatch import INVITATION
from feedback.survey_template import PERCEPTION

HELD = (SummitStatus.HELD, SummitStatus.EVALUATED)
ENGAGED = (EngagementStatus.AGREED, EngagementStatus.CONFIRMED)
POSITIVE = tuple(PERCEPTION[:2])
RECOMMEND_YES = "Yes"
ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
HEAD_COUNT, CHECK_INS = "head count", "check-ins"
INTEREST_STAGES = (
    ("total", "Expressed interest"),
    ("contacted", "Contacted"),
    ("applied", "Applied"),
    ("joined", "Joined"),
)


def share(part, whole) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def per(total: Decimal | None, people) -> Decimal | None:
    if total is None or not people:
        return None
    return (Decimal(total) / Decimal(people)).quantize(PENNY, rounding=ROUND_HALF_UP)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class SurveyShares:
    """The survey's rate and shares, one rule for a summit and for a period's totals: shares only from
    ``THRESHOLD`` responses (btb.suppression)."""

    @property
    def response_rate(self) -> Decimal | None:
        return share(self.responded, self.invited)

    @property
    def survey_shown(self) -> bool:
        return enough_to_show(self.responses)

    @property
    def more_positive_share(self) -> Decimal | None:
        return share(self.more_positive, self.perception_answers) if self.survey_shown else None

    @property
    def recommend_share(self) -> Decimal | None:
        return share(self.recommend_yes, self.recommend_answers) if self.survey_shown else None

    @property
    def survey_minimum(self) -> int:
        return THRESHOLD


@dataclass(frozen=True)
class SummitOutcome(SurveyShares):
    pk: int
    slug: str
    title: str
    status: str
    status_label: str
    starts_at: datetime | None
    borough: str
    expected: int | None
    catering: int | None
    reach: int | None
    head_count: int | None  # recorded by the coordinator after the day
    tickets: int
    checked_in: int
    budget_lines: int
    lines_with_actual: int
    planned_spend: Decimal
    actual_recorded: Decimal  # the actuals known so far
    influencer_fees_planned: Decimal
    influencers_engaged: int
    invited: int
    responded: int
    responses: int
    perception_answers: int
    more_positive: int
    recommend_answers: int
    recommend_yes: int
    interest: dict = field(default_factory=dict)  # stage -> count: total, contacted, applied, joined, not_proceeding

    # --- state ---

    @property
    def held(self) -> bool:
        return self.status in HELD

    @property
    def cancelled(self) -> bool:
        return self.status == SummitStatus.CANCELLED

    # --- attendance ---

    @property
    def attendance(self) -> int | None:
        if self.head_count is not None:
            return self.head_count
        if self.checked_in:
            return self.checked_in
        return None

    @property
    def attendance_basis(self) -> str:
        if self.head_count is not None:
            return HEAD_COUNT
        return CHECK_INS if self.checked_in else ""

    @property
    def attendance_reconciliation(self) -> str:
        """How the head count stands against the door: empty when the attendance is the check-ins themselves."""
        if self.head_count is None:
            return ""
        parts = []
        if self.tickets:
            parts.append(f"{_plural(self.tickets, 'ticket')} issued")
        parts.append(f"{self.checked_in:,} checked in")
        difference = self.head_count - self.checked_in
        if difference > 0:
            parts.append(f"{difference:,} more counted than checked in (walk-ins or not checked in at the door)")
        elif difference < 0:
            parts.append(f"{-difference:,} fewer counted than checked in: check the head count")
        return "; ".join(parts)

    # --- money ---

    @property
    def actuals_complete(self) -> bool:
        return self.budget_lines > 0 and self.lines_with_actual == self.budget_lines

    @property
    def actual_spend(self) -> Decimal | None:
        return self.actual_recorded if self.actuals_complete else None

    @property
    def actuals_note(self) -> str:
        if not self.budget_lines:
            return "no budget lines"
        if self.actuals_complete:
            return ""
        return f"actuals incomplete: {self.lines_with_actual} of {_plural(self.budget_lines, 'line')}"

    @property
    def spend_difference(self) -> Decimal | None:
        """Actual minus planned: positive is an overspend. Only once every actual is in."""
        if self.actual_spend is None:
            return None
        return self.actual_spend - self.planned_spend

    @property
    def overspend(self) -> bool:
        return self.spend_difference is not None and self.spend_difference > 0

    @property
    def planned_cost_per_expected(self) -> Decimal | None:
        return per(self.planned_spend if self.budget_lines else None, self.expected)

    @property
    def cost_per_attendee(self) -> Decimal | None:
        return per(self.actual_spend, self.attendance)

    @property
    def cost_per_person_reached(self) -> Decimal | None:
        return per(self.actual_spend, self.reach)

    @property
    def planned_cost_per_person_reached(self) -> Decimal | None:
        return per(self.planned_spend if self.budget_lines else None, self.reach)

    # --- survey: SurveyShares ---

    # --- interest ---

    @property
    def interest_total(self) -> int:
        return self.interest.get("total", 0)

    @property
    def interest_stages(self) -> list[tuple[str, int, Decimal | None]]:
        total = self.interest_total
        return [
            (label, self.interest.get(key, 0), share(self.interest.get(key, 0), total))
            for key, label in INTEREST_STAGES
        ]


def _grouped(queryset, key: str, **aggregates) -> dict:
    return {row[key]: row for row in queryset.order_by().values(key).annotate(**aggregates)}


def summit_outcomes(summits: QuerySet[Summit]) -> dict[int, SummitOutcome]:
    """Each summit's outcome by primary key, in the summits' order: seven queries for any number of summits."""
    rows = list(
        summits.order_by("starts_at", "pk").values(
            "pk",
            "slug",
            "title",
            "status",
            "starts_at",
            "borough__name",
            "expected_attendees",
            "catering_headcount",
            "estimated_reach",
            "actual_attendance",
        )
    )
    if not rows:
        return {}
    pks = summits.values("pk")
    tickets = _grouped(
        TicketHolder.objects.filter(summit__in=pks),
        "summit",
        n=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in=True)),
    )
    budget = _grouped(
        BudgetLine.objects.filter(summit__in=pks),
        "summit",
        lines=Count("pk"),
        with_actual=Count("pk", filter=Q(actual__isnull=False)),
        planned_total=Sum("planned"),
        actual_total=Sum("actual"),
        fees=Sum("planned", filter=Q(category=BudgetCategory.INFLUENCER_FEES)),
    )
    paid = BudgetLine.objects.filter(engagement=OuterRef("pk"), actual__gt=0)
    engaged = _grouped(
        InfluencerEngagement.objects.filter(summit__in=pks).filter(Q(status__in=ENGAGED) | Exists(paid)),
        "summit",
        n=Count("influencer", distinct=True),
    )
    sent = OutgoingMail.objects.filter(
        kind=INVITATION,
        status=MailStatus.SENT,
        # Named in the query rather than looked up: the content type's first lookup in a process would be one more
        # query on whichever page asks first.
        about_type__app_label=SurveyInvitation._meta.app_label,
        about_type__model=SurveyInvitation._meta.model_name,
        about_id=OuterRef("pk"),
    )
    invitations = _grouped(
        SurveyInvitation.objects.filter(survey__summit__in=pks).annotate(sent=Exists(sent)),
        "survey__summit",
        invited=Count("pk", filter=Q(sent=True)),
        responded=Count("use"),
    )
    responses = _grouped(SurveyResponse.objects.filter(survey__summit__in=pks), "survey__summit", n=Count("pk"))
    perception, recommend = Q(question__key="perception"), Q(question__key="recommend")
    positive = Q()
    for label in POSITIVE:
        positive |= has_choice(label)
    answers = _grouped(
        answers_for_tally().filter(response__survey__summit__in=pks),
        "response__survey__summit",
        perception=Count("pk", filter=perception),
        positive=Count("pk", filter=perception & positive),
        recommend=Count("pk", filter=recommend),
        recommend_yes=Count("pk", filter=recommend & has_choice(RECOMMEND_YES)),
    )
    stages = {
        "contacted": (InterestStatus.CONTACTED, InterestStatus.APPLIED, InterestStatus.JOINED),
        "applied": (InterestStatus.APPLIED, InterestStatus.JOINED),
        "joined": (InterestStatus.JOINED,),
        "not_proceeding": (InterestStatus.NOT_PROCEEDING,),
    }
    interests = _grouped(
        ExpressionOfInterest.objects.filter(summit__in=pks),
        "summit",
        total=Count("pk"),
        **{stage: Count("pk", filter=Q(status__in=statuses)) for stage, statuses in stages.items()},
    )
    labels = dict(SummitStatus.choices)
    outcomes = {}
    for row in rows:
        pk = row["pk"]
        t, b = tickets.get(pk, {}), budget.get(pk, {})
        inv, a = invitations.get(pk, {}), answers.get(pk, {})
        interest = interests.get(pk, {})
        outcomes[pk] = SummitOutcome(
            pk=pk,
            slug=row["slug"],
            title=row["title"],
            status=row["status"],
            status_label=labels.get(row["status"], row["status"]),
            starts_at=row["starts_at"],
            borough=row["borough__name"] or "",
            expected=row["expected_attendees"],
            catering=row["catering_headcount"],
            reach=row["estimated_reach"],
            head_count=row["actual_attendance"],
            tickets=t.get("n", 0),
            checked_in=t.get("checked_in", 0),
            budget_lines=b.get("lines", 0),
            lines_with_actual=b.get("with_actual", 0),
            planned_spend=(b.get("planned_total") or ZERO).quantize(PENNY),
            actual_recorded=(b.get("actual_total") or ZERO).quantize(PENNY),
            influencer_fees_planned=(b.get("fees") or ZERO).quantize(PENNY),
            influencers_engaged=engaged.get(pk, {}).get("n", 0),
            invited=inv.get("invited", 0),
            responded=inv.get("responded", 0),
            responses=responses.get(pk, {}).get("n", 0),
            perception_answers=a.get("perception", 0),
            more_positive=a.get("positive", 0),
            recommend_answers=a.get("recommend", 0),
            recommend_yes=a.get("recommend_yes", 0),
            interest={key: interest.get(key, 0) for key in ("total", *stages)},
        )
    return outcomes


def iter_summit_outcomes(summits: QuerySet[Summit], *, limit: int | None = None, chunk_size: int = 1_000):
    """The outcomes of ``summits`` in date order, ``chunk_size`` summits at a time (seven queries a chunk), so a
    download of every summit never holds them all; ``limit`` keeps the first ones only (a page)."""
    pks = summits.order_by("starts_at", "pk").values_list("pk", flat=True)
    pks = list(pks[:limit] if limit is not None else pks)
    for start in range(0, len(pks), chunk_size):
        yield from summit_outcomes(Summit.objects.filter(pk__in=pks[start : start + chunk_size])).values()


def summit_outcome(summit: Summit) -> SummitOutcome:
    """One summit's outcome (``summit_outcomes`` of one)."""
    return summit_outcomes(Summit.objects.filter(pk=summit.pk))[summit.pk]


@dataclass(frozen=True)
class OutcomeTotals(SurveyShares):
    """The outcomes of several summits (a period's summits held) added up, each on the same basis as per summit."""

    summits: int
    expected: int
    tickets: int
    checked_in: int
    attendance: int
    by_head_count: int  # summits whose attendance is a head count
    by_check_ins: int
    attendance_unknown: int
    reach: int
    planned_spend: Decimal
    actual_recorded: Decimal
    summits_with_budget: int
    summits_actuals_complete: int
    costed_spend: Decimal  # actual spend of the summits with full actuals and an attendance
    costed_attendance: int
    costed_summits: int
    invited: int
    responded: int
    responses: int
    perception_answers: int
    more_positive: int
    recommend_answers: int
    recommend_yes: int
    influencers_engaged: int
    interest: dict

    @property
    def actuals_complete(self) -> bool:
        return self.summits_with_budget > 0 and self.summits_actuals_complete == self.summits_with_budget

    @property
    def actual_spend(self) -> Decimal | None:
        return self.actual_recorded if self.actuals_complete else None

    @property
    def actuals_note(self) -> str:
        if not self.summits_with_budget or self.actuals_complete:
            return ""
        return (
            f"actuals incomplete: {self.summits_actuals_complete} of "
            f"{_plural(self.summits_with_budget, 'summit')} have every actual"
        )

    @property
    def attendance_basis(self) -> str:
        parts = []
        if self.by_head_count:
            parts.append(f"{_plural(self.by_head_count, 'summit')} by head count")
        if self.by_check_ins:
            parts.append(f"{self.by_check_ins:,} by check-ins")
        if self.attendance_unknown:
            parts.append(f"{self.attendance_unknown:,} not recorded")
        return ", ".join(parts)

    @property
    def cost_per_attendee(self) -> Decimal | None:
        return per(self.costed_spend, self.costed_attendance) if self.costed_summits else None

    @property
    def cost_basis(self) -> str:
        if not self.costed_summits:
            return ""
        return f"from {self.costed_summits:,} of {_plural(self.summits, 'summit')} with every actual and an attendance"


def outcome_totals(outcomes: Iterable[SummitOutcome]) -> OutcomeTotals:
    """The sum of ``outcomes`` (influencers engaged counted per summit: an influencer at two summits counts twice;
    the dashboard's distinct count is ``selectors.people_figures``)."""
    outcomes = list(outcomes)
    costed = [o for o in outcomes if o.cost_per_attendee is not None]
    interest = {}
    for outcome in outcomes:
        for key, value in outcome.interest.items():
            interest[key] = interest.get(key, 0) + value
    return OutcomeTotals(
        summits=len(outcomes),
        expected=sum(o.expected or 0 for o in outcomes),
        tickets=sum(o.tickets for o in outcomes),
        checked_in=sum(o.checked_in for o in outcomes),
        attendance=sum(o.attendance or 0 for o in outcomes),
        by_head_count=sum(o.attendance_basis == HEAD_COUNT for o in outcomes),
        by_check_ins=sum(o.attendance_basis == CHECK_INS for o in outcomes),
        attendance_unknown=sum(o.attendance is None for o in outcomes),
        reach=sum(o.reach or 0 for o in outcomes),
        planned_spend=sum((o.planned_spend for o in outcomes), ZERO),
        actual_recorded=sum((o.actual_recorded for o in outcomes), ZERO),
        summits_with_budget=sum(o.budget_lines > 0 for o in outcomes),
        summits_actuals_complete=sum(o.actuals_complete for o in outcomes),
        costed_spend=sum((o.actual_spend for o in costed), ZERO),
        costed_attendance=sum(o.attendance for o in costed),
        costed_summits=len(costed),
        invited=sum(o.invited for o in outcomes),
        responded=sum(o.responded for o in outcomes),
        responses=sum(o.responses for o in outcomes),
        perception_answers=sum(o.perception_answers for o in outcomes),
        more_positive=sum(o.more_positive for o in outcomes),
        recommend_answers=sum(o.recommend_answers for o in outcomes),
        recommend_yes=sum(o.recommend_yes for o in outcomes),
        influencers_engaged=sum(o.influencers_engaged for o in outcomes),
        interest=interest,
    )
