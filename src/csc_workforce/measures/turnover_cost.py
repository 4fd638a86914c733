"""The cost of turnover: a model, with its assumptions stated and editable, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

Dudley asks for "the true cost of recruitment and staff turnover". No record holds that cost: it is worked out
from what the records do hold, with assumptions a council can change (:class:`TurnoverAssumptions`; a council's
own are the ``cost_assumptions`` frame, saved on its "Recruitment and agency" page, the defaults otherwise).
As at D over period P (each date in P and on or before D), the cost of turnover is the sum of three parts:

1. **The agency premium while posts are covered**: for the agency placements recorded as covering a funded post
   (``funded_post``), over the whole months of P their monthly costs give (``measures.agency``: a month P only
   partly covers is left out), the agency spend less what the same hours would have cost in permanent staff:
   ``spend - hours x hourly cost of the placement's role``. A month giving spend but not hours has hours = spend /
   charge rate; one giving hours but not spend, spend = hours x charge rate; a month giving neither, or needing a
   charge rate the placement has not got, cannot be costed, and then the whole figure is absent (never a
   figure that leaves part out silently). Placements not recorded as covering a funded post (extra capacity, or
   not said) are not turnover: they are counted on the page and left out.
2. **Recruitment**: the cost of the recruitment campaigns opened in P (``measures.recruitment``: the cost given,
   summed over the campaigns that give one), as ``recruitment_cost``. Some campaigns fill new posts rather than
   replace leavers; the records do not say which, so all are counted.
3. **On-boarding**: each permanent (council-employed) starter in P works below full productivity while learning
   the job: ``onboarding_weeks x (1 - onboarding_productivity_pct / 100) x weekly cost of their role x their FTE``
   (the FTE of the assignment covering their start; 1 when not known).

The **hourly cost** of a permanent worker in a role is ``salary x (1 + on_costs_pct / 100) / (52.18 x
weekly_hours)`` (52.18 weeks a year: 365.25 / 7); the **weekly cost** ``salary x (1 + on_costs_pct / 100) /
52.18``. The **salary** of a role is the council's assumption for it when given, else the median base salary in
the census pay records (``pay``: from the 2025 census) of the permanent workers in that role, full-time (FTE 1 or
more) on the pay year's census date (30 September), in the latest pay year on or before D (the earliest held when
none is); a role with no such worker takes the median over every role's full-time workers. A council with no
salary to use has no figure: it gives one in its assumptions.

The total is null unless every part can be worked out; ``per_leaver`` divides it by the permanent leavers in P
(end date in P and on or before D). The model leaves out what the records cannot show: the cost of a post left
vacant (a saving in money, a cost in practice), managers' time spent recruiting and inducting, and the agency
worker's own on-boarding; the page says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date

import polars as pl

from csc_workforce.domain.codes import OrgRole
from csc_workforce.domain.periods import Period
from csc_workforce.measures.agency import in_period, whole_month_costs
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.recruitment import recruitment_cost
from csc_workforce.measures.rules import covers_expr

WEEKS_A_YEAR = 365.25 / 7
ROLES: tuple[str, ...] = tuple(r.value for r in OrgRole)
EVERY_ROLE = "all"  # the salary row a role with none of its own takes
ENG = ["la_code", "engagement_key"]


@dataclass(frozen=True)
class TurnoverAssumptions:
    """The assumptions of the cost-of-turnover model, each with its default. The defaults are stated, not
    sourced from the council: a council gives its own.

    ``on_costs_pct``: the employer's costs on top of base salary (national insurance and pension), per cent of
    salary; 30 is typical of a council paying Local Government Pension Scheme contributions. ``weekly_hours``:
    a full-time week (37 under the national joint council's terms). ``onboarding_weeks`` and
    ``onboarding_productivity_pct``: how long a new starter takes to work at full productivity, and their
    average productivity over that time (12 weeks at 50%). ``salaries``: an annual base salary per ``OrgRole``
    code ("1" to "6"), overriding the median from the pay records."""

    on_costs_pct: float = 30.0
    weekly_hours: float = 37.0
    onboarding_weeks: float = 12.0
    onboarding_productivity_pct: float = 50.0
    salaries: dict[str, float] = field(default_factory=dict)

    def problems(self) -> dict[str, str]:
        """What is wrong with these assumptions, by field (``salary_<role>`` for a salary): empty when none."""
        found: dict[str, str] = {}
        if not 0 <= self.on_costs_pct <= 100:
            found["on_costs_pct"] = "On-costs must be between 0% and 100% of salary"
        if not 1 <= self.weekly_hours <= 60:
            found["weekly_hours"] = "A full-time week must be between 1 and 60 hours"
        if not 0 <= self.onboarding_weeks <= 104:
            found["onboarding_weeks"] = "On-boarding must take between 0 and 104 weeks"
        if not 0 <= self.onboarding_productivity_pct <= 100:
            found["onboarding_productivity_pct"] = "Productivity while on-boarding must be between 0% and 100%"
        for role, salary in self.salaries.items():
            if role not in ROLES:
                found[f"salary_{role}"] = f"There is no role {role}: roles are 1 to 6"
            elif not 1000 <= salary <= 500000:
                found[f"salary_{role}"] = "A salary must be between £1,000 and £500,000 a year"
        return found

    def row(self, la_code: str) -> dict[str, object]:
        """This as a row of the ``cost_assumptions`` frame."""
        plain = {k: v for k, v in asdict(self).items() if k != "salaries"}
        return {"la_code": la_code, **plain, **{f"salary_{r}": self.salaries.get(r) for r in ROLES}}


DEFAULTS = TurnoverAssumptions()
SCALARS: tuple[str, ...] = tuple(f.name for f in fields(TurnoverAssumptions) if f.name != "salaries")
COST_COLUMNS: tuple[str, ...] = (
    "la_code",
    "leavers",
    "covering_placements",
    "other_placements",
    "agency_hours",
    "agency_spend",
    "permanent_equivalent",
    "agency_premium",
    "uncosted_months",
    "campaigns",
    "recruitment_cost",
    "starters",
    "onboarding_cost",
    "recruitment_and_turnover_cost",
    "per_leaver",
    "missing",
)
"""The columns of :func:`turnover_cost`."""


def assumptions_in_force(inputs: CouncilFrames) -> pl.DataFrame:
    """Each council's assumptions (its own, else :data:`DEFAULTS`): la_code, the scalar assumptions, and
    ``salary_1`` .. ``salary_6`` (null where the council gives none)."""
    own = inputs.cost_assumptions
    frame = inputs.councils.select("la_code").join(own, on="la_code", how="left")
    return frame.with_columns(pl.col(name).fill_null(getattr(DEFAULTS, name)) for name in SCALARS)


def assumptions_of(inputs: CouncilFrames, la_code: str) -> TurnoverAssumptions:
    """One council's assumptions in force, as a :class:`TurnoverAssumptions`."""
    row = assumptions_in_force(inputs).filter(pl.col("la_code") == la_code).row(0, named=True)
    salaries = {r: row[f"salary_{r}"] for r in ROLES if row[f"salary_{r}"] is not None}
    return TurnoverAssumptions(**{name: row[name] for name in SCALARS}, salaries=salaries)


def with_assumptions(inputs: CouncilFrames, la_code: str, assumptions: TurnoverAssumptions) -> CouncilFrames:
    """``inputs`` with ``la_code``'s assumptions replaced (to show what other assumptions would give)."""
    others = inputs.cost_assumptions.filter(pl.col("la_code") != la_code)
    mine = pl.DataFrame([assumptions.row(la_code)], schema=dict(inputs.cost_assumptions.schema))
    return CouncilFrames.of(**{**inputs.__dict__, "cost_assumptions": pl.concat([others, mine])})


def _pay_year(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """la_code, year: the pay year each council's salaries are taken from."""
    years = inputs.pay.filter(pl.col("base_salary").is_not_null()).select("la_code", "year").unique()
    return years.group_by("la_code").agg(
        year=pl.when((pl.col("year") <= _census_year(as_at)).any())
        .then(pl.col("year").filter(pl.col("year") <= _census_year(as_at)).max())
        .otherwise(pl.col("year").min())
    )


def _census_year(day: date) -> int:
    """The census year (ending 30 September) a day falls in."""
    return day.year + (1 if (day.month, day.day) > (9, 30) else 0)


def salaries(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Each council's salary per role and for every role: la_code, role ("1".."6" and ``EVERY_ROLE``), salary,
    workers (the full-time permanent workers the median is over; null for an assumption), year (the pay year;
    null for an assumption), assumed (bool), hourly_cost and weekly_cost (see the module docstring); a role with
    no salary of its own takes the every-role salary (``from_every_role``)."""
    year = _pay_year(inputs, as_at)
    pay = inputs.pay.filter(pl.col("base_salary").is_not_null()).join(year, on=["la_code", "year"])
    permanent = inputs.engagements.filter(~pl.col("agency")).select(ENG)
    census_day = pl.date(pl.col("year"), 9, 30)
    on_day = (
        pay.join(permanent, on=ENG)
        .join(inputs.assignments, on=ENG)
        .filter(covers_expr(census_day))
        .group_by(ENG)
        .agg(
            pl.col("role").sort_by("effective_from").last(),
            pl.col("fte").sort_by("effective_from").last(),
            pl.col("base_salary").first(),
            pl.col("year").first(),
        )
        .filter(pl.col("fte") >= 1)
    )
    by_role = on_day.group_by("la_code", "role").agg(
        salary=pl.col("base_salary").median(), workers=pl.len().cast(pl.Int64), year=pl.col("year").first()
    )
    every = on_day.group_by("la_code").agg(
        salary=pl.col("base_salary").median(), workers=pl.len().cast(pl.Int64), year=pl.col("year").first()
    )
    grid = inputs.councils.select("la_code").join(pl.DataFrame({"role": [*ROLES, EVERY_ROLE]}), how="cross")
    held = pl.concat([by_role, every.with_columns(role=pl.lit(EVERY_ROLE))], how="diagonal_relaxed")
    assumed = (
        assumptions_in_force(inputs)
        .unpivot(index="la_code", on=[f"salary_{r}" for r in ROLES], variable_name="role", value_name="assumed_salary")
        .with_columns(pl.col("role").str.strip_prefix("salary_"))
    )
    every_role = every.select("la_code", every_salary="salary", every_workers="workers", every_year="year")
    costs = assumptions_in_force(inputs).select("la_code", *SCALARS)
    frame = (
        grid.join(held, on=["la_code", "role"], how="left")
        .join(assumed, on=["la_code", "role"], how="left")
        .join(every_role, on="la_code", how="left")
        .join(costs, on="la_code", how="left")
        .with_columns(
            assumed=pl.col("assumed_salary").is_not_null(),
            from_every_role=pl.col("assumed_salary").is_null()
            & pl.col("salary").is_null()
            & (pl.col("role") != EVERY_ROLE),
        )
        .with_columns(
            salary=pl.coalesce("assumed_salary", "salary", pl.when(pl.col("from_every_role")).then("every_salary")),
            workers=pl.when(pl.col("assumed"))
            .then(None)
            .when(pl.col("from_every_role"))
            .then("every_workers")
            .otherwise("workers"),
            year=pl.when(pl.col("assumed"))
            .then(None)
            .when(pl.col("from_every_role"))
            .then("every_year")
            .otherwise("year"),
        )
        .with_columns(weekly_cost=pl.col("salary") * (1 + pl.col("on_costs_pct") / 100) / WEEKS_A_YEAR)
        .with_columns(hourly_cost=pl.col("weekly_cost") / pl.col("weekly_hours"))
    )
    order = {role: n for n, role in enumerate([*ROLES, EVERY_ROLE])}
    return frame.sort("la_code", pl.col("role").replace_strict(order, return_dtype=pl.Int64)).select(
        "la_code", "role", "salary", "workers", "year", "assumed", "from_every_role", "hourly_cost", "weekly_cost"
    )


def _role_cost(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """la_code, role, hourly_cost, weekly_cost: a null role takes the every-role cost."""
    found = salaries(inputs, as_at=as_at)
    every = found.filter(pl.col("role") == EVERY_ROLE).with_columns(role=pl.lit(None, pl.String))
    return pl.concat([found.filter(pl.col("role") != EVERY_ROLE), every]).select(
        "la_code", "role", "hourly_cost", "weekly_cost"
    )


def agency_premium(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, covering_placements, other_placements, agency_hours, agency_spend, permanent_equivalent,
    agency_premium, uncosted_months (see the module docstring): one row per council holding agency costs."""
    months = whole_month_costs(inputs, as_at=as_at, period=period)
    rates = inputs.agency_placements.select("la_code", "placement_key", "charge_rate", "funded_post")
    months = months.join(rates, on=["la_code", "placement_key"], how="left")
    covering = months.filter(pl.col("funded_post").fill_null(False))
    rate = pl.col("charge_rate")
    costed = covering.with_columns(
        hours=pl.coalesce("hours", pl.col("spend") / rate), spend=pl.coalesce("spend", pl.col("hours") * rate)
    ).join(_role_cost(inputs, as_at), on=["la_code", "role"], how="left", nulls_equal=True)
    per_council = costed.group_by("la_code").agg(
        covering_placements=pl.col("placement_key").n_unique().cast(pl.Int64),
        agency_hours=pl.col("hours").sum(),
        agency_spend=pl.col("spend").sum(),
        permanent_equivalent=(pl.col("hours") * pl.col("hourly_cost")).sum(),
        uncosted_months=(pl.col("hours").is_null() | pl.col("spend").is_null()).sum().cast(pl.Int64),
        _no_salary=(pl.col("hours").is_not_null() & pl.col("hourly_cost").is_null()).any(),
    )
    others = (
        months.filter(~pl.col("funded_post").fill_null(False))
        .group_by("la_code")
        .agg(other_placements=pl.col("placement_key").n_unique().cast(pl.Int64))
    )
    holding = inputs.agency_costs.select("la_code").unique()
    whole = (pl.col("uncosted_months") == 0) & ~pl.col("_no_salary")
    return (
        holding.join(per_council, on="la_code", how="left")
        .join(others, on="la_code", how="left")
        .with_columns(
            pl.col("covering_placements", "other_placements", "uncosted_months").fill_null(0),
            pl.col("agency_hours", "agency_spend", "permanent_equivalent").fill_null(0.0),
            pl.col("_no_salary").fill_null(False),
        )
        .with_columns(
            agency_premium=pl.when(whole).then(pl.col("agency_spend") - pl.col("permanent_equivalent")),
            permanent_equivalent=pl.when(~pl.col("_no_salary")).then("permanent_equivalent"),
        )
        .drop("_no_salary")
    )


def onboarding(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, starters (permanent starters in P), onboarding_cost (null when a starter's role has no salary):
    one row per council."""
    starters = inputs.engagements.filter(~pl.col("agency") & in_period("start_date", as_at, period)).select(
        *ENG, "start_date"
    )
    at_start = (
        starters.join(inputs.assignments, on=ENG, how="left")
        .filter(pl.col("effective_from").is_null() | covers_expr(pl.col("start_date")))
        .group_by(ENG)
        .agg(pl.col("role").sort_by("effective_from").last(), pl.col("fte").sort_by("effective_from").last())
    )
    found = (
        starters.join(at_start, on=ENG, how="left")
        .join(_role_cost(inputs, as_at), on=["la_code", "role"], how="left", nulls_equal=True)
        .join(assumptions_in_force(inputs).select("la_code", *SCALARS), on="la_code", how="left")
    )
    lost = pl.col("onboarding_weeks") * (1 - pl.col("onboarding_productivity_pct") / 100)
    per_council = found.group_by("la_code").agg(
        starters=pl.len().cast(pl.Int64),
        onboarding_cost=pl.when(pl.col("weekly_cost").is_not_null().all()).then(
            (lost * pl.col("weekly_cost") * pl.col("fte").fill_null(1.0)).sum()
        ),
    )
    return (
        inputs.councils.select("la_code")
        .join(per_council, on="la_code", how="left")
        .with_columns(
            pl.col("starters").fill_null(0),
            onboarding_cost=pl.when(pl.col("starters").is_null() | (pl.col("starters") == 0))
            .then(0.0)
            .otherwise("onboarding_cost"),
        )
    )


def turnover_cost(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The model's parts and total per council: ``COST_COLUMNS`` (see the module docstring); ``missing`` says
    why the total is null ("" when it is not)."""
    leavers = (
        inputs.engagements.filter(~pl.col("agency") & in_period("end_date", as_at, period))
        .group_by("la_code")
        .agg(leavers=pl.len().cast(pl.Int64))
    )
    recruiting = recruitment_cost(inputs, as_at=as_at, period=period)
    premium = agency_premium(inputs, as_at=as_at, period=period)
    starting = onboarding(inputs, as_at=as_at, period=period)
    frame = (
        inputs.councils.select("la_code")
        .join(leavers, on="la_code", how="left")
        .join(premium, on="la_code", how="left")
        .join(recruiting, on="la_code", how="left")
        .join(starting, on="la_code", how="left")
        .with_columns(pl.col("leavers").fill_null(0))
    )
    missing = (
        pl.when(pl.col("uncosted_months").is_null())
        .then(pl.lit("no agency cost records are held"))
        .when(pl.col("uncosted_months") > 0)
        .then(
            pl.format("{} month(s) of agency costs give neither spend nor hours and a charge rate", "uncosted_months")
        )
        .when(pl.col("agency_premium").is_null() | pl.col("onboarding_cost").is_null())
        .then(pl.lit("no salary is known for a role: give one in the assumptions"))
        .when(pl.col("recruitment_cost").is_null())
        .then(pl.lit("no recruitment campaign opened in the period gives its cost"))
        .otherwise(pl.lit(""))
    )
    total = pl.col("agency_premium") + pl.col("recruitment_cost") + pl.col("onboarding_cost")
    return (
        frame.with_columns(missing=missing, recruitment_and_turnover_cost=total)
        .with_columns(
            per_leaver=pl.when(pl.col("leavers") > 0).then(pl.col("recruitment_and_turnover_cost") / pl.col("leavers"))
        )
        .select(COST_COLUMNS)
    )


def turnover_cost_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, recruitment_and_turnover_cost (the model's total: null when a part cannot be worked out)."""
    return turnover_cost(inputs, as_at=as_at, period=period).select("la_code", "recruitment_and_turnover_cost")
