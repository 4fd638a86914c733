"""What a forecast workforce costs: spend by month and financial year for each Monte Carlo path of a
:class:`~csc_workforce.forecasting.stock_flow.Forecast`, and a scenario's saving against the baseline.

Pure Polars and numpy, no Django. :func:`cost_inputs` works out the inputs from the council's records as at the
forecast's as-at date (each with where it came from); :func:`costs` prices a forecast's paths.

**Spend in a forecast month** (each path), in pounds, is the sum of three parts:

1. *Permanent staff*: for each role group, the permanent FTE at the month end x the group's annual salary x
   (1 + on-costs) / 12 x the pay factor.
2. *Agency staff*: for each role group, the agency FTE at the month end x the full-time week's hours x 52.18 / 12
   weeks x the group's agency charge rate an hour (capped at the scenario's price cap, if any) x the agency
   rate factor.
3. *Recruitment and on-boarding*: the permanent starters' FTE of the month (planned hires and conversions
   included) x (the recruitment cost per hire + the on-boarding cost of a social worker: on-boarding weeks x
   (1 - productivity while on-boarding) x the social worker's weekly cost, as ``measures.turnover_cost``).

**Inputs** (:class:`CostInputs`), each from the council's records where held, else a stated assumption:

- *Salaries by group*: the cost-of-turnover salaries (``measures.turnover_cost.salaries``: the council's own
  assumption for a role, else the median base salary of its full-time permanent workers in the census pay
  records, else every role's median). Managers take the first-line manager's (role 3), senior practitioners
  role 4's, social workers the case holder's (role 5). NQSWs take the case holder's too: the records give no
  ASYE pay scale, so an NQSW is costed high (a council can give its own, ``salary_nqsw``).
- *On-costs, hours, on-boarding*: the council's cost-of-turnover assumptions (defaults 30%, 37 hours, 12 weeks
  at 50%).
- *Agency charge rates by group*: the mean charge rate an hour of the agency placements in post at the as-at
  date, by role (managers roles 1-3, senior role 4, social workers and NQSWs roles 5 and 6); a group with none
  takes the mean of all of them; a council with no rates held takes :data:`DEFAULT_AGENCY_RATE` (our
  assumption, not a published figure).
- *Recruitment cost per hire*: the cost of the recruitment campaigns opened in the 12 months to the as-at date
  (those giving a cost) over the permanent starters in those months, where both are held; else
  :data:`DEFAULT_RECRUITMENT_PER_HIRE` (our assumption).
- *Pay inflation*: :data:`DEFAULT_PAY_INFLATION_PCT` a year, applied each April (the national pay award's
  date) after the as-at date, to salaries and agency rates alike unless the scenario says otherwise
  (``agency_inflation_pct``).

A scenario may change any input (``Scenario.costs``: ``pay_inflation_pct``, ``agency_inflation_pct``,
``recruitment_per_hire``, ``agency_price_cap`` (pounds an hour: the agency rules' price cap), ``salary_<group>``,
``agency_rate_<group>``). Left out: overtime, mileage, the cost of a vacant post (a saving in money), managers'
time recruiting, agency workers' own on-boarding.

**A saving** is the baseline's spend less the scenario's, path by path: both forecasts use the same seed, so a
path's draws are the same in both until the scenario's levers move it (common random numbers); the band of
the saving is that of the difference, narrower than the two bands' difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import polars as pl

from csc_workforce.domain.periods import twelve_months_to
from csc_workforce.forecasting.paths import GROUPS
from csc_workforce.measures.agency import placement_in_post
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.recruitment import recruitment_cost
from csc_workforce.measures.turnover_cost import WEEKS_A_YEAR, assumptions_of, salaries

DEFAULT_AGENCY_RATE = {"nqsw": 45.0, "social_worker": 45.0, "senior": 50.0, "manager": 55.0}
"""Pounds an hour charged for an agency worker where the council holds no rates: our assumption, not a
published figure (a council gives its own rates in its agency records or in a scenario)."""
DEFAULT_RECRUITMENT_PER_HIRE = 2500.0
"""Pounds a permanent hire's recruitment costs (advertising, agency fees, checks) where the council's campaigns
give no cost: our assumption."""
DEFAULT_PAY_INFLATION_PCT = 3.0
"""Per cent a year, each April: our assumption (recent national pay awards have been 2.5% to 6%)."""
SALARY_ROLE = {"nqsw": "5", "social_worker": "5", "senior": "4", "manager": "3"}
RATE_ROLES = {"nqsw": ("5", "6"), "social_worker": ("5", "6"), "senior": ("4",), "manager": ("1", "2", "3")}
PARTS: tuple[str, ...] = ("permanent", "agency", "recruitment")
COST_KEYS = (
    "pay_inflation_pct",
    "agency_inflation_pct",
    "recruitment_per_hire",
    "agency_price_cap",
    *(f"salary_{g}" for g in GROUPS),
    *(f"agency_rate_{g}" for g in GROUPS),
)
"""The cost inputs a scenario may set (``Scenario.costs``)."""


@dataclass(frozen=True)
class CostInputs:
    """Everything the costs need; ``sources`` says where each came from (key: ``salary_<group>``,
    ``agency_rate_<group>``, ``recruitment_per_hire``, ``pay_inflation_pct``, ``assumptions``)."""

    salary: Mapping[str, float]
    agency_rate: Mapping[str, float]
    on_costs_pct: float = 30.0
    weekly_hours: float = 37.0
    onboarding_weeks: float = 12.0
    onboarding_productivity_pct: float = 50.0
    recruitment_per_hire: float = DEFAULT_RECRUITMENT_PER_HIRE
    pay_inflation_pct: float = DEFAULT_PAY_INFLATION_PCT
    agency_inflation_pct: float | None = None  # None: as pay
    agency_price_cap: float | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def changed(self, changes: Mapping[str, float | None]) -> CostInputs:
        """These inputs with a scenario's changes (keys :data:`COST_KEYS`); the sources say "scenario"."""
        unknown = set(changes) - set(COST_KEYS)
        if unknown:
            raise ValueError(f"unknown cost input(s) {sorted(unknown)}; expected some of {list(COST_KEYS)}")
        salary, rate = dict(self.salary), dict(self.agency_rate)
        plain: dict[str, float | None] = {}
        for key, value in changes.items():
            if key.startswith("salary_"):
                salary[key.removeprefix("salary_")] = _positive(key, value)
            elif key.startswith("agency_rate_"):
                rate[key.removeprefix("agency_rate_")] = _positive(key, value)
            elif key == "agency_price_cap":
                plain[key] = None if value is None else _positive(key, value)
            else:
                plain[key] = _positive(key, value, allow_zero=True)
        sources = {**self.sources, **{key: "the scenario" for key in changes}}
        return replace(self, salary=salary, agency_rate=rate, sources=sources, **plain)  # type: ignore[arg-type]

    def weekly_cost(self, group: str) -> float:
        return self.salary[group] * (1 + self.on_costs_pct / 100) / WEEKS_A_YEAR

    def hire_cost(self) -> float:
        """Recruitment plus on-boarding for one permanent FTE hired (a social worker's weekly cost)."""
        lost = self.onboarding_weeks * (1 - self.onboarding_productivity_pct / 100)
        return self.recruitment_per_hire + lost * self.weekly_cost("social_worker")

    def charged(self, group: str) -> float:
        """The agency charge rate an hour of ``group``, under the price cap."""
        rate = self.agency_rate[group]
        return rate if self.agency_price_cap is None else min(rate, self.agency_price_cap)


