"""Case audits: the share graded good or better, and inadequate, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

An audit counts in period P when its date is in P and on or before the date ``as_at``. Good or better is graded
outstanding or good; the percentages are of the audits counted. A council holding no audits has null figures,
not 0; a period with no audit has null percentages.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import AuditGrade
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
