from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver
from btb.outbox.tasks import task_deliver_mail
from events.enums import SummitStatus
from events.services import summit_mark_held
from feedback.models import Survey, SurveyInvitation, SurveyLink, SurveyOptOut
from feedback.services import (
    INVITATION,
    REMINDER,
    email_digest,
    survey_answer_by_link,
    survey_ensure,
    survey_schedule,
    survey_send_now,
    surveys_dispatch_due,
    token_hash,
)
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link

pytestmark = pytest.mark.django_db


def held_summit(**kwargs):
    ends = timezone.now() - timedelta(hours=1)
    return SummitFactory(status=SummitStatus.CONFIRMED, starts_at=ends - timedelta(hours=3), ends_at=ends, **kwargs)


def mail_of(invitation, kind=INVITATION) -> OutgoingMail | None:
    return OutgoingMail.objects.filter(kind=kind, about_id=invitation.pk).first()


def queued_invitation(summit=None, **holder) -> tuple[SurveyInvitation, OutgoingMail]:
    """An invitation whose e-mail is queued in the outbox and not yet delivered."""
    from btb.outbox.services import outbox_enqueue

    summit = summit or held_summit()
    survey = survey_ensure(summit=summit)
    invitation = SurveyInvitation.objects.create(
        survey=survey, ticket_holder=TicketHolderFactory(summit=summit, **holder)
    )
    mail = outbox_enqueue(
        kind=INVITATION, about=invitation, recipient=invitation.ticket_holder.email, scope=f"summit:{summit.pk}"
    )
    return invitation, mail


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
    assert set(OutgoingMail.objects.filter(kind=INVITATION).values_list("status", flat=True)) == {MailStatus.SENT}
    assert OutgoingMail.objects.filter(kind=INVITATION).count() == SurveyInvitation.objects.count() == 2
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


def test_delivery_run_twice_sends_once(django_capture_on_commit_callbacks):
    _, row = queued_invitation()
    assert task_deliver_mail.apply(kwargs={"pks": [row.pk]}).get() == {"sent": 1}
    assert task_deliver_mail.apply(kwargs={"pks": [row.pk]}).get() == {"nothing to send": 1}
    assert len(mail.outbox) == 1 and SurveyLink.objects.count() == 1


def test_a_message_being_sent_elsewhere_is_not_sent_again():
    _, row = queued_invitation()
    OutgoingMail.objects.filter(pk=row.pk).update(status=MailStatus.CLAIMED, claimed_at=timezone.now())
    assert outbox_deliver(pks=[row.pk]) == {"nothing to send": [row.pk]}
    assert mail.outbox == [] and SurveyLink.objects.count() == 0


def test_the_link_is_minted_when_sent_and_taken_back_when_refused(refusing_mail, django_capture_on_commit_callbacks):
    refusing_mail += [451, None]  # a 4xx, then a dropped connection, then accepted
    with django_capture_on_commit_callbacks(execute=False):
        invitation, row = queued_invitation()
    assert SurveyLink.objects.count() == 0  # nothing minted while it waits
    with django_capture_on_commit_callbacks(execute=True):
        outbox_deliver(pks=[row.pk])
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 3)
    [link] = SurveyLink.objects.all()  # those of the two refused attempts were removed
    assert link.invitation_id == invitation.pk and link.token_hash == token_hash(link_token(mail.outbox[0]))


def test_temporary_refusals_give_up_after_the_last_attempt(refusing_mail, django_capture_on_commit_callbacks):
    refusing_mail += [451] * 10
    with django_capture_on_commit_callbacks(execute=True):
        _, row = queued_invitation()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.FAILED, 7)
    assert mail.outbox == [] and SurveyLink.objects.count() == 0


def test_permanent_refusal_is_recorded_as_failed_without_retry(refusing_mail, django_capture_on_commit_callbacks):
    refusing_mail.append(550)
    with django_capture_on_commit_callbacks(execute=True):
        _, row = queued_invitation()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.FAILED, 1)
    assert row.last_error.startswith("550 permanent refusal")
    assert SurveyLink.objects.count() == 0


