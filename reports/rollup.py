"""The dashboard's figures for a period, put together from parts cached by what they read, so that the first request
after a change recomputes only what the change touched (issue 17, item 8).

``selectors.dashboard(f)`` computes every figure afresh; ``dashboard(f)`` returns the same dictionary from:

- the period's summits (one query, never cached: which summits are in the period, their expected attendance,
  attendance, reach and month come from their own rows);
- each summit's counts (tickets, check-ins, budget by category, the survey's invitations, responses and tallies,
  respondents by characteristic before suppression), cached per summit under its ``summit:``/``survey:`` scopes:
  a change to one summit's tickets, budget or survey recomputes that summit alone;
- media, people taking part and interest, each cached under the models it reads (people also under the list of the
  period's summits).

Sums of per-summit counts are the period's counts: a ticket, a budget line, an invitation and a response belong to
one summit. Shares and suppression are worked out on the sums, as ``selectors`` does.
"""

import hashlib
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from btb.aggregates import (
    cached_aggregate,
    cached_aggregates,
    generations,
    model_scope,
    scopes_of,
    summit_scope,
    survey_scope,
)
from btb.suppression import suppress
from events.enums import BudgetCategory
from events.models import BudgetLine, TicketHolder
from feedback.enums import DeliveryStatus
from feedback.models import SurveyInvitation, SurveyResponse
from feedback.selectors import answers_for_tally, has_choice

from . import selectors
from .periods import LONDON, ReportFilter

MEDIA_SCOPES = tuple(
    model_scope(label)
    for label in (
        "media_appearances.appearance",
        "media_appearances.appearanceparticipant",
        "media_appearances.metricsnapshot",
        "media_appearances.outlet",
        "media_appearances.outlet_communities",
        "accounts.volunteerprofile",
    )
)
PEOPLE_SCOPES = MEDIA_SCOPES + tuple(
    model_scope(label)
    for label in (
        "events.panelseat",
        "events.signup",
        "events.volunteerrole",
        "events.influencerengagement",
        "influencers.influencer",
    )
)
PLACE_SCOPES = (model_scope("events.summit"), model_scope("events.summit_target_communities"), *MEDIA_SCOPES)
INTEREST_SCOPES = (model_scope("feedback.expressionofinterest"),)
# What the listings of summits (the board page, the dashboard's first rows) and of appearances read.
SUMMIT_LISTING_SCOPES = (
    *PLACE_SCOPES,
    *INTEREST_SCOPES,
    model_scope("events.ticketholder"),
    model_scope("events.budgetline"),
    model_scope("feedback.surveyresponse"),
    model_scope("accounts.borough"),
)
APPEARANCE_LISTING_SCOPES = MEDIA_SCOPES


def _digest(values) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def period_summits(f: ReportFilter) -> list[dict]:
    """The summits held in the period, with their own figures (one query)."""
    return list(
        selectors.summits_in(f)
        .order_by("starts_at", "pk")
        .values("pk", "expected_attendees", "actual_attendance", "estimated_reach", "starts_at")
        .annotate(survey_pk=F("survey__pk"))
    )


def _empty_counts() -> dict:
    return {
        "tickets": 0,
        "checked_in": 0,
        "budget": {},
        "invited": 0,
        "responded": 0,
        "responses": 0,
        "perception": 0,
        "positive": 0,
        "recommend": 0,
        "recommend_yes": 0,
        "about_you": {},
    }


