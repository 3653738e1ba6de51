"""Media appearances as calendar items: an officer's own participation (their personal feed, the e-mail telling them
they were added or that it is off) and the appearance itself (the programme feed). See btb/ical.py."""

from django.conf import settings

from btb.ical import IcalItem, last_change

from .models import Appearance, AppearanceParticipant


def participation_key(participant: AppearanceParticipant) -> str:
    # By appearance and officer, not by the participant row: removed and added again, it is the same item.
    return f"appearance-{participant.appearance_id}-officer-{participant.volunteer_id}"


def participation_item(participant: AppearanceParticipant, *, attendee: str = "") -> IcalItem:
    """``participant`` with ``appearance__outlet`` selected."""
    appearance = participant.appearance
    description = [f"{participant.get_role_display()} on {appearance.outlet.name}."]
    if appearance.presenter:
        description.append(f"Presenter: {appearance.presenter}")
    if appearance.joining_link:
        description.append(f"Joining link: {appearance.joining_link}")
    if appearance.is_cancelled and appearance.cancelled_reason:
        description.append(f"Cancelled: {appearance.cancelled_reason}")
    return IcalItem(
        key=participation_key(participant),
        summary=f"{appearance.title} ({appearance.outlet.name})",
        starts_at=appearance.starts_at,
        ends_at=appearance.ends_at,
        created_at=participant.added_at,
        changed_at=last_change(participant.added_at, appearance.updated_at),
        cancelled=appearance.is_cancelled,
        description="\n".join(description),
        location=appearance.location,
        url=settings.SITE_URL + appearance.get_absolute_url(),
        attendees=(attendee,) if attendee else (),
    )


def appearance_key(appearance: Appearance) -> str:
    return f"appearance-{appearance.pk}"
