"""Census-year figures as returned reproduce DfE's published figures, alone and whatever else is held.

For council-years of DfE's indicators file (2025 release, shipped), a return is built whose totals equal the
published components (``tests.measures.published_returns``: leavers with ``FTE30`` 0, and each year's workers
missing from the council's other returns). Its figures must be the published components, and each rate must be
the rate DfE's formula gives on those components (the published rate within 0.1, since DfE rounds components
it publishes), when the return is the only one held and after the council's other years are imported.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from csc_workforce.benchmarks.published import published_rows
from csc_workforce.census.csww.writer import write_census
from csc_workforce.domain.records import Council
from csc_workforce.measures import rounded
from csc_workforce.measures.catalogue import RATES
from csc_workforce.measures.compute import rate_expressions
from csc_workforce.store.services.census import census_import
from csc_workforce.store.services.measures import measures_rows
from csc_workforce.store.services.returned import measures_as_returned
from tests.measures.published_returns import COMPONENTS, return_for

NOW = datetime(2026, 1, 5, tzinfo=UTC)
RATE_IDS = [m.id for m in RATES]
CHECKED = [*COMPONENTS, *RATE_IDS]
# rates every published LA row reproduces within 0.1 from its own components (tests/measures/
# test_published_figures.py); the agency cover rates and caseload have a few DfE oddities beyond that
WITHIN_ROUNDING = [
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "vacancy_rate_fte",
    "absence_rate_fte",
]


def _published() -> pl.DataFrame:
    rows = published_rows(geographic_level="Local authority")
    recomputed = rounded(rows.select(rate_expressions())).rename({r: f"{r}_from_components" for r in RATE_IDS})
    return pl.concat([rows, recomputed], how="horizontal")


PUBLISHED = _published()


def _sample(step: int) -> list[dict[str, object]]:
    """Every ``step``-th council-year of the file, in a fixed order."""
    rows = PUBLISHED.sort("old_la_code", "time_period").to_dicts()
    return rows[::step]


def _expected(row: dict[str, object]) -> dict[str, object]:
    expected = {c: row[c] for c in COMPONENTS}
    expected |= {r: row[f"{r}_from_components"] for r in RATE_IDS}
    return expected


def _ours(row: dict[str, object]) -> dict[str, object]:
    return {c: row[c] for c in CHECKED}


def test_a_wide_sample_of_council_years_is_reproduced_from_returns_built_from_their_components() -> None:
    built = checked = 0
    for row in _sample(step=7):  # about 190 council-years across every year and most councils
        census_return = return_for(str(row["old_la_code"]), int(str(row["time_period"])), row)
        if census_return is None:
            continue
        built += 1
        council = Council(str(row["old_la_code"]), str(row["la_name"]))
        ours = rounded(measures_as_returned(council, census_return)).row(0, named=True)
        assert _ours(ours) == _expected(row), (row["old_la_code"], row["time_period"])
        for rate in WITHIN_ROUNDING:  # and so within DfE's rounding of the published rate
            if row[rate] is not None and ours[rate] is not None:
                assert abs(ours[rate] - row[rate]) <= 0.1 + 1e-9, (row["old_la_code"], row["time_period"], rate)
                checked += 1
    assert built >= 150, f"only {built} council-years could be built"
    assert checked >= 150 * len(WITHIN_ROUNDING)


def test_leavers_whose_fte30_is_0_count_their_fte() -> None:
    row = PUBLISHED.filter((pl.col("old_la_code") == "303") & (pl.col("time_period") == 2019)).row(0, named=True)
    census_return = return_for("303", 2019, row)
    assert census_return is not None
    leavers = [w for w in census_return.workers if w.role_end_date is not None]
    assert leavers and all(w.fte30 == 0 and w.fte and w.fte > 0 for w in leavers)
    ours = rounded(measures_as_returned(Council("303", "Bexley"), census_return)).row(0, named=True)
    assert ours["leavers_fte"] == row["leavers_fte"] > 0
    assert ours["turnover_rate_fte"] == row["turnover_rate_fte"]


COUNCILS = ["303", "885", "202", "826"]  # Bexley, Worcestershire, Camden, Milton Keynes


@pytest.mark.django_db
@pytest.mark.parametrize("la_code", COUNCILS)
def test_each_years_figures_are_as_published_alone_and_after_the_councils_other_years_are_imported(la_code: str):
    years = {}
    for row in PUBLISHED.filter(pl.col("old_la_code") == la_code).sort("time_period").to_dicts():
        census_return = return_for(la_code, int(row["time_period"]), row)
        if census_return is not None:
            years[int(row["time_period"])] = (row, write_census(census_return))
    assert len(years) >= 5, f"{la_code}: only {sorted(years)} could be built"
    order = sorted(years)
    middle = order[len(order) // 2]
    # the middle year alone: exactly the published figures
    (outcome,) = census_import(files=[(f"{la_code}-{middle}.xml", years[middle][1])], recorded_by="t", now=NOW)
    assert outcome.accepted, [i.as_text() for i in outcome.issues if i.is_error]
    alone = measures_rows(year=middle, la_codes=[la_code])[0]
    assert alone["basis"] == "returned"
    assert _ours(alone) == _expected(years[middle][0])
    # then every other year: later returns list workers who started long before and are missing from it
    others = [(f"{la_code}-{y}.xml", years[y][1]) for y in order if y != middle]
    outcomes = census_import(files=others, recorded_by="t", now=NOW)
    assert all(o.accepted for o in outcomes), [i.as_text() for o in outcomes for i in o.issues if i.is_error][:3]
    for year in order:
        row = measures_rows(year=year, la_codes=[la_code])[0]
        assert row["basis"] == "returned"
        assert _ours(row) == _expected(years[year][0]), (la_code, year)
    # the timeline does differ from the return, and says so by its basis
    records = measures_rows(year=middle, la_codes=[la_code], basis="records")[0]
    assert records["basis"] == "records"
    assert records["inpost_headcount"] > alone["inpost_headcount"]
