"""Invitations go out in batches, one task and one SMTP connection per batch, each row still claimed, handed over
and recorded on its own (throughput without giving up exactly once)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from feedback.enums import DeliveryStatus
from feedback.models import SurveyInvitation, SurveyLink, SurveyOptOut
from feedback.services import email_digest, invitations_deliver, survey_ensure, survey_send_now
from feedback.tasks import task_send_invitations
from tests.conftest import send_mail_to
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.test_dispatch import held_summit
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


def invitations(count: int) -> list[SurveyInvitation]:
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    return [
        SurveyInvitation.objects.create(survey=survey, ticket_holder=TicketHolderFactory(summit=summit))
        for _ in range(count)
    ]


def test_invitations_are_queued_in_batches(settings, django_capture_on_commit_callbacks):
    settings.SURVEY_SEND_BATCH = 2
    summit = held_summit()
    TicketHolderFactory.create_batch(5, summit=summit)
    with django_capture_on_commit_callbacks() as callbacks:
        assert survey_send_now(summit=summit)["queued"] == 5
    assert len(callbacks) == 3
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 5
    assert set(SurveyInvitation.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_batch_goes_over_one_connection(dropping_sink):
    rows = invitations(4)
    outcome = task_send_invitations.apply(kwargs={"pks": [row.pk for row in rows]}).get()
    assert outcome == {"sent": 4}
    assert len(dropping_sink.received) == 4 and len(set(dropping_sink.connections)) == 1
    assert SurveyLink.objects.count() == 4


def test_a_batch_sends_only_what_is_still_owed():
    sent, opted_out, owed = invitations(3)
    SurveyInvitation.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT, attempts=1)
    SurveyOptOut.objects.create(email_digest=email_digest(opted_out.ticket_holder.email))
    outcomes = invitations_deliver(invitation_pks=[sent.pk, opted_out.pk, owed.pk, 0])
    assert outcomes == {"nothing to send": [0, sent.pk, opted_out.pk], "sent": [owed.pk]}
    assert [message.to for message in mail.outbox] == [[owed.ticket_holder.email]]
    opted_out.refresh_from_db()
    assert opted_out.status == DeliveryStatus.SKIPPED


def test_a_dropped_connection_is_reopened_and_each_message_sent_once(dropping_sink, eager_retries):
    dropping_sink.drop_at = {3}  # the server goes away before the third message
    rows = invitations(5)
    task_send_invitations.apply(kwargs={"pks": [row.pk for row in rows]}, throw=False)  # eager retries run inline
    received = [mail.recipients[0] for mail in dropping_sink.received]
    assert sorted(received) == sorted(row.ticket_holder.email for row in rows)  # all five, none twice
    assert received[-1] == rows[2].ticket_holder.email  # the dropped one, on the retry
    assert len(set(dropping_sink.connections)) == 3  # before the drop, after it, and the retry's
    assert set(SurveyInvitation.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert SurveyInvitation.objects.get(pk=rows[2].pk).attempts == 2
    assert SurveyLink.objects.count() == 5  # the refused attempt's link was removed


def test_a_batch_claimed_long_ago_and_taken_over_does_not_send(dropping_sink):
    """The batch claim holds rows SENDING until each is handed over: the recovery may give one away meanwhile."""
    from feedback.services.dispatch import _claim, _deliver

    row = invitations(1)[0]
    [(claimed, token, link)] = _claim([row.pk], "invitation", timezone.now() - timedelta(minutes=30))
    SurveyInvitation.objects.filter(pk=row.pk).update(status=DeliveryStatus.PENDING)  # what the recovery does
    assert _deliver(claimed, token, link, kind="invitation", now=timezone.now(), connection=None) == "taken over"
    assert dropping_sink.received == [] and not SurveyLink.objects.filter(pk=link.pk).exists()
