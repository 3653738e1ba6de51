"""Benchmarks at two sizes: the demo data and ``seed_demo --scale N``.

Run from the project root (not part of the test run)::

    python bench/run.py [--large-scale N] [--skip-large] [--reuse] [--requests N] [--skip-dispatch] [--skip-load]

It creates two PostgreSQL databases on DATABASE_URL's server (``btb_bench_demo`` and ``btb_bench_large``), migrates
them and loads ``seed_demo`` at scale 1 and at scale N, then measures each size in a child process (so each has a
clean Django set-up pointing at its own database) and prints one table of figures and ratios, which it also writes to
``bench/RESULTS.md`` with the machine and date. ``--reuse`` keeps databases that already hold data (for reruns).
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))

import dispatch  # noqa: E402  (bench/dispatch.py)
import load  # noqa: E402  (bench/load.py)


def _options(module, text: str) -> argparse.Namespace:
    """A benchmark module's own options (its defaults, and what ``--dispatch-options``/``--load-options`` say)."""
    parser = argparse.ArgumentParser(prog=f"bench/{module.__name__}.py")
    module.add_arguments(parser)
    return parser.parse_args(shlex.split(text))


def _url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _connect(url: str):
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    return conn


def _run_sql(url: str, *statements: str):
    conn = _connect(url)
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                if cursor.description:
                    return cursor.fetchone()[0]
    finally:
        conn.close()


def _database_has_data(base: str, name: str) -> bool:
    import psycopg2

    try:
        return _run_sql(_url(base, name), "select count(*) from events_summit") > 0
    except psycopg2.Error:
        return False


def build(base: str, name: str, scale: int, *, reuse: bool) -> float:
    """Create, migrate and seed one database; the seconds ``seed_demo`` took (0 when reused)."""
    if reuse and _database_has_data(base, name):
        print(f"[{name}] reused", flush=True)
        return 0.0
    _run_sql(_url(base, "postgres"), f'drop database if exists "{name}" with (force)', f'create database "{name}"')
    env = {**os.environ, "DATABASE_URL": _url(base, name)}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"[{name}] seed_demo --scale {scale} …", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "seed_demo", "--scale", str(scale)], cwd=ROOT, env=env, check=True, stdout=sys.stdout
    )
    seconds = time.perf_counter() - started
    _run_sql(_url(base, name), "vacuum analyze")
    print(f"[{name}] built in {seconds:.0f} s", flush=True)
    return seconds


def measure(base: str, name: str, args) -> dict:
    env = {**os.environ, "DATABASE_URL": _url(base, name), "DJANGO_SETTINGS_MODULE": "btb.settings"}
    command = [PYTHON, str(ROOT / "bench" / "measure.py"), "--requests", str(args.requests)]
    if args.import_rows:
        command += ["--import-rows", str(args.import_rows), "--rowwise-rows", str(args.rowwise_rows)]
    out = subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    try:
        pg = subprocess.run(
            [
                "psql",
                _url(os.environ.get("DATABASE_URL", "postgres://127.0.0.1/postgres"), "postgres"),
                "-tAc",
                "show server_version",
            ],
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        pg = "unknown"
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {memory:.0f} GiB memory, "
        f"Python {platform.python_version()}, PostgreSQL {pg}, {platform.platform()}"
    )


def _ratio(large, demo) -> str:
    if large is None or demo in (None, 0):
        return "–"
    return f"{large / demo:.2f}"


EXPORTS = ("appearances CSV", "workbook (XLSX)")


