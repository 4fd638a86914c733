"""Agency placements, their monthly costs and the price caps on their rates, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

Definitions (D = ``as_at``, P = ``period``):

* A placement is **in post on D** as an engagement is: started on or before D, and no end or one after D.
* **Spend in P** is the sum of the monthly costs' spend over the months wholly inside P that end on or before D
  (a month P only partly covers is left out: the costs are monthly). Hours likewise. A council holding no agency
  costs has null spend, not 0.
* The **cap in force** for a placement on a day is the price cap (``agency_caps``) in force that day for the
  rate's basis (pay or charge) whose role is the placement's (or every role) and whose grade is the placement's
  grade, compared ignoring case and spaces (or every grade). The most specific applies: a cap naming the grade
  before one naming only the role, before one for every role; a cap of the council's own region before another
  region's; among caps still level, the lowest. A placement with no such cap has none: it is not compared.
* A placement is **over the cap** on D when its pay rate is above the pay cap in force, or its charge rate above
  the charge cap in force; it is **compared** when at least one of its rates has a cap in force to compare with.
* The **statutory rules** of DfE's statutory guidance on agency child and family social workers apply to
  placements starting on or after :data:`RULES_FROM` (the guidance came into effect for new assignments on
  31 October 2024; DfE, "Child and family social workers: agency rules"). Of the placements started in P (and by
  D) on or after that date: those with at least :data:`MIN_PQE_YEARS` years' post-qualification experience, those
  whose references were obtained, and those not under a project team (their rule recorded, and not
  ``project_team``). A check not recorded is not counted as met: compliance is what the records show.
* **In a funded post**: placements in post on D covering a funded (establishment) post (``funded_post``).
* **Conversions**: placements whose ``converted_on`` falls in P (and by D): the worker took a permanent post.

Agency tenure over 12 months is ``agency_over_12_months_pct`` (``measures.local``, from the engagements): not
repeated here; ``measures.agency_return.regional_return`` counts the same thing by role and grade.

Every percentage comes with the counts behind it (:func:`agency_counts`) so a viewer's figure can be withheld.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import AgencyRule, CapBasis, OrgRole
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import TOTAL, _share

RULES_FROM = date(2024, 10, 31)
"""The day DfE's statutory guidance on agency child and family social workers came into effect for new
assignments (the support-for-social-workers agency hub: "On 31 October 2024, statutory guidance ... came into
effect in England")."""
MIN_PQE_YEARS = 3
"""The least post-qualification experience, in years, the guidance asks of an agency social worker."""
PAY, CHARGE = CapBasis.PAY.value, CapBasis.CHARGE.value
PROJECT_TEAM = AgencyRule.PROJECT_TEAM.value

AGENCY_MEASURE_IDS: tuple[str, ...] = (
    "agency_spend",
    "agency_pay_rate_vs_cap",
    "agency_over_cap_pct",
    "agency_in_funded_posts",
    "agency_conversions_recorded",
    "agency_pqe_met_pct",
    "agency_references_pct",
    "agency_no_project_team_pct",
)
"""The columns of ``local_measures`` :func:`agency_measures` gives."""
COUNT_COLUMNS: tuple[str, ...] = (
    "agency_spend_placements",
    "agency_rate_compared",
    "agency_capped",
    "agency_over_cap",
    "agency_in_funded_posts",
    "agency_conversions_recorded",
    "agency_rules_started",
    "agency_pqe_met",
    "agency_references_met",
    "agency_not_project_team",
)
"""The counts :func:`agency_counts` gives beside la_code."""


def placement_in_post(day: date) -> pl.Expr:
    """An agency placement in post on ``day``: started by it and not ended (``end`` is the first day out)."""
    end = pl.col("end")
    return (pl.col("start") <= pl.lit(day)) & (end.is_null() | (end > pl.lit(day)))


def in_period(column: str, as_at: date, period: Period) -> pl.Expr:
    return pl.col(column).is_between(pl.lit(period.start), pl.lit(min(period.end, as_at)))


def _grade_key(column: str) -> pl.Expr:
    """A grade compared ignoring case and spaces."""
    return pl.col(column).str.to_lowercase().str.replace_all(r"\s+", "")


def whole_month_costs(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The monthly costs of the months wholly inside ``period`` that end on or before ``as_at``, with each
    placement's role, grade and team (columns of ``agency_costs`` and ``role``, ``grade``, ``team_key``)."""
    last = min(period.end, as_at)
    months = inputs.agency_costs.filter(
        (pl.col("month") >= pl.lit(period.start)) & (pl.col("month").dt.month_end() <= pl.lit(last))
    )
    about = inputs.agency_placements.select("la_code", "placement_key", "role", "grade", "team_key")
    return months.join(about, on=["la_code", "placement_key"], how="left")


def caps_in_force(inputs: CouncilFrames, *, on: date) -> pl.DataFrame:
    """Each placement in post on ``on`` with the pay and charge caps in force for it that day (``pay_cap``,
    ``charge_cap``, null when none applies; see the module docstring), and ``over_cap`` / ``compared``."""
    placements = inputs.agency_placements.filter(placement_in_post(on))
    until = pl.col("effective_to")
    caps = inputs.agency_caps.filter(
        (pl.col("effective_from") <= pl.lit(on)) & (until.is_null() | (until >= pl.lit(on)))
    ).join(inputs.councils.select("la_code", council_region="region"), on="la_code", how="left")
    cap_grade = pl.col("cap_grade")
    matched = (
        placements.select("la_code", "placement_key", "role", "grade")
        .join(
            caps.select(
                "la_code",
                "basis",
                "rate",
                cap_role=pl.col("role"),
                cap_grade=_grade_key("grade"),
                own_region=(
                    pl.col("region").str.to_lowercase().str.strip_chars()
                    == pl.col("council_region").str.to_lowercase().str.strip_chars()
                ).fill_null(False),
            ),
            on="la_code",
            how="inner",
        )
        .filter(
            (pl.col("cap_role").is_null() | (pl.col("cap_role") == pl.col("role")))
            & (cap_grade.is_null() | (cap_grade == _grade_key("grade")))
        )
        .with_columns(
            _rank=cap_grade.is_not_null().cast(pl.Int64) * 4
            + pl.col("cap_role").is_not_null().cast(pl.Int64) * 2
            + pl.col("own_region").cast(pl.Int64)
        )
    )
    best = (
        matched.filter(pl.col("_rank") == pl.col("_rank").max().over("la_code", "placement_key", "basis"))
        .group_by("la_code", "placement_key", "basis")
        .agg(cap=pl.col("rate").min())
    )
    wide = placements.select("la_code", "placement_key")
    for basis in (PAY, CHARGE):
        part = best.filter(pl.col("basis") == basis).select(
            "la_code", "placement_key", pl.col("cap").alias(f"{basis}_cap")
        )
        wide = wide.join(part, on=["la_code", "placement_key"], how="left")
    pay_over = pl.col("pay_rate") > pl.col("pay_cap")
    charge_over = pl.col("charge_rate") > pl.col("charge_cap")
    pay_compared = pl.col("pay_rate").is_not_null() & pl.col("pay_cap").is_not_null()
    charge_compared = pl.col("charge_rate").is_not_null() & pl.col("charge_cap").is_not_null()
    return placements.join(wide, on=["la_code", "placement_key"], how="left").with_columns(
        compared=pay_compared | charge_compared,
        over_cap=(pay_over.fill_null(False) | charge_over.fill_null(False)),
        pay_over_cap=pay_over,
        charge_over_cap=charge_over,
    )


def _rules_started(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    """Placements started in P (and by D) on or after :data:`RULES_FROM`, with ``pqe_met``, ``references_met``
    and ``not_project_team`` (null checks counted as not met)."""
    start = pl.col("start")
    begun = inputs.agency_placements.filter(in_period("start", as_at, period) & (start >= pl.lit(RULES_FROM)))
    return begun.with_columns(
        pqe_met=(pl.col("pqe_years") >= MIN_PQE_YEARS).fill_null(False),
        references_met=pl.col("references").fill_null(False),
        not_project_team=(pl.col("rule") != PROJECT_TEAM).fill_null(False),
    )


def agency_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code and ``COUNT_COLUMNS``, one row per council holding agency placements (or costs): the counts behind
    :func:`agency_measures` (placements with spend in P's whole months; placements in post on D with a rate
    compared to a cap, with a cap, over a cap; in a funded post; conversions in P; placements the statutory rules
    apply to and those meeting each)."""
    costs = whole_month_costs(inputs, as_at=as_at, period=period)
    spend = (
        costs.filter(pl.col("spend").is_not_null())
        .group_by("la_code")
        .agg(agency_spend_placements=pl.col("placement_key").n_unique().cast(pl.Int64))
    )
    capped = (
        caps_in_force(inputs, on=as_at)
        .group_by("la_code")
        .agg(
            agency_rate_compared=(pl.col("pay_rate").is_not_null() & pl.col("pay_cap").is_not_null())
            .sum()
            .cast(pl.Int64),
            agency_capped=pl.col("compared").sum().cast(pl.Int64),
            agency_over_cap=(pl.col("compared") & pl.col("over_cap")).sum().cast(pl.Int64),
        )
    )
    placements = inputs.agency_placements
    funded = placements.group_by("la_code").agg(
        agency_in_funded_posts=(placement_in_post(as_at) & pl.col("funded_post").fill_null(False)).sum().cast(pl.Int64),
        agency_conversions_recorded=in_period("converted_on", as_at, period).fill_null(False).sum().cast(pl.Int64),
    )
    rules = (
        _rules_started(inputs, as_at, period)
        .group_by("la_code")
        .agg(
            agency_rules_started=pl.len().cast(pl.Int64),
            agency_pqe_met=pl.col("pqe_met").sum().cast(pl.Int64),
            agency_references_met=pl.col("references_met").sum().cast(pl.Int64),
            agency_not_project_team=pl.col("not_project_team").sum().cast(pl.Int64),
        )
    )
    holding = pl.concat([placements.select("la_code"), inputs.agency_costs.select("la_code")]).unique()
    result = holding
    for part in (spend, capped, funded, rules):
        result = result.join(part, on="la_code", how="left")
    # a council holding placements has 0 of each count (none matched), not null; spend needs costs held
    zeros = [c for c in COUNT_COLUMNS if c != "agency_spend_placements"]
    has_costs = pl.col("la_code").is_in(inputs.agency_costs["la_code"].unique().to_list())
    has_placements = pl.col("la_code").is_in(placements["la_code"].unique().to_list())
    return result.with_columns(
        *(pl.when(has_placements).then(pl.col(c).fill_null(0)).alias(c) for c in zeros),
        agency_spend_placements=pl.when(has_costs).then(pl.col("agency_spend_placements").fill_null(0)),
    ).select("la_code", *COUNT_COLUMNS)


def agency_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code and ``AGENCY_MEASURE_IDS``, one row per council, unrounded (see the module docstring):
    ``agency_spend`` pounds over P's whole months; ``agency_pay_rate_vs_cap`` the mean over placements in post
    on D with a pay rate and a pay cap in force of (pay rate - cap), pounds an hour (below 0: under the cap);
    ``agency_over_cap_pct`` over-cap placements of those compared; the counts; each rule's share of the
    placements the rules apply to. Null for a council holding no agency records."""
    counts = agency_counts(inputs, as_at=as_at, period=period)
    spend = (
        whole_month_costs(inputs, as_at=as_at, period=period)
        .group_by("la_code")
        .agg(agency_spend=pl.when(pl.col("spend").is_not_null().any()).then(pl.col("spend").sum()))
    )
    gap = (
        caps_in_force(inputs, on=as_at)
        .filter(pl.col("pay_rate").is_not_null() & pl.col("pay_cap").is_not_null())
        .group_by("la_code")
        .agg(agency_pay_rate_vs_cap=(pl.col("pay_rate") - pl.col("pay_cap")).mean())
    )
    started = pl.col("agency_rules_started")
    measures = (
        counts.join(spend, on="la_code", how="left")
        .join(gap, on="la_code", how="left")
        .select(
            "la_code",
            "agency_spend",
            "agency_pay_rate_vs_cap",
            agency_over_cap_pct=_share(pl.col("agency_over_cap"), pl.col("agency_capped")),
            agency_in_funded_posts="agency_in_funded_posts",
            agency_conversions_recorded="agency_conversions_recorded",
            agency_pqe_met_pct=_share(pl.col("agency_pqe_met"), started),
            agency_references_pct=_share(pl.col("agency_references_met"), started),
            agency_no_project_team_pct=_share(pl.col("agency_not_project_team"), started),
        )
    )
    return (
        inputs.councils.select("la_code")
        .join(measures, on="la_code", how="left")
        .select("la_code", *AGENCY_MEASURE_IDS)
    )


# -- tables for the "Recruitment and agency" page -------------------------------------------------------------

SPEND_COLUMNS: tuple[str, ...] = ("placements", "hours", "spend")


def agency_spend_by_month(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, month (its first day), placements (with a cost that month), hours, spend: one row per whole
    month of P (to D) a council holds costs for, in month order. The page shows it as a monthly series;
    for a viewer a month's spend and hours are withheld when its placements are 1 to 4."""
    costs = whole_month_costs(inputs, as_at=as_at, period=period)
    return (
        costs.group_by("la_code", "month")
        .agg(
            placements=pl.col("placement_key").n_unique().cast(pl.Int64),
            hours=pl.when(pl.col("hours").is_not_null().any()).then(pl.col("hours").sum()),
            spend=pl.when(pl.col("spend").is_not_null().any()).then(pl.col("spend").sum()),
        )
        .sort("la_code", "month")
    )


def _spend_by(inputs: CouncilFrames, as_at: date, period: Period, keys: list[str]) -> pl.DataFrame:
    costs = whole_month_costs(inputs, as_at=as_at, period=period)
    agg = [
        pl.col("placement_key").n_unique().cast(pl.Int64).alias("placements"),
        pl.when(pl.col("hours").is_not_null().any()).then(pl.col("hours").sum()).alias("hours"),
        pl.when(pl.col("spend").is_not_null().any()).then(pl.col("spend").sum()).alias("spend"),
    ]
    groups = costs.group_by("la_code", *keys).agg(agg).with_columns(is_total=pl.lit(False))
    totals = costs.group_by("la_code").agg(agg).with_columns(is_total=pl.lit(True))
    both = pl.concat([groups, totals], how="diagonal_relaxed")
    return both.sort("la_code", "is_total", *keys, nulls_last=True).select("la_code", *keys, "is_total", *SPEND_COLUMNS)


def agency_spend_by_grade(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, role, role_label, grade, is_total, placements, hours, spend over P's whole months: a row per
    role and council grade the placements are paid against (null: not recorded) and a total row per council.
    For a viewer a row's spend and hours are withheld when its placements are 1 to 4."""
    table = _spend_by(inputs, as_at, period, ["role", "grade"])
    labels = {role.value: role.label for role in OrgRole}
    return table.with_columns(
        role_label=pl.when(pl.col("is_total"))
        .then(pl.lit(TOTAL))
        .otherwise(pl.col("role").replace_strict(labels, default=None))
    ).select("la_code", "role", "role_label", "grade", "is_total", *SPEND_COLUMNS)


def agency_spend_by_team(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, team_key, team (its name), is_total, placements, hours, spend over P's whole months: a row per team
    the placements work in (null: not recorded) and a total row per council. Withheld for a viewer as by grade."""
    table = _spend_by(inputs, as_at, period, ["team_key"])
    names = inputs.teams.select("la_code", "team_key", team="name")
    return (
        table.join(names, on=["la_code", "team_key"], how="left")
        .with_columns(team=pl.when(pl.col("is_total")).then(pl.lit(TOTAL)).otherwise(pl.col("team")))
        .select("la_code", "team_key", "team", "is_total", *SPEND_COLUMNS)
    )


RATE_COLUMNS: tuple[str, ...] = (
    "placements",
    "mean_pay_rate",
    "mean_charge_rate",
    "mean_pay_cap",
    "mean_charge_cap",
    "compared",
    "over_cap",
    "over_cap_pct",
)


def agency_rates_by_grade(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """la_code, role, grade, is_total and ``RATE_COLUMNS``: placements in post on D by role and council grade
    (and a total row per council), their mean hourly pay and charge rates (of those recorded), the mean pay and
    charge caps in force for them on D, how many were compared with a cap, how many are over it and the share.
    The page shows it as Lewisham's "rates by grade against the cap"; for a viewer the means are withheld when a
    row's placements are 1 to 4, and the share by the rate rule."""
    placed = caps_in_force(inputs, on=as_at)
    agg = [
        pl.len().cast(pl.Int64).alias("placements"),
        pl.col("pay_rate").mean().alias("mean_pay_rate"),
        pl.col("charge_rate").mean().alias("mean_charge_rate"),
        pl.col("pay_cap").mean().alias("mean_pay_cap"),
        pl.col("charge_cap").mean().alias("mean_charge_cap"),
        pl.col("compared").sum().cast(pl.Int64).alias("compared"),
        (pl.col("compared") & pl.col("over_cap")).sum().cast(pl.Int64).alias("over_cap"),
    ]
    groups = placed.group_by("la_code", "role", "grade").agg(agg).with_columns(is_total=pl.lit(False))
    totals = placed.group_by("la_code").agg(agg).with_columns(is_total=pl.lit(True))
    return (
        pl.concat([groups, totals], how="diagonal_relaxed")
        .with_columns(over_cap_pct=_share(pl.col("over_cap"), pl.col("compared")))
        .sort("la_code", "is_total", "role", "grade", nulls_last=True)
        .select("la_code", "role", "grade", "is_total", *RATE_COLUMNS)
    )


def agency_placements_against_caps(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Each placement in post on D, for the council's own agency page (never a viewer's, nor the regional
    return: it names the placement): placement_key, engagement_key, supplier, role, grade, team_key, start, end,
    pay_rate, pay_cap, pay_over_cap, charge_rate, charge_cap, charge_over_cap, the statutory checks
    (``rules_apply``: started on or after ``RULES_FROM``; pqe_years, pqe_met, references, rule) and converted_on."""
    placed = caps_in_force(inputs, on=as_at)
    return (
        placed.with_columns(
            rules_apply=pl.col("start") >= pl.lit(RULES_FROM),
            pqe_met=pl.col("pqe_years") >= MIN_PQE_YEARS,
        )
        .select(
            "la_code",
            "placement_key",
            "engagement_key",
            "supplier",
            "role",
            "grade",
            "team_key",
            "start",
            "end",
            "pay_rate",
            "pay_cap",
            "pay_over_cap",
            "charge_rate",
            "charge_cap",
            "charge_over_cap",
            "rules_apply",
            "pqe_years",
            "pqe_met",
            "references",
            "rule",
            "converted_on",
        )
        .sort("la_code", "start", "placement_key")
    )
