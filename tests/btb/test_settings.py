"""The settings contract: the embedded default serves pages; production refuses to start unsafely."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qp9zR2mV5tW8yB1cN4hJ6kL0sD3fG" * 2,
    "DATABASE_URL": "postgres://btb@db.invalid:5432/btb",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.invalid:587",
    "ALLOWED_HOSTS": "btb.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://btb.example.org",
    "SITE_URL": "https://btb.example.org",
    "DEFAULT_FROM_EMAIL": "Behind the Badge <no-reply@btb.example.org>",
}
# Variables the test suite sets for itself; a subprocess that checks a configuration must not inherit them.
SUITE_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CELERY_TASK_ALWAYS_EAGER",
    "BTB_VAR_DIR",
    "SITE_URL",
    "DEFAULT_FROM_EMAIL",
    "VOLUNTEER_EMAIL_DOMAINS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in SUITE_VARIABLES}
    env.update(extra)
    return env


def manage(*args, env, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=clean_env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "short", "django-insecure-" + "a" * 50, "a" * 60],
    ids=["missing", "empty", "short", "insecure-prefix", "one-character"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    env = clean_env(**PRODUCTION_ENV)
    env.pop("SECRET_KEY")
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value" in result.stderr


@pytest.mark.parametrize("missing", ["REDIS_URL", "EMAIL_URL"])
def test_production_refuses_to_start_without_its_services(missing):
    env = clean_env(**PRODUCTION_ENV)
    env.pop(missing)
    result = manage("check", env=env)
    assert result.returncode != 0 and f"{missing} must be set" in result.stderr


@pytest.mark.parametrize(
    "site_url",
    [
        None,
        "http://btb.example.org",
        "https://127.0.0.1:8000",
        "https://127.8.0.1",
        "https://localhost",
        "https://[::1]:8443",
        "https://0.0.0.0",
        "btb.example.org",
    ],
    ids=[
        "missing",
        "plain-http",
        "loopback",
        "loopback-range",
        "localhost",
        "ipv6-loopback",
        "unspecified",
        "no-scheme",
    ],
)
def test_production_refuses_a_site_url_people_cannot_use(site_url):
    env = clean_env(**PRODUCTION_ENV)
    env.pop("SITE_URL")
    if site_url is not None:
        env["SITE_URL"] = site_url
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_URL must be set to the site's public https address" in result.stderr


@pytest.mark.parametrize(
    "from_email",
    [None, "no-reply@btb.invalid", "Behind the Badge <No-Reply@Mail.Example.INVALID>"],
    ids=["missing", "bare", "named"],
)
def test_production_refuses_a_from_address_on_invalid(from_email):
    env = clean_env(**PRODUCTION_ENV)
    env.pop("DEFAULT_FROM_EMAIL")
    if from_email is not None:
        env["DEFAULT_FROM_EMAIL"] = from_email
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL must be set to an address on your own domain" in result.stderr


def test_production_accepts_a_public_https_site_on_a_port_and_an_address():
    env = clean_env(**{**PRODUCTION_ENV, "SITE_URL": "https://203.0.113.7:8443"})
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr


def test_production_settings_values():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.STORAGES['staticfiles']['BACKEND'], s.CACHES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.EMAIL_BACKEND, s.DATABASES['default']['ENGINE'], s.VOLUNTEER_EMAIL_DOMAINS)"
    )
    result = manage("shell", "-v", "0", "-c", code, env=clean_env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "31536000",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.core.cache.backends.redis.RedisCache",
        "False",
        "django.core.mail.backends.smtp.EmailBackend",
        "django.db.backends.postgresql",
        "[]",
    ]


def test_celery_reliability_settings():
    from django.conf import settings

    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_ACCEPT_CONTENT == ["json"] and settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_MAX_COUNTDOWN
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        module, _, name = entry["task"].rpartition(".")
        assert hasattr(__import__(module, fromlist=[name]), name), entry["task"]


def test_suite_runs_on_the_database_it_was_pointed_at():
    """In CI (BTB_REQUIRE_SERVICES=1) the services pass is always on PostgreSQL and Redis, and the embedded pass
    (BTB_EMBEDDED=1) always on SQLite with no Redis, as `make run` has it."""
    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
    if os.environ.get("BTB_EMBEDDED") == "1":
        assert connection.vendor == "sqlite" and settings.REDIS_URL == ""
        assert settings.CELERY_BROKER_URL == "memory://"
    elif os.environ.get("BTB_REQUIRE_SERVICES") == "1":
        assert connection.vendor == "postgresql" and settings.REDIS_URL.startswith("redis://")


@pytest.mark.services
def test_postgresql_connections_run_without_jit(db, postgres):
    """JIT compilation cost most of a report query's time at the national size (bench/RESULTS.md)."""
    with connection.cursor() as cursor:
        cursor.execute("show jit")
        assert cursor.fetchone()[0] == "off"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_embedded_default_serves_pages_from_an_empty_var(tmp_path):
    """Runs the README's first command (make run) with no environment but an empty var/ directory."""
    port = _free_port()
    env = clean_env(BTB_VAR_DIR=str(tmp_path / "var"), PATH=os.environ["PATH"])
    log = open(tmp_path / "run.log", "w")
    process = subprocess.Popen(
        ["make", "run", f"ADDR=127.0.0.1:{port}", f"PYTHON={sys.executable}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        output = (tmp_path / "run.log").read_text()
        assert body is not None, output[-3000:]
        assert "Sign in" in body and "csrfmiddlewaretoken" in body
        assert "Demo logins: admin, coordinator, oversight, volunteer" in output
        assert (tmp_path / "var" / "db.sqlite3").is_file()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_every_setting_has_its_default_in_the_settings_file_alone():
    """Code reads ``settings.X``; a ``getattr(settings, "X", default)`` would restate (and could contradict) the
    default that btb/settings.py gives."""
    offenders = []
    for path in ROOT.glob("**/*.py"):
        if {".venv", "tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        if "getattr(settings," in path.read_text():
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
