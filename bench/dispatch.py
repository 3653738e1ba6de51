"""Survey dispatch benchmark: invitations through real Celery workers and Redis to a local SMTP sink.

Run from the project root (not part of the test run)::

    python bench/dispatch.py [--invitations 10000] [--workers 2,1] [--pool solo]

It drops and creates the database ``btb_bench_dispatch`` on DATABASE_URL's server, migrates it, and then, in a
child process set up against it (Redis db 7 as broker and cache, REDIS_URL's server):

- the floor: the same number of invitation e-mails, rendered beforehand, sent with Django's
  ``get_connection().send_messages(messages)`` over one SMTP connection;
- ours, for each worker count asked: a held summit with that many ticket holders (distinct addresses) and its
  survey; that many ``celery -A btb worker --concurrency 1`` processes on the bench database, with EMAIL_URL pointing
  at the sink; ``survey_send_now`` creates the invitations and queues their e-mails in the outbox, and the clock
  runs from that call until every outbox row is SENT in the database and every message has reached the sink.

Each run has a fresh SMTP sink (aiosmtpd, a process of its own) that counts every accepted message per recipient,
so a message sent twice or never is found: exactly once means as many distinct recipients as invitations, none
twice, every row SENT. Target: ours with two workers at least half the floor's messages per second.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "btb_bench_dispatch"
TARGET = 0.5


def add_arguments(parser) -> None:
    parser.add_argument("--invitations", type=int, default=10_000, help="invitations per run (default 10,000)")
    parser.add_argument("--workers", default="2,1", help="worker process counts to measure, in order (default 2,1)")
    parser.add_argument("--pool", default="solo", choices=("solo", "prefork"), help="Celery pool (concurrency 1)")
    parser.add_argument("--redis-db", type=int, default=7, help="Redis database number (broker and cache)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed for one run")


def _url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _redis_url(number: int) -> str:
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, f"/{number}", parts.query, parts.fragment))


def _create_database(base: str) -> None:
    import psycopg2

    conn = psycopg2.connect(_url(base, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'drop database if exists "{DATABASE}" with (force)')
            cursor.execute(f'create database "{DATABASE}"')
    finally:
        conn.close()


def _drop_database(base: str) -> None:
    import psycopg2

    conn = psycopg2.connect(_url(base, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'drop database if exists "{DATABASE}" with (force)')
    finally:
        conn.close()


def run(args) -> dict:
    """Create the database, measure in a child process (a clean Django set-up on it), drop the database."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at a PostgreSQL server.")
    _create_database(base)
    try:
        with tempfile.TemporaryDirectory(prefix="btb-bench-dispatch-") as var_dir:
            env = {
                **os.environ,
                "DATABASE_URL": _url(base, DATABASE),
                "REDIS_URL": _redis_url(args.redis_db),
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "DJANGO_SETTINGS_MODULE": "btb.settings",
                "DEBUG": "true",
                "SITE_URL": "http://bench.invalid",
                "BTB_VAR_DIR": var_dir,
            }
            env.pop("EMAIL_URL", None)
            subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
            options = {key: getattr(args, key) for key in ("invitations", "workers", "pool", "timeout")}
            command = [PYTHON, str(Path(__file__).resolve()), "--child", json.dumps(options)]
            out = subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
            return json.loads(out.strip().splitlines()[-1])
    finally:
        _drop_database(base)


# The SMTP sink, in a process of its own so that it does not share a core's time with the sender being measured.


def _sink_main(port, accepted, ready, stop, results) -> None:
    import logging
    from collections import Counter

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    per_recipient = Counter()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            per_recipient.update(envelope.rcpt_tos)
            with accepted.get_lock():
                accepted.value += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.put((dict(per_recipient), time.process_time()))


class Sink:
    def __init__(self):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.accepted = context.Value("q", 0)
        self._ready, self._stop, self._results = context.Event(), context.Event(), context.Queue()
        self._process = context.Process(
            target=_sink_main, args=(self.port, self.accepted, self._ready, self._stop, self._results), daemon=True
        )

    def __enter__(self) -> "Sink":
        self._process.start()
        if not self._ready.wait(30):
            raise RuntimeError("SMTP sink did not start")
        return self

    def stop(self) -> tuple[dict[str, int], float]:
        """Per recipient, how many messages the sink accepted; and the CPU seconds the sink used."""
        self._stop.set()
        per_recipient, cpu = self._results.get(timeout=30)
        self._process.join(10)
        return per_recipient, cpu

    def __exit__(self, *exc) -> None:
        if self._process.is_alive():
            self._stop.set()
            self._process.join(10)
            if self._process.is_alive():
                self._process.kill()

    @property
    def email_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


