"""Every figure of the reports, computed in the database (aggregates with filters, subqueries, TruncMonth).

Each function takes a ``ReportFilter`` (see ``reports.periods`` for what the period, borough and community mean)
and runs a fixed number of queries, however many rows there are.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_noop

from btb.accounts.enums import AgeBand, Ethnicity, Gender
from btb.accounts.models import VolunteerProfile
from btb.aggregates import cached_aggregate
from btb.suppression import THRESHOLD, enough_to_show, suppress
from events.enums import BudgetCategory
from events.models import BudgetLine, InfluencerEngagement, PanelSeat, SignUp, Summit
from events.volunteering.commitments import hours_given, total_hours
from events.volunteering.enums import Attendance
from feedback.enums import InterestSource, InterestStatus
from feedback.models import ExpressionOfInterest, InfluencerDebrief, SurveyResponse
from feedback.selectors import TEXTS_SHOWN, answers_for_tally, has_choice, latest_texts, question_tallies
from influencers.models import Influencer
from media_appearances.enums import AppearanceStatus, OutletKind
from media_appearances.models import Appearance, AppearanceParticipant, MetricSnapshot, Outlet

from .outcomes import (
    ENGAGED,
    HELD,
    OutcomeTotals,
    outcome_totals,
    summit_outcomes,
)
from .periods import LONDON, ReportFilter

TOOK_PLACE = (AppearanceStatus.RECORDED, AppearanceStatus.PUBLISHED)
NOT_STATED = "Not stated"
NOT_ANSWERED = "Not answered"
MONEY = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")
FOLLOWED_DAYS = 90

# The characteristics reported in aggregate: (profile field or survey question key, heading, choices).
CHARACTERISTICS = (
    ("ethnicity", "Ethnicity", Ethnicity),
    ("gender", "Gender", Gender),
    ("age_band", "Age", AgeBand),
)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _money(value) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


# --- What passes the filters ----------------------------------------------------------------------------------------


def filter_key(f: ReportFilter) -> tuple:
    """What identifies a filter's figures in the aggregate cache."""
    return (f.start, f.end, getattr(f.borough, "pk", None), getattr(f.community, "pk", None))


def summits_where(f: ReportFilter) -> QuerySet[Summit]:
    """Summits in the filter's place, any date and status."""
    summits = Summit.objects.all()
    if f.borough is not None:
        summits = summits.filter(borough=f.borough)
    if f.community is not None:
        summits = summits.filter(
            Exists(Summit.target_communities.through.objects.filter(summit=OuterRef("pk"), community=f.community))
        )
    return summits


def appearances_where(f: ReportFilter) -> QuerySet[Appearance]:
    """Appearances in the filter's place (through the participants' boroughs and the outlet's communities)."""
    appearances = Appearance.objects.all()
    if f.borough is not None:
        appearances = appearances.filter(
            Exists(AppearanceParticipant.objects.filter(appearance=OuterRef("pk"), volunteer__borough=f.borough))
        )
    if f.community is not None:
        appearances = appearances.filter(
            Exists(Outlet.communities.through.objects.filter(outlet=OuterRef("outlet"), community=f.community))
        )
    return appearances


def summits_in(f: ReportFilter) -> QuerySet[Summit]:
    """Summits held (or evaluated) that started in the period, in the filter's place."""
    return summits_where(f).filter(status__in=HELD, starts_at__gte=f.start_at, starts_at__lt=f.end_at)


def appearances_in(f: ReportFilter) -> QuerySet[Appearance]:
    """Media appearances recorded or published that started in the period, in the filter's place."""
    return appearances_where(f).filter(status__in=TOOK_PLACE, starts_at__gte=f.start_at, starts_at__lt=f.end_at)


def interests_in(f: ReportFilter) -> QuerySet[ExpressionOfInterest]:
    interests = ExpressionOfInterest.objects.filter(created_at__gte=f.start_at, created_at__lt=f.end_at)
    if f.borough is not None or f.community is not None:
        interests = interests.filter(
            Q(summit__in=summits_where(f).values("pk")) | Q(appearance__in=appearances_where(f).values("pk"))
        )
    return interests


