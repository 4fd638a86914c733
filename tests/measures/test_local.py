"""Every computed local measure for a small hand-built council, worked out by hand in the comments.

Council 901 "Localshire", as at D = 30 Sep 2023; P (default) = the 12 months to D = 1 Oct 2022 .. 30 Sep 2023;
a year before D = 30 Sep 2022.

Posts covering D (funded FTE): T1 role 5 4.0, T1 role 3 1.0, T2 role 4 2.0, T2 role 5 2.0; T1 role 5 1.0 ended
31 Mar 2023 (not counted).

  eng  person agency start       end         fte  role team job title / notes                      cases on 29 Sep
  E1   P1     no     2015-01-05  -           1.0  5    T1   F WBRI, frontline_grad (not a starter)  16
  E2   P2     no     2023-03-01  -           1.0  5    T1   M BAFR, origin 1 (NQ): ASYE by start      12
  E3   P3     no     2019-06-01  -           1.0  3    T1   F AIND                                    no snapshot
  E4   P4     no     2012-01-01  2023-06-30  0.5  4    T2   leaver: reason 1, destination 3
  E5   P5     yes    2022-01-10  -           1.0  5    T1   "Consultant Social Worker"                8
  E6   P6     yes    2023-05-01  -           1.0  4    T2   agency placement in P                     20
  E7a  P7     yes    2022-06-01  2023-04-01  1.0  4    T2   agency, then converted:
  E7   P7     no     2023-04-01  -           1.0  4    T2   M WOTH, origin 2, step_up_grad            15
  E8   P8     no     2023-07-01  -           1.0  2    T2   F REFU, origin 4 (agency)                 no snapshot
  E9   P9     no     2021-02-01  -           0.5  5    T2   sex 9, NOBT, CFKSS ASYE from 1 Jan 2023   10
  E10  P10    no     2020-01-01  2023-08-31  1.0  5    T1   leaver: reason 5, destination 6
  E11  P11    no     2022-11-01  2023-02-28  1.0  5    T1   origin 1 (NQ); leaver: reason 1, dest 1

In post at D: E1 E2 E3 E5 E6 E7 E8 E9. Council-employed FTE 1+1+1+1+1+0.5 = 5.5; agency FTE (E5, E6) 2.0.

Sickness (SIC unless said): E1 9 Jan-17 Feb 2023 (40 days) 30 lost; E2 2-4 May 2023 (3 days) 3 lost; E6 (agency)
1-10 Jun 2023 8 lost, left out; E7 21 Sep-10 Oct 2022 (20 days) 14 lost, 10 of its days in P -> 7; E9 training
(TRN) 2 lost, left out.

Council 902 "Smallton": one permanent case holder (F WBRI, started 2020, 1.0 FTE, team S1 funded 1.0) and no other
records; computed in the same pass.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.domain.codes import (
    AbsenceReason,
    CFKSSStatus,
    ContractType,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import (
    Absence,
    Assignment,
    CaseloadSnapshot,
    Council,
    CouncilRecords,
    Engagement,
    Person,
    Post,
    Team,
)
from csc_workforce.measures.agency import AGENCY_MEASURE_IDS
from csc_workforce.measures.allocations import ALLOCATION_MEASURE_IDS
from csc_workforce.measures.audits import AUDIT_MEASURE_IDS
from csc_workforce.measures.hr_cases import HR_MEASURE_IDS
from csc_workforce.measures.indicators import INDICATOR_MEASURE_IDS
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.measures.local import (
    ETHNIC_MINORITY,
    REFERENCE_COLUMNS,
    ethnicity_against_reference,
    local_measures,
    vacancies_by_team,
    year_before,
)
from csc_workforce.measures.placements import PLACEMENT_MEASURE_IDS
from csc_workforce.measures.programmes import ASYE_MEASURE_IDS
from csc_workforce.measures.recruitment import RECRUITMENT_MEASURE_IDS
from csc_workforce.measures.strategy_catalogue import _TRAINING, LOCAL_COMPUTED_IDS
from csc_workforce.measures.supervision import SUPERVISION_MEASURE_IDS

D = date(2023, 9, 30)
SNAP = date(2023, 9, 29)
PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY
R = OrgRole


def _eng(
    key: str, person: str, contract: ContractType, start: date, end: date | None = None, **kw: object
) -> Engagement:
    return Engagement(key, person, contract, start_date=start, end_date=end, **kw)  # type: ignore[arg-type]


def _asg(
    key: str,
    start: date,
    fte: str,
    role: OrgRole,
    team: str,
    end: date | None = None,
    title: str = "Social Worker",
    status: CFKSSStatus | None = None,
) -> Assignment:
    return Assignment(key, start, end, role=role, fte=Decimal(fte), team_key=team, job_title=title, cfkss_status=status)


def localshire() -> CouncilRecords:
    engagements = (
        _eng("E1", "P1", PERM, date(2015, 1, 5)),
        _eng("E2", "P2", PERM, date(2023, 3, 1), start_origin=StartOrigin.NEWLY_QUALIFIED),
        _eng("E3", "P3", PERM, date(2019, 6, 1)),
        _eng(
            "E4",
            "P4",
            PERM,
            date(2012, 1, 1),
            date(2023, 6, 30),
            reason_leave=ReasonLeave.RESIGNATION,
            destination=LeaverDestination.AGENCY,
        ),
        _eng("E5", "P5", AGENCY, date(2022, 1, 10)),
        _eng("E6", "P6", AGENCY, date(2023, 5, 1)),
        _eng("E7a", "P7", AGENCY, date(2022, 6, 1), date(2023, 4, 1)),
        _eng("E7", "P7", PERM, date(2023, 4, 1), start_origin=StartOrigin.OTHER_LA_ENGLAND),
        _eng("E8", "P8", PERM, date(2023, 7, 1), start_origin=StartOrigin.AGENCY),
        _eng("E9", "P9", PERM, date(2021, 2, 1)),
        _eng(
            "E10",
            "P10",
            PERM,
            date(2020, 1, 1),
            date(2023, 8, 31),
            reason_leave=ReasonLeave.RETIRED,
            destination=LeaverDestination.NON_SOCIAL_CARE,
        ),
        _eng(
            "E11",
            "P11",
            PERM,
            date(2022, 11, 1),
            date(2023, 2, 28),
            start_origin=StartOrigin.NEWLY_QUALIFIED,
            reason_leave=ReasonLeave.RESIGNATION,
            destination=LeaverDestination.OTHER_LA_ENGLAND,
        ),
    )
    assignments = (
        _asg("E1", date(2015, 1, 5), "1.0", R.CASE_HOLDER, "T1"),
        _asg("E2", date(2023, 3, 1), "1.0", R.CASE_HOLDER, "T1"),
        _asg("E3", date(2019, 6, 1), "1.0", R.FIRST_LINE_MANAGER, "T1", title="Team Manager"),
        _asg("E4", date(2012, 1, 1), "0.5", R.SENIOR_PRACTITIONER, "T2", end=date(2023, 6, 30)),
        _asg("E5", date(2022, 1, 10), "1.0", R.CASE_HOLDER, "T1", title="Consultant Social Worker"),
        _asg("E6", date(2023, 5, 1), "1.0", R.SENIOR_PRACTITIONER, "T2"),
        _asg("E7a", date(2022, 6, 1), "1.0", R.SENIOR_PRACTITIONER, "T2", end=date(2023, 3, 31)),
        _asg("E7", date(2023, 4, 1), "1.0", R.SENIOR_PRACTITIONER, "T2"),
        _asg("E8", date(2023, 7, 1), "1.0", R.MIDDLE_MANAGER, "T2", title="Service Manager"),
        _asg("E9", date(2021, 2, 1), "0.5", R.CASE_HOLDER, "T2", end=date(2022, 12, 31)),
        _asg("E9", date(2023, 1, 1), "0.5", R.CASE_HOLDER, "T2", status=CFKSSStatus.ASYE),
        _asg("E10", date(2020, 1, 1), "1.0", R.CASE_HOLDER, "T1", end=date(2023, 8, 31)),
        _asg("E11", date(2022, 11, 1), "1.0", R.CASE_HOLDER, "T1", end=date(2023, 2, 28)),
    )
    return CouncilRecords(
        council=Council("901", "Localshire"),
        teams=(Team("T1", "Assessment"), Team("T2", "Children in Care")),
        people=(
            Person("P1", sex=Sex.FEMALE, ethnicity=Ethnicity.WBRI, frontline_grad=True),
            Person("P2", sex=Sex.MALE, ethnicity=Ethnicity.BAFR),
            Person("P3", sex=Sex.FEMALE, ethnicity=Ethnicity.AIND),
            Person("P7", sex=Sex.MALE, ethnicity=Ethnicity.WOTH, step_up_grad=True),
            Person("P8", sex=Sex.FEMALE, ethnicity=Ethnicity.REFU),
            Person("P9", sex=Sex.NOT_SPECIFIED, ethnicity=Ethnicity.NOBT),
        ),
        engagements=engagements,
        assignments=assignments,
        absences=(
            Absence("E1", date(2023, 1, 9), date(2023, 2, 17), AbsenceReason.SICKNESS, Decimal(30)),
            Absence("E2", date(2023, 5, 2), date(2023, 5, 4), AbsenceReason.SICKNESS, Decimal(3)),
            Absence("E6", date(2023, 6, 1), date(2023, 6, 10), AbsenceReason.SICKNESS, Decimal(8)),
            Absence("E7", date(2022, 9, 21), date(2022, 10, 10), AbsenceReason.SICKNESS, Decimal(14)),
            Absence("E9", date(2023, 3, 1), date(2023, 3, 2), AbsenceReason.TRAINING, Decimal(2)),
        ),
        caseloads=tuple(
            CaseloadSnapshot(e, SNAP, n)
            for e, n in [("E1", 16), ("E2", 12), ("E5", 8), ("E6", 20), ("E7", 15), ("E9", 10)]
        ),
        posts=(
            Post("T1", Decimal("4.0"), date(2020, 1, 1), role=R.CASE_HOLDER),
            Post("T1", Decimal("1.0"), date(2020, 1, 1), date(2023, 3, 31), role=R.CASE_HOLDER),
            Post("T1", Decimal("1.0"), date(2020, 1, 1), role=R.FIRST_LINE_MANAGER),
            Post("T2", Decimal("2.0"), date(2020, 1, 1), role=R.SENIOR_PRACTITIONER),
            Post("T2", Decimal("2.0"), date(2020, 1, 1), role=R.CASE_HOLDER),
        ),
    )


def smallton() -> CouncilRecords:
    return CouncilRecords(
        council=Council("902", "Smallton"),
        teams=(Team("S1", "Safeguarding"),),
        people=(Person("Q1", sex=Sex.FEMALE, ethnicity=Ethnicity.WBRI),),
        engagements=(_eng("F1", "Q1", PERM, date(2020, 1, 1)),),
        assignments=(_asg("F1", date(2020, 1, 1), "1.0", R.CASE_HOLDER, "S1"),),
        posts=(Post("S1", Decimal("1.0"), date(2020, 1, 1), role=R.CASE_HOLDER),),
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([localshire(), smallton()])


@pytest.fixture(scope="module")
def row(inputs: CouncilFrames) -> dict[str, object]:
    frame = local_measures(inputs, as_at=D)
    return frame.filter(pl.col("la_code") == "901").row(0, named=True)


@pytest.fixture(scope="module")
def small(inputs: CouncilFrames) -> dict[str, object]:
    return local_measures(inputs, as_at=D).filter(pl.col("la_code") == "902").row(0, named=True)


def test_one_row_per_council_with_every_computed_measure_in_catalogue_order(inputs: CouncilFrames) -> None:
    frame = local_measures(inputs, as_at=D)
    assert frame.columns == ["la_code", *LOCAL_COMPUTED_IDS]
    assert frame["la_code"].to_list() == ["901", "902"]


EXPECTED = {
    # Establishment: posts covering D 4 + 1 + 2 + 2 = 9.0; frontline (roles 4, 5) 4 + 2 + 2 = 8.0.
    "establishment_fte": 9.0,
    "establishment_frontline_fte": 8.0,
    # T1 funded 5, permanent E1 E2 E3 = 3, agency E5 1 -> vacant 2, uncovered 1.
    # T2 funded 4, permanent E7 E8 E9 = 2.5, agency E6 1 -> vacant 1.5, uncovered 0.5.
    "establishment_vacant_fte": 3.5,
    "vacancies_uncovered_fte": 1.5,
    "agency_in_vacant_posts_fte": 2.0,  # 3.5 - 1.5
    # Permanency: 5.5 / (5.5 + 2) x 100.
    "permanency_rate_fte": 5.5 / 7.5 * 100,
    # Frontline: permanent E1 1 + E2 1 + E7 1 + E9 0.5 = 3.5, agency E5 + E6 = 2 -> 3.5 / 5.5.
    "permanency_rate_frontline_fte": 3.5 / 5.5 * 100,
    # Managers: E3 (role 3), E8 (role 2), no agency managers.
    "permanency_rate_managers_fte": 100.0,
    # Agency in post: E5 started 10 Jan 2022 (<= 30 Sep 2022, over 12 months), E6 1 May 2023 -> 1 of 2.
    "agency_over_12_months_pct": 50.0,
    # Agency engagements starting in P: E6 only (E5 Jan 2022 and E7a Jun 2022 are before P).
    "agency_placements": 1,
    # Persons in post: P1 White, P2 Black, P3 Asian, P7 White, P8 refused, P9 not obtained -> 2 of 4 known.
    "ethnic_minority_pct": 50.0,
    # Managers P3 (Asian) and P8 (refused) -> 1 of 1 known.
    "ethnic_minority_managers_pct": 100.0,
    # Known sex: P1 F, P2 M, P3 F, P7 M, P8 F (P9 is 9, not known) -> 2 of 5 male.
    "male_pct": 40.0,
    "male_managers_pct": 0.0,  # P3 F, P8 F
    # Service at D: P1 8 years, P2 0, P3 4, P7 0 (E7a ended; E7 from Apr 2023), P8 0, P9 2 -> under 2: P2 P7
    # P8 = 3 of 6; under 5: those and P3, P9 = 5 of 6.
    "service_under_2_years_pct": 50.0,
    "service_under_5_years_pct": 5 / 6 * 100,
    # Leavers in the 12 months to D: E4 0.5, E10 1.0, E11 1.0 = 2.5 FTE; in post 5.5 FTE.
    "turnover_rate_12m_fte": 2.5 / 5.5 * 100,
    # All three leavers are frontline (roles 4, 5, 5); frontline council-employed in post 3.5 FTE.
    "turnover_rate_frontline_12m_fte": 2.5 / 3.5 * 100,
    # In post 30 Sep 2022: P1 P3 P4 P9 P10 (P7 was agency, so not counted) -> still in post at D: P1 P3 P9.
    "retention_rate": 60.0,
    # Leavers: E4 resigned (to agency), E10 retired, E11 resigned (to another LA).
    "leavers_resignation_pct": 2 / 3 * 100,
    "leavers_to_agency_pct": 1 / 3 * 100,
    # Starters in P: E2 (origin 1), E7 (origin 2), E8 (origin 4), E11 (origin 1) -> 2 of 4 newly qualified.
    "nq_starters": 2,
    "nq_starters_pct": 50.0,
    # NQ cohort P2 (in post at D) and P11 (left) -> 1 of 2.
    "nq_starters_retained_pct": 50.0,
    # E8 by origin 4; E7 because P7's agency engagement E7a started earlier.
    "agency_to_permanent_conversions": 2,
    # P7 is a Step Up graduate and a starter; P1 is a Frontline graduate but not a starter.
    "step_up_frontline_starters": 1,
    # Case holders E1 16, E2 12, E5 8, E6 20, E7 15, E9 10 = 81 cases over 6 workers.
    "caseload_average_per_worker": 81 / 6,
    "caseload_max": 20,
    # T1: 16 + 12 + 8 = 36 over 3 FTE = 12; T2: 20 + 15 + 10 = 45 over 2.5 FTE = 18 -> 6.
    "caseload_team_spread": 6.0,
    # Capacity = FTE x weight: E1 1, E2 0.9 (NQ start within 12 months: ASYE), E5 0.5 (consultant), E6 1, E7 1,
    # E9 0.5 x 0.9 = 0.45 (CFKSS ASYE) -> 4.85; 81 / 4.85.
    "caseload_weighted": 81 / 4.85,
    # Per worker: 16, 12 / 0.9 = 13.3, 8 / 0.5 = 16, 20, 15, 10 / 0.45 = 22.2.
    "caseload_weighted_max": 10 / 0.45,
    "caseload_asye_max": 12,  # E2 12, E9 10
    # Days lost in P: E1 30 + E2 3 + E7 14 x 10 / 20 = 7 -> 40, over 5.5 FTE in post.
    "sickness_days_per_fte": 40 / 5.5,
    "sickness_long_term_days": 30.0,  # E1's 40-day spell
    "sickness_short_term_days": 10.0,  # E2 3 + E7 7
    "sickness_long_term_pct": 75.0,  # 30 / 40
    # Localshire holds no ASYE spell, placement or placement income: null, not 0 (tests/measures/test_programmes.py
    # and test_placements.py work these out for councils that hold them).
    **dict.fromkeys(ASYE_MEASURE_IDS + PLACEMENT_MEASURE_IDS),
    # Nor supervision sessions or reviews (tests/measures/test_supervision.py), nor HR cases
    # (tests/measures/test_hr_cases.py).
    **dict.fromkeys(SUPERVISION_MEASURE_IDS),
    **dict.fromkeys(HR_MEASURE_IDS),
    **dict.fromkeys(AUDIT_MEASURE_IDS),  # nor case audits (tests/measures/test_audits.py)
    **dict.fromkeys(INDICATOR_MEASURE_IDS),  # nor practice indicators (tests/measures/test_indicators.py)
    **dict.fromkeys(ALLOCATION_MEASURE_IDS),  # nor case allocations (tests/measures/test_allocations.py)
    **dict.fromkeys(AGENCY_MEASURE_IDS),  # nor agency placements (tests/measures/test_agency.py)
    **dict.fromkeys(RECRUITMENT_MEASURE_IDS),  # nor recruitment (tests/measures/test_recruitment.py)
    # nor agency costs or campaigns, so no cost of turnover (tests/measures/test_turnover_cost.py)
    "recruitment_and_turnover_cost": None,
}


# The practice and development measures are worked out by hand in their own modules (test_training.py,
# test_progression.py check that they cover every one of theirs).
HAND_WORKED_ELSEWHERE = {m.id for m in _TRAINING}


def test_expected_values_cover_every_computed_measure() -> None:
    assert set(EXPECTED) == set(LOCAL_COMPUTED_IDS) - HAND_WORKED_ELSEWHERE


@pytest.mark.parametrize("measure_id", sorted(EXPECTED))
def test_measure_matches_hand_worked_value(row: dict[str, object], measure_id: str) -> None:
    expected = EXPECTED[measure_id]
    assert row[measure_id] is None if expected is None else row[measure_id] == pytest.approx(expected)


def test_second_council_in_the_same_pass(small: dict[str, object]) -> None:
    # Q1: 1.0 FTE permanent, role 5, in post since 2020, no agency, no flows, no caseload, no absence.
    assert small["permanency_rate_fte"] == 100.0
    assert small["permanency_rate_frontline_fte"] == 100.0
    assert small["permanency_rate_managers_fte"] is None  # no managers: empty denominator
    assert small["establishment_fte"] == 1.0 and small["establishment_vacant_fte"] == 0.0
    assert small["retention_rate"] == 100.0  # in post a year ago and now
    assert small["agency_over_12_months_pct"] is None
    assert small["nq_starters"] == 0 and small["nq_starters_pct"] is None
    assert small["turnover_rate_12m_fte"] == 0.0
    assert small["sickness_long_term_days"] == 0.0 and small["sickness_long_term_pct"] is None
    assert small["caseload_max"] is None and small["caseload_weighted"] is None


def test_flows_follow_the_period_passed(inputs: CouncilFrames) -> None:
    # Only 1 Jan - 30 Jun 2023: starters E2, E7 (E8 starts 1 Jul, E11 Nov 2022) -> 1 NQ of 2; E6 placement.
    # Sickness: E1 30 + E2 3 = 33, all but E2's 3 long-term; the rolling 12-month turnover is unchanged.
    frame = local_measures(inputs, as_at=D, period=Period(date(2023, 1, 1), date(2023, 6, 30)))
    got = frame.filter(pl.col("la_code") == "901").row(0, named=True)
    assert got["nq_starters"] == 1 and got["nq_starters_pct"] == 50.0
    assert got["agency_to_permanent_conversions"] == 1  # E7
    assert got["sickness_long_term_days"] == 30.0 and got["sickness_short_term_days"] == 3.0
    assert got["sickness_days_per_fte"] == pytest.approx(33 / 5.5)
    assert got["turnover_rate_12m_fte"] == pytest.approx(2.5 / 5.5 * 100)


def test_year_before_handles_29_february() -> None:
    assert year_before(date(2024, 2, 29)) == date(2023, 2, 28)
    assert year_before(D) == date(2022, 9, 30)


def test_vacancies_by_team_adds_each_teams_share_of_vacancies(inputs: CouncilFrames) -> None:
    table = vacancies_by_team(inputs, as_at=D).filter(pl.col("la_code") == "901")
    shares = dict(zip(table["team_name"], table["vacant_share_pct"], strict=True))
    # T1 vacant 2.0, T2 1.5 of 3.5.
    assert shares["Assessment"] == pytest.approx(2 / 3.5 * 100)
    assert shares["Children in Care"] == pytest.approx(1.5 / 3.5 * 100)
    assert shares["Total"] == pytest.approx(100.0)


def test_ethnicity_against_reference_gives_percentage_point_gaps(inputs: CouncilFrames) -> None:
    # Known ethnicity: White 2 (P1, P7), Black 1 (P2), Asian 1 (P3) of 4; reference 38.8% minority, 61.2% White.
    reference = {ETHNIC_MINORITY: 38.8, "White": 61.2, "Asian / Asian British": 10.0}
    table = ethnicity_against_reference(inputs, as_at=D, reference=reference)
    assert table.columns == list(REFERENCE_COLUMNS)
    got = {r["group"]: r for r in table.filter(pl.col("la_code") == "901").iter_rows(named=True)}
    assert got[ETHNIC_MINORITY]["workforce_pct"] == 50.0
    assert got[ETHNIC_MINORITY]["difference_pp"] == pytest.approx(11.2)
    assert got["White"]["difference_pp"] == pytest.approx(-11.2)
    assert got["Asian / Asian British"]["headcount"] == 1 and got["Asian / Asian British"]["workforce_pct"] == 25.0
    # Smallton: its one worker is White British.
    smallton_white = table.filter((pl.col("la_code") == "902") & (pl.col("group") == "White"))
    assert smallton_white["workforce_pct"].to_list() == [100.0]


def test_ethnicity_against_reference_for_managers(inputs: CouncilFrames) -> None:
    # Managers with known ethnicity: P3 (Asian) only.
    table = ethnicity_against_reference(inputs, as_at=D, reference={ETHNIC_MINORITY: 20.0}, managers_only=True)
    got = table.filter(pl.col("la_code") == "901").row(0, named=True)
    assert got["workforce_pct"] == 100.0 and got["difference_pp"] == 80.0


def test_ethnicity_reference_rejects_unknown_groups_and_shares(inputs: CouncilFrames) -> None:
    with pytest.raises(ValueError, match="unknown reference group"):
        ethnicity_against_reference(inputs, as_at=D, reference={"BME": 40.0})
    with pytest.raises(ValueError, match="from 0 to 100"):
        ethnicity_against_reference(inputs, as_at=D, reference={"White": 0.6 * 1000})
