from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver, outbox_enqueue
from btb.outbox.tasks import task_deliver_mail
from events.models import Summit
from events.volunteering.enums import NotificationKind, SignUpStatus
from events.volunteering.ics import calendar_for
from events.volunteering.models import SignUp, VolunteerRole
from events.volunteering.notifications import mail_kind, notification_queue
from tests.calendars import parse_both
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
    NotificationKind.HANDED_OVER: SignUpStatus.CONFIRMED,
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


@pytest.mark.django_db
def test_confirmation_ics_attachment_parses_with_london_times_over_a_clock_change(smtp_sink, send, settings):
    # British Summer Time starts at 01:00 UTC on Sunday 29 March 2026.
    settings.SITE_URL = "https://btb.example.org"
    summit = SummitFactory(
        starts_at=datetime(2026, 3, 29, 18, 0, tzinfo=LONDON), ends_at=datetime(2026, 3, 29, 21, 0, tzinfo=LONDON)
    )
    role = VolunteerRoleFactory(summit=summit, starts_at=summit.starts_at, ends_at=summit.ends_at)
    signup = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    send(signup, "confirmed")
    [received] = smtp_sink.to(signup.volunteer.user.email)
    parts = {part.get_content_type(): part for part in received.message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= parts.keys()
    assert parts["text/calendar"].get_param("method") == "PUBLISH"
    method, [event] = parse_both(parts["text/calendar"].get_payload(decode=True))
    assert method == "PUBLISH"
    assert event.starts_at == datetime(2026, 3, 29, 17, 0, tzinfo=UTC)  # 18:00 in London, summer time
    assert event.ends_at == datetime(2026, 3, 29, 20, 0, tzinfo=UTC)
    assert event.uid == f"signup-{signup.pk}@btb.example.org"
    assert event.summary == f"{role.title}: {summit}" and event.status == "CONFIRMED"


@pytest.mark.django_db
def test_ics_writes_utc_times_that_both_parsers_place_alike_in_winter_and_summer():
    """No VTIMEZONE to get wrong: UTC times, read at the same instant by icalendar and by vobject (dateutil)."""
    winter = VolunteerRoleFactory(
        starts_at=datetime(2026, 1, 14, 18, 0, tzinfo=LONDON), ends_at=datetime(2026, 1, 14, 20, 0, tzinfo=LONDON)
    )
    summer = VolunteerRoleFactory(
        starts_at=datetime(2026, 7, 14, 18, 0, tzinfo=LONDON), ends_at=datetime(2026, 7, 14, 20, 0, tzinfo=LONDON)
    )
    signups = [SignUpFactory(role=role, status=SignUpStatus.CONFIRMED) for role in (winter, summer)]
    body = calendar_for(signups, name="Mine")
    assert b"BEGIN:VTIMEZONE" not in body and b"DTSTART:20260114T180000Z" in body
    _, events = parse_both(body)
    assert [event.starts_at for event in events] == [
        datetime(2026, 1, 14, 18, 0, tzinfo=UTC),
        datetime(2026, 7, 14, 17, 0, tzinfo=UTC),
    ]
    assert [event.starts_at.astimezone(LONDON).hour for event in events] == [18, 18]


@pytest.mark.django_db
def test_the_cancellation_email_cancels_the_confirmations_calendar_entry(smtp_sink, send, settings):
    """The UID of the confirmation's attachment, METHOD:CANCEL, STATUS:CANCELLED and a higher SEQUENCE: a
    calendar program that imported the confirmation removes it."""
    from events import services as event_services
    from events.enums import SummitStatus

    settings.SITE_URL = "https://btb.example.org"
    summit = SummitFactory(status=SummitStatus.CONFIRMED)
    role = VolunteerRoleFactory(summit=summit)
    signup = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    earlier = timezone.now() - timedelta(hours=1)  # confirmed an hour before the cancellation
    for model, pk in ((SignUp, signup.pk), (VolunteerRole, role.pk), (Summit, summit.pk)):
        model.objects.filter(pk=pk).update(created_at=earlier - timedelta(days=1), updated_at=earlier)
    send(signup, "confirmed")
    [confirmation] = smtp_sink.to(signup.volunteer.user.email)
    confirmed = {p.get_content_type(): p for p in confirmation.message.walk()}["text/calendar"]
    _, [before] = parse_both(confirmed.get_payload(decode=True))
    summit.refresh_from_db()
    event_services.summit_cancel(summit=summit, reason="Venue flooded")
    row = OutgoingMail.objects.get(kind=mail_kind(NotificationKind.CANCELLED))
    assert outbox_deliver(pks=[row.pk]) == {"sent": [row.pk]}
    cancellation = smtp_sink.to(signup.volunteer.user.email)[-1]
    assert cancellation.subject.startswith("Cancelled: ")
    part = {p.get_content_type(): p for p in cancellation.message.walk()}["text/calendar"]
    assert part.get_param("method") == "CANCEL"
    method, [after] = parse_both(part.get_payload(decode=True))
    assert method == "CANCEL" and after.status == "CANCELLED"
    assert after.uid == before.uid == f"signup-{signup.pk}@btb.example.org"
    assert after.sequence > before.sequence
    assert after.starts_at == before.starts_at
    assert after.dtstamp > before.dtstamp