def people_taking_part(f: ReportFilter) -> QuerySet[VolunteerProfile]:
    """Distinct officers and staff who took part: on an appearance, on a summit's panel, or attending a volunteer
    role at a summit or an interview slot of an appearance, all within the filters."""
    summits = summits_in(f).values("pk")
    appearances = appearances_in(f).values("pk")
    return VolunteerProfile.objects.filter(
        Exists(AppearanceParticipant.objects.filter(volunteer=OuterRef("pk"), appearance__in=appearances))
        | Exists(PanelSeat.objects.filter(volunteer=OuterRef("pk"), summit__in=summits))
        | Exists(
            SignUp.objects.filter(volunteer=OuterRef("pk"), attendance=Attendance.ATTENDED).filter(
                Q(role__summit__in=summits) | Q(role__appearance__in=appearances)
            )
        )
    )


def _latest_snapshots(appearances: QuerySet) -> QuerySet[MetricSnapshot]:
    latest = MetricSnapshot.objects.filter(appearance=OuterRef("appearance")).order_by("-recorded_on", "-pk")
    return MetricSnapshot.objects.filter(appearance__in=appearances.values("pk"), pk=Subquery(latest.values("pk")[:1]))


# --- The dashboard ----------------------------------------------------------------------------------------------------


def period_outcomes(f: ReportFilter) -> dict:
    """The outcome of each summit held in the period (``outcomes.summit_outcomes``), in date order."""
    return summit_outcomes(summits_in(f))


def period_totals(f: ReportFilter, outcomes: dict | None = None) -> OutcomeTotals:
    return outcome_totals((period_outcomes(f) if outcomes is None else outcomes).values())


def summit_figures(f: ReportFilter, totals: OutcomeTotals | None = None) -> dict:
    """The summits held in the period, added up from their outcomes: attendance is each summit's head count, else
    its check-ins (``attendance_basis`` says how many of each)."""
    totals = period_totals(f) if totals is None else totals
    return {
        "held": totals.summits,
        "expected": totals.expected,
        "attendance": totals.attendance,
        "attendance_basis": totals.attendance_basis,
        "reach": totals.reach,
        "tickets": totals.tickets,
        "checked_in": totals.checked_in,
    }


def media_figures(f: ReportFilter) -> dict:
    """Appearances by outlet kind, with the views, likes and comments of each appearance's latest snapshot."""
    appearances = appearances_in(f)
    counts = {
        row["outlet__kind"]: row
        for row in appearances.values("outlet__kind").annotate(
            appearances=Count("pk"), cost=Sum("cost"), officer_hours=Sum("officer_hours")
        )
    }
    metrics = {
        row["appearance__outlet__kind"]: row
        for row in _latest_snapshots(appearances)
        .values("appearance__outlet__kind")
        .annotate(views=Sum("views"), likes=Sum("likes"), comments=Sum("comments"))
    }
    rows = []
    for kind, label in OutletKind.choices:
        if kind not in counts:
            continue
        metric = metrics.get(kind, {})
        rows.append(
            {
                "kind": label,
                "appearances": counts[kind]["appearances"],
                "views": metric.get("views") or 0,
                "likes": metric.get("likes") or 0,
                "comments": metric.get("comments") or 0,
            }
        )
    return {
        "by_kind": rows,
        "appearances": sum(row["appearances"] for row in rows),
        "views": sum(row["views"] for row in rows),
        "likes": sum(row["likes"] for row in rows),
        "comments": sum(row["comments"] for row in rows),
        "cost": _money(sum((row["cost"] or ZERO for row in counts.values()), ZERO)),
        "officer_hours": sum((row["officer_hours"] or Decimal("0") for row in counts.values()), Decimal("0.0")),
    }


