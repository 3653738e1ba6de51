from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from events.models import SignUpNotification
from events.volunteering.enums import NotificationKind, SignUpStatus
from events.volunteering.ics import calendar_for
from events.volunteering.tasks import task_send_signup_notification
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
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(NotificationKind))
def test_each_notification_sent_once_even_when_its_task_runs_twice(kind):
    signup = SignUpFactory(status=KIND_STATUS[kind])
    first = task_send_signup_notification.apply(kwargs={"pk": signup.pk, "kind": kind.value}).get()
    again = task_send_signup_notification.apply(kwargs={"pk": signup.pk, "kind": kind.value}).get()
    assert (first, again) == (True, False)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [signup.volunteer.user.email]
    assert message.alternatives[0][1] == "text/html" and signup.role.title in message.body
    record = SignUpNotification.objects.get(signup=signup, kind=kind)
    assert record.sent_at is not None


@pytest.mark.django_db
def test_notification_no_longer_relevant_is_not_sent():
    signup = SignUpFactory(status=SignUpStatus.WITHDRAWN)
    assert task_send_signup_notification.apply(kwargs={"pk": signup.pk, "kind": "reminder"}).get() is False
    assert task_send_signup_notification.apply(kwargs={"pk": 987654, "kind": "received"}).get() is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_second_change_is_announced_but_the_same_change_only_once():
    signup = SignUpFactory(status=SignUpStatus.CONFIRMED)
    for key in ("a", "a", "b"):
        task_send_signup_notification.apply(kwargs={"pk": signup.pk, "kind": "changed", "key": key})
    assert len(mail.outbox) == 2


def test_notification_task_run_twice_by_the_real_worker_sends_once(celery_worker):
    signup = SignUpFactory(status=SignUpStatus.CONFIRMED)
    kwargs = {"pk": signup.pk, "kind": "confirmed"}
    results = [task_send_signup_notification.apply_async(kwargs=kwargs, queue=celery_worker.queue) for _ in range(2)]
    assert sorted(result.get(timeout=60, disable_sync_subtasks=False) for result in results) == [False, True]
    mails = list(celery_worker.mail_dir.glob("*.log"))
    assert len(mails) == 1, celery_worker.log.read_text()[-2000:]
    assert "behind-the-badge.ics" in mails[0].read_text()


def _events(ical: bytes):
    return list(icalendar.Calendar.from_ical(ical).walk("VEVENT"))


@pytest.mark.django_db
def test_confirmation_ics_attachment_parses_with_london_times_over_a_clock_change(smtp_sink):
    # British Summer Time starts at 01:00 UTC on Sunday 29 March 2026.
    summit = SummitFactory(
        starts_at=datetime(2026, 3, 29, 18, 0, tzinfo=LONDON), ends_at=datetime(2026, 3, 29, 21, 0, tzinfo=LONDON)
    )
    role = VolunteerRoleFactory(summit=summit, starts_at=summit.starts_at, ends_at=summit.ends_at)
    signup = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    task_send_signup_notification.apply(kwargs={"pk": signup.pk, "kind": "confirmed"})
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
