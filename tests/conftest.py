import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.factories import CoordinatorFactory, OversightFactory, VolunteerProfileFactory

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WorkerHandle:
    queue: str
    mail_dir: Path
    log: Path


REQUIRED = os.environ.get("BTB_REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI, where BTB_REQUIRE_SERVICES=1) when a real service is missing."""
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"required service missing in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_available() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def _test_overrides(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Password hashing is deliberately slow; the tests need it to work, not to resist cracking.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Data migrations whose rows tests on flushed tables need back (their ``forwards(apps, schema_editor)``).
REFERENCE_DATA_MIGRATIONS = [
    "btb.accounts.migrations.0002_roles_and_reference_data",
    "btb.accounts.migrations.0004_communities",
    "influencers.migrations.0002_default_skills",
    "media_appearances.migrations.0003_default_question_bank",
    "events.migrations.0002_reference_data",
    "events.migrations.0010_checklist_step_mirrors",
    "events.migrations.0013_cover_requirements",
    "feedback.migrations.0005_seed_standard_measures",
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Tests on a real transaction (live server, worker) start from flushed tables: put back what migrations load."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        for module in REFERENCE_DATA_MIGRATIONS:
            import_module(module).forwards(apps, None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def volunteer(db):
    return VolunteerProfileFactory(display_name="PC Volunteer One").user


@pytest.fixture
def other_volunteer(db):
    return VolunteerProfileFactory(display_name="PC Volunteer Two").user


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def oversight(db):
    return OversightFactory()


@pytest.fixture
def postgres():
    need(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL or run it on 127.0.0.1:5432)")


@pytest.fixture
def redis_broker():
    need(redis_available(), "needs Redis (set REDIS_URL or run it on 127.0.0.1:6379)")


def send_mail_to(settings, port: int) -> None:
    """Point Django's e-mail at a plain SMTP server on 127.0.0.1 for this test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on 127.0.0.1 that records what it receives; Django sends to it during the test."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink().start()
    send_mail_to(settings, sink.port)
    yield sink
    sink.stop()


@pytest.fixture
def celery_worker(transactional_db, postgres, redis_broker, tmp_path):
    """A real Celery worker process on the real Redis broker, using the test database.

    It consumes a queue of its own, so no other worker on the machine can take the test's tasks. Yields a
    handle with ``queue`` (route tasks there with ``apply_async(queue=...)``) and ``mail_dir`` (where its e-mail
    is written).
    """
    from btb.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "BTB_VAR_DIR": str(tmp_path / "worker-var"),
    }
    env.pop("EMAIL_URL", None)  # the worker writes e-mail as files under its BTB_VAR_DIR
    log_path = tmp_path / "worker.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "btb",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=1)
            if replies:
                break
            if process.poll() is not None:
                raise RuntimeError("Celery worker exited: " + log_path.read_text()[-2000:])
        else:
            raise RuntimeError("Celery worker did not answer within 60 s: " + log_path.read_text()[-2000:])
        yield WorkerHandle(queue=queue, mail_dir=Path(env["BTB_VAR_DIR"]) / "mail", log=log_path)
    finally:
        app.conf.task_always_eager = previous_eager
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def users_by_role(volunteer, other_volunteer, coordinator, oversight):
    return {
        "anonymous": None,
        "volunteer": volunteer,
        "other_volunteer": other_volunteer,
        "coordinator": coordinator,
        "oversight": oversight,
    }


__all__ = ["need"]


@pytest.fixture
def refusing_mail(settings):
    """The mail server refuses the next messages with the codes the test appends (see tests/refusing_mail.py)."""
    from tests.refusing_mail import REFUSALS

    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    REFUSALS.clear()
    yield REFUSALS
    REFUSALS.clear()
