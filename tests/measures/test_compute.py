"""Every measure for a small hand-built council, worked out by hand (arithmetic in the comments).

Council 900 "Testshire", records as at the 2023 census (year 1 Oct 2022 .. 30 Sep 2023):

  eng  person agency start       end         assignments (from..to: fte)
  E1   P1     no     2015-01-05  -           2015-01-05..2023-03-31: 1.0, 2023-04-01..: 0.8
  E2   P2     no     2022-11-01  -           2022-11-01..: 0.5                      (starter)
  E3   P3     no     2010-06-01  2023-09-30  2010-06-01..: 1.0                      (leaver ON 30 Sep)
  E4   P4     no     2018-02-01  2023-01-15  2018-02-01..2023-01-15: 0.6            (leaver)
  E5a  P5     no     2019-01-01  -           2019-01-01..: 1.0 role 3               (two posts,
  E5b  P5     no     2021-01-01  -           2021-01-01..: 0.2 role 5                one person)
  E6   P6     no     2020-01-01  -           2020-01-01..: FTE missing
  E7   P7     yes    2023-06-01  -           2023-06-01..: 1.0                      (agency)
  E8   P8     yes    2022-01-01  2023-05-31  2022-01-01..: 0.9                      (agency, ended)
  E9   P9     yes    2022-12-01  -           2022-12-01..: 0.5                      (agency)
  E10  P10    no     2022-12-01  2023-06-30  2022-12-01..: 1.0                      (starter and leaver)
  E11  P11    no     2023-09-30  -           2023-10-02..: 0.4   (starts on census day, no assignment
                                                                      covers it: a starter, not in post)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from csc_workforce.domain.codes import AbsenceReason, ContractType, OrgRole
from csc_workforce.domain.periods import Period, twelve_months_to
from csc_workforce.domain.records import (
    Absence,
    Assignment,
    CaseloadSnapshot,
    Council,
    CouncilFigures,
    CouncilRecords,
    Engagement,
)
from csc_workforce.measures import (
    OUTPUT_COLUMNS,
    CouncilFrames,
    census_year_measures,
    compute_measures,
    frames_from_records,
    measures_for_years,
    rounded,
)

PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY
SIC = AbsenceReason.SICKNESS


def d(text: str) -> date:
    return date.fromisoformat(text)


def build_testshire() -> CouncilRecords:
    def eng(key: str, person: str, contract: ContractType, start: str, end: str | None = None) -> Engagement:
        return Engagement(key, person, contract, start_date=d(start), end_date=None if end is None else d(end))

    def asg(key: str, start: str, end: str | None, fte: str | None, role: OrgRole | None = None) -> Assignment:
        return Assignment(
            key,
            d(start),
            None if end is None else d(end),
            role=role,
            fte=None if fte is None else Decimal(fte),
        )

    return CouncilRecords(
        council=Council("900", "Testshire", "Test region"),
        engagements=(
            eng("E1", "P1", PERM, "2015-01-05"),
            eng("E2", "P2", PERM, "2022-11-01"),
            eng("E3", "P3", PERM, "2010-06-01", "2023-09-30"),
            eng("E4", "P4", PERM, "2018-02-01", "2023-01-15"),
            eng("E5a", "P5", PERM, "2019-01-01"),
            eng("E5b", "P5", PERM, "2021-01-01"),
            eng("E6", "P6", PERM, "2020-01-01"),
            eng("E7", "P7", AGENCY, "2023-06-01"),
            eng("E8", "P8", AGENCY, "2022-01-01", "2023-05-31"),
            eng("E9", "P9", AGENCY, "2022-12-01"),
            eng("E10", "P10", PERM, "2022-12-01", "2023-06-30"),
            eng("E11", "P11", PERM, "2023-09-30"),
        ),
        assignments=(
            asg("E1", "2015-01-05", "2023-03-31", "1.0"),
            asg("E1", "2023-04-01", None, "0.8"),
            asg("E2", "2022-11-01", None, "0.5"),
            asg("E3", "2010-06-01", None, "1.0"),
            asg("E4", "2018-02-01", "2023-01-15", "0.6"),
            asg("E5a", "2019-01-01", None, "1.0", OrgRole.FIRST_LINE_MANAGER),
            asg("E5b", "2021-01-01", None, "0.2", OrgRole.CASE_HOLDER),
            asg("E6", "2020-01-01", None, None),
            asg("E7", "2023-06-01", None, "1.0"),
            asg("E8", "2022-01-01", None, "0.9"),
            asg("E9", "2022-12-01", None, "0.5"),
            asg("E10", "2022-12-01", None, "1.0"),
            asg("E11", "2023-10-02", None, "0.4"),
        ),
        absences=(
            Absence("E1", d("2022-10-01"), d("2023-09-30"), SIC, Decimal("10")),  # the census-year total
            Absence("E4", d("2022-09-01"), d("2022-10-30"), SIC, Decimal("12")),  # 60 days, 30 in the year
            Absence("E5a", d("2023-09-25"), d("2023-10-04"), SIC, Decimal("8")),  # 10 days, 6 in the year
            Absence("E2", d("2023-01-10"), d("2023-01-12"), AbsenceReason.MATERNITY_PATERNITY, Decimal("3")),
            Absence("E7", d("2023-07-01"), d("2023-07-05"), SIC, Decimal("5")),  # agency: left out
            Absence("E6", d("2023-02-01"), d("2023-02-02"), SIC, None),  # days lost unknown
        ),
        caseloads=(
            CaseloadSnapshot("E1", d("2023-09-30"), 12),
            CaseloadSnapshot("E1", d("2023-08-15"), 20),  # older: superseded by 30 Sep
            CaseloadSnapshot("E2", d("2023-08-30"), 8),  # exactly 31 days before 30 Sep: used
            CaseloadSnapshot("E5b", d("2023-08-29"), 5),  # 32 days before: too old
            CaseloadSnapshot("E6", d("2023-09-20"), 4),  # FTE unknown: cases count, no FTE
            CaseloadSnapshot("E7", d("2023-09-30"), 10),  # agency: included
            CaseloadSnapshot("E9", d("2023-09-30"), 0),  # no cases: not a case holder
            CaseloadSnapshot("E3", d("2023-09-30"), 7),  # left on 30 Sep: not in post
            CaseloadSnapshot("E5a", d("2023-10-01"), 9),  # after the date
            CaseloadSnapshot("E1", d("2023-03-31"), 15),  # for 31 Mar 2023
            CaseloadSnapshot("E8", d("2023-03-15"), 6),
            CaseloadSnapshot("E3", d("2023-03-01"), 9),
        ),
        figures=(
            CouncilFigures(d("2023-09-30"), vacancies_fte=Decimal("2.0"), agency_cover_fte=Decimal("1.2")),
            CouncilFigures(d("2023-03-31"), vacancies_fte=Decimal("1.0"), agency_cover_fte=Decimal("0.5")),
        ),
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([build_testshire()])


def only_row(frame: pl.DataFrame) -> dict[str, object]:
    assert frame.height == 1
    return frame.row(0, named=True)


CENSUS_2023 = {
    # in post at 30 Sep 2023: E1 0.8 (second assignment), E2 0.5, E5a 1.0, E5b 0.2, E6 (no FTE);
    # E11 has started but no assignment covers 30 Sep, so it is not in post; E3 left on 30 Sep
    "inpost_fte": 0.8 + 0.5 + 1.0 + 0.2,  # 2.5
    "inpost_headcount": 4,  # P1, P2, P5 (two posts, once), P6
    "starters_fte": 0.5 + 1.0 + 0.4,  # E2, E10, E11 (earliest assignment: none covers its start) = 1.9
    "starters_headcount": 3,
    "leavers_fte": 1.0 + 0.6 + 1.0,  # E3 (30 Sep), E4 (assignment ends on the leaving day), E10 = 2.6
    "leavers_headcount": 3,
    "turnover_rate_fte": 2.6 / 2.5 * 100,  # 104.0
    "turnover_rate_headcount": 3 / 4 * 100,  # 75.0
    "agency_fte": 1.0 + 0.5,  # E7, E9 (E8 ended 31 May)
    "agency_headcount": 2,
    "agency_rate_fte": 1.5 / (1.5 + 2.5) * 100,  # 37.5
    "agency_rate_headcount": 2 / (2 + 4) * 100,  # 33.333...
    "agency_cover_fte": 1.2,
    "agency_cover_rate_fte": 1.2 / 1.5 * 100,  # 80.0
    "vacancy_fte": 2.0,
    "vacancy_rate_fte": 2.0 / (2.0 + 2.5) * 100,  # 44.444...
    "vacancy_agency_cover_rate_fte": 1.2 / 2.0 * 100,  # 60.0
    "case_holders_fte": 0.8 + 0.5 + 1.0,  # E1, E2, E7 (E6 has no FTE, E9 no cases) = 2.3
    "cases": 12 + 8 + 4 + 10,  # E1 (30 Sep), E2 (30 Aug), E6, E7 = 34
    "caseload_fte": 34 / 2.3,  # 14.7826...
    "working_days_lost_fte": 10 + 12 * 30 / 60 + 8 * 6 / 10,  # 10 + 6 + 4.8 = 20.8
    "absence_rate_fte": 20.8 / (2.5 * 253) * 100,  # 3.2885...
}

AS_AT_31_MARCH_2023 = {
    # in post at 31 Mar 2023: E1 1.0 (first assignment, to 31 Mar inclusive), E2 0.5, E3 1.0, E5a 1.0,
    # E5b 0.2, E6 (no FTE), E10 1.0; E4 left 15 Jan, E11 not started
    "inpost_fte": 1.0 + 0.5 + 1.0 + 1.0 + 0.2 + 1.0,  # 4.7
    "inpost_headcount": 6,  # P1, P2, P3, P5, P6, P10
    "starters_fte": 0.5 + 1.0,  # over 1 Apr 2022 .. 31 Mar 2023: E2, E10
    "starters_headcount": 2,
    "leavers_fte": 0.6,  # E4
    "leavers_headcount": 1,
    "turnover_rate_fte": 0.6 / 4.7 * 100,  # 12.765...
    "turnover_rate_headcount": 1 / 6 * 100,  # 16.666...
    "agency_fte": 0.9 + 0.5,  # E8, E9
    "agency_headcount": 2,
    "agency_rate_fte": 1.4 / (1.4 + 4.7) * 100,  # 22.950...
    "agency_rate_headcount": 2 / (2 + 6) * 100,  # 25.0
    "agency_cover_fte": 0.5,
    "agency_cover_rate_fte": 0.5 / 1.4 * 100,  # 35.714...
    "vacancy_fte": 1.0,
    "vacancy_rate_fte": 1.0 / (1.0 + 4.7) * 100,  # 17.543...
    "vacancy_agency_cover_rate_fte": 0.5 / 1.0 * 100,  # 50.0
    "case_holders_fte": 1.0 + 0.9 + 1.0,  # E1, E8, E3 = 2.9
    "cases": 15 + 6 + 9,  # 30
    "caseload_fte": 30 / 2.9,  # 10.344...
    # E1's 365-day absence has 182 days in the window (Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31);
    # E4's absence (1 Sep .. 30 Oct 2022) lies wholly inside it
    "working_days_lost_fte": 10 * 182 / 365 + 12,  # 16.986...
    "absence_rate_fte": (10 * 182 / 365 + 12) / (4.7 * 253) * 100,  # 1.4285...
}


@pytest.mark.parametrize("measure", list(CENSUS_2023))
def test_census_year_measure_matches_hand_calculation(inputs: CouncilFrames, measure: str) -> None:
    row = only_row(census_year_measures(inputs, 2023))
    assert row[measure] == pytest.approx(CENSUS_2023[measure], abs=1e-9)


@pytest.mark.parametrize("measure", list(AS_AT_31_MARCH_2023))
def test_mid_year_measure_matches_hand_calculation(inputs: CouncilFrames, measure: str) -> None:
    as_at = d("2023-03-31")
    row = only_row(compute_measures(inputs, as_at=as_at, period=twelve_months_to(as_at), time_period="2023-03"))
    assert row[measure] == pytest.approx(AS_AT_31_MARCH_2023[measure], abs=1e-9)


def test_output_has_dfe_keys_and_columns(inputs: CouncilFrames) -> None:
    row = only_row(census_year_measures(inputs, 2023))
    assert tuple(row) == OUTPUT_COLUMNS
    assert (row["time_period"], row["geographic_level"], row["old_la_code"], row["la_name"]) == (
        "2023",
        "Local authority",
        "900",
        "Testshire",
    )


def test_census_year_rounded_as_published(inputs: CouncilFrames) -> None:
    row = only_row(rounded(census_year_measures(inputs, 2023)))
    assert row["caseload_fte"] == 14.8  # 14.7826
    assert row["agency_rate_headcount"] == 33.3  # 33.333
    assert row["absence_rate_fte"] == 3.3  # 3.2885
    assert row["cases"] == 34 and isinstance(row["cases"], int)


def test_council_without_figure_on_the_date_has_null_vacancy_measures(inputs: CouncilFrames) -> None:
    as_at = d("2023-04-30")
    row = only_row(compute_measures(inputs, as_at=as_at, period=twelve_months_to(as_at), time_period="x"))
    assert row["vacancy_fte"] is None and row["vacancy_rate_fte"] is None
    assert row["agency_cover_rate_fte"] is None and row["vacancy_agency_cover_rate_fte"] is None


def test_measures_for_years_equals_year_by_year(inputs: CouncilFrames) -> None:
    together = measures_for_years(inputs, [2022, 2023])
    for year in (2022, 2023):
        alone = census_year_measures(inputs, year)
        # equal up to floating-point summation order
        assert_frame_equal(together.filter(pl.col("time_period") == str(year)), alone, rel_tol=1e-12)


def test_census_year_2022_flows(inputs: CouncilFrames) -> None:
    row = only_row(census_year_measures(inputs, 2022))
    # in post 30 Sep 2022: E1 1.0, E3 1.0, E4 0.6, E5a 1.0, E5b 0.2, E6 (no FTE) -> 3.8 FTE, 5 people
    assert row["inpost_fte"] == pytest.approx(3.8)
    assert row["inpost_headcount"] == 5
    assert row["starters_headcount"] == 0 and row["leavers_headcount"] == 0
    # agency E8 0.9; no figures dated 30 Sep 2022; E4's absence has 30 of its 60 days (Sep) in 2022 -> 6
    assert row["agency_fte"] == pytest.approx(0.9)
    assert row["vacancy_fte"] is None
    assert row["working_days_lost_fte"] == pytest.approx(6.0)


def test_overlapping_assignments_use_the_later_start() -> None:
    councils = pl.DataFrame({"la_code": ["1"], "la_name": ["A"], "region": ["R"]})
    engagements = pl.DataFrame(
        {
            "la_code": ["1"],
            "person_key": ["P"],
            "engagement_key": ["E"],
            "agency": [False],
            "start_date": [None],
            "end_date": [None],
        }
    )
    assignments = pl.DataFrame(
        {
            "la_code": ["1", "1"],
            "engagement_key": ["E", "E"],
            "effective_from": [d("2020-01-01"), d("2023-01-01")],
            "effective_to": [None, d("2023-02-01")],
            "fte": [1.0, 0.5],
            "role": [None, None],
        }
    )
    inputs = CouncilFrames.of(councils=councils, engagements=engagements, assignments=assignments)
    on = d("2023-01-15")
    inside = only_row(compute_measures(inputs, as_at=on, period=Period(on, on), time_period="t"))
    assert inside["inpost_fte"] == 0.5  # both cover 15 Jan: the later-starting one wins
    later = d("2023-06-01")
    after = only_row(compute_measures(inputs, as_at=later, period=Period(later, later), time_period="t"))
    assert after["inpost_fte"] == 1.0  # only the open one covers June


def test_windows_need_distinct_labels(inputs: CouncilFrames) -> None:
    with pytest.raises(ValueError, match="own time_period"):
        measures_for_years(inputs, [2023, 2023])


def test_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="councils frame has no column"):
        CouncilFrames.of(councils=pl.DataFrame({"la_code": ["1"]}))