def _export_table(demo: dict, large: dict | None) -> list[str]:
    lines = [
        "",
        "## Export: the board report's downloads, streamed",
        "",
        "Each period's appearances CSV and workbook, read a chunk at a time as a browser would: seconds without "
        "tracing, then peak Python memory (tracemalloc) in a second request.",
        "",
        "| size | period | appearances listed | summits listed | CSV seconds | CSV MiB | CSV peak MiB "
        "| XLSX seconds | XLSX MiB | XLSX peak MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, figures in (("demo", demo), ("large", large)):
        for period, row in (figures or {}).items():
            csv_, xlsx = row["appearances CSV"], row["workbook (XLSX)"]
            lines.append(
                f"| {size} | {period} | {row['appearances']:,} | {row['summits']:,} | {csv_['seconds']:.2f} "
                f"| {csv_['bytes'] / 2**20:.2f} | {csv_['peak_mib']:.1f} | {xlsx['seconds']:.2f} "
                f"| {xlsx['bytes'] / 2**20:.2f} | {xlsx['peak_mib']:.1f} |"
            )
    if large:
        first, last = large["a quarter"], large["everything"]
        growth = last["appearances"] / max(first["appearances"], 1)
        ratios = [last[name]["peak_mib"] / first[name]["peak_mib"] for name in EXPORTS]
        lines += [
            "",
            f"At the large size, from a quarter to everything the rows listed grow **{growth:.1f}×** and the peak "
            f"memory **{ratios[0]:.2f}×** (CSV) and **{ratios[1]:.2f}×** (workbook): flat means about 1.",
        ]
    return lines


def table(demo: dict, large: dict | None) -> list[str]:
    lines = ["## Data", "", "| rows | demo | large |", "| --- | ---: | ---: |"]
    for key, value in demo["counts"].items():
        lines.append(f"| {key} | {value:,} | {large['counts'][key]:,} |" if large else f"| {key} | {value:,} | – |")
    lines += [
        "",
        "## Pages stay flat (server time in ms, Django test client in-process, after warm-up)",
        "",
        "| page | role | median demo | median large | ratio | p95 demo | p95 large | ratio | queries demo "
        "| queries large | target met | first request large | after a change large |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for key, d in demo["pages"].items():
        g = (large or {}).get("pages", {}).get(key)
        if g is None:
            lines.append(
                f"| {key} | {d['role']} | {d['median']:.1f} | – | – | {d['p95']:.1f} | – | – | {d['queries']} | – | – |"
            )
            continue
        ok = g["median"] / d["median"] <= 1.5 and g["p95"] / d["p95"] <= 1.5 and g["queries"] == d["queries"]
        lines.append(
            f"| {key} | {d['role']} | {d['median']:.1f} | {g['median']:.1f} | {_ratio(g['median'], d['median'])} "
            f"| {d['p95']:.1f} | {g['p95']:.1f} | {_ratio(g['p95'], d['p95'])} | {d['queries']} | {g['queries']} "
            f"| {'yes' if ok else 'NO'} | {g.get('cold', float('nan')):.0f} | {g.get('changed', float('nan')):.0f} |"
        )
    if "exports" in demo:
        lines += _export_table(demo["exports"], (large or {}).get("exports"))
    imp = (large or demo).get("import")
    if imp:
        lines += [
            "",
            f"## Import: {imp['rows']:,}-row Eventbrite CSV (on the {'large' if large else 'demo'} database)",
            "",
            "| path | seconds | rows/s | peak memory MiB | vs floor (time) | vs floor (memory) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        floor = imp["floor"]
        for label, run in (("floor: csv + one bulk_create", floor), ("real: events/tickets/services.py", imp["real"])):
            lines.append(
                f"| {label} | {run['seconds']:.1f} | {imp['rows'] / run['seconds']:,.0f} | {run['peak_mib']:.1f} "
                f"| {run['seconds'] / floor['seconds']:.2f}× | {run['peak_mib'] / floor['peak_mib']:.2f}× |"
            )
        rowwise = imp.get("rowwise")
        if rowwise:
            estimated = rowwise["seconds"] * imp["rows"] / rowwise["rows"]
            lines.append(
                f"| django-import-export row by row ({rowwise['rows']:,} rows timed, scaled ×"
                f"{imp['rows'] / rowwise['rows']:.0f}) | {estimated:.1f} | {rowwise['rows'] / rowwise['seconds']:,.0f} "
                f"| {rowwise['peak_mib']:.1f} (sample) | {estimated / floor['seconds']:.2f}× | – |"
            )
            lines.append("")
            lines.append(
                f"Real path is **{estimated / imp['real']['seconds']:.0f}×** faster than row-by-row (target ≥ 20×); "
                f"**{imp['real']['seconds'] / floor['seconds']:.2f}×** the floor's time and "
                f"**{imp['real']['peak_mib'] / floor['peak_mib']:.2f}×** its peak memory (target ≤ 2×)."
            )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large-scale", type=int, default=667, help="seed_demo --scale for the large database")
    parser.add_argument("--skip-large", action="store_true", help="measure the demo size only")
    parser.add_argument("--reuse", action="store_true", help="keep databases that already hold data")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (after 3 warm-up)")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows in the import benchmark (0: skip)")
    parser.add_argument("--rowwise-rows", type=int, default=5_000, help="rows timed for the row-by-row import")
    parser.add_argument("--render-only", action="store_true", help="rewrite RESULTS.md from the last measurements")
    parser.add_argument("--skip-dispatch", action="store_true", help="leave out the survey dispatch benchmark")
    parser.add_argument("--dispatch-options", default="", help='options for bench/dispatch.py, e.g. "--workers 2"')
    parser.add_argument("--skip-load", action="store_true", help="leave out the public survey load benchmark")
    parser.add_argument("--load-options", default="", help='options for bench/load.py, e.g. "--duration 30"')
    args = parser.parse_args()
    here = ROOT / "bench"
    if args.render_only:
        demo = json.loads((here / "last-btb_bench_demo.json").read_text())
        large_file = here / "last-btb_bench_large.json"
        large = json.loads(large_file.read_text()) if large_file.exists() else None
        extra = json.loads((here / "last-services.json").read_text()) if (here / "last-services.json").exists() else {}
        measured = (here / "last-btb_bench_demo.json").stat().st_mtime  # when those measurements were taken
        write(args, demo, large, {}, datetime.datetime.fromtimestamp(measured, datetime.UTC), extra)
        return
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server.")
    started = datetime.datetime.now(datetime.UTC)
    build_seconds = {"demo": build(base, "btb_bench_demo", 1, reuse=args.reuse)}
    if not args.skip_large:
        build_seconds["large"] = build(base, "btb_bench_large", args.large_scale, reuse=args.reuse)
    demo_args = argparse.Namespace(**{**vars(args), "import_rows": 0 if not args.skip_large else args.import_rows})
    print("[measure] demo …", flush=True)
    demo = measure(base, "btb_bench_demo", demo_args)
    large = None
    if not args.skip_large:
        print("[measure] large …", flush=True)
        large = measure(base, "btb_bench_large", args)
    services_file = here / "last-services.json"
    extra = json.loads(services_file.read_text()) if services_file.exists() else {}  # what a rerun leaves out
    if not args.skip_dispatch:
        print("[measure] survey dispatch …", flush=True)
        extra["dispatch"] = dispatch.run(_options(dispatch, args.dispatch_options))
    if not args.skip_load:
        print("[measure] public survey under load …", flush=True)
        extra["load"] = load.run(_options(load, args.load_options))
    services_file.write_text(json.dumps(extra))
    write(args, demo, large, build_seconds, started, extra)


def write(args, demo, large, build_seconds, started, extra):
    command = "python bench/run.py " + " ".join(a for a in sys.argv[1:] if a != "--render-only")
    lines = [
        "# Benchmark results (issue 9)",
        "",
        f"- Command: `{command.strip()}`",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {_machine()}",
        f"- Sizes: demo = `seed_demo --scale 1`; large = `seed_demo --scale {args.large_scale}`"
        + (f" (built in {build_seconds['large']:.0f} s; 0 means reused)" if "large" in build_seconds else ""),
        f"- Page timings: {args.requests} timed requests per page after 3 warm-up requests; query counts from "
        "CaptureQueriesContext on one request; “first request” is the first one after the cache was cleared (every "
        "figure computed afresh); “after a change” is the first one after a coordinator saved one held summit's "
        "attendance and checked in one of its attendees (``change()`` in bench/measure.py).",
        "",
        *table(demo, large),
    ]
    for name, module in (("dispatch", dispatch), ("load", load)):
        if name in extra:
            lines += ["", *module.markdown(extra[name])]
    text = "\n".join(lines) + "\n"
    print(text)
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        text += "\n" + notes.read_text()
    (ROOT / "bench" / "RESULTS.md").write_text(text)


if __name__ == "__main__":
    main()
