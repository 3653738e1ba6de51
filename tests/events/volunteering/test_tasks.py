from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from btb.celery import app
from events.volunteering.enums import SignUpStatus
from events.volunteering.tasks import task_lapse_expired_offers, task_queue_volunteer_reminders
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory

# The names the integrator puts in CELERY_BEAT_SCHEDULE.
BEAT_TASKS = [
    "events.volunteering.tasks.task_queue_volunteer_reminders",
    "events.volunteering.tasks.task_lapse_expired_offers",
    "events.volunteering.tasks.task_send_cover_invitations",
]


def test_beat_tasks_are_registered_under_the_reported_names(settings):
    app.loader.import_default_modules()
    assert set(BEAT_TASKS) <= set(app.tasks)
    assert set(BEAT_TASKS) <= {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


@pytest.mark.django_db
def test_lapse_task_passes_an_expired_offer_to_the_next_person(django_capture_on_commit_callbacks):
    role = VolunteerRoleFactory(places=1)
    expired = SignUpFactory(
        role=role, status=SignUpStatus.OFFERED, offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    nxt = SignUpFactory(role=role, status=SignUpStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        assert task_lapse_expired_offers.apply().get() == 1
    expired.refresh_from_db()
    nxt.refresh_from_db()
    assert (expired.status, nxt.status) == (SignUpStatus.LAPSED, SignUpStatus.OFFERED)
    assert [m.subject for m in mail.outbox] == [f"A place is free for you: {role.title}"]
    assert task_lapse_expired_offers.apply().get() == 0


@pytest.mark.django_db
def test_reminder_task_sends_once_across_runs(django_capture_on_commit_callbacks):
    role = VolunteerRoleFactory()
    role.starts_at = timezone.now() + timedelta(hours=30)
    role.ends_at = role.starts_at + timedelta(hours=2)
    role.save()
    SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    for queued in (1, 0):
        with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers once the queuing commits
            assert task_queue_volunteer_reminders.apply().get() == queued
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Reminder:")
