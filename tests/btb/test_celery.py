"""A real round trip: the web side queues a task on Redis, a real worker process runs it against the database."""

import re

import pytest
from django.contrib.auth.models import Group

from btb.accounts.enums import Role
from btb.accounts.mail import VERIFICATION
from btb.accounts.models import User, VolunteerProfile
from btb.celery import app
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_enqueue
from btb.outbox.tasks import task_deliver_mail

pytestmark = pytest.mark.services


def test_task_round_trip_through_real_worker_and_redis(celery_worker, django_capture_on_commit_callbacks):
    user = User.objects.create(username="rt@met.police.uk", email="rt@met.police.uk", is_active=False)
    user.groups.add(Group.objects.get(name=Role.VOLUNTEER.value))
    VolunteerProfile.objects.create(user=user, display_name="Round Trip")

    with django_capture_on_commit_callbacks(execute=False):  # sent by the test's worker, not the default queue
        row = outbox_enqueue(kind=VERIFICATION, about=user, recipient=user.email)

    result = task_deliver_mail.apply_async(kwargs={"pks": [row.pk]}, queue=celery_worker.queue)
    assert result.get(timeout=60) == {"sent": 1}
    assert OutgoingMail.objects.get(pk=row.pk).status == "sent"

    mails = list(celery_worker.mail_dir.glob("*.log"))
    assert len(mails) == 1, celery_worker.log.read_text()[-2000:]
    body = mails[0].read_text()
    assert "To: rt@met.police.uk" in body
    assert re.search(r"/accounts/verify/[^\s]+/", body)


def test_worker_reports_a_missing_row_without_failing(celery_worker):
    result = task_deliver_mail.apply_async(kwargs={"pks": [987654]}, queue=celery_worker.queue)
    assert result.get(timeout=60) == {"nothing to send": 1}
    assert not list(celery_worker.mail_dir.glob("*.log"))


def test_broker_is_redis_and_json_only(redis_broker):
    assert app.conf.broker_url.startswith("redis://")
    assert app.conf.accept_content == ["json"]
