"""The cost-of-turnover model (measures.turnover_cost), worked out by hand.

Turnovershire (990), as at 30 September 2025 over the 12 months to then (1 October 2024 to 30 September 2025),
with its own assumptions: on-costs 25% of salary, a 36-hour week, 10 weeks of on-boarding at 40% productivity
(6 weeks' cost lost per full-time starter), and a role 3 salary of £50,000. A year is W = 365.25 / 7 weeks.

Pay (the census's 2025 base salaries) of the permanent workers, full-time on 30 September 2025:
E1 role 5 £40,000 and E2 role 5 £44,000 (median £42,000); E3 role 5 half-time £20,000 (left out: not full-time);
E4 role 3 £52,000 (role 3 takes the assumption, £50,000). Every role: median(40,000, 44,000, 52,000) = £44,000,
taken by a role with no salary of its own and by a placement giving no role. E1 also has a 2026 salary of
£99,999: the 2025 pay year is the latest on or before the date, so it is not used.
Hourly cost = salary x 1.25 / (36 W): role 5 52,500 / (36 W), every role 55,000 / (36 W), role 3 62,500 / (36 W).

Agency costs (whole months of the period only):
  P1 role 5, a funded post, charge £45: January 100 hours £4,500; February £4,500 (hours 4,500 / 45 = 100);
     March 80 hours (spend 80 x 45 = £3,600); September 2024 £9,999 is before the period.
  P2 not a funded post: January £1,000 (other placements: 1, left out).
  P3 no role, a funded post, no charge rate: April 50 hours £2,000.
  P4 role 3, a funded post, charge £60: May 10 hours £600.
  Spend 4,500 + 4,500 + 3,600 + 2,000 + 600 = £15,200 over 340 hours; the same hours in permanent staff:
  (280 x 52,500 + 50 x 55,000 + 10 x 62,500) / (36 W) = 18,075,000 / (36 W) = £9,622.41; premium £5,577.59.
Recruitment: C1 opened 1 February 2025 £3,000; C2 opened 1 May 2025, no cost given; C3 opened June 2024
  (before the period) £9,999: £3,000 over 2 campaigns.
On-boarding: E6 started 1 June 2025, role 5, 0.8 FTE: 6 x 52,500 / W x 0.8; E7 started 1 July 2025, role 2 (no
  salary of its own: every role), full-time: 6 x 55,000 / W. Together 6 x 97,000 / W = £11,154.01.
Total 5,577.59 + 3,000 + 11,154.01 = £19,731.60. One permanent leaver (E5, left 1 March 2025): £19,731.60 each.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.domain.codes import ContractType, OrgRole
from csc_workforce.domain.periods import twelve_months_to
from csc_workforce.domain.records import (
    AgencyCost,
    AgencyPlacement,
    Assignment,
    Council,
    CouncilRecords,
    Engagement,
    Pay,
    Person,
    RecruitmentCampaign,
)
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.turnover_cost import (
    DEFAULTS,
    TurnoverAssumptions,
    assumptions_of,
    salaries,
    turnover_cost,
    with_assumptions,
)

D = date(2025, 9, 30)
P = twelve_months_to(D)
W = 365.25 / 7
OWN = TurnoverAssumptions(
    on_costs_pct=25, weekly_hours=36, onboarding_weeks=10, onboarding_productivity_pct=40, salaries={"3": 50000}
)
R2, R3, R5 = OrgRole.MIDDLE_MANAGER, OrgRole.FIRST_LINE_MANAGER, OrgRole.CASE_HOLDER
PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY


def _worker(n: int, start: date, role: OrgRole, fte: str, end: date | None = None) -> tuple[Engagement, Assignment]:
    engagement = Engagement(f"eng:E{n}", f"ref:W{n}", PERM, start, end_date=end)
    last = None if end is None else date.fromordinal(end.toordinal() - 1)
    return engagement, Assignment(engagement.key, start, last, role=role, fte=Decimal(fte))


def _placement(n: int, role: OrgRole | None, funded: bool, charge: str | None) -> AgencyPlacement:
    return AgencyPlacement(
        f"agency:P{n}",
        f"eng:A{n}",
        date(2024, 6, 1),
        role=role,
        funded_post=funded,
        charge_rate=None if charge is None else Decimal(charge),
    )


def _cost(n: int, month: tuple[int, int], hours: str | None, spend: str | None) -> AgencyCost:
    return AgencyCost(
        f"agency:P{n}",
        date(*month, 1),
        None if hours is None else Decimal(hours),
        None if spend is None else Decimal(spend),
    )


WORKERS = (
    _worker(1, date(2020, 1, 6), R5, "1"),
    _worker(2, date(2021, 3, 1), R5, "1"),
    _worker(3, date(2022, 5, 3), R5, "0.5"),
    _worker(4, date(2019, 9, 2), R3, "1"),
    _worker(5, date(2018, 4, 3), R5, "1", end=date(2025, 3, 1)),
    _worker(6, date(2025, 6, 1), R5, "0.8"),
    _worker(7, date(2025, 7, 1), R2, "1"),
)
PLACEMENTS = (_placement(1, R5, True, "45"), _placement(2, R5, False, "45"), _placement(3, None, True, None))
PLACEMENTS += (_placement(4, R3, True, "60"),)
COSTS = (
    _cost(1, (2025, 1), "100", "4500"),
    _cost(1, (2025, 2), None, "4500"),
    _cost(1, (2025, 3), "80", None),
    _cost(1, (2024, 9), None, "9999"),
    _cost(2, (2025, 1), None, "1000"),
    _cost(3, (2025, 4), "50", "2000"),
    _cost(4, (2025, 5), "10", "600"),
)
RECORDS = CouncilRecords(
    Council("990", "Turnovershire"),
    people=tuple(Person(f"ref:W{n}") for n in range(1, 8)) + tuple(Person(f"ref:A{n}") for n in range(1, 5)),
    engagements=tuple(e for e, _ in WORKERS)
    + tuple(Engagement(p.engagement_key, f"ref:A{n}", AGENCY, p.start) for n, p in enumerate(PLACEMENTS, start=1)),
    assignments=tuple(a for _, a in WORKERS),
    pay=(
        Pay("eng:E1", 2025, Decimal(40000)),
        Pay("eng:E2", 2025, Decimal(44000)),
        Pay("eng:E3", 2025, Decimal(20000)),
        Pay("eng:E4", 2025, Decimal(52000)),
        Pay("eng:E1", 2026, Decimal(99999)),
    ),
    agency_placements=PLACEMENTS,
    agency_costs=COSTS,
    campaigns=(
        RecruitmentCampaign("campaign:C1", date(2025, 2, 1), cost=Decimal(3000)),
        RecruitmentCampaign("campaign:C2", date(2025, 5, 1)),
        RecruitmentCampaign("campaign:C3", date(2024, 6, 1), cost=Decimal(9999)),
    ),
)


def _frames(records: CouncilRecords = RECORDS, assumptions: TurnoverAssumptions | None = OWN) -> CouncilFrames:
    frames = frames_from_records([records])
    return frames if assumptions is None else with_assumptions(frames, "990", assumptions)


def test_the_cost_of_turnover_adds_the_agency_premium_recruitment_and_on_boarding() -> None:
    (row,) = turnover_cost(_frames(), as_at=D, period=P).to_dicts()
    assert row["covering_placements"] == 3 and row["other_placements"] == 1
    assert row["agency_spend"] == pytest.approx(15200)
    assert row["agency_hours"] == pytest.approx(340)
    assert row["permanent_equivalent"] == pytest.approx(18_075_000 / (36 * W))  # 9,622.41
    assert row["agency_premium"] == pytest.approx(15200 - 18_075_000 / (36 * W))  # 5,577.59
    assert row["campaigns"] == 2 and row["recruitment_cost"] == pytest.approx(3000)
    assert row["starters"] == 2
    assert row["onboarding_cost"] == pytest.approx(6 * 97_000 / W)  # 11,154.01
    total = 15200 - 18_075_000 / (36 * W) + 3000 + 6 * 97_000 / W
    assert row["recruitment_and_turnover_cost"] == pytest.approx(total)  # 19,731.60
    assert total == pytest.approx(19731.60, abs=0.01)
    assert row["leavers"] == 1 and row["per_leaver"] == pytest.approx(total)
    assert row["missing"] == ""


def test_each_role_s_salary_is_the_assumption_else_the_full_time_median_else_every_role_s() -> None:
    rows = {r["role"]: r for r in salaries(_frames(), as_at=D).to_dicts()}
    assert (rows["5"]["salary"], rows["5"]["workers"], rows["5"]["year"]) == (42000, 2, 2025)
    assert rows["5"]["hourly_cost"] == pytest.approx(52_500 / (36 * W))
    assert rows["3"]["assumed"] and rows["3"]["salary"] == 50000 and rows["3"]["workers"] is None
    assert (rows["all"]["salary"], rows["all"]["workers"]) == (44000, 3)
    assert rows["1"]["from_every_role"] and rows["1"]["salary"] == 44000 and rows["1"]["workers"] == 3
    assert rows["1"]["weekly_cost"] == pytest.approx(55_000 / W)


def test_a_council_with_no_assumptions_of_its_own_has_the_defaults() -> None:
    frames = _frames(assumptions=None)
    assert assumptions_of(frames, "990") == DEFAULTS
    assert assumptions_of(_frames(), "990") == OWN
    # defaults: on-costs 30%, 37 hours, 12 weeks at 50%: 6 weeks lost, as with the council's own
    (row,) = turnover_cost(frames, as_at=D, period=P).to_dicts()
    assert row["onboarding_cost"] == pytest.approx(6 * (42_000 * 0.8 + 44_000) * 1.30 / W)


def test_the_model_is_absent_when_a_month_of_agency_costs_cannot_be_costed() -> None:
    """P3 has no charge rate: a month giving spend but no hours cannot be turned into hours."""
    records = replace(RECORDS, agency_costs=(*COSTS, _cost(3, (2025, 6), None, "700")))
    (row,) = turnover_cost(_frames(records), as_at=D, period=P).to_dicts()
    assert row["uncosted_months"] == 1
    assert row["agency_premium"] is None and row["recruitment_and_turnover_cost"] is None
    assert row["missing"] == "1 month(s) of agency costs give neither spend nor hours and a charge rate"


def test_the_model_is_absent_with_no_salary_to_use() -> None:
    records = replace(RECORDS, pay=())
    (row,) = turnover_cost(_frames(records, replace(OWN, salaries={})), as_at=D, period=P).to_dicts()
    assert row["agency_premium"] is None and row["onboarding_cost"] is None
    assert row["recruitment_and_turnover_cost"] is None
    assert row["missing"] == "no salary is known for a role: give one in the assumptions"
    # salaries given for the roles the placements and starters need are enough
    given = replace(OWN, salaries={"2": 44000, "3": 50000, "5": 42000})
    (row,) = turnover_cost(_frames(records, given), as_at=D, period=P).to_dicts()
    # P3 gives no role: with no pay records there is no every-role median, so its hours cannot be costed
    assert row["agency_premium"] is None and row["onboarding_cost"] == pytest.approx(6 * (52_500 * 0.8 + 55_000) / W)


def test_a_council_holding_no_agency_costs_or_campaigns_has_no_figure() -> None:
    records = replace(RECORDS, agency_costs=(), campaigns=())
    (row,) = turnover_cost(_frames(records), as_at=D, period=P).to_dicts()
    assert row["recruitment_and_turnover_cost"] is None
    assert row["missing"] == "no agency cost records are held"


def test_the_strategy_measures_are_the_model_s_total_and_the_recruitment_cost() -> None:
    (row,) = local_measures(_frames(), as_at=D, period=P).to_dicts()
    assert row["recruitment_and_turnover_cost"] == pytest.approx(19731.60, abs=0.01)
    assert row["recruitment_cost"] == pytest.approx(3000)


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"on_costs_pct": -1}, "on_costs_pct"),
        ({"weekly_hours": 0}, "weekly_hours"),
        ({"onboarding_weeks": 200}, "onboarding_weeks"),
        ({"onboarding_productivity_pct": 101}, "onboarding_productivity_pct"),
        ({"salaries": {"5": 50}}, "salary_5"),
        ({"salaries": {"7": 40000}}, "salary_7"),
    ],
)
def test_assumptions_out_of_range_are_refused(changed: dict[str, object], field: str) -> None:
    assert list(replace(DEFAULTS, **changed).problems()) == [field]  # type: ignore[arg-type]
    assert DEFAULTS.problems() == {}
