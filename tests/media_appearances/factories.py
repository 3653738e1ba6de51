from datetime import timedelta

import factory
from django.utils import timezone

from influencers.enums import DueDiligenceStatus
from influencers.models import Influencer
from media_appearances.enums import OutletKind, ParticipantRole
from media_appearances.models import (
    Appearance,
    AppearanceParticipant,
    LivestreamComment,
    MetricSnapshot,
    Outlet,
    Question,
    QuestionSet,
    QuestionSetItem,
)
from tests.factories import VolunteerProfileFactory


class InfluencerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Influencer

    name = factory.Sequence(lambda n: f"Presenter {n}")
    due_diligence_status = DueDiligenceStatus.CLEARED


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = OutletKind.COMMUNITY_RADIO


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Appearance {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    external_presenter = "Sam Presenter"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppearanceParticipant

    appearance = factory.SubFactory(AppearanceFactory)
    volunteer = factory.SubFactory(VolunteerProfileFactory)
    role = ParticipantRole.INTERVIEWEE


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"Question number {n}?")
    topic = "career"
    preparation_notes = factory.Sequence(lambda n: f"Notes {n}")


class QuestionSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionSet

    name = factory.Sequence(lambda n: f"Set {n}")


class QuestionSetItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionSetItem

    question_set = factory.SubFactory(QuestionSetFactory)
    text = factory.Sequence(lambda n: f"Item {n}?")
    position = factory.Sequence(lambda n: n + 1)


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricSnapshot

    appearance = factory.SubFactory(AppearanceFactory)
    recorded_on = factory.LazyFunction(timezone.localdate)
    views = 100


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivestreamComment

    appearance = factory.SubFactory(AppearanceFactory)
    text = "Great show"
    sentiment = "positive"
    score = 0.6
