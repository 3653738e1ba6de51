"""Officers are told when they are added to an appearance; officers and presenter when it is cancelled."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver
from events.volunteering.services import calendar_token_regenerate
from media_appearances import services
from media_appearances.enums import AppearanceStatus
from media_appearances.models import Appearance
from media_appearances.notices import OFFICER_ADDED, OFFICER_CANCELLED, PRESENTER_CANCELLED, notices_about
from tests.calendars import parse_both
from tests.factories import VolunteerProfileFactory
from tests.influencers.factories import InfluencerFactory
from tests.media_appearances.factories import AppearanceFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_an_officer_added_is_told_once(django_capture_on_commit_callbacks):
    appearance = AppearanceFactory(title="Drive-time interview", status=AppearanceStatus.CONFIRMED)
    officer = VolunteerProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        participant = services.participant_add(appearance=appearance, volunteer=officer)
    assert list(notices_about(participant).values_list("kind", "status")) == [(OFFICER_ADDED, MailStatus.SENT)]
    [message] = mail.outbox
    assert message.to == [officer.user.email]
    assert message.subject == "You are taking part: Drive-time interview"
    assert "/my/schedule/" in message.body


def test_an_officer_removed_before_the_notice_went_is_not_told(django_capture_on_commit_callbacks):
    appearance = AppearanceFactory(status=AppearanceStatus.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=False):
        participant = services.participant_add(appearance=appearance, volunteer=VolunteerProfileFactory())
    row = notices_about(participant).get()
    services.participant_remove(participant=participant)
    assert outbox_deliver(pks=[row.pk]) == {"skipped": [row.pk]}
    assert mail.outbox == []


def test_cancelling_tells_the_officers_and_the_presenter(django_capture_on_commit_callbacks):
    presenter = InfluencerFactory(email="presenter@example.org")
    appearance = AppearanceFactory(
        status=AppearanceStatus.CONFIRMED, influencer=presenter, external_presenter="", title="Late show"
    )
    officers = [ParticipantFactory(appearance=appearance) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        services.appearance_cancel(appearance=appearance, reason="Studio flooded")
    kinds = sorted(OutgoingMail.objects.values_list("kind", "recipient"))
    assert kinds == sorted(
        [(OFFICER_CANCELLED, p.volunteer.user.email) for p in officers] + [(PRESENTER_CANCELLED, presenter.email)]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [p.volunteer.user.email for p in officers] + [presenter.email]
    )
    assert all(m.subject == "Cancelled: Late show" and "Studio flooded" in m.body for m in mail.outbox)


def _calendar(message):
    [(name, body, mimetype)] = message.attachments
    return name, mimetype, parse_both(body.encode() if isinstance(body, str) else body)


def test_an_officer_added_gets_it_in_their_calendar_schedule_and_feed(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://btb.example.org"
    starts = timezone.now().replace(microsecond=0) + timedelta(days=7)
    appearance = AppearanceFactory(
        title="Drive-time & more", status=AppearanceStatus.CONFIRMED, starts_at=starts, duration_minutes=45
    )
    officer = VolunteerProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_add(appearance=appearance, volunteer=officer)
    [message] = mail.outbox
    name, mimetype, (method, [added]) = _calendar(message)
    assert (name, mimetype, method) == ("behind-the-badge.ics", "text/calendar; method=PUBLISH", "PUBLISH")
    uid = f"appearance-{appearance.pk}-officer-{officer.pk}@btb.example.org"
    assert added.uid == uid and added.status == "CONFIRMED"
    assert (added.starts_at, added.ends_at) == (starts, starts + timedelta(minutes=45))
    # On the officer's schedule page, and in their personal feed under the same UID.
    client.force_login(officer.user)
    page = client.get(reverse("events:my_schedule")).content.decode()
    assert "Media appearances you take part in" in page and "Drive-time &amp; more" in page
    feed = calendar_token_regenerate(volunteer=officer)
    body = client.get(reverse("events:my_calendar_feed", kwargs={"token": feed.token})).content
    _, [in_feed] = parse_both(body)
    assert in_feed.uid == uid and in_feed.starts_at == starts
    # Cancelled: the officer's e-mail removes it from their calendar; the feed marks it cancelled until it is over.
    Appearance.objects.filter(pk=appearance.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    appearance.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.appearance_cancel(appearance=appearance, reason="Studio flooded")
    cancelled = mail.outbox[-1]
    name, mimetype, (method, [removed]) = _calendar(cancelled)
    assert (mimetype, method, removed.status) == ("text/calendar; method=CANCEL", "CANCEL", "CANCELLED")
    assert removed.uid == uid and removed.sequence > added.sequence
    _, [in_feed] = parse_both(client.get(reverse("events:my_calendar_feed", kwargs={"token": feed.token})).content)
    assert in_feed.status == "CANCELLED" and in_feed.sequence == removed.sequence
    page = client.get(reverse("events:my_schedule")).content.decode()
    assert "Cancelled</span>" in page and "Studio flooded" in page


def test_the_presenter_is_told_of_a_cancellation_without_an_officers_calendar_file(
    django_capture_on_commit_callbacks,
):
    presenter = InfluencerFactory(email="presenter@example.org")
    appearance = AppearanceFactory(status=AppearanceStatus.CONFIRMED, influencer=presenter, external_presenter="")
    with django_capture_on_commit_callbacks(execute=True):
        services.appearance_cancel(appearance=appearance, reason="Studio flooded")
    [message] = mail.outbox
    assert message.to == ["presenter@example.org"] and message.attachments == []
    assert "calendar file" not in message.body


def test_schedule_page_query_count_does_not_grow_with_appearances(client, django_assert_max_num_queries):
    officer = VolunteerProfileFactory()
    client.force_login(officer.user)
    ParticipantFactory(volunteer=officer, appearance=AppearanceFactory(starts_at=timezone.now() + timedelta(days=2)))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("events:my_schedule"))
    for _ in range(19):
        ParticipantFactory(
            volunteer=officer, appearance=AppearanceFactory(starts_at=timezone.now() + timedelta(days=3))
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("events:my_schedule")).content.decode()
    assert page.count('<li class="list-group-item py-3">') == 20
