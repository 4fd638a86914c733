"""Backtest of the stock-and-flow model on a council's own records: forecast from an origin using only the
records to it, then set the realised values of the later months (the DfE measures of the same records, as at
each month end) against the 80% bands.

For synthetic councils (known true rates) this shows whether the intervals cover as stated; the tests run a
small one (``tests/forecasting/test_stock_flow_coverage.py``) and ``perf/forecast_speed.py --coverage`` a
bigger one, whose figures are in ``perf/RESULTS.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import polars as pl

from csc_workforce.domain.periods import Period
from csc_workforce.forecasting.stock_flow import forecast, month_end
from csc_workforce.measures.compute import Window, measures_for_windows
from csc_workforce.measures.inputs import CouncilFrames

BACKTEST_MEASURES: tuple[str, ...] = (
    "inpost_fte",
    "agency_fte",
    "permanency_rate_fte",
    "turnover_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
)
"""The measures set against their realised values (headcounts are left out: a band of whole numbers covers
more than its nominal share)."""


def twelve_months_to(day: date) -> Window:
    """The window as at ``day`` (a month end) over the 12 months to it, labelled by the date."""
    start = month_end(date(day.year - 1, day.month, 1)) + timedelta(days=1)
    return Window(day.isoformat(), day, Period(start, day))


def interval_coverage(
    frames: CouncilFrames,
    la_code: str,
    *,
    origin: date,
    horizons: Sequence[int] = (3, 6, 12, 18, 24),
    paths: int = 500,
    seed: int = 0,
    measures: Sequence[str] = BACKTEST_MEASURES,
) -> pl.DataFrame:
    """One row per measure and horizon (months after ``origin``) with a realised value: la_code, measure,
    horizon, month, realised, lower80, median, upper80, inside (the realised value within the band) and pit
    (the share of paths below the realised value). Realised values are the DfE measures of ``frames`` as at
    the month end; permanency is in-post FTE over in-post and agency FTE; vacancies only where the records
    give them on the date."""
    result = forecast(frames, la_code, as_at=origin, months=max(horizons), paths=paths, seed=seed)
    days = [result.months[h - 1] for h in horizons]
    realised = measures_for_windows(frames, [twelve_months_to(d) for d in days], total=False)
    realised = realised.filter(pl.col("old_la_code") == la_code).with_columns(
        permanency_rate_fte=pl.when(pl.col("inpost_fte") + pl.col("agency_fte") > 0)
        .then(pl.col("inpost_fte") / (pl.col("inpost_fte") + pl.col("agency_fte")) * 100)
        .otherwise(None)
    )
    rows = []
    for horizon, day in zip(horizons, days, strict=True):
        actual = realised.filter(pl.col("time_period") == day.isoformat()).row(0, named=True)
        for measure in measures:
            value = actual.get(measure)
            if measure not in result.paths or value is None:
                continue
            values = result.paths[measure][:, horizon - 1]
            low, mid, high = np.nanpercentile(values, [10, 50, 90])
            rows.append(
                (
                    la_code,
                    measure,
                    horizon,
                    day,
                    float(value),
                    float(low),
                    float(mid),
                    float(high),
                    bool(low <= value <= high),
                    float((values < value).mean()),
                )
            )
    return pl.DataFrame(
        rows,
        schema={
            "la_code": pl.String,
            "measure": pl.String,
            "horizon": pl.Int64,
            "month": pl.Date,
            "realised": pl.Float64,
            "lower80": pl.Float64,
            "median": pl.Float64,
            "upper80": pl.Float64,
            "inside": pl.Boolean,
            "pit": pl.Float64,
        },
        orient="row",
    )
