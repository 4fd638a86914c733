"""The costs of a forecast (``forecasting.costs``), worked by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from csc_workforce.forecasting.costs import CostInputs, cost_inputs, costs, financial_year, saving_by_year
from csc_workforce.forecasting.paths import GROUPS
from csc_workforce.forecasting.stock_flow import Scenario
from tests.forecasting.test_stock_flow import AS_AT, LA, council

SW = GROUPS.index("social_worker")
MONTHS = (date(2026, 3, 31), date(2026, 4, 30))


def inputs() -> CostInputs:
    return CostInputs(
        salary=dict.fromkeys(GROUPS, 39000.0),
        agency_rate=dict.fromkeys(GROUPS, 40.0),
        on_costs_pct=30.0,
        weekly_hours=37.0,
        onboarding_weeks=12.0,
        onboarding_productivity_pct=50.0,
        recruitment_per_hire=2000.0,
        pay_inflation_pct=3.0,
    )


def one_path() -> tuple[np.ndarray, np.ndarray]:
    """10 permanent and 2 agency social workers in both months; one permanent starter in the first."""
    group_fte = np.zeros((1, 2, 2, len(GROUPS)))
    group_fte[0, :, 0, SW] = 10.0
    group_fte[0, :, 1, SW] = 2.0
    return group_fte, np.array([[1.0, 0.0]])


def test_a_months_spend_is_salaries_agency_hours_and_hires_with_april_pay_inflation() -> None:
    group_fte, starters = one_path()
    made = costs(MONTHS, group_fte, starters, as_at=date(2026, 2, 28), inputs=inputs())
    # permanent: 10 x 39,000 x 1.3 / 12 = 42,250 a month
    assert made.parts["permanent"][0] == pytest.approx([42250.0, 42250.0 * 1.03])
    # agency: 2 x 37 hours x 52.1786 weeks / 12 x £40 = 12,870.71 a month (365.25 / 7 weeks a year)
    assert made.parts["agency"][0] == pytest.approx([12870.71, 12870.71 * 1.03], abs=0.01)
    # a hire: £2,000 recruitment + 6 weeks' lost productivity (12 at 50%) x 39,000 x 1.3 / 52.1786 = 5,829.98
    assert made.parts["recruitment"][0] == pytest.approx([7829.98, 0.0], abs=0.01)
    assert made.total[0] == pytest.approx([62950.69, 56774.33], abs=0.01)
    years = made.by_year()
    assert years["year"].to_list() == ["2025-26", "2026-27"]  # March is the last month of 2025-26
    assert years["months"].to_list() == [1, 1]
    assert years["total"].to_list() == pytest.approx([62950.69, 56774.33], abs=0.01)


def test_a_price_cap_saves_the_agency_hours_over_it() -> None:
    group_fte, starters = one_path()
    base = costs(MONTHS, group_fte, starters, as_at=date(2026, 2, 28), inputs=inputs())
    capped_inputs = inputs().changed({"agency_price_cap": 35.0})
    capped = costs(MONTHS, group_fte, starters, as_at=date(2026, 2, 28), inputs=capped_inputs)
    saving = saving_by_year(base, capped)
    # 2 FTE x 160.884 hours a month x £5 = £1,608.84, then 3% more from April
    assert saving["saving"].to_list() == pytest.approx([1608.84, 1608.84 * 1.03], abs=0.01)
    assert capped_inputs.sources["agency_price_cap"] == "the scenario"


def test_scenario_cost_changes_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown cost input"):
        inputs().changed({"agency_cap": 35.0})
    with pytest.raises(ValueError, match="more than 0"):
        inputs().changed({"salary_senior": 0.0})
    with pytest.raises(ValueError, match="unknown cost input"):
        Scenario.from_mapping({"costs": {"agency_cap": 35}})
    scenario = Scenario.from_mapping({"name": "cap", "costs": {"agency_price_cap": 35}})
    assert Scenario.from_mapping(scenario.as_mapping()) == scenario


def test_financial_years_run_april_to_march() -> None:
    assert financial_year(date(2026, 3, 31)) == "2025-26"
    assert financial_year(date(2026, 4, 1)) == "2026-27"


def test_inputs_from_a_councils_records_say_where_each_came_from() -> None:
    frames = council()
    made = cost_inputs(frames, LA, as_at=AS_AT)
    assert made.salary["social_worker"] > 20000
    assert "median base salary" in made.sources["salary_social_worker"]
    assert made.agency_rate["social_worker"] == 45.0  # no agency rates held: our stated assumption
    assert made.sources["agency_rate_social_worker"].startswith("our assumption")
    assert made.recruitment_per_hire == 2500.0


def test_no_salary_known_is_refused() -> None:
    frames = council()
    empty = frames.__class__(**{**frames.__dict__, "pay": frames.pay.clear()})
    with pytest.raises(LookupError, match="no salary is known"):
        cost_inputs(empty, LA, as_at=AS_AT)
