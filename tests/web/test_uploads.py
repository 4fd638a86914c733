"""Uploads: preview changes nothing; commit loads all or nothing; undo puts the records back exactly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from polars.testing import assert_frame_equal

from csc_workforce.domain.serialise import records_to_json
from csc_workforce.store import models as m
from csc_workforce.store.services.records import records_load
from csc_workforce.store.services.uploads import (
    UploadRefused,
    upload_commit,
    upload_discard,
    upload_receive,
    upload_undo,
)
from tests.web.conftest import NOW

LATER = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def analyst(db: None) -> User:
    return User.objects.create_user("ana", password="x" * 16)


def _snapshot(la_code: str = "990") -> str:
    return records_to_json(records_load(council=m.Council.objects.get(la_code=la_code)))


def _people_csv(swe_of_existing: str) -> bytes:
    return (
        "Staff number,SWE number,Date of birth,Gender,Ethnicity\n"
        f"E1,{swe_of_existing},1980-02-03,F,WIRI\n"
        "E2,SW9990001,1990-05-06,M,BAFR\n"
    ).encode()


def _existing_swe() -> str:
    return m.Person.objects.filter(council__la_code="990").order_by("key").first().swe_no


def _receive(user: User, data: bytes, *, kind: str = "people", filename: str = "staff.csv") -> m.Upload:
    return upload_receive(
        user=user, kind=kind, filename=filename, data=data, la_code="990", allowed_la_codes=None, now=NOW
    )


def test_a_preview_counts_changes_and_changes_nothing(analyst: User, councils: list[str]):
    before = _snapshot()
    upload = _receive(analyst, _people_csv(_existing_swe()))
    assert upload.status == m.Upload.PREVIEW, upload.issues
    changes = upload.summary["changes"]
    assert (changes["added"], changes["changed"]) == (1, 1)  # a new person; an existing one's ethnicity
    assert upload.summary["rows_read"] == 2
    assert _snapshot() == before


def test_commit_loads_the_file_with_its_provenance_and_undo_restores_the_records(analyst: User, councils):
    before = _snapshot()
    swe = _existing_swe()
    upload = upload_commit(upload=_receive(analyst, _people_csv(swe)), user=analyst, now=LATER)
    assert upload.status == m.Upload.COMMITTED
    person = m.Person.objects.get(council__la_code="990", swe_no=swe)
    assert person.ethnicity == "WIRI" and person.source.kind == "upload" and person.source.name == "staff.csv"
    assert m.Person.objects.filter(swe_no="SW9990001").exists()
    upload_undo(upload=upload, user=analyst, now=LATER)
    assert _snapshot() == before
    assert not m.Source.objects.filter(kind="upload").exists()
    assert m.AuditEvent.objects.filter(action__in=["upload", "upload-commit", "upload-undo"]).count() == 3


def test_a_file_with_an_error_is_rejected_and_cannot_be_committed(analyst: User, councils):
    before = _snapshot()
    bad = b"Staff number,SWE number,Date of birth\nE1,SW1,31/02/1980\n"
    upload = _receive(analyst, bad)
    assert upload.status == m.Upload.REJECTED
    issue = next(i for i in upload.issues if i["severity"] == "error")
    assert issue["code"] == "IMP-ROW-002" and issue["line"] == 2 and "Date of birth" in issue["path"]
    with pytest.raises(UploadRefused):
        upload_commit(upload=upload, user=analyst, now=LATER)
    assert _snapshot() == before


def test_only_the_latest_upload_can_be_undone(analyst: User, councils):
    first = upload_commit(upload=_receive(analyst, _people_csv(_existing_swe())), user=analyst, now=LATER)
    second_data = b"Staff number,SWE number,Ethnicity\nE3,SW9990002,CHNE\n"
    second = upload_commit(upload=_receive(analyst, second_data, filename="more.csv"), user=analyst, now=LATER)
    with pytest.raises(UploadRefused, match="Undo the later uploads first"):
        upload_undo(upload=first, user=analyst, now=LATER)
    upload_undo(upload=second, user=analyst, now=LATER)
    upload_undo(upload=first, user=analyst, now=LATER)


def test_a_census_upload_replacing_a_year_is_undone_to_the_earlier_return(analyst: User, councils, census_files):
    before = _snapshot()
    name, data = next((n, d) for n, d in census_files if n == "990-2025.xml")
    again = data.replace(b"<NumberOfVacancies>", b"<NumberOfVacancies>1", 1)  # a different vacancy figure
    upload = _receive(analyst, again, kind="census", filename="990-2025-corrected.xml")
    assert upload.status == m.Upload.PREVIEW, upload.issues
    assert upload.summary["replaces"] is True and upload.summary["collection_year"] == 2025
    upload_commit(upload=upload, user=analyst, now=LATER)
    assert m.Source.objects.get(council__la_code="990", collection_year=2025).name == "990-2025-corrected.xml"
    upload_undo(upload=upload, user=analyst, now=LATER)
    assert m.Source.objects.get(council__la_code="990", collection_year=2025).name == name
    _assert_same_measures(before)  # the records are back (their source ids differ: the return was restored)


def _assert_same_measures(before_json: str) -> None:
    from csc_workforce.domain.serialise import records_from_json
    from csc_workforce.measures import frames_from_records, measures_for_years

    now_records = records_load(council=m.Council.objects.get(la_code="990"))
    a = measures_for_years(frames_from_records([records_from_json(before_json)]), [2024, 2025])
    b = measures_for_years(frames_from_records([now_records]), [2024, 2025])
    assert_frame_equal(a, b, rel_tol=1e-9)


def test_a_census_return_loaded_after_an_upload_keeps_the_uploaded_details(analyst: User, councils, census_files):
    swe = _existing_swe()
    upload_commit(upload=_receive(analyst, _people_csv(swe)), user=analyst, now=LATER)
    name, data = next((n, d) for n, d in census_files if n == "990-2024.xml")
    upload = upload_commit(upload=_receive(analyst, data, kind="census", filename=name), user=analyst, now=LATER)
    assert upload.status == m.Upload.COMMITTED
    assert m.Person.objects.get(council__la_code="990", swe_no=swe).ethnicity == "WIRI"
    assert m.Person.objects.filter(council__la_code="990", swe_no=swe).count() == 1


def test_an_analyst_of_another_council_cannot_load_a_return_for_this_one(analyst: User, councils, census_files):
    _, data = census_files[0]
    upload = upload_receive(
        user=analyst, kind="census", filename="x.xml", data=data, la_code=None, allowed_la_codes=["991"], now=NOW
    )
    assert upload.status == m.Upload.REJECTED and upload.issues[0]["code"] == "UPLOAD-001"


def test_discarding_deletes_the_file(analyst: User, councils):
    upload = upload_discard(upload=_receive(analyst, _people_csv(_existing_swe())), user=analyst, now=LATER)
    assert upload.status == m.Upload.DISCARDED and bytes(upload.content) == b""


@pytest.mark.django_db
def test_loading_its_own_census_return_into_a_council_held_from_hr_data_double_counts_nobody(analyst: User):
    from csc_workforce.store.services.census import census_export
    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.store.services.measures import measures_rows
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2024, last_year=2025, seed=9, size=50
    )
    demo_load(records=records, description="HR records", recorded_by="t", now=NOW)
    before = measures_rows(year=2025, la_codes=["990"])
    people = m.Person.objects.count()
    exported = census_export(la_code="990", year=2025, generated_at=NOW)
    upload = _receive(analyst, exported.data, kind="census", filename="990-2025.xml")
    assert upload.status == m.Upload.PREVIEW, upload.issues
    upload_commit(upload=upload, user=analyst, now=LATER)
    assert m.Person.objects.count() == people  # the same people, recognised by SWE number
    after = measures_rows(year=2025, la_codes=["990"], basis="records")
    assert [{**r, "basis": ""} for r in after] == [{**r, "basis": ""} for r in before]
    # and the return's own figures (as returned, now the default) are the records' figures
    returned = measures_rows(year=2025, la_codes=["990"])
    assert returned[0]["basis"] == "returned"
    assert {**returned[0], "basis": ""} == {**before[0], "basis": ""}


def test_a_rejected_file_is_not_kept(analyst: User, councils):
    upload = _receive(analyst, b"Staff number,SWE number,Date of birth\nE1,SW1,31/02/1980\n")
    assert upload.status == m.Upload.REJECTED and bytes(upload.content) == b""
    assert upload.issues  # the problems are kept, so the issue report still downloads


# --- files with problems: every one gets a page that says what is wrong and how to fix it ---------------------


def _census(census_files, name: str = "990-2025.xml") -> bytes:
    return next(d for n, d in census_files if n == name)


def _line_of(data: bytes, text: bytes) -> int:
    return data[: data.index(text)].count(b"\n") + 1


def _with_first(data: bytes, element: str, value: str) -> bytes:
    """``data`` with the first ``<element>``'s value replaced by ``value``."""
    start = data.index(f"<{element}>".encode()) + len(element) + 2
    return data[:start] + value.encode() + data[data.index(f"</{element}>".encode(), start) :]


