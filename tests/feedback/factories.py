from datetime import timedelta

import factory
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from feedback.enums import InterestArea, InterestSource
from feedback.models import ExpressionOfInterest, InfluencerDebrief, SurveyInvitation, SurveyLink
from feedback.services import INVITATION, new_token
from tests.events.factories import InfluencerFactory, SummitFactory


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"interested{n}@example.org")
    interests = factory.LazyFunction(lambda: [InterestArea.SPECIAL.value])
    source = InterestSource.STALL
    consent_at = factory.LazyFunction(timezone.now)


class DebriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfluencerDebrief

    influencer = factory.SubFactory(InfluencerFactory, email="influencer@example.org")
    summit = factory.SubFactory(SummitFactory)


def invitation_with_link(
    *, survey, holder, expires_in=timedelta(days=30), sent_at=None
) -> tuple[SurveyInvitation, str]:
    """An invitation already sent (its outbox row says so), with a link whose token the test knows."""
    invitation = SurveyInvitation.objects.create(survey=survey, ticket_holder=holder)
    sent_at = sent_at or timezone.now()
    OutgoingMail.objects.create(
        kind=INVITATION,
        about=invitation,
        scope=f"summit:{survey.summit_id}",
        recipient=holder.email or "removed@retention.invalid",
        status=MailStatus.SENT,
        attempts=1,
        queued_at=sent_at,
        claimed_at=sent_at,
        handed_over_at=sent_at,
        sent_at=sent_at,
    )
    token, hashed = new_token()
    SurveyLink.objects.create(invitation=invitation, token_hash=hashed, expires_at=timezone.now() + expires_in)
    return invitation, token


def debrief_with_link(**kwargs) -> tuple[InfluencerDebrief, str]:
    token, hashed = new_token()
    debrief = DebriefFactory(
        token_hash=hashed, token_expires_at=timezone.now() + timedelta(days=30), requested_at=timezone.now(), **kwargs
    )
    return debrief, token
