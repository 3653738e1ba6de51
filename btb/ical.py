"""iCalendar written so that calendar programs keep it right, for every feed and attachment the project makes.

- Times are in UTC (``DTSTART:20261201T100000Z``): every parser places them at the same instant, with no
  VTIMEZONE to get wrong (an RDATE-only Europe/London block puts winter times an hour out in dateutil).
- ``UID``\\s end with the site's domain (``summit-12@btb.example.org``), so two sites' items never collide.
- ``DTSTAMP`` and ``LAST-MODIFIED`` are the item's last change, not the time of the request, so a program that
  polls a feed sees nothing new when nothing changed; ``SEQUENCE`` rises with every change (from the seconds between the
  item's creation and its last change: no counter to keep, and never lower than a copy sent earlier).
- A cancelled item stays, with ``STATUS:CANCELLED``, until it is over, so a program that imported it removes it
  instead of keeping a stale copy; the e-mail that says so carries the same UID with ``METHOD:CANCEL``.
- Feeds say ``METHOD:PUBLISH``.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parseaddr

import icalendar
from django.conf import settings

from btb.site import site_domain

PRODID = "-//Behind the Badge//Calendar//EN"


@dataclass(frozen=True)
class IcalItem:
    """One event as a calendar program sees it. ``key`` is the site-local part of the UID ("signup-7")."""

    key: str
    summary: str
    starts_at: datetime
    ends_at: datetime | None
    created_at: datetime
    changed_at: datetime
    cancelled: bool = False
    tentative: bool = False
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    attendees: tuple[str, ...] = field(default=())


def ical_uid(key: str) -> str:
    return f"{key}@{site_domain()}"


def ical_sequence(created_at: datetime, changed_at: datetime, *, cancelled: bool = False) -> int:
    """Rises with every change of the item; the same for the same state, so a feed asked twice is identical.
    Twice the seconds from creation to the last change, plus one once cancelled: a cancellation within the same
    second as the change before it still comes out higher."""
    return 2 * max(0, int((changed_at - created_at).total_seconds())) + int(cancelled)


def last_change(*stamps) -> datetime:
    """The latest of the given change times (a sign-up changes with itself, its role and its summit)."""
    return max(stamp for stamp in stamps if stamp is not None)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _organizer() -> icalendar.vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = icalendar.vText(name or settings.SITE_NAME)
    return organizer


def ical_event(item: IcalItem) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", ical_uid(item.key))
    event.add("dtstamp", _utc(item.changed_at))
    event.add("last-modified", _utc(item.changed_at))
    event.add("created", _utc(item.created_at))
    event.add("sequence", ical_sequence(item.created_at, item.changed_at, cancelled=item.cancelled))
    event.add("dtstart", _utc(item.starts_at))
    if item.ends_at:
        event.add("dtend", _utc(item.ends_at))
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.categories:
        event.add("categories", list(item.categories))
    event.add("organizer", _organizer())
    for email in item.attendees:
        attendee = icalendar.vCalAddress(f"mailto:{email}")
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    status = "CANCELLED" if item.cancelled else "TENTATIVE" if item.tentative else "CONFIRMED"
    event.add("status", status)
    return event


def ical_calendar(items, *, name: str, method: str = "PUBLISH") -> bytes:
    """A calendar of ``items`` (IcalItem). ``method`` is PUBLISH for feeds and confirmations, CANCEL for the
    attachment of a cancellation (whose items must be cancelled)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)  # how to show the times; they are written in UTC
    for item in items:
        if method == "CANCEL" and not item.cancelled:
            raise ValueError("A METHOD:CANCEL calendar holds only cancelled items.")
        calendar.add_component(ical_event(item))
    return calendar.to_ical()