def _negative_vacancies(data: bytes) -> bytes:
    return _with_first(data, "NumberOfVacancies", "-3.00")


def test_a_census_return_with_errors_is_rejected_and_still_names_its_council(analyst: User, councils, census_files):
    m.Council.objects.filter(la_code="990").update(name="Northgate")  # the name held, not the directory's
    data = _negative_vacancies(_census(census_files))
    upload = _receive(analyst, data, kind="census", filename="990-2025.xml")
    assert upload.status == m.Upload.REJECTED and upload.council is None
    assert upload.summary["la_code"] == "990" and upload.summary["council_name"] == "Northgate"
    assert upload.summary["rows_read"] == data.count(b"<CSWWWorker>")
    (error,) = [i for i in upload.issues if i["severity"] == "error"]
    assert (error["code"], error["line"], error["path"], error["value"]) == (
        "CSWW-LA-002",
        _line_of(data, b"<NumberOfVacancies>"),
        "Message/LALevel/NumberOfVacancies",
        "-3.00",
    )


def test_a_spreadsheet_uploaded_as_a_census_return_is_told_to_choose_what_it_holds(analyst: User, councils):
    upload = _receive(analyst, _people_csv("SW9990001"), kind="census", filename="staff.csv")
    assert [i["code"] for i in upload.issues] == ["UPLOAD-002", "CSWW-FILE-001"]
    assert upload.issues[0]["message"].startswith("staff.csv looks like a spreadsheet, not a census return")


