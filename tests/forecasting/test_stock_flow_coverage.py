"""The stock-and-flow model's 80% bands against synthetic councils' own later months (known true rates).

Eight synthetic councils of 60 to 400 FTE with a flat establishment (the model's baseline holds the
establishment as it is: a council funded for growth is a scenario), forecast from 30 September 2023 with the
records to that date only, realised values at 3, 6, 12, 18 and 24 months: in-post, agency and permanency,
turnover (12 months rolling), vacancy rate (where the records give it: each 30 September) and caseload. When
written, 96% of the 216 realised values fell inside their 80% bands (turnover 85%, vacancy rate 94%, in-post
and caseload 98%, agency and permanency 100%): the bands are conservative (too wide), because the synthetic
councils hire permanent and agency staff towards a target every month, more tightly than any flow with its own
noise; ``perf/forecast_speed.py --coverage`` runs a bigger set (perf/RESULTS.md).
The test fails if the bands are too narrow overall or for any measure (under 75%), or uselessly wide (all in,
or the realised values' quantiles among the paths no more spread than a third of the unit interval).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import polars as pl

from csc_workforce.forecasting.flow_backtest import interval_coverage
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.synthetic import ENGLAND_2017_2025, generate_council

FLAT = replace(ENGLAND_2017_2025, growth=0.0)
COUNCILS = [(100 + seed, (60, 120, 250, 400)[seed % 4]) for seed in range(8)]


@cache
def backtest() -> pl.DataFrame:
    rows = []
    for seed, size in COUNCILS:
        records = generate_council(
            la_code="992",
            name="Backtest",
            region="North West",
            first_year=2021,
            last_year=2025,
            seed=seed,
            size=size,
            rates=FLAT,
        )
        rows.append(interval_coverage(frames_from_records([records]), "992", origin=date(2023, 9, 30), seed=seed))
    return pl.concat(rows)


def test_the_80_percent_bands_cover_the_realised_values() -> None:
    result = backtest()
    assert result.height >= 8 * 5 * 5  # every council, horizon and monthly measure
    overall = result["inside"].mean()
    assert isinstance(overall, float)
    assert 0.75 <= overall < 0.99
    by_measure = result.group_by("measure").agg(pl.col("inside").mean()).rows()
    assert all(share >= 0.75 for _, share in by_measure), by_measure
    assert result["pit"].std() > 1 / 6  # a uniform PIT's is 0.29; bands far too wide would crowd them at 0.5
