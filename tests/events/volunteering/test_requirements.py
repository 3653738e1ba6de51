from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from btb.errors import ApplicationError
from events.models import Requirement, SignUp, VolunteerCredential
from events.volunteering import requirements, services
from events.volunteering.enums import SignUpStatus
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import CoordinatorFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def need(name):
    return Requirement.objects.get(name=name)


def holds(profile, name, expires_on=None):
    return VolunteerCredential.objects.create(volunteer=profile, requirement=need(name), expires_on=expires_on)


@pytest.fixture
def first_aid_role():
    role = VolunteerRoleFactory(title="Set-up crew", places=2)
    role.requirements.set([need("First aid")])
    return role


def test_requirements_seeded_by_the_data_migration():
    names = set(Requirement.objects.values_list("name", flat=True))
    assert {"Media trained", "First aid", "Speaks Welsh", "Speaks Urdu"} <= names


def test_signup_refused_without_the_credential(first_aid_role):
    profile = VolunteerProfileFactory()
    with pytest.raises(ApplicationError, match=r"This needs First aid \(not on your profile\), valid on the day"):
        services.signup_create(role=first_aid_role, volunteer=profile, by=profile.user)
    assert not SignUp.objects.filter(role=first_aid_role).exists()


def test_signup_refused_when_the_credential_expires_before_the_role(first_aid_role):
    profile = VolunteerProfileFactory()
    lapsed = first_aid_role.day - timedelta(days=1)
    holds(profile, "First aid", expires_on=lapsed)
    with pytest.raises(ApplicationError) as refused:
        services.signup_create(role=first_aid_role, volunteer=profile, by=profile.user)
    assert f"First aid (yours expired {date_format(lapsed, 'j F')})" in refused.value.message


def test_signup_allowed_when_valid_on_the_roles_day(first_aid_role):
    profile = VolunteerProfileFactory()
    holds(profile, "First aid", expires_on=first_aid_role.day)  # valid until the end of that day
    signup = services.signup_create(role=first_aid_role, volunteer=profile, by=profile.user)
    assert signup.status == SignUpStatus.PENDING


def test_waiting_list_is_refused_too(first_aid_role):
    first_aid_role.places = 1
    first_aid_role.save()
    SignUpFactory(role=first_aid_role, status=SignUpStatus.CONFIRMED)
    with pytest.raises(ApplicationError, match="This needs First aid"):
        services.signup_create(role=first_aid_role, volunteer=(p := VolunteerProfileFactory()), by=p.user)


def test_coordinator_booking_is_refused_with_the_volunteers_name(first_aid_role):
    profile = VolunteerProfileFactory(display_name="PC Ade")
    holds(profile, "First aid", expires_on=timezone.localdate())
    with pytest.raises(ApplicationError, match=r"PC Ade does not meet what this needs: First aid \(expired"):
        services.signup_create(role=first_aid_role, volunteer=profile, by=CoordinatorFactory())


def test_accepting_an_offer_rechecks_the_credential(first_aid_role):
    profile = VolunteerProfileFactory()
    offered = SignUpFactory(
        role=first_aid_role,
        volunteer=profile,
        status=SignUpStatus.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=4),
    )
    with pytest.raises(ApplicationError, match="This needs First aid"):
        services.signup_accept_offer(signup=offered, by=profile.user)


def test_credential_save_adds_then_renews(volunteer):
    profile = volunteer.volunteer
    later = timezone.localdate() + timedelta(days=30)
    requirements.credential_save(volunteer=profile, requirement=need("First aid"), expires_on=None, by=volunteer)
    requirements.credential_save(volunteer=profile, requirement=need("First aid"), expires_on=later, by=volunteer)
    assert list(profile.credentials.values_list("expires_on", flat=True)) == [later]


def test_credential_save_refuses_a_date_passed(volunteer):
    with pytest.raises(ApplicationError, match="That date has passed") as refused:
        requirements.credential_save(
            volunteer=volunteer.volunteer,
            requirement=need("First aid"),
            expires_on=timezone.localdate() - timedelta(days=1),
            by=volunteer,
        )
    assert refused.value.field == "expires_on"


def test_roles_copy_keeps_the_requirements(first_aid_role):
    target = SummitFactory(starts_at=first_aid_role.summit.starts_at + timedelta(days=7))
    [copy] = services.roles_copy(source=first_aid_role.summit, target=target, shift=timedelta(days=7), stalls={})
    assert list(copy.requirements.values_list("name", flat=True)) == ["First aid"]


# --- Pages ---------------------------------------------------------------------------------------------------------


def test_board_says_what_is_needed_and_why_not_before_signing_up(client, volunteer, first_aid_role):
    lapsed = timezone.localdate() - timedelta(days=3)
    holds(volunteer.volunteer, "First aid", expires_on=lapsed)
    client.force_login(volunteer)
    page = client.get(reverse("events:opportunity_list")).content.decode()
    assert f"First aid (yours expired {date_format(lapsed, 'j F')})" in page
    assert reverse("events:opportunity_signup", args=[first_aid_role.pk]) not in page
    assert reverse("events:my_credentials") in page


def test_board_offers_sign_up_once_the_credential_is_valid(client, volunteer, first_aid_role):
    holds(volunteer.volunteer, "First aid")
    client.force_login(volunteer)
    page = client.get(reverse("events:opportunity_list")).content.decode()
    assert reverse("events:opportunity_signup", args=[first_aid_role.pk]) in page


