"""The survey's e-mails after faults, repaired by the outbox's recovery: a message a dead worker claimed but never
handed over is sent (with a link of its own), one it may have handed over is never sent again, one whose task was
lost is queued again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import OUTCOME_UNKNOWN, outbox_recover
from feedback.models import SurveyLink
from tests.feedback.test_dispatch import link_token, queued_invitation

pytestmark = pytest.mark.django_db


def message(**fields) -> OutgoingMail:
    _, row = queued_invitation()
    OutgoingMail.objects.filter(pk=row.pk).update(**fields)
    return row


def test_claimed_never_handed_over_is_sent_after_the_timeout(django_capture_on_commit_callbacks):
    row = message(status=MailStatus.CLAIMED, attempts=1, claimed_at=timezone.now() - timedelta(minutes=21))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_recover() == {"requeued": 0, "resent": 1, "unknown": 0}
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 2) and len(mail.outbox) == 1
    assert SurveyLink.objects.count() == 1 and len(link_token(mail.outbox[0])) >= 43


def test_handed_over_is_failed_unknown_and_never_resent(django_capture_on_commit_callbacks):
    claimed = timezone.now() - timedelta(minutes=21)
    row = message(status=MailStatus.HANDED_OVER, attempts=1, claimed_at=claimed, handed_over_at=claimed)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_recover() == {"requeued": 0, "resent": 0, "unknown": 1}
    row.refresh_from_db()
    assert (row.status, row.last_error) == (MailStatus.FAILED, OUTCOME_UNKNOWN)
    assert mail.outbox == []


def test_claimed_within_the_timeout_is_left_alone(django_capture_on_commit_callbacks):
    row = message(status=MailStatus.CLAIMED, attempts=1, claimed_at=timezone.now() - timedelta(minutes=19))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_recover() == {"requeued": 0, "resent": 0, "unknown": 0}
    row.refresh_from_db()
    assert row.status == MailStatus.CLAIMED and mail.outbox == []


def test_queued_whose_task_was_lost_is_queued_again(django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(hours=3)
    lost = message(attempts=2, queued_at=long_ago)
    waiting = message(attempts=1, queued_at=timezone.now() - timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_recover() == {"requeued": 1, "resent": 0, "unknown": 0}
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert (lost.status, waiting.status) == (MailStatus.SENT, MailStatus.QUEUED)
    assert [message.to for message in mail.outbox] == [[lost.recipient]]