def test_a_census_return_uploaded_as_an_extract_is_told_to_choose_census(analyst: User, councils, census_files):
    upload = _receive(analyst, _census(census_files), kind="people", filename="990-2025.xml")
    assert upload.status == m.Upload.REJECTED
    assert [i["code"] for i in upload.issues] == ["UPLOAD-003", "IMP-FILE-001"]
    assert 'choose "CSWW census return (XML)"' in upload.issues[0]["message"]


def test_a_file_over_the_limit_is_refused_with_the_limit_and_what_to_do(analyst: User, councils, monkeypatch):
    from csc_workforce.store.services import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1_048_576)
    with pytest.raises(UploadRefused) as refused:
        _receive(analyst, b"<" * 1_048_577, kind="census", filename="big.xml")
    assert str(refused.value) == (
        "The selected file must be smaller than 1 MB. A census return is at most a few MB: check that this is "
        "one council's CSWW return."
    )
    assert uploads.upload_size_refusal(kind="people", size=1_048_576) is None  # exactly the limit is allowed
    assert not m.Upload.objects.exists()


# --- the pages ------------------------------------------------------------------------------------------------


def _page(client, data: bytes, *, kind: str = "census", name: str = "990-2025.xml", la: str = ""):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/uploads/", {"kind": kind, "la": la, "file": SimpleUploadedFile(name, data)})
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert response.status_code == 200
    return response.content.decode()


def _summary(page: str) -> str:
    start = page.index('<div class="govuk-error-summary"')
    return page[start : page.index("</div>\n  </div>\n</div>", start)]


@pytest.fixture
def analyst_client(client, make_user, councils):
    """Signed in as an analyst who may load data for any council; council 990 is named Northgate."""
    m.Council.objects.filter(la_code="990").update(name="Northgate")
    client.force_login(make_user("ana-web", "analyst"))
    return client


def test_a_census_return_with_errors_shows_each_error_its_line_element_and_fix_and_the_report(
    analyst_client, councils, census_files
):
    data = _negative_vacancies(_census(census_files))
    data = _with_first(data, "FTE", "1.500000")
    page = _page(analyst_client, data)
    upload = m.Upload.objects.get()
    summary = _summary(page)
    assert "This file cannot be loaded until these problems are fixed" in summary
    vacancies_line, fte_line = _line_of(data, b"<NumberOfVacancies>"), _line_of(data, b"<FTE>1.500000")
    assert (
        f"<strong>CSWW-LA-002</strong> (line {vacancies_line}, Message/LALevel/NumberOfVacancies): "
        "NumberOfVacancies is -3.00, but it cannot be negative: it is the FTE of vacant posts on 30 September. "
        "Give NumberOfVacancies as 0 or more (0 if there were none)."
    ) in summary
    assert (
        f"<strong>CSWW-WKR-008</strong> (line {fte_line}, Message/CSWWWorker[1]/FTE): FTE must be between 0 and 1; "
        "this worker has 1.500000. Give FTE as a decimal fraction of full time, for example 0.6."
    ) in summary
    assert summary.count("<li>") == 2  # the two errors; the warnings are in the table only
    assert f'<a class="govuk-link" href="/uploads/{upload.pk}/issues.csv">Download every problem' in summary
    assert "<title>Error: 990-2025.xml" in page
    assert "Northgate (990)" in page and "Confirm and load" not in page
    report = analyst_client.get(f"/uploads/{upload.pk}/issues.csv").content.decode().splitlines()
    assert f"{vacancies_line},Message/LALevel/NumberOfVacancies,CSWW-LA-002,error," in "\n".join(report)


