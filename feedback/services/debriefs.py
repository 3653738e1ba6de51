"""Influencers' debriefs: a single-use link after a summit or appearance, or recorded by a coordinator."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from btb.errors import ApplicationError
from btb.mail import send_templated_mail
from events.enums import EngagementStatus

from ..models import InfluencerDebrief
from .tokens import new_token, token_hash

DEBRIEF_FIELDS = ["what_worked", "what_did_not", "audience_said", "overall_feeling", "suggestions", "consent_to_quote"]
LINK_DAYS = 30


@transaction.atomic
def debriefs_request_for_summit(*, summit) -> list[int]:
    """One debrief per influencer engaged for the summit (not withdrawn), each sent a link on commit."""
    from ..tasks import task_send_debrief_request

    influencers = {
        engagement.influencer_id: engagement.influencer
        for engagement in summit.engagements.select_related("influencer").exclude(status=EngagementStatus.WITHDRAWN)
    }
    existing = set(InfluencerDebrief.objects.filter(summit=summit).values_list("influencer_id", flat=True))
    created = InfluencerDebrief.objects.bulk_create(
        [InfluencerDebrief(influencer=i, summit=summit) for pk, i in influencers.items() if pk not in existing]
    )
    for debrief in created:
        task_send_debrief_request.delay_on_commit(pk=debrief.pk)
    return [debrief.pk for debrief in created]


@transaction.atomic
def debrief_create(*, influencer, summit=None, appearance=None) -> InfluencerDebrief:
    if (summit is None) == (appearance is None):
        raise ApplicationError("Choose a summit or an appearance.", field="summit")
    from ..tasks import task_send_debrief_request

    debrief = InfluencerDebrief.objects.create(influencer=influencer, summit=summit, appearance=appearance)
    task_send_debrief_request.delay_on_commit(pk=debrief.pk)
    return debrief


def debrief_request(*, debrief_pk: int, now=None) -> str:
    """Send the influencer their link, once; a new link replaces an unused older one only when sent again."""
    now = now or timezone.now()
    with transaction.atomic():
        debrief = (
            InfluencerDebrief.objects.select_for_update(of=("self",))
            .select_related("influencer", "summit", "appearance")
            .filter(pk=debrief_pk)
            .first()
        )
        if debrief is None or debrief.is_submitted or debrief.requested_at is not None:
            return "nothing to send"
        if not debrief.influencer.email:
            return "no e-mail address"
        token, hashed = new_token()
        debrief.token_hash, debrief.token_expires_at, debrief.requested_at = (
            hashed,
            now + timedelta(days=LINK_DAYS),
            now,
        )
        debrief.save(update_fields=["token_hash", "token_expires_at", "requested_at"])
        send_templated_mail(
            to=[debrief.influencer.email],
            template_prefix="feedback/email/debrief_request",
            context={
                "debrief": debrief,
                "about": debrief.about,
                "url": settings.SITE_URL + reverse("feedback:debrief_answer", kwargs={"token": token}),
            },
        )
    return "sent"


def debrief_for_token(*, token: str, now=None) -> tuple[InfluencerDebrief | None, str]:
    debrief = (
        InfluencerDebrief.objects.select_related("influencer", "summit", "appearance")
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
            {"used": "This debrief has already been sent. Thank you!", "expired": "This link has expired."}.get(
                state, "This link is not valid."
            )
        )
    debrief = InfluencerDebrief.objects.select_for_update().get(pk=debrief.pk)
    if debrief.is_submitted:
        raise ApplicationError("This debrief has already been sent. Thank you!")
    for name in DEBRIEF_FIELDS:
        setattr(debrief, name, data.get(name, getattr(debrief, name)))
    debrief.submitted_at = now or timezone.now()
    debrief.token_hash = None  # single use
    debrief.save()
    return debrief


@transaction.atomic
def debrief_record(*, influencer, summit=None, appearance=None, data: dict, recorded_by) -> InfluencerDebrief:
    """A coordinator writes up a debrief after a face-to-face session."""
    if (summit is None) == (appearance is None):
        raise ApplicationError("Choose a summit or an appearance, not both.", field="summit")
    debrief = InfluencerDebrief(influencer=influencer, summit=summit, appearance=appearance, recorded_by=recorded_by)
    for name in DEBRIEF_FIELDS:
        setattr(debrief, name, data.get(name, getattr(debrief, name)))
    debrief.submitted_at = timezone.now()
    debrief.save()
    return debrief
