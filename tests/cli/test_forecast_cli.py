"""``csc-workforce forecast`` and ``forecast backtest``, run in-process: published figures (no database), and
the monthly forecast from records held."""

from __future__ import annotations

import csv
import io
import json

import pytest

from csc_workforce.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_backtest_rows_and_summary_as_json(capsys: pytest.CaptureFixture[str]):
    args = ("forecast", "backtest", "--horizon", "1", "--measure", "turnover_rate_fte", "--format", "json")
    code, out, _ = run(capsys, *args)
    assert code == 0
    result = json.loads(out)
    rows, summary = result["rows"], result["summary"]
    assert {"old_la_code", "measure", "origin_year", "target_year", "forecast", "lower80", "upper80", "outcome"} <= set(
        rows[0]
    )
    assert {r["target_year"] - r["origin_year"] for r in rows} == {1} and {r["measure"] for r in rows} == {
        "turnover_rate_fte"
    }
    assert sorted({r["origin_year"] for r in rows}) == list(range(2018, 2025))
    assert all(r["lower80"] <= r["forecast"] <= r["upper80"] for r in rows)
    overall = summary[0]
    assert [s["group"] for s in summary] == ["all", "tercile 1", "tercile 2", "tercile 3"]
    assert overall["n"] == len(rows) == sum(s["n"] for s in summary[1:])
    covered = sum(r["lower80"] <= r["outcome"] <= r["upper80"] for r in rows) / len(rows)
    # the rows are rounded to 2 decimals: an outcome within 0.005 of a bound may fall either side of it
    assert overall["coverage80"] == pytest.approx(covered, abs=1 / len(rows) + 1e-3)
    assert overall["ratio"] == pytest.approx(overall["mae"] / overall["mae_persistence"], abs=1e-3)


def test_backtest_summary_as_csv_and_text(capsys: pytest.CaptureFixture[str]):
    code, out, _ = run(capsys, "forecast", "backtest", "--measure", "absence_rate_fte", "--summary", "--format", "csv")
    assert code == 0
    summary = list(csv.DictReader(io.StringIO(out)))
    assert [(s["horizon"], s["group"]) for s in summary][:2] == [("1", "all"), ("1", "tercile 1")]
    assert len(summary) == 12
    code, out, _ = run(capsys, "forecast", "backtest", "--measure", "absence_rate_fte", "--horizon", "2")
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["old_la_code", "measure", "origin_year", "target_year"]
    assert "Summary: mean absolute error (MAE) against persistence's, and 80% interval coverage" in lines
    assert lines[-4].split()[:3] == ["absence_rate_fte", "2", "all"] and lines[-4].split()[7].endswith("%")


def test_forecast_for_a_council(capsys: pytest.CaptureFixture[str]):
    code, out, _ = run(capsys, "forecast", "--la", "303", "--years", "2", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 8 * 2
    assert {(r["origin_year"], r["target_year"]) for r in rows} == {("2025", "2026"), ("2025", "2027")}
    turnover = next(r for r in rows if r["measure"] == "turnover_rate_fte" and r["target_year"] == "2026")
    assert turnover["la_name"] == "Bexley" and turnover["last_value"] == "17.0"  # Bexley's 2025 turnover
    assert float(turnover["lower80"]) < float(turnover["forecast"]) < float(turnover["upper80"])
    code, out, _ = run(capsys, "forecast", "--la", "303", "--measure", "inpost_fte")
    assert code == 0 and out.startswith("Bexley (303): forecast from DfE's published figures to 2025")
    assert "inpost_fte  2025         2028         185.7" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("forecast", "--la", "999"), "council '999' is not in DfE's published figures"),
        (("forecast",), "--la is required"),
        (("forecast", "--la", "303", "--years", "4"), "argument --years: '4' is out of range: 1, 2 or 3 years"),
        (("forecast", "backtest", "--horizon", "0"), "argument --horizon: '0' is out of range"),
        (("forecast", "backtest", "--measure", "cases"), "argument --measure: unknown measure 'cases'; measures:"),
    ],
)
def test_errors(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str):
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code in (1, 2) and message in err, err


def load_council() -> None:
    from datetime import UTC, datetime

    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2023, last_year=2025, seed=3, size=80
    )
    demo_load(records=records, description="HR records", recorded_by="t", now=datetime(2026, 1, 5, tzinfo=UTC))