def people_figures(f: ReportFilter) -> dict:
    summits = summits_in(f).values("pk")
    appearances = appearances_in(f).values("pk")
    people = people_taking_part(f)
    # Volunteers' time counted the one way: roles and slots attended, panel seats, appearances taken part in.
    hours = total_hours(hours_given(summits=summits, appearances=appearances))
    # Engaged: agreed or confirmed, or paid (a fee line with an actual), as in each summit's outcome.
    paid = BudgetLine.objects.filter(engagement=OuterRef("pk"), actual__gt=0)
    engagements = InfluencerEngagement.objects.filter(summit__in=summits).filter(Q(status__in=ENGAGED) | Exists(paid))
    influencers = Influencer.objects.filter(
        Exists(engagements.filter(influencer=OuterRef("pk")))
        | Exists(Appearance.objects.filter(influencer=OuterRef("pk"), pk__in=appearances))
    )
    counts = _officer_counts(people)  # the count and the breakdown in one pass over the people
    return {
        "people": counts["total"],
        "volunteer_hours": hours,
        "influencers": influencers.count(),
        "diversity": _officer_breakdown(counts),
    }


def _officer_counts(people: QuerySet[VolunteerProfile]) -> dict:
    aggregates = {"total": Count("pk")}
    for field, _, choices in CHARACTERISTICS:
        for value, _ in choices.choices:
            aggregates[f"{field}__{value}"] = Count("pk", filter=Q(**{field: value}))
        aggregates[f"{field}__"] = Count("pk", filter=Q(**{field: ""}))
    return people.aggregate(**aggregates)


def officer_diversity(f: ReportFilter) -> list[dict]:
    """Officers and staff taking part by ethnicity, gender and age band, suppressed (one query)."""
    return _officer_breakdown(_officer_counts(people_taking_part(f)))


def _officer_breakdown(counts: dict) -> list[dict]:
    return [
        {
            "characteristic": heading,
            "cells": suppress(
                [(label, counts[f"{field}__{value}"]) for value, label in choices.choices]
                + [(NOT_STATED, counts[f"{field}__"])]
            ),
        }
        for field, heading, choices in CHARACTERISTICS
    ]


def spend_figures(f: ReportFilter, totals: OutcomeTotals | None = None) -> dict:
    """Summit budgets by category, the summits' actuals recorded so far (``actuals_note`` when some lines still
    have none) and the media costs. The cost per attendee is that of the summits with every actual and an
    attendance (``cost_basis``), as on each summit's page."""
    totals = period_totals(f) if totals is None else totals
    summits = summits_in(f).values("pk")
    lines = BudgetLine.objects.filter(summit__in=summits)
    by_category = {
        row["category"]: row
        for row in lines.values("category").annotate(
            planned_sum=Sum("planned"),
            actual_sum=Sum("actual"),
            lines=Count("pk"),
            with_actual=Count("pk", filter=Q(actual__isnull=False)),
        )
    }
    categories = [
        {
            "category": label,
            "planned": _money(by_category[value]["planned_sum"]),
            "actual": _money(by_category[value]["actual_sum"]),
            "complete": by_category[value]["lines"] == by_category[value]["with_actual"],
        }
        for value, label in BudgetCategory.choices
        if value in by_category
    ]
    media_cost = _money(appearances_in(f).aggregate(cost=Sum("cost"))["cost"])
    summit_actual = _money(totals.actual_recorded)
    return {
        "by_category": categories,
        "summit_planned": _money(totals.planned_spend),
        "summit_actual": summit_actual,
        "actuals_complete": totals.actuals_complete,
        "actuals_note": totals.actuals_note,
        "media_cost": media_cost,
        "total": summit_actual + media_cost,
        "attendance": totals.attendance,
        "cost_per_attendee": totals.cost_per_attendee,
        "cost_basis": totals.cost_basis,
    }


def survey_figures(f: ReportFilter, totals: OutcomeTotals | None = None) -> dict:
    """The period's survey figures, added up from the summits' outcomes. The shares (more positive, would
    recommend) are given only once the period has ``THRESHOLD`` responses, as on each summit's evaluation."""
    totals = period_totals(f) if totals is None else totals
    return {
        "invited": totals.invited,
        "responded": totals.responded,
        "response_rate": totals.response_rate,
        "responses": totals.responses,
        "shown": totals.survey_shown,
        "minimum": THRESHOLD,
        "perception_answers": totals.perception_answers if totals.survey_shown else None,
        "more_positive": totals.more_positive if totals.survey_shown else None,
        "more_positive_share": totals.more_positive_share,
        "recommend_answers": totals.recommend_answers if totals.survey_shown else None,
        "recommend_yes": totals.recommend_yes if totals.survey_shown else None,
        "recommend_share": totals.recommend_share,
        "diversity": respondent_diversity(f, responses=totals.responses),
    }


