"""The whole attendee journey on the real services: PostgreSQL, Redis, a Celery worker process and an SMTP server.

import → summit held → invitations the next morning → answers → one reminder only to those who did not answer →
an opt-out honoured."""

import os
import re
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from btb.outbox.enums import OPEN_STATUSES, MailStatus
from btb.outbox.models import OutgoingMail
from events.enums import SummitStatus
from events.services import summit_mark_held
from events.tickets.services import ticket_mapping_for, ticket_table_read, tickets_import
from feedback.models import Survey, SurveyResponse
from feedback.services import INVITATION, REMINDER, surveys_dispatch_due
from tests.conftest import ROOT
from tests.events.factories import SummitFactory
from tests.events.tickets.helpers import EVENTBRITE_SAMPLE

WORKER = """
import sys
from btb.celery import app
app.conf.task_default_queue = sys.argv[1]
app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "-Q", sys.argv[1], "-n", sys.argv[1] + "@%h"])
"""


@pytest.fixture
def mailing_worker(transactional_db, postgres, redis_broker, smtp_sink, tmp_path):
    """A real worker whose e-mail goes to the SMTP sink, and whose default queue (for tasks it queues itself, and
    for tasks this test's services queue) is its own."""
    import uuid

    from btb.celery import app

    queue = f"test-feedback-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": smtp_sink.email_url,
        "BTB_VAR_DIR": str(tmp_path / "worker-var"),
    }
    log_path = tmp_path / "worker.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER, queue], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("worker did not start: " + log_path.read_text()[-2000:])
        yield log_path
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for(condition, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out; worker log:\n" + log_path.read_text()[-3000:])


def text_of(mail) -> str:
    part = mail.message.get_payload(0) if mail.message.is_multipart() else mail.message
    return part.get_payload(decode=True).decode()


def test_import_held_invite_answer_remind_opt_out(mailing_worker, smtp_sink):
    ends = timezone.now() - timedelta(hours=2)
    summit = SummitFactory(status=SummitStatus.CONFIRMED, starts_at=ends - timedelta(hours=3), ends_at=ends)
    table = ticket_table_read(data=EVENTBRITE_SAMPLE.read_bytes(), filename="attendees.csv")
    _, mapping = ticket_mapping_for(headers=table.headers)
    assert tickets_import(summit=summit, table=table, mapping=mapping).created == 40
    eligible = set(summit.ticket_holders.exclude(email="").exclude(consent=False).values_list("email", flat=True))

    summit_mark_held(summit=summit)
    survey = Survey.objects.get(summit=summit)
    assert surveys_dispatch_due(now=survey.send_after - timedelta(seconds=1))["queued"] == 0

    outcome = surveys_dispatch_due(now=survey.send_after)
    assert outcome["created"] == len(eligible) == outcome["queued"]
    # The sink has a message before the worker records it as sent: wait for both.
    wait_for(
        lambda: (
            len(smtp_sink.received) == len(eligible)
            and OutgoingMail.objects.filter(kind=INVITATION, status=MailStatus.SENT).count() == len(eligible)
        ),
        mailing_worker,
    )
    assert {mail.recipients[0] for mail in smtp_sink.received} == eligible

    by_address = {mail.recipients[0]: mail for mail in smtp_sink.received}
    addresses = sorted(eligible)
    responders, opting_out = addresses[:5], addresses[5]
    client = Client()
    for address in responders:
        path = re.search(r"http://testserver(/s/[^/\s]+/)", text_of(by_address[address])).group(1)
        assert client.post(path, {"overall": "5", "recommend": "Yes"}).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 5
    unsubscribe = re.search(
        r"<http://testserver(/unsubscribe/\S+/)>", by_address[opting_out].message["List-Unsubscribe"]
    )[1]
    assert Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"}).status_code == 200

    smtp_sink.received.clear()
    reminders = surveys_dispatch_due(now=timezone.now() + timedelta(days=3, minutes=1))["reminders"]
    assert reminders == len(eligible) - 5  # queued for every non-responder; the opt-out is checked when sending
    expected = eligible - set(responders) - {opting_out}
    wait_for(
        lambda: not OutgoingMail.objects.filter(kind=REMINDER, status__in=OPEN_STATUSES).exists(),
        mailing_worker,
    )
    assert {mail.recipients[0] for mail in smtp_sink.received} == expected
    assert all(mail.subject.startswith("A last reminder:") for mail in smtp_sink.received)
    assert OutgoingMail.objects.get(kind=REMINDER, recipient=opting_out).status == MailStatus.SKIPPED

    # Nothing more: a later run sends no third e-mail.
    assert surveys_dispatch_due(now=timezone.now() + timedelta(days=20)) == {"created": 0, "queued": 0, "reminders": 0}
    time.sleep(1)
    assert len(smtp_sink.received) == len(expected)
