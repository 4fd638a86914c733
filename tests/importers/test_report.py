"""The downloadable issue report and upload provenance."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import datetime

from csc_workforce.domain.issues import Issue, Location, Severity
from csc_workforce.importers import issues_to_csv, upload_provenance
from tests.formulas import PAYLOADS
from tests.importers.support import run


def test_issue_report_has_one_line_per_issue_with_row_and_column() -> None:
    result = run("people", [["Employee ID", "Step Up", "Extra"], ["E1", "maybe", "x"]])
    rows = list(csv.DictReader(io.StringIO(issues_to_csv(result.issues))))
    assert [(r["row"], r["column"], r["code"], r["severity"]) for r in rows] == [
        ("1", "Extra", "IMP-MAP-002", "warning"),
        ("2", "Step Up", "IMP-ROW-003", "error"),
    ]
    assert rows[1]["value"] == "maybe"
    assert "Accepted values: Yes, No" in rows[1]["message"]


def test_issue_report_neutralises_cells_excel_would_run_as_formulas() -> None:
    issues = [
        Issue("IMP-ROW-002", Severity.ERROR, "bad", Location(2, "f.csv!Start"), "=HYPERLINK(1)"),
        Issue("IMP-ROW-008", Severity.ERROR, "bad", Location(3, "f.csv!Cases"), "-2"),
    ]
    rows = list(csv.DictReader(io.StringIO(issues_to_csv(issues))))
    assert rows[0]["value"] == "'=HYPERLINK(1)"
    assert rows[1]["value"] == "-2"


def test_issue_report_for_whole_file_issues_leaves_row_blank() -> None:
    text = issues_to_csv([Issue("IMP-FILE-005", Severity.WARNING, "not UTF-8")])
    assert text.splitlines()[1].startswith(",,IMP-FILE-005,warning")


def test_upload_provenance_records_name_hash_who_and_when() -> None:
    when = datetime(2025, 1, 2, 3, 4)
    made = upload_provenance(key="upload:7", filename="staff.csv", data=b"abc", recorded_at=when, recorded_by="ana")
    assert (made.kind, made.name, made.recorded_at, made.recorded_by) == ("upload", "staff.csv", when, "ana")
    assert made.sha256 == hashlib.sha256(b"abc").hexdigest()


def test_issue_report_of_an_extract_quotes_formula_like_headers_and_values_but_not_negative_numbers() -> None:
    header = ["Employee ID", "Step Up", '=HYPERLINK("http://x","y")']
    result = run("people", [header, *([f"E{n}", value, ""] for n, value in enumerate([*PAYLOADS, "-2"]))])
    rows = list(csv.DictReader(io.StringIO(issues_to_csv(result.issues), newline="")))
    unknown = next(r for r in rows if r["code"] == "IMP-MAP-002")
    assert unknown["column"] == "'" + header[2]
    values = [r["value"] for r in rows if r["code"] == "IMP-ROW-003"]
    # the importer trims each cell ("\t=1" is read as "=1"), and a plain negative number is left as it is
    assert values == ["'" + PAYLOADS[0], "'+1", "'-1+2", "'@SUM(A1)", "'=1", "'=1", "-2"]