def respondent_diversity(f: ReportFilter, responses: int | None = None) -> list[dict]:
    """Survey respondents by the optional "about you" answers, suppressed; "Not answered" makes up the total."""
    summits = summits_in(f).values("pk")
    if responses is None:
        responses = SurveyResponse.objects.filter(survey__summit__in=summits).count()
    aggregates = {}
    for key, _, choices in CHARACTERISTICS:
        aggregates[f"{key}__answered"] = Count("response", distinct=True, filter=Q(question__key=key))
        for value, label in choices.choices:
            aggregates[f"{key}__{value}"] = Count("pk", filter=Q(question__key=key) & has_choice(label))
    about_you = answers_for_tally().filter(response__survey__summit__in=summits, question__about_you=True)
    counts = about_you.aggregate(**aggregates)
    return [
        {
            "characteristic": heading,
            "cells": suppress(
                [(label, counts[f"{key}__{value}"]) for value, label in choices.choices]
                + [(NOT_ANSWERED, responses - counts[f"{key}__answered"])]
            ),
        }
        for key, heading, choices in CHARACTERISTICS
    ]


def interest_figures(f: ReportFilter) -> dict:
    stages = {
        "contacted": (InterestStatus.CONTACTED, InterestStatus.APPLIED, InterestStatus.JOINED),
        "applied": (InterestStatus.APPLIED, InterestStatus.JOINED),
        "joined": (InterestStatus.JOINED,),
    }
    interests = interests_in(f)
    aggregates = {"total": Count("pk"), "not_proceeding": Count("pk", filter=Q(status=InterestStatus.NOT_PROCEEDING))}
    aggregates.update({stage: Count("pk", filter=Q(status__in=statuses)) for stage, statuses in stages.items()})
    aggregates.update({f"source_{value}": Count("pk", filter=Q(source=value)) for value, _ in InterestSource.choices})
    counts = interests.aggregate(**aggregates)
    return {
        "total": counts["total"],
        "funnel": [
            {
                "stage": "Expressed interest",
                "count": counts["total"],
                "share": percent(counts["total"], counts["total"]),
            },
            *(
                {"stage": label, "count": counts[stage], "share": percent(counts[stage], counts["total"])}
                for stage, label in (("contacted", "Contacted"), ("applied", "Applied"), ("joined", "Joined"))
            ),
        ],
        "contacted": counts["contacted"],
        "applied": counts["applied"],
        "joined": counts["joined"],
        "not_proceeding": counts["not_proceeding"],
        "by_source": [{"source": label, "count": counts[f"source_{value}"]} for value, label in InterestSource.choices],
    }


def _months(f: ReportFilter) -> list[date]:
    months, month = [], f.start.replace(day=1)
    while month < f.end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _by_month(queryset, field: str, **aggregates) -> dict:
    rows = (
        queryset.annotate(month=TruncMonth(field, tzinfo=LONDON))
        .values("month")
        .annotate(**aggregates)
        .order_by("month")
    )
    return {row["month"].date() if hasattr(row["month"], "date") else row["month"]: row for row in rows}


