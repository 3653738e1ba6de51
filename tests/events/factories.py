from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from events.enums import BudgetCategory, EngagementRole, SummitStatus
from events.models import BudgetLine, InfluencerEngagement, PanelSeat, RiskAssessment, Stall, StallUnit, Summit, Venue
from tests.factories import BoroughFactory, VolunteerProfileFactory
from tests.influencers.factories import ClearedInfluencerFactory as InfluencerFactory


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Community hub {n}")
    address = "1 High Street, London"
    postcode = "E8 1AA"
    capacity = 120
    cost = Decimal("0.00")


class SummitFactory(factory.django.DjangoModelFactory):
    """A summit in planning, twelve weeks away, with its risk assessment (no checklist: see summit_create)."""

    class Meta:
        model = Summit
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Community summit {n}")
    slug = factory.Sequence(lambda n: f"community-summit-{n}")
    status = SummitStatus.PLANNING
    borough = factory.SubFactory(BoroughFactory)
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(weeks=12)).replace(hour=18, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=3) if s.starts_at else None)
    expected_attendees = 100
    catering_headcount = 100

    risk = factory.RelatedFactory("tests.events.factories.RiskAssessmentFactory", factory_related_name="summit")


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAssessment
        django_get_or_create = ["summit"]


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    summit = factory.SubFactory(SummitFactory)
    category = BudgetCategory.FOOD
    description = "Jollof and jerk chicken for 100"
    planned = Decimal("1200.00")


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfluencerEngagement

    summit = factory.SubFactory(SummitFactory)
    influencer = factory.SubFactory(InfluencerFactory)
    role = EngagementRole.HOST
    fee = Decimal("0.00")


class PanelSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelSeat

    summit = factory.SubFactory(SummitFactory)
    volunteer = factory.SubFactory(VolunteerProfileFactory)
    position = factory.Sequence(lambda n: n + 1)
    confirmed = True


class StallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stall

    summit = factory.SubFactory(SummitFactory)
    unit = factory.LazyFunction(lambda: StallUnit.objects.get_or_create(name="Mounted branch")[0])
    description = "Two horses and their riders"
    brings_animals = True
