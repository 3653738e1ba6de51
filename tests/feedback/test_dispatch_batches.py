"""Invitations go out through the outbox in batches, one task and one SMTP connection per batch, each message still
claimed, handed over and recorded on its own (throughput without giving up exactly once)."""

import pytest
from django.core import mail

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.tasks import task_deliver_mail
from feedback.models import SurveyLink
from feedback.services import INVITATION, survey_send_now
from tests.conftest import send_mail_to
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.test_dispatch import held_summit, queued_invitation
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db


class DroppingSink(SmtpSink):
    """Records which connection each message came on; closes the connection (421) at the MAIL command of the
    messages numbered in ``drop_at`` (counting from 1), as a server shutting down or timing out does."""

    def __post_init__(self):
        super().__post_init__()
        self.drop_at: set[int] = set()
        self.mail_commands = 0
        self.connections: list[tuple] = []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mail_commands += 1
        if self.mail_commands in self.drop_at:
            server.transport.close()
            return "421 4.3.2 Closing the connection (test sink)"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.connections.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def dropping_sink(settings):
    sink = DroppingSink().start()
    send_mail_to(settings, sink.port)
    yield sink
    sink.stop()


def queued(count: int) -> list[OutgoingMail]:
    summit = held_summit()
    return [queued_invitation(summit=summit)[1] for _ in range(count)]


def test_invitations_are_queued_in_batches(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_SEND_BATCH = 2
    summit = held_summit()
    TicketHolderFactory.create_batch(5, summit=summit)
    with django_capture_on_commit_callbacks() as callbacks:
        assert survey_send_now(summit=summit)["queued"] == 5
    assert len(callbacks) == 3
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 5
    assert set(OutgoingMail.objects.filter(kind=INVITATION).values_list("status", flat=True)) == {MailStatus.SENT}


def test_a_batch_goes_over_one_connection(dropping_sink):
    rows = queued(4)
    outcome = task_deliver_mail.apply(kwargs={"pks": [row.pk for row in rows]}).get()
    assert outcome == {"sent": 4}
    assert len(dropping_sink.received) == 4 and len(set(dropping_sink.connections)) == 1
    assert SurveyLink.objects.count() == 4


def test_a_dropped_connection_is_reopened_and_each_message_sent_once(dropping_sink, django_capture_on_commit_callbacks):
    dropping_sink.drop_at = {3}  # the server goes away before the third message
    rows = queued(5)
    with django_capture_on_commit_callbacks(execute=True):  # the retry is queued when the delivery commits
        task_deliver_mail.apply(kwargs={"pks": [row.pk for row in rows]})
    received = [mail.recipients[0] for mail in dropping_sink.received]
    assert sorted(received) == sorted(row.recipient for row in rows)  # all five, none twice
    assert received[-1] == rows[2].recipient  # the dropped one, on the retry
    assert len(set(dropping_sink.connections)) == 3  # before the drop, after it, and the retry's
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}
    assert OutgoingMail.objects.get(pk=rows[2].pk).attempts == 2
    assert SurveyLink.objects.count() == 5  # the refused attempt's link was removed
