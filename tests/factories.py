import factory
from django.contrib.auth.models import Group

from btb.accounts.enums import Role, WorkforceType
from btb.accounts.models import Borough, StaffNetwork, User, VolunteerProfile

PASSWORD = "Correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@met.police.uk")
    first_name = factory.Faker("first_name")
    is_active = True
    password = factory.django.Password(PASSWORD)

    roles = factory.PostGeneration(lambda user, create, extracted, **kw: _add_roles(user, create, extracted, ()))


def _add_roles(user, create, extracted, default):
    roles = extracted if extracted is not None else default
    if create and roles:
        user.groups.add(*Group.objects.filter(name__in=[role.value for role in roles]))


class CoordinatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"coordinator{n}")
    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_roles(user, create, extracted, [Role.COORDINATOR])
    )


class OversightFactory(UserFactory):
    username = factory.Sequence(lambda n: f"oversight{n}")
    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_roles(user, create, extracted, [Role.OVERSIGHT])
    )


class BoroughFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Borough
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test borough {n}")


class StaffNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffNetwork
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test network {n}")


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    user = factory.SubFactory(UserFactory, roles=[Role.VOLUNTEER], username=factory.Sequence(lambda n: f"vol{n}"))
    display_name = factory.Faker("name")
    workforce_type = WorkforceType.OFFICER
    rank_or_grade = "Police Constable"
    command_unit = "Central East BCU"
    borough = factory.SubFactory(BoroughFactory)
    willing_media = True
