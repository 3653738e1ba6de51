"""The aggregate cache keeps figures as plain data: translatable labels written out in the language that asked, so
that reading a figure back builds no lazy objects (each cost about 0.2 ms to unpickle; the dashboard held hundreds)."""

import pytest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from btb.aggregates import cached_aggregate, cached_aggregates, freeze, thaw

YES = gettext_lazy("Yes")  # "Ie" in the Welsh catalogue


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.AGGREGATE_CACHE_SECONDS = 60


def _holds_lazy(value) -> bool:
    if isinstance(value, Promise):
        return True
    if isinstance(value, dict):
        return any(_holds_lazy(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_lazy(v) for v in value)
    return False


def test_freeze_writes_lazy_text_out_and_keeps_the_rest():
    value = {"labels": [YES, "plain"], "count": 3, "nested": ({"label": YES},)}
    with translation.override("en-gb"):
        thawed = thaw(freeze(value))
    assert thawed == {"labels": ["Yes", "plain"], "count": 3, "nested": ({"label": "Yes"},)}
    assert not _holds_lazy(thawed) and _holds_lazy(value)


def test_a_cached_figure_is_kept_per_language(db):
    calls = []

    def compute():
        calls.append(translation.get_language())
        return {"answer": YES}

    with translation.override("en-gb"):
        first = str(cached_aggregate("tests.yes", (), compute)["answer"])
        again = cached_aggregate("tests.yes", (), compute)
    with translation.override("cy"):
        welsh = str(cached_aggregate("tests.yes", (), compute)["answer"])
        welsh_again = cached_aggregate("tests.yes", (), compute)
    assert calls == ["en-gb", "cy"]
    assert first == "Yes" and again == {"answer": "Yes"}
    assert welsh == "Ie" and welsh_again == {"answer": "Ie"}
    assert not _holds_lazy(again) and not _holds_lazy(welsh_again)


def test_many_figures_at_once_are_thawed_too(db):
    def compute(missing):
        return {item: [YES, item] for item in missing}

    with translation.override("en-gb"):
        cached_aggregates("tests.many", {1: ("summit:1",), 2: ("summit:2",)}, compute)
        read = cached_aggregates("tests.many", {1: ("summit:1",), 2: ("summit:2",)}, lambda missing: pytest.fail())
    assert read == {1: ["Yes", 1], 2: ["Yes", 2]} and not _holds_lazy(read)
