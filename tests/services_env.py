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

import pytest

REQUIRED = os.environ.get("BTB_REQUIRE_SERVICES") == "1"


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _configure() -> None:
    env = os.environ
    if "DATABASE_URL" not in env and _answers("127.0.0.1", 5432):
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/btb"
    if "REDIS_URL" not in env and _answers("127.0.0.1", 6379):
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    # Most tests run tasks in-process; tests of the real worker switch this off for themselves.
    env.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    env.setdefault("BTB_VAR_DIR", tempfile.mkdtemp(prefix="btb-test-var-"))
    env.setdefault("SITE_URL", "http://testserver")
    env.setdefault("VOLUNTEER_EMAIL_DOMAINS", "met.police.uk,police.uk")
    env.setdefault("DEBUG", "true")
    if REQUIRED:
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
