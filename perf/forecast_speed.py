"""Forecast speed script: the stock-and-flow model's Monte Carlo paths for one council (issue 14).

Prints, for the demo council (Northgate, about 280 in-post FTE, every census year), as at its last census date:
  estimate   the model's parameters from the records (once per council and as-at date)
  paths      10,000 Monte Carlo paths x 36 months (the target: under 1 s on a 2-core machine)
  outputs    every output's paths, and its median and 80% band by month

With ``--coverage N`` it also runs the interval backtest on N synthetic councils (60 to 400 FTE; a flat
establishment, then 3% growth a year) forecast from 30 September 2023 and set against their own later months,
printing the share of realised values inside the 80% bands, overall, by measure and by horizon. The councils'
records begin in October ``--first-year - 1`` (default 2018: the model learns from October 2020 on, after the
generator's opening transient; 2021 was used before 7 December 2026, when the history held the transient).
Usage: python perf/forecast_speed.py [--paths 10000] [--months 36] [--repeat 3] [--coverage N] [--first-year Y]
Results are recorded in RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import time
from dataclasses import replace
from datetime import date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=3, help="time the paths this many times; the best is kept")
    parser.add_argument("--coverage", type=int, default=0, help="synthetic councils for the interval backtest")
    parser.add_argument("--first-year", type=int, default=2018, help="the backtest councils' first census year")
    args = parser.parse_args()

    from csc_workforce.forecasting import paths as engine
    from csc_workforce.forecasting.stock_flow import BASELINE, build_engine, estimate, outputs
    from csc_workforce.measures.inputs import frames_from_records
    from csc_workforce.synthetic import demo_council

    print(f"Python {platform.python_version()}, {platform.machine()}")
    records = demo_council()
    frames = frames_from_records([records])
    as_at = date(2025, 9, 30)
    started = time.perf_counter()
    parameters = estimate(frames, records.council.la_code, as_at=as_at)
    print(f"estimate  {time.perf_counter() - started:6.2f} s")
    setup = build_engine(parameters, BASELINE, args.months)
    times = []
    run = None
    for _ in range(args.repeat):
        started = time.perf_counter()
        run = engine.simulate(setup, paths=args.paths, seed=1)
        times.append(time.perf_counter() - started)
    assert run is not None
    heads = int(parameters.stock.sum())
    print(f"paths     {min(times):6.2f} s  ({args.paths:,} paths x {args.months} months, {heads} heads at the start;")
    print(f"          runs: {', '.join(f'{t:.2f}' for t in times)})")
    started = time.perf_counter()
    result = outputs(parameters, BASELINE, run)
    _ = {measure: values.shape for measure, values in result.items()}
    from csc_workforce.forecasting.stock_flow import Forecast, forecast_months

    Forecast(parameters, BASELINE, forecast_months(as_at, args.months), result, run.group_fte).summary()
    print(f"outputs   {time.perf_counter() - started:6.2f} s")
    if args.coverage:
        coverage(args.coverage, args.first_year)


def coverage(count: int, first_year: int = 2018) -> None:
    import polars as pl

    from csc_workforce.forecasting.flow_backtest import interval_coverage
    from csc_workforce.measures.inputs import frames_from_records
    from csc_workforce.synthetic import ENGLAND_2017_2025, generate_council

    for growth in (0.0, 0.03):
        rates = replace(ENGLAND_2017_2025, growth=growth)
        started = time.perf_counter()
        rows = []
        for index in range(count):
            seed, size = 500 + index, (60, 120, 250, 400)[index % 4]
            records = generate_council(
                la_code="992",
                name="Backtest",
                region="North West",
                first_year=first_year,
                last_year=2025,
                seed=seed,
                size=size,
                rates=rates,
                monthly_caseloads=True,
            )
            frames = frames_from_records([records])
            rows.append(interval_coverage(frames, "992", origin=date(2023, 9, 30), paths=2000, seed=seed))
        result = pl.concat(rows)
        print(
            f"\ncoverage of the 80% bands, {count} councils, establishment growth {growth:.0%} a year "
            f"({time.perf_counter() - started:.0f} s): {result['inside'].mean():.1%} of {result.height}"
        )
        by_measure = result.group_by("measure").agg(pl.col("inside").mean(), n=pl.len()).sort("measure")
        for measure, share, n in by_measure.rows():
            print(f"  {measure:22} {share:6.1%}  ({n})")
        by_horizon = result.group_by("horizon").agg(pl.col("inside").mean()).sort("horizon")
        print("  by horizon: " + ", ".join(f"{h} months {share:.0%}" for h, share in by_horizon.rows()))
        spread = result["pit"].std()
        print(f"  spread of the realised values' quantiles among the paths (0.29 if calibrated): {spread:.2f}")


if __name__ == "__main__":
    main()