def _exactly_once(per_recipient: dict, addresses: list[str]) -> dict:
    expected = set(addresses)
    return {
        "received": sum(per_recipient.values()),
        "distinct": len(per_recipient),
        "twice_or_more": sum(1 for n in per_recipient.values() if n > 1),
        "missing": len(expected - set(per_recipient)),
        "unexpected": len(set(per_recipient) - expected),
    }


# The measurements, in the child process (Django set up on the bench database).


def _summit_with_holders(count: int, label: str):
    from django.utils import timezone

    from events.enums import SummitStatus
    from events.models import TicketHolder
    from tests.events.factories import SummitFactory

    summit = SummitFactory(
        title=f"Bench summit {label}", slug=f"bench-summit-{label}", status=SummitStatus.HELD, starts_at=timezone.now()
    )
    TicketHolder.objects.bulk_create(
        (
            TicketHolder(
                summit=summit,
                identity=f"ref:/{label}-{n:06d}",
                attendee_ref=f"{label}-{n:06d}",
                name=f"Attendee {n}",
                email=f"attendee-{label}-{n}@bench.invalid",
                consent=True,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    return summit


def _floor(count: int) -> dict:
    """Django's own bulk path: the same e-mails, rendered first, sent over one SMTP connection."""
    from django.core.mail import get_connection
    from django.urls import reverse

    from btb.mail import templated_mail
    from feedback.services import opt_out_token
    from feedback.services.tokens import new_token

    summit = _summit_with_holders(count, "floor")
    base = "http://bench.invalid"
    messages, addresses = [], []
    for holder in summit.ticket_holders.order_by("pk"):
        opt_out_url = base + reverse("feedback:opt_out", kwargs={"token": opt_out_token(holder.email)})
        token, _ = new_token()
        context = {
            "summit": summit,
            "survey_url": base + reverse("feedback:survey_answer", kwargs={"token": token}),
            "opt_out_url": opt_out_url,
            "reminder": False,
            "first_name": holder.name.split(" ")[0],
        }
        headers = {"List-Unsubscribe": f"<{opt_out_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        messages.append(
            templated_mail(
                to=[holder.email],
                template_prefix="feedback/email/survey_invitation",
                context=context,
                headers=headers,
            )
        )
        addresses.append(holder.email)
    with Sink() as sink:
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=sink.port,
            username="",
            password="",
            use_tls=False,
            use_ssl=False,
            fail_silently=False,
        )
        load = os.getloadavg()[0]
        started, cpu = time.monotonic(), time.process_time()
        sent = connection.send_messages(messages)
        cpu = time.process_time() - cpu
        while sink.accepted.value < count and time.monotonic() - started < 60:
            time.sleep(0.01)
        seconds = time.monotonic() - started
        per_recipient, sink_cpu = sink.stop()
    return {
        "seconds": seconds,
        "per_second": count / seconds,
        "sent": sent,
        "load_average": load,
        "sender_cpu_ms": cpu * 1000 / count,
        "sink_cpu_ms": sink_cpu * 1000 / count,
        **_exactly_once(per_recipient, addresses),
    }


def _start_worker(n: int, env: dict, pool: str, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"worker{n}.log", "ab")
    command = [PYTHON, "-m", "celery", "-A", "btb", "worker", f"--pool={pool}", "--concurrency=1"]
    command += ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["-n", f"bench-dispatch{n}@%h"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of a process and its children now alive, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


def _stop_workers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _ours(count: int, workers: int, pool: str, timeout: int, log_dir: Path) -> dict:
    from collections import Counter

    from btb.celery import app
    from btb.outbox.enums import MailStatus
    from btb.outbox.models import OutgoingMail
    from feedback.services import INVITATION, survey_ensure, survey_send_now

    summit = _summit_with_holders(count, f"w{workers}")
    survey = survey_ensure(summit=summit)
    addresses = list(summit.ticket_holders.values_list("email", flat=True))
    with Sink() as sink:
        env = {**os.environ, "EMAIL_URL": sink.email_url, "CELERY_TASK_ALWAYS_EAGER": "false"}
        processes = []
        try:
            processes = [_start_worker(n, env, pool, log_dir) for n in range(workers)]
            names = [f"bench-dispatch{n}@{socket.gethostname()}" for n in range(workers)]
            deadline = time.monotonic() + 60
            answered = set()
            while answered != set(names):
                if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                    raise RuntimeError("Celery workers did not start; see " + str(log_dir))
                for reply in app.control.ping(destination=names, timeout=1):
                    answered |= set(reply)
            load = os.getloadavg()[0]
            cpu_before = sum(_cpu_seconds(process.pid) for process in processes)
            started = time.monotonic()
            queued = survey_send_now(summit=summit)["queued"]
            queued_seconds = time.monotonic() - started
            rows = OutgoingMail.objects.filter(kind=INVITATION, scope=f"summit:{survey.summit_id}")
            deadline = started + timeout
            while True:
                sent = rows.filter(status=MailStatus.SENT).count()
                if sent >= count and sink.accepted.value >= count:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"not finished after {timeout} s: {sent} sent")
                time.sleep(0.05)
            seconds = time.monotonic() - started
            workers_cpu = sum(_cpu_seconds(process.pid) for process in processes) - cpu_before
            time.sleep(1)  # a late duplicate would arrive now
        finally:
            _stop_workers(processes)
        per_recipient, sink_cpu = sink.stop()
    statuses = Counter(rows.values_list("status", flat=True))
    return {
        "workers": workers,
        "queued": queued,
        "queue_seconds": queued_seconds,
        "seconds": seconds,
        "per_second": count / seconds,
        "load_average": load,
        "sender_cpu_ms": workers_cpu * 1000 / count,
        "sink_cpu_ms": sink_cpu * 1000 / count,
        "rows_sent": statuses.get(MailStatus.SENT, 0),
        "rows_other": sum(n for status, n in statuses.items() if status != MailStatus.SENT),
        **_exactly_once(per_recipient, addresses),
    }


def _child(options: dict) -> dict:
    import django

    django.setup()
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.REDIS_URL).flushdb()  # the bench's own db: no task left from an earlier run
    count = options["invitations"]
    log_dir = Path(settings.VAR_DIR) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    print(f"[dispatch] floor: {count:,} messages over one connection …", file=sys.stderr, flush=True)
    floor = _floor(count)
    print(f"[dispatch] floor {floor['per_second']:.0f}/s", file=sys.stderr, flush=True)
    runs = []
    for workers in (int(n) for n in str(options["workers"]).split(",") if n.strip()):
        print(f"[dispatch] ours: {workers} worker(s) …", file=sys.stderr, flush=True)
        result = _ours(count, workers, options["pool"], options["timeout"], log_dir)
        result["ratio"] = result["per_second"] / floor["per_second"]
        print(
            f"[dispatch] {workers} worker(s): {result['per_second']:.0f}/s, ratio {result['ratio']:.2f}",
            file=sys.stderr,
            flush=True,
        )
        runs.append(result)
    return {"invitations": count, "pool": options["pool"], "floor": floor, "runs": runs}


def _once(run: dict, count: int) -> bool:
    return (
        run["distinct"] == count
        and run["received"] == count
        and run["twice_or_more"] == 0
        and run["missing"] == 0
        and run["unexpected"] == 0
        and run.get("rows_sent", count) == count
    )


def markdown(result: dict) -> list[str]:
    count, floor = result["invitations"], result["floor"]
    lines = [
        f"## Survey dispatch: {count:,} invitations (Celery workers, pool {result['pool']}, Redis, local SMTP sink)",
        "",
        "| path | seconds | messages/s | vs floor | distinct recipients | sent twice | missing | rows SENT "
        "| sender CPU ms/msg | sink CPU ms/msg | load average |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| floor: `send_messages` over one connection | {floor['seconds']:.1f} | {floor['per_second']:,.0f} | 1.00 "
        f"| {floor['distinct']:,} | {floor['twice_or_more']} | {floor['missing']} | – | {floor['sender_cpu_ms']:.2f} "
        f"| {floor['sink_cpu_ms']:.2f} | {floor['load_average']:.1f} |",
    ]
    for run in result["runs"]:
        lines.append(
            f"| ours: {run['workers']} worker process{'es' if run['workers'] > 1 else ''} | {run['seconds']:.1f} "
            f"| {run['per_second']:,.0f} | {run['ratio']:.2f} | {run['distinct']:,} | {run['twice_or_more']} "
            f"| {run['missing']} | {run['rows_sent']:,} | {run['sender_cpu_ms']:.2f} | {run['sink_cpu_ms']:.2f} "
            f"| {run['load_average']:.1f} |"
        )
    lines += [
        "",
        "Sender CPU: the floor's sending process, or all worker processes together (Celery, PostgreSQL client, "
        "rendering, SMTP client); PostgreSQL's and Redis's own CPU is not counted. Load average: the machine's, "
        "when the run started (2 cores).",
    ]
    two = next((run for run in result["runs"] if run["workers"] == 2), None)
    if two is None:
        lines += ["", "Target (two workers ≥ 0.5 × the floor, exactly once): not measured (no two-worker run)."]
        return lines
    fast = two["ratio"] >= TARGET
    once = all(_once(run, count) for run in result["runs"])
    met = "met" if fast and once else "NOT met"
    lines += [
        "",
        f"Target {met}: two workers at **{two['ratio']:.2f}×** the floor's throughput (target ≥ {TARGET}), "
        f"every message sent exactly once: {'yes' if once else 'NO'}.",
    ]
    return lines


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(_child(json.loads(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    args = parser.parse_args()
    result = run(args)
    print("\n".join(markdown(result)))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