def test_a_malformed_census_file_shows_where_the_xml_breaks(analyst_client, councils, census_files):
    data = _census(census_files)
    cut = data[: data.index(b"<CSWWWorker>") + len(b"<CSWWWorker")]  # ends inside a start tag
    summary = _summary(_page(analyst_client, cut, name="cut.xml"))
    assert "<strong>CSWW-FILE-001</strong> (line " in summary
    assert "cut.xml: The file is not well-formed XML (" in summary and "Export the return again as XML." in summary
    assert "Council" in _page_of_upload(analyst_client) and "Not known" in _page_of_upload(analyst_client)


def _page_of_upload(client) -> str:
    return client.get(f"/uploads/{m.Upload.objects.get().pk}/").content.decode()


@pytest.mark.parametrize("kind", ["census", "people"])
def test_an_empty_file_is_refused_at_the_form_with_a_gov_uk_error_summary(analyst_client, councils, kind):
    page = _page(analyst_client, b"", kind=kind, name="empty.xml", la="990")
    assert "<title>Error: Upload data" in page
    assert (
        '<a href="#id_file">The selected file is empty: choose the file again, or export it again from your system</a>'
    ) in _summary(page)
    assert 'id="id_file-error"' in page
    assert not m.Upload.objects.exists()


def test_a_census_file_of_only_blank_lines_is_rejected_as_empty(analyst_client, councils):
    summary = _summary(_page(analyst_client, b"  \n\n", name="blank.xml"))
    assert "<strong>CSWW-FILE-001</strong>: blank.xml: The file is empty. Export the return again." in summary


def test_a_file_over_the_limit_is_refused_at_the_form(analyst_client, councils, monkeypatch):
    from csc_workforce.store.services import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1_048_576)
    page = _page(analyst_client, b" " * 1_048_577, kind="people", la="990", name="big.csv")
    assert (
        '<a href="#id_file">The selected file must be smaller than 1 MB. Split the extract into smaller files, '
        "or remove columns that are not used.</a>"
    ) in _summary(page)
    assert not m.Upload.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("blank.csv", b"\n\n\n", "<strong>IMP-FILE-004</strong>: blank.csv is empty: it needs a header row"),
        ("staff.xlsx", b"not a workbook", "<strong>IMP-FILE-006</strong>: staff.xlsx could not be opened as an Excel"),
        ("staff.ods", b"PK\x03\x04", "<strong>IMP-FILE-001</strong>: staff.ods is"),
    ],
)
def test_an_extract_that_is_empty_or_not_a_spreadsheet_gets_a_clear_page(
    analyst_client, councils, name, data, expected
):
    page = _page(analyst_client, data, kind="people", la="990", name=name)
    assert expected in _summary(page)
    assert "Northgate (990)" in page


def test_a_return_refused_for_naming_another_council_is_shown_to_its_uploader_only(
    client, make_user, councils, census_files
):
    uploader = make_user("ana991", "analyst", la_code="991")
    client.force_login(uploader)
    page = _page(client, _census(census_files, "990-2025.xml"))
    assert "<strong>UPLOAD-001</strong>: This return is for council 990; you can load data only for council 991." in (
        page
    )
    client.force_login(make_user("bo991", "analyst", la_code="991"))
    assert client.get(f"/uploads/{m.Upload.objects.get().pk}/").status_code == 403


def test_the_uploads_list_names_the_council_of_a_rejected_return(analyst_client, councils, census_files):
    _page(analyst_client, _negative_vacancies(_census(census_files)))
    _page(analyst_client, b"<Message>", name="cut.xml")
    listing = analyst_client.get("/uploads/").content.decode()
    assert '<td class="govuk-table__cell">Northgate (990)</td>' in listing
    assert '<td class="govuk-table__cell">Not known</td>' in listing


def test_a_long_list_of_errors_shows_the_first_25_and_says_how_many_more(analyst_client, councils, census_files):
    data = _census(census_files)
    workers = data.count(b"<FTE>")
    assert workers > 30
    page = _page(analyst_client, data.replace(b"<FTE>", b"<FTE>9"))  # every worker's FTE above 1
    summary = _summary(page)
    assert summary.count("<strong>CSWW-WKR-008</strong>") == 25
    assert f"And {workers - 25} more errors: every problem is in the table on this page and in the report." in summary
    assert page.count('<td class="govuk-table__cell">CSWW-WKR-008</td>') == workers  # the table has them all
