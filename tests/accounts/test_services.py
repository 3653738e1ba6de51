import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from btb.accounts import services
from btb.accounts.enums import Role
from btb.accounts.models import User, VolunteerProfile
from btb.accounts.tokens import make_verification_token, user_for_verification_token
from btb.errors import ApplicationError
from tests.factories import BoroughFactory, StaffNetworkFactory, UserFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def register(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer_register(**kwargs)


@pytest.mark.parametrize(
    "email,allowed",
    [
        ("a.b@met.police.uk", True),
        ("A.B@MET.POLICE.UK", True),
        ("x@essex.police.uk", True),
        ("x@police.uk", True),
        ("x@notpolice.uk", False),
        ("x@police.uk.evil.com", False),
        ("x@gmail.com", False),
    ],
)
def test_email_domain_allowed_matches_domain_and_subdomains(email, allowed):
    assert services.email_domain_allowed(email) is allowed


def test_volunteer_register_creates_inactive_volunteer_and_sends_link(django_capture_on_commit_callbacks):
    register(django_capture_on_commit_callbacks, email="New.Person@met.police.uk", display_name="PC New Person")
    user = User.objects.get(email="New.Person@met.police.uk")
    assert user.is_active is False and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [Role.VOLUNTEER.value]
    assert user.volunteer.display_name == "PC New Person"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["New.Person@met.police.uk"]
    assert "/accounts/verify/" in message.body
    assert message.alternatives and "Choose my password" in message.alternatives[0][0]


def test_volunteer_register_refuses_other_domains(django_capture_on_commit_callbacks):
    with pytest.raises(ApplicationError) as error:
        register(django_capture_on_commit_callbacks, email="someone@gmail.com", display_name="Someone")
    assert error.value.field == "email"
    assert "@met.police.uk" in error.value.message
    assert not User.objects.exists() and mail.outbox == []


def test_volunteer_register_existing_account_gets_a_reminder_not_a_second_account(django_capture_on_commit_callbacks):
    UserFactory(email="taken@met.police.uk")
    register(django_capture_on_commit_callbacks, email="TAKEN@met.police.uk", display_name="Someone")
    assert User.objects.filter(email__iexact="taken@met.police.uk").count() == 1
    assert len(mail.outbox) == 1 and "already have an account" in mail.outbox[0].body


def test_volunteer_register_pending_account_gets_a_fresh_link(django_capture_on_commit_callbacks):
    register(django_capture_on_commit_callbacks, email="pending@met.police.uk", display_name="Pending")
    register(django_capture_on_commit_callbacks, email="pending@met.police.uk", display_name="Pending again")
    assert User.objects.filter(email="pending@met.police.uk").count() == 1
    assert [m.subject for m in mail.outbox] == ["Finish registering with Behind the Badge"] * 2


def test_volunteer_register_deactivated_account_gets_nothing(django_capture_on_commit_callbacks):
    UserFactory(email="gone@met.police.uk", is_active=False, email_verified_at=timezone.now())
    register(django_capture_on_commit_callbacks, email="gone@met.police.uk", display_name="Gone")
    assert mail.outbox == []


def test_verification_token_round_trip_and_single_use():
    user = User.objects.create(username="p@met.police.uk", email="p@met.police.uk", is_active=False)
    user.set_unusable_password()
    user.save()
    token = make_verification_token(user)
    assert user_for_verification_token(token) == user
    services.volunteer_verify(user=user, password="A-long-enough-passphrase")
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at and user.check_password("A-long-enough-passphrase")
    assert user_for_verification_token(token) is None


@pytest.mark.parametrize("token", ["", "garbage", "WzEsImFiYyJd:1abc:def", "a" * 500])
def test_verification_token_rejects_forged_tokens(token):
    assert user_for_verification_token(token) is None


def test_verification_token_expires_with_the_registration(settings):
    user = User.objects.create(username="q@met.police.uk", email="q@met.police.uk", is_active=False)
    token = make_verification_token(user)
    days = settings.UNVERIFIED_REGISTRATION_DAYS
    with mock.patch("django.core.signing.time.time", return_value=time.time() + days * 86400 - 60):
        assert user_for_verification_token(token) == user
    with mock.patch("django.core.signing.time.time", return_value=time.time() + days * 86400 + 60):
        assert user_for_verification_token(token) is None


def test_volunteer_verify_refuses_an_already_verified_account():
    user = UserFactory(email_verified_at=timezone.now())
    with pytest.raises(ApplicationError, match="already verified"):
        services.volunteer_verify(user=user, password="Another-long-passphrase")


def test_purge_unverified_registrations_deletes_only_stale_unverified_accounts(caplog):
    old = timezone.now() - timedelta(days=8)
    stale = UserFactory(is_active=False, email="stale@met.police.uk")
    VolunteerProfileFactory(user=stale)
    fresh = UserFactory(is_active=False)
    verified_but_disabled = UserFactory(is_active=False, email_verified_at=old)
    active = UserFactory()
    User.objects.filter(pk__in=[stale.pk, verified_but_disabled.pk, active.pk]).update(date_joined=old)
    with caplog.at_level("INFO"):
        assert services.purge_unverified_registrations() == 1
    assert set(User.objects.values_list("pk", flat=True)) == {fresh.pk, verified_but_disabled.pk, active.pk}
    assert not VolunteerProfile.objects.filter(user_id=stale.pk).exists()
    assert "stale@" not in caplog.text and "Purged 1 unverified" in caplog.text


def test_profile_update_saves_fields_and_networks():
    profile = VolunteerProfileFactory()
    borough = BoroughFactory(name="Lewisham")
    network = StaffNetworkFactory(name="Women's Network")
    services.profile_update(
        profile=profile,
        data={"display_name": "Sgt New Name", "borough": borough, "staff_networks": [network], "willing_panel": True},
    )
    profile.refresh_from_db()
    assert (profile.display_name, profile.borough, profile.willing_panel) == ("Sgt New Name", borough, True)
    assert list(profile.staff_networks.all()) == [network]


def test_groups_exist_from_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Coordinators", "Volunteers", "Oversight"}