def _positive(key: str, value: float | None, *, allow_zero: bool = False) -> float:
    if value is None:
        raise ValueError(f"cost input {key} needs a number")
    number = float(value)
    if number < 0 or (number == 0 and not allow_zero):
        raise ValueError(f"cost input {key} must be {'0 or more' if allow_zero else 'more than 0'}; got {value}")
    return number


def cost_inputs(frames: CouncilFrames, la_code: str, *, as_at: date) -> CostInputs:
    """The cost inputs of council ``la_code`` from its records as at ``as_at`` (see the module docstring).
    Raises ``LookupError`` when no salary is known (no pay records and no assumed salary)."""
    assumptions = assumptions_of(frames, la_code)
    paid = salaries(frames, as_at=as_at).filter(pl.col("la_code") == la_code)
    by_role = {r["role"]: r for r in paid.iter_rows(named=True)}
    salary: dict[str, float] = {}
    sources: dict[str, str] = {}
    for group, role in SALARY_ROLE.items():
        row = by_role.get(role)
        if row is None or row["salary"] is None:
            raise LookupError(
                f"no salary is known for {la_code}: load its census pay records, or give salaries in its "
                "cost-of-turnover assumptions"
            )
        salary[group] = float(row["salary"])
        if row["assumed"]:
            sources[f"salary_{group}"] = f"the council's assumed salary for role {role}"
        else:
            whose = "every role's" if row["from_every_role"] else f"role {role}'s"
            sources[f"salary_{group}"] = (
                f"the median base salary of {whose} {row['workers']} full-time permanent workers, {row['year']} pay "
                "records"
            )
    rates, rate_sources = _agency_rates(frames, la_code, as_at)
    per_hire, hire_source = _recruitment_per_hire(frames, la_code, as_at)
    sources |= rate_sources
    sources["recruitment_per_hire"] = hire_source
    sources["pay_inflation_pct"] = "our assumption, each April"
    sources["assumptions"] = (
        "the council's cost-of-turnover assumptions"
        if frames.cost_assumptions.filter(pl.col("la_code") == la_code).height
        else "the stated defaults of the cost of turnover"
    )
    return CostInputs(
        salary=salary,
        agency_rate=rates,
        on_costs_pct=assumptions.on_costs_pct,
        weekly_hours=assumptions.weekly_hours,
        onboarding_weeks=assumptions.onboarding_weeks,
        onboarding_productivity_pct=assumptions.onboarding_productivity_pct,
        recruitment_per_hire=per_hire,
        sources=sources,
    )


