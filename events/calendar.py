"""The programme calendar: summits, and any other dated items that apps contribute.

An app contributes by having a module named ``calendar_entries`` with a function::

    def calendar_entries(*, user, start, end, borough=None, per_day=None, include_cancelled=False) -> Iterable[dict]

returning the items the user may see that start in [start, end) (aware datetimes), limited to the borough (a
Borough or None) when one is given. Each item is a dict (or an object with the same attributes): ``uid`` (stable
and unique, e.g. "appearance-12"), ``title``, ``kind`` (a short label such as "Media appearance", one per source),
``starts_at`` and ``ends_at`` (aware datetimes; ``ends_at`` may be None), ``url`` (a path on this site) and
optionally ``location``; for the calendar feed also ``created_at`` and ``changed_at`` (its last change) and
``cancelled``. With ``include_cancelled`` (the feed), cancelled items come too: a calendar program must be told they
are off. With ``per_day`` (a number), the source returns only the earliest ``per_day`` items of
each local day, each carrying ``day_total``, how many items the source has that day: a month at national size
holds hundreds of appearances, and the month view shows a few a day (``btb.calendar_window.day_window`` does this
for a queryset).
The events app finds such modules itself, so a contributing app (media appearances, say) never imports events and
events never imports it. Each source should answer in a fixed number of queries.
"""

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import import_module

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

SOURCE_MODULE = "calendar_entries"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime | None
    url: str
    location: str = ""
    day_total: int = 1
    created_at: datetime | None = None
    changed_at: datetime | None = None
    cancelled: bool = False

    @classmethod
    def from_item(cls, item) -> "CalendarEntry":
        get = item.get if isinstance(item, dict) else lambda name, default=None: getattr(item, name, default)
        return cls(
            uid=str(get("uid")),
            title=str(get("title")),
            kind=str(get("kind", "")),
            starts_at=get("starts_at"),
            ends_at=get("ends_at"),
            url=str(get("url", "")),
            location=str(get("location", "") or ""),
            day_total=int(get("day_total", 1) or 1),
            created_at=get("created_at"),
            changed_at=get("changed_at"),
            cancelled=bool(get("cancelled", False)),
        )


def _sources():
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, SOURCE_MODULE):
            yield import_module(f"{config.name}.{SOURCE_MODULE}").calendar_entries


def entries_between(
    *, user, start: datetime, end: datetime, borough=None, per_day=None, include_cancelled=False
) -> list[CalendarEntry]:
    """Every source's items in [start, end), in time order; with ``per_day``, at most that many of each source a
    day, each with its source's ``day_total`` (``month_grid`` adds the sources up); cancelled ones only with
    ``include_cancelled``."""
    entries = [
        CalendarEntry.from_item(item)
        for source in _sources()
        for item in source(
            user=user, start=start, end=end, borough=borough, per_day=per_day, include_cancelled=include_cancelled
        )
    ]
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.title))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time.min, zone), datetime.combine(following, time.min, zone)


DAY_SHOWN = 4  # entries in a day's cell; the rest are behind "n more" (a national month holds hundreds)


def entries_by_day(entries: list[CalendarEntry]) -> dict[date, list[CalendarEntry]]:
    by_day = {}
    for entry in entries:
        by_day.setdefault(timezone.localtime(entry.starts_at).date(), []).append(entry)
    return by_day


def month_grid(year: int, month: int, entries: list[CalendarEntry]) -> list[list[dict]]:
    """Weeks (Monday first) of days, each with the first ``DAY_SHOWN`` entries starting that day and how many more
    there are; days outside the month are None."""
    by_day = entries_by_day(entries)

    def cell(day):
        on_day = by_day.get(day, [])
        # Each source's entries carry that source's count for the day: the day's total is the sum over the kinds.
        total = sum({entry.kind: entry.day_total for entry in on_day}.values())
        return {"date": day, "entries": on_day[:DAY_SHOWN], "more": max(0, max(total, len(on_day)) - DAY_SHOWN)}

    return [
        [None if day.month != month else cell(day) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
