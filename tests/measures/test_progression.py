"""The progression and scheme measures and tables for a small hand-built council, worked out by hand in the comments.

Council 921 "Gradeshire", as at D = 30 Sep 2023; P (default) = the 12 months to D = 1 Oct 2022 .. 30 Sep 2023.

Grade scale (rank: titles; each grade's own name is a title too): 1 ASYE social worker: "ASYE Social Worker", "NQSW";
2 Grade 9: "Social Worker", "Social Worker Grade 9"; 3 Grade 10: "Senior Social Worker"; 4 Advanced practitioner:
"Advanced Practitioner"; 5 Team manager: "Team Manager".

  person eng   agency dates                    from        title (grade, role)
  P1     E1    no     2021-09-01 -             2021-09-01  ASYE Social Worker (1, 5)
                                               2022-12-01  Social Worker (2, 5)            step in P
                                               2023-03-01  Senior Social Worker (3, 5)     step in P, same post and role
  P2     E2    no     2019-01-01 - 2023-01-01  2019-01-01  Senior Social Worker (3, 5)
         E2b   no     2023-01-01 -             2023-01-01  Team Manager (5, 3)             step across engagements:
                                                                                           a promotion
  P3     E3    no     2020-01-01 -             2020-01-01  Social Worker (2, 5)
                                               2023-05-01  Social Worker Grade 9 (2, 4)    lateral (a role change on the
                                                                                           same grade): no step
                                               2023-07-01  Project Officer (not on the scale): left out
  P4     E4    no     2016-01-01 -             2016-01-01  Advanced Practitioner (4, 4)
                                               2023-02-01  Team Manager (5, 3)             step, more senior role:
                                                                                           a promotion
  P5     E5    no     2023-04-01 -             2023-04-01  "senior social  worker" (3, 5)  external appointment (the
                                                                                           title matches ignoring case
                                                                                           and spaces)
  P6     E6    no     2015-01-01 - 2018-06-30  2015-01-01  Social Worker (2, 5)
         E6b   no     2023-06-01 -             2023-06-01  Advanced Practitioner (4, 4)    step, new engagement, but
                                                                                           not employed the day before:
                                                                                           no promotion
  P7     E7    no     2022-01-10 -             2022-01-10  NQSW (1, 5)
                                               2023-05-01  Duty Worker (not on the scale): left out
                                               2023-08-15  Social Worker (2, 5)            step in P (from NQSW,
                                                                                           the previous graded entry)
  P8     E8    yes    2022-01-01 - 2023-07-01  2022-01-01  Social Worker; 2023-02-01 Senior Social Worker (agency:
                                                           left out)
         E8b   no     2023-07-01 -             2023-07-01  Senior Social Worker (3, 5)     external appointment (only
                                                                                           agency work before)
  P9     E9    no     2021-01-01 -             2021-01-01  Social Worker (2, 5); 2022-06-01 Senior Social Worker
                                                           (3, 5), before P

Programme spells: ASYE passed P1 2021-09-01..2022-08-31, P7 2022-01-10..2023-01-09, P9 2021-01-01..2021-12-31; ASYE
failed P5 2021-01-01..2021-12-31. Aspirant managers: P3 2023-01-01..2023-12-31 and again 2023-06-01..(open), P4
2022-01-01..2023-01-31 (ended), P5 from D itself. Apprenticeships starting: A1 2022-09-01 (before P), A2 2023-01-15,
A3 2023-09-01, A4 2023-10-01 (after D).

Council 922 "Noscale": a worker whose job title changes, no grade scale and no programme records -> nulls.
Council 923 "Scaleonly": a grade scale and one worker on it, no programme records -> 0 steps, null scheme counts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.domain.codes import ContractType, OrgRole, Programme, ProgrammeOutcome
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import (
    Assignment,
    Council,
    CouncilRecords,
    Engagement,
    Grade,
    Person,
    ProgrammeSpell,
)
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.progression import (
    APPOINTMENTS_COLUMNS,
    MONTHS_COLUMNS,
    PROGRESSION_MEASURE_IDS,
    STEPS_COLUMNS,
    appointments_by_grade,
    months_to_grade,
    progression_measures,
    progression_steps,
)
from csc_workforce.measures.strategy_catalogue import _TRAINING
from csc_workforce.measures.training import TRAINING_MEASURE_IDS
from tests.measures.test_training import EXPECTED as TRAINING_EXPECTED

D = date(2023, 9, 30)
P = Period(date(2022, 10, 1), D)
PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY
R = OrgRole
SCALE = (
    Grade("ASYE social worker", 1, ("ASYE Social Worker", "NQSW")),
    Grade("Grade 9", 2, ("Social Worker", "Social Worker Grade 9")),
    Grade("Grade 10", 3, ("Senior Social Worker",)),
    Grade("Advanced practitioner", 4, ("Advanced Practitioner",)),
    Grade("Team manager", 5, ("Team Manager",)),
)


def _eng(key: str, person: str, start: date, end: date | None = None, contract: ContractType = PERM) -> Engagement:
    return Engagement(key, person, contract, start_date=start, end_date=end)


def _asg(key: str, start: date, title: str, role: OrgRole = R.CASE_HOLDER, end: date | None = None) -> Assignment:
    return Assignment(key, start, end, role=role, fte=Decimal("1"), team_key="T1", job_title=title)


def _spell(key: str, person: str, programme: Programme, start: date, end: date | None, outcome: str) -> ProgrammeSpell:
    return ProgrammeSpell(key, person, programme, start, end, ProgrammeOutcome(outcome))


def gradeshire() -> CouncilRecords:
    asye, aspirant, apprentice = Programme.ASYE, Programme.ASPIRANT_MANAGER, Programme.APPRENTICESHIP
    return CouncilRecords(
        council=Council("921", "Gradeshire", "West Midlands"),
        people=tuple(Person(f"P{i}") for i in range(1, 10)),
        engagements=(
            _eng("E1", "P1", date(2021, 9, 1)),
            _eng("E2", "P2", date(2019, 1, 1), date(2023, 1, 1)),
            _eng("E2b", "P2", date(2023, 1, 1)),
            _eng("E3", "P3", date(2020, 1, 1)),
            _eng("E4", "P4", date(2016, 1, 1)),
            _eng("E5", "P5", date(2023, 4, 1)),
            _eng("E6", "P6", date(2015, 1, 1), date(2018, 6, 30)),
            _eng("E6b", "P6", date(2023, 6, 1)),
            _eng("E7", "P7", date(2022, 1, 10)),
            _eng("E8", "P8", date(2022, 1, 1), date(2023, 7, 1), contract=AGENCY),
            _eng("E8b", "P8", date(2023, 7, 1)),
            _eng("E9", "P9", date(2021, 1, 1)),
        ),
        assignments=(
            _asg("E1", date(2021, 9, 1), "ASYE Social Worker", end=date(2022, 11, 30)),
            _asg("E1", date(2022, 12, 1), "Social Worker", end=date(2023, 2, 28)),
            _asg("E1", date(2023, 3, 1), "Senior Social Worker"),
            _asg("E2", date(2019, 1, 1), "Senior Social Worker", end=date(2022, 12, 31)),
            _asg("E2b", date(2023, 1, 1), "Team Manager", R.FIRST_LINE_MANAGER),
            _asg("E3", date(2020, 1, 1), "Social Worker", end=date(2023, 4, 30)),
            _asg("E3", date(2023, 5, 1), "Social Worker Grade 9", R.SENIOR_PRACTITIONER, end=date(2023, 6, 30)),
            _asg("E3", date(2023, 7, 1), "Project Officer", R.SENIOR_PRACTITIONER),
            _asg("E4", date(2016, 1, 1), "Advanced Practitioner", R.SENIOR_PRACTITIONER, end=date(2023, 1, 31)),
            _asg("E4", date(2023, 2, 1), "Team Manager", R.FIRST_LINE_MANAGER),
            _asg("E5", date(2023, 4, 1), "senior social  worker"),
            _asg("E6", date(2015, 1, 1), "Social Worker", end=date(2018, 6, 29)),
            _asg("E6b", date(2023, 6, 1), "Advanced Practitioner", R.SENIOR_PRACTITIONER),
            _asg("E7", date(2022, 1, 10), "NQSW", end=date(2023, 4, 30)),
            _asg("E7", date(2023, 5, 1), "Duty Worker", end=date(2023, 8, 14)),
            _asg("E7", date(2023, 8, 15), "Social Worker"),
            _asg("E8", date(2022, 1, 1), "Social Worker", end=date(2023, 1, 31)),
            _asg("E8", date(2023, 2, 1), "Senior Social Worker", end=date(2023, 6, 30)),
            _asg("E8b", date(2023, 7, 1), "Senior Social Worker"),
            _asg("E9", date(2021, 1, 1), "Social Worker", end=date(2022, 5, 31)),
            _asg("E9", date(2022, 6, 1), "Senior Social Worker"),
        ),
        grades=SCALE,
        programmes=(
            _spell("S1", "P1", asye, date(2021, 9, 1), date(2022, 8, 31), "passed"),
            _spell("S2", "P7", asye, date(2022, 1, 10), date(2023, 1, 9), "passed"),
            _spell("S3", "P9", asye, date(2021, 1, 1), date(2021, 12, 31), "passed"),
            _spell("S4", "P5", asye, date(2021, 1, 1), date(2021, 12, 31), "failed"),
            _spell("M1", "P3", aspirant, date(2023, 1, 1), date(2023, 12, 31), "ongoing"),
            _spell("M2", "P3", aspirant, date(2023, 6, 1), None, "ongoing"),
            _spell("M3", "P4", aspirant, date(2022, 1, 1), date(2023, 1, 31), "passed"),
            _spell("M4", "P5", aspirant, D, None, "ongoing"),
            _spell("A1", "A1", apprentice, date(2022, 9, 1), None, "ongoing"),
            _spell("A2", "A2", apprentice, date(2023, 1, 15), None, "ongoing"),
            _spell("A3", "A3", apprentice, date(2023, 9, 1), None, "ongoing"),
            _spell("A4", "A4", apprentice, date(2023, 10, 1), None, "ongoing"),
        ),
    )


def noscale() -> CouncilRecords:
    return CouncilRecords(
        council=Council("922", "Noscale", "West Midlands"),
        people=(Person("Q1"),),
        engagements=(_eng("F1", "Q1", date(2020, 1, 1)),),
        assignments=(
            _asg("F1", date(2020, 1, 1), "Social Worker", end=date(2022, 12, 31)),
            _asg("F1", date(2023, 1, 1), "Team Manager", R.FIRST_LINE_MANAGER),
        ),
    )


def scaleonly() -> CouncilRecords:
    return CouncilRecords(
        council=Council("923", "Scaleonly", "West Midlands"),
        people=(Person("Q1"),),
        engagements=(_eng("G1", "Q1", date(2020, 1, 1)),),
        assignments=(_asg("G1", date(2020, 1, 1), "Social Worker"),),
        grades=(Grade("Social worker", 1, ("Social Worker",)),),
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([gradeshire(), noscale(), scaleonly()])


def _row(frame: pl.DataFrame, la_code: str) -> dict[str, object]:
    return frame.filter(pl.col("la_code") == la_code).row(0, named=True)


EXPECTED = {
    # Steps up the scale starting in P: P1 1->2 (1 Dec 2022) and 2->3 (1 Mar 2023), P2 3->5 (across E2 and E2b),
    # P4 4->5, P6 2->4 (back after five years), P7 1->2 = 6. Not: P3 (lateral, then a title not on the scale), P5
    # and P8 (first council-employed entry), P8's agency step, P9 (before P).
    "career_progression": 6,
    # Of those, with a more senior role or a new engagement, employed the day before: P2 (new engagement, role 5 ->
    # 3; E2 in post on 31 Dec 2022) and P4 (role 4 -> 3). P1 and P7 stay in their post and role 5; P6 had left.
    "internal_promotions": 2,
    # Aspirant spells covering D: P3 (twice: counted once), P5 (starts on D); P4's ended in January -> 2.
    "aspirant_manager_scheme": 2,
    # Apprenticeships starting in P: A2, A3 (A1 before P, A4 after D) -> 2.
    "apprenticeship_starters": 2,
}


def test_expected_values_cover_every_progression_measure() -> None:
    assert tuple(EXPECTED) == PROGRESSION_MEASURE_IDS


def test_every_training_and_progression_column_is_worked_out_by_hand() -> None:
    in_local = [m.id for m in _TRAINING if m.computed_by is local_measures]
    assert in_local == [*TRAINING_MEASURE_IDS, *PROGRESSION_MEASURE_IDS]
    assert set(in_local) == set(TRAINING_EXPECTED) | set(EXPECTED)


@pytest.mark.parametrize("measure_id", PROGRESSION_MEASURE_IDS)
def test_progression_measure_matches_hand_worked_value(inputs: CouncilFrames, measure_id: str) -> None:
    assert _row(progression_measures(inputs, as_at=D, period=P), "921")[measure_id] == EXPECTED[measure_id]


def test_local_measures_has_the_progression_columns(inputs: CouncilFrames) -> None:
    frame = local_measures(inputs, as_at=D)
    assert set(PROGRESSION_MEASURE_IDS) <= set(frame.columns)
    assert {m: _row(frame, "921")[m] for m in PROGRESSION_MEASURE_IDS} == EXPECTED


def test_no_grade_scale_gives_null_not_zero(inputs: CouncilFrames) -> None:
    # 922: Social Worker -> Team Manager in P, but no scale to say it is a step; no programme records either.
    got = _row(local_measures(inputs, as_at=D), "922")
    assert all(got[m] is None for m in PROGRESSION_MEASURE_IDS)
    for table in (
        progression_steps(inputs, as_at=D, period=P),
        months_to_grade(inputs, as_at=D),
        appointments_by_grade(inputs, as_at=D, period=P),
    ):
        assert table.filter(pl.col("la_code") == "922").is_empty()


def test_a_scale_with_no_steps_gives_zero_and_no_programmes_gives_null(inputs: CouncilFrames) -> None:
    # 923: one worker on the one grade since 2020: 0 steps, 0 promotions; no programme records: null schemes.
    got = _row(progression_measures(inputs, as_at=D, period=P), "923")
    assert got == {
        "la_code": "923",
        "career_progression": 0,
        "internal_promotions": 0,
        "aspirant_manager_scheme": None,
        "apprenticeship_starters": None,
    }
    months = months_to_grade(inputs, as_at=D).filter(pl.col("la_code") == "923")
    assert months.rows() == [("923", "Social worker", 1, None, None)]  # people unknown without ASYE records


def test_flows_follow_the_period_passed(inputs: CouncilFrames) -> None:
    # P = 1 Jan .. 30 Jun 2023: steps P1 2->3 (Mar), P2 (Jan), P4 (Feb), P6 (Jun) = 4, promotions P2 P4 = 2;
    # apprentices A2 = 1. The aspirant count is a stock at D: still 2.
    got = _row(progression_measures(inputs, as_at=D, period=Period(date(2023, 1, 1), date(2023, 6, 30))), "921")
    assert (got["career_progression"], got["internal_promotions"]) == (4, 2)
    assert (got["apprenticeship_starters"], got["aspirant_manager_scheme"]) == (1, 2)


def test_progression_steps_by_grade(inputs: CouncilFrames) -> None:
    table = progression_steps(inputs, as_at=D, period=P).filter(pl.col("la_code") == "921")
    assert table.columns == list(STEPS_COLUMNS)
    # ASYE -> 9: P1, P7; 9 -> 10: P1; 9 -> AP: P6; 10 -> TM: P2; AP -> TM: P4. 2 + 1 + 1 + 1 + 1 = 6.
    assert table.select("from_grade", "to_grade", "steps").rows() == [
        ("ASYE social worker", "Grade 9", 2),
        ("Grade 9", "Grade 10", 1),
        ("Grade 9", "Advanced practitioner", 1),
        ("Grade 10", "Team manager", 1),
        ("Advanced practitioner", "Team manager", 1),
    ]
    assert table["steps"].sum() == EXPECTED["career_progression"]


def test_months_from_asye_completion_to_each_grade(inputs: CouncilFrames) -> None:
    table = months_to_grade(inputs, as_at=D).filter(pl.col("la_code") == "921")
    assert table.columns == list(MONTHS_COLUMNS)
    # Completed calendar months from ASYE completion to first reaching the grade:
    #   Grade 9:  P1 31 Aug 2022 -> 1 Dec 2022 = 3 (the 1st is before the 31st: not 4); P7 9 Jan 2023 -> 15 Aug
    #             2023 = 7; P9 held grade 9 before completing, so not counted -> median of 3 and 7 = 5.0.
    #   Grade 10: P1 31 Aug 2022 -> 1 Mar 2023 = 6; P9 31 Dec 2021 -> 1 Jun 2022 = 5 -> median 5.5. P2, P8 have no
    #             ASYE; P5's ASYE failed.
    #   ASYE social worker (held before completing), advanced practitioner, team manager: nobody.
    assert table.rows() == [
        ("921", "ASYE social worker", 1, 0, None),
        ("921", "Grade 9", 2, 2, 5.0),
        ("921", "Grade 10", 3, 2, 5.5),
        ("921", "Advanced practitioner", 4, 0, None),
        ("921", "Team manager", 5, 0, None),
    ]


def test_months_to_grade_counts_nothing_after_the_date(inputs: CouncilFrames) -> None:
    # As at 30 Jun 2023 P7 has not reached grade 9 (15 Aug): only P1's 3 months.
    table = months_to_grade(inputs, as_at=date(2023, 6, 30)).filter(pl.col("grade") == "Grade 9")
    assert table.select("people", "median_months").row(0) == (1, 3.0)


def test_appointments_by_grade_internal_and_external(inputs: CouncilFrames) -> None:
    table = appointments_by_grade(inputs, as_at=D, period=P).filter(pl.col("la_code") == "921")
    assert table.columns == list(APPOINTMENTS_COLUMNS)
    # Entries in P on a grade the previous one was not on: grade 9 P1, P7 (internal); grade 10 P1 (internal), P5
    # and P8 (external: P8 had only agency work); AP P6 (internal: held a council post in 2015-18); TM P2, P4
    # (internal). P3's lateral move is no appointment.
    assert table.select("grade", "internal", "external", "total").rows() == [
        ("ASYE social worker", 0, 0, 0),
        ("Grade 9", 2, 0, 2),
        ("Grade 10", 1, 2, 3),
        ("Advanced practitioner", 1, 0, 1),
        ("Team manager", 2, 0, 2),
        ("Total", 6, 2, 8),
    ]
    assert table["is_total"].to_list() == [False] * 5 + [True]


def test_a_title_on_two_grades_is_refused() -> None:
    clash = CouncilRecords(
        council=Council("924", "Clash"),
        grades=(Grade("Grade 9", 1, ("Social Worker",)), Grade("Grade 10", 2, ("social worker",))),
    )
    with pytest.raises(ValueError, match="council 924: the job title 'socialworker' is on grades"):
        progression_measures(frames_from_records([clash]), as_at=D, period=P)