def _agency_rates(frames: CouncilFrames, la_code: str, as_at: date) -> tuple[dict[str, float], dict[str, str]]:
    placements = frames.agency_placements.filter(
        (pl.col("la_code") == la_code) & placement_in_post(as_at) & pl.col("charge_rate").is_not_null()
    )
    if placements.height == 0:
        return dict(DEFAULT_AGENCY_RATE), {
            f"agency_rate_{g}": "our assumption: no agency charge rates are held" for g in GROUPS
        }
    every = float(placements["charge_rate"].mean())  # type: ignore[arg-type]
    rates: dict[str, float] = {}
    sources: dict[str, str] = {}
    for group, roles in RATE_ROLES.items():
        held = placements.filter(pl.col("role").is_in(roles))
        if held.height:
            rates[group] = float(held["charge_rate"].mean())  # type: ignore[arg-type]
            sources[f"agency_rate_{group}"] = f"the mean charge rate of {held.height} placements in post"
        else:
            rates[group] = every
            sources[f"agency_rate_{group}"] = f"the mean charge rate of all {placements.height} placements in post"
    return rates, sources


def _recruitment_per_hire(frames: CouncilFrames, la_code: str, as_at: date) -> tuple[float, str]:
    year = twelve_months_to(as_at)
    cost = recruitment_cost(frames, as_at=as_at, period=year).filter(pl.col("la_code") == la_code)
    spent = cost["recruitment_cost"][0] if cost.height else None
    engagements = frames.engagements.filter(
        (pl.col("la_code") == la_code) & ~pl.col("agency") & pl.col("start_date").is_between(year.start, year.end)
    )
    if spent is None or spent <= 0 or engagements.height == 0:
        return DEFAULT_RECRUITMENT_PER_HIRE, "our assumption: the council's campaigns give no cost for the year"
    return float(spent) / engagements.height, (
        f"£{spent:,.0f} of campaigns opened in the 12 months to the as-at date over {engagements.height} "
        "permanent starters"
    )


