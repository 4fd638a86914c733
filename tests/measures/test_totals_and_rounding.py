"""Total rows come from unrounded components; presentation rounding is half-up."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures import CouncilFrames, census_year_measures, rounded


def two_councils() -> CouncilFrames:
    """Councils A and B each: in post 1.0 + 1.0 + 0.25 = 2.25 FTE at 30 Sep 2023, one 0.25 FTE leaver."""
    rows = []
    assignments = []
    for la in ("A", "B"):
        for key, fte, end in (
            ("1", 1.0, None),
            ("2", 1.0, None),
            ("3", 0.25, None),
            ("L", 0.25, "2023-05-01"),
        ):
            rows.append((la, la + key, la + key, False, date(2020, 1, 1), end and date.fromisoformat(end)))
            assignments.append((la, la + key, date(2020, 1, 1), None, fte, None))
    return CouncilFrames.of(
        councils=pl.DataFrame({"la_code": ["A", "B"], "la_name": ["Aton", "Beeton"], "region": ["R", "R"]}),
        engagements=pl.DataFrame(
            rows,
            orient="row",
            schema=["la_code", "person_key", "engagement_key", "agency", "start_date", "end_date"],
        ),
        assignments=pl.DataFrame(
            assignments,
            orient="row",
            schema=["la_code", "engagement_key", "effective_from", "effective_to", "fte", "role"],
        ),
        figures=pl.DataFrame(
            {"la_code": ["A"], "on": [date(2023, 9, 30)], "vacancies_fte": [1.0], "agency_cover_fte": [None]}
        ),
    )


def test_total_row_recomputes_rates_from_unrounded_components() -> None:
    result = census_year_measures(two_councils(), 2023)
    assert result["geographic_level"].to_list() == ["Local authority", "Local authority", "Total"]
    total = result.row(2, named=True)
    assert total["la_name"] == "Total of 2 councils" and total["old_la_code"] is None
    assert total["inpost_fte"] == pytest.approx(4.5)  # 2.25 + 2.25
    assert total["inpost_headcount"] == 6
    assert total["turnover_rate_fte"] == pytest.approx(0.5 / 4.5 * 100)  # 11.11 -> published 11.1
    # From rounded council rows: (0.3 + 0.3) / (2.3 + 2.3) = 13.04 -> 13.0 (0.25 -> 0.3, 2.25 -> 2.3)
    shown = rounded(result)
    assert shown["inpost_fte"].to_list() == [2.3, 2.3, 4.5]
    assert shown["leavers_fte"].to_list() == [0.3, 0.3, 0.5]
    assert shown["turnover_rate_fte"].to_list()[2] == 11.1
    assert round((0.3 + 0.3) / (2.3 + 2.3) * 100, 1) == 13.0


def test_total_leaves_council_without_vacancy_figure_out_of_vacancy_rate() -> None:
    total = census_year_measures(two_councils(), 2023).row(2, named=True)
    # only A reported vacancies (1.0): 1.0 / (1.0 + 2.25) x 100 = 30.77, not 1.0 / (1.0 + 4.5) x 100
    assert total["vacancy_fte"] == 1.0
    assert total["vacancy_rate_fte"] == pytest.approx(1.0 / 3.25 * 100)
    assert total["vacancy_agency_cover_rate_fte"] is None  # no council reported agency cover


def test_no_total_row_for_a_single_council() -> None:
    inputs = two_councils()
    one = CouncilFrames.of(
        councils=inputs.councils.head(1), engagements=inputs.engagements, assignments=inputs.assignments
    )
    assert census_year_measures(one, 2023)["geographic_level"].to_list() == ["Local authority"]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (15.25, 1, 15.3),  # banker's rounding would give 15.2
        (16.45, 1, 16.5),  # stored as 16.4499999...; half-up on the decimal value
        (0.05, 1, 0.1),
        (15.24999, 1, 15.2),
        (2.675, 2, 2.68),
        (-1.25, 1, -1.3),
        (2.5, 0, 3.0),  # Python round() gives 2
        (3.5, 0, 4.0),
        (0.0, 1, 0.0),
    ],
)
def test_round_half_up(value: float, decimals: int, expected: float) -> None:
    assert pl.select(round_half_up(pl.lit(value), decimals)).item() == expected


def test_rounded_keeps_nulls_and_makes_counts_whole() -> None:
    frame = pl.DataFrame({"la_name": ["x", "y"], "cases": [10.5, None], "caseload_fte": [15.25, None]})
    out = rounded(frame)
    assert out["cases"].to_list() == [11, None] and out["cases"].dtype == pl.Int64
    assert out["caseload_fte"].to_list() == [15.3, None]
    assert out["la_name"].to_list() == ["x", "y"]
