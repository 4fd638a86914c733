"""Every spreadsheet upload failure is a page, never a server error: hostile and damaged files, values no column
can hold, a check that fails unexpectedly, a load that fails at Confirm, and a request body over the limit."""

from __future__ import annotations

import html
import socket
import threading
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, OperationalError
from django.test import Client
from django.utils import timezone

from csc_workforce.store import models as m
from csc_workforce.store.services import uploads as service
from csc_workforce.web.middleware import REQUEST_BODY_LIMIT
from csc_workforce.web.serving import waitress_options
from tests.importers.support import xlsx_bytes
from tests.importers.test_hostile import GOOD_ROWS, five_million_cells, sheet_xml, workbook_zip
from tests.web.conftest import MakeUser

GOOD = b"Staff number,SWE number\nE1,SW9990001\nE2,SW9990002\n"


def _signed_in(client: Client, make_user: MakeUser) -> Client:
    client.force_login(make_user("ana", "analyst"))
    return client


def _upload(client: Client, data: bytes, *, kind: str = "people", name: str = "staff.csv") -> str:
    """Upload a file; the page it leads to (asserting each step is a page, not an error)."""
    response = client.post("/uploads/", {"kind": kind, "la": "990", "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return html.unescape(page.content.decode())


def _truncated() -> bytes:
    data = xlsx_bytes([["Staff number"], ["E1"]])
    return data[: len(data) // 2]


def _claims_every_cell() -> bytes:
    return workbook_zip(sheet_xml(GOOD_ROWS, "A1:XFD1048576"))


def _zip_bomb() -> bytes:
    return workbook_zip(sheet_xml(GOOD_ROWS), strings=b" " * 50_000_000)


def _sheet_missing() -> bytes:
    return workbook_zip(sheet_xml(GOOD_ROWS), leave_out="xl/worksheets/sheet1.xml")


def _csv(text: str) -> Callable[[], bytes]:
    return lambda: text.encode()


HOSTILE: list[tuple[str, str, str, Callable[[], bytes], str]] = [
    ("five-million-cell row", "people", "wide.xlsx", lambda: workbook_zip(five_million_cells()), "IMP-FILE-008"),
    ("A1:XFD1048576", "people", "huge.xlsx", _claims_every_cell, "IMP-FILE-009"),
    ("zip bomb", "people", "bomb.xlsx", _zip_bomb, "IMP-FILE-008"),
    ("truncated workbook", "people", "cut.xlsx", _truncated, "IMP-FILE-006"),
    ("missing sheet part", "people", "part.xlsx", _sheet_missing, "IMP-FILE-006"),
    ("odd-length UTF-16", "people", "u16.csv", lambda: "Staff number\r\nE1\r\n".encode("utf-16")[:-1], "IMP-FILE-010"),
    ("NUL in a cell", "people", "nul.csv", _csv("Staff number\nE\x001\n"), "IMP-FILE-010"),
    (
        "1e20 funded FTE",
        "posts",
        "posts.csv",
        _csv("Team,Funded FTE,Effective from\nA,1e20,2024-04-01\n"),
        "IMP-ROW-009",
    ),
    ("1e20 cases", "caseloads", "cases.csv", _csv("Staff number,Date,Cases\nE1,2024-09-30,1e20\n"), "IMP-ROW-009"),
    (
        "negative days",
        "absences",
        "abs.csv",
        _csv("Staff number,Start date,End date,Days lost\nE1,2024-01-01,2024-01-02,-3\n"),
        "IMP-ROW-008",
    ),
    (
        "case-only duplicate SWE",
        "people",
        "dup.csv",
        _csv("Staff number,SWE number\nE1,sw9990001\nE2,SW9990001\n"),
        "IMP-ROW-012",
    ),
]


@pytest.mark.parametrize(("what", "kind", "name", "make", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_or_damaged_file_is_a_page_with_its_issue(client, make_user, councils, what, kind, name, make, code):
    page = _upload(_signed_in(client, make_user), make(), kind=kind, name=name)
    assert "This file cannot be loaded until these problems are fixed" in page
    assert code in page
    upload = m.Upload.objects.get()
    assert upload.status == m.Upload.REJECTED and upload.content == b""
    assert m.AuditEvent.objects.filter(action="upload", object_id=str(upload.pk)).exists()


def test_an_unexpected_failure_while_checking_is_a_rejected_upload_with_a_page(
    client, make_user, councils, monkeypatch
):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in a check")

    monkeypatch.setattr(service, "import_table", broken)
    page = _upload(_signed_in(client, make_user), GOOD)
    assert "UPLOAD-004" in page and "staff.csv could not be checked" in page
    upload = m.Upload.objects.get()
    assert upload.status == m.Upload.REJECTED
    assert m.AuditEvent.objects.filter(action="upload", object_id=str(upload.pk)).exists()


def test_a_load_that_fails_at_confirm_changes_nothing_and_is_a_page(client, make_user, councils, monkeypatch):
    client = _signed_in(client, make_user)
    _upload(client, GOOD)
    upload = m.Upload.objects.get()
    assert upload.status == m.Upload.PREVIEW
    people, sources = m.Person.objects.count(), m.Source.objects.count()

    def refused(**kwargs: object) -> None:
        raise DataError("numeric field overflow")

    monkeypatch.setattr(service, "records_store", refused)
    response = client.post(f"/uploads/{upload.pk}/commit")
    assert response.status_code == 302
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "staff.csv could not be loaded (DataError" in page and "no records were changed" in page
    assert "UPLOAD-005" in page and "Confirm and load" not in page
    upload.refresh_from_db()
    assert upload.status == m.Upload.REJECTED
    assert (m.Person.objects.count(), m.Source.objects.count()) == (people, sources)  # rolled back: no new source
    assert m.AuditEvent.objects.filter(
        action="upload-failed", object_id=str(upload.pk), detail__stage="commit"
    ).exists()


# -- request bodies -------------------------------------------------------------------------------------------


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def test_a_body_over_the_limit_is_refused_from_its_length_before_it_is_read(client, make_user, councils):
    client = _signed_in(client, make_user)
    response = client.generic(
        "POST",
        "/uploads/",
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    page = html.unescape(response.content.decode())
    assert "The file is too large" in page and "What you sent was 300.0 MB" in page and "smaller than 50 MB" in page
    assert not m.Upload.objects.exists()


def test_a_body_within_the_limit_is_read_as_usual(client, make_user, councils):
    assert REQUEST_BODY_LIMIT == service.MAX_UPLOAD_BYTES + 1024 * 1024
    page = _upload(_signed_in(client, make_user), GOOD)
    assert "Confirm and load" in page


def test_waitress_refuses_a_body_just_above_the_apps_limit_before_reading_it() -> None:
    from waitress.server import create_server

    options = waitress_options(host="127.0.0.1", port=0, threads=1)
    assert options["max_request_body_size"] == REQUEST_BODY_LIMIT + 1024 * 1024
    called: list[str] = []

    def app(environ: dict[str, object], start_response) -> list[bytes]:  # type: ignore[no-untyped-def]
        called.append("app")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    server = create_server(app, **options)
    replies: list[str] = []
    length = int(str(options["max_request_body_size"])) + 1

    def send() -> None:
        with socket.create_connection(server.socket.getsockname()[:2], timeout=10) as connection:
            connection.sendall(
                f"POST /uploads/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: {length}\r\n\r\n".encode()
            )
            replies.append(connection.recv(4096).decode())

    client = threading.Thread(target=send, daemon=True)
    client.start()
    try:
        for _ in range(200):  # the server's loop, here, until the client has its reply (or 10 s)
            if not client.is_alive():
                break
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
    finally:
        server.close()
        server.task_dispatcher.shutdown()
    assert replies and replies[0].startswith("HTTP/1.1 413")
    assert called == []


def test_a_busy_database_at_confirm_changes_nothing_and_leaves_the_upload_to_try_again(
    client, make_user, councils, monkeypatch
):
    client = _signed_in(client, make_user)
    _upload(client, GOOD)
    upload = m.Upload.objects.get()
    people = m.Person.objects.count()

    def busy(**kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(service, "records_store", busy)
    response = client.post(f"/uploads/{upload.pk}/commit")
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "the database was busy or could not be reached" in page and "Try again" in page
    upload.refresh_from_db()
    assert upload.status == m.Upload.PREVIEW and upload.content  # still there to load: nothing lost
    assert m.Person.objects.count() == people
    monkeypatch.undo()
    client.post(f"/uploads/{upload.pk}/commit")
    upload.refresh_from_db()
    assert upload.status == m.Upload.COMMITTED


def test_a_failed_load_never_overwrites_an_upload_another_request_has_loaded(make_user, councils, monkeypatch):
    """A second Confirm of the same upload whose load fails after the first has committed leaves it loaded."""
    user = make_user("ann", "analyst")
    client = Client()
    client.force_login(user)
    _upload(client, GOOD)
    upload = m.Upload.objects.get()
    real_commit = service._commit

    def first_commits_then_fails(**kwargs: object) -> m.Upload:
        real_commit(**kwargs)  # the other request's load, committed
        raise DataError("a failure after the other request's commit")

    monkeypatch.setattr(service, "_commit", first_commits_then_fails)
    with pytest.raises(service.UploadFailed):
        service.upload_commit(upload=upload, user=user, now=timezone.now())
    upload.refresh_from_db()
    assert upload.status == m.Upload.COMMITTED and upload.content  # still loaded, and can still be undone
