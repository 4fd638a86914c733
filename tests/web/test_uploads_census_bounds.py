"""A census upload that fails is a page and a rejected, audited upload, never a server error; its uploader and
admins may open it."""

from __future__ import annotations

import pytest

from csc_workforce.store import models as m
from tests.web.test_uploads import _census, _page, _summary, _with_first


@pytest.fixture
def analyst_client(client, make_user, councils):
    """Signed in as an analyst who may load data for any council."""
    client.force_login(make_user("ana-web", "analyst"))
    return client


def _audited(upload: m.Upload) -> dict[str, object]:
    event = m.AuditEvent.objects.get(action="upload", object_id=str(upload.pk))
    return dict(event.detail)


def test_a_census_file_with_a_dtd_is_a_rejected_audited_upload(analyst_client, councils, census_files):
    data = _census(census_files).replace(b"<Message", b"<!DOCTYPE Message>\n<Message", 1)
    page = _page(analyst_client, data, name="dtd.xml")
    upload = m.Upload.objects.get()
    assert upload.status == m.Upload.REJECTED
    assert [i["code"] for i in upload.issues] == ["CSWW-FILE-002"]
    assert "<strong>CSWW-FILE-002</strong>: dtd.xml: The file declares a DOCTYPE or ENTITY." in _summary(page)
    assert _audited(upload)["status"] == m.Upload.REJECTED


def test_a_fault_in_reading_a_census_file_is_a_rejected_audited_upload(
    analyst_client, councils, census_files, monkeypatch
):
    from csc_workforce.store.services import uploads

    def broken(data: bytes, *, name: str = "") -> None:
        raise RuntimeError("a fault of ours")

    monkeypatch.setattr(uploads, "read_census", broken)
    page = _page(analyst_client, _census(census_files), name="990-2025.xml")
    upload = m.Upload.objects.get()
    assert (upload.status, [i["code"] for i in upload.issues]) == (m.Upload.REJECTED, ["CSWW-FILE-001"])
    assert (
        "<strong>CSWW-FILE-001</strong>: 990-2025.xml: The file could not be read as a census return (RuntimeError). "
        "Check that it is a CSWW census return exported as XML; if it is, tell your administrator"
    ) in _summary(page)
    assert "a fault of ours" not in page  # the details are in the log, not on the page
    assert _audited(upload)["errors"] == 1


def test_a_caseload_beyond_what_the_database_holds_is_rejected_before_anything_is_written(
    analyst_client, councils, census_files
):
    data = _with_first(_census(census_files), "Cases30", "2147483648")
    page = _page(analyst_client, data)
    upload = m.Upload.objects.get()
    assert upload.status == m.Upload.REJECTED
    assert "<strong>CSWW-WKR-017</strong>" in _summary(page)
    assert "Confirm and load" not in page


def test_a_return_naming_another_council_is_open_to_its_uploader_and_to_admins_only(
    client, make_user, councils, census_files
):
    uploader = make_user("ana991", "analyst", la_code="991")
    client.force_login(uploader)
    _page(client, _census(census_files, "990-2025.xml"))
    upload = m.Upload.objects.get()
    pages = (f"/uploads/{upload.pk}/", f"/uploads/{upload.pk}/issues.csv")
    assert [client.get(page).status_code for page in pages] == [200, 200]
    client.force_login(make_user("admin991", "admin", la_code="991"))
    assert [client.get(page).status_code for page in pages] == [200, 200]
    client.force_login(make_user("bo991", "analyst", la_code="991"))
    assert [client.get(page).status_code for page in pages] == [403, 403]


def test_an_admin_kept_to_another_council_cannot_read_or_act_on_an_upload(
    analyst_client, client, make_user, councils, census_files
):
    """The problems of an upload quote its file's values: an admin kept to council 991 neither reads nor acts on
    an upload for council 990 made by someone who is not one of their council's users."""
    _page(analyst_client, _census(census_files, "990-2025.xml"))
    upload = m.Upload.objects.get()
    assert upload.status == m.Upload.PREVIEW
    client.force_login(make_user("admin991", "admin", la_code="991"))
    assert client.get(f"/uploads/{upload.pk}/").status_code == 403
    assert client.get(f"/uploads/{upload.pk}/issues.csv").status_code == 403
    assert client.post(f"/uploads/{upload.pk}/commit").status_code == 403
    assert m.Upload.objects.get().status == m.Upload.PREVIEW
