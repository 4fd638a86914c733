"""Helpers for the importer tests: build CSV and XLSX files in memory, import them, find issues."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook

from csc_workforce.domain.issues import Issue
from csc_workforce.domain.records import Council, CouncilRecords
from csc_workforce.importers import ColumnMapping, ImportResult, default_mapping, import_table, read_table

COUNCIL = Council(la_code="303", name="Testshire")
Row = Sequence[object]


def csv_bytes(rows: Sequence[Row], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue().encode(encoding)


def xlsx_bytes(
    rows: Sequence[Row], *, title: str = "Sheet1", extra_sheets: dict[str, Sequence[Row]] | None = None
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, more in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in more:
            other.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(
    kind: str,
    rows: Sequence[Row],
    *,
    existing: CouncilRecords | None = None,
    mapping: ColumnMapping | None = None,
    filename: str = "extract.csv",
    person_keys: dict[str, str] | None = None,
    complete_from: date | None = None,
) -> ImportResult:
    data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows)
    table = read_table(data, filename=filename)
    return import_table(
        table,
        mapping or default_mapping(kind),
        council=COUNCIL,
        source_key="upload:1",
        existing=existing,
        person_keys=person_keys,
        complete_from=complete_from,
    )


def codes(result: ImportResult) -> list[str]:
    return [i.code for i in result.issues]


def only(result: ImportResult, code: str) -> Issue:
    found = [i for i in result.issues if i.code == code]
    assert len(found) == 1, f"expected one {code}, got {[i.as_text() for i in result.issues]}"
    return found[0]


def errors(result: ImportResult) -> list[str]:
    return [i.as_text() for i in result.issues if i.is_error]


def at(issue: Issue) -> tuple[int | None, str | None]:
    return issue.location.line, issue.location.path


PEOPLE_ROWS: list[Row] = [
    ["Employee ID", "SWE number", "Date of birth", "Gender", "Ethnicity"],
    ["E1", "SW1001", "01/02/1980", "Female", "White British"],
    ["E2", "", "1975-06-30", "M", "AIND"],
]


PERSON_KEYS = {"E1": "swe:SW1001", "E2": "ref:E2"}  # what importing PEOPLE_ROWS links


def people(existing: CouncilRecords | None = None) -> CouncilRecords:
    result = run("people", PEOPLE_ROWS, existing=existing)
    assert not result.has_errors, errors(result)
    assert dict(result.person_keys) == PERSON_KEYS
    return result.records


ENGAGEMENT_ROWS: list[Row] = [
    ["Staff number", "Contract type", "Start date", "End date", "Reason for leaving"],
    ["E1", "Perm", "01/04/2020", "", ""],
    ["E2", "Agency", "01/09/2023", "31/03/2024", "Resigned"],
]


def people_and_engagements() -> CouncilRecords:
    base = people()
    result = run("engagements", ENGAGEMENT_ROWS, existing=base, person_keys=PERSON_KEYS)
    assert not result.has_errors, errors(result)
    return CouncilRecords(COUNCIL, people=base.people, engagements=result.records.engagements)


D = date
DT = datetime
