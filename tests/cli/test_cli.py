"""The command-line contract other tools rely on: names, outputs and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXTERNAL

MEASURE_KEYS = [
    "time_period",
    "geographic_level",
    "old_la_code",
    "la_name",
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
    "basis",
]


def run(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "csc_workforce", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    result = run(
        "synthetic",
        "returns",
        "--output",
        str(folder / "returns"),
        "--la",
        "990",
        "--years",
        "2023-2025",
        "--size",
        "60",
        db=folder / "db.sqlite3",
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    return folder


def test_validate_json_contract_on_a_file_with_errors(workspace: Path):
    bad = EXTERNAL / "liia-tools_samples_csww_BAD_social_work_workforce_2021.xml"
    result = run("census", "validate", str(bad), "--format", "json", db=workspace / "v.sqlite3", cwd=workspace)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert list(report) == ["file", "collection_year", "la_code", "errors", "warnings", "issues"]
    assert report["errors"] > 0
    assert set(report["issues"][0]) == {"code", "severity", "message", "line", "path", "value"}
    assert not (workspace / "v.sqlite3").exists()  # validating touches no database


def test_validate_exits_zero_for_a_valid_return(workspace: Path):
    result = run(
        "census",
        "validate",
        str(workspace / "returns" / "csww_990_2025.xml"),
        db=workspace / "v.sqlite3",
        cwd=workspace,
    )
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout


def test_import_measures_and_export_round_trip(workspace: Path):
    db = workspace / "db.sqlite3"
    files = sorted(str(p) for p in (workspace / "returns").glob("*.xml"))
    imported = run("census", "import", *files, "--format", "json", db=db, cwd=workspace)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert [o["accepted"] for o in json.loads(imported.stdout)] == [True, True, True]

    measures = run("measures", "--year", "2025", "--la", "990", "--format", "json", db=db, cwd=workspace)
    assert measures.returncode == 0, measures.stderr
    rows = json.loads(measures.stdout)
    assert len(rows) == 1 and list(rows[0]) == MEASURE_KEYS
    assert rows[0]["time_period"] == "2025" and rows[0]["old_la_code"] == "990"

    csv_out = run("measures", "--year", "2025", "--format", "csv", db=db, cwd=workspace)
    assert csv_out.stdout.splitlines()[0] == ",".join(MEASURE_KEYS)

    out = workspace / "export.xml"
    exported = run("census", "export", "--la", "990", "--year", "2025", "--output", str(out), db=db, cwd=workspace)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert run("census", "validate", str(out), db=db, cwd=workspace).returncode == 0


def test_import_rejects_a_bad_file_with_non_zero_exit(workspace: Path):
    bad = EXTERNAL / "liia-tools_samples_csww_BAD_social_work_workforce_2021.xml"
    result = run("census", "import", str(bad), db=workspace / "bad.sqlite3", cwd=workspace)
    assert result.returncode == 1
    assert "REJECTED" in result.stdout


def test_measures_for_an_unknown_council_says_what_to_do(workspace: Path):
    result = run("measures", "--year", "2025", "--la", "123", db=workspace / "db.sqlite3", cwd=workspace)
    assert result.returncode == 1
    assert "Import" in result.stderr


def test_cli_reference_is_up_to_date():
    from csc_workforce.cli.docs import render_cli_markdown

    committed = (Path(__file__).parents[2] / "docs" / "cli.md").read_text()
    assert committed == render_cli_markdown(), "regenerate: python -m csc_workforce.cli.docs > docs/cli.md"
