"""``csc-workforce tables``: a table of a council's pages of figures as CSV or Excel, the same tables the web
pages download (the regional agency return always withheld), audited; a page or table not held says so."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from tests.eastmoor import load_eastmoor


@pytest.fixture
def eastmoor(db: None) -> None:
    load_eastmoor()


def test_the_regional_agency_return_is_written_withheld_with_no_placement_named(
    eastmoor: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["tables", "--la", "992", "--page", "recruitment-agency", "--as-at", "2025-09-30"]
    assert main(base) == 0
    listed = capsys.readouterr().out
    assert "agency-regional-return  Regional agency return: placements in post on 30 September 2025" in listed
    out = tmp_path / "return.csv"
    assert main([*base, "--table", "agency-regional-return", "--output", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["Role", "Grade", "Placements in post"] and rows[-1][0] == "Total"
    counts = [cell for row in rows[1:] for cell in row[2:8]]
    assert not any(cell in {"1", "2", "3", "4"} for cell in counts), "every count of 1 to 4 is withheld"
    keys = list(m.AgencyPlacement.objects.values_list("key", flat=True))
    text = out.read_text(encoding="utf-8")
    assert keys and not any(k in text for k in keys)
    audit = m.AuditEvent.objects.filter(action="export", object_id="992/agency-regional-return").get()
    assert audit.detail["page"] == "recruitment-agency" and audit.detail["format"] == "csv"
    every = tmp_path / "all.xlsx"
    assert main([*base, "--table", "all", "--output", str(every)]) == 0
    assert len(load_workbook(every).sheetnames) == listed.strip().count("\n") + 1


def test_a_page_or_table_not_held_is_an_error_saying_what_to_give(
    eastmoor: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", "--la", "992", "--page", "agency"]) == 1
    assert "No page agency: give one of development, recruitment-agency" in capsys.readouterr().err
    args = ["tables", "--la", "992", "--page", "staff-voice", "--table", "nope", "--output", str(tmp_path / "x.csv")]
    assert main(args) == 1
    assert "No table nope on the staff-voice page for 992" in capsys.readouterr().err
    assert main(["tables", "--la", "999", "--page", "staff-voice"]) == 1
    assert "No council 999 is held." in capsys.readouterr().err


def test_every_table_of_a_page_with_none_is_an_error_not_an_empty_workbook(
    councils: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A council holding only census returns has no practice and development tables: asking for all of them
    says so (it crashed writing a workbook with no sheet), and writes nothing."""
    out = tmp_path / "all.xlsx"
    assert main(["tables", "--la", "991", "--page", "development", "--table", "all", "--output", str(out)]) == 1
    assert "No table: " in capsys.readouterr().err and not out.exists()
