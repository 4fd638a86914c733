"""The upload pages: choose a file, read its problems, confirm, undo; only admins and analysts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser

BAD = b"Staff number,SWE number,Date of birth,Ethnicity\nE1,SW9990001,1990-05-06,BAFR\nE2,SW9990002,31/02/1980,XXXX\n"
GOOD = b"Staff number,SWE number,Date of birth,Ethnicity\nE1,SW9990001,1990-05-06,BAFR\nE2,SW9990002,1980-02-28,WBRI\n"


def _signed_in(client: Client, make_user: MakeUser, role: str = "analyst") -> Client:
    client.force_login(make_user(f"u-{role}", role))
    return client


def _upload(client: Client, data: bytes, *, kind: str = "people", la: str = "990", name: str = "staff.csv"):
    return client.post("/uploads/", {"kind": kind, "la": la, "file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_only_admins_and_analysts_can_upload(client: Client, make_user: MakeUser, councils, role: str):
    assert _signed_in(client, make_user, role).get("/uploads/").status_code == 403


def test_a_file_with_errors_shows_each_problem_with_its_row_and_can_be_downloaded(client, make_user, councils):
    client = _signed_in(client, make_user)
    response = _upload(client, BAD)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "govuk-error-summary" in page and "cannot be loaded until these problems are fixed" in page
    assert "IMP-ROW-002" in page and "row 3" in page  # the bad date is on spreadsheet row 3
    assert "Confirm and load" not in page
    upload = m.Upload.objects.get()
    report = client.get(f"/uploads/{upload.pk}/issues.csv").content.decode().splitlines()
    assert report[0] == "row,column,code,severity,message,value"
    assert any(line.startswith("3,") and "IMP-ROW-002" in line for line in report)
    assert not m.Person.objects.filter(swe_no="SW9990001").exists()


def test_a_good_file_is_previewed_then_loaded_then_undone(client, make_user, councils):
    client = _signed_in(client, make_user)
    page = client.get(_upload(client, GOOD)["Location"]).content.decode()
    assert "Confirm and load" in page and ">2</td>" in page  # two people added
    upload = m.Upload.objects.get()
    assert not m.Person.objects.filter(swe_no="SW9990001").exists()  # nothing loaded before confirming
    done = client.get(client.post(f"/uploads/{upload.pk}/commit")["Location"]).content.decode()
    assert "staff.csv was loaded." in done and "Undo this upload" in done
    assert m.Person.objects.filter(swe_no="SW9990001").exists()
    undone = client.get(client.post(f"/uploads/{upload.pk}/undo")["Location"]).content.decode()
    assert "staff.csv was undone." in undone
    assert not m.Person.objects.filter(swe_no="SW9990001").exists()


def test_the_form_says_what_is_missing(client, make_user, councils):
    page = _signed_in(client, make_user).post("/uploads/", {"kind": "people"}).content.decode()
    assert "Choose a file to upload" in page and "Choose the council this extract is for" in page


def test_commit_needs_a_post(client, make_user, councils):
    client = _signed_in(client, make_user)
    _upload(client, GOOD)
    assert client.get(f"/uploads/{m.Upload.objects.get().pk}/commit").status_code == 405


def test_a_mapping_is_saved_and_used(client, make_user, councils):
    from csc_workforce.importers import default_mapping, with_columns

    client = _signed_in(client, make_user)
    mapping = with_columns(default_mapping("people"), person_ref=["Payroll ref"])
    response = client.post(
        "/uploads/mappings/", {"la": "990", "system": "iTrent", "kind": "people", "mapping": mapping.to_json()}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    data = GOOD.replace(b"Staff number", b"Payroll ref")
    page = client.get(
        client.post(
            "/uploads/",
            {"kind": "people", "la": "990", "system": "iTrent", "file": SimpleUploadedFile("itrent.csv", data)},
        )["Location"]
    ).content.decode()
    assert "Confirm and load" in page


# The date a practice and development extract's data is complete from


def _sessions(on: list[str]) -> bytes:
    """A supervision extract for a worker of council 990 in post throughout 2025 (from its census returns)."""
    engagement = (
        m.Engagement.objects.filter(council__la_code="990", end_date__isnull=True, start_date__lte="2024-10-01")
        .exclude(person__swe_no=None)
        .select_related("person")
        .first()
    )
    assert engagement is not None
    lines = ["SWE number,Supervision date", *(f"{engagement.person.swe_no},{day}" for day in on)]
    return "\n".join(lines).encode() + b"\n"


def _stated(client: Client, kind: str, data: bytes, **dates: str):
    file = SimpleUploadedFile("sessions.csv" if kind != "census" else "990.xml", data)
    return client.post("/uploads/", {"kind": kind, "la": "990", "file": file, **dates})


@pytest.mark.parametrize(
    ("kind", "dates", "message"),
    [
        ("supervision", {"complete_from": "2999-04-01"}, "The date the data is complete from cannot be in the future"),
        (
            "supervision",
            {"extract_date": "2025-03-31", "complete_from": "2025-04-01"},
            "The date the data is complete from must be on or before the date the extract was taken (2025-03-31)",
        ),
        (
            "people",
            {"complete_from": "2025-04-01"},
            "The date the data is complete from is given only for a file of supervision, reviews, training, "
            "programmes, placements, placement income, HR cases, audits, indicators, allocations, interviews, agency "
            "placements, agency costs, campaigns or applications, not for a people file: leave it out",
        ),
        (
            "census",
            {"complete_from": "2025-04-01"},
            "The date the data is complete from is given only for a file of supervision, reviews, training, "
            "programmes, placements, placement income, HR cases, audits, indicators, allocations, interviews, agency "
            "placements, agency costs, campaigns or applications, not for a census return, which covers its own year: "
            "leave it out",
        ),
        (
            "supervision",
            {"complete_from": "April 2025"},
            "Enter the date the data is complete from as year-month-day, for example 2025-04-01",
        ),
    ],
)
def test_a_complete_from_date_that_cannot_be_is_refused_on_the_form(client, make_user, councils, kind, dates, message):
    page = _stated(_signed_in(client, make_user), kind, b"anything\n", **dates).content.decode()
    assert f'<a href="#id_complete_from">{message}</a>' in page  # in the GOV.UK error summary, linked to the field
    assert 'id="id_complete_from-error"' in page
    assert not m.Upload.objects.exists()  # nothing was read or stored


def test_the_stated_dates_are_shown_and_the_source_and_coverage_begin_on_the_date_given(client, make_user, councils):
    from datetime import date

    from csc_workforce.store.services.coverage import coverage_for

    client = _signed_in(client, make_user)
    data = _sessions(["2025-03-14", "2025-04-11", "2025-09-12"])
    response = _stated(client, "supervision", data, extract_date="2025-09-30", complete_from="2025-04-01")
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"]).content.decode()
    assert "Data complete</dt>" in page and "From 1 April 2025 to 30 September 2025" in page
    assert "IMP-ROW-016" in page and "Confirm and load" in page  # the March session: a warning, not an error
    upload = m.Upload.objects.get()
    client.post(f"/uploads/{upload.pk}/commit")
    source = m.Upload.objects.get().source
    assert source is not None and (source.complete_from, source.complete_to) == (date(2025, 4, 1), date(2025, 9, 30))
    coverage = coverage_for(la_codes=["990"])["990"]
    assert coverage.kinds_begin["supervision"] == date(2025, 4, 1)  # not 14 March, the earliest session
    assert coverage.kinds["supervision"] == date(2025, 9, 30)


def test_without_a_stated_start_the_page_gives_the_extract_date_and_coverage_the_earliest_session(
    client, make_user, councils
):
    from datetime import date

    from csc_workforce.store.services.coverage import coverage_for

    client = _signed_in(client, make_user)
    response = _stated(client, "supervision", _sessions(["2025-03-14", "2025-04-11"]), extract_date="2025-09-30")
    page = client.get(response["Location"]).content.decode()
    assert "To 30 September 2025" in page and "IMP-ROW-016" not in page
    client.post(f"/uploads/{m.Upload.objects.get().pk}/commit")
    assert m.Upload.objects.get().source.complete_from is None
    assert coverage_for(la_codes=["990"])["990"].kinds_begin["supervision"] == date(2025, 3, 14)
