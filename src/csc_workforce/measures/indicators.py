"""Practice indicators the case-management system computes (assessments in 45 working days, visits in timescale,
IRO mid-way visits, compliments and complaints), uploaded by month as numerator and denominator, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

A month counts in period P when the whole month is inside P and ends on or before the date ``as_at`` (a month
the period only partly covers is left out: the upload gives whole months). Over the period the numerators and
denominators are summed, so a percentage is of all the children or assessments of the months counted, not an
average of monthly percentages. The as-at indicators (visits, IRO visits: Slough's "children visited within
timescale") take the latest whole month ending on or before ``as_at``. A council holding none of an indicator
has it null; a denominator of 0 gives a null percentage; compliments per complaint is null with no complaint.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import PracticeIndicator
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import _share

ASSESSMENTS = PracticeIndicator.ASSESSMENTS_45_DAYS.value
VISITS = PracticeIndicator.CP_LAC_VISITS.value
IRO = PracticeIndicator.IRO_MIDWAY_VISITS.value
COMPLIMENTS = PracticeIndicator.COMPLIMENTS.value
COMPLAINTS = PracticeIndicator.COMPLAINTS.value
INDICATOR_MEASURE_IDS: tuple[str, ...] = (
    "assessments_within_45_days_pct",
    "cp_lac_visits_in_timescale_pct",
    "iro_midway_visits_pct",
    "compliments_vs_complaints",
)
"""The columns of ``local_measures`` :func:`indicator_measures` gives."""
RATE_OF: dict[str, str] = {
    "assessments_within_45_days_pct": ASSESSMENTS,
    "cp_lac_visits_in_timescale_pct": VISITS,
    "iro_midway_visits_pct": IRO,
}


def _month_end() -> pl.Expr:
    return pl.col("month").dt.month_end()


def _whole_months(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    last = min(period.end, as_at)
    return inputs.indicators.filter((pl.col("month") >= pl.lit(period.start)) & (_month_end() <= pl.lit(last)))


def _latest_month(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    done = inputs.indicators.filter(_month_end() <= pl.lit(as_at))
    return done.filter(pl.col("month") == pl.col("month").max().over("la_code", "indicator"))


def indicator_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code then, per indicator, the numerator and denominator the measures are over: ``<indicator>_n`` and
    ``<indicator>_d`` (assessments and complaints and compliments over P's whole months; visits and IRO visits
    in the latest whole month to ``as_at``), one row per council holding indicators."""
    over_period = _whole_months(inputs, as_at, period).filter(
        pl.col("indicator").is_in([ASSESSMENTS, COMPLIMENTS, COMPLAINTS])
    )
    latest = _latest_month(inputs, as_at).filter(pl.col("indicator").is_in([VISITS, IRO]))
    both = pl.concat([over_period, latest])
    summed = both.group_by("la_code", "indicator").agg(
        n=pl.col("numerator").sum().cast(pl.Int64),
        d=pl.when(pl.col("denominator").is_not_null().any()).then(pl.col("denominator").sum()).cast(pl.Int64),
    )
    holding = inputs.indicators.select("la_code").unique()
    result = holding
    for indicator in (ASSESSMENTS, VISITS, IRO, COMPLIMENTS, COMPLAINTS):
        part = summed.filter(pl.col("indicator") == indicator).select(
            "la_code", pl.col("n").alias(f"{indicator}_n"), pl.col("d").alias(f"{indicator}_d")
        )
        result = result.join(part, on="la_code", how="left")
    return result


def indicator_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, ``INDICATOR_MEASURE_IDS``, one row per council, unrounded (see the module docstring)."""
    counts = indicator_counts(inputs, as_at=as_at, period=period)
    complaints = pl.col(f"{COMPLAINTS}_n")
    measures = counts.select(
        "la_code",
        *(_share(pl.col(f"{code}_n"), pl.col(f"{code}_d")).alias(measure) for measure, code in RATE_OF.items()),
        compliments_vs_complaints=pl.when(complaints > 0).then(pl.col(f"{COMPLIMENTS}_n") / complaints),
    )
    return inputs.councils.select("la_code").join(measures, on="la_code", how="left")


BY_MONTH_RATES: tuple[str, ...] = (ASSESSMENTS, VISITS, IRO)
BY_MONTH_COUNTS: tuple[str, ...] = (COMPLIMENTS, COMPLAINTS)


def indicators_by_month(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The whole months of ``period`` to ``as_at``, one row per council and month held: for each rate indicator
    ``<code>_n``, ``<code>_d`` and ``<code>_pct``; compliments and complaints as counts; oldest month first."""
    months = _whole_months(inputs, as_at, period)
    if months.is_empty():
        return pl.DataFrame(schema={"la_code": pl.String, "month": pl.Date})
    result = months.select("la_code", "month").unique()
    for code in BY_MONTH_RATES:
        part = months.filter(pl.col("indicator") == code).select(
            "la_code", "month", pl.col("numerator").alias(f"{code}_n"), pl.col("denominator").alias(f"{code}_d")
        )
        result = result.join(part, on=["la_code", "month"], how="left").with_columns(
            _share(pl.col(f"{code}_n"), pl.col(f"{code}_d")).alias(f"{code}_pct")
        )
    for code in BY_MONTH_COUNTS:
        part = months.filter(pl.col("indicator") == code).select("la_code", "month", pl.col("numerator").alias(code))
        result = result.join(part, on=["la_code", "month"], how="left")
    return result.sort("la_code", "month")
