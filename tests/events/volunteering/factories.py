from datetime import timedelta

import factory

from events.models import SignUp, VolunteerRole
from events.volunteering.enums import RoleKind, SignUpStatus
from tests.events.factories import SummitFactory
from tests.factories import VolunteerProfileFactory
from tests.media_appearances.factories import AppearanceFactory


class VolunteerRoleFactory(factory.django.DjangoModelFactory):
    """A welcome role covering the whole of a summit twelve weeks away."""

    class Meta:
        model = VolunteerRole

    summit = factory.SubFactory(SummitFactory)
    kind = RoleKind.WELCOME
    title = factory.Sequence(lambda n: f"Welcome desk {n}")
    description = "Greet people at the door and point them to the stalls."
    starts_at = factory.LazyAttribute(lambda r: r.summit.starts_at - timedelta(minutes=30))
    ends_at = factory.LazyAttribute(lambda r: r.summit.ends_at)
    places = 2
    what_to_bring = "Warrant card"


class InterviewSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerRole

    summit = None
    appearance = factory.SubFactory(AppearanceFactory)
    kind = RoleKind.INTERVIEW
    title = factory.Sequence(lambda n: f"Interviewee {n}")
    starts_at = factory.LazyAttribute(lambda r: r.appearance.starts_at)
    ends_at = factory.LazyAttribute(lambda r: r.appearance.ends_at)
    places = 1


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    role = factory.SubFactory(VolunteerRoleFactory)
    volunteer = factory.SubFactory(VolunteerProfileFactory)
    status = SignUpStatus.PENDING