def test_signup_page_refuses_with_the_message_on_post(client, volunteer, first_aid_role):
    client.force_login(volunteer)
    url = reverse("events:opportunity_signup", args=[first_aid_role.pk])
    assert "This needs First aid (not on your profile)" in client.get(url).content.decode()
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "This needs First aid" in response.content.decode()
    assert not SignUp.objects.filter(role=first_aid_role).exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_board_with_requirements_query_count_flat(client, volunteer, django_assert_max_num_queries, rows):
    summit = SummitFactory()
    for _ in range(rows):
        VolunteerRoleFactory(summit=summit).requirements.set([need("First aid"), need("Speaks Welsh")])
    holds(volunteer.volunteer, "First aid")
    client.force_login(volunteer)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("events:opportunity_list"))
    assert all(len(role.requirement_checks) == 2 for role in response.context["roles"])


def test_roster_shows_who_meets_what(client, coordinator, first_aid_role):
    met, lapsed = VolunteerProfileFactory(display_name="PC Met"), VolunteerProfileFactory(display_name="PC Lapsed")
    holds(met, "First aid")
    holds(lapsed, "First aid", expires_on=timezone.localdate() - timedelta(days=10))
    SignUpFactory(role=first_aid_role, volunteer=met)
    SignUpFactory(role=first_aid_role, volunteer=lapsed)
    client.force_login(coordinator)
    response = client.get(reverse("events:summit_roster", kwargs={"slug": first_aid_role.summit.slug}))
    [role] = response.context["roles"]
    states = {s.volunteer.display_name: [c.state for c in s.requirement_checks] for s in role.all_signups}
    assert states == {"PC Met": ["met"], "PC Lapsed": ["expired"]}
    assert "First aid: expired" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_roster_with_requirements_query_count_flat(client, coordinator, django_assert_max_num_queries, rows):
    summit = SummitFactory()
    for _ in range(rows):
        role = VolunteerRoleFactory(summit=summit)
        role.requirements.set([need("First aid")])
        holds(SignUpFactory(role=role).volunteer, "First aid")
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("events:summit_roster", kwargs={"slug": summit.slug}))


def test_role_form_sets_the_requirements(client, coordinator):
    summit = SummitFactory()
    client.force_login(coordinator)
    start = timezone.localtime(summit.starts_at)
    response = client.post(
        reverse("events:role_create", kwargs={"slug": summit.slug}),
        {
            "kind": "welcome",
            "title": "Welsh welcome desk",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "places": 1,
            "uniform_approach": "out_of_uniform",
            "requirements": [need("Speaks Welsh").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role = summit.volunteer_roles.get(title="Welsh welcome desk")
    assert list(role.requirements.values_list("name", flat=True)) == ["Speaks Welsh"]


def test_my_credentials_add_show_expired_and_remove(client, volunteer):
    client.force_login(volunteer)
    url = reverse("events:my_credentials")
    soon = timezone.localdate() + timedelta(days=60)
    response = client.post(url, {"requirement": need("First aid").pk, "expires_on": soon.isoformat()})
    assert response.status_code == 302
    old = holds(volunteer.volunteer, "Media trained")
    VolunteerCredential.objects.filter(pk=old.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    page = client.get(url).content.decode()
    assert "Expired" in page and f"Valid until {date_format(soon, 'j F Y')}" in page
    assert client.post(reverse("events:my_credential_remove", args=[old.pk])).status_code == 302
    assert list(volunteer.volunteer.credentials.values_list("requirement__name", flat=True)) == ["First aid"]


def test_my_credentials_bad_date_shown_next_to_the_field(client, volunteer):
    client.force_login(volunteer)
    response = client.post(
        reverse("events:my_credentials"), {"requirement": need("First aid").pk, "expires_on": "2001-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "expires_on": ["That date has passed: add it again once it is renewed, with the new date."]
    }


def test_another_volunteers_credential_cannot_be_removed(client, volunteer, other_volunteer):
    theirs = holds(other_volunteer.volunteer, "First aid")
    client.force_login(volunteer)
    assert client.post(reverse("events:my_credential_remove", args=[theirs.pk])).status_code == 404
    assert VolunteerCredential.objects.filter(pk=theirs.pk).exists()


def test_profile_page_shows_the_credentials(client, volunteer):
    holds(volunteer.volunteer, "Speaks Urdu")
    client.force_login(volunteer)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Speaks Urdu" in page and reverse("events:my_credentials") in page


def test_a_place_is_not_handed_to_a_colleague_who_lacks_what_the_role_needs(first_aid_role):
    giver = VolunteerProfileFactory()
    holds(giver, "First aid")
    signup = SignUpFactory(role=first_aid_role, volunteer=giver, status=SignUpStatus.CONFIRMED)
    colleague = VolunteerProfileFactory(display_name="PC Colleague")
    with pytest.raises(ApplicationError, match=r"PC Colleague does not meet what this needs: First aid \(not stated\)"):
        services.signup_hand_over(signup=signup, colleague=colleague, by=giver.user)
    holds(colleague, "First aid")
    assert services.signup_hand_over(signup=signup, colleague=colleague, by=giver.user).volunteer == colleague
