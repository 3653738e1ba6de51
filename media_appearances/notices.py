"""Telling the people on an appearance: an officer when they are added to it, and the officers and the presenter
when it is cancelled; queued in the outbox by the services, written when sent (an officer removed before the
message went is not told they were added)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from btb.ical import ical_calendar
from btb.outbox.models import OutgoingMail
from btb.outbox.services import Rendered, Skip, outbox_enqueue, outbox_enqueue_many, register_renderer

from .enums import AppearanceStatus
from .ics import participation_item
from .models import Appearance, AppearanceParticipant

OFFICER_ADDED = "media.officer_added"
OFFICER_CANCELLED = "media.appearance_cancelled_officer"
PRESENTER_CANCELLED = "media.appearance_cancelled_presenter"


def _scope(appearance: Appearance) -> str:
    return f"appearance:{appearance.pk}"


def officer_added_queue(*, participant: AppearanceParticipant) -> None:
    email = participant.volunteer.user.email
    if email:
        outbox_enqueue(kind=OFFICER_ADDED, about=participant, recipient=email, scope=_scope(participant.appearance))


def cancellation_notices_queue(*, appearance: Appearance) -> int:
    """Inside the cancellation's transaction: each officer taking part, and the presenter when an influencer."""
    participants = appearance.participants.select_related("volunteer__user")
    queued = outbox_enqueue_many(
        kind=OFFICER_CANCELLED,
        messages=[(p, p.volunteer.user.email) for p in participants],
        scope=_scope(appearance),
    )
    influencer = appearance.influencer if appearance.influencer_id else None
    if influencer is not None and influencer.email:
        queued += outbox_enqueue_many(
            kind=PRESENTER_CANCELLED,
            messages=[(appearance, influencer.email, f"influencer:{influencer.pk}")],
            scope=_scope(appearance),
        )
    return queued


def _context(appearance: Appearance, name: str, kind: str, officer: bool = True) -> dict:
    return {
        "kind": kind,
        "officer": officer,
        "name": name,
        "appearance": appearance,
        "outlet": appearance.outlet,
        "when": f"{timezone.localtime(appearance.starts_at):%A %-d %B %Y, %H:%M}",
        "reason": appearance.cancelled_reason,
    }


def render_officer_notice(mail) -> Rendered | Skip:
    participant = (
        AppearanceParticipant.objects.select_related("volunteer", "appearance__outlet").filter(pk=mail.about_id).first()
    )
    if participant is None:
        return Skip("no longer relevant: the officer no longer takes part")
    appearance = participant.appearance
    cancelled = appearance.status == AppearanceStatus.CANCELLED
    if (mail.kind == OFFICER_CANCELLED) != cancelled:
        return Skip("no longer relevant: the appearance " + ("is cancelled" if cancelled else "is not cancelled"))
    kind = "cancelled" if cancelled else "added"
    # The same calendar item as the officer's personal feed: added, it goes in; cancelled, it comes out.
    item = participation_item(participant, attendee=mail.recipient)
    method = "CANCEL" if cancelled else "PUBLISH"
    attachment = (
        "cancelled.ics" if cancelled else "behind-the-badge.ics",
        ical_calendar([item], name=settings.SITE_NAME, method=method),
        f"text/calendar; method={method}",
    )
    return Rendered(
        "media_appearances/email/appearance_notice",
        _context(appearance, str(participant.volunteer), kind),
        attachments=(attachment,),
    )


def render_presenter_notice(mail) -> Rendered | Skip:
    appearance = Appearance.objects.select_related("outlet", "influencer").filter(pk=mail.about_id).first()
    if appearance is None or appearance.status != AppearanceStatus.CANCELLED:
        return Skip("no longer relevant: the appearance is not cancelled")
    influencer = appearance.influencer
    name = (influencer.known_as or influencer.name) if influencer else ""
    return Rendered("media_appearances/email/appearance_notice", _context(appearance, name, "cancelled", officer=False))


def register() -> None:
    register_renderer(OFFICER_ADDED, render_officer_notice, label=_("Appearance: officer added"))
    register_renderer(OFFICER_CANCELLED, render_officer_notice, label=_("Appearance cancelled: officer"))
    register_renderer(PRESENTER_CANCELLED, render_presenter_notice, label=_("Appearance cancelled: presenter"))


def notices_about(participant: AppearanceParticipant):
    """The outgoing mail about one participant (for tests and the admin)."""
    return OutgoingMail.objects.filter(
        about_type=ContentType.objects.get_for_model(AppearanceParticipant), about_id=participant.pk
    )
