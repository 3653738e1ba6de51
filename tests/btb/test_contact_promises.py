"""What the profile form and the privacy notice promise about contact details, and that pages are not kept."""

import pytest
from django.urls import reverse

from btb.accounts.models import AuditEvent
from tests.events.volunteering.factories import SignUpFactory
from tests.factories import VolunteerProfileFactory
from tests.influencers.factories import InfluencerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked():
    profile = VolunteerProfileFactory(phone="07700 900123", user__email="sam.officer@met.example")
    return SignUpFactory(volunteer=profile)


def test_oversight_sees_the_roster_without_contact_details(client, oversight, coordinator, booked):
    url = reverse("events:summit_roster", kwargs={"slug": booked.role.summit.slug})
    client.force_login(oversight)
    page = client.get(url).content.decode()
    assert booked.volunteer.display_name in page
    assert "sam.officer@met.example" not in page and "07700 900123" not in page
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "sam.officer@met.example" in page and "07700 900123" in page


def test_oversight_sees_a_profile_without_contact_details(client, oversight, coordinator, booked):
    url = reverse("accounts:volunteer_detail", kwargs={"pk": booked.volunteer.pk})
    client.force_login(oversight)
    page = client.get(url).content.decode()
    assert page and "sam.officer@met.example" not in page and "07700 900123" not in page
    client.force_login(coordinator)
    assert "07700 900123" in client.get(url).content.decode()


def test_influencer_export_is_for_coordinators_and_recorded(client, oversight, coordinator):
    InfluencerFactory(name="Dee Jay", email="dee@example.org")
    url = reverse("influencers:influencer_export")
    client.force_login(oversight)
    assert client.get(url, {"format": "csv"}).status_code == 403
    assert "Download CSV" not in client.get(reverse("influencers:influencer_list")).content.decode()
    client.force_login(coordinator)
    response = client.get(url, {"format": "csv", "q": "Dee"})
    assert response.status_code == 200 and "dee@example.org" in response.content.decode("utf-8-sig")
    event = AuditEvent.objects.get(action="influencer.exported")
    assert event.actor == coordinator and event.detail["rows"] == 1 and event.detail["format"] == "csv"


def test_pages_and_downloads_are_not_stored(client, coordinator, booked):
    client.force_login(coordinator)
    for url in (
        reverse("events:summit_roster", kwargs={"slug": booked.role.summit.slug}),
        reverse("accounts:volunteer_detail", kwargs={"pk": booked.volunteer.pk}),
        reverse("influencers:influencer_export") + "?format=csv",
        reverse("feedback:survey_link_form"),
        reverse("accounts:login"),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url
