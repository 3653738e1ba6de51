"""The coordinators' sent-mail page: what is queued, sent and failed, why, and a retry for failed ones."""

import pytest
from django.urls import reverse

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import CoordinatorFactory, OversightFactory

pytestmark = pytest.mark.django_db


def mails_for(summit, count, status=MailStatus.SENT, **kwargs):
    role = VolunteerRoleFactory(summit=summit)
    return [
        OutgoingMail.objects.create(
            kind="volunteering.confirmed",
            about=SignUpFactory(role=role),
            recipient=f"v{n}-{status}@example.org",
            status=status,
            scope=f"summit:{summit.pk}",
            **kwargs,
        )
        for n in range(count)
    ]


def test_failed_notice_shows_its_reason_and_can_be_retried(client, django_capture_on_commit_callbacks, mailoutbox):
    summit = SummitFactory(title="Peckham Summit")
    [failed] = mails_for(summit, 1, status=MailStatus.FAILED, last_error="550 permanent refusal: the mail server")
    failed.about.status = "confirmed"
    failed.about.save()
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("outbox:mail_list"), {"summit": summit.pk, "status": "failed"}).content.decode()
    assert "Sent mail: Peckham Summit" in page
    assert "Sign-up: confirmed" in page and "Peckham Summit" in page
    assert "refused the address for good (550): check it with the person, correct it, then retry." in page
    assert reverse("outbox:mail_retry", kwargs={"pk": failed.pk}) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outbox:mail_retry", kwargs={"pk": failed.pk}), {"next": "?status=failed"})
    assert response.status_code == 302 and response["Location"] == reverse("outbox:mail_list") + "?status=failed"
    failed.refresh_from_db()
    assert failed.status == MailStatus.SENT
    assert [m.to for m in mailoutbox] == [[failed.recipient]]


def test_sent_mail_filters_by_summit_and_status(client):
    here, elsewhere = SummitFactory(), SummitFactory()
    mails_for(here, 2)
    mails_for(here, 1, status=MailStatus.QUEUED)
    mails_for(elsewhere, 3)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("outbox:mail_list"), {"summit": here.pk})
    assert len(response.context["rows"]) == 3
    assert dict(response.context["counts"])["Sent"] == 2 and dict(response.context["counts"])["Queued"] == 1
    response = client.get(reverse("outbox:mail_list"), {"summit": here.pk, "status": "queued"})
    assert [row["mail"].status for row in response.context["rows"]] == [MailStatus.QUEUED]


def test_oversight_and_volunteers_cannot_see_sent_mail(client):
    client.force_login(OversightFactory())
    assert client.get(reverse("outbox:mail_list")).status_code == 403


def test_retry_of_a_mail_not_failed_changes_nothing(client):
    [sent] = mails_for(SummitFactory(), 1)
    client.force_login(CoordinatorFactory())
    client.post(reverse("outbox:mail_retry", kwargs={"pk": sent.pk}))
    sent.refresh_from_db()
    assert sent.status == MailStatus.SENT and sent.attempts == 0


@pytest.mark.parametrize("rows", [1, 20])
def test_sent_mail_page_queries_do_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    summit = SummitFactory()
    mails_for(summit, rows, status=MailStatus.FAILED, last_error="temporary failures: gave up after 7 attempts")
    client.force_login(CoordinatorFactory())
    with django_assert_max_num_queries(12):
        assert client.get(reverse("outbox:mail_list")).status_code == 200