def _aprils_passed(as_at: date, months: tuple[date, ...]) -> np.ndarray:
    """For each month end, the number of 1 Aprils after ``as_at`` and on or before it."""
    out = []
    for day in months:
        count = sum(1 for year in range(as_at.year, day.year + 1) if as_at < date(year, 4, 1) <= day)
        out.append(count)
    return np.array(out, dtype=np.float64)


@dataclass(frozen=True)
class Costs:
    """Spend paths (pounds, shape (paths, months)) by part (:data:`PARTS`) and their total."""

    months: tuple[date, ...]
    parts: Mapping[str, np.ndarray]
    inputs: CostInputs

    @property
    def total(self) -> np.ndarray:
        return np.asarray(sum(self.parts.values()))

    def by_year(self) -> pl.DataFrame:
        """One row per financial year (April to March) the forecast reaches: year ("2025-26"), months (how many
        of its months the forecast covers), and for each part and the total the mean spend over the paths and
        the 80% band of the total (``lower80``, ``upper80``)."""
        return _by_year(self.months, {**self.parts, "total": self.total})


def financial_year(day: date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{str(start + 1)[-2:]}"


def _by_year(months: tuple[date, ...], series: Mapping[str, np.ndarray]) -> pl.DataFrame:
    labels = [financial_year(d) for d in months]
    rows = []
    for label in dict.fromkeys(labels):
        columns = [i for i, lab in enumerate(labels) if lab == label]
        row: dict[str, object] = {"year": label, "months": len(columns)}
        for name, values in series.items():
            summed = values[:, columns].sum(axis=1)
            row[name] = float(summed.mean())
            if name in ("total", "saving"):
                low, high = np.percentile(summed, [10, 90])
                row["lower80"], row["upper80"] = float(low), float(high)
        rows.append(row)
    return pl.DataFrame(rows)


def costs(
    forecast_months: tuple[date, ...],
    group_fte: np.ndarray,
    starters_fte: np.ndarray,
    *,
    as_at: date,
    inputs: CostInputs,
) -> Costs:
    """Price a forecast: ``group_fte`` (paths, months, contract, group) FTE at each month end,
    ``starters_fte`` (paths, months) permanent starters' FTE in each month."""
    pay = (1 + inputs.pay_inflation_pct / 100) ** _aprils_passed(as_at, forecast_months)
    agency_inflation = inputs.pay_inflation_pct if inputs.agency_inflation_pct is None else inputs.agency_inflation_pct
    agency_factor = (1 + agency_inflation / 100) ** _aprils_passed(as_at, forecast_months)
    monthly_salary = np.array([inputs.salary[g] * (1 + inputs.on_costs_pct / 100) / 12 for g in GROUPS])
    monthly_agency = np.array([inputs.weekly_hours * WEEKS_A_YEAR / 12 * inputs.charged(g) for g in GROUPS])
    permanent = (group_fte[:, :, 0, :] @ monthly_salary) * pay[None, :]
    agency = (group_fte[:, :, 1, :] @ monthly_agency) * agency_factor[None, :]
    recruitment = starters_fte * inputs.hire_cost() * pay[None, :]
    return Costs(
        months=forecast_months,
        parts={"permanent": permanent, "agency": agency, "recruitment": recruitment},
        inputs=inputs,
    )


def saving_by_year(baseline: Costs, scenario: Costs) -> pl.DataFrame:
    """The scenario's saving against the baseline (baseline spend less the scenario's; negative: it costs more)
    by financial year: year, months, saving (the mean over paths), lower80 and upper80 (the band of the path-by-
    path difference). Both must have the same months and paths (the same seed)."""
    if baseline.months != scenario.months or baseline.total.shape != scenario.total.shape:
        raise ValueError("a saving compares forecasts over the same months with the same paths")
    return _by_year(baseline.months, {"saving": baseline.total - scenario.total})


__all__ = [
    "COST_KEYS",
    "DEFAULT_AGENCY_RATE",
    "DEFAULT_PAY_INFLATION_PCT",
    "DEFAULT_RECRUITMENT_PER_HIRE",
    "PARTS",
    "CostInputs",
    "Costs",
    "cost_inputs",
    "costs",
    "financial_year",
    "saving_by_year",
]
