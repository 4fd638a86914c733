"""Agency placements, costs and price caps (measures.agency), worked out by hand.

Agencyshire (990, region London), as at 15 March 2025 over April 2024 to March 2025 (D = 15 March 2025).

Placements (each its own agency engagement, same dates):

==  ============  ==========  ====  ============  ====  ========  ===  ====  ===  ====  ============
    start         end         role  grade         team  funded    pay  chg   PQE  refs  rule
==  ============  ==========  ====  ============  ====  ========  ===  ====  ===  ====  ============
A1  8 Jan 2024    -           5     Grade 9       T1    yes       30   38    5    yes   standard
A2  4 Nov 2024    -           5     Grade 9       T1    yes       34   42    2    yes   standard
A3  2 Dec 2024    -           4     Grade 10      T2    no        36   45    8    -     project_team
A4  3 Jun 2024    6 Jan 2025  5     Grade 9       T2    yes       31   40    4    yes   standard
A5  3 Feb 2025    -           3     Team manager  -     -         -    60    -    yes   exception
==  ============  ==========  ====  ============  ====  ========  ===  ====  ===  ====  ============

A4 converted to permanent on 6 January 2025. Caps: C1 London role 5 pay £32 from April 2024; C2 London role 5
grade "grade 9" (another spelling) pay £33 from October 2024; C3 London role 5 charge £41; C4 London role 4 pay £35
to 31 March 2025 (and £40 from April 2025, not yet in force); C5 South East, every role, charge £55.

In post on D: A1, A2, A3, A5. Caps in force for them (the most specific): A1 pay C2 33 (grade before role
alone), charge C3 41 (role 5 before every role): 30 <= 33, 38 <= 41, not over. A2 pay 34 > 33 and charge 42 > 41:
over. A3 pay cap C4 35 (36 > 35: over), charge C5 55 (45: under). A5 no pay rate; charge C5 55 (60 > 55: over).
Compared 4, over 3: 75%. Pay rate less pay cap over A1, A2, A3: (-3 + 1 + 1) / 3 = -1/3.

Funded posts on D: A1, A2 = 2 (A3 no, A5 not recorded). Conversions in P: A4 = 1.

Statutory rules: placements started in P (to D) on or after 31 October 2024: A2, A3, A5 = 3 (A4 started in
June 2024, before the rules). PQE >= 3: A3 only = 1 (33.3%); references: A2, A5 = 2 (66.7%; A3 not recorded);
not a project team: A2, A5 = 2 (66.7%).

Costs: A1 March 2024 £5,000 (before P), April 2024 150 hours £5,700, March 2025 £2,000 (not a whole month by D);
A4 June 2024 140 hours £5,600, December 2024 £6,000 (no hours); A2 January 2025 160 hours £6,720. Spend over
P's whole months to D: 5,700 + 5,600 + 6,000 + 6,720 = £24,020 over 3 placements; hours 450. By team: T1 (A1,
A2) 5,700 + 6,720 = £12,420; T2 (A4) £11,600.

Plainton (991) holds no agency records: every figure null.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.domain.codes import AgencyRule, CapBasis, ContractType, OrgRole
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import (
    AgencyCap,
    AgencyCost,
    AgencyPlacement,
    Council,
    CouncilRecords,
    Engagement,
    Person,
    Team,
)
from csc_workforce.measures.agency import (
    AGENCY_MEASURE_IDS,
    agency_counts,
    agency_measures,
    agency_placements_against_caps,
    agency_rates_by_grade,
    agency_spend_by_grade,
    agency_spend_by_month,
    agency_spend_by_team,
)
from csc_workforce.measures.agency_return import regional_figures, regional_return
from csc_workforce.measures.inputs import frames_from_records

D = date(2025, 3, 15)
YEAR = Period(date(2024, 4, 1), date(2025, 3, 31))
R5, R4, R3 = OrgRole.CASE_HOLDER, OrgRole.SENIOR_PRACTITIONER, OrgRole.FIRST_LINE_MANAGER
STD, EXC, PROJ = AgencyRule.STANDARD, AgencyRule.EXCEPTION, AgencyRule.PROJECT_TEAM
PAY, CHARGE = CapBasis.PAY, CapBasis.CHARGE


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _placement(n: int, start: date, end: date | None, role: OrgRole, grade: str, team: str | None, funded: bool | None,
               pay: str | None, charge: str, pqe: str | None, refs: bool | None, rule: AgencyRule,
               converted: date | None = None) -> AgencyPlacement:  # fmt: skip
    return AgencyPlacement(
        f"agency:A{n}",
        f"eng:E{n}",
        start,
        end,
        supplier="Acme Social Care",
        role=role,
        grade=grade,
        team_key=team,
        funded_post=funded,
        pay_rate=_d(pay),
        charge_rate=_d(charge),
        pqe_years=_d(pqe),
        references=refs,
        rule=rule,
        converted_on=converted,
        permanent_engagement_key="eng:P1" if converted else None,
    )


PLACEMENTS = (
    _placement(1, date(2024, 1, 8), None, R5, "Grade 9", "team:t1", True, "30", "38", "5", True, STD),
    _placement(2, date(2024, 11, 4), None, R5, "Grade 9", "team:t1", True, "34", "42", "2", True, STD),
    _placement(3, date(2024, 12, 2), None, R4, "Grade 10", "team:t2", False, "36", "45", "8", None, PROJ),
    _placement(
        4,
        date(2024, 6, 3),
        date(2025, 1, 6),
        R5,
        "Grade 9",
        "team:t2",
        True,
        "31",
        "40",
        "4",
        True,
        STD,
        converted=date(2025, 1, 6),
    ),  # fmt: skip
    _placement(5, date(2025, 2, 3), None, R3, "Team manager", None, None, None, "60", None, True, EXC),
)
ENGAGEMENTS = (
    *(
        Engagement(a.engagement_key, f"ref:W{n}", ContractType.AGENCY, a.start, end_date=a.end)
        for n, a in enumerate(PLACEMENTS, start=1)
    ),  # fmt: skip
    Engagement("eng:P1", "ref:W4", ContractType.PERMANENT, date(2025, 1, 6)),
)
CAPS = (
    AgencyCap("London", R5, None, PAY, Decimal("32"), date(2024, 4, 1)),
    AgencyCap("London", R5, "grade 9", PAY, Decimal("33"), date(2024, 10, 1)),
    AgencyCap("London", R5, None, CHARGE, Decimal("41"), date(2024, 4, 1)),
    AgencyCap("London", R4, None, PAY, Decimal("35"), date(2024, 4, 1), date(2025, 3, 31)),
    AgencyCap("London", R4, None, PAY, Decimal("40"), date(2025, 4, 1)),
    AgencyCap("South East", None, None, CHARGE, Decimal("55"), date(2024, 4, 1)),
)
COSTS = (
    AgencyCost("agency:A1", date(2024, 3, 1), None, Decimal("5000")),
    AgencyCost("agency:A1", date(2024, 4, 1), Decimal("150"), Decimal("5700")),
    AgencyCost("agency:A1", date(2025, 3, 1), None, Decimal("2000")),
    AgencyCost("agency:A4", date(2024, 6, 1), Decimal("140"), Decimal("5600")),
    AgencyCost("agency:A4", date(2024, 12, 1), None, Decimal("6000")),
    AgencyCost("agency:A2", date(2025, 1, 1), Decimal("160"), Decimal("6720")),
)
RECORDS = CouncilRecords(
    Council("990", "Agencyshire", "London"),
    teams=(Team("team:t1", "Duty"), Team("team:t2", "Long term")),
    people=tuple(Person(f"ref:W{n}") for n in range(1, 6)),
    engagements=ENGAGEMENTS,
    agency_placements=PLACEMENTS,
    agency_costs=COSTS,
    agency_caps=CAPS,
)
INPUTS = frames_from_records([RECORDS, CouncilRecords(Council("991", "Plainton"))])


def test_the_measures_worked_out_by_hand() -> None:
    rows = {r["la_code"]: r for r in agency_measures(INPUTS, as_at=D, period=YEAR).to_dicts()}
    found = rows["990"]
    assert found["agency_spend"] == pytest.approx(24020)
    assert found["agency_pay_rate_vs_cap"] == pytest.approx(-1 / 3)
    assert found["agency_over_cap_pct"] == pytest.approx(75.0)
    assert found["agency_in_funded_posts"] == 2
    assert found["agency_conversions_recorded"] == 1
    assert found["agency_pqe_met_pct"] == pytest.approx(100 / 3)
    assert found["agency_references_pct"] == pytest.approx(200 / 3)
    assert found["agency_no_project_team_pct"] == pytest.approx(200 / 3)
    assert all(rows["991"][m] is None for m in AGENCY_MEASURE_IDS)


def test_the_counts_behind_them() -> None:
    row = agency_counts(INPUTS, as_at=D, period=YEAR).row(0, named=True)
    assert row == {
        "la_code": "990",
        "agency_spend_placements": 3,
        "agency_rate_compared": 3,
        "agency_capped": 4,
        "agency_over_cap": 3,
        "agency_in_funded_posts": 2,
        "agency_conversions_recorded": 1,
        "agency_rules_started": 3,
        "agency_pqe_met": 1,
        "agency_references_met": 2,
        "agency_not_project_team": 2,
    }


def test_spend_by_month_grade_and_team() -> None:
    months = agency_spend_by_month(INPUTS, as_at=D, period=YEAR)
    assert months.select("month", "placements", "hours", "spend").rows() == [
        (date(2024, 4, 1), 1, 150.0, 5700.0),
        (date(2024, 6, 1), 1, 140.0, 5600.0),
        (date(2024, 12, 1), 1, None, 6000.0),
        (date(2025, 1, 1), 1, 160.0, 6720.0),
    ]
    grades = agency_spend_by_grade(INPUTS, as_at=D, period=YEAR)
    assert grades.select("role", "grade", "is_total", "placements", "hours", "spend").rows() == [
        ("5", "Grade 9", False, 3, 450.0, 24020.0),
        (None, None, True, 3, 450.0, 24020.0),
    ]
    teams = agency_spend_by_team(INPUTS, as_at=D, period=YEAR)
    assert teams.select("team", "placements", "spend").rows() == [
        ("Duty", 2, 12420.0),
        ("Long term", 1, 11600.0),
        ("Total", 3, 24020.0),
    ]


def test_rates_by_grade_against_the_cap_in_force() -> None:
    table = agency_rates_by_grade(INPUTS, as_at=D)
    rows = {(r["role"], r["grade"]): r for r in table.to_dicts()}
    grade_9 = rows[("5", "Grade 9")]
    assert (grade_9["placements"], grade_9["mean_pay_rate"], grade_9["mean_charge_rate"]) == (2, 32.0, 40.0)
    assert (grade_9["mean_pay_cap"], grade_9["mean_charge_cap"], grade_9["compared"], grade_9["over_cap"]) == (
        33.0,
        41.0,
        2,
        1,
    )
    assert grade_9["over_cap_pct"] == pytest.approx(50.0)
    manager = rows[("3", "Team manager")]
    assert (manager["mean_pay_rate"], manager["mean_pay_cap"], manager["mean_charge_cap"]) == (None, None, 55.0)
    total = rows[(None, None)]
    assert total["is_total"] and total["placements"] == 4
    assert total["mean_pay_rate"] == pytest.approx(100 / 3)  # (30 + 34 + 36) / 3
    assert total["mean_charge_rate"] == pytest.approx(46.25)  # (38 + 42 + 45 + 60) / 4
    # a month later the role 4 cap is £40 (C4's successor): A3's £36 is under it
    later = agency_placements_against_caps(INPUTS, as_at=date(2025, 4, 15))
    a3 = later.filter(later["placement_key"] == "agency:A3").row(0, named=True)
    assert (a3["pay_cap"], a3["pay_over_cap"], a3["rules_apply"], a3["pqe_met"]) == (40.0, False, True, True)


def test_the_regional_figures_before_withholding() -> None:
    # in post A1, A2 (5, Grade 9), A3 (4, Grade 10), A5 (3, Team manager); started in P to D: A2, A3, A4, A5;
    # engaged a year or more before D: A1 only (8 January 2024 <= 15 March 2024); spend over A1, A4, A2
    rows = {(r["role"], r["grade"]): r for r in regional_figures(INPUTS, as_at=D, period=YEAR).to_dicts()}
    total, grade_9 = rows[(None, None)], rows[("5", "Grade 9")]
    assert (total["placements_in_post"], total["placements_started"], total["over_12_months"]) == (4, 4, 1)
    assert (total["compared_with_cap"], total["over_cap"], total["spend_placements"]) == (4, 3, 3)
    assert total["mean_pay_rate"] == pytest.approx(100 / 3)
    assert total["spend"] == pytest.approx(24020)
    assert (grade_9["placements_in_post"], grade_9["placements_started"], grade_9["over_12_months"]) == (2, 2, 1)
    assert (grade_9["mean_pay_rate"], grade_9["pay_cap"], grade_9["spend"]) == (32.0, 33.0, 24020.0)
    assert (rows[("4", "Grade 10")]["spend_placements"], rows[("4", "Grade 10")]["spend"]) == (0, None)


def test_the_regional_return_shows_nothing_small_and_no_worker() -> None:
    table = regional_return(INPUTS, as_at=D, period=YEAR)
    assert not {"placement_key", "engagement_key", "supplier", "team_key"} & set(table.columns)
    total = table.filter(table["role_label"] == "Total").row(0, named=True)
    # every count here is 1 to 4: withheld, and the means and spend over them
    assert total["placements_in_post"] is None and total["mean_pay_rate"] is None and total["spend"] is None
    assert total["placements_in_post_withheld"] and total["spend_withheld"]


def test_the_regional_return_withholds_what_subtraction_would_give_back() -> None:
    # withholding only 1 (threshold 2), by hand: placements in post 1, 1, 2 and 4 in all: the two 1s withheld
    # (their sum, 2, does not say which is which). Over 12 months 0, 0, 1 and 1: Grade 9's 1 withheld and the
    # total's 1 with it (1 - 0 - 0 would give it back). Over the cap 1, 1, 1 and 3: all withheld. Grade 9's 2 in
    # post less its 1 over 12 months is 1, withheld as a cell too: so its 2 in post is shown only because both
    # parts are withheld. The means of a row go with its placements in post.
    rows = {(r["role"], r["grade"]): r for r in regional_return(INPUTS, as_at=D, period=YEAR, threshold=2).to_dicts()}
    total, grade_9 = rows[(None, None)], rows[("5", "Grade 9")]
    assert total["role_label"] == "Total"
    assert (total["placements_in_post"], total["placements_started"], total["over_12_months"]) == (4, 4, None)
    assert (total["compared_with_cap"], total["over_cap"], total["spend_placements"]) == (4, None, 3)
    assert total["mean_pay_rate"] == pytest.approx(100 / 3)
    assert total["spend"] == pytest.approx(24020)
    assert (grade_9["placements_in_post"], grade_9["over_12_months"], grade_9["over_cap"]) == (2, None, None)
    assert (grade_9["mean_pay_rate"], grade_9["pay_cap"], grade_9["spend"]) == (32.0, 33.0, 24020.0)
    senior = rows[("4", "Grade 10")]  # one placement: its rates withheld with it
    assert (senior["placements_in_post"], senior["mean_pay_rate"], senior["mean_charge_rate"]) == (None, None, None)
    assert [r["role"] for r in rows.values()] == ["3", "4", "5", None]
