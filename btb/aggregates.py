"""A short-lived cache for aggregate figures that scan many rows (survey tallies, the dashboard, the board report).

Figures are cached under a *generation*: any save or delete of a model in the programme's apps moves the generation
on, so the next page computes them afresh; so do the bulk paths that send no signals (ticket imports, survey
dispatch). The time limit covers the rest (other queryset updates, and a page computed by another request between a
write and its commit): a cached figure is never older than ``AGGREGATE_CACHE_SECONDS`` (60 by default). The
generation moves on at once rather than on commit so as not to add on-commit callbacks to every write.
At the national size this keeps the dashboard and the survey pages flat (bench/RESULTS.md).
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "aggregates:generation"
WATCHED_APPS = {"accounts", "influencers", "media_appearances", "events", "feedback", "reports"}
# Written on page views (the audit trail), so watching them would empty the cache on every read; no figure uses them.
# Survey answers arrive as fast as people answer (hundreds a minute after a summit, as the load benchmark sends them):
# moving the generation on for each would empty every cached figure (dashboard, board report) as fast, so the
# figures they feed show them within the time limit instead.
IGNORED_MODELS = {
    "accounts.auditevent",
    "events.calendarfeedtoken",
    "feedback.invitationuse",
    "feedback.surveyresponse",
    "feedback.surveyanswer",
}


def _seconds() -> int:
    return settings.AGGREGATE_CACHE_SECONDS


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def aggregates_invalidate() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def cached_aggregate(name: str, parts: tuple, compute):
    """``compute()``'s value, shared for ``_seconds()`` under this name and key parts (which must identify every
    input), until the next committed change."""
    seconds = _seconds()
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"aggregates:{_generation()}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _changed(sender, **kwargs):
    if sender._meta.app_label in WATCHED_APPS and sender._meta.label_lower not in IGNORED_MODELS:
        aggregates_invalidate()


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="btb.aggregates.save")
    post_delete.connect(_changed, dispatch_uid="btb.aggregates.delete")
