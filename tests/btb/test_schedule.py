"""The beat schedule run in one process (btb/schedule.py), as `make run` does on the embedded default."""

import email
import logging
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from btb.celery import app
from btb.schedule import InProcessSchedule
from events.enums import SummitStatus
from events.services import summit_mark_held
from feedback.models import Survey, SurveyResponse
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory

pytestmark = pytest.mark.django_db


def test_every_beat_entry_runs_on_the_first_pass_then_waits_for_its_schedule():
    schedule = InProcessSchedule(app, settings.CELERY_BEAT_SCHEDULE)
    ran, wait = schedule.run_due()
    assert ran == list(settings.CELERY_BEAT_SCHEDULE)
    assert 1 <= wait <= 60
    assert schedule.run_due()[0] == []  # nothing is due again straight away


def test_a_beat_entry_naming_no_task_is_refused_at_start():
    with pytest.raises(LookupError, match="feedback.tasks.task_that_does_not_exist"):
        InProcessSchedule(app, {"typo": {"task": "feedback.tasks.task_that_does_not_exist", "schedule": 60}})


def mailed_texts(folder) -> list[str]:
    """The plain-text bodies of every message the file e-mail backend wrote (one file a connection, messages
    separated by a line of dashes)."""
    texts = []
    for path in sorted(folder.iterdir()):
        for raw in path.read_text().split("\n" + "-" * 79 + "\n"):
            if not raw.strip():
                continue
            for part in email.message_from_string(raw).walk():
                if part.get_content_type() == "text/plain":
                    texts.append(part.get_payload(decode=True).decode())
    return texts


def test_a_held_summit_is_surveyed_when_due_and_the_link_takes_an_answer(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The embedded default end to end: e-mail written as files, no worker, no beat; the scheduled work sends."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    ended = timezone.now() - timedelta(hours=2)
    summit = SummitFactory(status=SummitStatus.CONFIRMED, starts_at=ended - timedelta(hours=3), ends_at=ended)
    TicketHolderFactory.create_batch(2, summit=summit, checked_in=True, consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        summit_mark_held(summit=summit)  # the survey is scheduled once that commits
    survey = Survey.objects.get(summit=summit)
    assert survey.send_after > timezone.now()  # the morning after: nothing goes yet
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduled_work", "--once")
    assert not (tmp_path / "mail").exists()

    Survey.objects.filter(pk=survey.pk).update(send_after=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduled_work", "--once")
    texts = mailed_texts(tmp_path / "mail")
    links = [re.search(r"http://testserver(/s/[^\s/]+/)", text).group(1) for text in texts]
    assert len(links) == 2 and len(set(links)) == 2

    opened = client.get(links[0])
    assert opened.status_code == 302 and opened["Location"] == reverse("feedback:survey_link_form")
    answered = client.post(opened["Location"], {"overall": "5", "recommend": "Yes"})
    assert answered.status_code == 302 and answered["Location"] == reverse("feedback:survey_thanks")
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


@app.task(name="tests.btb.test_schedule.refused_task")
def refused_task():
    raise RuntimeError("550 mailbox unknown: someone@example.org")


def test_a_failing_task_is_logged_by_type_only_and_the_others_still_run():
    schedule = InProcessSchedule(
        app,
        {
            "refused": {"task": "tests.btb.test_schedule.refused_task", "schedule": 60},
            "recover": settings.CELERY_BEAT_SCHEDULE["outbox-recover"],
        },
    )
    records = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = records.append
    logger = logging.getLogger("btb.schedule")
    logger.addHandler(handler)
    try:
        ran, _ = schedule.run_due()
    finally:
        logger.removeHandler(handler)
    assert ran == ["recover"]
    messages = [record.getMessage() for record in records]
    assert messages == ["Scheduled task refused failed: RuntimeError"]
    assert not any("example.org" in message for message in messages)
