"""One size's measurements, run by bench/run.py in a child process with DATABASE_URL pointing at that size's
database. Prints one JSON line: row counts, page timings and query counts, and (with --import-rows) the import
benchmark."""

import argparse
import csv
import io
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

# The process starts as the server's does: Django set up, the URLconf loaded, and the objects of start-up frozen out
# of the garbage collector's walks (btb/wsgi.py).
import btb.wsgi  # noqa: E402, F401

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from btb.accounts.models import User, VolunteerProfile  # noqa: E402
from events.models import SignUp, Summit, TicketHolder  # noqa: E402
from feedback.models import SurveyAnswer, SurveyInvitation, SurveyResponse  # noqa: E402
from influencers.models import Influencer  # noqa: E402
from media_appearances.models import Appearance  # noqa: E402

HELD = "hackney-youth-summit"
PLANNING = "peckham-community-summit"
WARM_UP = 3


def pages():
    year = timezone.localdate().year
    held_year = Summit.objects.get(slug=HELD).starts_at.year
    return {
        "summit list": ("coordinator", reverse("events:summit_list")),
        "summit page": ("coordinator", reverse("events:summit_detail", args=[HELD])),
        "calendar": ("coordinator", reverse("events:calendar")),
        "roster": ("coordinator", reverse("events:summit_roster", args=[PLANNING])),
        "door list (ticket holders)": ("coordinator", reverse("events:ticket_list", args=[HELD])),
        "influencer directory": ("coordinator", reverse("influencers:influencer_list")),
        "appearance list": ("coordinator", reverse("media_appearances:appearance_list")),
        "volunteer list": ("coordinator", reverse("accounts:volunteer_list")),
        "survey page": ("coordinator", reverse("feedback:survey_detail", args=[HELD])),
        "home (coordinator)": ("coordinator", reverse("home")),
        "opportunities board": ("volunteer", reverse("events:opportunity_list")),
        "my schedule": ("volunteer", reverse("events:my_schedule")),
        "home (volunteer)": ("volunteer", reverse("home")),
        "dashboard for a year": ("oversight", reverse("reports:dashboard") + f"?period=year&year={held_year}"),
        "board report for a year": ("oversight", reverse("reports:board_report") + f"?period=year&year={year}"),
        "evaluation report": ("oversight", reverse("reports:summit_evaluation", args=[HELD])),
    }


def counts():
    return {
        "summits": Summit.objects.count(),
        "appearances": Appearance.objects.count(),
        "influencers": Influencer.objects.count(),
        "volunteers": VolunteerProfile.objects.count(),
        "sign-ups": SignUp.objects.count(),
        "ticket holders": TicketHolder.objects.count(),
        "survey invitations": SurveyInvitation.objects.count(),
        "survey responses": SurveyResponse.objects.count(),
        "survey answers": SurveyAnswer.objects.count(),
    }


_toggle = {"n": 0}


def change() -> None:
    """What a coordinator does between two visits of a board member: records one held summit's attendance and
    checks one attendee in (saves, so the signals run as on the site). Every other call undoes the last."""
    year = Summit.objects.get(slug=HELD).starts_at.year
    others = Summit.objects.filter(status="held", starts_at__year=year).exclude(slug=HELD).order_by("pk")
    summit = others.first() or Summit.objects.get(slug=HELD)  # the demo size holds one summit in its year
    step = 1 if _toggle["n"] % 2 == 0 else -1
    _toggle["n"] += 1
    summit.actual_attendance = (summit.actual_attendance or 0) + step
    summit.save()
    holder = TicketHolder.objects.filter(summit=summit).order_by("pk").first()
    if holder is not None:
        holder.checked_in = not holder.checked_in
        holder.save()


def time_pages(requests: int) -> dict:
    clients = {}
    results = {}
    for name, (username, url) in pages().items():
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
        started = time.perf_counter()
        response = client.get(url)  # the first request fills the aggregate cache: what a changed figure costs
        cold = (time.perf_counter() - started) * 1000
        for _ in range(WARM_UP - 1):
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{name} ({url}) answered {response.status_code}")
        reset_queries()  # the debug query log is capped at 9,000 entries: a full log would capture nothing
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        change()
        started = time.perf_counter()
        client.get(url)  # the first request after a change elsewhere in the programme
        changed = (time.perf_counter() - started) * 1000
        results[name] = {
            "role": username,
            "url": url,
            "median": statistics.median(timings),
            "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
            "queries": len(queries),
            "cold": cold,
            "changed": changed,
        }
        print(
            f"  {name}: {results[name]['median']:.1f} ms, {len(queries)} queries, cold {cold:.0f} ms, "
            f"after a change {changed:.0f} ms",
            file=sys.stderr,
            flush=True,
        )
    return results


# --- Import ---------------------------------------------------------------------------------------------------------

HEADER = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Ticket Type", "Attendee #", "Attendee Status"]


def eventbrite_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(rows):
        writer.writerow(
            [
                f"{1_000_000 + n // 2}",
                "2026-01-10 12:00",
                f"First{n}",
                f"Last{n % 997}",
                f"attendee{n}@example.org",
                "General Admission",
                f"{5_000_000 + n}",
                "Checked In" if n % 3 else "Attending",
            ]
        )
    return out.getvalue().encode()


