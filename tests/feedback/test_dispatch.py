from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.enums import SummitStatus
from events.services import summit_mark_held
from feedback.enums import DeliveryStatus
from feedback.models import Survey, SurveyInvitation, SurveyLink, SurveyOptOut
from feedback.services import (
    email_digest,
    invitations_deliver,
    survey_answer_by_link,
    survey_ensure,
    survey_schedule,
    survey_send_now,
    surveys_dispatch_due,
    token_hash,
)
from feedback.tasks import task_send_invitations
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link

pytestmark = pytest.mark.django_db


def held_summit(**kwargs):
    ends = timezone.now() - timedelta(hours=1)
    return SummitFactory(status=SummitStatus.CONFIRMED, starts_at=ends - timedelta(hours=3), ends_at=ends, **kwargs)


def link_token(message) -> str:
    import re

    return re.search(r"/s/([^/\s]+)/", message.body).group(1)


def test_marking_held_schedules_invitations_for_the_next_morning(django_capture_on_commit_callbacks):
    summit = held_summit()
    with django_capture_on_commit_callbacks(execute=True):
        summit_mark_held(summit=summit)
    survey = Survey.objects.get(summit=summit)
    expected = timezone.localdate() + timedelta(days=1)
    assert timezone.localtime(survey.send_after) == timezone.make_aware(datetime(*expected.timetuple()[:3], 10))
    assert survey.questions.count() == 11 and survey.invitations_created_at is None


def test_send_hour_is_configurable(settings):
    settings.SURVEY_SEND_HOUR = 9
    survey = survey_schedule(summit=held_summit())
    assert timezone.localtime(survey.send_after).hour == 9


def test_days_after_is_configurable(settings):
    settings.SURVEY_SEND_DAYS_AFTER, settings.SURVEY_SEND_HOUR = 0, 0
    survey = survey_schedule(summit=held_summit())
    assert timezone.localtime(survey.send_after) == timezone.make_aware(
        datetime(*timezone.localdate().timetuple()[:3], 0)
    )
    assert survey.send_after <= timezone.now()


def test_nothing_is_sent_before_the_morning(django_capture_on_commit_callbacks):
    summit = held_summit()
    TicketHolderFactory(summit=summit)
    survey = survey_schedule(summit=summit)
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_dispatch_due(now=survey.send_after - timedelta(minutes=1))["created"] == 0
    assert mail.outbox == []


