"""iCalendar for volunteers: the attachment of a confirmation or a cancellation, and the personal feed (their
sign-ups and the media appearances they take part in). How it is written is in btb/ical.py: UTC times, UIDs on
the site's domain, DTSTAMP and SEQUENCE from the last change, cancelled items kept as cancelled."""

from django.conf import settings

from btb.ical import IcalItem, ical_calendar, last_change

from .enums import HOLDING_PLACE, SignUpStatus


def signup_item(signup, *, attendee: str = "") -> IcalItem:
    """``signup`` with its role and the role's summit (and venue) or appearance selected. A sign-up that no longer
    holds a place (withdrawn, declined, its event cancelled) is a cancelled item."""
    role = signup.role
    event = role.event
    description = [role.description, f"What to bring: {role.what_to_bring}" if role.what_to_bring else ""]
    description.append(f"Uniform: {role.get_uniform_approach_display()}")
    if signup.status == SignUpStatus.CANCELLED:
        reason = event.cancellation_reason if role.summit_id else event.cancelled_reason
        description.append(f"Cancelled: {reason}" if reason else "Cancelled.")
    return IcalItem(
        key=f"signup-{signup.pk}",
        summary=f"{role.title}: {event}",
        starts_at=role.starts_at,
        ends_at=role.ends_at,
        created_at=signup.created_at,
        changed_at=last_change(signup.updated_at, role.updated_at, event.updated_at),
        cancelled=signup.status not in HOLDING_PLACE,
        tentative=signup.status != SignUpStatus.CONFIRMED,
        description="\n".join(line for line in description if line),
        location=role.location,
        url=settings.SITE_URL + "/my/schedule/",
        attendees=(attendee,) if attendee else (),
    )


def calendar_for(signups, *, name: str, participations=()) -> bytes:
    """A feed or a confirmation's attachment (METHOD:PUBLISH): sign-ups, then media appearances taken part in
    (``participations``: IcalItem)."""
    return ical_calendar([*(signup_item(signup) for signup in signups), *participations], name=name)


def cancellation_for(signup) -> bytes:
    """The attachment of the cancellation e-mail: the confirmation's UID, cancelled, with a higher SEQUENCE."""
    return ical_calendar(
        [signup_item(signup, attendee=signup.volunteer.user.email)], name=settings.SITE_NAME, method="CANCEL"
    )
