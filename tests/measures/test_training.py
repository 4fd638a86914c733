"""The training measures and tables for a small hand-built council, every value worked out by hand in the comments.

Council 911 "Trainshire", as at D = 30 Sep 2023; P (default) = the 12 months to D = 1 Oct 2022 .. 30 Sep 2023.

  eng  person agency start       end (first day out)  team
  E1   P1     no     2018-01-01  -                    T1
  E2   P2     no     2020-05-01  -                    T1 to 31 Mar 2023, then T2
  E3   P3     yes    2023-01-01  -                    T2
  E4   P4     no     2015-01-01  2023-06-30           T1 (a leaver: not in post at D)

In post at D: P1, P2, P3 (the agency worker P3 included).

Courses: C1 Safeguarding (mandatory, valid 12 months), C2 Data protection (mandatory, valid for good), C3 PQ Child
protection (post-qualifying), C4 Practice educator stage 1 (practice educator). X9 is on no list.

  #   person course status          course date  completed on  notes
  1   P1     C1     completed       2022-10-15   2022-10-15    in P; in date at D (out of date from 15 Oct 2023)
  2   P2     C1     completed       2022-09-30   2022-09-30    before P; expires 30 Sep 2023 = D: out of date at D
  3   P2     C1     booked          2023-10-20   -             after P and D: left out
  4   P3     C1     attended        2023-02-01   -             agency worker
  5   P3     C2     completed       2023-03-01   -             completion dated by the course date; valid for good
  6   P1     C2     did_not_attend  2023-05-10   -
  7   P2     C2     cancelled       2023-05-10   -             cancelled: no place
  8   P1     C3     completed       2023-06-01   2023-06-20    a post-qualifying completion in P
  9   P2     C1     booked          2023-09-15   -             a place with no outcome yet
  10  P4     C4     completed       2023-04-01   2023-04-01    a practice educator award in P
  11  P1     C4     completed       2022-06-01   2022-06-01    before P: no award in P
  13  P1     X9     attended        2023-07-01   -             an unlisted course
  15  P4     C3     completed       2022-09-20   2022-10-10    course before P, completed in P: PQ completion
  16  P4     C2     attended        2023-08-01   -             P4 had left: no team on the course date
  17  P1     C2     completed       2020-01-10   2020-01-10    long before P; valid for good
  18  P2     C3     did_not_attend  2022-11-15   -             P2 then in T1

Bookings in P (course date 1 Oct 2022 .. 30 Sep 2023): 1 4 5 6 7 8 9 10 13 16 18 (2, 3, 11, 15, 17 are outside).
Places (not cancelled): all but 7 = 10. Taken up (attended or completed): 1 4 5 8 10 13 16 = 7. Completed: 1 5 8 10
= 4. Mandatory (C1, C2) places: 1 4 5 6 9 16 = 6, completed 1 5 = 2.

Council 912 "Nocourses": one worker in post, no training records at all -> every training measure null.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.domain.codes import ContractType, OrgRole, TrainingStatus
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import (
    Assignment,
    Council,
    CouncilRecords,
    Course,
    Engagement,
    Person,
    Team,
    TrainingRecord,
)
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.training import (
    BY_COURSE_COLUMNS,
    BY_TEAM_COLUMNS,
    TRAINING_COUNT_COLUMNS,
    TRAINING_MEASURE_IDS,
    training_by_course,
    training_by_team,
    training_counts,
    training_measures,
)

D = date(2023, 9, 30)
P = Period(date(2022, 10, 1), D)
PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY
S = TrainingStatus


def _asg(key: str, start: date, team: str, end: date | None = None) -> Assignment:
    return Assignment(key, start, end, role=OrgRole.CASE_HOLDER, fte=Decimal("1"), team_key=team)


def _t(person: str, course: str, status: TrainingStatus, on: date, completed: date | None = None) -> TrainingRecord:
    return TrainingRecord(person, course, status, on=on, completed_on=completed)


def trainshire() -> CouncilRecords:
    return CouncilRecords(
        council=Council("911", "Trainshire", "North West"),
        teams=(Team("T1", "Team One"), Team("T2", "Team Two")),
        people=tuple(Person(f"P{i}") for i in range(1, 5)),
        engagements=(
            Engagement("E1", "P1", PERM, start_date=date(2018, 1, 1)),
            Engagement("E2", "P2", PERM, start_date=date(2020, 5, 1)),
            Engagement("E3", "P3", AGENCY, start_date=date(2023, 1, 1)),
            Engagement("E4", "P4", PERM, start_date=date(2015, 1, 1), end_date=date(2023, 6, 30)),
        ),
        assignments=(
            _asg("E1", date(2018, 1, 1), "T1"),
            _asg("E2", date(2020, 5, 1), "T1", date(2023, 3, 31)),
            _asg("E2", date(2023, 4, 1), "T2"),
            _asg("E3", date(2023, 1, 1), "T2"),
            _asg("E4", date(2015, 1, 1), "T1"),
        ),
        courses=(
            Course("C1", "Safeguarding", mandatory=True, validity_months=12),
            Course("C2", "Data protection", mandatory=True),
            Course("C3", "PQ Child protection", post_qualifying=True),
            Course("C4", "Practice educator stage 1", practice_educator=True),
        ),
        training=(
            _t("P1", "C1", S.COMPLETED, date(2022, 10, 15), date(2022, 10, 15)),  # 1
            _t("P2", "C1", S.COMPLETED, date(2022, 9, 30), date(2022, 9, 30)),  # 2
            _t("P2", "C1", S.BOOKED, date(2023, 10, 20)),  # 3
            _t("P3", "C1", S.ATTENDED, date(2023, 2, 1)),  # 4
            _t("P3", "C2", S.COMPLETED, date(2023, 3, 1)),  # 5
            _t("P1", "C2", S.DID_NOT_ATTEND, date(2023, 5, 10)),  # 6
            _t("P2", "C2", S.CANCELLED, date(2023, 5, 10)),  # 7
            _t("P1", "C3", S.COMPLETED, date(2023, 6, 1), date(2023, 6, 20)),  # 8
            _t("P2", "C1", S.BOOKED, date(2023, 9, 15)),  # 9
            _t("P4", "C4", S.COMPLETED, date(2023, 4, 1), date(2023, 4, 1)),  # 10
            _t("P1", "C4", S.COMPLETED, date(2022, 6, 1), date(2022, 6, 1)),  # 11
            _t("P1", "X9", S.ATTENDED, date(2023, 7, 1)),  # 13
            _t("P4", "C3", S.COMPLETED, date(2022, 9, 20), date(2022, 10, 10)),  # 15
            _t("P4", "C2", S.ATTENDED, date(2023, 8, 1)),  # 16
            _t("P1", "C2", S.COMPLETED, date(2020, 1, 10), date(2020, 1, 10)),  # 17
            _t("P2", "C3", S.DID_NOT_ATTEND, date(2022, 11, 15)),  # 18
        ),
    )


def nocourses() -> CouncilRecords:
    return CouncilRecords(
        council=Council("912", "Nocourses", "North West"),
        people=(Person("Q1"),),
        engagements=(Engagement("F1", "Q1", PERM, start_date=date(2020, 1, 1)),),
        assignments=(_asg("F1", date(2020, 1, 1), "S1"),),
        courses=(Course("K1", "Safeguarding", mandatory=True),),  # a course list, but no training records
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([trainshire(), nocourses()])


def _row(frame: pl.DataFrame, la_code: str) -> dict[str, object]:
    return frame.filter(pl.col("la_code") == la_code).row(0, named=True)


EXPECTED = {
    # 7 of 10 places taken up (see the module docstring).
    "training_take_up_pct": 70.0,
    # 4 of 10 places completed.
    "training_completion_pct": 40.0,
    # Mandatory places 1 4 5 6 9 16 = 6, completed 1 and 5 -> 2 / 6.
    "mandatory_training_completion_pct": 2 / 6 * 100,
    # In post at D: P1 P2 P3 x C1 C2 = 6 pairs. P1 C1 (#1, to 14 Oct 2023) yes; P1 C2 (#17, for good) yes; P2 C1
    # (#2 expires on D itself) no; P2 C2 (cancelled) no; P3 C1 (attended only) no; P3 C2 (#5, for good) yes -> 3 / 6.
    "mandatory_training_in_date_pct": 50.0,
    # #8 (completed 20 Jun 2023) and #15 (course in Sep 2022, completed 10 Oct 2022, in P).
    "post_qualifying_completions": 2,
    # #10 (Apr 2023); #11 (Jun 2022) is before P.
    "practice_educator_awards": 1,
}


def test_expected_values_cover_every_training_measure() -> None:
    assert tuple(EXPECTED) == TRAINING_MEASURE_IDS


@pytest.mark.parametrize("measure_id", TRAINING_MEASURE_IDS)
def test_training_measure_matches_hand_worked_value(inputs: CouncilFrames, measure_id: str) -> None:
    got = _row(training_measures(inputs, as_at=D, period=P), "911")
    assert got[measure_id] == pytest.approx(EXPECTED[measure_id])


def test_the_counts_the_measures_are_over(inputs: CouncilFrames) -> None:
    # The module docstring: 10 places, 7 taken up, 4 completed; mandatory 6 places, 2 completed; 6 pairs in post x
    # mandatory course, 3 in date; 2 post-qualifying completions, 1 practice educator award. 912 holds no
    # training record: no row.
    counts = training_counts(inputs, as_at=D, period=P)
    assert counts["la_code"].to_list() == ["911"]
    assert _row(counts, "911") == {
        "la_code": "911",
        "places": 10,
        "taken": 7,
        "completed": 4,
        "mandatory_places": 6,
        "mandatory_completed": 2,
        "mandatory_pairs": 6,
        "mandatory_in_date": 3,
        "post_qualifying_completions": 2,
        "practice_educator_awards": 1,
    }
    assert tuple(counts.columns[1:]) == TRAINING_COUNT_COLUMNS


def test_local_measures_has_the_training_columns(inputs: CouncilFrames) -> None:
    frame = local_measures(inputs, as_at=D)  # default period: the 12 months to D = P
    assert set(TRAINING_MEASURE_IDS) <= set(frame.columns)
    got = _row(frame, "911")
    for measure_id, value in EXPECTED.items():
        assert got[measure_id] == pytest.approx(value), measure_id


def test_a_council_with_no_training_records_has_nulls_not_zeros(inputs: CouncilFrames) -> None:
    # 912 has a mandatory course and a worker in post but no training record: nothing is known, so null.
    got = _row(local_measures(inputs, as_at=D), "912")
    assert all(got[m] is None for m in TRAINING_MEASURE_IDS)
    assert training_by_course(inputs, as_at=D, period=P).filter(pl.col("la_code") == "912").is_empty()
    assert training_by_team(inputs, as_at=D, period=P).filter(pl.col("la_code") == "912").is_empty()


def test_validity_expires_on_the_same_day_a_year_later(inputs: CouncilFrames) -> None:
    # A day earlier, 29 Sep 2023, #2 (completed 30 Sep 2022, 12 months) is still in date: 4 of 6 pairs.
    got = _row(training_measures(inputs, as_at=date(2023, 9, 29), period=P), "911")
    assert got["mandatory_training_in_date_pct"] == pytest.approx(4 / 6 * 100)


def test_flows_follow_the_period_passed(inputs: CouncilFrames) -> None:
    # P = 1 Jan .. 30 Jun 2023: bookings 4 5 6 7 8 10; places 5 (7 cancelled); taken 4 5 8 10 = 4; completed
    # 5 8 10 = 3; mandatory places 4 5 6 = 3, completed 5 = 1. PQ: #8 (completed 20 Jun); PE: #10.
    got = _row(training_measures(inputs, as_at=D, period=Period(date(2023, 1, 1), date(2023, 6, 30))), "911")
    assert got["training_take_up_pct"] == pytest.approx(80.0)
    assert got["training_completion_pct"] == pytest.approx(60.0)
    assert got["mandatory_training_completion_pct"] == pytest.approx(1 / 3 * 100)
    assert got["post_qualifying_completions"] == 1 and got["practice_educator_awards"] == 1


def test_nothing_after_the_date_is_counted(inputs: CouncilFrames) -> None:
    # D = 10 Sep 2023 with P still to 30 Sep: #9 (15 Sep) has not happened yet -> places 9, taken 7.
    got = _row(training_measures(inputs, as_at=date(2023, 9, 10), period=P), "911")
    assert got["training_take_up_pct"] == pytest.approx(7 / 9 * 100)


def test_no_place_in_the_period_gives_null_rates_and_zero_counts(inputs: CouncilFrames) -> None:
    # P = 1 .. 31 Dec 2022: no course dated in it, no completion dated in it.
    got = _row(training_measures(inputs, as_at=D, period=Period(date(2022, 12, 1), date(2022, 12, 31))), "911")
    assert got["training_take_up_pct"] is None and got["mandatory_training_completion_pct"] is None
    assert got["post_qualifying_completions"] == 0 and got["practice_educator_awards"] == 0
    assert got["mandatory_training_in_date_pct"] == pytest.approx(50.0)  # a stock at D, whatever P


def test_training_by_course(inputs: CouncilFrames) -> None:
    table = training_by_course(inputs, as_at=D, period=P).filter(pl.col("la_code") == "911")
    assert table.columns == list(BY_COURSE_COLUMNS)
    rows = {r["course"]: r for r in table.iter_rows(named=True)}
    courses = ["Data protection", "PQ Child protection", "Practice educator stage 1", "Safeguarding", "X9"]
    assert list(rows) == [*courses, "Total"] and table["is_total"].to_list() == [False] * 5 + [True]
    counts = ("places", "booked", "attended", "completed", "did_not_attend", "cancelled")

    def check(name: str, numbers: tuple[int, ...], take_up: float, completion: float, in_date: float | None) -> None:
        row = rows[name]
        assert tuple(row[c] for c in counts) == numbers, name
        assert row["take_up_pct"] == pytest.approx(take_up) and row["completion_pct"] == pytest.approx(completion)
        assert row["in_date_pct"] == (None if in_date is None else pytest.approx(in_date)), name

    # C2: #5 completed, #6 did not attend, #7 cancelled, #16 attended -> 3 places; taken 2, completed 1; in date
    # at D: P1 (#17) and P3 (#5), not P2 -> 2 of 3.
    check("Data protection", (3, 0, 1, 1, 1, 1), 2 / 3 * 100, 1 / 3 * 100, 2 / 3 * 100)
    # C3: #8 completed, #18 did not attend (#15 is before P); not mandatory, so no in-date share.
    check("PQ Child protection", (2, 0, 0, 1, 1, 0), 50.0, 50.0, None)
    check("Practice educator stage 1", (1, 0, 0, 1, 0, 0), 100.0, 100.0, None)  # #10
    # C1: #1 completed, #4 attended, #9 booked -> 3 places; in date: P1 only of P1 P2 P3.
    check("Safeguarding", (3, 1, 1, 1, 0, 0), 2 / 3 * 100, 1 / 3 * 100, 1 / 3 * 100)
    check("X9", (1, 0, 1, 0, 0, 0), 100.0, 0.0, None)  # #13, an unlisted course: named by its key
    assert rows["X9"]["mandatory"] is False and rows["Safeguarding"]["mandatory"] is True
    # Total: 10 places = 1 booked + 3 attended + 4 completed + 2 did not attend (+ 1 cancelled); in date 3 of 6.
    check("Total", (10, 1, 3, 4, 2, 1), 70.0, 40.0, 50.0)


def test_training_by_team_uses_the_team_on_the_course_date(inputs: CouncilFrames) -> None:
    table = training_by_team(inputs, as_at=D, period=P).filter(pl.col("la_code") == "911")
    assert table.columns == list(BY_TEAM_COLUMNS)
    rows = {r["team_name"]: r for r in table.iter_rows(named=True)}
    assert list(rows) == ["Team One", "Team Two", "No team recorded", "Total"]
    counts = ("places", "booked", "attended", "completed", "did_not_attend", "cancelled")
    # T1: #1 6 8 13 (P1), #10 (P4, before leaving), #18 (P2 before moving on 1 Apr) -> 6 places, 4 taken, 3 done.
    assert tuple(rows["Team One"][c] for c in counts) == (6, 0, 1, 3, 2, 0)
    assert rows["Team One"]["take_up_pct"] == pytest.approx(4 / 6 * 100)
    assert rows["Team One"]["completion_pct"] == pytest.approx(50.0)
    # T2: #4 5 (P3, agency), #7 9 (P2 after the move) -> 3 places (7 cancelled), 2 taken, 1 done.
    assert tuple(rows["Team Two"][c] for c in counts) == (3, 1, 1, 1, 0, 1)
    assert rows["Team Two"]["take_up_pct"] == pytest.approx(2 / 3 * 100)
    # #16: P4 had left by 1 Aug 2023.
    assert tuple(rows["No team recorded"][c] for c in counts) == (1, 0, 1, 0, 0, 0)
    assert rows["Total"]["places"] == 10 and rows["Total"]["take_up_pct"] == pytest.approx(70.0)
    assert rows["Total"]["is_total"] and rows["Total"]["team_key"] is None


def test_the_team_a_booking_is_counted_under_never_depends_on_the_order_the_records_are_read() -> None:
    """Each frame's rows reversed (as a database may return them in any order): every team's figures the same.
    A person with two engagements whose assignments cover the course date and began the same day was counted
    under whichever the database returned last."""
    from dataclasses import fields, replace

    from csc_workforce.measures.training import training_by_team
    from tests.eastmoor import eastmoor_records

    inputs = frames_from_records([eastmoor_records()])
    reversed_rows = replace(
        inputs, **{f.name: getattr(inputs, f.name).reverse() for f in fields(inputs) if f.name != "councils"}
    )
    period = Period(date(2023, 7, 1), date(2024, 6, 30))
    for frames in (inputs, reversed_rows):
        assert (
            training_by_team(frames, as_at=date(2024, 6, 30), period=period)
            .sort("team_name")
            .equals(training_by_team(inputs, as_at=date(2024, 6, 30), period=period).sort("team_name"))
        )
