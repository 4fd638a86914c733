"""Every download of the web app is safe to open in a spreadsheet: text that could run as a formula (a team
named ``=HYPERLINK(...)``, a username typed at sign-in, a cell of an uploaded file) is quote-prefixed in CSV and
a text cell, never a formula, in XLSX; numbers stay numbers (the rule: ``domain/spreadsheet.py``)."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from csc_workforce.store import models as m
from tests.formulas import PAYLOADS
from tests.web.conftest import MakeUser

# The sign-in form and the importers trim what is typed, so "\t=1" and "\r=1" arrive as "=1" (still quoted).
TRIMMED = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "=1", "=1"]


def _read(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(), newline="")))


def _signed_in(client: Client, make_user: MakeUser, role: str) -> Client:
    client.force_login(make_user(f"u-{role}", role))
    return client


def _name_teams_like_formulas() -> None:
    council = m.Council.objects.get(la_code="990")
    for n, name in enumerate(PAYLOADS):
        m.Team.objects.create(council=council, key=f"T{n}", name=name, service_area="@area")


def test_the_audit_log_quotes_usernames_typed_like_formulas_at_sign_in(client: Client, make_user: MakeUser, db):
    for username in PAYLOADS:
        client.post("/sign-in/", {"username": username, "password": "wrong"})
    response = _signed_in(client, make_user, "admin").get("/audit/download.csv?action=sign_in_failed")
    assert response.status_code == 200
    header, *rows = _read(response.content)
    usernames = [dict(zip(header, row, strict=True))["username"] for row in rows]
    # "\t=1" and "\r=1" are both "=1" once the form strips them: repeats share one audit row (with a count)
    assert sorted(usernames) == sorted({"'" + name for name in TRIMMED})


def test_a_council_table_csv_quotes_team_names_and_service_areas_and_keeps_figures_as_numbers(
    client: Client, make_user: MakeUser, councils: list[str]
):
    _name_teams_like_formulas()
    response = _signed_in(client, make_user, "analyst").get("/councils/990/download/establishment.csv")
    assert response.status_code == 200
    header, *rows = _read(response.content)
    assert header[:3] == ["Team", "Service area", "Establishment FTE"]
    named = [row for row in rows if row[1] == "'@area"]
    assert sorted(row[0] for row in named) == sorted("'" + name for name in PAYLOADS)
    assert all(row[2:7] == ["0.0"] * 5 for row in named)  # teams with no posts or workers: zeros, as numbers
    total = next(row for row in rows if row[0] == "Total")
    assert float(total[3]) > 0 and not total[3].startswith("'")


def test_the_council_workbook_writes_team_names_as_text_never_formulas(
    client: Client, make_user: MakeUser, councils: list[str]
):
    _name_teams_like_formulas()
    response = _signed_in(client, make_user, "analyst").get("/councils/990/download/all.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = next(s for s in book.worksheets if [c.value for c in s[2]][:2] == ["Team", "Service area"])
    teams = [row[0] for row in sheet.iter_rows(min_row=3) if row[1].value == "@area"]
    assert sorted(c.value for c in teams) == sorted(PAYLOADS)
    assert all(c.data_type == "s" and c.quotePrefix for c in teams)
    total = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == "Total")
    assert total[3].data_type == "n" and total[3].value > 0
    assert not _formulas(book.worksheets)


def _formulas(sheets: list[Worksheet]) -> list[str]:
    return [c.coordinate for s in sheets for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_the_measures_downloads_quote_a_council_named_like_a_formula(
    client: Client, make_user: MakeUser, councils: list[str]
):
    m.Council.objects.filter(la_code="990").update(name=PAYLOADS[0])
    client = _signed_in(client, make_user, "viewer")
    header, row = _read(client.get("/measures/download.csv?year=2025&la=990").content)
    cells = dict(zip(header, row, strict=True))
    assert cells["la_name"] == "'" + PAYLOADS[0]
    assert float(cells["inpost_fte"]) > 0 and not cells["inpost_fte"].startswith("'")
    book = load_workbook(io.BytesIO(client.get("/measures/download.xlsx?year=2025&la=990").content))
    sheet = book.worksheets[0]
    names = [c.value for c in sheet[2]]
    la_name, inpost = sheet[3][names.index("la_name")], sheet[3][names.index("inpost_fte")]
    assert (la_name.value, la_name.data_type, la_name.quotePrefix) == (PAYLOADS[0], "s", True)
    assert inpost.data_type == "n" and inpost.value > 0
    assert not _formulas(book.worksheets)


def test_an_uploads_issue_report_quotes_cells_of_the_file_that_look_like_formulas(
    client: Client, make_user: MakeUser, councils: list[str]
):
    lines = ["Staff number,SWE number,Date of birth,Ethnicity,@Extra"]
    lines += [f"E{n},SW999000{n},1990-05-06,{_csv_cell(value)}," for n, value in enumerate(PAYLOADS)]
    client = _signed_in(client, make_user, "analyst")
    data = ("\r\n".join(lines) + "\r\n").encode()
    client.post("/uploads/", {"kind": "people", "la": "990", "file": SimpleUploadedFile("staff.csv", data)})
    upload = m.Upload.objects.get()
    header, *rows = _read(client.get(f"/uploads/{upload.pk}/issues.csv").content)
    assert header == ["row", "column", "code", "severity", "message", "value"]
    ethnicity = [row[5] for row in rows if row[1] == "Ethnicity"]
    assert ethnicity == ["'" + value for value in TRIMMED]
    assert any(row[1] == "'@Extra" for row in rows)  # the unknown column, named in its warning
    assert [row[0] for row in rows if row[1] == "Ethnicity"] == ["2", "3", "4", "5", "6", "7"]  # rows as rows


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
