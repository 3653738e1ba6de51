"""A short-lived cache for aggregate figures that scan many rows (survey tallies, the dashboard, the board report).

Figures are cached under *generations*, one per scope; a figure's key holds the generation of every scope it reads,
so moving a scope's generation on drops exactly the figures that depend on it:

- ``summit:<pk>`` and ``survey:<pk>``: a summit's own rows (the summit, its ticket holders, budget lines and
  survey; the survey's questions, invitations and responses). The reports keep each summit's figures under these,
  so a change to one summit recomputes that summit's figures and the period's sums, nothing else;
- ``model:<app_label.model>``: any row of that model (every watched model has one);
- ``any``: any save or delete of a watched model (except the hot ones below), for figures cached without scopes;
- ``all``: every figure (``aggregates_invalidate()`` without scopes).

Signals move the scopes on for saves and deletes (and many-to-many changes); the bulk paths that send no signals
(ticket imports, survey dispatch) call ``aggregates_invalidate``. The time limit covers the rest (other queryset
updates, and a page computed by another request between a write and its commit): a cached figure is never older
than ``AGGREGATE_CACHE_SECONDS`` (60 by default). Generations move on at once rather than on commit so as not to add
on-commit callbacks to every write. At the national size this keeps the dashboard's first request after a change
flat (bench/RESULTS.md).
"""

import hashlib
import io
import pickle
import uuid
from collections.abc import Callable, Hashable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.functional import Promise

PREFIX = "aggregates:generation:"
ALL, ANY = "all", "any"
WATCHED_APPS = {"accounts", "influencers", "media_appearances", "events", "feedback", "reports"}
# Written on page views (the audit trail), so watching them would empty the cache on every read; no figure uses them.
# Survey answers arrive as fast as people answer (hundreds a minute after a summit, as the load benchmark sends them):
# they move on only their own survey's scope and model, never ``any``, so the figures cached without scopes show
# them within the time limit.
IGNORED_MODELS = {
    "accounts.auditevent",
    "events.calendarfeedtoken",
    "feedback.invitationuse",
    "feedback.surveyresponse",
    "feedback.surveyanswer",
}
QUIET_MODELS = {"accounts.auditevent", "events.calendarfeedtoken"}  # move nothing on at all
# The rows that belong to one summit or one survey: (scope, attribute naming it) per model.
INSTANCE_SCOPES = {
    "events.summit": (("summit", "pk"),),
    "events.ticketholder": (("summit", "summit_id"),),
    "events.budgetline": (("summit", "summit_id"),),
    "feedback.survey": (("summit", "summit_id"), ("survey", "pk")),
    "feedback.surveyquestion": (("survey", "survey_id"),),
    "feedback.surveyinvitation": (("survey", "survey_id"),),
    "feedback.surveyresponse": (("survey", "survey_id"),),
    "feedback.expressionofinterest": (("summit", "summit_id"),),
    "events.influencerengagement": (("summit", "summit_id"),),
}


def model_scope(label: str) -> str:
    return f"model:{label}"


def summit_scope(pk) -> str:
    return f"summit:{pk}"


def survey_scope(pk) -> str:
    return f"survey:{pk}"


def _seconds() -> int:
    return settings.AGGREGATE_CACHE_SECONDS


def generations(scopes: Iterable[str]) -> dict[str, str]:
    """The current generation of each scope (one round trip; a scope seen for the first time gets one)."""
    keys = {scope: PREFIX + scope for scope in scopes}
    found = cache.get_many(list(keys.values()))
    missing = {key: uuid.uuid4().hex for key in keys.values() if key not in found}
    if missing:
        for key, generation in missing.items():
            cache.add(key, generation, None)
        found.update(cache.get_many(list(missing)))
    return {scope: found.get(key, missing.get(key)) for scope, key in keys.items()}


def aggregates_invalidate(*scopes: str) -> None:
    """Drop the figures that read these scopes (and those cached without scopes); without scopes, every figure."""
    scopes = (*scopes, ANY) if scopes else (ALL,)
    cache.set_many({PREFIX + scope: uuid.uuid4().hex for scope in scopes}, None)


