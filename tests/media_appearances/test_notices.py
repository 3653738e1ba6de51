"""Officers are told when they are added to an appearance; officers and presenter when it is cancelled."""

import pytest
from django.core import mail

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver
from media_appearances import services
from media_appearances.enums import AppearanceStatus
from media_appearances.notices import OFFICER_ADDED, OFFICER_CANCELLED, PRESENTER_CANCELLED, notices_about
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
    assert "/media/mine/" in message.body


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
