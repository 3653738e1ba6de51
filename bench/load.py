"""The public survey under load: gunicorn against PostgreSQL, wrk with 50 connections for a minute
submitting answers through single-use invitation links, against a floor (a bare view that inserts one row).

Run from the project root (not part of the test run)::

    python bench/load.py [--duration 60] [--connections 50] [--workers N] [--links N] [--keep]

It creates its own PostgreSQL database on DATABASE_URL's server (``btb_bench_load``; dropped afterwards unless
``--keep``), migrates it, creates a held summit with the default survey and ``--links`` invitations, each with one
link whose token is hashed as feedback/services/tokens.py does, and writes the raw tokens to files, one slice per
wrk thread. It then starts gunicorn as in production (``DEBUG=false``, a secret generated for the run, WhiteNoise
static files collected into a temporary folder, Redis from REDIS_URL) under ``bench.floor_settings``, which adds
the floor's URL to the app's, so both paths run on one server with the same middleware and settings. The rate limit
is switched off (``RATELIMIT_ENABLE=false``): every request comes from one address. After a warm-up of each path,
wrk measures the floor, then the survey; the database is then checked: one response, its answers and one used
invitation for every 302, and only links that wrk sent. wrk comes from the Debian package, installed if missing.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from hashlib import sha256
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LUA = ROOT / "bench" / "load.lua"
WRK = "/usr/bin/wrk"
TARGET = 0.5


# --- Database and files (the parent process never sets Django up) -------------------------------------------------


def _url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _query(url: str, *statements: str):
    """Run the statements with autocommit; the first row of the last one that returns rows."""
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    row = None
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                if cursor.description:
                    row = cursor.fetchall()
    finally:
        conn.close()
    return row


def _ensure_wrk():
    if os.access(WRK, os.X_OK):
        return
    print("[load] installing wrk (Debian package) …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, env=env, stdout=subprocess.DEVNULL)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The data (in a child process with Django set up) --------------------------------------------------------------


def prepare(workdir: Path, slices: dict[str, int], threads: int) -> dict:
    """Create the summit, its survey and the invitations; write each phase's tokens, one file per wrk thread."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from events.enums import SummitStatus
    from events.models import Summit
    from feedback.enums import QuestionKind
    from feedback.models import SurveyInvitation, SurveyLink
    from feedback.services import new_token, survey_ensure

    now = timezone.now()
    summit = Summit.objects.create(
        title="Load test summit",
        slug="load-test-summit",
        status=SummitStatus.HELD,
        starts_at=now - timedelta(days=1, hours=3),
        ends_at=now - timedelta(days=1),
    )
    survey = survey_ensure(summit=summit)
    # What one person answers: the main questions, none of the optional "about you" ones.
    answers = {}
    for question in survey.questions.all():
        if question.about_you:
            continue
        answers[question.key] = {
            QuestionKind.RATING: "4",
            QuestionKind.SINGLE: question.choices[0] if question.choices else "",
            QuestionKind.MULTIPLE: question.choices[:1],
        }.get(question.kind, "More time for questions, please.")

    count = 1 + threads * sum(slices.values())
    invitations = SurveyInvitation.objects.bulk_create(
        (SurveyInvitation(survey=survey) for _ in range(count)),
        batch_size=5000,
    )
    tokens = [new_token() for _ in range(count)]
    SurveyLink.objects.bulk_create(
        (
            SurveyLink(invitation=invitation, token_hash=hashed, expires_at=now + timedelta(days=30))
            for invitation, (_, hashed) in zip(invitations, tokens, strict=True)
        ),
        batch_size=5000,
    )
    raw = [token for token, _ in tokens]
    (workdir / "page-token.txt").write_text(raw.pop())
    for phase, per_thread in slices.items():
        for thread in range(1, threads + 1):
            taken, raw = raw[:per_thread], raw[per_thread:]
            (workdir / f"{phase}-{thread}.txt").write_text("\n".join(taken) + "\n")
    with connection.cursor() as cursor:
        cursor.execute("create table bench_floor (id bigserial primary key, created_at timestamptz not null)")
        cursor.execute("vacuum analyze")
    return {"answers": answers, "links": count}


# --- The server and the load generator -----------------------------------------------------------------------------


