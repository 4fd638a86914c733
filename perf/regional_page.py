"""Regional page speed script (issue 15): an alliance of 33 synthetic councils served by `csc-workforce serve`.

1. Makes 33 councils with planted moves between them (``synthetic.alliance.alliance_councils``), the alliance,
   its key (registered), each council's pseudonymised extract as at 30 September 2025 and imports them into a
   fresh database, as `csc-workforce regional alliance add / key add / extract / import` do.
2. Creates a regional analyst (an analyst not restricted to one council) and starts the real server
   (perf/web.py's ``start_server``: waitress) on a free loopback port.
3. Latency, one user: the first (cold) request to ``/regional/<name>/`` after the server starts, then N
   sequential requests after 5 warm-ups; and the page's services called in-process (``Installation``,
   ``regional_flows``, ``flows_tables``, ``regional_measures_table``): what each request computes.
4. Concurrency: ``--users`` users (50), each signed in with its own session, request the page in a loop with a
   wait of 0.2-1 s between requests (as perf/locustfile.py's users do) for ``--duration`` seconds; p50/p95/p99
   and failures (a status other than 200, or a page sending the user to sign in). The users are threads of this
   process (on the server's 2 cores too), so the figures are on the pessimistic side.

Target: p95 under 300 ms with 50 concurrent users, on SQLite and PostgreSQL.
Usage: python perf/regional_page.py [--database-url URL] [--councils 33] [--size 120] [--users 50] [--duration 60]
The default database is a new SQLite file in a temporary folder; a PostgreSQL database must be empty (or be
emptied with --reset, which deletes everything in it). Results are recorded in RESULTS.md ("Regional page").
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web  # noqa: E402  (perf/web.py: the server and the signed-in client)

ALLIANCE = "Speed-test alliance"
YEAR = 2025


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--reset", action="store_true", help="empty a non-empty database first (deletes all in it)")
    parser.add_argument("--councils", type=int, default=33)
    parser.add_argument("--size", type=int, default=120, help="each council's in-post FTE aimed at")
    parser.add_argument("--requests", type=int, default=50, help="sequential requests after warm-up")
    parser.add_argument("--direct", type=int, default=5, help="in-process computations of the page's services")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--wait", default="0.2,1.0", help="each user's wait between requests: MIN,MAX seconds")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="csc-regionalbench-"))
    os.environ.update(
        {
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
            "CSC_WORKFORCE_SECRET_KEY": secrets.token_urlsafe(50),
            "CSC_WORKFORCE_SECURE_COOKIES": "0",
            "CSC_WORKFORCE_DEBUG": "",
        }
    )
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"database {engine}; {web.machine()}; load average {load_average()}", flush=True)

    from csc_workforce.cli.db import setup_database

    setup_database()
    web.ensure_empty(reset=args.reset)
    load_alliance(args.councils, args.size)
    account = create_analyst()
    direct(args.direct)

    port = web.free_port()
    server, server_log = web.start_server(workdir, port)
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/regional/{ALLIANCE.replace(' ', '%20')}/"
    try:
        web.wait_until_up(base, server)
        session = web.sign_in(base, account)
        figures = web.measure(session, page, args.requests)
        print(
            f"one user: cold {figures['cold']:.0f} ms, p50 {figures['p50']:.0f}, p95 {figures['p95']:.0f}, "
            f"p99 {figures['p99']:.0f} ms ({figures['n']} requests); load average {load_average()}",
            flush=True,
        )
        low, high = (float(s) for s in args.wait.split(","))
        concurrent(base, page, account, users=args.users, duration=args.duration, wait=(low, high))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except Exception:
            server.kill()
    summary = web.server_log_summary(server_log)
    print(f"server log: {summary}")
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, database {engine}")
    if engine.startswith("sqlite"):
        shutil.rmtree(workdir, ignore_errors=True)


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def load_alliance(count: int, size: int) -> None:
    """The councils, the alliance, its key and every member's extract, imported."""
    from csc_workforce.regional import make_extract
    from csc_workforce.regional.keys import key_from_text, new_key_hex
    from csc_workforce.store.services.alliances import AllianceTerms, save_alliance
    from csc_workforce.store.services.regional import import_extracts, register_key
    from csc_workforce.synthetic.alliance import alliance_councils

    now = datetime.now(UTC)
    codes = tuple(str(901 + n) for n in range(count))  # the planted moves are between 901, 902 and 903
    started = time.perf_counter()
    councils, planted = alliance_councils(la_codes=codes, first_year=2023, last_year=YEAR, size=size)
    generated = time.perf_counter() - started
    save_alliance(AllianceTerms(name=ALLIANCE, members=codes, price_caps={"5": 42.5}), set_by="perf", now=now)
    key = key_from_text(new_key_hex())
    register_key(ALLIANCE, key, added_by="perf", now=now)
    started = time.perf_counter()
    files = [
        (f"{c.council.la_code}.csv", make_extract(c, key=key, as_at=date(YEAR, 9, 30)).text.encode()) for c in councils
    ]
    outcomes = import_extracts(files, alliance=ALLIANCE, keys=[key], imported_by="perf", now=now)
    refused = [o.message for o in outcomes if not o.accepted]
    if refused:
        sys.exit(f"extracts refused: {refused[:3]}")
    print(
        f"{count} councils (size {size}), {sum(o.rows for o in outcomes):,} engagements in their extracts, "
        f"{len(planted)} planted moves (generated {generated:.1f} s, extracted and imported "
        f"{time.perf_counter() - started:.1f} s)",
        flush=True,
    )


