"""``csc-workforce census reconcile``: text, JSON and CSV, and exit 1 for a council it cannot reconcile."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from csc_workforce.census.csww import read_census, write_census
from csc_workforce.census.csww.records import engagement_key
from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Council 990's returns for 2024 and 2025 imported, with one 2025 worker left out of the 2024 return."""
    folder = tmp_path_factory.mktemp("reconcile")
    db, returns = folder / "db.sqlite3", folder / "returns"
    made = run(
        "synthetic", "returns", "--output", str(returns), "--years", "2024-2025", "--size", "40", db=db, cwd=folder
    )
    assert made.returncode == 0, made.stderr
    r2024 = read_census((returns / "csww_990_2024.xml").read_bytes()).census_return
    r2025 = read_census((returns / "csww_990_2025.xml").read_bytes()).census_return
    assert r2024 is not None and r2025 is not None
    later = {engagement_key(w) for w in r2025.workers}
    gone = next(w for w in r2024.workers if not w.agency and not w.is_leaver and engagement_key(w) in later)
    kept = tuple(w for w in r2024.workers if w is not gone)
    (returns / "csww_990_2024.xml").write_bytes(write_census(replace(r2024, workers=kept)))
    imported = run("census", "import", *sorted(str(p) for p in returns.glob("*.xml")), db=db, cwd=folder)
    assert imported.returncode == 0, imported.stdout
    return folder, gone.swe_no


def test_text_gives_each_years_differences_and_the_findings(workspace: tuple[Path, str]):
    folder, swe = workspace
    result = run("census", "reconcile", "--la", "990", db=folder / "db.sqlite3", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "Council 990: census returns for 2024, 2025." in result.stdout
    assert "1 worker in the 2025 return started before 30 September 2024 and is missing from the 2024 return" in (
        result.stdout
    )
    assert "  2025: no differences." in result.stdout
    assert f"WARNING CSWW-REC-001 (returns 2024, 2025): Worker {swe} is in the 2025 return" in result.stdout


def test_json_has_every_measure_for_every_year_and_the_findings(workspace: tuple[Path, str]):
    folder, swe = workspace
    result = run("census", "reconcile", "--la", "990", "--format", "json", db=folder / "db.sqlite3", cwd=folder)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["la_code", "years", "other_sources", "explained", "differences", "findings"]
    assert report["years"] == [2024, 2025] and report["explained"] is True
    headcount = next(d for d in report["differences"] if (d["year"], d["measure"]) == (2024, "inpost_headcount"))
    assert headcount["difference"] == 1 and headcount["explained_amount"] == 1
    assert [(f["code"], f["value"], f["returns"]) for f in report["findings"]] == [("CSWW-REC-001", swe, [2024, 2025])]


def test_csv_has_one_row_per_finding(workspace: tuple[Path, str]):
    folder, swe = workspace
    result = run("census", "reconcile", "--la", "990", "--format", "csv", db=folder / "db.sqlite3", cwd=folder)
    assert result.returncode == 0, result.stderr
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["Rule", "Returns compared", "SWE number", "Problem and how to fix it"]
    assert [row[:3] for row in rows] == [["CSWW-REC-001", "2024, 2025", swe]]


def test_an_unknown_council_exits_one_saying_what_to_do(workspace: tuple[Path, str]):
    folder, _ = workspace
    result = run("census", "reconcile", "--la", "123", db=folder / "db.sqlite3", cwd=folder)
    assert result.returncode == 1
    assert "No council 123 is held. Import its census returns first" in result.stderr
