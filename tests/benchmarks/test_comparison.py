"""Comparison sentences and England / region comparators from the shipped DfE indicators file."""

from __future__ import annotations

import pytest

from csc_workforce.benchmarks.comparison import (
    comparator_region,
    comparison_sentence,
    published_comparators,
)
from csc_workforce.benchmarks.published import published_for_council


def test_bexley_2019_turnover_from_the_dfe_file() -> None:
    # DfE file, 2019: Bexley (303) turnover 21.8%, England 15.0%, London 17.5% (Outer London 18.1%).
    bexley = published_for_council("303").filter(published_for_council("303")["time_period"] == 2019)
    council = bexley.row(0, named=True)
    comparators = published_comparators(2019, council["region_name"])  # "Outer London" -> the "London" row
    assert council["region_name"] == "Outer London"
    sentence = comparison_sentence(
        "turnover_rate_fte",
        council["turnover_rate_fte"],
        comparators["England"]["turnover_rate_fte"],
        "London",
        comparators["London"]["turnover_rate_fte"],
        higher_is_better=False,
    )
    assert sentence == "Turnover was 21.8%, higher than England (15.0%) and London (17.5%)."


def test_bexley_2019_vacancy_and_caseload() -> None:
    # Bexley vacancy 17.3% vs England 16.4%, London 24.3%; caseload 16.0 vs England 16.9, London 15.1.
    c = published_comparators(2019, "London")
    vacancy = comparison_sentence(
        "vacancy_rate_fte",
        17.3,
        c["England"]["vacancy_rate_fte"],
        "London",
        c["London"]["vacancy_rate_fte"],
        higher_is_better=False,
    )
    assert vacancy == "The vacancy rate was 17.3%, higher than England (16.4%) and lower than London (24.3%)."
    caseload = comparison_sentence(
        "caseload_fte",
        16,
        c["England"]["caseload_fte"],
        "London",
        c["London"]["caseload_fte"],
        higher_is_better=False,
        assess=True,
    )
    assert caseload == (
        "Average caseload was 16.0 cases per FTE, lower than England (16.9) and higher than London (15.1): "
        "better than England, worse than London."
    )


def test_equal_shown_values_read_the_same_as() -> None:
    # 15.04 and 14.96 both show as 15.0, so the words say "the same as", never "higher than (15.0%)".
    assert (
        comparison_sentence(
            "turnover_rate_fte", 15.04, 14.96, "West Midlands", 15.0, higher_is_better=False, assess=True
        )
        == "Turnover was 15.0%, the same as England (15.0%) and West Midlands (15.0%): the same as both."
    )


def test_mixed_relations_and_assessment_when_higher_is_better() -> None:
    assert comparison_sentence(
        "turnover_rate_fte", 15.0, 15.0, "London", 17.5, higher_is_better=True, assess=True
    ) == "Turnover was 15.0%, the same as England (15.0%) and lower than London (17.5%): " + (
        "the same as England, worse than London."
    )
    assert (
        comparison_sentence("agency_rate_fte", 30.0, 15.8, "London", 23.9, higher_is_better=False, assess=True)
        == "The agency worker rate was 30.0%, higher than England (15.8%) and London (23.9%): worse than both."
    )


@pytest.mark.parametrize(
    ("england", "region_name", "region", "expected"),
    [
        (15.0, "London", None, "Turnover was 21.8%, higher than England (15.0%)."),
        (None, "London", 25.0, "Turnover was 21.8%, lower than London (25.0%)."),
        (None, None, 25.0, "Turnover was 21.8%."),
        (15.0, None, 25.0, "Turnover was 21.8%, higher than England (15.0%)."),
    ],
)
def test_missing_comparators_are_left_out(
    england: float | None, region_name: str | None, region: float | None, expected: str
) -> None:
    assert comparison_sentence("turnover_rate_fte", 21.8, england, region_name, region, higher_is_better=False) == (
        expected
    )


def test_missing_council_value_and_whole_number_units() -> None:
    assert comparison_sentence("turnover_rate_fte", None, 15.0, "London", 17.5, higher_is_better=False) == (
        "Turnover is not known."
    )
    assert comparison_sentence("inpost_headcount", 183.0, 36889.0, None, None, higher_is_better=True) == (
        "Headcount in post was 183, lower than England (36,889)."
    )


def test_published_comparators_england_and_region() -> None:
    c = published_comparators(2019, "West Midlands")
    assert set(c) == {"England", "West Midlands"}
    assert c["England"]["turnover_rate_fte"] == 15.0
    assert c["West Midlands"]["turnover_rate_fte"] == 15.7
    assert c["West Midlands"]["caseload_fte"] == 17.2


def test_london_subregions_use_the_london_row_unless_asked() -> None:
    assert comparator_region("Inner London") == comparator_region("Outer London") == "London"
    assert comparator_region("South East") == "South East"
    assert published_comparators(2019, "Outer London")["London"]["turnover_rate_fte"] == 17.5
    outer = published_comparators(2019, "Outer London", london_subregions=True)
    assert outer["Outer London"]["turnover_rate_fte"] == 18.1


def test_unknown_year_or_region_gives_nones() -> None:
    c = published_comparators(2010, "Atlantis")
    assert set(c) == {"England", "Atlantis"}
    assert all(v is None for figures in c.values() for v in figures.values())
