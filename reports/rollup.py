"""The dashboard's figures for a period, put together from parts cached by what they read, so that the first request
after a change recomputes only what the change touched (issue 17, item 8).

``selectors.dashboard(f)`` computes every figure afresh; ``dashboard(f)`` returns the same dictionary from:

- the period's summits (one query, never cached: it decides which summits are in the period);
- each summit's outcome (``outcomes.SummitOutcome``) and its respondents' "about you" counts before suppression,
  cached per summit under its ``summit:``/``survey:`` scopes: a change to one summit's row, tickets, budget,
  engagements, interest or survey recomputes that summit alone; ``outcome_totals`` adds them up;
- media, people taking part and interest, each cached under the models it reads (people also under the list of the
  period's summits); spend by category and the months, under every summit of the period (cheap queries).

The respondents' breakdown is the sum of the summits' counts (a response belongs to one summit), suppressed on the
sum, as ``selectors.respondent_diversity`` does.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import translation

from btb.aggregates import (
    cached_aggregate,
    cached_aggregates,
    freeze,
    generations,
    model_scope,
    scopes_of,
    summit_scope,
    survey_scope,
    thaw,
)
from btb.suppression import THRESHOLD, suppress
from events.models import Summit
from feedback.models import Survey
from feedback.selectors import answers_for_tally, has_choice

from . import selectors
from .outcomes import SummitOutcome, outcome_totals, summit_outcomes
from .periods import ReportFilter

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


OUTCOMES_LISTED = 50  # the most summits a page lists (the board report's first 50; the dashboard shows fewer)


def _digest(values) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def period_summits(f: ReportFilter) -> list[dict]:
    """The summits held in the period with their surveys (one query, never cached: it decides which are in)."""
    return list(selectors.summits_in(f).order_by("starts_at", "pk").values("pk").annotate(survey_pk=F("survey__pk")))


def summit_parts(pks: list) -> dict:
    """Each summit's outcome (``outcomes.summit_outcomes``) and its respondents' "about you" counts before
    suppression, by summit (a fixed number of queries for any number of summits)."""
    outcomes = summit_outcomes(Summit.objects.filter(pk__in=pks))
    tallies = {}
    for key, _, choices in selectors.CHARACTERISTICS:
        about = Q(question__key=key, question__about_you=True)
        tallies[f"{key}__answered"] = Count("response", distinct=True, filter=about)
        for value, label in choices.choices:
            tallies[f"{key}__{value}"] = Count("pk", filter=about & has_choice(label))
    about_you = {pk: {} for pk in pks}
    for row in (
        answers_for_tally()
        .filter(response__survey__summit__in=pks, question__about_you=True)
        .values("response__survey__summit")
        .annotate(**tallies)
        .order_by()
    ):
        about_you[row.pop("response__survey__summit")] = row
    return {pk: {"outcome": outcomes[pk], "about_you": about_you[pk]} for pk in pks}


def summit_outcome(summit: Summit) -> SummitOutcome:
    """One summit's outcome (``outcomes.summit_outcome``), cached under the summit's and its survey's scopes as the
    dashboard's per-summit parts are: the summit page and the evaluation count it once per change, not per view."""
    fields = summit._state.fields_cache
    if "survey" in fields:  # read with the summit (select_related), or known to be missing
        survey_pk = fields["survey"].pk if fields["survey"] is not None else None
    else:
        survey_pk = Survey.objects.filter(summit=summit).values_list("pk", flat=True).first()
    items = summit_items([{"pk": summit.pk, "survey_pk": survey_pk}])
    compute = lambda pks: summit_outcomes(Summit.objects.filter(pk__in=pks))  # noqa: E731
    return cached_aggregates("reports.summit_outcome", items, compute)[summit.pk]


def summit_items(summits: list[dict]) -> dict:
    """Each of ``period_summits``' summits with the scopes of its own rows: its summit's, and its survey's."""
    return {
        row["pk"]: (summit_scope(row["pk"]),) + ((survey_scope(row["survey_pk"]),) if row["survey_pk"] else ())
        for row in summits
    }


