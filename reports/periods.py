"""The reporting period and the place filters shared by every figure.

A period is a half-open range of dates ``[start, end)`` in Europe/London. Quarters are calendar quarters (January to
March is Q1). The place filters mean:

- **borough**: a summit is in a borough when its ``borough`` is; a media appearance has no borough, so it is in a
  borough when at least one officer or staff member taking part belongs to that borough (their profile's borough);
- **community**: a summit when the community is one of its ``target_communities``; a media appearance when the
  community is one of its outlet's ``communities``.

Everything else follows the summits and appearances: tickets, survey responses, spend, volunteer hours and the
people taking part are those of the summits and appearances that pass the filters, and an expression of interest
passes when it was raised in the period and (with a place filter) at a summit or appearance in that place.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class ReportFilter:
    start: date
    end: date  # exclusive
    label: str
    borough: object = None
    community: object = None

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time.min, tzinfo=LONDON)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def description(self) -> str:
        parts = [self.label]
        if self.borough is not None:
            parts.append(f"borough: {self.borough}")
        if self.community is not None:
            parts.append(f"community: {self.community}")
        return " · ".join(parts)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def quarter_label(year: int, quarter: int) -> str:
    start, end = quarter_range(year, quarter)
    return f"Q{quarter} {year} ({start:%b}–{(end - timedelta(days=1)):%b})"


def quarter_filter(year: int, quarter: int, **places) -> ReportFilter:
    start, end = quarter_range(year, quarter)
    return ReportFilter(start=start, end=end, label=quarter_label(year, quarter), **places)


def year_filter(year: int, **places) -> ReportFilter:
    return ReportFilter(start=date(year, 1, 1), end=date(year + 1, 1, 1), label=str(year), **places)


# Reports cover the programme's years, nothing near the ends of the calendar (9999-12-31 plus a day overflows).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
DATE_RANGE_MESSAGE = "Choose dates from 1 January 2000 to 31 December 2100."


def custom_filter(first: date, last: date, **places) -> ReportFilter:
    """From ``first`` to ``last``, both included; named as a quarter or a year when it is exactly one."""
    if not (FIRST_DAY <= first <= LAST_DAY and FIRST_DAY <= last <= LAST_DAY):
        raise ValueError(DATE_RANGE_MESSAGE)
    end = last + timedelta(days=1)
    if first.day == 1 and first.month % 3 == 1 and end.day == 1:
        year, quarter = quarter_of(first)
        if end == quarter_range(year, quarter)[1]:
            return quarter_filter(year, quarter, **places)
        if first.month == 1 and end == date(year + 1, 1, 1):
            return year_filter(year, **places)
    return ReportFilter(
        start=first, end=last + timedelta(days=1), label=f"{first:%-d %b %Y} to {last:%-d %b %Y}", **places
    )


def current_quarter(today: date | None = None, **places) -> ReportFilter:
    return quarter_filter(*quarter_of(today or timezone.localdate()), **places)


def recent_quarters(today: date | None = None, count: int = 8) -> list[tuple[str, str]]:
    """(value, label) for the current quarter and the ones before it, newest first."""
    year, quarter = quarter_of(today or timezone.localdate())
    options = []
    for _ in range(count):
        options.append((f"{year}-Q{quarter}", quarter_label(year, quarter)))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return options
