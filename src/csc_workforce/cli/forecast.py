"""``csc-workforce forecast``: a council's measures one to three years after DfE's latest published year, with
80% intervals (the aggregate model on published figures, ``forecasting/aggregate.py``), and ``forecast
backtest``: that model run over DfE's 2017-2025 panel, each origin forecast only from the years up to it."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from csc_workforce.cli.output import CSV, JSON, TEXT, add_format_argument, print_csv, print_json, print_lines

FORECAST_HELP = (
    "A council's published DfE measures forecast for 1 to 3 years after the latest published year, each with "
    "an 80% interval: the aggregate model on published figures (persistence pooled toward the council's own "
    "history, its region and England where that beat persistence at earlier origins; docs/forecasting.md). "
    "Works for any council in DfE's file, with or without records held. With --months, --paths, --scenario, "
    "--as-at or --target: the monthly stock-and-flow forecast from the council's own records held (the "
    "baseline and each scenario on one estimate and seed, 80% bands, spend by financial year and each "
    "scenario's saving, and the probability of meeting each target)."
)
BACKTEST_HELP = (
    "The aggregate model run over DfE's 2017-2025 panel: every council, measure, origin year and horizon, each "
    "forecast only from the years up to its origin, beside the published outcome and persistence (the origin "
    "year carried forward); then the summary: mean absolute error against persistence's (ratio) and the share "
    "of outcomes inside the 80% interval, overall and by council-size tercile (in-post FTE at the origin), per "
    "measure and horizon. With --format csv, --summary prints the summary instead of the rows."
)


def _measure(value: str) -> str:
    from csc_workforce.forecasting.aggregate import MEASURES

    if value not in MEASURES:
        raise argparse.ArgumentTypeError(f"unknown measure {value!r}; measures: {', '.join(MEASURES)}")
    return value


def _horizon(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number not in (1, 2, 3):
        raise argparse.ArgumentTypeError(f"{value!r} is out of range: 1, 2 or 3 years")
    return number


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forecast = commands.add_parser(
        "forecast",
        help="forecast a council's measures 1-3 years ahead with 80%% intervals; the published backtest",
        description=FORECAST_HELP,
    )
    forecast.add_argument("--la", metavar="CODE", help="council's DfE old LA code, e.g. 303 (required)")
    forecast.add_argument("--years", type=_horizon, default=3, help="years ahead, 1 to 3 (default 3)")
    forecast.add_argument("--measure", help="one measure only (default: all)")
    forecast.add_argument("--months", type=int, help="monthly forecast: months ahead (default 36, at most 60)")
    forecast.add_argument("--paths", type=int, help="monthly forecast: Monte Carlo paths (default 2000)")
    forecast.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="FILE",
        help="monthly forecast: a scenario file (YAML or JSON; docs/forecasting.md); repeat for several",
    )
    forecast.add_argument(
        "--saved",
        action="append",
        default=[],
        metavar="NAME",
        help="monthly forecast: a scenario saved for the council (forecast scenario list); repeat for several",
    )
    forecast.add_argument("--as-at", metavar="DATE", help="monthly forecast: a month end (default: the latest held)")
    forecast.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="T",
        help="monthly forecast: the probability of "
        "meeting MEASURE>=VALUE@DATE (or <=), e.g. permanency_rate_fte>=92@2027-09; repeat for several (the "
        "council's strategies' targets with deadlines within the forecast are tested as well)",
    )
    add_format_argument(forecast, (TEXT, JSON, CSV))
    forecast.set_defaults(handler=forecast_command, parser=forecast)
    sub = forecast.add_subparsers(dest="forecast_command", metavar="SUBCOMMAND")

    scenario = sub.add_parser(
        "scenario",
        help="save, list or delete a council's named forecast scenarios",
        description="A council's saved forecast scenarios: 'save' checks a scenario file and saves it under its name "
        "(replacing one of that name), 'list' prints them, 'delete' removes one. Each change is audited.",
    )
    actions = scenario.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action, what, help_text in (
        ("save", "FILE", "check a scenario file (YAML or JSON) and save it under its name"),
        ("list", None, "the council's saved scenarios and their levers"),
        ("delete", "NAME", "delete the saved scenario of that name"),
    ):
        sub_action = actions.add_parser(action, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        if what is not None:
            sub_action.add_argument("target", metavar=what)
        sub_action.add_argument("--la", metavar="CODE", required=True, help="council's DfE old LA code")
        sub_action.set_defaults(handler=scenario_command)

    backtest = sub.add_parser(
        "backtest", help="the aggregate model's backtest on DfE's 2017-2025 panel", description=BACKTEST_HELP
    )
    backtest.add_argument("--horizon", type=_horizon, help="1, 2 or 3 years ahead (default: all three)")
    backtest.add_argument("--measure", type=_measure, help="one measure only (default: all eight)")
    backtest.add_argument("--summary", action="store_true", help="the summary only, without the rows")
    add_format_argument(backtest, (TEXT, JSON, CSV))
    backtest.set_defaults(handler=backtest_command)


def forecast_command(args: argparse.Namespace) -> int:
    if args.la is None:
        args.parser.error("--la is required (or use the subcommand: backtest)")
    if args.months is not None or args.paths is not None or args.scenario or args.saved or args.as_at or args.target:
        return monthly_command(args)
    from csc_workforce.forecasting.aggregate import MEASURES, forecast_council, published_panel

    if args.measure is not None and args.measure not in MEASURES:
        args.parser.error(f"unknown measure {args.measure!r}; measures: {', '.join(MEASURES)}")

    panel = published_panel()
    try:
        made = forecast_council(
            panel, args.la, years=args.years, measures=[args.measure] if args.measure else list(MEASURES)
        )
    except LookupError as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 1
    rows = [
        {
            "old_la_code": f.old_la_code,
            "la_name": f.la_name,
            "measure": f.measure,
            "origin_year": f.origin_year,
            "target_year": f.target_year,
            "last_value": _round(f.last_value),
            "forecast": _round(f.forecast),
            "lower80": _round(f.lower80),
            "upper80": _round(f.upper80),
            "method": f.method,
        }
        for f in made
    ]
    if args.format == JSON:
        print_json(rows)
    elif args.format == CSV:
        print_csv(rows)
    else:
        if rows:
            print(f"{rows[0]['la_name']} ({args.la}): forecast from DfE's published figures to {panel.years[-1]}")
            print("(80% interval: lower80 to upper80; method: pooled, or persistence where pooling did not beat it)")
        print_lines([_years_as_text({k: v for k, v in r.items() if k not in ("old_la_code", "la_name")}) for r in rows])
    return 0


def monthly_command(args: argparse.Namespace) -> int:
    """The monthly forecast from the council's records (``store.services.forecast``)."""
    from dataclasses import asdict
    from datetime import date

    from csc_workforce.cli.db import setup_database
    from csc_workforce.forecasting.stock_flow import MEASURES, Scenario

    if args.measure is not None and args.measure not in MEASURES:
        args.parser.error(f"unknown measure {args.measure!r}; measures: {', '.join(MEASURES)}")
    setup_database()
    from csc_workforce.store.services.forecast import (
        ForecastRefused,
        Target,
        basis_sentences,
        council_forecast,
        forecast_as_at,
        saved_scenario,
        strategy_targets,
    )

    try:
        scenarios = [Scenario.from_mapping(_read_scenario(path)) for path in args.scenario]
        scenarios += [saved_scenario(args.la, name) for name in args.saved]
        targets = [Target.parse(t) for t in args.target]
        as_at = None if args.as_at is None else date.fromisoformat(args.as_at)
    except (OSError, ValueError, LookupError) as exc:
        print(f"error: {str(exc).strip(chr(34))}", file=sys.stderr)
        return 2

    try:
        as_at = forecast_as_at(args.la, as_at)
        from_strategies, untested = strategy_targets(args.la, as_at=as_at, months=args.months or 36)
        made = council_forecast(
            args.la,
            as_at=as_at,
            months=args.months or 36,
            paths=args.paths or 2000,
            scenarios=scenarios,
            targets=[*from_strategies, *targets],
        )
    except ForecastRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    rows = []
    for run in made.runs:
        for row in run.forecast.summary().iter_rows(named=True):
            if args.measure is None or row["measure"] == args.measure:
                rows.append(
                    {
                        "scenario": run.scenario.name,
                        "month": row["month"].isoformat(),
                        "measure": row["measure"],
                        "median": _round(row["median"]),
                        "lower80": _round(row["lower80"]),
                        "upper80": _round(row["upper80"]),
                    }
                )
    spend = [row for run in made.runs if run.costs is not None for row in _by_scenario(run, run.costs.by_year())]
    savings = [row for run in made.runs if run.saving is not None for row in _by_scenario(run, run.saving)]
    chances = [
        {"scenario": run.scenario.name, "target": t.text(), "whose": t.source or "given", "probability": round(p, 3)}
        for run in made.runs
        for t, p in run.probabilities
    ]
    if args.format == JSON:
        print_json(
            {
                "la_code": made.la_code,
                "as_at": made.as_at.isoformat(),
                "history_from": made.history_from.isoformat(),
                "paths": made.paths,
                "seed": made.seed,
                "forecast": rows,
                "spend": spend,
                "savings": savings,
                "targets": chances,
                "strategy_targets_not_tested": untested,
                "cost_inputs_sources": None if made.cost_inputs is None else dict(made.cost_inputs.sources),
                "prior": None if made.prior is None else asdict(made.prior),
                "bands_widened": [asdict(w) for w in made.widenings],
                "basis": basis_sentences(made),
                "costs_absent_because": made.cost_refusal,
            }
        )
        return 0
    if args.format == CSV:
        print_csv(rows)
        return 0
    print(
        f"Monthly forecast for {made.la_code} from {made.as_at.isoformat()} (records from "
        f"{made.history_from.isoformat()}), {made.paths:,} paths, seed {made.seed}; 80% band: lower80 to upper80"
    )
    for line in basis_sentences(made):
        print(line)
    print_lines(rows)
    if spend:
        print("\nSpend by financial year (pounds; mean over paths, 80% band of the total)")
        print_lines(spend)
    elif made.cost_refusal:
        print(f"\nNo costs: {made.cost_refusal}")
    if savings:
        print("\nSaving against the baseline (pounds; negative: costs more)")
        print_lines(savings)
    if chances:
        print("\nProbability of meeting each target (the council's strategies' within the forecast, and --target)")
        print_lines(chances)
    if untested:
        print("\nStrategy targets the forecast cannot test")
        for line in untested:
            print(f"  {line}")
    return 0