def _survey(totals, parts: list[dict]) -> dict:
    """``selectors.survey_figures``, the respondents' breakdown added up from the summits' counts."""
    about_you: dict[str, int] = {}
    for part in parts:
        for name, value in part["about_you"].items():
            about_you[name] = about_you.get(name, 0) + value
    shown = totals.survey_shown
    return {
        "invited": totals.invited,
        "responded": totals.responded,
        "response_rate": totals.response_rate,
        "responses": totals.responses,
        "shown": shown,
        "minimum": THRESHOLD,
        "perception_answers": totals.perception_answers if shown else None,
        "more_positive": totals.more_positive if shown else None,
        "more_positive_share": totals.more_positive_share,
        "recommend_answers": totals.recommend_answers if shown else None,
        "recommend_yes": totals.recommend_yes if shown else None,
        "recommend_share": totals.recommend_share,
        "diversity": [
            {
                "characteristic": heading,
                "cells": suppress(
                    [(label, about_you.get(f"{key}__{value}", 0)) for value, label in choices.choices]
                    + [(selectors.NOT_ANSWERED, totals.responses - about_you.get(f"{key}__answered", 0))]
                ),
            }
            for key, heading, choices in selectors.CHARACTERISTICS
        ],
    }


def dashboard(f: ReportFilter) -> dict:
    """``selectors.dashboard(f)``, from cached parts (see the module's docstring), with the period's summits
    (``period_summits``), the first ``OUTCOMES_LISTED`` outcomes and their total. Once computed, the whole is kept
    under the generations of every part and the period's summit rows: one query and two cache round trips."""
    places = PLACE_SCOPES if f.borough is not None or f.community is not None else ()
    summits = period_summits(f)
    items = summit_items(summits)
    scopes = {
        "media": MEDIA_SCOPES,
        "people": PEOPLE_SCOPES,
        "interest": INTEREST_SCOPES + places,
        "spend": (model_scope("events.budgetline"), model_scope("events.summit"), *MEDIA_SCOPES),
    }
    needed = {scope for part in (*items.values(), *scopes.values()) for scope in scopes_of(part)}
    known = generations(needed)
    whole = None
    if settings.AGGREGATE_CACHE_SECONDS > 0:
        stamp = (selectors.filter_key(f), summits, sorted(known.items()), translation.get_language())
        whole = f"aggregates:reports.rollup.dashboard:{_digest(stamp)}"
        frozen = cache.get(whole)
        if frozen is not None:
            return {**thaw(frozen), "generations": known}
    value = _compose(f, summits, items, scopes, known)
    if whole is not None:
        cache.set(whole, freeze(value), settings.AGGREGATE_CACHE_SECONDS)
    # Not cached: the generations just read, so that a caller reading more parts of these summits (the evaluation)
    # saves a round trip.
    return {**value, "generations": known}


def _compose(f: ReportFilter, summits: list[dict], items: dict, scopes: dict, known: dict) -> dict:
    key = selectors.filter_key(f)
    parts = cached_aggregates("reports.summit_parts", items, summit_parts, known=known)
    outcomes = {summit["pk"]: parts[summit["pk"]]["outcome"] for summit in summits}
    totals = outcome_totals(outcomes.values())
    every_summit = tuple(scope for item in items.values() for scope in item)
    media = cached_aggregate(
        "reports.rollup.media", key, lambda: selectors.media_figures(f), scopes=scopes["media"], known=known
    )
    people = cached_aggregate(
        "reports.rollup.people",
        (key, _digest([summit["pk"] for summit in summits])),
        lambda: selectors.people_figures(f),
        scopes=scopes["people"],
        known=known,
    )
    interest = cached_aggregate(
        "reports.rollup.interest", key, lambda: selectors.interest_figures(f), scopes=scopes["interest"], known=known
    )
    # Spend by category and the months read the period's budget lines and every summit's outcome: they follow any
    # change to one of the period's summits (a few tens of milliseconds), not the survey answers' tallies.
    spend = cached_aggregate(
        "reports.rollup.spend",
        key,
        lambda: selectors.spend_figures(f, totals),
        scopes=every_summit + scopes["spend"],
        known=known,
    )
    trends = cached_aggregate(
        "reports.rollup.trends",
        key,
        lambda: selectors.monthly_trends(f, outcomes),
        scopes=every_summit + scopes["spend"] + scopes["interest"],
        known=known,
    )
    return {
        "filter": f,
        "period_summits": summits,  # which are in the period, with their surveys (for the evaluation's parts)
        # The listings' first rows, in date order, and how many there are: the pages list no more (the downloads read
        # every summit afresh), and unpickling a national year's 145 outcomes on every view cost a few milliseconds.
        "outcomes": list(outcomes.values())[:OUTCOMES_LISTED],
        "outcome_total": len(outcomes),
        "totals": totals,
        "summits": selectors.summit_figures(f, totals),
        "media": media,
        "people": people,
        "spend": spend,
        "survey": _survey(totals, [parts[summit["pk"]] for summit in summits]),
        "interest": interest,
        "trends": trends,
    }
