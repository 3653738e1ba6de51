"""Telling people a summit is off: each ticket holder's address once (several tickets, one e-mail, no survey) and
each engaged influencer once, queued in the outbox with the cancellation. Volunteers hear through their sign-ups'
own cancellation notice. Written when sent, from the summit and the holder as they are then."""

import hashlib

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from btb.outbox.services import Rendered, Skip, outbox_enqueue_many, register_renderer

from ..enums import EngagementStatus, SummitStatus
from ..models import Summit

TICKET_HOLDER = "events.summit_cancelled_ticket_holder"
INFLUENCER = "events.summit_cancelled_influencer"


def _address_key(email: str) -> str:
    """One message per address, without writing the address into the key a second time."""
    return "ticket:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]


def cancellation_notices_queue(*, summit: Summit) -> int:
    """Inside the cancellation's transaction. Returns how many messages were queued."""
    scope = f"summit:{summit.pk}"
    holders = {}
    for email in (
        summit.ticket_holders.filter(anonymised_at__isnull=True).exclude(email="").values_list("email", flat=True)
    ):
        holders.setdefault(_address_key(email), email)
    queued = outbox_enqueue_many(
        kind=TICKET_HOLDER, messages=[(summit, email, key) for key, email in holders.items()], scope=scope
    )
    engaged = {
        engagement.influencer_id: engagement.influencer
        for engagement in summit.engagements.select_related("influencer").exclude(status=EngagementStatus.WITHDRAWN)
    }
    queued += outbox_enqueue_many(
        kind=INFLUENCER,
        messages=[(summit, influencer.email, f"influencer:{pk}") for pk, influencer in engaged.items()],
        scope=scope,
    )
    return queued


def _summit(mail):
    summit = Summit.objects.filter(pk=mail.about_id).first()
    if summit is None or summit.status != SummitStatus.CANCELLED:
        return None
    return summit


def _rendered(summit, name, influencer) -> Rendered:
    return Rendered(
        template_prefix="events/email/summit_cancelled",
        context={
            "summit": summit,
            "name": name,
            "when": f"{timezone.localtime(summit.starts_at):%A %-d %B %Y}",
            "reason": summit.cancellation_reason,
            "influencer": influencer,
        },
    )


def render_ticket_holder_notice(mail) -> Rendered | Skip:
    summit = _summit(mail)
    if summit is None:
        return Skip("no longer relevant: the summit is not cancelled")
    holder = summit.ticket_holders.filter(anonymised_at__isnull=True, email__iexact=mail.recipient).first()
    if holder is None:
        return Skip("no longer relevant: the ticket holder's details were removed")
    return _rendered(summit, holder.name.split(" ")[0] if holder.name else "", influencer=False)


def render_influencer_notice(mail) -> Rendered | Skip:
    summit = _summit(mail)
    if summit is None:
        return Skip("no longer relevant: the summit is not cancelled")
    engagement = (
        summit.engagements.select_related("influencer")
        .filter(influencer_id=int(mail.dedupe_key.removeprefix("influencer:")))
        .first()
    )
    if engagement is None:
        return Skip("no longer relevant: the influencer is no longer engaged")
    influencer = engagement.influencer
    return _rendered(summit, influencer.known_as or influencer.name, influencer=True)


def register() -> None:
    register_renderer(TICKET_HOLDER, render_ticket_holder_notice, label=_("Summit cancelled: ticket holder"))
    register_renderer(INFLUENCER, render_influencer_notice, label=_("Summit cancelled: influencer"))