def monthly_trends(f: ReportFilter, outcomes: dict | None = None) -> list[dict]:
    """Each series month by month over the period: summits held and their attendance (from their outcomes),
    media appearances, expressions of interest and spend (summit actuals recorded plus appearance costs)."""
    months = _months(f)
    outcomes = period_outcomes(f) if outcomes is None else outcomes
    summits = {}
    for outcome in outcomes.values():
        month = timezone.localtime(outcome.starts_at, LONDON).date().replace(day=1)
        counts = summits.setdefault(month, {"held": 0, "attendance": 0})
        counts["held"] += 1
        counts["attendance"] += outcome.attendance or 0
    spend = _by_month(
        BudgetLine.objects.filter(summit__in=summits_in(f).values("pk")),
        "summit__starts_at",
        total=Coalesce(Sum("actual"), Value(ZERO), output_field=MONEY),
    )
    appearances = _by_month(
        appearances_in(f), "starts_at", n=Count("pk"), cost=Coalesce(Sum("cost"), Value(ZERO), output_field=MONEY)
    )
    interests = _by_month(interests_in(f), "created_at", n=Count("pk"))

    def series(title, unit, values, money=False):
        return {"title": title, "unit": unit, "money": money, "points": list(zip(months, values, strict=True))}

    return [
        series(gettext_noop("Summits held"), "summits", [summits.get(m, {}).get("held", 0) for m in months]),
        series(gettext_noop("Summit attendance"), "people", [summits.get(m, {}).get("attendance", 0) for m in months]),
        series(gettext_noop("Media appearances"), "appearances", [appearances.get(m, {}).get("n", 0) for m in months]),
        series(gettext_noop("Expressions of interest"), "people", [interests.get(m, {}).get("n", 0) for m in months]),
        series(
            gettext_noop("Spend"),
            "£",
            [
                _money(spend.get(m, {}).get("total", ZERO)) + _money(appearances.get(m, {}).get("cost", ZERO))
                for m in months
            ],
            money=True,
        ),
    ]


def headline(f: ReportFilter) -> dict:
    """The few figures of the home panel."""
    summits = summit_figures(f)
    return {
        "summits": summits["held"],
        "attendance": summits["attendance"],
        "reach": summits["reach"],
        "appearances": appearances_in(f).count(),
        "interest": interests_in(f).count(),
    }


def dashboard(f: ReportFilter) -> dict:
    """Every figure of the dashboard and the board report; the summits' come from their outcomes, computed once."""
    outcomes = period_outcomes(f)
    totals = outcome_totals(outcomes.values())
    return {
        "filter": f,
        "totals": totals,
        "summits": summit_figures(f, totals),
        "media": media_figures(f),
        "people": people_figures(f),
        "spend": spend_figures(f, totals),
        "survey": survey_figures(f, totals),
        "interest": interest_figures(f),
        "trends": monthly_trends(f, outcomes),
    }


# --- Lists for the board report and the workbook --------------------------------------------------------------------


def _count_of(queryset, key: str = "summit"):
    # COUNT(*) rather than COUNT(id): a count the index on the key (and filter) answers without reading rows.
    count = queryset.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def appearance_rows(f: ReportFilter) -> QuerySet[Appearance]:
    """The appearances of the period with their latest snapshot's figures (one query)."""
    latest = MetricSnapshot.objects.filter(appearance=OuterRef("pk")).order_by("-recorded_on", "-pk")
    return (
        appearances_in(f)
        .select_related("outlet")
        .annotate(
            latest_views=Subquery(latest.values("views")[:1]),
            latest_likes=Subquery(latest.values("likes")[:1]),
            latest_comments=Subquery(latest.values("comments")[:1]),
            participant_count=_count_of(AppearanceParticipant.objects.all(), key="appearance"),
        )
        .order_by("starts_at", "pk")
    )


# --- The per-summit evaluation --------------------------------------------------------------------------------------


def summit_budget(summit: Summit) -> dict:
    """The budget by category: planned, the actuals recorded, and the difference only where every line of the
    category has its actual (the totals are the summit's outcome's)."""
    rows = list(
        summit.budget_lines.order_by()
        .values("category")
        .annotate(
            planned_sum=Sum("planned"),
            actual_sum=Sum("actual"),
            lines=Count("pk"),
            with_actual=Count("pk", filter=Q(actual__isnull=False)),
        )
        .order_by("category")
    )
    labels = dict(BudgetCategory.choices)
    categories = []
    for row in rows:
        complete = row["lines"] == row["with_actual"]
        categories.append(
            {
                "category": labels.get(row["category"], row["category"]),
                "planned": _money(row["planned_sum"]),
                "actual": _money(row["actual_sum"]) if complete else None,
                "actual_recorded": _money(row["actual_sum"]) if row["with_actual"] else None,
                "lines": row["lines"],
                "with_actual": row["with_actual"],
                "difference": _money(row["actual_sum"]) - _money(row["planned_sum"]) if complete else None,
            }
        )
    return {"categories": categories}


