"""End to end without a database: a council's records, written as census returns and read back into records,
give exactly the same DfE measures for every census year. This pins the census writer, the reader and the
returns-to-records rules together (including one person's two posts from the same day)."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from csc_workforce.census.csww.reader import read_census
from csc_workforce.census.csww.records import ReturnSource, records_from_returns
from csc_workforce.measures import frames_from_records, measures_for_years
from csc_workforce.synthetic import generate_council
from csc_workforce.synthetic.returns import council_returns

YEARS = list(range(2017, 2026))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10_000), size=st.integers(min_value=30, max_value=150))
@example(seed=2, size=120)  # a person whose two same-day posts end in different years
def test_measures_survive_writing_and_reading_census_returns(seed: int, size: int) -> None:
    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2017, last_year=2025, seed=seed, size=size
    )
    returns = council_returns(records, YEARS, generated_at=datetime(2025, 10, 15))
    read = [read_census(data) for data in returns.values()]
    assert not [i.as_text() for r in read for i in r.issues if i.is_error]
    back = records_from_returns(
        records.council, [ReturnSource(r.census_return, f"s:{y}") for y, r in zip(YEARS, read, strict=True)]
    )
    assert_frame_equal(
        measures_for_years(frames_from_records([back]), YEARS),
        measures_for_years(frames_from_records([records]), YEARS),
        rel_tol=1e-9,
    )
