"""The "engagement history" on an influencer's page, filled by the apps that build on this one.

This app must not import them, so they register a source here instead, in their ``AppConfig.ready()``::

    from influencers.engagements import Engagement, register_engagement_source

    def summit_engagements(influencer):
        for booking in influencer.summit_bookings.select_related("summit"):   # a reverse relation
            yield Engagement(
                date=booking.summit.starts_on,
                kind="Summit",
                title=booking.summit.title,
                role=booking.get_role_display(),
                url=booking.summit.get_absolute_url(),
            )

    register_engagement_source(label="Summits", build=summit_engagements, order=10)

A source gets the influencer and returns (or yields) ``Engagement`` rows; it should run a fixed number of queries.
The page lists all rows, newest first. Whether an influencer *has* history (so may no longer be deleted) is found
from the reverse relations themselves, in ``services.influencer_has_history``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Engagement:
    date: date
    kind: str
    title: str
    role: str = ""
    url: str = ""


@dataclass(frozen=True)
class _Source:
    label: str
    build: Callable[..., Iterable[Engagement]]
    order: int


_sources: list[_Source] = []


def register_engagement_source(*, label: str, build: Callable[..., Iterable[Engagement]], order: int = 100) -> None:
    if any(source.label == label for source in _sources):
        return  # ready() can run more than once (tests); a source is registered once
    _sources.append(_Source(label, build, order))
    _sources.sort(key=lambda source: source.order)


def engagements_for(influencer) -> list[Engagement]:
    rows = [row for source in _sources for row in source.build(influencer)]
    return sorted(rows, key=lambda row: row.date, reverse=True)
