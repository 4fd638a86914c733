"""Every web path that changes or hands out data is audited with the client's address and user agent; a crashed
upload is audited too; the audit page and its CSV show the user agent."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from csc_workforce.importers import default_mapping
from csc_workforce.store import models as m
from tests.web.conftest import MakeUser

AGENT = "Mozilla/5.0 (test browser)"
GOOD = b"Staff number,SWE number,Date of birth,Ethnicity\nE1,SW9990001,1990-05-06,BAFR\nE2,SW9990002,1980-02-28,WBRI\n"


@pytest.fixture
def browser(make_user: MakeUser) -> Client:
    client = Client(HTTP_USER_AGENT=AGENT, REMOTE_ADDR="203.0.113.7")
    client.force_login(make_user("boss", "admin"))
    return client


def _event(action: str, **match: object) -> m.AuditEvent:
    return m.AuditEvent.objects.get(action=action, **match)


def _from_the_browser(event: m.AuditEvent) -> None:
    assert (event.username, event.ip, event.user_agent) == ("boss", "203.0.113.7", AGENT)


def _upload(client: Client, data: bytes = GOOD) -> m.Upload:
    client.post("/uploads/", {"kind": "people", "la": "990", "file": SimpleUploadedFile("staff.csv", data)})
    return m.Upload.objects.latest("id")


def test_an_upload_its_commit_and_undo_are_audited_from_where_they_came(browser: Client, councils: list[str]):
    upload = _upload(browser)
    browser.post(f"/uploads/{upload.pk}/commit")
    browser.post(f"/uploads/{upload.pk}/undo")
    for action in ("upload", "upload-commit", "upload-undo"):
        _from_the_browser(_event(action, object_id=str(upload.pk)))


def test_a_discard_and_an_issues_download_are_audited(browser: Client, councils: list[str]):
    upload = _upload(browser)
    browser.get(f"/uploads/{upload.pk}/issues.csv")
    browser.post(f"/uploads/{upload.pk}/discard")
    _from_the_browser(_event("upload-discard", object_id=str(upload.pk)))
    _from_the_browser(_event("export", object_type="upload-issues"))


def test_a_refused_action_on_an_upload_is_audited_with_its_reason(browser: Client, councils: list[str]):
    upload = _upload(browser)
    browser.post(f"/uploads/{upload.pk}/discard")
    browser.post(f"/uploads/{upload.pk}/commit")  # a discarded upload cannot be loaded
    event = _event("upload-refused", object_id=str(upload.pk))
    _from_the_browser(event)
    assert event.detail["stage"] == "commit" and "discarded" in event.detail["error"]


def test_an_upload_that_crashes_is_audited_and_still_a_server_error(
    make_user: MakeUser, councils: list[str], monkeypatch: pytest.MonkeyPatch
):
    def crash(**kwargs: object) -> None:
        raise MemoryError("secret row content")

    monkeypatch.setattr("csc_workforce.web.views.uploads.upload_receive", crash)
    client = Client(HTTP_USER_AGENT=AGENT, REMOTE_ADDR="203.0.113.7", raise_request_exception=False)
    client.force_login(make_user("boss", "admin"))
    response = client.post("/uploads/", {"kind": "people", "la": "990", "file": SimpleUploadedFile("staff.csv", GOOD)})
    assert response.status_code == 500
    event = _event("upload-failed")
    _from_the_browser(event)
    assert event.detail == {"stage": "receive", "file": "staff.csv", "error": "MemoryError"}  # not the message


def test_a_commit_that_crashes_is_a_page_audited_after_its_changes_are_rolled_back(
    make_user: MakeUser, councils: list[str], monkeypatch: pytest.MonkeyPatch
):
    client = Client(HTTP_USER_AGENT=AGENT, REMOTE_ADDR="203.0.113.7", raise_request_exception=False)
    client.force_login(make_user("boss", "admin"))
    upload = _upload(client)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("csc_workforce.store.services.uploads.records_store", crash)
    people = m.Person.objects.count()
    page = client.post(f"/uploads/{upload.pk}/commit", follow=True)
    assert page.status_code == 200 and "could not be loaded" in page.content.decode()  # a page, not a 500
    assert m.Person.objects.count() == people  # nothing of the commit was kept
    assert m.Upload.objects.get(pk=upload.pk).status == m.Upload.REJECTED
    assert [i["code"] for i in m.Upload.objects.get(pk=upload.pk).issues][-1] == "UPLOAD-005"
    event = _event("upload-failed", object_id=str(upload.pk))
    _from_the_browser(event)
    assert event.detail["stage"] == "commit" and event.detail["error"] == "RuntimeError"


def test_a_saved_mapping_is_audited(browser: Client, councils: list[str]):
    mapping = default_mapping("people").to_json()
    browser.post("/uploads/mappings/", {"la": "990", "system": "iTrent", "kind": "people", "mapping": mapping})
    _from_the_browser(_event("mapping-save"))


def test_user_changes_and_tokens_are_audited_from_where_they_came(
    browser: Client, make_user: MakeUser, councils: list[str]
):
    browser.post("/users/", {"username": "mo", "role": "viewer", "la": "", "teams": ""})
    browser.post("/users/mo/reset")
    browser.post("/users/mo/stop")
    browser.post("/users/mo/allow")
    browser.post("/users/mo/token")
    token = m.ApiToken.objects.get(user__username="mo")
    browser.post(f"/users/tokens/{token.pk}/revoke")
    for action in ("user_created", "password_set", "user-disabled", "user-enabled"):
        _from_the_browser(_event(action, object_id="mo"))
    for action in ("token_created", "token_revoked"):
        _from_the_browser(_event(action, object_id=str(token.pk)))


@pytest.mark.parametrize(
    ("url", "object_type"),
    [
        ("/measures/download.csv?year=2025&la=990", "measures"),
        ("/councils/990/download/all.xlsx", "council-table"),
        ("/councils/990/census/2025.xml", "census-return"),
        ("/councils/990/reconcile/findings.csv", "reconciliation-findings"),
        ("/audit/download.csv", "audit-log"),
    ],
)
def test_every_download_is_audited_from_where_it_came(browser: Client, councils: list[str], url: str, object_type: str):
    assert browser.get(url).status_code == 200
    _from_the_browser(_event("export", object_type=object_type))


def test_sign_in_and_out_are_audited_with_the_user_agent(make_user: MakeUser):
    from tests.web.conftest import PASSWORD

    make_user("ann", "analyst")
    client = Client(HTTP_USER_AGENT=AGENT, REMOTE_ADDR="203.0.113.7")
    client.post("/sign-in/", {"username": "ann", "password": "wrong"})
    client.post("/sign-in/", {"username": "ann", "password": PASSWORD})
    client.post("/sign-out/")
    for action in ("sign_in_failed", "sign_in", "sign_out"):
        event = _event(action)
        assert (event.username, event.ip, event.user_agent) == ("ann", "203.0.113.7", AGENT)


def test_the_audit_page_and_its_csv_show_the_user_agent(browser: Client, councils: list[str]):
    browser.post("/users/", {"username": "mo", "role": "viewer", "la": "", "teams": ""})
    page = browser.get("/audit/").content.decode()
    assert '<th scope="col" class="govuk-table__header">User agent</th>' in page and AGENT in page
    rows = list(csv.DictReader(io.StringIO(browser.get("/audit/download.csv").content.decode())))
    created = next(row for row in rows if row["action"] == "user_created")
    assert (created["ip"], created["user_agent"]) == ("203.0.113.7", AGENT)


def test_a_very_long_user_agent_is_cut_to_500_characters(make_user: MakeUser, councils: list[str]):
    client = Client(HTTP_USER_AGENT="x" * 2000)
    client.force_login(make_user("boss", "admin"))
    client.get("/audit/download.csv")
    assert _event("export").user_agent == "x" * 500
