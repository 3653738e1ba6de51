from datetime import timedelta

import factory
from django.utils import timezone

from feedback.enums import InterestArea, InterestSource
from feedback.models import ExpressionOfInterest, InfluencerDebrief, SurveyInvitation, SurveyLink
from feedback.services import new_token
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


def invitation_with_link(*, survey, holder, expires_in=timedelta(days=30)) -> tuple[SurveyInvitation, str]:
    """An invitation already sent, with a link whose token the test knows."""
    invitation = SurveyInvitation.objects.create(
        survey=survey, ticket_holder=holder, status="sent", sent_at=timezone.now(), attempts=1
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
