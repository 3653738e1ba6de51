"""Reading the project's iCalendar back with two parsers: icalendar (what writes it) and vobject (dateutil
underneath, as many calendar programs' libraries are), so a time only one of them reads right is caught."""

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar
import vobject


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    starts_at: datetime  # in UTC
    ends_at: datetime | None
    status: str
    sequence: int
    dtstamp: datetime
    summary: str


def _with_icalendar(body: bytes) -> tuple[str, list[ParsedEvent]]:
    calendar = icalendar.Calendar.from_ical(body)
    events = [
        ParsedEvent(
            uid=str(event["uid"]),
            starts_at=event.decoded("dtstart").astimezone(UTC),
            ends_at=event.decoded("dtend").astimezone(UTC) if "dtend" in event else None,
            status=str(event.get("status", "")),
            sequence=int(event.get("sequence", 0)),
            dtstamp=event.decoded("dtstamp").astimezone(UTC),
            summary=str(event["summary"]),
        )
        for event in calendar.walk("VEVENT")
    ]
    return str(calendar.get("method", "")), events


def _with_vobject(body: bytes) -> tuple[str, list[ParsedEvent]]:
    calendar = vobject.readOne(body.decode())
    events = []
    for event in getattr(calendar, "vevent_list", []):
        events.append(
            ParsedEvent(
                uid=event.uid.value,
                starts_at=event.dtstart.value.astimezone(UTC),
                ends_at=event.dtend.value.astimezone(UTC) if hasattr(event, "dtend") else None,
                status=event.status.value if hasattr(event, "status") else "",
                sequence=int(event.sequence.value) if hasattr(event, "sequence") else 0,
                dtstamp=event.dtstamp.value.astimezone(UTC),
                summary=event.summary.value,
            )
        )
    return calendar.method.value if hasattr(calendar, "method") else "", events


def parse_both(body: bytes) -> tuple[str, list[ParsedEvent]]:
    """(METHOD, events by start) as both parsers read them; fails unless they agree on every field."""
    method, events = _with_icalendar(body)
    other_method, other_events = _with_vobject(body)
    key = lambda event: (event.starts_at, event.uid)  # noqa: E731
    events, other_events = sorted(events, key=key), sorted(other_events, key=key)
    assert (method, events) == (other_method, other_events), "icalendar and vobject read the calendar differently"
    return method, events
