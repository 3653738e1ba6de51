"""Debrief requests go through the outbox: a refusal for now is retried, not lost with the link's record."""

import pytest
from django.core import mail

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from feedback.models import InfluencerDebrief
from feedback.services import debriefs_request_for_summit
from tests.events.factories import EngagementFactory, SummitFactory

pytestmark = pytest.mark.django_db


def engaged_summit(email="host@example.org"):
    summit = SummitFactory()
    engagement = EngagementFactory(summit=summit)
    engagement.influencer.email = email
    engagement.influencer.save()
    return summit


def test_a_temporary_refusal_is_retried_and_the_link_then_sent(refusing_mail, django_capture_on_commit_callbacks):
    summit = engaged_summit()
    refusing_mail.append(451)
    with django_capture_on_commit_callbacks(execute=True):
        debriefs_request_for_summit(summit=summit)
    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts, row.scope) == (MailStatus.SENT, 2, f"summit:{summit.pk}")
    assert [m.to for m in mail.outbox] == [["host@example.org"]]
    debrief = InfluencerDebrief.objects.get()
    assert debrief.token_hash and debrief.requested_at


def test_a_refused_request_leaves_no_link_and_shows_as_failed(refusing_mail, django_capture_on_commit_callbacks):
    summit = engaged_summit()
    refusing_mail.append(550)
    with django_capture_on_commit_callbacks(execute=True):
        debriefs_request_for_summit(summit=summit)
    assert OutgoingMail.objects.get().status == MailStatus.FAILED
    debrief = InfluencerDebrief.objects.get()
    assert debrief.token_hash is None and debrief.requested_at is None  # not "link sent"
    assert mail.outbox == []


def test_a_debrief_answered_before_its_request_went_is_not_asked_for(django_capture_on_commit_callbacks):
    summit = engaged_summit()
    with django_capture_on_commit_callbacks(execute=False):
        debriefs_request_for_summit(summit=summit)
    InfluencerDebrief.objects.update(submitted_at="2026-01-01T10:00:00Z")
    from btb.outbox.services import outbox_deliver

    row = OutgoingMail.objects.get()
    assert outbox_deliver(pks=[row.pk]) == {"skipped": [row.pk]}
    assert mail.outbox == []


def test_an_influencer_without_an_address_gets_no_outgoing_mail(django_capture_on_commit_callbacks):
    summit = engaged_summit(email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert len(debriefs_request_for_summit(summit=summit)) == 1
    assert not OutgoingMail.objects.exists()
