"""Uploads: preview changes nothing; commit loads all or nothing; undo puts the records back exactly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from polars.testing import assert_frame_equal

from csc_workforce.domain.serialise import records_to_json
from csc_workforce.web import models as m
from csc_workforce.web.services.records import records_load
from csc_workforce.web.services.uploads import (
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
    from csc_workforce.synthetic import generate_council
    from csc_workforce.web.services.census import census_export
    from csc_workforce.web.services.demo import demo_load
    from csc_workforce.web.services.measures import measures_rows

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
    assert measures_rows(year=2025, la_codes=["990"]) == before


def test_a_rejected_file_is_not_kept(analyst: User, councils):
    upload = _receive(analyst, b"Staff number,SWE number,Date of birth\nE1,SW1,31/02/1980\n")
    assert upload.status == m.Upload.REJECTED and bytes(upload.content) == b""
    assert upload.issues  # the problems are kept, so the issue report still downloads