def test_the_monthly_forecast_compares_costs_and_gives_the_chance_of_a_target(
    db: None, tmp_path, capsys: pytest.CaptureFixture[str]
):
    load_council()
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text("name: cohort\nhires:\n  - route: nqsw\n    count: 8\n    calendar_month: 9\n")
    cut = tmp_path / "cut.json"
    cut.write_text('{"name": "cut", "leaving_multipliers": {"permanent": 0.8}}')
    args = ["forecast", "--la", "990", "--months", "24", "--paths", "400", "--format", "json"]
    code, out, err = run(
        capsys, *args, "--scenario", str(cohort), "--scenario", str(cut), "--target", "permanency_rate_fte>=80@2027-09"
    )
    assert code == 0, err
    made = json.loads(out)
    assert made["as_at"] == "2025-09-30"  # the records' last month end
    at_end = {r["scenario"]: r for r in made["forecast"] if r["measure"] == "inpost_fte" and r["month"] == "2027-09-30"}
    assert set(at_end) == {"baseline", "cohort", "cut"}
    # both levers add permanent staff: on the same seed each path is at least as high as the baseline's
    assert at_end["cohort"]["median"] > at_end["baseline"]["median"]
    assert at_end["cut"]["median"] > at_end["baseline"]["median"]
    years = [r["year"] for r in made["spend"] if r["scenario"] == "baseline"]
    assert years == ["2025-26", "2026-27", "2027-28"]
    first = next(r for r in made["savings"] if r["scenario"] == "cohort" and r["year"] == "2025-26")
    assert first["saving"] == 0.0  # no cohort before September 2026: the same paths, the same spend
    assert {r["whose"] for r in made["targets"]} == {"given"}  # every seed strategy's deadline is before 2025
    assert any(line.startswith("Dudley: ") for line in made["strategy_targets_not_tested"])
    chances = {r["scenario"]: r["probability"] for r in made["targets"]}
    assert set(chances) == {"baseline", "cohort", "cut"} and all(0 <= p <= 1 for p in chances.values())
    assert chances["cohort"] >= chances["baseline"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--as-at", "2026-03-31"], "cannot be made"),
        (["--as-at", "2025-09-15"], "last day of a month"),
        (["--target", "permanency_rate_fte>92@2027-09"], "MEASURE>=VALUE@DATE"),
        (["--target", "permanency_rate_fte>=92@2031-09"], "outside the forecast"),
        (["--scenario", "missing.yaml"], "missing.yaml"),
    ],
)
def test_monthly_forecast_errors_say_what_to_do(
    db: None, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
):
    load_council()
    code, _, err = run(capsys, "forecast", "--la", "990", "--paths", "50", "--months", "12", *extra)
    assert code != 0 and message in err


def test_no_records_held_refuses_the_monthly_forecast(db: None, capsys: pytest.CaptureFixture[str]):
    code, _, err = run(capsys, "forecast", "--la", "303", "--months", "12")
    assert code == 1 and "No workforce records are held for 303" in err