def scenario_command(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from csc_workforce.cli.auditing import cli_user
    from csc_workforce.cli.db import setup_database
    from csc_workforce.forecasting.stock_flow import Scenario

    setup_database()
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.forecast import delete_scenario, save_scenario, saved_scenarios

    try:
        if args.action == "list":
            for saved in saved_scenarios(args.la):
                print(f"{saved.name}: {json.dumps({k: v for k, v in saved.as_mapping().items() if k != 'name'})}")
            return 0
        now, by = datetime.now(UTC), cli_user()
        if args.action == "save":
            made = save_scenario(
                la_code=args.la,
                scenario=Scenario.from_mapping(_read_scenario(args.target)),
                set_by=by,
                now=now,
                origin=COMMAND_LINE,
            )
            print(f"saved scenario {made.name!r} for {args.la}")
        else:
            delete_scenario(la_code=args.la, name=args.target, deleted_by=by, now=now, origin=COMMAND_LINE)
            print(f"deleted scenario {args.target!r} for {args.la}")
    except (OSError, ValueError, LookupError) as exc:
        print(f"error: {str(exc).strip(chr(34))}", file=sys.stderr)
        return 2
    return 0


def _by_scenario(run: Any, frame: Any) -> list[dict[str, Any]]:
    """A scenario's rows of a table by year, named and rounded."""
    return [
        {"scenario": run.scenario.name, **{k: _round(v) if isinstance(v, float) else v for k, v in row.items()}}
        for row in frame.iter_rows(named=True)
    ]


def _read_scenario(path: str) -> dict[str, Any]:
    import yaml

    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a scenario file holds one mapping of levers (docs/forecasting.md)")
    return data


def backtest_command(args: argparse.Namespace) -> int:
    from csc_workforce.forecasting.aggregate import (
        HORIZONS,
        MEASURES,
        backtest,
        published_panel,
        summarise,
        summary_table,
    )

    rows = backtest(
        published_panel(),
        measures=[args.measure] if args.measure else list(MEASURES),
        horizons=[args.horizon] if args.horizon else list(HORIZONS),
    )
    summary = summary_table(summarise(rows))
    listed = [
        {
            "old_la_code": r.old_la_code,
            "measure": r.measure,
            "origin_year": r.origin_year,
            "target_year": r.target_year,
            "forecast": _round(r.forecast),
            "lower80": _round(r.lower80),
            "upper80": _round(r.upper80),
            "outcome": r.outcome,
            "persistence": r.persistence,
            "method": r.method,
            "size_tercile": r.size_tercile,
        }
        for r in rows
    ]
    if args.format == JSON:
        print_json({"summary": summary} if args.summary else {"rows": listed, "summary": summary})
    elif args.format == CSV:
        print_csv(summary if args.summary else listed)
    else:
        if not args.summary:
            print_lines([_years_as_text(row) for row in listed])
            print()
        print("Summary: mean absolute error (MAE) against persistence's, and 80% interval coverage")
        print_lines([_as_text(row) for row in summary])
    return 0


def _years_as_text(row: dict[str, Any]) -> dict[str, Any]:
    """Years printed as years (2025, not 2,025)."""
    return {k: str(v) if k in ("origin_year", "target_year") else v for k, v in row.items()}


def _as_text(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row for people: MAE to two decimals, the ratio to three, shares as percentages."""
    return {
        **row,
        "mae": f"{row['mae']:.2f}",
        "mae_persistence": f"{row['mae_persistence']:.2f}",
        "ratio": None if row["ratio"] is None else f"{row['ratio']:.3f}",
        "coverage80": f"{100 * row['coverage80']:.1f}%",
        "pooled_share": f"{100 * row['pooled_share']:.0f}%",
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
