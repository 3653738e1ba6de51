"""The production shape, run: the compose file's migrate, web, worker and beat commands, started as processes on
this machine with DEBUG=false, a fresh PostgreSQL database, a Redis database of their own and an SMTP server,
then walked over HTTP as a coordinator and an attendee would walk them.

Only addresses and paths differ from the compose file (gunicorn binds 127.0.0.1:<free port>, beat keeps its
schedule in the test's folder), plus three settings that bring the survey's schedule forward from the next
morning to now. Every process started here is stopped at the end; on a failure their logs are printed.
"""

import os
import re
import secrets
import socket
import subprocess
import time
from datetime import timedelta
from email.message import Message

import pytest
from django.utils import timezone

from tests.conftest import ROOT
from tests.production.browser import FIRST, Browser
from tests.production.compose import BIN, Process, app_environment, command, run, service

pytestmark = [pytest.mark.services, pytest.mark.slow]

TICKETS = ROOT / "tests/fixtures/tickets/eventbrite_attendees.csv"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
USERNAME, PASSWORD = "smoke-coordinator", "Corr3ct-Horse-Battery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("the e-mail has no text part")


def wait_for(what: str, check, processes, timeout: float = 60, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        for process in processes:
            assert process.running(), f"{process.name} exited ({process.popen.returncode}) while waiting for {what}"
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def healthcheck(name: str, substitutions: dict[str, str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """The service's own compose health check, run as Docker runs it (CMD: as is; CMD-SHELL: through sh)."""
    kind, *test = service(name)["healthcheck"]["test"]
    if kind == "CMD-SHELL":
        test = ["sh", "-c", test[0].replace("$$", "$")]
    for old, new in substitutions.items():
        assert any(old in part for part in test), f"{name}'s health check no longer mentions {old}"
        test = [part.replace(old, new) for part in test]
    return run(test, env, timeout=30)


def test_compose_services_run_a_summit_survey_end_to_end(fresh_database, redis_index, smtp_sink, tmp_path):
    port = free_port()
    # The public address a TLS proxy would answer on (production refuses a loopback SITE_URL); the Browser sends
    # its requests to gunicorn on the loopback port instead.
    public = "https://btb-smoke.example.org"
    schedule = tmp_path / "celerybeat-schedule"
    env = {
        # The virtualenv's programs first, as the image's PATH finds its installed python, gunicorn and celery.
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "HOSTNAME": socket.gethostname(),  # as Docker sets it; the worker's health check names its node by it
        **app_environment(),
        # The addresses: this machine's PostgreSQL, Redis and SMTP server instead of the compose network's.
        "DATABASE_URL": fresh_database,
        "REDIS_URL": redis_index,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BTB_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
        # The .env an operator writes (README.md).
        "SECRET_KEY": secrets.token_urlsafe(64),
        "EMAIL_URL": smtp_sink.email_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": public,
        "SITE_URL": public,
        "DEFAULT_FROM_EMAIL": "Behind the Badge <no-reply@btb-smoke.example.org>",
        "VOLUNTEER_EMAIL_DOMAINS": "met.police.uk",
        # The survey goes the day the summit is held rather than the next morning, and beat looks every 2 s.
        "SURVEY_SEND_DAYS_AFTER": "0",
        "SURVEY_SEND_HOUR": "0",
        "SURVEY_DISPATCH_INTERVAL_SECONDS": "2",
    }
    assert env["DEBUG"] == "false"
    processes: list[Process] = []
    started = time.monotonic()
    try:
        # The image's build step, then the one-shot migrate service, then the operator's first account.
        collected = run([command("migrate")[0], "manage.py", "collectstatic", "--noinput"], env)
        assert collected.returncode == 0, collected.stdout + collected.stderr
        migrated = run(command("migrate"), env, timeout=180)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        superuser_env = {
            **env,
            "DJANGO_SUPERUSER_USERNAME": USERNAME,
            "DJANGO_SUPERUSER_EMAIL": "coordinator@met.police.uk",
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        }
        created = run([command("migrate")[0], "manage.py", "createsuperuser", "--noinput"], superuser_env)
        assert created.returncode == 0, created.stdout + created.stderr

        web = command("web", {"0.0.0.0:8000": f"127.0.0.1:{port}"})
        worker = command("worker")
        beat = command("beat", {"/tmp/celerybeat-schedule": str(schedule)})
        for name, argv in (("web", web), ("worker", worker), ("beat", beat)):
            processes.append(Process(name, argv, env, tmp_path / f"{name}.log").start())

        wait_for(
            "web's health check",
            lambda: healthcheck("web", {"8000": str(port)}, env).returncode == 0,
            processes,
        )
        wait_for(
            "worker's health check",
            lambda: healthcheck("worker", {}, env).returncode == 0,
            processes,
            every=1,
        )
        base = walk(Browser(public=public, upstream=f"http://127.0.0.1:{port}"), smtp_sink, processes)
        beat_health = healthcheck("beat", {"/tmp/celerybeat-schedule": str(schedule)}, env)
        assert beat_health.returncode == 0, beat_health.stdout + beat_health.stderr

        access_log = processes[0].log()
        # The e-mailed link is opened (its token masked) and exchanged for the token-free address the answer goes to.
        assert re.search(r'"GET /s/…/ HTTP/1\.1" 302 ', access_log), access_log[-3000:]
        assert re.search(r'"POST /s/ HTTP/1\.1" 302 ', access_log), access_log[-3000:]
        assert '"GET /healthz HTTP/1.1" 200' in access_log
        assert f'"GET {base}tickets/ HTTP/1.1" 200' in access_log
        assert "?" not in access_log and "samira" not in access_log.lower() and "example.org" not in access_log
        for token in re.findall(r"/s/([^/\s]+)/", "".join(text_of(m.message) for m in smtp_sink.received)):
            assert token not in access_log
        assert time.monotonic() - started < 150
    except BaseException:
        for process in processes:
            print(f"\n===== {process.name}: {' '.join(process.argv)}\n{process.log()[-6000:]}")
        raise
    finally:
        for process in processes:
            process.stop()
    for process in processes:
        # Stopped by the TERM they were sent, not by the KILL that follows it.
        assert process.popen.returncode in (0, -15), (process.name, process.popen.returncode, process.log()[-3000:])


def walk(browser: Browser, smtp_sink, processes) -> str:
    """Returns the summit's address."""
    # /healthz answers, and the static files come from WhiteNoise with their hashed, cacheable names.
    assert browser.get("/healthz").status == 200
    login = browser.get("/accounts/login/")
    assert login.status == 200, login.text()
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', login.html)
    assert stylesheet, login.text()
    static = browser.get(stylesheet.group(1))
    assert static.status == 200 and "immutable" in static.response.headers["Cache-Control"]
    assert "max-age=315360000" in static.response.headers["Cache-Control"]

    home = browser.submit(login, login.form(has="password"), {"username": USERNAME, "password": PASSWORD})
    assert home.path == "/" and 'name="password"' not in home.html, home.messages() or home.text()

    page = browser.get("/venues/new/")
    venue = {"name": "Smoke Test Hub", "address": "1 High Street", "postcode": "e15 1da", "borough": FIRST}
    done = browser.submit(page, page.form(has="postcode"), {**venue, "capacity": "120"})
    assert done.path == "/venues/", done.messages() or done.text()

    page = browser.get("/summits/new/")
    ends = timezone.localtime() - timedelta(hours=1)
    summit = {
        "title": "Smoke Test Summit",
        "borough": FIRST,
        "venue": "Smoke Test Hub, E15 1DA",
        "starts_at": (ends - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": ends.strftime("%Y-%m-%dT%H:%M"),
        "expected_attendees": "100",
    }
    detail = browser.submit(page, page.form(has="title"), summit)
    assert re.fullmatch(r"/summits/[\w-]+/", detail.path), detail.messages() or detail.text()
    base = detail.path

    def transition(action: str, expected: str) -> None:
        page = browser.get(f"{base}status/{action}/")
        done = browser.submit(page, page.form(action=f"status/{action}/"))
        assert expected in done.messages(), done.messages() or done.text()

    transition("plan", "Planning has started.")
    page = browser.get(f"{base}risk-assessment/")
    browser.submit(page, page.form(has="document"), files={"document": ("risk.pdf", PDF, "application/pdf")})
    page = browser.get(f"{base}risk-assessment/decide/")
    decided = browser.submit(page, page.form(has="decision"), {"decision": "approve"})
    assert decided.status == 200, decided.text()
    transition("confirm", "The summit is confirmed.")

    # The attendee export, through the upload page and the preview's confirm button.
    page = browser.get(f"{base}tickets/import/")
    preview = browser.submit(
        page, page.form(has="file"), files={"file": (TICKETS.name, TICKETS.read_bytes(), "text/csv")}
    )
    assert re.fullmatch(rf"{base}tickets/import/\d+/", preview.path), preview.messages() or preview.text()
    imported = browser.submit(preview, preview.form(action="/confirm/"))
    assert "The ticket holders have been imported." in imported.messages(), imported.messages() or imported.text()
    assert "40 created" in imported.text() or "40 new" in imported.text(), imported.text()

    transition("held", "The summit is marked as held.")
    # A search by an attendee's name and address: the access log must not keep it.
    found = browser.get(f"{base}tickets/?q=samira.okoye1%40example.org")
    assert found.status == 200 and "Okoye" in found.text(), found.text()

    # Beat finds the survey due, the worker sends the invitations to the SMTP server.
    wait_for("survey invitations", lambda: len(smtp_sink.received) >= 1, processes, timeout=60)
    mail = smtp_sink.received[0]
    body = text_of(mail.message)
    link = re.search(rf"{re.escape(browser.public)}/s/[^/\s]+/", body)
    assert link, body

    attendee = Browser(public=browser.public, upstream=browser.upstream)
    survey = attendee.get(link.group(0))
    assert survey.status == 200, survey.text()
    form = survey.form(action=survey.path)
    answers = {}
    for f in form.fields:
        if f.kind in ("radio", "checkbox") and f.name not in answers:
            answers[f.name] = FIRST
        elif f.tag == "textarea":
            answers[f.name] = "Friendly, and I learnt how to join."
    thanks = attendee.submit(survey, form, answers)
    assert thanks.status == 200 and "thank" in thanks.text().lower(), thanks.messages() or thanks.text()

    tracking = browser.get(f"/feedback{base}survey/")
    assert tracking.status == 200, tracking.text()
    responses = re.search(r"All responses</dt>\s*<dd[^>]*>(\d+)</dd>", tracking.html)
    responded = re.search(r"Responded</dt>\s*<dd[^>]*>(\d+)</dd>", tracking.html)
    assert responses and responded, tracking.text()
    assert (int(responses.group(1)), int(responded.group(1))) == (1, 1), tracking.text()
    return base
