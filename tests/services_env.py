"""Chooses the services the test suite runs against, before Django reads its settings.

The tests use the project's own settings (btb/settings.py); this only fills in environment variables that are
not already set:

- PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 are used when they answer; otherwise the suite runs on
  SQLite with tests that need the real services skipped, each saying why.
- With BTB_REQUIRE_SERVICES=1 (set by .ci/run) a missing service stops the run at once, and any skip of a
  real-service or browser test is a failure.
"""

import os
import socket
import tempfile
from urllib.parse import urlsplit, urlunsplit

import pytest

REQUIRED = os.environ.get("BTB_REQUIRE_SERVICES") == "1"
# The embedded default's pass: SQLite and no Redis, as `make run` has them, whatever answers on this machine.
EMBEDDED = os.environ.get("BTB_EMBEDDED") == "1"
# Fixtures that name a real service: a test that uses one (directly or through another fixture) is marked
# ``services`` and left out of the embedded pass, where that service is absent by design.
SERVICE_FIXTURES = {"postgres", "redis_broker"}


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _redis_index_for_worker(url: str, worker: str) -> str:
    """Each pytest-xdist worker gets a Redis database of its own (tests empty the cache; one worker's clear must
    not empty another's), as pytest-django gives each its own test database."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    index = (base - int(worker.removeprefix("gw"))) % 16
    return urlunsplit(parts._replace(path=f"/{index}"))


def _configure() -> None:
    env = os.environ
    if EMBEDDED:
        env["DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="btb-test-db-"), "db.sqlite3")
        env["REDIS_URL"] = ""
    if "DATABASE_URL" not in env and _answers("127.0.0.1", 5432):
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/btb"
    if "REDIS_URL" not in env and _answers("127.0.0.1", 6379):
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    if env.get("REDIS_URL") and env.get("PYTEST_XDIST_WORKER"):
        env["REDIS_URL"] = _redis_index_for_worker(env["REDIS_URL"], env["PYTEST_XDIST_WORKER"])
    # Most tests run tasks in-process; tests of the real worker switch this off for themselves.
    env.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    env.setdefault("BTB_VAR_DIR", tempfile.mkdtemp(prefix="btb-test-var-"))
    if env.get("PYTEST_XDIST_WORKER"):
        # Workers inherit the controller's folder; each writes its mail and uploads in a folder of its own.
        env["BTB_VAR_DIR"] = os.path.join(env["BTB_VAR_DIR"], env["PYTEST_XDIST_WORKER"])
        os.makedirs(env["BTB_VAR_DIR"], exist_ok=True)
    env.setdefault("SITE_URL", "http://testserver")
    env.setdefault("VOLUNTEER_EMAIL_DOMAINS", "met.police.uk,police.uk")
    env.setdefault("DEBUG", "true")
    if EMBEDDED and REQUIRED:
        if not os.path.exists(env.get("CHROMIUM_PATH", "/usr/bin/chromium")):
            raise pytest.UsageError("BTB_REQUIRE_SERVICES=1 but Chromium (/usr/bin/chromium) is missing")
    elif REQUIRED:
        missing = [
            name
            for name, ok in (
                ("PostgreSQL (DATABASE_URL)", env.get("DATABASE_URL", "").startswith("postgres")),
                ("Redis (REDIS_URL)", bool(env.get("REDIS_URL"))),
                ("Chromium (/usr/bin/chromium)", os.path.exists(env.get("CHROMIUM_PATH", "/usr/bin/chromium"))),
            )
            if not ok
        ]
        if missing:
            raise pytest.UsageError("BTB_REQUIRE_SERVICES=1 but these are missing: " + ", ".join(missing))


_configure()


def pytest_collection_modifyitems(config, items):
    """Mark every test that uses a real-service fixture; the embedded pass leaves them out (and says how many)."""
    for item in items:
        if SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.services)
    if not EMBEDDED:
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("services") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_report_header(config):
    if EMBEDDED:
        return "embedded default pass: SQLite, no Redis; tests marked 'services' are left out"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped real-service or browser test is a failure, not a shrug."""
    outcome = yield
    report = outcome.get_result()
    if not (REQUIRED and report.skipped and not hasattr(report, "wasxfail")):
        return
    if item.get_closest_marker("services") or item.get_closest_marker("e2e"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"A required real-service or browser test was skipped in CI: {reason}"
