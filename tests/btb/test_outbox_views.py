"""The coordinators' sent-mail page: what is queued, sent and failed, per summit and kind, why, and a retry for
failed ones after a confirmation."""

import pytest
from django.urls import reverse

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from feedback.models import SurveyInvitation
from feedback.services import INVITATION, REMINDER, survey_ensure
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
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


def survey_mail(summit, kind, status=MailStatus.SENT, **kwargs):
    holder = TicketHolderFactory(summit=summit)
    invitation = SurveyInvitation.objects.create(survey=survey_ensure(summit=summit), ticket_holder=holder)
    return OutgoingMail.objects.create(
        kind=kind, about=invitation, recipient=holder.email, status=status, scope=f"summit:{summit.pk}", **kwargs
    )


def test_failed_notice_shows_its_reason_and_is_retried_after_a_confirmation(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    summit = SummitFactory(title="Peckham Summit")
    [failed] = mails_for(summit, 1, status=MailStatus.FAILED, last_error="550 permanent refusal: the mail server")
    failed.about.status = "confirmed"
    failed.about.save()
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("outbox:mail_list"), {"scope": f"summit:{summit.pk}", "status": "failed"})
    html = page.content.decode()
    assert "Sent mail: Peckham Summit" in html
    assert "Sign-up: confirmed" in html and failed.recipient in html
    assert "refused the address for good (550): check it with the person, correct it, then retry." in html
    retry = reverse("outbox:mail_retry", kwargs={"pk": failed.pk})
    assert retry in html
    confirm = client.get(retry, {"next": "?status=failed"})
    assert confirm.status_code == 200 and "Send this e-mail again?" in confirm.content.decode()
    failed.refresh_from_db()
    assert failed.status == MailStatus.FAILED  # the page changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry, {"next": "?status=failed"})
    assert response.status_code == 302 and response["Location"] == reverse("outbox:mail_list") + "?status=failed"
    failed.refresh_from_db()
    assert failed.status == MailStatus.SENT
    assert [m.to for m in mailoutbox] == [[failed.recipient]]


def test_retry_never_redirects_elsewhere(client):
    [failed] = mails_for(SummitFactory(), 1, status=MailStatus.FAILED)
    client.force_login(CoordinatorFactory())
    response = client.post(reverse("outbox:mail_retry", kwargs={"pk": failed.pk}), {"next": "//evil.example/"})
    assert response["Location"] == reverse("outbox:mail_list")


def test_sent_mail_filters_by_summit_kind_and_status(client):
    here, elsewhere = SummitFactory(title="Here"), SummitFactory(title="Elsewhere")
    mails_for(here, 2)
    mails_for(here, 1, status=MailStatus.QUEUED)
    survey_mail(here, INVITATION)
    mails_for(elsewhere, 3)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("outbox:mail_list"), {"scope": f"summit:{here.pk}"})
    assert len(response.context["rows"]) == 4
    counts = {label: count for label, count, _ in response.context["counts"]}
    assert (counts["Sent"], counts["Queued"]) == (3, 1)
    response = client.get(reverse("outbox:mail_list"), {"scope": f"summit:{here.pk}", "status": "queued"})
    assert [row["mail"].status for row in response.context["rows"]] == [MailStatus.QUEUED]
    counts = {label: count for label, count, _ in response.context["counts"]}
    assert counts["Sent"] == 3  # the other statuses are still counted, each a link to its rows
    response = client.get(reverse("outbox:mail_list"), {"kind": INVITATION})
    assert [row["kind"] for row in response.context["rows"]] == ["Survey invitation"]
    choices = dict(response.context["filter_form"].fields["scope"].choices)
    assert choices[f"summit:{here.pk}"] == "Here" and choices[f"summit:{elsewhere.pk}"] == "Elsewhere"


def test_a_filter_value_that_does_not_exist_is_left_out(client):
    mails_for(SummitFactory(), 2)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("outbox:mail_list"), {"scope": "summit:999999999999", "kind": "nope"})
    assert response.status_code == 200 and len(response.context["rows"]) == 2


def test_survey_mail_names_no_one(client):
    """Who was reminded is who had not answered: the page shows survey e-mail without its recipients."""
    summit = SummitFactory()
    invitation = survey_mail(summit, INVITATION)
    reminder = survey_mail(summit, REMINDER, status=MailStatus.FAILED, last_error="550 permanent refusal: x")
    client.force_login(CoordinatorFactory())
    html = client.get(reverse("outbox:mail_list")).content.decode()
    assert invitation.recipient not in html and reminder.recipient not in html
    assert html.count("A ticket holder") == 4  # two rows, in the narrow list and the wide table
    confirm = client.get(reverse("outbox:mail_retry", kwargs={"pk": reminder.pk})).content.decode()
    assert reminder.recipient not in confirm and "A ticket holder" in confirm


def test_oversight_and_volunteers_cannot_see_sent_mail(client):
    [failed] = mails_for(SummitFactory(), 1, status=MailStatus.FAILED)
    client.force_login(OversightFactory())
    assert client.get(reverse("outbox:mail_list")).status_code == 403
    assert client.get(reverse("outbox:mail_retry", kwargs={"pk": failed.pk})).status_code == 403
    assert client.post(reverse("outbox:mail_retry", kwargs={"pk": failed.pk})).status_code == 403


def test_retry_of_a_mail_not_failed_changes_nothing(client):
    [sent] = mails_for(SummitFactory(), 1)
    client.force_login(CoordinatorFactory())
    assert "Nothing to retry" in client.get(reverse("outbox:mail_retry", kwargs={"pk": sent.pk})).content.decode()
    client.post(reverse("outbox:mail_retry", kwargs={"pk": sent.pk}))
    sent.refresh_from_db()
    assert sent.status == MailStatus.SENT and sent.attempts == 0


@pytest.mark.parametrize("rows", [1, 20])
def test_sent_mail_page_queries_do_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    summit = SummitFactory()
    mails_for(summit, rows, status=MailStatus.FAILED, last_error="temporary failures: gave up after 7 attempts")
    for _ in range(rows):
        survey_mail(SummitFactory(), INVITATION)
    client.force_login(CoordinatorFactory())
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outbox:mail_list"), {"status": "failed", "scope": f"summit:{summit.pk}"})
    assert response.status_code == 200 and len(response.context["rows"]) == rows
    with django_assert_max_num_queries(12):
        assert len(client.get(reverse("outbox:mail_list")).context["rows"]) == 2 * rows
