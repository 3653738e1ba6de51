"""Account e-mails go through the outbox and are written when they are sent."""

import pytest
from django.core import mail
from django.utils import timezone

from btb.accounts import services
from btb.accounts.mail import ACCOUNT_EXISTS, VERIFICATION
from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_registration_queues_the_verification_in_the_outbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer_register(email="row@met.police.uk", display_name="Row")
    row = OutgoingMail.objects.get()
    assert (row.kind, row.recipient, row.status) == (VERIFICATION, "row@met.police.uk", MailStatus.SENT)
    assert len(mail.outbox) == 1


def test_verification_is_skipped_when_the_account_opened_before_it_went(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.volunteer_register(email="quick@met.police.uk", display_name="Quick")
    row = OutgoingMail.objects.get()
    row.about.email_verified_at = timezone.now()
    row.about.save()
    assert outbox_deliver(pks=[row.pk]) == {"skipped": [row.pk]}
    assert mail.outbox == []


def test_each_registration_attempt_is_a_message_of_its_own(django_capture_on_commit_callbacks):
    UserFactory(email="twice@met.police.uk")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.volunteer_register(email="twice@met.police.uk", display_name="Twice")
    assert list(OutgoingMail.objects.values_list("kind", "status")) == [(ACCOUNT_EXISTS, MailStatus.SENT)] * 2
    assert len(mail.outbox) == 2