def _summit(label: str) -> Summit:
    return Summit.objects.create(slug=f"bench-import-{label}-{time.time_ns()}", title=f"Bench import {label}")


def _real(data: bytes):
    from events.tickets.services import ticket_mapping_for, ticket_table_read, tickets_import

    summit = _summit("real")
    table = ticket_table_read(data=data, filename="attendees.csv")
    _, mapping = ticket_mapping_for(headers=table.headers)
    outcome = tickets_import(summit=summit, table=table, mapping=mapping)
    assert not outcome.rejected, outcome.rejected[:3]
    return summit


def _floor(data: bytes):
    summit = _summit("floor")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    next(reader)
    now = timezone.now()
    holders = [
        TicketHolder(
            summit=summit,
            identity=f"ref:{order}/{attendee}",
            order_ref=order,
            attendee_ref=attendee,
            name=f"{first} {last}",
            email=email,
            ticket_type=ticket_type,
            checked_in=status == "Checked In",
            consent=None,
            updated_at=now,
        )
        for order, _, first, last, email, ticket_type, attendee, status in reader
    ]
    TicketHolder.objects.bulk_create(holders)
    return summit


def _rowwise(data: bytes, rows: int):
    import tablib

    from events.tickets.resources import TicketHolderResource

    summit = _summit("rowwise")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    next(reader)
    dataset = tablib.Dataset(
        headers=["summit", "identity", "order_ref", "attendee_ref", "name", "email", "ticket_type", "checked_in"]
    )
    for n, (order, _, first, last, email, ticket_type, attendee, status) in enumerate(reader):
        if n >= rows:
            break
        dataset.append(
            [summit.slug, "", order, attendee, f"{first} {last}", email, ticket_type, int(status == "Checked In")]
        )
    result = TicketHolderResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()
    return summit


def _timed(function, *args) -> dict:
    started = time.perf_counter()
    summit = function(*args)
    seconds = time.perf_counter() - started
    summit.delete()
    tracemalloc.start()
    summit = function(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    summit.delete()
    return {"seconds": seconds, "peak_mib": peak / 2**20}


def time_import(rows: int, rowwise_rows: int) -> dict:
    data = eventbrite_csv(rows)
    print(f"  import: {rows} rows, {len(data) / 2**20:.1f} MiB", file=sys.stderr, flush=True)
    floor = _timed(_floor, data)
    print(f"  floor: {floor}", file=sys.stderr, flush=True)
    real = _timed(_real, data)
    print(f"  real: {real}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    summit = _rowwise(data, rowwise_rows)
    rowwise = {"rows": rowwise_rows, "seconds": time.perf_counter() - started, "peak_mib": float("nan")}
    summit.delete()
    print(f"  row by row: {rowwise}", file=sys.stderr, flush=True)
    return {"rows": rows, "floor": floor, "real": real, "rowwise": rowwise}


# --- Export -----------------------------------------------------------------------------------------------------------


EXPORT_PERIODS = {
    "a quarter": "?period=quarter&quarter={year}-Q1",
    "a year": "?period=year&year={year}",
    "everything": "?period=custom&date_from=2020-01-01&date_to=2030-12-31",
}


def _consume(response) -> tuple[int, int]:
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return size, lines


def measure_exports() -> dict:
    """The board report's downloads for three periods of growing length, consumed as a browser would, a chunk at a
    time: the time (without tracing), then the peak Python memory (tracemalloc) and the rows listed. Streaming
    means the peak stays the same however many rows the period lists."""
    from reports.forms import ReportFilterForm
    from reports.selectors import appearances_in, summits_in

    year = timezone.localdate().year
    client = Client()
    client.force_login(User.objects.get(username="oversight"))
    results = {}
    for period, template in EXPORT_PERIODS.items():
        query = template.format(year=year)
        form = ReportFilterForm(dict(part.split("=") for part in query[1:].split("&")))
        f = form.report_filter()
        row = {"appearances": appearances_in(f).count(), "summits": summits_in(f).count()}
        for name, url in (
            ("appearances CSV", reverse("reports:sheet_csv", kwargs={"sheet": "appearances"})),
            ("workbook (XLSX)", reverse("reports:workbook")),
        ):
            _consume(client.get(url + query))  # warm the cached figures: the listings are what is measured
            started = time.perf_counter()
            size, lines = _consume(client.get(url + query))
            seconds = time.perf_counter() - started
            tracemalloc.start()
            _consume(client.get(url + query))
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            row[name] = {"seconds": seconds, "peak_mib": peak / 2**20, "bytes": size, "lines": lines}
        results[period] = row
        print(f"  export {period}: {row}", file=sys.stderr, flush=True)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=0)
    parser.add_argument("--rowwise-rows", type=int, default=5000)
    args = parser.parse_args()
    cache.clear()  # the other size's cached aggregates must not be served here
    result = {"counts": counts(), "pages": time_pages(args.requests), "exports": measure_exports()}
    if args.import_rows:
        result["import"] = time_import(args.import_rows, args.rowwise_rows)
    last = Path(__file__).resolve().parent / f"last-{connection.settings_dict['NAME']}.json"
    if "import" not in result and last.exists():  # a pages-only rerun keeps the last import figures
        previous = json.loads(last.read_text())
        if "import" in previous:
            result["import"] = previous["import"]
    last.write_text(json.dumps(result))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
