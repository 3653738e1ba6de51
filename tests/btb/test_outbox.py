"""The outbox: queued with the service's transaction, rendered when sent, sent once, repaired after faults."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import (
    FORGOTTEN,
    OUTCOME_UNKNOWN,
    Rendered,
    Skip,
    outbox_deliver,
    outbox_enqueue,
    outbox_enqueue_many,
    outbox_forget_recipients,
    outbox_recover,
    outbox_retry,
    register_renderer,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "tests.note"
discarded = []


def render_note(mail):
    user = mail.about
    if user.last_name == "gone":
        return Skip("no longer relevant: the test said so")
    if user.last_name == "broken":
        raise RuntimeError("a bug in a renderer")
    return Rendered(
        template_prefix="accounts/email/account_exists",
        context={"user": user, "login_link": "L", "reset_link": "R"},
        discard=lambda: discarded.append(mail.pk),
    )


register_renderer(KIND, render_note)


@pytest.fixture
def refusing(refusing_mail):
    discarded.clear()
    return refusing_mail


def enqueue(user, **kwargs):
    return outbox_enqueue(kind=KIND, about=user, recipient=user.email, **kwargs)


def test_enqueue_sends_on_commit_once(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(first_name="Ada", email="ada@met.police.uk")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            first = enqueue(user)
            again = enqueue(user)
            assert mailoutbox == []
    assert again is None
    row = OutgoingMail.objects.get()
    assert row.pk == first.pk
    assert (row.status, row.attempts, row.recipient) == (MailStatus.SENT, 1, "ada@met.police.uk")
    assert row.handed_over_at is not None and row.sent_at is not None
    assert [m.to for m in mailoutbox] == [["ada@met.police.uk"]]
    assert mailoutbox[0].body.startswith("Hello Ada,")


def test_enqueue_in_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue(user)
            raise RuntimeError("the service failed")
    assert OutgoingMail.objects.count() == 0
    assert mailoutbox == []


def test_a_different_dedupe_key_is_another_message(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(user, dedupe_key="a")
        enqueue(user, dedupe_key="b")
        enqueue(user, dedupe_key="a")
    assert len(mailoutbox) == 2
    assert OutgoingMail.objects.filter(status=MailStatus.SENT).count() == 2


def test_message_is_rendered_when_sent_not_when_queued(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(first_name="Before")
    with django_capture_on_commit_callbacks(execute=False):
        row = enqueue(user)
    user.first_name = "After"
    user.save()
    assert outbox_deliver(pks=[row.pk]) == {"sent": [row.pk]}
    assert mailoutbox[0].body.startswith("Hello After,")


def test_renderer_may_skip_a_message_no_longer_relevant(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(last_name="gone")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(user)
    row = OutgoingMail.objects.get()
    assert (row.status, row.last_error) == (MailStatus.SKIPPED, "no longer relevant: the test said so")
    assert mailoutbox == []


def test_a_broken_renderer_fails_its_row_and_the_batch_goes_on(django_capture_on_commit_callbacks, mailoutbox):
    broken, fine = UserFactory(last_name="broken"), UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        rows = [enqueue(broken), enqueue(fine)]
    outcome = outbox_deliver(pks=[row.pk for row in rows])
    assert outcome == {"failed": [rows[0].pk], "sent": [rows[1].pk]}
    assert OutgoingMail.objects.get(pk=rows[0].pk).last_error.startswith("could not be composed")
    assert [m.to for m in mailoutbox] == [[fine.email]]


def test_unregistered_kind_is_refused():
    with pytest.raises(ImproperlyConfigured):
        outbox_enqueue(kind="tests.nobody", about=UserFactory(), recipient="a@example.org")


def test_temporary_refusal_is_retried_then_sent(refusing, django_capture_on_commit_callbacks):
    user = UserFactory()
    refusing += [451, None]  # a 4xx, then a dropped connection, then accepted
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue(user)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 3)
    assert [m.to for m in django_mail.outbox] == [[user.email]]
    assert discarded == [row.pk, row.pk]  # what rendering minted for the refused attempts was undone


def test_permanent_refusal_fails_with_a_reason(refusing, django_capture_on_commit_callbacks):
    refusing.append(550)
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue(UserFactory())
    row.refresh_from_db()
    assert row.status == MailStatus.FAILED
    assert row.last_error == "550 permanent refusal: the mail server will not accept mail for this address"
    assert django_mail.outbox == []


def test_gives_up_after_the_last_attempt(refusing, settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    refusing += [451] * 5
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue(UserFactory())
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (
        MailStatus.FAILED,
        3,
        "temporary failures: gave up after 3 attempts",
    )
    assert django_mail.outbox == []


def test_coordinator_retry_sends_a_failed_message(refusing, django_capture_on_commit_callbacks):
    refusing.append(550)
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry(mail=row) is True
        assert outbox_retry(mail=row) is False  # queued already: not twice
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT, 1, "")
    assert len(django_mail.outbox) == 1


def test_recovery_applies_the_rules_for_each_state(settings, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False):
        rows = {
            name: enqueue(UserFactory(email=f"{name}@example.org"))
            for name in ["lost", "claimed", "handed", "fresh", "busy"]
        }
    long_ago = timezone.now() - timedelta(hours=3)
    OutgoingMail.objects.filter(pk=rows["lost"].pk).update(queued_at=long_ago)
    OutgoingMail.objects.filter(pk=rows["claimed"].pk).update(status=MailStatus.CLAIMED, claimed_at=long_ago)
    OutgoingMail.objects.filter(pk=rows["handed"].pk).update(
        status=MailStatus.HANDED_OVER, claimed_at=long_ago, handed_over_at=long_ago
    )
    OutgoingMail.objects.filter(pk=rows["busy"].pk).update(status=MailStatus.HANDED_OVER, claimed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_recover() == {"requeued": 1, "resent": 1, "unknown": 1}
    status = dict(OutgoingMail.objects.values_list("recipient", "status"))
    assert status == {
        "lost@example.org": MailStatus.SENT,
        "claimed@example.org": MailStatus.SENT,
        "handed@example.org": MailStatus.FAILED,
        "fresh@example.org": MailStatus.QUEUED,  # its task is still on its way
        "busy@example.org": MailStatus.HANDED_OVER,  # a worker is sending it now
    }
    assert OutgoingMail.objects.get(pk=rows["handed"].pk).last_error == OUTCOME_UNKNOWN
    assert sorted(m.to[0] for m in mailoutbox) == ["claimed@example.org", "lost@example.org"]


def test_a_row_taken_over_by_recovery_is_not_sent_by_the_old_attempt(mailoutbox, django_capture_on_commit_callbacks):
    from btb.outbox import services

    with django_capture_on_commit_callbacks(execute=False):
        row = enqueue(UserFactory())
    (claimed,) = services._claim([row.pk], timezone.now() - timedelta(hours=1))
    # The worker stalls; recovery gives the row to another attempt, which claims it afresh.
    OutgoingMail.objects.filter(pk=row.pk).update(status=MailStatus.CLAIMED, claimed_at=timezone.now())
    discarded.clear()
    rendered = services._render([claimed])[claimed.pk]
    assert services._deliver(claimed, rendered, django_mail.get_connection(), timezone.now()) == "taken over"
    assert mailoutbox == []
    assert discarded == [row.pk]


def test_a_second_delivery_of_the_same_rows_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue(UserFactory())
    assert outbox_deliver(pks=[row.pk]) == {"nothing to send": [row.pk]}
    assert len(mailoutbox) == 1


def test_enqueue_many_queues_each_once(django_capture_on_commit_callbacks, mailoutbox, settings):
    settings.OUTBOX_SEND_BATCH = 2
    users = [UserFactory() for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert outbox_enqueue_many(kind=KIND, messages=[(u, u.email) for u in users]) == 5
        assert outbox_enqueue_many(kind=KIND, messages=[(u, u.email) for u in users]) == 0
    assert len(callbacks) == 3  # one task per batch
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)


def test_finished_mail_forgets_its_recipient_after_the_retention_period(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old, recent = enqueue(UserFactory()), enqueue(UserFactory())
    with django_capture_on_commit_callbacks(execute=False):
        owed = enqueue(UserFactory())
    OutgoingMail.objects.filter(pk__in=[old.pk, owed.pk]).update(created_at=timezone.now() - timedelta(days=91))
    assert outbox_forget_recipients() == 1
    recipients = dict(OutgoingMail.objects.values_list("pk", "recipient"))
    assert recipients[old.pk] == FORGOTTEN
    assert recipients[recent.pk] == recent.recipient and recipients[owed.pk] == owed.recipient  # still owed
    assert OutgoingMail.objects.get(pk=old.pk).status == MailStatus.SENT
