"""The regional agency return: the agency figures a council shares with its region under DfE's statutory guidance
on agency child and family social workers (placements, rates against the caps, tenure, spend), by role and
council grade, with nothing that identifies a worker.

:func:`regional_return` gives a Polars frame (the lead's CSV and Excel downloads and command line write it). Its
counts are protected as the profile tables are (``measures.disclosure``): a count of 1 to 4 is withheld, and so
is any other cell from which one could be worked out (primary and complementary suppression over the role and
grade rows and the council's total row, with the rest of a group, say in post less those over 12 months, counted
as a cell too); a mean rate or cap is withheld with the placements in post it is over, the spend with the
placements it is over. Each withheld cell is null, with ``<column>_withheld`` true.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import OrgRole
from csc_workforce.domain.periods import Period
from csc_workforce.measures.agency import caps_in_force, in_period, whole_month_costs
from csc_workforce.measures.disclosure import Problem, protect, withheld_column
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.local import year_before
from csc_workforce.measures.profile import SMALL_NUMBER_THRESHOLD, TOTAL

RETURN_COUNTS: tuple[str, ...] = (
    "placements_in_post",
    "placements_started",
    "over_12_months",
    "compared_with_cap",
    "over_cap",
    "spend_placements",
)
RETURN_DERIVED: dict[str, str] = {  # each mean or sum, with the count of placements it is over
    "mean_pay_rate": "placements_in_post",
    "mean_charge_rate": "placements_in_post",
    "pay_cap": "placements_in_post",
    "charge_cap": "placements_in_post",
    "spend": "spend_placements",
}
RETURN_COLUMNS: tuple[str, ...] = ("la_code", "role", "role_label", "grade", *RETURN_COUNTS, *RETURN_DERIVED)
# (subset, whole): the subset and the rest of the whole are each a group of workers
_SUBSETS = (
    ("over_12_months", "placements_in_post"),
    ("compared_with_cap", "placements_in_post"),
    ("over_cap", "compared_with_cap"),
)


def regional_figures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The return's figures before small numbers are withheld (``RETURN_COLUMNS`` and ``is_total``): per council,
    a row per role and council grade of the placements and a total row (role and grade null). Placements in post
    on D and started in P (to D); of those in post, those whose agency engagement started a year or more before D
    (``agency_over_12_months_pct``'s definition), those compared with a cap in force on D and those over it; the
    mean hourly pay and charge rates and caps in force of those in post; spend over P's whole months and the
    placements it is over. No key, supplier or team: nothing that identifies a worker."""
    placed = caps_in_force(inputs, on=as_at).join(
        inputs.engagements.select("la_code", "engagement_key", engagement_start="start_date"),
        on=["la_code", "engagement_key"],
        how="left",
    )
    long_standing = pl.col("engagement_start") <= pl.lit(year_before(as_at))
    in_post = [
        pl.len().cast(pl.Int64).alias("placements_in_post"),
        long_standing.fill_null(False).sum().cast(pl.Int64).alias("over_12_months"),
        pl.col("compared").sum().cast(pl.Int64).alias("compared_with_cap"),
        (pl.col("compared") & pl.col("over_cap")).sum().cast(pl.Int64).alias("over_cap"),
        pl.col("pay_rate").mean().alias("mean_pay_rate"),
        pl.col("charge_rate").mean().alias("mean_charge_rate"),
        pl.col("pay_cap").mean().alias("pay_cap"),
        pl.col("charge_cap").mean().alias("charge_cap"),
    ]
    started = inputs.agency_placements.filter(in_period("start", as_at, period))
    costs = whole_month_costs(inputs, as_at=as_at, period=period).filter(pl.col("spend").is_not_null())
    spent = [
        pl.col("placement_key").n_unique().cast(pl.Int64).alias("spend_placements"),
        pl.col("spend").sum().alias("spend"),
    ]
    keys = ["la_code", "role", "grade"]

    def with_total(frame: pl.DataFrame, agg: list[pl.Expr]) -> pl.DataFrame:
        groups = frame.group_by(keys).agg(agg).with_columns(is_total=pl.lit(False))
        total = (
            frame.group_by("la_code")
            .agg(agg)
            .with_columns(role=pl.lit(None, pl.String), grade=pl.lit(None, pl.String), is_total=pl.lit(True))
        )
        return pl.concat([groups, total], how="diagonal_relaxed")

    parts = [
        with_total(placed, in_post),
        with_total(started, [pl.len().cast(pl.Int64).alias("placements_started")]),
        with_total(costs, spent),
    ]
    rows = pl.concat([p.select(*keys, "is_total") for p in parts]).unique()
    for part in parts:
        rows = rows.join(part, on=[*keys, "is_total"], how="left", nulls_equal=True)
    order = {role.value: n for n, role in enumerate(OrgRole)}
    labels = {role.value: role.label for role in OrgRole}
    return (
        rows.with_columns(pl.col(c).fill_null(0) for c in RETURN_COUNTS)
        .with_columns(
            role_label=pl.when(pl.col("is_total"))
            .then(pl.lit(TOTAL))
            .otherwise(pl.col("role").replace_strict(labels, default="Not recorded")),
            _order=pl.col("role").replace_strict(order, default=len(order), return_dtype=pl.Int64),
        )
        .sort("la_code", "is_total", "_order", "grade", nulls_last=True)
        .select(*RETURN_COLUMNS, "is_total")
    )


