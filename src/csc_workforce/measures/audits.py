"""Case audits: the share graded good or better, and inadequate, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

An audit counts in period P when its date is in P and on or before the date ``as_at``. Good or better is graded
outstanding or good; the percentages are of the audits counted. A council holding no audits has null figures,
not 0; a period with no audit has null percentages.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from csc_workforce.domain.codes import AuditElement, AuditGrade
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import TOTAL, _named, _share

AUDIT_MEASURE_IDS: tuple[str, ...] = ("audits_good_or_better_pct", "audits_inadequate_pct")
"""The columns of ``local_measures`` :func:`audit_measures` gives."""
GOOD_OR_BETTER = (AuditGrade.OUTSTANDING.value, AuditGrade.GOOD.value)
INADEQUATE = AuditGrade.INADEQUATE.value
BY_TEAM_COLUMNS: tuple[str, ...] = (
    "la_code",
    "team_key",
    "team_name",
    "is_total",
    "audits",
    "good_or_better",
    "good_or_better_pct",
    "inadequate",
    "inadequate_pct",
)
BY_TEAM_COUNTS: tuple[str, ...] = ("audits", "good_or_better", "inadequate")
BY_TEAM_DERIVED: dict[str, tuple[str, ...]] = {
    "good_or_better_pct": ("good_or_better", "audits"),
    "inadequate_pct": ("inadequate", "audits"),
}


def _counted(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    last = min(period.end, as_at)
    return inputs.audits.filter(pl.col("on").is_between(pl.lit(period.start), pl.lit(last)))


def _counts() -> list[pl.Expr]:
    grade = pl.col("grade")
    return [
        pl.len().cast(pl.Int64).alias("audits"),
        grade.is_in(GOOD_OR_BETTER).sum().cast(pl.Int64).alias("good_or_better"),
        (grade == INADEQUATE).sum().cast(pl.Int64).alias("inadequate"),
    ]


def _rates(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        good_or_better_pct=_share(pl.col("good_or_better"), pl.col("audits")),
        inadequate_pct=_share(pl.col("inadequate"), pl.col("audits")),
    )


def audit_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, audits, good_or_better, inadequate over P, one row per council holding audits (0 when none fell
    in P); the counts the percentages are over (``disclosure.development_withheld``)."""
    holding = inputs.audits.select("la_code").unique()
    counted = _counted(inputs, as_at, period).group_by("la_code").agg(_counts())
    return holding.join(counted, on="la_code", how="left").with_columns(pl.col(BY_TEAM_COUNTS).fill_null(0))


def audit_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, ``AUDIT_MEASURE_IDS``: audits good or better and inadequate as a percentage of the audits over
    P (Slough: 80% good or better and at most 5% inadequate), one row per council; null without audits."""
    rates = _rates(audit_counts(inputs, as_at=as_at, period=period))
    return (
        inputs.councils.select("la_code")
        .join(rates, on="la_code", how="left")
        .select("la_code", audits_good_or_better_pct="good_or_better_pct", audits_inadequate_pct="inadequate_pct")
    )


def audits_by_team(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Audits over P by the team audited ("No team recorded" when the file names none) and a total row per council
    holding audits; columns ``BY_TEAM_COLUMNS``, the counts adding up over the teams to the total."""
    counted = _counted(inputs, as_at, period)
    teams = counted.group_by("la_code", "team_key").agg(_counts()).with_columns(is_total=pl.lit(False))
    named = _named(teams, inputs)  # "No team recorded" when the file names none
    totals = audit_counts(inputs, as_at=as_at, period=period).with_columns(
        team_key=pl.lit(None, pl.String), team_name=pl.lit(TOTAL), is_total=pl.lit(True)
    )
    both = pl.concat([named, totals], how="diagonal_relaxed")
    return _rates(both).sort("la_code", "is_total", pl.col("team_key").is_null(), "team_name").select(BY_TEAM_COLUMNS)


# -- element grades and the monthly trend ---------------------------------------------------------------------

OVERALL_LABEL = "Overall grade"
BY_ELEMENT_COLUMNS: tuple[str, ...] = (
    "la_code",
    "element",
    "element_label",
    "audits",
    "good_or_better",
    "good_or_better_pct",
    "inadequate",
    "inadequate_pct",
)
BY_MONTH_COLUMNS: tuple[str, ...] = (
    "la_code",
    "month",
    "element",
    "element_label",
    "audits",
    "good_or_better",
    "good_or_better_pct",
    "inadequate",
    "inadequate_pct",
    "good_or_better_change_pp",
)
_ELEMENT_ORDER = {e.value: n for n, e in enumerate(AuditElement)}
_ELEMENT_LABELS = {e.value: e.label for e in AuditElement}


