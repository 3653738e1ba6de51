import factory

from influencers.enums import Platform
from influencers.models import FollowerSnapshot, Influencer, InfluencerSkill, PlatformAccount


class InfluencerSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfluencerSkill
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test skill {n}")


class InfluencerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Influencer

    name = factory.Faker("name")
    known_as = ""
    email = factory.Sequence(lambda n: f"influencer{n}@example.org")


class PlatformAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformAccount

    influencer = factory.SubFactory(InfluencerFactory)
    platform = Platform.INSTAGRAM
    handle = factory.Sequence(lambda n: f"@handle{n}")
    profile_url = factory.LazyAttribute(lambda a: f"https://instagram.com/{a.handle.lstrip('@')}")
    audience_size = 0


class FollowerSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowerSnapshot

    account = factory.SubFactory(PlatformAccountFactory)
    recorded_on = factory.Faker("date_this_year")
    audience_size = 1000
