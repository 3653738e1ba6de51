from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver, outbox_enqueue
from btb.outbox.tasks import task_deliver_mail
from events.volunteering.enums import NotificationKind, SignUpStatus
from events.volunteering.ics import calendar_for
from events.volunteering.notifications import mail_kind, notification_queue
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory

LONDON = ZoneInfo("Europe/London")

KIND_STATUS = {
    NotificationKind.RECEIVED: SignUpStatus.PENDING,
    NotificationKind.CONFIRMED: SignUpStatus.CONFIRMED,
    NotificationKind.DECLINED: SignUpStatus.DECLINED,
    NotificationKind.OFFERED: SignUpStatus.OFFERED,
    NotificationKind.CHANGED: SignUpStatus.CONFIRMED,
    NotificationKind.CANCELLED: SignUpStatus.CANCELLED,
    NotificationKind.REMINDER: SignUpStatus.CONFIRMED,
    NotificationKind.REOPENED: SignUpStatus.PENDING,
}


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Queue a message as the services do and run its delivery (eagerly, in tests) once they commit."""

    def call(signup, kind, key=""):
        with django_capture_on_commit_callbacks(execute=True):
            notification_queue(signup=signup, kind=NotificationKind(kind), key=key)

    return call


def row_for(signup, kind):
    return OutgoingMail.objects.get(kind=mail_kind(kind), about_id=signup.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(NotificationKind))
def test_each_notification_sent_once_even_when_its_task_runs_twice(kind, send):
    signup = SignUpFactory(status=KIND_STATUS[kind])
    send(signup, kind)
    record = row_for(signup, kind)
    assert task_deliver_mail.apply(kwargs={"pks": [record.pk]}).get() == {"nothing to send": 1}
    send(signup, kind)  # queued again: the same message, not sent again
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [signup.volunteer.user.email]
    assert message.alternatives[0][1] == "text/html" and signup.role.title in message.body
    record = row_for(signup, kind)
    assert record.status == MailStatus.SENT and record.sent_at is not None


@pytest.mark.django_db
def test_notification_no_longer_relevant_is_not_sent(send, django_capture_on_commit_callbacks):
    signup = SignUpFactory(status=SignUpStatus.WITHDRAWN)
    send(signup, "reminder")
    assert row_for(signup, "reminder").status == MailStatus.SKIPPED
    gone = SignUpFactory(status=SignUpStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=False):
        notification_queue(signup=gone, kind=NotificationKind.RECEIVED)
    pk = gone.pk
    gone.delete()
    assert outbox_deliver(pks=list(OutgoingMail.objects.filter(about_id=pk).values_list("pk", flat=True)))
    assert OutgoingMail.objects.get(about_id=pk).status == MailStatus.SKIPPED
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_message_skipped_then_due_again_is_sent(send):
    signup = SignUpFactory(status=SignUpStatus.WAITING)
    send(signup, "offered", key="k")  # the offer was withdrawn before it went
    signup.status = SignUpStatus.OFFERED
    signup.save()
    send(signup, "offered", key="k")
    assert row_for(signup, "offered").status == MailStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_second_change_is_announced_but_the_same_change_only_once(send):
    signup = SignUpFactory(status=SignUpStatus.CONFIRMED)
    for key in ("a", "a", "b"):
        send(signup, "changed", key=key)
    assert len(mail.outbox) == 2


def test_notification_task_run_twice_by_the_real_worker_sends_once(celery_worker, django_capture_on_commit_callbacks):
    signup = SignUpFactory(status=SignUpStatus.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=False):  # delivered by the test's worker below
        row = outbox_enqueue(
            kind=mail_kind(NotificationKind.CONFIRMED), about=signup, recipient=signup.volunteer.user.email
        )
    kwargs = {"pks": [row.pk]}
    results = [task_deliver_mail.apply_async(kwargs=kwargs, queue=celery_worker.queue) for _ in range(2)]
    outcomes = sorted(next(iter(result.get(timeout=60, disable_sync_subtasks=False))) for result in results)
    assert outcomes == ["nothing to send", "sent"]
    mails = list(celery_worker.mail_dir.glob("*.log"))
    assert len(mails) == 1, celery_worker.log.read_text()[-2000:]
    assert "behind-the-badge.ics" in mails[0].read_text()


def _events(ical: bytes):
    return list(icalendar.Calendar.from_ical(ical).walk("VEVENT"))


@pytest.mark.django_db
def test_confirmation_ics_attachment_parses_with_london_times_over_a_clock_change(smtp_sink, send):
    # British Summer Time starts at 01:00 UTC on Sunday 29 March 2026.
    summit = SummitFactory(
        starts_at=datetime(2026, 3, 29, 18, 0, tzinfo=LONDON), ends_at=datetime(2026, 3, 29, 21, 0, tzinfo=LONDON)
    )
    role = VolunteerRoleFactory(summit=summit, starts_at=summit.starts_at, ends_at=summit.ends_at)
    signup = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    send(signup, "confirmed")
    [received] = smtp_sink.to(signup.volunteer.user.email)
    parts = {part.get_content_type(): part for part in received.message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= parts.keys()
    [event] = _events(parts["text/calendar"].get_payload(decode=True))
    assert event.decoded("dtstart") == datetime(2026, 3, 29, 18, 0, tzinfo=LONDON)
    assert event.decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtend").astimezone(ZoneInfo("UTC")).hour == 20
    assert str(event["summary"]) == f"{role.title}: {summit}"


@pytest.mark.django_db
def test_ics_has_a_london_timezone_for_outlook():
    winter = VolunteerRoleFactory(
        starts_at=datetime(2026, 3, 28, 18, 0, tzinfo=LONDON), ends_at=datetime(2026, 3, 28, 20, 0, tzinfo=LONDON)
    )
    signups = [SignUpFactory(role=winter, status=SignUpStatus.CONFIRMED)]
    parsed = icalendar.Calendar.from_ical(calendar_for(signups, name="Mine"))
    assert [str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/London"]
    [event] = parsed.walk("VEVENT")
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