def test_scenarios_are_saved_by_name_listed_used_and_deleted_with_an_audit_trail(
    db: None, tmp_path, capsys: pytest.CaptureFixture[str]
):
    from csc_workforce.store import models as m

    load_council()
    cut = tmp_path / "cut.yaml"
    cut.write_text("name: cut\nleaving_multipliers: {permanent: 0.8}\n")
    assert run(capsys, "forecast", "scenario", "save", str(cut), "--la", "990")[0] == 0
    cut.write_text("name: cut\nleaving_multipliers: {permanent: 0.7}\n")  # saved again: replaced, not added
    assert run(capsys, "forecast", "scenario", "save", str(cut), "--la", "990")[0] == 0
    code, out, _ = run(capsys, "forecast", "scenario", "list", "--la", "990")
    assert out == 'cut: {"leaving_multipliers": {"permanent": 0.7}}\n'
    code, out, err = run(
        capsys, "forecast", "--la", "990", "--months", "3", "--paths", "50", "--saved", "cut", "--format", "json"
    )
    assert code == 0, err
    assert {r["scenario"] for r in json.loads(out)["forecast"]} == {"baseline", "cut"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nhires: [{route: nqsw, count: eight, calendar_month: 9}]\n")
    code, _, err = run(capsys, "forecast", "scenario", "save", str(bad), "--la", "990")
    assert code == 2 and "count must be a number; got 'eight'" in err
    assert not m.ForecastScenario.objects.filter(name="bad").exists()
    code, _, err = run(capsys, "forecast", "--la", "990", "--months", "3", "--saved", "nope")
    assert code == 2 and "no saved scenario 'nope'; saved: cut" in err
    assert run(capsys, "forecast", "scenario", "delete", "cut", "--la", "990")[0] == 0
    assert not m.ForecastScenario.objects.exists()
    changes = m.AuditEvent.objects.filter(object_type="forecast_scenario").order_by("id")
    assert [(e.detail["before"], e.detail["after"]) for e in changes] == [
        (None, {"leaving_multipliers": {"permanent": 0.8}}),
        ({"leaving_multipliers": {"permanent": 0.8}}, {"leaving_multipliers": {"permanent": 0.7}}),
        ({"leaving_multipliers": {"permanent": 0.7}}, None),
    ]


def test_the_forecast_paper_shows_the_baseline_and_saved_scenarios_with_their_spend(db: None):
    from datetime import UTC, date, datetime

    from csc_workforce.forecasting.stock_flow import Scenario
    from csc_workforce.reports.document import Figure
    from csc_workforce.store.services.forecast import council_forecast, save_scenario
    from csc_workforce.store.services.reports import build_report

    load_council()
    cut = Scenario.from_mapping({"name": "cut", "leaving_multipliers": {"permanent": 0.8}})
    save_scenario(la_code="990", scenario=cut, set_by="t", now=datetime(2026, 1, 6, tzinfo=UTC))
    paper = build_report("workforce-forecast", la_code="990", today=date(2026, 1, 6), as_at=date(2025, 10, 15))
    forecast_table, spend = (b.table for b in paper.blocks if isinstance(b, Figure))
    assert [(r[0], r[1]) for r in forecast_table.rows] == [
        (name, month)
        for name in ("baseline", "cut")
        for month in ("September 2026", "September 2027", "September 2028")
    ]
    # the paper's figures are the forecast's own (same seed, paths and as-at date: 30 September 2025)
    made = council_forecast("990", as_at=date(2025, 9, 30), paths=2000, scenarios=[cut])
    summary = made.runs[1].forecast.summary()
    median = summary.filter((summary["measure"] == "inpost_fte") & (summary["month"] == date(2026, 9, 30)))["median"][0]
    inpost = [c.key for c in forecast_table.columns].index("inpost_fte")
    assert forecast_table.rows[3][inpost].startswith(f"{median:,.1f} (")
    assert [r[1] for r in spend.rows if r[0] == "cut"] == ["2025-26", "2026-27", "2027-28", "2028-29"]
    assert all(r[6] is None for r in spend.rows if r[0] == "baseline")


def test_the_forecast_paper_says_why_there_is_no_forecast(db: None):
    from datetime import date

    from csc_workforce.reports.document import Paragraph
    from csc_workforce.store.services.reports import build_report

    load_council()
    paper = build_report("workforce-forecast", la_code="990", today=date(2026, 7, 6), as_at=date(2026, 6, 30))
    said = [b.text for b in paper.blocks if isinstance(b, Paragraph)]
    assert any(
        t.startswith("No forecast can be made: A forecast for 990 as at 30 June 2026 cannot be made") for t in said
    )


def test_the_demo_saves_two_scenarios_the_forecast_compares(db: None, capsys: pytest.CaptureFixture[str]):
    """``csc-workforce demo`` (loading only) leaves the demo council with the two scenarios the forecast page and
    paper compare with the baseline, and the command it suggests runs."""
    code, out, err = run(capsys, "demo", "--no-serve")
    assert code == 0, err
    suggested = next(line.split("csc-workforce ", 1)[1] for line in out.splitlines() if "forecast --la" in line)
    code, out, _ = run(capsys, "forecast", "scenario", "list", "--la", "990")
    assert code == 0
    assert sorted(line.split(": {")[0] for line in out.splitlines()) == [
        "20% cut in permanent leaving",
        "NQSW cohort of 8 each September",
    ]
    import shlex

    code, out, err = run(capsys, *shlex.split(suggested), "--paths", "200", "--format", "json")
    assert code == 0, err
    made = json.loads(out)
    assert {r["scenario"] for r in made["targets"]} == {"baseline", "NQSW cohort of 8 each September"}
