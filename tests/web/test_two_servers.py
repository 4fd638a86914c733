"""Stateless application servers (issue 15, item 6): two ``csc-workforce serve`` processes against one database
serve the same users with nothing kept on local disk (sessions, uploads and their previews, locks, the signing
key are in the database or the configuration). A user signed in on one server is signed in on the other; uploads
sent to both at once, and committed on the other server than received them, are all kept. Runs on whichever
database the suite runs on (SQLite file or PostgreSQL): the servers use the test database itself."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from csc_workforce.store import models as m

PASSWORD = "a long enough test password 1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings['NAME']}"
    host = settings.get("HOST") or ""
    user = settings.get("USER") or ""
    return f"postgres://{user}@{host}/{settings['NAME']}" if host or user else f"postgres:///{settings['NAME']}"


@pytest.fixture
def servers(transactional_db: None, tmp_path: Path):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from csc_workforce.store.services.accounts import user_create

    user_create(username="sam", password=PASSWORD, created_by="tests", now=datetime.now(UTC), role="analyst")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CSC_WORKFORCE_SECRET_KEY": "the same key on every server " + "x" * 40,
        "CSC_WORKFORCE_TOTP_REQUIRED_ROLES": "",
        "CSC_WORKFORCE_SECURE_COOKIES": "0",  # plain HTTP on this computer: the test's client keeps the cookies
    }
    started = []
    for _ in range(2):
        port = _free_port()
        folder = tmp_path / f"server-{port}"  # each its own working folder: nothing shared on disk
        folder.mkdir()
        process = subprocess.Popen(
            [sys.executable, "-m", "csc_workforce.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, url in started:
            for _ in range(200):
                try:
                    requests.get(url + "/sign-in/", timeout=5)
                    break
                except (requests.ConnectionError, requests.Timeout):  # not listening yet, or its first request slow
                    assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                    time.sleep(0.1)
        yield [url for _, url in started]
    finally:
        for process, _ in started:
            process.terminate()
            process.wait(timeout=10)


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30).text
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def _people_file(n: int) -> bytes:
    rows = "".join(f"E{n}{k},SW99{n:02d}{k:03d},1990-05-06,WBRI\n" for k in range(5))
    return ("Staff number,SWE number,Date of birth,Ethnicity\n" + rows).encode()


def test_two_servers_share_sessions_and_lose_no_upload(servers: list[str], councils_committed: None):
    first, second = servers
    session = requests.Session()
    token = _csrf(session, first + "/sign-in/")
    signed_in = session.post(
        first + "/sign-in/",
        data={"csrfmiddlewaretoken": token, "username": "sam", "password": PASSWORD},
        headers={"Referer": first + "/sign-in/"},
        timeout=30,
    )
    assert "/sign-in/" not in signed_in.url, signed_in.text[:400]
    # the session made on the first server is good on the second (same cookie, same database)
    assert "Signed in as sam" in session.get(second + "/", timeout=30).text

    def upload(n: int) -> int:
        url = servers[n % 2]
        own = requests.Session()
        own.cookies.update(session.cookies)
        token = _csrf(own, url + "/uploads/")
        answer = own.post(
            url + "/uploads/",
            data={"csrfmiddlewaretoken": token, "kind": "people", "la": "990"},
            files={"file": (f"staff-{n}.csv", _people_file(n), "text/csv")},
            headers={"Referer": url + "/uploads/"},
            timeout=120,
        )
        assert answer.status_code == 200, answer.text[:400]
        found = re.search(r"/uploads/(\d+)/", answer.url)
        assert found, answer.url
        return int(found.group(1))

    with ThreadPoolExecutor(max_workers=4) as pool:
        uploads = list(pool.map(upload, range(6)))  # three to each server, at the same time
    assert len(set(uploads)) == 6
    held = {u.pk: u for u in m.Upload.objects.filter(pk__in=uploads)}
    assert sorted(held) == sorted(uploads) and {u.status for u in held.values()} == {m.Upload.PREVIEW}
    # each is committed on the other server than the one that received it
    for n, pk in enumerate(uploads):
        url = servers[(n + 1) % 2]
        token = _csrf(session, f"{url}/uploads/{pk}/")
        done = session.post(
            f"{url}/uploads/{pk}/commit",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{url}/uploads/{pk}/"},
            timeout=120,
        )
        assert done.status_code == 200, done.text[:400]
    statuses = set(m.Upload.objects.filter(pk__in=uploads).values_list("status", flat=True))
    assert statuses == {m.Upload.COMMITTED}
    swe = set(m.Person.objects.filter(council__la_code="990").values_list("swe_no", flat=True))
    assert all(f"SW99{n:02d}{k:03d}" in swe for n in range(6) for k in range(5))


@pytest.fixture
def councils_committed(transactional_db: None, census_files: list[tuple[str, bytes]]) -> None:
    """Councils 990 and 991 with their census returns, committed (the servers read the database, not a test's
    transaction)."""
    from datetime import UTC, datetime

    from csc_workforce.store.services.census import census_import

    outcomes = census_import(files=census_files, recorded_by="loader", now=datetime.now(UTC))
    assert all(o.accepted for o in outcomes)
