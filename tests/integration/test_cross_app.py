"""The seams between apps that never import each other: the calendar and the influencer's engagement history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.events.factories import EngagementFactory, SummitFactory
from tests.factories import BoroughFactory
from tests.media_appearances.factories import AppearanceFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _this_month(day, hour=18):
    return timezone.localtime().replace(day=day, hour=hour, minute=0, second=0, microsecond=0)


def test_calendar_shows_summits_and_media_appearances(client, coordinator):
    summit = SummitFactory(starts_at=_this_month(10), ends_at=_this_month(10) + timedelta(hours=3))
    appearance = AppearanceFactory(starts_at=_this_month(12))
    client.force_login(coordinator)
    entries = {entry.uid: entry for entry in client.get(reverse("events:calendar")).context["entries"]}
    assert set(entries) == {f"summit-{summit.pk}", f"appearance-{appearance.pk}"}
    assert entries[f"appearance-{appearance.pk}"].kind == "Media appearance"
    assert entries[f"appearance-{appearance.pk}"].url == appearance.get_absolute_url()


def test_calendar_borough_filter_takes_appearances_by_their_officers_borough(client, coordinator):
    hackney = BoroughFactory(name="Hackney")
    local = AppearanceFactory(starts_at=_this_month(12))
    ParticipantFactory(appearance=local, volunteer__borough=hackney)
    elsewhere = AppearanceFactory(starts_at=_this_month(13))
    ParticipantFactory(appearance=elsewhere)
    client.force_login(coordinator)
    response = client.get(reverse("events:calendar"), {"borough": hackney.pk})
    assert [entry.uid for entry in response.context["entries"]] == [f"appearance-{local.pk}"]


def test_influencer_page_lists_summits_and_appearances_newest_first(client, coordinator):
    engagement = EngagementFactory(summit__title="Woolwich summit", summit__starts_at=_this_month(1))
    influencer = engagement.influencer
    AppearanceFactory(influencer=influencer, title="Radio hour", starts_at=_this_month(1) + timedelta(days=40))
    client.force_login(coordinator)
    history = client.get(influencer.get_absolute_url()).context["engagements"]
    assert [(row.kind, row.title.split(" (")[0]) for row in history] == [
        ("Media appearance", "Radio hour"),
        ("Summit", "Woolwich summit"),
    ]


def test_appearance_page_shows_its_interview_slots_to_coordinators(client, coordinator, volunteer):
    from tests.events.volunteering.factories import InterviewSlotFactory

    appearance = AppearanceFactory(starts_at=_this_month(20))
    InterviewSlotFactory(appearance=appearance, places=2)
    client.force_login(coordinator)
    page = client.get(appearance.get_absolute_url()).content.decode()
    assert "Interview slots" in page and "0 of 2 places filled" in page
    assert reverse("events:appearance_roster", kwargs={"pk": appearance.pk}) in page


def test_recording_an_appearance_asks_its_influencer_for_one_debrief(django_capture_on_commit_callbacks):
    from feedback.models import InfluencerDebrief
    from media_appearances import services as media_services
    from tests.influencers.factories import ClearedInfluencerFactory

    appearance = AppearanceFactory(
        influencer=ClearedInfluencerFactory(email="host@example.org"),
        status="confirmed",
        starts_at=timezone.now() - timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        media_services.appearance_mark_recorded(appearance=appearance)
    debrief = InfluencerDebrief.objects.get(appearance=appearance)
    assert debrief.influencer == appearance.influencer
    from django.core import mail

    assert [m.to for m in mail.outbox] == [["host@example.org"]]


def test_cancelling_an_appearance_cancels_interview_signups_and_tells_the_volunteer(
    django_capture_on_commit_callbacks, volunteer
):
    from django.core import mail

    from events.volunteering.enums import SignUpStatus
    from media_appearances import services as media_services
    from tests.events.volunteering.factories import InterviewSlotFactory, SignUpFactory

    appearance = AppearanceFactory(status="confirmed", starts_at=timezone.now() + timedelta(days=10))
    signup = SignUpFactory(role=InterviewSlotFactory(appearance=appearance), volunteer=volunteer.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        media_services.appearance_cancel(appearance=appearance, reason="Studio flooded")
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED
    assert any("Studio flooded" in m.body and volunteer.email in m.to for m in mail.outbox)


def test_volunteer_home_shows_what_is_coming_up(client, volunteer):
    from tests.events.volunteering.factories import SignUpFactory

    signup = SignUpFactory(volunteer=volunteer.volunteer, role__title="Welcome desk at Woolwich")
    client.force_login(volunteer)
    response = client.get(reverse("home"))
    panel = next(panel for panel in response.context["panels"] if panel.title == "Coming up")
    assert list(panel.context["signups"]) == [signup]
    assert "Welcome desk at Woolwich" in response.content.decode()