def summit_survey(summit: Summit, *, include_hidden: bool) -> dict | None:
    """The survey's questions with their answers in aggregate (``question_tallies``, as on the survey page) and the
    latest ``TEXTS_SHOWN`` free-text answers of each text question (one query each) with their total, without the
    comments hidden from the report unless ``include_hidden``. Below the suppression threshold of responses, no
    result at all (``withheld``): with two or three people answering, a tally or a comment points to its author."""
    survey = getattr(summit, "survey", None)
    if survey is None:
        return None
    responses = survey.responses.count()
    if not enough_to_show(responses):
        return {"survey": survey, "results": [], "withheld": True, "responses": responses, "minimum": THRESHOLD}
    questions = [question for question in survey.questions.all() if not question.about_you]
    hidden = Exists(_hidden_model().objects.filter(answer=OuterRef("pk")))
    answers = answers_for_tally().filter(response__survey=survey).annotate(hidden=hidden)
    results = question_tallies(questions, answers, shown_texts=None if include_hidden else Q(hidden=False))
    for result in results:
        if "text_count" in result:
            latest = latest_texts(survey, result["question"]).annotate(hidden=hidden).select_related("question")
            if not include_hidden:
                latest = latest.filter(hidden=False)
            result["texts"] = list(latest[:TEXTS_SHOWN]) if result["text_count"] else []
        for label, count in result.get("tally", []):
            result.setdefault("shares", []).append((label, count, percent(count, result["count"])))
    return {"survey": survey, "results": results, "withheld": False, "responses": responses, "minimum": THRESHOLD}


def _hidden_model():
    from .models import HiddenComment

    return HiddenComment


def summit_debriefs(summit: Summit) -> list[InfluencerDebrief]:
    return list(
        summit.debriefs.filter(submitted_at__isnull=False).select_related("influencer").order_by("submitted_at")
    )


def media_followed(summit: Summit, now=None) -> QuerySet[Appearance]:
    """Appearances that took place (recorded or published) after the summit, up to today and within 90 days of it,
    that grew from it: presented by an influencer engaged for it, with an officer who sat on its panel, or on an
    outlet serving one of its target communities. One planned for next week has not followed anything yet."""
    if summit.starts_at is None:
        return Appearance.objects.none()
    now = now or timezone.now()
    after = summit.ends_at or summit.starts_at
    latest = MetricSnapshot.objects.filter(appearance=OuterRef("pk")).order_by("-recorded_on", "-pk")
    communities = summit.target_communities.through.objects.filter(summit=summit).values("community")
    return (
        Appearance.objects.filter(status__in=TOOK_PLACE)
        .filter(
            starts_at__gte=after, starts_at__lte=now, starts_at__lt=summit.starts_at + timedelta(days=FOLLOWED_DAYS)
        )
        .filter(
            Q(influencer__in=summit.engagements.filter(status__in=ENGAGED).values("influencer"))
            | Exists(
                AppearanceParticipant.objects.filter(
                    appearance=OuterRef("pk"), volunteer__in=summit.panel_seats.values("volunteer")
                )
            )
            | Exists(Outlet.communities.through.objects.filter(outlet=OuterRef("outlet"), community__in=communities))
        )
        .select_related("outlet")
        .annotate(
            latest_views=Subquery(latest.values("views")[:1]),
            latest_likes=Subquery(latest.values("likes")[:1]),
            latest_comments=Subquery(latest.values("comments")[:1]),
        )
        .order_by("starts_at", "pk")
    )


MEDIA_SHOWN = 25


def summit_evaluation(summit: Summit, *, include_hidden: bool) -> dict:
    from .rollup import summit_outcome  # the cached one; rollup builds on this module

    media = media_followed(summit)
    shown = list(media[:MEDIA_SHOWN])
    return {
        "outcome": summit_outcome(summit),
        "budget": summit_budget(summit),
        "survey": cached_aggregate(
            "reports.summit_survey",
            (summit.pk, include_hidden),
            lambda: summit_survey(summit, include_hidden=include_hidden),
        ),
        "debriefs": summit_debriefs(summit),
        "media": shown,
        "media_total": media.order_by().count(),  # always counted: as many queries at any size
    }