def test_invitations_go_only_to_eligible_ticket_holders(django_capture_on_commit_callbacks):
    summit = held_summit()
    yes = TicketHolderFactory(summit=summit, email="yes@example.org", consent=True)
    not_asked = TicketHolderFactory(summit=summit, email="not-asked@example.org", consent=None)
    TicketHolderFactory(summit=summit, email="refused@example.org", consent=False)
    TicketHolderFactory(summit=summit, email="")
    TicketHolderFactory(summit=summit, email="Opted.Out@example.org")
    SurveyOptOut.objects.create(email_digest=email_digest("opted.out@example.org"))
    survey = survey_schedule(summit=summit)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = surveys_dispatch_due(now=survey.send_after)
    assert outcome["created"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([yes.email, not_asked.email])
    assert set(SurveyInvitation.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_dispatch_due(now=survey.send_after) == {"created": 0, "queued": 0, "reminders": 0}
    assert len(mail.outbox) == 2


def test_only_checked_in_when_the_survey_says_so(django_capture_on_commit_callbacks):
    summit = held_summit()
    TicketHolderFactory(summit=summit, checked_in=True, email="in@example.org")
    TicketHolderFactory(summit=summit, checked_in=False)
    survey = survey_ensure(summit=summit)
    Survey.objects.filter(pk=survey.pk).update(only_checked_in=True)
    with django_capture_on_commit_callbacks(execute=True):
        survey_send_now(summit=summit)
    assert [m.to for m in mail.outbox] == [["in@example.org"]]


def test_email_is_warm_short_and_carries_one_click_opt_out(django_capture_on_commit_callbacks):
    summit = held_summit(title="Hackney summit")
    TicketHolderFactory(summit=summit, name="Amara Mensah", email="amara@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        survey_send_now(summit=summit)
    message = mail.outbox[0]
    assert message.subject == "How was Hackney summit? Two minutes to tell us"
    assert message.body.startswith("Hello Amara,")
    assert "anonymous" in message.body and "under two minutes" in message.body
    assert len(message.body.split()) < 160
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/unsubscribe/") and unsubscribe.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in message.body
    token = link_token(message)
    assert len(token) >= 43  # 256 bits in URL-safe base64
    link = SurveyLink.objects.get()
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    assert link.expires_at - timezone.now() > timedelta(days=29, hours=23)


def test_send_task_run_twice_sends_once(django_capture_on_commit_callbacks):
    summit = held_summit()
    holder = TicketHolderFactory(summit=summit)
    survey = survey_ensure(summit=summit)
    invitation = SurveyInvitation.objects.create(survey=survey, ticket_holder=holder)
    assert task_send_invitations.apply(kwargs={"pks": [invitation.pk]}).get() == {"sent": 1}
    assert task_send_invitations.apply(kwargs={"pks": [invitation.pk]}).get() == {"nothing to send": 1}
    assert len(mail.outbox) == 1 and SurveyLink.objects.count() == 1


def test_a_row_being_sent_elsewhere_is_not_sent_again():
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    invitation = SurveyInvitation.objects.create(
        survey=survey, ticket_holder=TicketHolderFactory(summit=summit), status=DeliveryStatus.SENDING
    )
    assert invitations_deliver(invitation_pks=[invitation.pk]) == {"nothing to send": [invitation.pk]}
    assert mail.outbox == []


def test_temporary_refusals_are_retried_until_sent(smtp_sink, eager_retries):
    smtp_sink.temporary_failure_rate = 0.6
    smtp_sink._random.random = iter([0.5, 0.5, 0.99]).__next__  # refused twice, then accepted
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    invitation = SurveyInvitation.objects.create(survey=survey, ticket_holder=TicketHolderFactory(summit=summit))
    task_send_invitations.apply(kwargs={"pks": [invitation.pk]}, throw=False)  # eager retries run inline
    invitation.refresh_from_db()
    refusals = [code for _, code in smtp_sink.refused]
    assert refusals and set(refusals) == {"451"}
    assert invitation.status == DeliveryStatus.SENT and invitation.attempts == 3 and len(refusals) == 2
    assert len(smtp_sink.received) == 1
    assert SurveyLink.objects.count() == 1  # links of refused attempts are removed


def test_temporary_refusals_give_up_after_the_last_retry(smtp_sink, eager_retries):
    smtp_sink.temporary_failure_rate = 1.0
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    invitation = SurveyInvitation.objects.create(survey=survey, ticket_holder=TicketHolderFactory(summit=summit))
    task_send_invitations.apply(kwargs={"pks": [invitation.pk]}, throw=False)  # eager retries run inline
    invitation.refresh_from_db()
    assert invitation.status == DeliveryStatus.FAILED and invitation.attempts == 7
    assert smtp_sink.received == [] and SurveyLink.objects.count() == 0


def test_permanent_refusal_is_recorded_as_failed_without_retry(smtp_sink):
    smtp_sink.permanent_failure_rate = 1.0
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    invitation = SurveyInvitation.objects.create(survey=survey, ticket_holder=TicketHolderFactory(summit=summit))
    assert task_send_invitations.apply(kwargs={"pks": [invitation.pk]}).get() == {"failed": 1}
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attempts, invitation.last_error) == (
        DeliveryStatus.FAILED,
        1,
        "550 permanent refusal",
    )
    assert [code for _, code in smtp_sink.refused] == ["550"]


def test_one_reminder_after_three_days_only_to_non_responders(django_capture_on_commit_callbacks):
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    answered, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))
    silent, _ = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit, email="s@example.org"))
    survey_answer_by_link(token=token, answers={"overall": 5})
    sent = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_dispatch_due(now=sent + timedelta(days=2, hours=23))["reminders"] == 0
        assert surveys_dispatch_due(now=sent + timedelta(days=3, minutes=1))["reminders"] == 1
    assert [m.to for m in mail.outbox] == [["s@example.org"]]
    assert mail.outbox[0].subject.startswith("A last reminder:")
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_dispatch_due(now=sent + timedelta(days=10))["reminders"] == 0
    silent.refresh_from_db()
    answered.refresh_from_db()
    assert silent.reminder_status == DeliveryStatus.SENT and answered.reminder_status == DeliveryStatus.NOT_DUE
    assert len(mail.outbox) == 1


def test_opted_out_before_the_reminder_gets_no_reminder(django_capture_on_commit_callbacks):
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    holder = TicketHolderFactory(summit=summit)
    invitation, _ = invitation_with_link(survey=survey, holder=holder)
    SurveyOptOut.objects.create(email_digest=email_digest(holder.email))
    with django_capture_on_commit_callbacks(execute=True):
        surveys_dispatch_due(now=timezone.now() + timedelta(days=4))
    invitation.refresh_from_db()
    assert invitation.reminder_status == DeliveryStatus.SKIPPED and mail.outbox == []


def test_send_surveys_command_queues_now(capsys, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    summit = held_summit()
    TicketHolderFactory.create_batch(3, summit=summit)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_surveys", summit.slug)
    assert "3 invitations created, 3 queued, 0 reminders." in capsys.readouterr().out
    assert len(mail.outbox) == 3
