"""Web speed script: a council of about 400 workers with 9 years of history, served by `csc-workforce serve`.

1. Loads a synthetic council (990, 2017-2025) into a fresh database and creates an analyst, a manager (two
   teams) and a viewer, each with a generated password and an API token.
2. Starts the real server (`csc-workforce serve`, waitress) on a free loopback port.
3. Latency, one signed-in user at a time: the first (cold) request to each page, then N sequential requests
   after 5 warm-ups (p50/p95/p99/max, milliseconds, client-side wall time including reading the body). The
   council page keeps its dashboard in a cache, so the honest uncached cost is also measured by calling
   `council_dashboard` directly in this process, and so is each page of figures from dated records
   (`records_page(key)` for each of `PAGES`, for an analyst and for a viewer).
4. Concurrency: locust headless, 50 users signing in round-robin over the three accounts, then looping over
   /, /councils/990/, /measures/?year=2025 and /api/measures?year=2025 with a short wait (0.2-1 s; --wait),
   for 60 s.

Targets: council page (dashboard) p95 under 200 ms; 50 concurrent users with no errors. On SQLite and PostgreSQL.
Usage: python perf/web.py [--database-url URL] [--requests 200] [--users 50] [--duration 60]
The default database is a new SQLite file in a temporary folder; a PostgreSQL database must be empty (or be
emptied with --reset, which deletes everything in it). Locust comes from the "bench" extra:
pip install -e ".[bench]". Results are recorded in RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

LA_CODE = "990"
YEAR = 2025
BIN = Path(sys.executable).parent
HERE = Path(__file__).parent
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--reset", action="store_true", help="empty a non-empty database first (deletes all in it)")
    parser.add_argument("--size", type=int, default=340, help="in-post FTE aimed at (340: about 400 workers)")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per page after warm-up")
    parser.add_argument("--direct", type=int, default=50, help="uncached in-process dashboard computations")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--wait", default="0.2,1.0", help="each user's wait between requests: MIN,MAX seconds")
    parser.add_argument("--no-load", action="store_true", help="skip the concurrency run")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="csc-webbench-"))
    env = {
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        # A configured key (as in production) so the key file is not written anywhere; cookies over plain http
        # on loopback need the Secure flag off.
        "CSC_WORKFORCE_SECRET_KEY": secrets.token_urlsafe(50),
        "CSC_WORKFORCE_SECURE_COOKIES": "0",
        "CSC_WORKFORCE_DEBUG": "",
    }
    os.environ.update(env)
    engine = env["DATABASE_URL"].split(":")[0]
    results: dict[str, object] = {"database": engine, "machine": machine()}
    print(f"database {engine}; {results['machine']}", flush=True)

    from csc_workforce.cli.db import setup_database

    setup_database()
    ensure_empty(reset=args.reset)
    results["data"] = load_council(args.size)
    accounts = create_accounts()

    port = free_port()
    server, server_log = start_server(workdir, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        results["latency"] = latency(base, accounts, args.requests)
        results["direct"] = direct_dashboard(args.direct)
        results["direct_development"] = direct_development(args.direct)
        if not args.no_load:
            results["load"] = load(base, accounts, workdir, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    results["server_log"] = server_log_summary(server_log)
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if engine.startswith("sqlite"):
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"(server log and locust files kept in {workdir})")


def machine() -> str:
    import django
    import polars

    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Django {django.get_version()}, "
        f"Polars {polars.__version__}, {platform.system()} {platform.release()}"
    )


# --- set-up --------------------------------------------------------------------------------------------------


def ensure_empty(*, reset: bool) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from csc_workforce.store import models as m

    if m.Council.objects.exists() or User.objects.exists():
        if not reset:
            sys.exit("The database is not empty: give an empty one, or --reset to delete everything in it.")
        call_command("flush", interactive=False, verbosity=0)


def load_council(size: int) -> dict[str, object]:
    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.store.services.measures import measures_rows
    from csc_workforce.synthetic import generate_council

    started = time.perf_counter()
    records = generate_council(
        la_code=LA_CODE,
        name="Speed-test council",
        region="North West",
        first_year=2017,
        last_year=YEAR,
        seed=1,
        size=size,
        development=True,
    )
    generated = time.perf_counter() - started
    started = time.perf_counter()
    demo_load(
        records=records,
        description=f"Synthetic speed-test council (seed 1, size {size}), 2017-{YEAR}",
        recorded_by="perf",
        now=datetime.now(UTC),
    )
    stored = time.perf_counter() - started
    row = measures_rows(year=YEAR, la_codes=[LA_CODE])[0]
    data = {
        "size": size,
        "people": len(records.people),
        "engagements": len(records.engagements),
        "assignments": len(records.assignments),
        "caseloads": len(records.caseloads),
        "absences": len(records.absences),
        "teams": len(records.teams),
        "inpost_headcount": row.get("inpost_headcount"),
        "inpost_fte": row.get("inpost_fte"),
        "agency_headcount": row.get("agency_headcount"),
        "generate_s": round(generated, 1),
        "store_s": round(stored, 1),
    }
    print(
        f"council {LA_CODE}: {data['people']:,} people, {data['engagements']:,} engagements, "
        f"{data['assignments']:,} assignments, {data['caseloads']:,} caseload counts, {data['teams']} teams; "
        f"{YEAR} in post: headcount {data['inpost_headcount']}, FTE {data['inpost_fte']}, agency headcount "
        f"{data['agency_headcount']} (generated {generated:.1f} s, stored {stored:.1f} s)",
        flush=True,
    )
    return data


def create_accounts() -> list[dict[str, str]]:
    from csc_workforce.store import models as m
    from csc_workforce.store.services.accounts import password_generate, user_create
    from csc_workforce.store.services.tokens import token_create

    now = datetime.now(UTC)
    teams = list(m.Team.objects.filter(council__la_code=LA_CODE).order_by("name").values_list("name", flat=True)[:2])
    accounts = []
    for role in ("analyst", "manager", "viewer"):
        username, password = f"bench-{role}", password_generate()
        user_create(
            username=username,
            role=role,
            password=password,
            teams=teams if role == "manager" else (),
            la_code=LA_CODE,
            created_by="perf",
            now=now,
        )
        token = token_create(username=username, created_by="perf", now=now)
        accounts.append({"role": role, "username": username, "password": password, "token": token})
    print(f"users: bench-analyst, bench-manager (teams {', '.join(teams)}), bench-viewer", flush=True)
    return accounts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(workdir: Path, port: int) -> tuple[subprocess.Popen[bytes], Path]:
    log = workdir / "server.log"
    command = [str(BIN / "csc-workforce"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=workdir, env=os.environ.copy(), stdout=out, stderr=subprocess.STDOUT)
    return server, log


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit {server.returncode}) before answering")
        try:
            if requests.get(base + "/sign-in/", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    sys.exit(f"the server did not answer within {timeout:.0f} s")


# --- latency ---------------------------------------------------------------------------------------------------


def sign_in(base: str, account: dict[str, str]):  # -> requests.Session
    import requests

    session = requests.Session()
    page = session.get(base + "/sign-in/", timeout=30)
    found = CSRF_INPUT.search(page.text)
    if page.status_code != 200 or not found:
        sys.exit(f"sign-in page: status {page.status_code}")
    form = {"username": account["username"], "password": account["password"], "csrfmiddlewaretoken": found[1]}
    response = session.post(base + "/sign-in/", data=form, timeout=30)
    if response.status_code != 200 or "/sign-in/" in response.url:
        sys.exit(f"{account['username']} could not sign in: status {response.status_code}, at {response.url}")
    return session


def timed_get(session, url: str, headers: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    response = session.get(url, headers=headers, timeout=60, allow_redirects=False)
    _ = response.content
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        sys.exit(f"GET {url}: status {response.status_code}")
    return elapsed


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": cuts[94],
        "p99": cuts[98],
        "max": ordered[-1],
    }


def measure(session, url: str, count: int, headers: dict[str, str] | None = None) -> dict[str, float]:
    cold = timed_get(session, url, headers)
    for _ in range(5):
        timed_get(session, url, headers)
    figures = percentiles([timed_get(session, url, headers) for _ in range(count)])
    figures["cold"] = cold
    return figures


def latency(base: str, accounts: list[dict[str, str]], count: int) -> dict[str, dict[str, float]]:
    """Each page's first request after the server starts (cold), then ``count`` more after 5 warm-ups."""
    by_role = {a["role"]: a for a in accounts}
    analyst = sign_in(base, by_role["analyst"])
    council = f"/councils/{LA_CODE}/"
    pages: dict[str, dict[str, float]] = {}
    pages[f"{council} (analyst)"] = measure(analyst, base + council, count)
    for role in ("manager", "viewer"):  # each role's view is cached separately, so each has its own cold request
        pages[f"{council} ({role})"] = measure(sign_in(base, by_role[role]), base + council, count)
    from csc_workforce.store.services.records_pages import PAGES

    for key in PAGES:  # the pages of figures from dated records
        page = f"/councils/{LA_CODE}/{key}/"
        pages[f"{page} (analyst)"] = measure(analyst, base + page, count)
        for role in ("manager", "viewer"):
            pages[f"{page} ({role})"] = measure(sign_in(base, by_role[role]), base + page, count)
    pages["/ (analyst)"] = measure(analyst, base + "/", count)
    pages[f"/measures/?year={YEAR} (analyst)"] = measure(analyst, f"{base}/measures/?year={YEAR}", count)
    bearer = {"Authorization": f"Bearer {by_role['analyst']['token']}"}
    pages[f"/api/measures?year={YEAR} (token)"] = measure(analyst, f"{base}/api/measures?year={YEAR}", count, bearer)
    for name, figures in pages.items():
        print(f"  {name:<44} cold {figures['cold']:7.1f}  p50 {figures['p50']:6.1f}  p95 {figures['p95']:6.1f} ms")
    return pages