def summit_counts(pks: list) -> dict:
    """Each summit's counts, by summit (a fixed number of queries for any number of summits)."""
    counts = {pk: _empty_counts() for pk in pks}
    for row in (
        TicketHolder.objects.filter(summit__in=pks)
        .values("summit")
        .annotate(tickets=Count("pk"), checked_in=Count("pk", filter=Q(checked_in=True)))
        .order_by()
    ):
        counts[row["summit"]].update(tickets=row["tickets"], checked_in=row["checked_in"])
    for row in (
        BudgetLine.objects.filter(summit__in=pks)
        .values("summit", "category")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
        .order_by()
    ):
        counts[row["summit"]]["budget"][row["category"]] = (row["planned"], row["actual"])
    for row in (
        SurveyInvitation.objects.filter(survey__summit__in=pks)
        .values("survey__summit")
        .annotate(invited=Count("pk", filter=Q(status=DeliveryStatus.SENT)), responded=Count("use"))
        .order_by()
    ):
        counts[row["survey__summit"]].update(invited=row["invited"], responded=row["responded"])
    for row in (
        SurveyResponse.objects.filter(survey__summit__in=pks)
        .values("survey__summit")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["survey__summit"]]["responses"] = row["n"]
    perception, recommend = Q(question__key="perception"), Q(question__key="recommend")
    positive = Q()
    for label in selectors.POSITIVE:
        positive |= has_choice(label)
    tallies = {
        "perception": Count("pk", filter=perception),
        "positive": Count("pk", filter=perception & positive),
        "recommend": Count("pk", filter=recommend),
        "recommend_yes": Count("pk", filter=recommend & has_choice(selectors.RECOMMEND_YES)),
    }
    for key, _, choices in selectors.CHARACTERISTICS:
        about = Q(question__key=key, question__about_you=True)
        tallies[f"{key}__answered"] = Count("response", distinct=True, filter=about)
        for value, label in choices.choices:
            tallies[f"{key}__{value}"] = Count("pk", filter=about & has_choice(label))
    for row in (
        answers_for_tally()
        .filter(response__survey__summit__in=pks)
        .values("response__survey__summit")
        .annotate(**tallies)
        .order_by()
    ):
        summit = counts[row.pop("response__survey__summit")]
        for name in ("perception", "positive", "recommend", "recommend_yes"):
            summit[name] = row.pop(name)
        summit["about_you"] = row
    return counts


def _summit_items(summits: list[dict]) -> dict:
    return {
        row["pk"]: (summit_scope(row["pk"]),) + ((survey_scope(row["survey_pk"]),) if row["survey_pk"] else ())
        for row in summits
    }


def _money(value) -> Decimal:
    return selectors._money(value)


def _spend(summits: list[dict], counts: dict, media_cost: Decimal) -> dict:
    planned, actual = {}, {}
    for summit in summits:
        for category, (line_planned, line_actual) in counts[summit["pk"]]["budget"].items():
            planned[category] = planned.get(category, selectors.ZERO) + (line_planned or selectors.ZERO)
            actual[category] = actual.get(category, selectors.ZERO) + (line_actual or selectors.ZERO)
    categories = [
        {"category": label, "planned": _money(planned[value]), "actual": _money(actual[value])}
        for value, label in BudgetCategory.choices
        if value in planned
    ]
    summit_planned = _money(sum((row["planned"] for row in categories), selectors.ZERO))
    summit_actual = _money(sum((row["actual"] for row in categories), selectors.ZERO))
    attendance = sum(summit["actual_attendance"] or 0 for summit in summits)
    return {
        "by_category": categories,
        "summit_planned": summit_planned,
        "summit_actual": summit_actual,
        "media_cost": media_cost,
        "total": summit_actual + media_cost,
        "attendance": attendance,
        "cost_per_attendee": _money(summit_actual / attendance) if attendance else None,
    }


def _survey(summits: list[dict], counts: dict) -> dict:
    names = [name for name in _empty_counts() if name not in ("budget", "about_you")]
    total = {name: sum(counts[summit["pk"]][name] for summit in summits) for name in names}
    about_you: dict[str, int] = {}
    for summit in summits:
        for name, value in counts[summit["pk"]]["about_you"].items():
            about_you[name] = about_you.get(name, 0) + value
    diversity = [
        {
            "characteristic": heading,
            "cells": suppress(
                [(label, about_you.get(f"{key}__{value}", 0)) for value, label in choices.choices]
                + [(selectors.NOT_ANSWERED, total["responses"] - about_you.get(f"{key}__answered", 0))]
            ),
        }
        for key, heading, choices in selectors.CHARACTERISTICS
    ]
    percent = selectors.percent
    return {
        "invited": total["invited"],
        "responded": total["responded"],
        "response_rate": percent(total["responded"], total["invited"]),
        "responses": total["responses"],
        "perception_answers": total["perception"],
        "more_positive": total["positive"],
        "more_positive_share": percent(total["positive"], total["perception"]),
        "recommend_answers": total["recommend"],
        "recommend_yes": total["recommend_yes"],
        "recommend_share": percent(total["recommend_yes"], total["recommend"]),
        "diversity": diversity,
    }


def _month(moment) -> date:
    return moment.astimezone(LONDON).date().replace(day=1)