def _key(name: str, parts, scopes: tuple[str, ...], generations: dict[str, str]) -> str:
    stamp = tuple(generations[scope] for scope in scopes)
    digest = hashlib.sha256(repr((parts, stamp, translation.get_language())).encode()).hexdigest()[:32]
    return f"aggregates:{name}:{digest}"


class _PlainTextPickler(pickle.Pickler):
    """Writes translatable text (``gettext_lazy``) as the text it reads in the active language. A lazy text
    unpickles by building a class (about 0.2 ms each), and the dashboard's figures hold hundreds of labels; the
    figures are cached per language instead (``_key``)."""

    def reducer_override(self, obj):
        if isinstance(obj, Promise):
            return str, (str(obj),)
        return NotImplemented


def freeze(value) -> bytes:
    """``value`` as the cache keeps it: pickled, its lazy texts written out (read it back with ``thaw``)."""
    buffer = io.BytesIO()
    _PlainTextPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def thaw(frozen: bytes):
    return pickle.loads(frozen)  # noqa: S301 (written by ``freeze`` into this project's own cache)


def _scopes(scopes) -> tuple[str, ...]:
    return (ALL, ANY) if scopes is None else (ALL, *scopes)


def scopes_of(scopes: Iterable[str] | None) -> tuple[str, ...]:
    """The scopes a figure cached with ``scopes`` depends on (for ``generations`` read ahead in one round trip)."""
    return _scopes(scopes)


def cached_aggregate(name: str, parts: tuple, compute, *, scopes: Iterable[str] | None = None, known=None):
    """``compute()``'s value, shared for ``_seconds()`` under this name and key parts (which must identify every
    input), until one of ``scopes`` moves on; without ``scopes``, until the next change to any watched model.
    ``known``: generations already read (``generations``), to save a round trip."""
    seconds = _seconds()
    if seconds <= 0:
        return compute()
    scopes = _scopes(scopes)
    key = _key(name, parts, scopes, known if known is not None else generations(scopes))
    frozen = cache.get(key)
    if frozen is not None:
        return thaw(frozen)
    value = compute()
    cache.set(key, freeze(value), seconds)
    return value


def cached_aggregates(
    name: str, items: dict[Hashable, Iterable[str]], compute: Callable[[list], dict], *, parts: tuple = (), known=None
) -> dict:
    """Many figures of one kind at once (each summit's, say): ``items`` maps each item to the scopes its figure
    reads; ``compute(missing)`` returns the figures of the items not cached, by item. Three cache round trips
    and one ``compute`` call, however many items there are."""
    items = {item: _scopes(scopes) for item, scopes in items.items()}
    seconds = _seconds()
    if seconds <= 0:
        return compute(list(items)) if items else {}
    needed = {scope for scopes in items.values() for scope in scopes}
    if known is None:
        known = generations(needed)
    elif not needed <= known.keys():
        known = {**known, **generations(needed - known.keys())}
    keys = {item: _key(name, (parts, item), scopes, known) for item, scopes in items.items()}
    found = cache.get_many(list(keys.values()))
    values = {item: thaw(found[key]) for item, key in keys.items() if key in found}
    missing = [item for item in items if item not in values]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[item]: freeze(computed[item]) for item in missing}, seconds)
        values.update(computed)
    return values


def _instance_scopes(label: str, instance) -> list[str]:
    scopes = []
    for scope, attribute in INSTANCE_SCOPES.get(label, ()):
        value = getattr(instance, attribute, None)
        if value is not None:
            scopes.append(f"{scope}:{value}")
    return scopes


def _changed(sender, instance=None, **kwargs):
    meta = sender._meta
    label = meta.label_lower
    if meta.app_label not in WATCHED_APPS or label in QUIET_MODELS:
        return
    scopes = [model_scope(label), *_instance_scopes(label, instance)]
    if label not in IGNORED_MODELS:
        scopes.append(ANY)
    cache.set_many({PREFIX + scope: uuid.uuid4().hex for scope in scopes}, None)


def _m2m_changed(sender, instance=None, action="", **kwargs):
    """A many-to-many change (a summit's target communities, say) moves on the link table's scope and the row's."""
    if not action.startswith("post_"):
        return
    _changed(sender, instance=None)
    if instance is not None:
        _changed(type(instance), instance=instance)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="btb.aggregates.save")
    post_delete.connect(_changed, dispatch_uid="btb.aggregates.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="btb.aggregates.m2m")