def _withheld_cells(rows: pl.DataFrame, threshold: int) -> set[tuple[str, int]]:
    """The (column, row) cells of one council's rows to withhold: one problem over every count column, each column's
    rows adding up to the total row, and each subset and the rest of its whole adding up to the whole."""
    problem = Problem()
    total = next(n for n, t in enumerate(rows["is_total"].to_list()) if t)
    groups = [n for n in range(rows.height) if n != total]
    values = {c: rows[c].to_list() for c in RETURN_COUNTS}
    for column in RETURN_COUNTS:
        for n in range(rows.height):
            problem.cell((column, n), values[column][n], margin=n == total)
    for subset, whole in _SUBSETS:
        rest = f"{whole} less {subset}"
        for n in range(rows.height):
            problem.cell((rest, n), values[whole][n] - values[subset][n], margin=n == total)
            problem.equation((whole, n), [(subset, n), (rest, n)])
        problem.equation((rest, total), [(rest, n) for n in groups])
    for column in RETURN_COUNTS:
        problem.equation((column, total), [(column, n) for n in groups])
    hidden = protect(problem, threshold=threshold).withheld
    return {cell for cell in hidden if isinstance(cell, tuple) and cell[0] in RETURN_COUNTS}


def regional_return(
    inputs: CouncilFrames, *, as_at: date, period: Period, threshold: int = SMALL_NUMBER_THRESHOLD
) -> pl.DataFrame:
    """The regional agency return (see the module docstring): ``RETURN_COLUMNS`` and a ``<column>_withheld`` flag
    for each count and derived column, rows in OrgRole's order and the council's "Total" row last."""
    figures = regional_figures(inputs, as_at=as_at, period=period)
    shown: list[pl.DataFrame] = []
    for _, rows in figures.group_by("la_code", maintain_order=True):
        hidden = _withheld_cells(rows, threshold)
        flags = {c: [(c, n) in hidden for n in range(rows.height)] for c in RETURN_COUNTS}
        for column, count in RETURN_DERIVED.items():
            flags[column] = flags[count]
        frame = rows.with_columns(
            pl.Series(withheld_column(c), mask, dtype=pl.Boolean) for c, mask in flags.items()
        ).with_columns(pl.when(pl.col(withheld_column(c))).then(None).otherwise(pl.col(c)).alias(c) for c in flags)
        shown.append(frame)
    columns = [*RETURN_COLUMNS, *(withheld_column(c) for c in (*RETURN_COUNTS, *RETURN_DERIVED))]
    if not shown:
        return figures.select(RETURN_COLUMNS).with_columns(
            pl.lit(False).alias(withheld_column(c)) for c in (*RETURN_COUNTS, *RETURN_DERIVED)
        )
    return pl.concat(shown).select(columns)
