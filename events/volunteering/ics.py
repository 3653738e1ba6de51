"""iCalendar for volunteers: the attachment of a confirmation and the personal feed.

Times are written in Europe/London with a VTIMEZONE, so Outlook and Google Calendar show the right hour on both
sides of a clock change.
"""

import icalendar
from django.conf import settings
from django.utils import timezone

from .enums import SignUpStatus


def _event_for(signup, stamp) -> icalendar.Event:
    role = signup.role
    zone = timezone.get_default_timezone()
    event = icalendar.Event()
    event.add("uid", f"signup-{signup.pk}@behindthebadge")
    event.add("dtstamp", stamp)
    event.add("dtstart", role.starts_at.astimezone(zone))
    event.add("dtend", role.ends_at.astimezone(zone))
    event.add("summary", f"{role.title}: {role.event}")
    description = [role.description, f"What to bring: {role.what_to_bring}" if role.what_to_bring else ""]
    description.append(f"Uniform: {role.get_uniform_approach_display()}")
    event.add("description", "\n".join(line for line in description if line))
    if role.location:
        event.add("location", role.location)
    event.add("status", "CONFIRMED" if signup.status == SignUpStatus.CONFIRMED else "TENTATIVE")
    event.add("url", settings.SITE_URL + "/my/schedule/")
    return event


def calendar_for(signups, *, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Behind the Badge//Volunteering//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for signup in signups:
        calendar.add_component(_event_for(signup, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
