"""Cancelling a summit tells its ticket holders (each address once, no survey) and its engaged influencers."""

import pytest
from django.core import mail

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver
from events import services
from events.enums import SummitStatus
from events.services.cancellations import INFLUENCER, TICKET_HOLDER
from tests.events.factories import EngagementFactory, SummitFactory
from tests.events.tickets.factories import TicketHolderFactory

pytestmark = pytest.mark.django_db


def cancel(summit, capture, reason="Venue flooded"):
    with capture(execute=True):
        services.summit_cancel(summit=summit, reason=reason)


def test_cancelling_tells_each_ticket_holder_address_once_and_each_influencer(django_capture_on_commit_callbacks):
    summit = SummitFactory(status=SummitStatus.CONFIRMED, title="Peckham & Nunhead Summit")
    TicketHolderFactory(summit=summit, name="Ada Lovelace", email="ada@example.org")
    TicketHolderFactory(summit=summit, name="Ada's friend", email="ADA@example.org")  # two tickets, one buyer
    TicketHolderFactory(summit=summit, email="")
    host = EngagementFactory(summit=summit)
    host.influencer.email, host.influencer.known_as = "host@example.org", "DJ Host"
    host.influencer.save()
    EngagementFactory(summit=summit, influencer=host.influencer, role="dj")  # two roles, one message
    EngagementFactory(summit=summit, status="withdrawn")
    cancel(summit, django_capture_on_commit_callbacks)
    by_kind = sorted(OutgoingMail.objects.values_list("kind", "recipient", "status"))
    assert by_kind == [
        (INFLUENCER, "host@example.org", MailStatus.SENT),
        (TICKET_HOLDER, "ada@example.org", MailStatus.SENT),
    ]
    messages = {m.to[0]: m for m in mail.outbox}
    assert sorted(messages) == ["ada@example.org", "host@example.org"]
    holder_mail = messages["ada@example.org"]
    assert holder_mail.subject == "Cancelled: Peckham & Nunhead Summit"
    assert holder_mail.body.startswith("Hello Ada,")
    assert "Venue flooded" in holder_mail.body and "survey" not in holder_mail.body.lower()
    assert messages["host@example.org"].body.startswith("Hello DJ Host,")


def test_a_holder_anonymised_before_the_notice_went_is_not_written_to(django_capture_on_commit_callbacks):
    summit = SummitFactory(status=SummitStatus.CONFIRMED)
    holder = TicketHolderFactory(summit=summit, email="late@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        services.summit_cancel(summit=summit, reason="Venue flooded")
    holder.email, holder.anonymised_at = "", "2026-01-01T00:00:00Z"
    holder.save()
    row = OutgoingMail.objects.get(kind=TICKET_HOLDER)
    assert outbox_deliver(pks=[row.pk]) == {"skipped": [row.pk]}
    assert mail.outbox == []
