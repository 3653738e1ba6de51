"""A real round trip: the web side queues a task on Redis, a real worker process runs it against the database."""

import re

import pytest
from django.contrib.auth.models import Group

from btb.accounts.enums import Role
from btb.accounts.models import User, VolunteerProfile
from btb.accounts.tasks import task_send_verification_email
from btb.celery import app

pytestmark = pytest.mark.services


def test_task_round_trip_through_real_worker_and_redis(celery_worker):
    user = User.objects.create(username="rt@met.police.uk", email="rt@met.police.uk", is_active=False)
    user.groups.add(Group.objects.get(name=Role.VOLUNTEER.value))
    VolunteerProfile.objects.create(user=user, display_name="Round Trip")

    result = task_send_verification_email.apply_async(kwargs={"user_pk": user.pk}, queue=celery_worker.queue)
    assert result.get(timeout=60) is True

    mails = list(celery_worker.mail_dir.glob("*.log"))
    assert len(mails) == 1, celery_worker.log.read_text()[-2000:]
    body = mails[0].read_text()
    assert "To: rt@met.police.uk" in body
    assert re.search(r"/accounts/verify/[^\s]+/", body)


def test_worker_reports_a_missing_row_without_failing(celery_worker):
    result = task_send_verification_email.apply_async(kwargs={"user_pk": 987654}, queue=celery_worker.queue)
    assert result.get(timeout=60) is False
    assert not list(celery_worker.mail_dir.glob("*.log"))


def test_broker_is_redis_and_json_only(redis_broker):
    assert app.conf.broker_url.startswith("redis://")
    assert app.conf.accept_content == ["json"]
