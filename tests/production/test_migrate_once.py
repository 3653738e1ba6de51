"""The compose file's migrate service, started twice at once on an empty database (replicas starting together):
both succeed and every migration is applied exactly once."""

import os
import sys
import time

import pytest

from tests.production.compose import Process, command
from tests.production.conftest import sql

pytestmark = [pytest.mark.services, pytest.mark.slow]


def test_two_migrate_processes_at_once_apply_each_migration_once(fresh_database, tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": os.urandom(40).hex(),
        "DATABASE_URL": fresh_database,
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # required by the settings, not used by migrate
        "EMAIL_URL": "consolemail://",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://btb.example.org",  # required by the settings, not used by migrate
        "DEFAULT_FROM_EMAIL": "no-reply@btb.example.org",
        "BTB_VAR_DIR": str(tmp_path / "var"),
    }
    argv = command("migrate")
    assert argv[1:] == ["manage.py", "migrate_once", "--noinput"] and argv[0] == sys.executable
    processes = [Process(f"migrate-{n}", argv, env, tmp_path / f"migrate-{n}.log") for n in (1, 2)]
    try:
        for process in processes:
            process.start()
        deadline = time.monotonic() + 150
        while any(p.running() for p in processes) and time.monotonic() < deadline:
            time.sleep(0.2)
        logs = {p.name: p.log() for p in processes}
        assert [p.popen.returncode for p in processes] == [0, 0], logs
    finally:
        for process in processes:
            process.stop()

    applied = sql(fresh_database, "SELECT app, name, count(*) FROM django_migrations GROUP BY app, name")
    assert applied and {count for _, _, count in applied} == {1}
    # One process applied them all; the other waited for it and found nothing to do.
    appliers = [name for name, log in logs.items() if "Applying " in log]
    assert len(appliers) == 1, logs
    (other,) = set(logs) - set(appliers)
    assert "No migrations to apply." in logs[other]