def _media(f: ReportFilter) -> dict:
    """Media figures and the appearances and interest month by month: none of them read a summit's rows."""
    months = selectors._months(f)
    appearances = selectors._by_month(
        selectors.appearances_in(f),
        "starts_at",
        n=Count("pk"),
        cost=Coalesce(Sum("cost"), Value(selectors.ZERO), output_field=selectors.MONEY),
    )
    return {
        "media": selectors.media_figures(f),
        "appearances_by_month": [appearances.get(m, {}).get("n", 0) for m in months],
        "appearance_cost_by_month": [_money(appearances.get(m, {}).get("cost", selectors.ZERO)) for m in months],
    }


def _interest(f: ReportFilter) -> dict:
    months = selectors._months(f)
    interests = selectors._by_month(selectors.interests_in(f), "created_at", n=Count("pk"))
    return {
        "interest": selectors.interest_figures(f),
        "interest_by_month": [interests.get(m, {}).get("n", 0) for m in months],
    }


def _trends(f: ReportFilter, summits: list[dict], counts: dict, media: dict, interest: dict) -> list[dict]:
    months = selectors._months(f)
    held, attendance, spend = dict.fromkeys(months, 0), dict.fromkeys(months, 0), dict.fromkeys(months, selectors.ZERO)
    for summit in summits:
        month = _month(summit["starts_at"])
        held[month] += 1
        attendance[month] += summit["actual_attendance"] or 0
        actuals = (actual or selectors.ZERO for _, actual in counts[summit["pk"]]["budget"].values())
        spend[month] += sum(actuals, selectors.ZERO)

    def series(title, unit, values, money=False):
        return {"title": title, "unit": unit, "money": money, "points": list(zip(months, values, strict=True))}

    return [
        series("Summits held", "summits", [held[m] for m in months]),
        series("Summit attendance", "people", [attendance[m] for m in months]),
        series("Media appearances", "appearances", media["appearances_by_month"]),
        series("Expressions of interest", "people", interest["interest_by_month"]),
        series(
            "Spend",
            "£",
            [_money(spend[m]) + cost for m, cost in zip(months, media["appearance_cost_by_month"], strict=True)],
            money=True,
        ),
    ]


def dashboard(f: ReportFilter) -> dict:
    """``selectors.dashboard(f)``, from cached parts (see the module's docstring). Once computed, the whole is kept
    under the generations of every part and the period's summit rows: one query and two cache round trips."""
    places = PLACE_SCOPES if f.borough is not None or f.community is not None else ()
    summits = period_summits(f)
    items = _summit_items(summits)
    scopes = {
        "media": MEDIA_SCOPES,
        "people": PEOPLE_SCOPES,
        "interest": INTEREST_SCOPES + places,
    }
    needed = {scope for part in (*items.values(), *scopes.values()) for scope in scopes_of(part)}
    known = generations(needed)
    whole = None
    if settings.AGGREGATE_CACHE_SECONDS > 0:
        stamp = (selectors.filter_key(f), summits, sorted(known.items()))
        whole = f"aggregates:reports.rollup.dashboard:{_digest(stamp)}"
        value = cache.get(whole)
        if value is not None:
            return value
    value = _compose(f, summits, items, scopes, known)
    if whole is not None:
        cache.set(whole, value, settings.AGGREGATE_CACHE_SECONDS)
    return value


def _compose(f: ReportFilter, summits: list[dict], items: dict, scopes: dict, known: dict) -> dict:
    key = selectors.filter_key(f)
    counts = cached_aggregates("reports.summit_counts", items, summit_counts, known=known)
    media = cached_aggregate("reports.rollup.media", key, lambda: _media(f), scopes=scopes["media"], known=known)
    people = cached_aggregate(
        "reports.rollup.people",
        (key, _digest([summit["pk"] for summit in summits])),
        lambda: selectors.people_figures(f),
        scopes=scopes["people"],
        known=known,
    )
    interest = cached_aggregate(
        "reports.rollup.interest", key, lambda: _interest(f), scopes=scopes["interest"], known=known
    )
    summit_figures = {
        "held": len(summits),
        "expected": sum(summit["expected_attendees"] or 0 for summit in summits),
        "attendance": sum(summit["actual_attendance"] or 0 for summit in summits),
        "reach": sum(summit["estimated_reach"] or 0 for summit in summits),
        "tickets": sum(counts[summit["pk"]]["tickets"] for summit in summits),
        "checked_in": sum(counts[summit["pk"]]["checked_in"] for summit in summits),
    }
    return {
        "filter": f,
        "summits": summit_figures,
        "media": media["media"],
        "people": people,
        "spend": _spend(summits, counts, media["media"]["cost"]),
        "survey": _survey(summits, counts),
        "interest": interest["interest"],
        "trends": _trends(f, summits, counts, media, interest),
    }