def _graded(audits: pl.DataFrame, inputs: CouncilFrames) -> pl.DataFrame:
    """The grades of ``audits``, one row per grade: the overall grade (element null) and each element graded on
    its own; la_code, audit_key, on, element, grade."""
    overall = audits.select("la_code", "audit_key", "on", element=pl.lit(None, pl.String), grade="grade")
    elements = inputs.audit_elements.join(audits.select("la_code", "audit_key", "on"), on=["la_code", "audit_key"])
    return pl.concat([overall, elements.select(overall.columns)])


def _labelled(frame: pl.DataFrame) -> pl.DataFrame:
    element = pl.col("element")
    return frame.with_columns(
        element_label=pl.when(element.is_null())
        .then(pl.lit(OVERALL_LABEL))
        .otherwise(element.replace_strict(_ELEMENT_LABELS, default=element, return_dtype=pl.String)),
        _order=element.replace_strict(_ELEMENT_ORDER, default=-1, return_dtype=pl.Int64).fill_null(-1),
    )


def audits_by_element(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Audits over P by what was graded: a row for the overall grade, then one per ``AuditElement`` (in its order)
    for a council holding element grades, each with the audits graded on it, good or better and inadequate and
    their percentages (Slough: contact with the child 60% then 80% good or better); columns
    ``BY_ELEMENT_COLUMNS``. An element no audit in P graded has 0 audits and null percentages. A page shows a row
    per element; the rows do not add up (each grades the same audits again), so each row is withheld for a viewer
    on its own, by the rate rule of ``disclosure.development_withheld`` (a count of 1 to 4, and a percentage whose
    numerator, audits or rest is 1 to 4), with ``BY_TEAM_COUNTS`` and ``BY_TEAM_DERIVED``."""
    graded = _graded(_counted(inputs, as_at, period), inputs)
    holding = inputs.audits.select("la_code").unique()
    with_elements = inputs.audit_elements.select("la_code").unique()
    grid = pl.concat(
        [
            holding.with_columns(element=pl.lit(None, pl.String)),
            with_elements.join(pl.DataFrame({"element": [e.value for e in AuditElement]}), how="cross"),
        ]
    )
    counted = graded.group_by("la_code", "element").agg(_counts())
    rows = grid.join(counted, on=["la_code", "element"], how="left", nulls_equal=True)
    rows = rows.with_columns(pl.col(BY_TEAM_COUNTS).fill_null(0))
    return _labelled(_rates(rows)).sort("la_code", "_order").select(BY_ELEMENT_COLUMNS)


def audits_by_month(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The month-on-month trend Slough and Dudley target (80% good or better, at most 5% inadequate, a rise each
    month): for each whole month inside P that ends on or before ``as_at`` (a month P only partly covers is left
    out, so no month is a part), the audits dated in it by the overall grade and by each element a council holds
    grades for, as ``audits_by_element``; good_or_better_change_pp is the percentage less the previous month's
    (null for the first month, or when either is null). Every month is a row (0 audits: null percentages), per
    council holding audits; columns ``BY_MONTH_COLUMNS``, ``month`` its first day. A page shows a line or a
    row per month for the overall grade, the elements beneath; each row is withheld for a viewer on its own as in
    ``audits_by_element`` (a month with 1 to 4 audits, say), and a change beside a withheld percentage with it."""
    last = min(period.end, as_at)
    first_month = date(period.start.year, period.start.month, 1)
    if first_month < period.start:
        first_month = date(first_month.year + first_month.month // 12, first_month.month % 12 + 1, 1)
    months: list[date] = []
    month = first_month
    while _month_last_day(month) <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    month_frame = pl.DataFrame({"month": pl.Series(months, dtype=pl.Date)})
    in_months = inputs.audits.filter(pl.col("on").dt.month_start().is_in(month_frame["month"].implode()))
    graded = _graded(in_months, inputs).with_columns(month=pl.col("on").dt.month_start())
    holding = inputs.audits.select("la_code").unique()
    with_elements = inputs.audit_elements.select("la_code").unique()
    what = pl.concat(
        [
            holding.with_columns(element=pl.lit(None, pl.String)),
            with_elements.join(pl.DataFrame({"element": [e.value for e in AuditElement]}), how="cross"),
        ]
    )
    grid = what.join(month_frame, how="cross")
    counted = graded.group_by("la_code", "element", "month").agg(_counts())
    rows = grid.join(counted, on=["la_code", "element", "month"], how="left", nulls_equal=True)
    rows = _labelled(_rates(rows.with_columns(pl.col(BY_TEAM_COUNTS).fill_null(0))))
    rows = rows.sort("la_code", "_order", "month").with_columns(
        good_or_better_change_pp=(
            pl.col("good_or_better_pct") - pl.col("good_or_better_pct").shift(1).over("la_code", "element")
        )
    )
    return rows.select(BY_MONTH_COLUMNS)


def _month_last_day(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)