def create_analyst() -> dict[str, str]:
    from csc_workforce.store.services.accounts import password_generate, user_create

    password = password_generate()
    user_create(username="bench-regional", role="analyst", password=password, created_by="perf", now=datetime.now(UTC))
    return {"role": "analyst", "username": "bench-regional", "password": password}


def direct(count: int) -> None:
    """The page's services in this process, uncached: what one request computes."""
    from csc_workforce.store.services.regional import (
        Installation,
        flows_tables,
        regional_flows,
        regional_measures_table,
    )

    steps: dict[str, list[float]] = {"installation": [], "engagements": [], "flows": [], "measures": []}
    for _ in range(count + 1):  # the first is a warm-up
        started = time.perf_counter()
        installation = Installation(ALLIANCE)
        read = time.perf_counter()
        installation.engagements  # noqa: B018  (read once, here, so its time is its own)
        rows = time.perf_counter()
        flows_tables(regional_flows(installation, year=YEAR), withhold=False, moves=True)
        flowed = time.perf_counter()
        regional_measures_table(installation, year=YEAR, withhold=False)
        done = time.perf_counter()
        for key, value in zip(steps, (read - started, rows - read, flowed - rows, done - flowed), strict=True):
            steps[key].append(value * 1000)
    print(
        "in-process, median of "
        + f"{count}: "
        + ", ".join(f"{k} {statistics.median(v[1:]):.0f} ms" for k, v in steps.items())
        + f" (total {sum(statistics.median(v[1:]) for v in steps.values()):.0f} ms)",
        flush=True,
    )


def concurrent(
    base: str, page: str, account: dict[str, str], *, users: int, duration: int, wait: tuple[float, float]
) -> None:
    """``users`` threads, each signed in, requesting ``page`` with a random wait between requests."""
    samples: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(users + 1)
    stop = time.monotonic() + duration + users / 10  # started at 10 a second, as perf/web.py's locust run

    def user(n: int) -> None:
        time.sleep(n / 10)
        try:
            session = web.sign_in(base, account)
        except SystemExit as exc:
            with lock:
                failures.append(f"sign-in: {exc}")
            start_gate.wait()
            return
        start_gate.wait()
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                response = session.get(page, timeout=60, allow_redirects=True)
                _ = response.content
                problem = (
                    f"status {response.status_code}"
                    if response.status_code != 200
                    else ("sent to sign in" if "/sign-in/" in response.url else "")
                )
            except Exception as exc:  # a refused or reset connection is a failure, not the end of the run
                problem = type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                (failures.append(problem) if problem else samples.append(elapsed))
            time.sleep(random.uniform(*wait))

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    start_gate.wait()  # every user signed in (sign-ins are not timed: Argon2 on purpose costs about 0.2 s each)
    begun = time.monotonic()
    print(f"{users} users signed in; load for about {duration} s ...", flush=True)
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - begun
    figures = web.percentiles(samples) if len(samples) > 1 else {"n": len(samples)}
    print(
        f"{users} users: {len(samples):,} requests, {len(failures)} failures, {len(samples) / seconds:.1f} req/s, "
        f"p50 {figures.get('p50', 0):.0f} ms, p95 {figures.get('p95', 0):.0f} ms, p99 {figures.get('p99', 0):.0f} "
        f"ms, max {figures.get('max', 0):.0f} ms; load average {load_average()}",
        flush=True,
    )
    if failures:
        print(f"  failures: {sorted(set(failures))[:5]}")


if __name__ == "__main__":
    main()
