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
