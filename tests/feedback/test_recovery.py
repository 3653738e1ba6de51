"""Repair after faults: rows left "sending" by a dead worker, rows whose queued task was lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from feedback.enums import DeliveryStatus
from feedback.models import SurveyInvitation
from feedback.services import invitations_deliver, invitations_recover, survey_ensure
from feedback.services.dispatch import _claim
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.test_dispatch import held_summit

pytestmark = pytest.mark.django_db


def invitation(**fields) -> SurveyInvitation:
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    return SurveyInvitation.objects.create(survey=survey, ticket_holder=TicketHolderFactory(summit=summit), **fields)


def test_sending_row_never_handed_over_is_sent_after_the_timeout(settings, django_capture_on_commit_callbacks):
    row = invitation(status=DeliveryStatus.SENDING, attempts=1, claimed_at=timezone.now() - timedelta(minutes=21))
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_recover() == {"requeued": 0, "resent": 1, "unknown": 0}
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.attempts == 2 and len(mail.outbox) == 1


def test_sending_row_handed_over_is_failed_unknown_and_never_resent(django_capture_on_commit_callbacks):
    claimed = timezone.now() - timedelta(minutes=21)
    row = invitation(status=DeliveryStatus.SENDING, attempts=1, claimed_at=claimed, handed_over_at=claimed)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_recover() == {"requeued": 0, "resent": 0, "unknown": 1}
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and row.last_error.startswith("outcome unknown")
    assert mail.outbox == []


def test_sending_row_within_the_timeout_is_left_alone(django_capture_on_commit_callbacks):
    row = invitation(status=DeliveryStatus.SENDING, attempts=1, claimed_at=timezone.now() - timedelta(minutes=19))
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_recover() == {"requeued": 0, "resent": 0, "unknown": 0}
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENDING and mail.outbox == []


def test_pending_row_whose_task_was_lost_is_queued_again(django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(hours=3)
    lost = invitation(attempts=2, queued_at=long_ago, claimed_at=long_ago)
    waiting = invitation(attempts=1, queued_at=long_ago, claimed_at=timezone.now() - timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_recover() == {"requeued": 1, "resent": 0, "unknown": 0}
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == DeliveryStatus.SENT and waiting.status == DeliveryStatus.PENDING
    assert [message.to for message in mail.outbox] == [[lost.ticket_holder.email]]


def test_an_attempt_overtaken_by_the_recovery_does_not_send():
    """A slow worker whose claim the recovery gave to another attempt must not send as well."""
    row = invitation()
    [(claimed, _, _)] = _claim([row.pk], "invitation", timezone.now() - timedelta(minutes=30))
    SurveyInvitation.objects.filter(pk=row.pk).update(status=DeliveryStatus.PENDING)  # what the recovery does
    assert invitations_deliver(invitation_pks=[row.pk]) == {"sent": [row.pk]}  # the new attempt
    from feedback.services.dispatch import _hand_over

    assert _hand_over(claimed, "invitation") is False
    assert len(mail.outbox) == 1


def test_attempts_are_capped_even_when_tasks_are_queued_again():
    row = invitation(attempts=7)
    assert invitations_deliver(invitation_pks=[row.pk]) == {"nothing to send": [row.pk]}
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and mail.outbox == []


def test_a_row_left_sending_before_claims_were_timed_is_failed_unknown(django_capture_on_commit_callbacks):
    row = invitation(status=DeliveryStatus.SENDING, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_recover() == {"requeued": 0, "resent": 0, "unknown": 1}
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and mail.outbox == []
