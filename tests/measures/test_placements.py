"""Student placement measures for a small hand-built council, every expected value worked out by hand.

Council 901 "Placeshire", as at D = 30 Sep 2023; P (default) = the 12 months to D = 1 Oct 2022 .. 30 Sep 2023.

  key  student  start        end          outcome  eligible applied interviewed offered appointed
  PL1  S1       3 Oct 2022   16 Dec 2022  passed   yes      yes     yes         yes     yes
  PL2  S1       9 Jan 2023   26 May 2023  passed   yes      yes     yes         yes     no
  PL3  S2       3 Oct 2022   31 Mar 2023  passed   yes      yes     no          no      no
  PL4  S3       9 Jan 2023   28 Apr 2023  failed   no       no      no          no      yes (as written)
  PL5  S4       6 Feb 2023   30 Jun 2023  passed   yes      -       -           -       -   (not recorded)
  PL6  S5       4 Sep 2023   -            ongoing
  PL7  S6       1 May 2022   30 Sep 2022  passed   yes      yes     yes         yes     yes (ended before P)
  PL8  S7       1 Apr 2023   31 Oct 2023  ongoing                                          (ends after P)

Placement income by financial year: 2021 (Apr 2021 - Mar 2022) 10,000; 2022 12,000 + 3,000 (two records);
2023 (Apr 2023 - Mar 2024) 20,000.

Council 902 "Noplace" holds no placement and no income: every placement measure is null, not 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.domain.codes import PlacementOutcome
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import Council, CouncilRecords, PlacementIncome, StudentPlacement
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.placements import (
    FUNNEL_COLUMNS,
    INCOME_COLUMNS,
    PLACEMENT_MEASURE_IDS,
    latest_financial_year_ended,
    placement_counts,
    placement_funnel,
    placement_income_by_year,
)
from csc_workforce.measures.strategy_catalogue import LOCAL_COMPUTED_IDS, STRATEGY_BY_ID

D = date(2023, 9, 30)
PASSED, FAILED, ONGOING = PlacementOutcome.PASSED, PlacementOutcome.FAILED, PlacementOutcome.ONGOING
Y, N = True, False


def _placement(
    key: str, student: str, start: date, end: date | None, outcome: PlacementOutcome, *flags: bool | None
) -> StudentPlacement:
    eligible, applied, interviewed, offered, appointed = (*flags, None, None, None, None, None)[:5]
    return StudentPlacement(
        key,
        student,
        start,
        end,
        outcome=outcome,
        eligible_for_nqsw=eligible,
        applied=applied,
        interviewed=interviewed,
        offered=offered,
        appointed=appointed,
    )


def placeshire() -> CouncilRecords:
    return CouncilRecords(
        council=Council("901", "Placeshire"),
        placements=(
            _placement("PL1", "S1", date(2022, 10, 3), date(2022, 12, 16), PASSED, Y, Y, Y, Y, Y),
            _placement("PL2", "S1", date(2023, 1, 9), date(2023, 5, 26), PASSED, Y, Y, Y, Y, N),
            _placement("PL3", "S2", date(2022, 10, 3), date(2023, 3, 31), PASSED, Y, Y, N, N, N),
            _placement("PL4", "S3", date(2023, 1, 9), date(2023, 4, 28), FAILED, N, N, N, N, Y),
            _placement("PL5", "S4", date(2023, 2, 6), date(2023, 6, 30), PASSED, Y),
            _placement("PL6", "S5", date(2023, 9, 4), None, ONGOING),
            _placement("PL7", "S6", date(2022, 5, 1), date(2022, 9, 30), PASSED, Y, Y, Y, Y, Y),
            _placement("PL8", "S7", date(2023, 4, 1), date(2023, 10, 31), ONGOING),
        ),
        placement_income=(
            PlacementIncome(2021, Decimal("10000")),
            PlacementIncome(2022, Decimal("12000"), "first half"),
            PlacementIncome(2022, Decimal("3000"), "second half"),
            PlacementIncome(2023, Decimal("20000")),
        ),
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([placeshire(), CouncilRecords(council=Council("902", "Noplace"))])


@pytest.fixture(scope="module")
def measures(inputs: CouncilFrames) -> pl.DataFrame:
    return local_measures(inputs, as_at=D)


def _row(frame: pl.DataFrame, la_code: str) -> dict[str, object]:
    return frame.filter(pl.col("la_code") == la_code).row(0, named=True)


EXPECTED: dict[str, float | int] = {
    # Placements starting in P: PL1 S1, PL2 S1, PL3 S2, PL4 S3, PL5 S4, PL6 S5, PL8 S7 (PL7 began May 2022)
    # -> 7 placements, 6 distinct students.
    "students_per_year": 6,
    # Ended in P: PL1, PL2, PL3, PL4, PL5 = 5 (PL7 ended 30 Sep 2022, the day before P; PL8 ends after P; PL6
    # is ongoing).
    "student_placements": 5,
    # Eligible among those: PL1, PL2, PL3, PL5 = 4; of them appointed: PL1 (PL4 is appointed but not eligible,
    # in neither count) -> 1 / 4.
    "placement_conversion_pct": 25.0,
    # The latest financial year ending on or before 30 Sep 2023 is April 2022 - March 2023: 12,000 + 3,000.
    "placement_income": 15000.0,
}


def test_local_measures_has_the_placement_columns(measures: pl.DataFrame) -> None:
    assert set(PLACEMENT_MEASURE_IDS) <= set(measures.columns)
    assert [c for c in LOCAL_COMPUTED_IDS if c in PLACEMENT_MEASURE_IDS] == list(PLACEMENT_MEASURE_IDS)
    assert all(STRATEGY_BY_ID[i].reads == ("placements",) for i in PLACEMENT_MEASURE_IDS)


@pytest.mark.parametrize("measure_id", sorted(EXPECTED))
def test_placement_measure_matches_hand_worked_value(measures: pl.DataFrame, measure_id: str) -> None:
    assert _row(measures, "901")[measure_id] == pytest.approx(EXPECTED[measure_id])


def test_a_council_with_no_placement_records_gets_null_not_zero(measures: pl.DataFrame) -> None:
    row = _row(measures, "902")
    assert {i: row[i] for i in PLACEMENT_MEASURE_IDS} == dict.fromkeys(PLACEMENT_MEASURE_IDS)


def test_the_counts_the_measures_are_over(inputs: CouncilFrames) -> None:
    # From EXPECTED's workings: 6 students, 5 placements ended in P, 4 of them eligible, 1 of those appointed.
    # Noplace holds no placement: no row.
    counts = placement_counts(inputs, period=Period(date(2022, 10, 1), D))
    assert counts.rows(named=True) == [
        {
            "la_code": "901",
            "students_per_year": 6,
            "student_placements": 5,
            "eligible_for_nqsw": 4,
            "eligible_appointed": 1,
        }
    ]


def test_counts_follow_the_period_passed(inputs: CouncilFrames) -> None:
    # P = 1 Jul .. 30 Sep 2023: starting PL6 (S5) -> 1 student; ended none -> 0 placements, conversion null.
    row = _row(local_measures(inputs, as_at=D, period=Period(date(2023, 7, 1), D)), "901")
    assert (row["students_per_year"], row["student_placements"], row["placement_conversion_pct"]) == (1, 0, None)


def test_income_takes_the_financial_year_ended_by_the_date(inputs: CouncilFrames) -> None:
    def income(as_at: date) -> object:
        return _row(local_measures(inputs, as_at=as_at), "901")["placement_income"]

    assert income(date(2024, 3, 31)) == 20000.0  # 2023/24 ends that day
    assert income(date(2024, 3, 30)) == 15000.0  # 2023/24 not ended yet: 2022/23
    assert income(date(2022, 3, 31)) == 10000.0  # 2021/22
    assert income(date(2021, 3, 31)) is None  # 2020/21: none held, no older year carried forward


def test_latest_financial_year_ended() -> None:
    assert latest_financial_year_ended(date(2023, 9, 30)) == 2022
    assert latest_financial_year_ended(date(2024, 3, 31)) == 2023
    assert latest_financial_year_ended(date(2024, 3, 30)) == 2022
    assert latest_financial_year_ended(date(2024, 4, 1)) == 2023


def test_placement_funnel_stages_in_order(inputs: CouncilFrames) -> None:
    funnel = placement_funnel(inputs, period=Period(date(2022, 10, 1), D))
    assert funnel.columns == list(FUNNEL_COLUMNS)
    ours = funnel.filter(pl.col("la_code") == "901")
    stages = ["placements", "passed", "eligible_for_nqsw", "applied", "interviewed", "offered", "appointed"]
    assert ours["stage"].to_list() == stages
    # Ended in P: PL1-PL5 = 5; passed PL1 PL2 PL3 PL5 = 4; eligible PL1 PL2 PL3 PL5 = 4; applied PL1 PL2 PL3 = 3
    # (PL5 not recorded); interviewed PL1 PL2 = 2; offered PL1 PL2 = 2; appointed PL1 PL4 = 2 (as written).
    assert ours["count"].to_list() == [5, 4, 4, 3, 2, 2, 2]
    # Of the first stage: 5/5, 4/5, 4/5, 3/5, 2/5, 2/5, 2/5.
    assert ours["pct_of_placements"].to_list() == pytest.approx([100.0, 80.0, 80.0, 60.0, 40.0, 40.0, 40.0])
    # Of the stage before: -, 4/5, 4/4, 3/4, 2/3, 2/2, 2/2.
    previous = ours["pct_of_previous"].to_list()
    assert previous[0] is None
    assert previous[1:] == pytest.approx([80.0, 100.0, 75.0, 200 / 3, 100.0, 100.0])
    # Noplace: every stage, counts null.
    theirs = funnel.filter(pl.col("la_code") == "902")
    assert theirs["stage"].to_list() == stages
    assert theirs["count"].to_list() == [None] * 7


def test_placement_funnel_with_no_placement_ended_in_the_period(inputs: CouncilFrames) -> None:
    funnel = placement_funnel(inputs, period=Period(date(2023, 7, 1), D)).filter(pl.col("la_code") == "901")
    assert funnel["count"].to_list() == [0] * 7
    assert funnel["pct_of_placements"].to_list() == [None] * 7


def test_placement_income_by_year(inputs: CouncilFrames) -> None:
    table = placement_income_by_year(inputs)
    assert table.columns == list(INCOME_COLUMNS)
    assert table.rows() == [
        ("901", 2021, "2021/22", 10000.0),
        ("901", 2022, "2022/23", 15000.0),  # 12,000 + 3,000
        ("901", 2023, "2023/24", 20000.0),
    ]


def test_the_tables_are_declared_with_their_functions() -> None:
    assert STRATEGY_BY_ID["placement_funnel"].computed_by is placement_funnel
    assert STRATEGY_BY_ID["placement_income_by_year"].computed_by is placement_income_by_year
    assert (
        STRATEGY_BY_ID["placement_funnel"].reads == STRATEGY_BY_ID["placement_income_by_year"].reads == ("placements",)
    )