def direct_dashboard(count: int) -> dict[str, float]:
    """``council_dashboard`` (no cache, no template, no HTTP) called in this process: the uncached cost."""
    from csc_workforce.store import models as m
    from csc_workforce.store.services.dashboard import council_dashboard

    council = m.Council.objects.get(la_code=LA_CODE)
    council_dashboard(council=council, today=date.today())  # warm-up (imports, the comparators' cache)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        council_dashboard(council=council, today=date.today())
        samples.append((time.perf_counter() - started) * 1000)
    figures = percentiles(samples)
    print(f"  council_dashboard() uncached, in-process: p50 {figures['p50']:.1f}  p95 {figures['p95']:.1f} ms")
    return figures


def direct_development(count: int) -> dict[str, float]:
    """``records_page`` for each page of figures from dated records (no cache, no template, no HTTP), for an
    analyst and for a viewer (small numbers withheld), called in this process: each page's uncached cost."""
    from csc_workforce.store import models as m
    from csc_workforce.store.services.records_pages import PAGES, records_page

    council = m.Council.objects.get(la_code=LA_CODE)
    figures: dict[str, float] = {}
    for key in PAGES:
        for who, suppress in (("analyst", False), ("viewer", True)):
            records_page(key, council=council, today=date.today(), suppress=suppress)  # warm-up
            samples = []
            for _ in range(count):
                started = time.perf_counter()
                records_page(key, council=council, today=date.today(), suppress=suppress)
                samples.append((time.perf_counter() - started) * 1000)
            found = percentiles(samples)
            figures |= {f"{key}_{who}_p50": found["p50"], f"{key}_{who}_p95": found["p95"]}
            print(f"  records_page('{key}') uncached, {who}: p50 {found['p50']:.1f}  p95 {found['p95']:.1f} ms")
    return figures