def test_a_queued_invitation_is_skipped_when_no_longer_wanted(django_capture_on_commit_callbacks):
    opted, _ = queued_invitation(email="opted@example.org")
    SurveyOptOut.objects.create(email_digest=email_digest("opted@example.org"))
    closed_summit = held_summit()
    closed, _ = queued_invitation(summit=closed_summit)
    Survey.objects.filter(summit=closed_summit).update(open_for_responses=False)
    removed, _ = queued_invitation()
    removed.ticket_holder.delete()
    fine, _ = queued_invitation()
    pks = list(OutgoingMail.objects.values_list("pk", flat=True))
    outcome = outbox_deliver(pks=pks)
    assert outcome == {
        "skipped": [mail_of(opted).pk, mail_of(closed).pk, mail_of(removed).pk],
        "sent": [mail_of(fine).pk],
    }
    reasons = dict(OutgoingMail.objects.filter(status=MailStatus.SKIPPED).values_list("about_id", "last_error"))
    assert reasons == {
        opted.pk: "no longer relevant: answered or opted out",
        closed.pk: "no longer relevant: the survey is closed",
        removed.pk: "no longer relevant: the ticket holder's details were removed",
    }
    assert [m.to for m in mail.outbox] == [[fine.ticket_holder.email]]
    assert SurveyLink.objects.get().invitation_id == fine.pk


def test_a_batch_of_invitations_is_rendered_in_a_few_queries(django_assert_max_num_queries):
    summit = held_summit()
    rows = [queued_invitation(summit=summit)[1].pk for _ in range(20)]
    # claim (3), render (5: invitations, uses, opt-outs, links, content type), then two updates per message
    with django_assert_max_num_queries(12 + 2 * 20):
        assert outbox_deliver(pks=rows) == {"sent": rows}


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
    assert mail_of(silent, REMINDER).status == MailStatus.SENT and mail_of(answered, REMINDER) is None
    assert len(mail.outbox) == 1


def test_opted_out_before_the_reminder_gets_no_reminder(django_capture_on_commit_callbacks):
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    holder = TicketHolderFactory(summit=summit)
    invitation, _ = invitation_with_link(survey=survey, holder=holder)
    SurveyOptOut.objects.create(email_digest=email_digest(holder.email))
    with django_capture_on_commit_callbacks(execute=True):
        surveys_dispatch_due(now=timezone.now() + timedelta(days=4))
    reminder = mail_of(invitation, REMINDER)
    assert (reminder.status, reminder.last_error) == (MailStatus.SKIPPED, "no longer relevant: answered or opted out")
    assert mail.outbox == []


def test_send_surveys_command_queues_now(capsys, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    summit = held_summit()
    TicketHolderFactory.create_batch(3, summit=summit)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_surveys", summit.slug)
    assert "3 invitations created, 3 queued, 0 reminders." in capsys.readouterr().out
    assert len(mail.outbox) == 3


def test_ticket_holders_imported_after_the_first_send_are_invited_once(django_capture_on_commit_callbacks):
    summit = held_summit()
    TicketHolderFactory(summit=summit, email="first@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_send_now(summit=summit)["created"] == 1
    TicketHolderFactory(summit=summit, email="late@example.org")
    TicketHolderFactory(summit=summit, email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_dispatch_due()["created"] == 1  # beat finds the late one by itself
        assert surveys_dispatch_due()["created"] == 0
        assert survey_send_now(summit=summit)["created"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "late@example.org"]
    assert OutgoingMail.objects.filter(kind=INVITATION, status=MailStatus.SENT).count() == 2


def test_late_holders_of_a_survey_sent_long_ago_wait_for_the_send_page(django_capture_on_commit_callbacks):
    summit = held_summit()
    survey = survey_ensure(summit=summit)
    Survey.objects.filter(pk=survey.pk).update(
        send_after=timezone.now() - timedelta(days=40), invitations_created_at=timezone.now() - timedelta(days=40)
    )
    TicketHolderFactory(summit=summit, email="late@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_dispatch_due()["created"] == 0
        assert survey_send_now(summit=summit)["created"] == 1
    assert [m.to for m in mail.outbox] == [["late@example.org"]]


def test_the_survey_page_counts_from_the_outbox(django_capture_on_commit_callbacks, refusing_mail):
    from feedback.selectors import survey_tracking

    summit = held_summit()
    TicketHolderFactory.create_batch(2, summit=summit)
    TicketHolderFactory(summit=summit, email="refused@example.org")
    refusing_mail += [None, None, 550]  # the third message is refused for good; the first two go after a retry
    with django_capture_on_commit_callbacks(execute=True):
        survey_send_now(summit=summit)
    tracking = survey_tracking(summit.survey)
    assert (tracking["invited"], tracking["bounced"], tracking["waiting"], tracking["reminded"]) == (2, 1, 0, 0)