def _server_env(args, database_url: str, static_root: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),  # thrown away with the run
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "consolemail://",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "RATELIMIT_ENABLE": "true" if args.rate_limit else "false",
    }
    if args.rate_limit:
        env["RATE_LIMIT_PUBLIC_FORM"] = "100000000/h"  # counted in Redis on every POST, never reached
    return env


def _start_gunicorn(args, env: dict, port: int, log: Path) -> subprocess.Popen:
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "btb.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(server: subprocess.Popen | None):
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # the master stops its workers
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _get(url: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http://127.0.0.1 only)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), ""


def _wait_ready(server: subprocess.Popen, base: str, log: Path):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            if _get(base + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 90 s")


def _csrf(base: str, token: str) -> tuple[str, str]:
    """The CSRF cookie and a form token from the survey page, as a browser gets them; one pair serves every POST."""
    request = urllib.request.Request(f"{base}/s/{token}/", headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http://127.0.0.1 only)
        cookies = response.headers.get_all("Set-Cookie") or []
        html = response.read().decode()
    cookie = next(c.split(";", 1)[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken="))
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return cookie, html[start : html.index('"', start)]


def _wrk(args, base: str, mode: str, prefix: Path, seconds: int, body: str, cookie: str) -> dict:
    command = [
        WRK,
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        f"{args.timeout}s",
        "-s",
        str(LUA),
        base + ("/bench/floor/" if mode == "floor" else "/"),
        "--",
        mode,
        str(prefix),
        body,
        cookie,
        base.replace("http://", "https://"),
    ]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("LOAD-RESULT "))
    result = json.loads(line.removeprefix("LOAD-RESULT "))
    seconds = result["duration_us"] / 1e6
    socket_errors = sum(result[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    result.update(
        seconds=seconds,
        rps=result["requests"] / seconds,
        ok_rps=result["found"] / seconds,
        socket_errors=socket_errors,
        errors=result["other_status"] + socket_errors,
        p50_ms=result["latency_p50_us"] / 1000,
        p99_ms=result["latency_p99_us"] / 1000,
    )
    time.sleep(2)  # let the server finish what was in flight when wrk stopped
    return result


# --- Checking what was stored --------------------------------------------------------------------------------------


def verify(database_url: str, workdir: Path, survey_runs: list[dict], floor_runs: list[dict], answers: int) -> dict:
    """Compare the database with what wrk saw: every 302 stored, and only links wrk sent were used, once."""
    [(responses, stored_answers, uses, floor_rows)] = _query(
        database_url,
        "select (select count(*) from feedback_surveyresponse), (select count(*) from feedback_surveyanswer), "
        "(select count(*) from feedback_invitationuse), (select count(*) from bench_floor)",
    )
    used_hashes = {
        row[0]
        for row in _query(
            database_url,
            "select l.token_hash from feedback_surveylink l join feedback_invitationuse u "
            "on u.invitation_id = l.invitation_id",
        )
    }
    sent_hashes = set()
    for run in survey_runs:
        for thread, used in enumerate(run["tokens_used_per_thread"], start=1):
            tokens = (workdir / f"{run['phase']}-{thread}.txt").read_text().split()[:used]
            sent_hashes.update(sha256(token.encode()).hexdigest() for token in tokens)
    found = sum(run["found"] for run in survey_runs)
    floor_found = sum(run["found"] for run in floor_runs)
    return {
        "responses": responses,
        "answers": stored_answers,
        "answers_per_response": answers,
        "invitations_used": uses,
        "links_sent": len(sent_hashes),
        "posts_302": found,
        "in_flight_at_stop": responses - found,
        "floor_rows": floor_rows,
        "floor_302": floor_found,
        "every_302_stored": responses >= found and uses == responses and stored_answers == responses * answers,
        "only_sent_links_used": used_hashes <= sent_hashes and len(used_hashes) == uses,
        "floor_every_302_stored": floor_rows >= floor_found,
    }


# --- The benchmark ------------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser):
    parser.add_argument("--duration", type=int, default=60, help="seconds measured for each path")
    parser.add_argument("--warm-up", type=int, default=5, help="seconds of load on each path before measuring")
    parser.add_argument(
        "--segments", type=int, default=4, help="the duration of each path cut into this many alternating segments"
    )
    parser.add_argument("--connections", type=int, default=50, help="concurrent connections (users)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--timeout", type=int, default=5, help="seconds after which wrk counts a request as failed")
    parser.add_argument(
        "--workers", type=int, default=2 * len(os.sched_getaffinity(0)) + 1, help="gunicorn sync workers"
    )
    parser.add_argument("--links", type=int, default=100_000, help="single-use invitation links created")
    parser.add_argument("--database", default="btb_bench_load", help="database created (and dropped) on the server")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), help="cache for the server"
    )
    parser.add_argument(
        "--rate-limit", action="store_true", help="keep the rate limit on, with a ceiling the run never reaches"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")


def run(args) -> dict:
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server.")
    _ensure_wrk()
    database_url = _url(base_url, args.database)
    workdir = Path(tempfile.mkdtemp(prefix="btb-load-"))
    server = None
    _query(
        _url(base_url, "postgres"),
        f'drop database if exists "{args.database}" with (force)',
        f'create database "{args.database}"',
    )
    try:
        env = _server_env(args, database_url, workdir / "static")
        print(f"[load] migrating {args.database} …", flush=True)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        # The minute of each path is measured in alternating segments, so a change in the machine's load (it is
        # shared) falls on both; links for each survey phase in proportion to its length.
        segment = args.duration // args.segments
        phases = [("floor", "floor-warm-up", args.warm_up), ("survey", "survey-warm-up", args.warm_up)]
        for n in range(1, args.segments + 1):
            phases += [("floor", f"floor-{n}", segment), ("survey", f"survey-{n}", segment)]
        per_second = args.links / (args.warm_up + segment * args.segments) / args.threads
        slices = {phase: int(per_second * seconds) for mode, phase, seconds in phases if mode == "survey"}
        print(f"[load] creating {args.links:,} invitation links …", flush=True)
        prepared = json.loads(
            subprocess.run(
                [PYTHON, __file__, "prepare", str(workdir), json.dumps(slices), str(args.threads)],
                cwd=ROOT,
                env={**env, "DEBUG": "true"},
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout.splitlines()[-1]
        )
        body = urlencode(list(_pairs(prepared["answers"])))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = workdir / "gunicorn.log"
        server = _start_gunicorn(args, env, port, log)
        _wait_ready(server, base, log)
        cookie, form_token = _csrf(base, (workdir / "page-token.txt").read_text().strip())
        body = f"csrfmiddlewaretoken={form_token}&{body}"
        runs = {}
        for mode, phase, seconds in phases:
            print(f"[load] {phase}: {seconds} s …", flush=True)
            runs[phase] = {"phase": phase, **_wrk(args, base, mode, workdir / phase, seconds, body, cookie)}
        survey_runs = [run for phase, run in runs.items() if phase.startswith("survey")]
        floor_runs = [run for phase, run in runs.items() if phase.startswith("floor")]
        stored = verify(database_url, workdir, survey_runs, floor_runs, len(prepared["answers"]))
        server_errors = [line for line in log.read_text().splitlines() if "Traceback" in line or "ERROR" in line]
    finally:
        _stop(server)
        if not args.keep:
            _query(_url(base_url, "postgres"), f'drop database if exists "{args.database}" with (force)')
        shutil.rmtree(workdir, ignore_errors=True)
    floor = _combine([run for phase, run in runs.items() if phase.startswith("floor-") and phase[-1].isdigit()])
    survey = _combine([run for phase, run in runs.items() if phase.startswith("survey-") and phase[-1].isdigit()])
    ratio = survey["rps"] / floor["rps"]
    errors = sum(run["errors"] for run in runs.values())
    met = ratio >= TARGET and errors == 0 and stored["every_302_stored"] and stored["only_sent_links_used"]
    return {
        "command": (
            f"python bench/load.py --duration {args.duration} --warm-up {args.warm_up} --segments {args.segments} "
            f"--connections {args.connections} --threads {args.threads} --workers {args.workers} --links {args.links}"
            + (" --rate-limit" if args.rate_limit else "")
        ),
        "workers": args.workers,
        "connections": args.connections,
        "threads": args.threads,
        "duration": args.duration,
        "warm_up": args.warm_up,
        "rate_limit": args.rate_limit,
        "links": prepared["links"],
        "segments": args.segments,
        "floor": floor,
        "survey": survey,
        "runs": runs,
        "errors": errors,
        "stored": stored,
        "server_errors": len(server_errors),
        "ratio": ratio,
        "target_met": met,
    }


def _combine(runs: list[dict]) -> dict:
    """One path's segments as one run: counts added up; the median segment's p50 and the worst segment's p99."""
    seconds = sum(run["seconds"] for run in runs)
    totals = {
        key: sum(run[key] for run in runs)
        for key in ("requests", "found", "other_status", "socket_errors", "errors", "exhausted")
    }
    p50s = sorted(run["p50_ms"] for run in runs)
    return {
        **totals,
        "seconds": seconds,
        "rps": totals["requests"] / seconds,
        "ok_rps": totals["found"] / seconds,
        "p50_ms": p50s[len(p50s) // 2],
        "p99_ms": max(run["p99_ms"] for run in runs),
        "segment_rps": [round(run["rps"], 1) for run in runs],
    }


def _pairs(answers: dict):
    for key, value in answers.items():
        for one in value if isinstance(value, list) else [value]:
            yield key, one


def markdown(result: dict) -> list[str]:
    floor, survey, stored = result["floor"], result["survey"], result["stored"]
    limit = (
        "on, with a ceiling never reached (counted in Redis on every POST)"
        if result["rate_limit"]
        else "off (`RATELIMIT_ENABLE=false`): every request comes from one address"
    )
    lines = [
        f"## Public survey under load (gunicorn, {result['connections']} connections, {result['duration']} s)",
        "",
        f"- Command: `{result['command'].strip()}`",
        f"- Server: gunicorn, {result['workers']} sync workers, `DEBUG=false` with a secret generated for the run, "
        "PostgreSQL and Redis on the same machine, both paths served by one server under `bench.floor_settings` "
        "(the app's URLs plus the floor's). Rate limit " + limit + ".",
        f"- Load: wrk, {result['threads']} threads, {result['connections']} connections, {result['warm_up']} s of "
        f"warm-up on each path, then {result['duration']} s each in {result['segments']} alternating segments "
        "(floor, survey, floor, …: the machine is shared, so a change in its load falls on both); every request is "
        "a CSRF-checked POST (cookie, form token, `Origin`, `X-Forwarded-Proto: https` as behind the TLS proxy) and "
        f"a 302 is a success. The survey spends one of {result['links']:,} single-use invitation links per request "
        "and answers the five main questions.",
        "",
        "| path | requests/s | per segment | p50 ms | p99 ms | 302s | other status | socket errors | vs floor |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, run in (
        ("floor: bare view, CSRF-checked POST, one insert", floor),
        ("public survey: invitation link `/s/<token>/`", survey),
    ):
        lines.append(
            f"| {label} | {run['rps']:,.0f} | {', '.join(f'{r:.0f}' for r in run['segment_rps'])} "
            f"| {run['p50_ms']:.0f} | {run['p99_ms']:.0f} | {run['found']:,} | {run['other_status']:,} "
            f"| {run['socket_errors']:,} | {run['rps'] / floor['rps']:.2f} |"
        )
    lines += [
        "",
        f"Stored: {stored['responses']:,} responses with {stored['answers']:,} answers "
        f"({stored['answers_per_response']} each) and {stored['invitations_used']:,} invitations marked used, for "
        f"{stored['posts_302']:,} POSTs answered 302 (warm-up included) and {stored['in_flight_at_stop']:,} still in "
        "flight when wrk stopped (stored by the server, never counted by wrk); "
        + ("every 302 stored" if stored["every_302_stored"] else "**NOT every 302 stored**")
        + "; "
        + (
            f"every used link is one of the {stored['links_sent']:,} wrk sent, each used once"
            if stored["only_sent_links_used"]
            else "**links used that wrk did not send, or used twice**"
        )
        + f". Floor: {stored['floor_rows']:,} rows for {stored['floor_302']:,} 302s. "
        f"Server log errors: {result['server_errors']}. Errors of any kind, warm-up included: {result['errors']}"
        + (f" ({survey['exhausted']:,} requests found no unused link: raise `--links`)" if survey["exhausted"] else "")
        + ". p50 is the median segment's, p99 the worst segment's.",
        "",
        f"Target (survey ≥ {TARGET} × the floor's requests/s, no errors, every answer stored): "
        + ("**met**" if result["target_met"] else "**not met**")
        + f" (ratio {result['ratio']:.2f}).",
    ]
    return lines


def main():
    if sys.argv[1:2] == ["prepare"]:
        _, _, workdir, slices, threads = sys.argv
        print(json.dumps(prepare(Path(workdir), json.loads(slices), int(threads))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    result = run(parser.parse_args())
    print("\n".join(markdown(result)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
