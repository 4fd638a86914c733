"""``csc-workforce strategy list|evaluate``, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csc_workforce.cli.docs import render_cli_markdown
from csc_workforce.cli.main import main

# evaluate reads the council's own figures from the database when it holds the council (here it holds none)
pytestmark = pytest.mark.django_db

KEYS = {
    "outcome",
    "measure",
    "label",
    "value",
    "value_date",
    "target",
    "deadline",
    "rag",
    "trend",
    "trajectory",
    "sentence",
    "status",
}


def test_list_shows_every_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "list"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:6] == ["id", "council", "la_code", "period", "measures", "needs_data"]
    for seed in (
        "bexley-2020-23",
        "dudley-2021-23",
        "lewisham-2016-18",
        "slough-2014-17",
        "worcestershire-2023-scrutiny",
    ):
        assert seed in out


def test_list_json_counts_measures_needing_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "list", "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    slough = rows["slough-2014-17"]
    # 22 measures; DfE publishes permanency (twice), not the weighted caseload: 20 need data
    assert (slough["measures"], slough["needs_data"], slough["la_code"]) == (22, 20, "871")


def test_evaluate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "evaluate", "dudley-2021-23", "--as-at", "2024-01-01", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"strategy", "as_at", "warnings", "measures"}
    assert doc["warnings"] == []
    assert doc["as_at"] == "2024-01-01" and doc["strategy"]["council"] == {"name": "Dudley", "la_code": "332"}
    assert all(KEYS <= set(m) for m in doc["measures"])
    first = doc["measures"][0]
    assert (first["measure"], first["value"], first["rag"], first["trajectory"]) == (
        "permanency_rate_fte",
        81.15,
        "red",
        "deadline passed, not met",
    )


def test_evaluate_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "evaluate", "slough-2014-17", "--as-at", "2018-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Slough (871)" in out and "needs data" in out
    assert (
        "- Permanency rate – all qualified posts (FTE) was 68.1% in September 2017, short of the 80% target for 2017"
        in out
    )


def test_evaluate_for_another_council(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["strategy", "evaluate", "dudley-2021-23", "--la", "871", "--as-at", "2024-01-01", "--format", "json"])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["strategy"]["council"] == {"name": "Slough", "la_code": "871"}
    # Slough 2023: 113 / (113 + 38.2) = 74.74%
    assert doc["measures"][0]["value"] == 74.74


def test_evaluate_a_yaml_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\ntitle: Mine\ncouncil: {name: Dudley, la_code: '332'}\nperiod: {start: 2021-01-01, end: 2023-12-31}\n"
        "outcomes:\n  - id: a\n    title: A\n    measures:\n"
        "      - measure: turnover_rate_fte\n        target: {direction: at_most, value: 20, deadline: 2023-12-31}\n"
    )
    assert main(["strategy", "evaluate", str(path), "--as-at", "2024-01-01", "--format", "json"]) == 0
    [m] = json.loads(capsys.readouterr().out)["measures"]
    assert (m["value"], m["rag"], m["trajectory"]) == (31.7, "red", "deadline passed, not met")


def test_invalid_yaml_exits_1_with_the_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: bad\ntitle: Bad\ncouncil: {name: Dudley}\nperiod: {start: 2021-01-01, end: 2023-12-31}\n"
        "outcomes:\n  - id: a\n    title: A\n    measures:\n"
        "      - measure: turnover_rate_fte\n        target: {direction: lower}\n"
    )
    assert main(["strategy", "evaluate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: 2 problems" in err
    assert "council.la_code" in err and "outcomes[0].measures[0].target.direction" in err


def test_unknown_name_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "evaluate", "nowhere-2020"]) == 1
    assert 'no seed strategy or file "nowhere-2020"; the seeds are: bexley-2020-23' in capsys.readouterr().err


def test_bad_council_code_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "evaluate", "dudley-2021-23", "--la", "Dudley"]) == 1
    assert "3-digit" in capsys.readouterr().err


def test_cli_reference_documents_the_strategy_commands() -> None:
    committed = (Path(__file__).parents[2] / "docs" / "cli.md").read_text()
    assert "## `csc-workforce strategy evaluate`" in committed and "## `csc-workforce strategy list`" in committed
    assert committed == render_cli_markdown(), "regenerate: python -m csc_workforce.cli.docs > docs/cli.md"


def test_evaluate_shows_the_figure_judged_the_latest_and_the_comparators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "evaluate", "bexley-2020-23", "--as-at", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("outcome"))
    assert header.split() == [
        "outcome", "measure", "judged", "date", "target", "deadline", "rag", "trend", "trajectory", "latest", "status"
    ]  # fmt: skip
    row = next(line for line in out.splitlines() if " permanency_rate_fte " in line)
    # judged on September 2023 (83.95%): red, not met; the 2025 figure (88.13%) is the latest
    assert row.split()[2:4] == ["84.0", "2023-09-30"] and " red " in row and "88.1 (Sep 2025)" in row
    assert (
        "  DfE's published figures for September 2023: England 82.2%, London 77.2%, Thurrock (883) 73.4%, "
        "Medway (887) 68.1%, Havering (311) 74.4%.\n" in out
    )


def test_evaluate_json_gives_the_comparators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "evaluate", "dudley-2021-23", "--as-at", "2026-01-01", "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)["measures"][0]
    # Dudley's file names England and the region for permanency; judged on 2023: England
    # 33119.1 / (33119.1 + 7178.5) = 82.19%, West Midlands 3772.8 / (3772.8 + 751.4) = 83.39%.
    # The latest, 2025: 144.3 / (144.3 + 24.5) = 85.49%.
    assert [(c["kind"], c["name"], c["year"], c["value"]) for c in first["comparators"]] == [
        ("england", "England", 2023, 82.19),
        ("region", "West Midlands", 2023, 83.39),
    ]
    assert first["comparison"] == "DfE's published figures for September 2023: England 82.2%, West Midlands 83.4%."
    assert (first["judged"], first["verdict"], first["latest"], first["latest_date"]) == (
        "deadline",
        "not met",
        85.49,
        "2025-09-30",
    )


def test_evaluate_reports_the_files_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\ntitle: Mine\ncouncil: {name: Dudley, la_code: '332'}\nperiod: {start: 2021-01-01, end: 2023-12-31}\n"
        "outcomes:\n  - id: a\n    title: A\n    measures:\n"
        "      - measure: turnover_rate_fte\n        target: {direction: increase}\n"
    )
    assert main(["strategy", "evaluate", str(path), "--as-at", "2024-01-01"]) == 0
    out = capsys.readouterr().out
    assert '1 warning about the strategy file:\n  outcomes[0].measures[0].target.direction: "increase" wants' in out
    assert main(["strategy", "evaluate", str(path), "--as-at", "2024-01-01", "--format", "json"]) == 0
    [warning] = json.loads(capsys.readouterr().out)["warnings"]
    assert (warning["code"], warning["severity"], warning["path"]) == (
        "direction_against_polarity",
        "warning",
        "outcomes[0].measures[0].target.direction",
    )
