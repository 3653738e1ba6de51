"""Influencers' debriefs: a single-use link after a summit or appearance, or recorded by a coordinator."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from btb.errors import ApplicationError
from btb.languages import message_languages
from btb.outbox.services import Rendered, Skip, outbox_enqueue
from events.enums import EngagementStatus

from ..models import InfluencerDebrief
from .tokens import new_token, token_hash

DEBRIEF_FIELDS = ["what_worked", "what_did_not", "audience_said", "overall_feeling", "suggestions", "consent_to_quote"]
LINK_DAYS = 30


DEBRIEF_REQUEST = "feedback.debrief_request"


def _debrief_request_queue(debrief: InfluencerDebrief) -> None:
    """The influencer is sent their link by the outbox once the caller's transaction commits; one with no e-mail
    address is asked in person (the debrief page shows it waiting with no link sent)."""
    if not debrief.influencer.email:
        return
    scope = f"summit:{debrief.summit_id}" if debrief.summit_id else f"appearance:{debrief.appearance_id}"
    outbox_enqueue(kind=DEBRIEF_REQUEST, about=debrief, recipient=debrief.influencer.email, scope=scope)


@transaction.atomic
def debriefs_request_for_summit(*, summit) -> list[int]:
    """One debrief per influencer engaged for the summit (not withdrawn), each sent a link."""
    influencers = {
        engagement.influencer_id: engagement.influencer
        for engagement in summit.engagements.select_related("influencer").exclude(status=EngagementStatus.WITHDRAWN)
    }
    existing = set(InfluencerDebrief.objects.filter(summit=summit).values_list("influencer_id", flat=True))
    created = InfluencerDebrief.objects.bulk_create(
        [InfluencerDebrief(influencer=i, summit=summit) for pk, i in influencers.items() if pk not in existing]
    )
    for debrief in created:
        _debrief_request_queue(debrief)
    return [debrief.pk for debrief in created]


@transaction.atomic
def debrief_request_for_appearance(*, appearance) -> int | None:
    """Ask the influencer who presented the appearance for a debrief, once; external presenters are not asked."""
    if appearance.influencer_id is None:
        return None
    debrief, created = InfluencerDebrief.objects.select_related("influencer").get_or_create(
        influencer_id=appearance.influencer_id, appearance=appearance
    )
    if not created:
        return None
    _debrief_request_queue(debrief)
    return debrief.pk


@transaction.atomic
def debrief_create(*, influencer, summit=None, appearance=None) -> InfluencerDebrief:
    if (summit is None) == (appearance is None):
        raise ApplicationError(gettext("Choose a summit or an appearance."), field="summit")
    debrief = InfluencerDebrief.objects.create(influencer=influencer, summit=summit, appearance=appearance)
    _debrief_request_queue(debrief)
    return debrief


def debrief_summit_languages(debrief: InfluencerDebrief) -> list[str]:
    """The summit's survey setting as Django codes (Welsh first when bilingual); English for an appearance. Reads
    ``debrief.summit.survey`` (select_related("summit__survey") spares the query)."""
    survey = getattr(debrief.summit, "survey", None) if debrief.summit_id else None
    return survey.languages if survey else [settings.LANGUAGE_CODE]


def debrief_languages(debrief: InfluencerDebrief) -> list[str]:
    """The Django language codes the influencer is written to in, first language first: their own preference,
    else the summit's survey setting, else English."""
    return message_languages(debrief.influencer.language, debrief_summit_languages(debrief))


def render_debrief_request(mail, now=None) -> Rendered | Skip:
    """At send time: a new single-use link (only its hash kept), unless the debrief was answered meanwhile. Should
    the message not go after all, the link is withdrawn again."""
    now = now or timezone.now()
    debrief = (
        InfluencerDebrief.objects.select_related("influencer", "summit__survey", "appearance")
        .filter(pk=mail.about_id)
        .first()
    )
    if debrief is None or debrief.is_submitted:
        return Skip("no longer relevant: the debrief was sent or removed")
    before = {"token_hash": debrief.token_hash, "token_expires_at": debrief.token_expires_at}
    before["requested_at"] = debrief.requested_at
    token, hashed = new_token()
    minted = {"token_hash": hashed, "token_expires_at": now + timedelta(days=LINK_DAYS), "requested_at": now}
    if not InfluencerDebrief.objects.filter(pk=debrief.pk, submitted_at__isnull=True).update(**minted):
        return Skip("no longer relevant: the debrief was sent")

    def discard():
        InfluencerDebrief.objects.filter(pk=debrief.pk, token_hash=hashed).update(**before)

    return Rendered(
        template_prefix="feedback/email/debrief_request",
        context={
            "debrief": debrief,
            "about": debrief.about,
            "url": settings.SITE_URL + reverse("feedback:debrief_answer", kwargs={"token": token}),
            "languages": debrief_languages(debrief),
        },
        discard=discard,
    )


def debrief_for_token(*, token: str, now=None) -> tuple[InfluencerDebrief | None, str]:
    debrief = (
        InfluencerDebrief.objects.select_related("influencer", "summit__survey", "appearance")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if debrief is None:
        return None, "unknown"
    if debrief.is_submitted:
        return debrief, "used"
    if debrief.token_expires_at and debrief.token_expires_at <= (now or timezone.now()):
        return debrief, "expired"
    return debrief, "open"


@transaction.atomic
def debrief_submit(*, token: str, data: dict, now=None) -> InfluencerDebrief:
    debrief, state = debrief_for_token(token=token, now=now)
    if state != "open":
        raise ApplicationError(
            {
                "used": gettext("This debrief has already been sent. Thank you!"),
                "expired": gettext("This link has expired"),
            }.get(state, gettext("This link is not valid or has expired"))
        )
    debrief = InfluencerDebrief.objects.select_for_update().get(pk=debrief.pk)
    if debrief.is_submitted:
        raise ApplicationError(gettext("This debrief has already been sent. Thank you!"))
    for name in DEBRIEF_FIELDS:
        setattr(debrief, name, data.get(name, getattr(debrief, name)))
    debrief.submitted_at = now or timezone.now()
    # The hash stays: the link, opened again, finds the debrief sent and says so (single use is is_submitted).
    debrief.save()
    return debrief


@transaction.atomic
def debrief_record(*, influencer, summit=None, appearance=None, data: dict, recorded_by) -> InfluencerDebrief:
    """A coordinator writes up a debrief after a face-to-face session."""
    if (summit is None) == (appearance is None):
        raise ApplicationError(gettext("Choose a summit or an appearance, not both."), field="summit")
    debrief = InfluencerDebrief(influencer=influencer, summit=summit, appearance=appearance, recorded_by=recorded_by)
    for name in DEBRIEF_FIELDS:
        setattr(debrief, name, data.get(name, getattr(debrief, name)))
    debrief.submitted_at = timezone.now()
    debrief.save()
    return debrief