# --- concurrency -----------------------------------------------------------------------------------------------


def load(base: str, accounts: list[dict[str, str]], workdir: Path, args: argparse.Namespace) -> dict[str, object]:
    locust = BIN / "locust"
    if not locust.exists():
        sys.exit('locust is not installed: pip install -e ".[bench]" (or run with --no-load)')
    prefix = workdir / "locust"
    command = [
        str(locust),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "-t",
        f"{args.duration}s",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    environment = os.environ.copy()
    environment.update(CSC_BENCH_ACCOUNTS=json.dumps(accounts), CSC_BENCH_LA=LA_CODE, CSC_BENCH_YEAR=str(YEAR))
    environment["CSC_BENCH_WAIT"] = args.wait
    print(f"locust: {args.users} users, {args.spawn_rate}/s, {args.duration} s, wait {args.wait} s ...", flush=True)
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=args.duration + 120)
    output = finished.stdout + finished.stderr
    (workdir / "locust.out").write_text(output, encoding="utf-8")
    warnings = sorted({line.split("] ", 1)[-1] for line in output.splitlines() if "CPU usage" in line})
    for warning in warnings:  # locust shares the machine's cores with the server
        print(f"  locust: {warning}")
    stats = []
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            stats.append(
                {
                    "name": row["Name"] if row["Type"] else "Aggregated",
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"] or 0),
                    "p95": float(row["95%"] or 0),
                    "p99": float(row["99%"] or 0),
                    "max": float(row["Max Response Time"] or 0),
                }
            )
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as file:
        failures = [
            {"name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])} for r in csv.DictReader(file)
        ]
    for row in stats:
        print(
            f"  {row['name']:<28} {row['requests']:6,} req  {row['failures']:4} fail  {row['rps']:6.1f}/s  "
            f"p50 {row['p50']:6.0f}  p95 {row['p95']:6.0f}  p99 {row['p99']:6.0f}  max {row['max']:6.0f} ms"
        )
    for failure in failures:
        print(f"  FAILURE {failure['occurrences']}x {failure['name']}: {failure['error']}")
    return {
        "users": args.users,
        "wait": args.wait,
        "duration_s": args.duration,
        "stats": stats,
        "failures": failures,
        "locust_exit": finished.returncode,
        "locust_warnings": warnings,
    }


def server_log_summary(log: Path) -> dict[str, object]:
    text = log.read_text(encoding="utf-8", errors="replace")
    depth = [int(d) for d in re.findall(r"Task queue depth is (\d+)", text)]
    return {
        "tracebacks": text.count("Traceback"),
        "database_locked": text.count("database is locked"),
        "queue_warnings": len(depth),
        "max_queue_depth": max(depth, default=0),
        "tail": text[-2000:] if "Traceback" in text else "",
    }


def print_report(results: dict[str, object]) -> None:
    print("\nSummary")
    direct = results["direct"]
    print(f"  dashboard uncached (in-process) p95 {direct['p95']:.1f} ms")  # type: ignore[index]
    development: dict[str, float] = results["direct_development"]  # type: ignore[assignment]
    for key in sorted({k.rsplit("_", 2)[0] for k in development}):
        print(
            f"  {key} page uncached (in-process) p95: analyst {development[f'{key}_analyst_p95']:.1f} ms, "
            f"viewer {development[f'{key}_viewer_p95']:.1f} ms"
        )
    council = results["latency"][f"/councils/{LA_CODE}/ (analyst)"]  # type: ignore[index]
    verdict = "met" if council["p95"] < 200 else "NOT met"
    print(f"  council page p95 {council['p95']:.1f} ms (target < 200 ms: {verdict})")
    if "load" in results:
        total = next(r for r in results["load"]["stats"] if r["name"] == "Aggregated")  # type: ignore[index]
        verdict = "met" if total["failures"] == 0 else "NOT met"
        print(
            f"  {results['load']['users']} users: {total['requests']:,} requests, {total['failures']} failures, "  # type: ignore[index]
            f"{total['rps']:.1f}/s (target 0 errors: {verdict})"
        )
    log = results["server_log"]
    print(
        f"  server log: {log['tracebacks']} tracebacks, {log['database_locked']} 'database is locked', "  # type: ignore[index]
        f"{log['queue_warnings']} queue-depth warnings (max depth {log['max_queue_depth']})"  # type: ignore[index]
    )
    if log["tail"]:  # type: ignore[index]
        print(log["tail"])  # type: ignore[index]


if __name__ == "__main__":
    main()
