"""The stock-and-flow model's 80% bands against synthetic councils' own later months (known true rates).

24 synthetic councils of 60 to 400 FTE with a flat establishment (the model's baseline holds the
establishment as it is: a council funded for growth is a scenario), forecast from 30 September 2023 with the
records to that date only, realised values at 3, 6, 12, 18 and 24 months: in-post, agency and permanency,
turnover (12 months rolling), vacancy rate (where the records give it: each 30 September) and caseload.

The councils' records begin in October 2017, so the 36 months the model learns from (October 2020 to
September 2023) and the months it forecasts share the same rates: the generator's first two years are a
transient from its opening stock (turnover rises to about 18% in the second year, then settles at about 14%),
and a backtest that learnt from them would test the transient, not the bands.

The councils engage agency workers to cover their vacancies (``generate_council(agency_covers_vacancies=True)``), as the
model assumes and England's councils do: in DfE's published figures (1,120 council-years, 2017-2025) a year's
agency FTE falls by 0.49 (standard error 0.03) for each in-post FTE gained at the same establishment. The
generator as shipped engages them at a share of the permanent in-post instead (agency rising with the
permanent workforce, the opposite sign), a world in which the model's agency cover is wrong: there its bands
for agency FTE and permanency are too wide (94.6% and 95.4% inside on 96 councils; 87.3% overall on these
24). ``perf/RESULTS.md`` has both.

The test fails if the share inside is outside 75-85%. The tolerance is the sample's: the realised values of
one council move together, so the share's spread is measured over councils; a council-level bootstrap of 96
such councils gives a standard deviation of 2.2 points for 24 councils, so a model whose bands cover 80%
falls in 75-85% about 97 times in 100, while the bands before the hiring noise was measured given the gap
(93.2% inside these councils) fail it. For each measure (120 values, 48 for the vacancy rate, the bootstrap's standard
deviation 3.5 to 6 points) it fails outside 65-95%; and it fails if the realised values' quantiles among the
paths are crowded toward the middle (bands too wide) or the ends (too narrow): their standard deviation is
0.29 for calibrated bands. When written: 81.9% inside, spread 0.28 (``perf/RESULTS.md`` has a bigger
backtest by measure and horizon).
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
COUNCILS = [(100 + seed, (60, 120, 250, 400)[seed % 4]) for seed in range(24)]


@cache
def backtest() -> pl.DataFrame:
    rows = []
    for seed, size in COUNCILS:
        records = generate_council(
            la_code="992",
            name="Backtest",
            region="North West",
            first_year=2018,
            last_year=2025,
            seed=seed,
            size=size,
            rates=FLAT,
            agency_covers_vacancies=True,
        )
        frames = frames_from_records([records])
        rows.append(interval_coverage(frames, "992", origin=date(2023, 9, 30), paths=500, seed=seed))
    return pl.concat(rows)


def test_the_80_percent_bands_cover_the_realised_values() -> None:
    result = backtest()
    assert result.height >= 24 * 5 * 5  # every council, horizon and monthly measure
    overall = result["inside"].mean()
    assert isinstance(overall, float)
    assert 0.75 <= overall <= 0.85, overall
    by_measure = result.group_by("measure").agg(pl.col("inside").mean()).rows()
    assert all(0.65 <= share <= 0.95 for _, share in by_measure), by_measure
    pit_spread = result["pit"].std()
    assert isinstance(pit_spread, float)
    assert 0.25 <= pit_spread <= 0.33, pit_spread
