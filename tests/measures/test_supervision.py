"""Supervision and performance review measures for small hand-built councils, worked out by hand in the comments.

D = 30 Sep 2023; P = 1 Jul 2023 .. 30 Sep 2023; the month to D = 31 Aug .. 30 Sep 2023.

Council 911 "Supervshire" holds no policy lines: the default policy (NQSWs every 2 weeks for their first 6 months
of ASYE, then monthly; everyone else monthly; 7 grace days).

  eng  agency start        end          team role  notes                               sessions
  N1   no     2023-02-06   -            T1   5     ASYE programme spell from 6 Feb     5 Jul, 28 Jul, 15 Sep
  W1   no     2020-01-15   -            T1   5                                         10 Jul, 20 Aug, 25 Sep
  A1   yes    2023-05-01   -            T2   5     agency                              3 Jul, 12 Aug, 3 Oct
  L1   no     2019-03-01   2023-08-20   T2   5     leaver (first day not in post 20 Aug) 15 Jul
  J1   no     2023-09-05   -            T2   4     joins in the month to D             20 Sep

Intervals ending in P (an interval is due when the worker was in post throughout it; met when a session is held
in it or up to 7 days after, on or before D):
  N1  fortnights from 6 Feb: ... 26 Jun-9 Jul, 10-23 Jul, 24 Jul-6 Aug (begins in month 5 of the ASYE, so still
      a fortnight); month 6 began on 6 Aug, so from 7 Aug monthly: 7 Aug-6 Sep, (7 Sep-6 Oct ends after D).
      26 Jun-9 Jul met (5 Jul); 10-23 Jul met within grace (28 Jul <= 30 Jul); 24 Jul-6 Aug met (28 Jul);
      7 Aug-6 Sep not met (15 Sep is after 13 Sep). NQSW 3 of 3, everyone else 0 of 1.
  W1  monthly from the 15th: 15 Jun-14 Jul met (10 Jul), 15 Jul-14 Aug met within grace (20 Aug <= 21 Aug),
      15 Aug-14 Sep met (20 Aug, the same session). 3 of 3.
  A1  calendar months: Jul met (3 Jul), Aug met (12 Aug), Sep not met (3 Oct is within grace but after D).
      2 of 3.
  L1  Jul met (15 Jul); Aug not due (left 20 Aug, not in post throughout). 1 of 1.
  J1  5 Sep-4 Oct ends after D: nothing due.
  T1: NQSW 3/3, everyone else 4 due 3 met, all 7/6. T2: 4 due 3 met. Council: 11 due, 9 met -> 81.8%.
Workers in post throughout the month to D: N1 (15 Sep), W1 (25 Sep), A1 (no session seen: 3 Oct is after D);
L1 left, J1 joined on 5 Sep. 2 of 3 -> 66.7%. Each is in an everyone-else interval on D.

Reviews (council-employed only; D 30 Sep; due in P and on or before D, the worker in post on the due date):
  R1 W1 due 31 Jul, done 20 Jul, successful, objectives set      due, on time; completed in P
  R2 N1 due 15 Aug, done 25 Aug, not successful, objectives set  due, late; completed in P
  R3 J1 due 20 Sep, not done                                     due, not done
  R4 L1 due 31 Aug, not done                                     not due (L1 left on 20 Aug)
  R5 W1 due 30 Jun, done 5 Jul, rating not mapped, objectives set  not due in P; completed in P
  R6 W1 due 31 Oct, done 28 Sep, successful, no objectives       not due (after D); completed in P
  R7 A1 (agency) due 31 Jul, done 1 Jul, successful              left out: agency
  In timescale 1 of 3 (R1 of R1 R2 R3) -> 33.3%; successful 2 of 3 rated (R1 R6 of R1 R2 R6) -> 66.7%;
  objectives set 3 of 4 known (R1 R2 R5 of R1 R2 R5 R6) -> 75%.

Council 912 "Policyton" holds its own policy: from 1 Jan 2023 NQSWs fortnightly for 6 months and everyone monthly,
5 grace days; from 1 Aug 2023 everyone every 4 weeks, 3 grace days (no NQSW line: the default no longer applies).
  C1  starts 3 Apr 2023, CFKSS status ASYE: fortnights 26 Jun-9 Jul, 10-23 Jul, 24 Jul-6 Aug (begun before
      1 Aug: the old line and its 5 grace days), then 4-weekly 7 Aug-3 Sep (3 grace days), (4 Sep-1 Oct).
      Sessions 12 Jul, 10 Aug: 12 Jul meets the first two (<= 14 Jul; inside), 10 Aug meets 24 Jul-6 Aug within
      the old 5 grace days (<= 11 Aug; the new 3 would end on 9 Aug) and lies inside 7 Aug-3 Sep. 4 of 4.
  C2  starts 20 Jun 2022 (origin: another council): monthly 20 Jun-19 Jul, 20 Jul-19 Aug (begun before 1 Aug),
      then 4-weekly 20 Aug-16 Sep, (17 Sep-14 Oct). Sessions 22 Jul, 20 Sep: the first two met (22 Jul <= 24 Jul;
      inside), 20 Aug-16 Sep not (20 Sep is a day after 19 Sep). 2 of 3.
  Council 6 of 7 -> 85.7%; NQSW 3/3, everyone else 4 due 3 met. Month to D: C2 (20 Sep) of C1, C2 -> 50%.
  No reviews: the review measures are null.

Council 913 "Quietham": one worker since 2018 and no sessions, no reviews: 3 intervals due, the figures null.
Council 914 "Emptyford": a session (2020) and a review, but nobody due anything: empty denominators, null.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.domain.codes import CFKSSStatus, ContractType, OrgRole, Programme, StartOrigin, WorkerGroup
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import (
    Assignment,
    Council,
    CouncilRecords,
    Engagement,
    PerformanceReview,
    ProgrammeSpell,
    SupervisionSession,
    SupervisionStandard,
    Team,
)
from csc_workforce.measures.disclosure import withhold_team_counts
from csc_workforce.measures.inputs import SUPERVISION_POLICY_SCHEMA, CouncilFrames, frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.strategy_catalogue import LOCAL_COMPUTED_IDS, STRATEGY_BY_ID
from csc_workforce.measures.supervision import (
    ALL_GROUPS,
    DEFAULT_VERSION,
    SUPERVISION_TEAM_COUNTS,
    SUPERVISION_TEAM_DERIVED,
    Interval,
    add_months,
    asye_starts,
    month_to,
    months_between,
    policy_versions,
    reviews_by_team,
    supervision_by_team,
    supervision_intervals,
    supervision_measures,
    supervision_trend,
)

D = date(2023, 9, 30)
P = Period(date(2023, 7, 1), D)
PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY
ONE_DAY = timedelta(days=1)


def _asg(key: str, start: date, team: str, role: OrgRole = OrgRole.CASE_HOLDER, **kw: object) -> Assignment:
    return Assignment(key, start, None, role=role, fte=Decimal("1.0"), team_key=team, **kw)  # type: ignore[arg-type]


def _sessions(key: str, *days: date) -> tuple[SupervisionSession, ...]:
    return tuple(SupervisionSession(key, day) for day in days)


def supervshire() -> CouncilRecords:
    return CouncilRecords(
        council=Council("911", "Supervshire"),
        teams=(Team("T1", "Assessment"), Team("T2", "Children in Care")),
        engagements=(
            Engagement("N1", "PN1", PERM, start_date=date(2023, 2, 6)),
            Engagement("W1", "PW1", PERM, start_date=date(2020, 1, 15)),
            Engagement("A1", "PA1", AGENCY, start_date=date(2023, 5, 1)),
            Engagement("L1", "PL1", PERM, start_date=date(2019, 3, 1), end_date=date(2023, 8, 20)),
            Engagement("J1", "PJ1", PERM, start_date=date(2023, 9, 5), start_origin=StartOrigin.OTHER_LA_ENGLAND),
        ),
        assignments=(
            _asg("N1", date(2023, 2, 6), "T1"),
            _asg("W1", date(2020, 1, 15), "T1"),
            _asg("A1", date(2023, 5, 1), "T2"),
            Assignment("L1", date(2019, 3, 1), date(2023, 8, 19), role=OrgRole.CASE_HOLDER, team_key="T2"),
            _asg("J1", date(2023, 9, 5), "T2", role=OrgRole.SENIOR_PRACTITIONER),
        ),
        programmes=(ProgrammeSpell("S1", "PN1", Programme.ASYE, date(2023, 2, 6)),),
        supervision=(
            *_sessions("N1", date(2023, 7, 5), date(2023, 7, 28), date(2023, 9, 15)),
            *_sessions("W1", date(2023, 7, 10), date(2023, 8, 20), date(2023, 9, 25)),
            *_sessions("A1", date(2023, 7, 3), date(2023, 8, 12), date(2023, 10, 3)),
            *_sessions("L1", date(2023, 7, 15)),
            *_sessions("J1", date(2023, 9, 20)),
        ),
        reviews=(
            PerformanceReview("W1", "2023", date(2023, 7, 31), date(2023, 7, 20), "Good", True, True),
            PerformanceReview("N1", "2023", date(2023, 8, 15), date(2023, 8, 25), "Requires improvement", False, True),
            PerformanceReview("J1", "2023", date(2023, 9, 20)),
            PerformanceReview("L1", "2023", date(2023, 8, 31)),
            PerformanceReview("W1", "2022", date(2023, 6, 30), date(2023, 7, 5), "B", None, True),
            PerformanceReview("W1", "2024", date(2023, 10, 31), date(2023, 9, 28), "Excellent", True, False),
            PerformanceReview("A1", "2023", date(2023, 7, 31), date(2023, 7, 1), "Good", True, True),
        ),
    )


def policyton() -> CouncilRecords:
    jan, aug = date(2023, 1, 1), date(2023, 8, 1)
    return CouncilRecords(
        council=Council("912", "Policyton"),
        teams=(Team("PT", "Safeguarding"),),
        engagements=(
            Engagement("C1", "PC1", PERM, start_date=date(2023, 4, 3)),
            Engagement("C2", "PC2", PERM, start_date=date(2022, 6, 20), start_origin=StartOrigin.OTHER_LA_ENGLAND),
        ),
        assignments=(
            _asg("C1", date(2023, 4, 3), "PT", cfkss_status=CFKSSStatus.ASYE),
            _asg("C2", date(2022, 6, 20), "PT"),
        ),
        supervision_policy=(
            SupervisionStandard(WorkerGroup.NQSW, 0, 6, 2, None, 5, jan),
            SupervisionStandard(WorkerGroup.ALL, 0, None, None, 1, 5, jan),
            SupervisionStandard(WorkerGroup.ALL, 0, None, 4, None, 3, aug),
        ),
        supervision=(
            *_sessions("C1", date(2023, 7, 12), date(2023, 8, 10)),
            *_sessions("C2", date(2023, 7, 22), date(2023, 9, 20)),
        ),
    )


def quietham() -> CouncilRecords:
    return CouncilRecords(
        council=Council("913", "Quietham"),
        engagements=(Engagement("Q1", "PQ1", PERM, start_date=date(2018, 1, 1)),),
        assignments=(_asg("Q1", date(2018, 1, 1), "Q"),),
    )


def emptyford() -> CouncilRecords:
    return CouncilRecords(
        council=Council("914", "Emptyford"),
        engagements=(Engagement("F1", "PF1", PERM, start_date=date(2023, 9, 20)),),
        assignments=(_asg("F1", date(2023, 9, 20), "F"),),
        supervision=_sessions("F1", date(2020, 1, 1)),
        reviews=(PerformanceReview("F1", "2023", date(2023, 12, 31), date(2023, 9, 25)),),
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([supervshire(), policyton(), quietham(), emptyford()])


@pytest.fixture(scope="module")
def figures(inputs: CouncilFrames) -> dict[str, dict[str, object]]:
    frame = supervision_measures(inputs, as_at=D, period=P)
    return {row["la_code"]: row for row in frame.iter_rows(named=True)}


@pytest.fixture(scope="module")
def teams(inputs: CouncilFrames) -> pl.DataFrame:
    return supervision_by_team(inputs, as_at=D, period=P)


# ------------------------------------------------------------------------------------------------ dates


def test_months_are_added_to_the_month_end_and_counted_whole() -> None:
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 3, 15), -3) == date(2022, 12, 15)
    assert months_between(date(2023, 2, 6), date(2023, 8, 5)) == 5
    assert months_between(date(2023, 2, 6), date(2023, 8, 6)) == 6
    assert months_between(date(2023, 1, 31), date(2023, 2, 28)) == 1
    assert month_to(D) == Period(date(2023, 8, 31), D)  # 30 Aug exclusive to 30 Sep


# -------------------------------------------------------------------------------------------- intervals


def test_nqsw_fortnightly_for_six_months_then_monthly() -> None:
    found = list(
        supervision_intervals(
            date(2023, 2, 6), date(2023, 2, 6), (DEFAULT_VERSION,), since=date(2023, 1, 1), until=date(2023, 10, 6)
        )
    )
    fortnights = [i for i in found if i.group == "nqsw"]
    # 13 fortnights from 6 Feb: the 13th begins on 24 Jul (month 5; month 6 begins on 6 Aug) and ends on 6 Aug.
    assert len(fortnights) == 13
    assert all((i.last - i.first).days == 13 for i in fortnights)
    assert fortnights[-1] == Interval(date(2023, 7, 24), date(2023, 8, 6), "nqsw", 7)
    assert found[13:] == [
        Interval(date(2023, 8, 7), date(2023, 9, 6), "all", 7),
        Interval(date(2023, 9, 7), date(2023, 10, 6), "all", 7),
    ]


def test_monthly_intervals_do_not_drift_and_an_unknown_start_gives_calendar_months() -> None:
    monthly = list(supervision_intervals(date(2023, 1, 31), None, (DEFAULT_VERSION,), since=date(2023, 1, 1), until=D))
    # 31 Jan + 1 month = 28 Feb, + 2 months = 31 Mar, + 3 months = 30 Apr: each interval ends the day before.
    assert [(i.first, i.last) for i in monthly[:3]] == [
        (date(2023, 1, 31), date(2023, 2, 27)),
        (date(2023, 2, 28), date(2023, 3, 30)),
        (date(2023, 3, 31), date(2023, 4, 29)),
    ]
    unknown = list(supervision_intervals(None, None, (DEFAULT_VERSION,), since=date(2023, 9, 1), until=D))
    assert unknown == [Interval(date(2023, 9, 1), date(2023, 9, 30), "all", 7)]


def test_a_policy_change_applies_from_the_next_interval(inputs: CouncilFrames) -> None:
    versions = policy_versions(inputs.supervision_policy)["912"]
    assert [v.effective_from for v in versions] == [date.min, date(2023, 1, 1), date(2023, 8, 1)]
    c2 = list(supervision_intervals(date(2022, 6, 20), None, versions, since=date(2022, 12, 20), until=D))
    # Default until 1 Jan 2023 (grace 7): 20 Dec begins before it. Then the January policy, monthly from 20 Jan
    # (grace 5), until 20 Jul-19 Aug, which begins before 1 Aug; then every 4 weeks from 20 Aug (grace 3).
    assert c2[0] == Interval(date(2022, 12, 20), date(2023, 1, 19), "all", 7)
    assert c2[1] == Interval(date(2023, 1, 20), date(2023, 2, 19), "all", 5)
    assert c2[-3:] == [
        Interval(date(2023, 7, 20), date(2023, 8, 19), "all", 5),
        Interval(date(2023, 8, 20), date(2023, 9, 16), "all", 3),
        Interval(date(2023, 9, 17), date(2023, 10, 14), "all", 3),
    ]


def test_the_asye_start_comes_from_the_programme_else_cfkss_else_a_newly_qualified_start() -> None:
    frames = frames_from_records(
        [
            CouncilRecords(
                council=Council("915", "Startham"),
                engagements=(
                    # origin 1 from 1 Jan, but the ASYE programme spell says 1 Feb: the spell wins
                    Engagement("E1", "P1", PERM, start_date=date(2023, 1, 1), start_origin=StartOrigin.NEWLY_QUALIFIED),
                    Engagement("E2", "P2", PERM, start_date=date(2023, 1, 1)),
                    Engagement("E3", "P3", PERM, start_date=date(2023, 3, 1), start_origin=StartOrigin.NEWLY_QUALIFIED),
                    Engagement("E4", "P4", PERM, start_date=date(2023, 3, 1)),
                ),
                assignments=(
                    _asg("E2", date(2023, 1, 1), "T"),
                    _asg("E2", date(2023, 2, 1), "T", cfkss_status=CFKSSStatus.ASYE),
                    _asg("E4", date(2023, 3, 1), "T", cfkss_status=CFKSSStatus.FRONTLINE_PRACTITIONER),
                ),
                programmes=(ProgrammeSpell("S1", "P1", Programme.ASYE, date(2023, 2, 1)),),
            )
        ]
    )
    found = dict(asye_starts(frames).select("engagement_key", "asye_start").iter_rows())
    assert found == {"E1": date(2023, 2, 1), "E2": date(2023, 2, 1), "E3": date(2023, 3, 1)}


# ------------------------------------------------------------------------------------------- the figures


def test_supervision_on_time(figures: dict[str, dict[str, object]]) -> None:
    assert figures["911"]["supervision_on_time_pct"] == pytest.approx(9 / 11 * 100)  # 81.8%
    assert figures["912"]["supervision_on_time_pct"] == pytest.approx(6 / 7 * 100)  # 85.7%


def test_workers_supervised_last_month(figures: dict[str, dict[str, object]]) -> None:
    assert figures["911"]["workers_supervised_last_month_pct"] == pytest.approx(2 / 3 * 100)
    assert figures["912"]["workers_supervised_last_month_pct"] == pytest.approx(50.0)


def test_reviews(figures: dict[str, dict[str, object]]) -> None:
    assert figures["911"]["appraisals_in_timescale_pct"] == pytest.approx(1 / 3 * 100)
    assert figures["911"]["appraisal_rating_successful_pct"] == pytest.approx(2 / 3 * 100)
    assert figures["911"]["appraisal_objectives_set_pct"] == pytest.approx(75.0)


def test_no_records_of_a_kind_is_null_not_zero(figures: dict[str, dict[str, object]], teams: pl.DataFrame) -> None:
    # Policyton holds no reviews; Quietham holds nothing: 3 calendar months due, but no sessions held anywhere.
    assert [figures["912"][c] for c in ("appraisals_in_timescale_pct", "appraisal_rating_successful_pct")] == [
        None,
        None,
    ]
    assert all(figures["913"][c] is None for c in figures["913"] if c != "la_code")
    quiet = teams.filter((pl.col("la_code") == "913") & pl.col("is_total") & (pl.col("worker_group") == ALL_GROUPS))
    columns = ("due", "met", "on_time_pct", "workers", "supervised_last_month")
    assert quiet.select(columns).row(0) == (3, None, None, 1, None)


def test_empty_denominators_are_null(figures: dict[str, dict[str, object]]) -> None:
    # Emptyford holds a session and a review, but F1 joined on 20 Sep: no interval due, not in post throughout the
    # month; the review is due after D and records neither a rating nor objectives.
    assert all(figures["914"][c] is None for c in figures["914"] if c != "la_code")


# ---------------------------------------------------------------------------------------------- the tables


def test_supervision_by_team_and_group(teams: pl.DataFrame) -> None:
    rows = teams.filter(pl.col("la_code") == "911").select(
        "team_name", "worker_group", "due", "met", "workers", "supervised_last_month"
    )
    assert rows.rows() == [
        ("Assessment", "nqsw", 3, 3, 0, 0),
        ("Assessment", "all", 4, 3, 2, 2),  # N1 7 Aug-6 Sep missed; W1 3 of 3; both supervised in the month
        ("Assessment", "total", 7, 6, 2, 2),
        ("Children in Care", "all", 4, 3, 1, 0),  # A1 2 of 3, L1 1 of 1; A1 not supervised in the month
        ("Children in Care", "total", 4, 3, 1, 0),
        ("Total", "nqsw", 3, 3, 0, 0),
        ("Total", "all", 8, 6, 3, 2),
        ("Total", "total", 11, 9, 3, 2),
    ]
    nqsw = teams.filter((pl.col("la_code") == "911") & (pl.col("worker_group") == "nqsw") & pl.col("is_total"))
    assert nqsw["on_time_pct"][0] == pytest.approx(100.0)
    assert nqsw["supervised_last_month_pct"][0] is None  # no NQSW on D: empty denominator


def test_team_rows_add_up_to_the_council_figure(
    inputs: CouncilFrames, teams: pl.DataFrame, figures: dict[str, dict[str, object]]
) -> None:
    every = teams.filter(pl.col("worker_group") == ALL_GROUPS)
    for la_code in ("911", "912"):
        council = every.filter(pl.col("la_code") == la_code)
        team_sum = council.filter(~pl.col("is_total")).select(pl.col("due", "met").sum()).row(0)
        total = council.filter(pl.col("is_total"))
        assert team_sum == total.select("due", "met").row(0)
        assert total["on_time_pct"][0] == pytest.approx(figures[la_code]["supervision_on_time_pct"])
    policy = teams.filter((pl.col("la_code") == "912") & pl.col("is_total")).select("worker_group", "due", "met")
    assert policy.rows() == [("nqsw", 3, 3), ("all", 4, 3), ("total", 7, 6)]


def test_the_team_table_is_protected_by_the_team_counts_mechanism(teams: pl.DataFrame) -> None:
    # Supervshire, every group: Assessment due 7 met 6 workers 2 supervised 2; Children in Care 4, 3, 1, 0;
    # Total 11, 9, 3, 2. Children in Care's due 4 and met 3 are small (1 to 4), so Assessment's 7 and 6 go too
    # (11 - 4 would give them away); every worker count is small (a 0 is shown: it is not 1 to 4). The percentages
    # go with their counts; the council's due 11 and met 9 are shown, its workers 3 and supervised 2 are not.
    every = teams.filter((pl.col("la_code") == "911") & (pl.col("worker_group") == ALL_GROUPS))
    shown = withhold_team_counts(every, counts=SUPERVISION_TEAM_COUNTS, derived=SUPERVISION_TEAM_DERIVED)
    rows = shown.filter(~pl.col("is_total"))
    for column in ("due", "met", "workers", *SUPERVISION_TEAM_DERIVED):
        assert rows[column].to_list() == [None, None], column
    assert rows["supervised_last_month"].to_list() == [None, 0]
    total = shown.filter(pl.col("is_total")).row(0, named=True)
    assert (total["due"], total["met"], total["workers"], total["supervised_last_month_pct"]) == (11, 9, None, None)
    assert total["on_time_pct"] == pytest.approx(9 / 11 * 100)


def test_reviews_by_team_and_role(inputs: CouncilFrames, figures: dict[str, dict[str, object]]) -> None:
    table = reviews_by_team(inputs, as_at=D, period=P).filter(pl.col("la_code") == "911")
    rows = table.select("team_name", "role", "due", "on_time", "completed", "rated", "successful", "objectives_set")
    assert rows.rows() == [
        ("Assessment", "5", 2, 1, 4, 3, 2, 3),  # R1 R2 due (R1 on time); R1 R2 R5 R6 completed
        ("Assessment", "All", 2, 1, 4, 3, 2, 3),
        ("Children in Care", "4", 1, 0, 0, 0, 0, 0),  # R3 (J1) due, not done
        ("Children in Care", "All", 1, 0, 0, 0, 0, 0),
        ("Total", "4", 1, 0, 0, 0, 0, 0),
        ("Total", "5", 2, 1, 4, 3, 2, 3),
        ("Total", "All", 3, 1, 4, 3, 2, 3),
    ]
    total = table.filter(pl.col("is_total") & (pl.col("role") == "All")).row(0, named=True)
    assert total["in_timescale_pct"] == pytest.approx(figures["911"]["appraisals_in_timescale_pct"])
    assert total["successful_pct"] == pytest.approx(figures["911"]["appraisal_rating_successful_pct"])
    assert total["objectives_set_pct"] == pytest.approx(figures["911"]["appraisal_objectives_set_pct"])
    quiet = reviews_by_team(inputs, as_at=D, period=P).filter(pl.col("la_code") == "913")
    assert quiet.select("due", "in_timescale_pct").rows() == [(None, None)]  # holds no reviews


def test_monthly_trend(inputs: CouncilFrames) -> None:
    trend = supervision_trend(inputs, as_at=D, months=3).filter(pl.col("la_code") == "911")
    # Jul: N1 9 and 23 Jul, W1 14 Jul, A1 and L1 31 Jul, all met. Aug: N1 6 Aug, W1 14 Aug, A1 31 Aug, met (L1 had
    # left). Sep: N1 6 Sep missed, W1 14 Sep met, A1 30 Sep missed. 11 due, 9 met, as the figure for P.
    assert trend.select("month", "due", "met").rows() == [
        (date(2023, 7, 1), 5, 5),
        (date(2023, 8, 1), 3, 3),
        (date(2023, 9, 1), 3, 1),
    ]
    assert trend["on_time_pct"][2] == pytest.approx(100 / 3)
    quiet = supervision_trend(inputs, as_at=D, months=3).filter(pl.col("la_code") == "913")
    assert quiet.select("due", "met", "on_time_pct").rows() == [(1, None, None)] * 3


def test_local_measures_has_the_supervision_and_review_columns(inputs: CouncilFrames) -> None:
    ids = (
        "supervision_on_time_pct",
        "workers_supervised_last_month_pct",
        "appraisals_in_timescale_pct",
        "appraisal_rating_successful_pct",
        "appraisal_objectives_set_pct",
    )
    assert set(ids) <= set(LOCAL_COMPUTED_IDS)
    assert {STRATEGY_BY_ID[i].reads for i in ids} == {("supervision",), ("reviews",)}
    row = local_measures(inputs, as_at=D, period=P).filter(pl.col("la_code") == "911").row(0, named=True)
    assert row["supervision_on_time_pct"] == pytest.approx(9 / 11 * 100)
    assert row["appraisal_objectives_set_pct"] == pytest.approx(75.0)


# ------------------------------------------------------------------------------------------------ bad input


def _policy(**overrides: object) -> pl.DataFrame:
    line = {
        "la_code": "912",
        "group": "all",
        "from_month": 0,
        "to_month": None,
        "interval_weeks": None,
        "interval_months": 1,
        "grace_days": 5,
        "effective_from": date(2023, 1, 1),
    }
    return pl.DataFrame([{**line, **overrides}], schema=dict(SUPERVISION_POLICY_SCHEMA))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"interval_weeks": 2}, "exactly one of interval_weeks and interval_months"),
        ({"interval_months": 0}, "must be a whole number above 0"),
        ({"group": "managers"}, "write 'nqsw' or 'all'"),
        ({"to_month": 0}, "to_month \\(0\\) must be after from_month"),
        ({"grace_days": -1}, "grace_days \\(-1\\)"),
    ],
)
def test_a_wrong_policy_line_is_refused_naming_it(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match="council 912, line group .* effective from 2023-01-01: .*" + message):
        policy_versions(_policy(**overrides))


def test_overlapping_policy_lines_are_refused() -> None:
    lines = pl.concat([_policy(), _policy(from_month=3, interval_months=None, interval_weeks=2)])
    with pytest.raises(ValueError, match="from month 3 .* overlaps the line from month 0 to onwards"):
        policy_versions(lines)
