"""Student placement measures: students per year, the placement funnel to NQSW posts, conversion and income.

Read from the ``placements`` and ``placement_income`` frames
(:class:`~csc_workforce.measures.inputs.CouncilFrames`); declared in
:mod:`csc_workforce.measures.strategy_catalogue` with ``reads=("placements",)`` (placement income counts as
placements); the scalar ones are columns of :func:`~csc_workforce.measures.local.local_measures` through
:func:`placement_measures`.

The funnel (Worcestershire's pipeline, "51 -> 35 -> 29 -> 19 -> 18 -> 18") starts from the placements that
ended in the period. Each later stage counts the placements whose own flag is true (passed = outcome
``passed``; eligible for an NQSW post, applied, interviewed, offered, appointed as recorded); the stages are
not forced to nest, so a record that says "appointed" without "offered" shows as it was written. A council
holding no placement records gets null for the placement measures, not 0; one holding no income record for the
year gets null income.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import PlacementOutcome
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import _share
from csc_workforce.measures.programmes import financial_year_label

PLACEMENT_MEASURE_IDS: tuple[str, ...] = (
    "students_per_year",
    "student_placements",
    "placement_conversion_pct",
    "placement_income",
)
FUNNEL_STAGES: tuple[tuple[str, str], ...] = (
    ("placements", "Placements ended"),
    ("passed", "Passed"),
    ("eligible_for_nqsw", "Eligible for an NQSW post"),
    ("applied", "Applied"),
    ("interviewed", "Interviewed"),
    ("offered", "Offered a post"),
    ("appointed", "Appointed"),
)
FUNNEL_COLUMNS: tuple[str, ...] = ("la_code", "stage", "label", "count", "pct_of_placements", "pct_of_previous")
INCOME_COLUMNS: tuple[str, ...] = ("la_code", "financial_year", "year_label", "amount")


def latest_financial_year_ended(as_at: date) -> int:
    """The latest financial year (1 April to 31 March, named by the year it starts) ending on or before
    ``as_at``: on 31 March 2024, 2023 (April 2023 to March 2024); on 30 March 2024, 2022."""
    return as_at.year - 1 if (as_at.month, as_at.day) >= (3, 31) else as_at.year - 2


def _held(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select("la_code").unique()


def _ended_in(inputs: CouncilFrames, period: Period) -> pl.DataFrame:
    """Placements that ended in ``period`` (the funnel's base)."""
    return inputs.placements.filter(pl.col("end").is_between(pl.lit(period.start), pl.lit(period.end)))


def _stage(stage: str) -> pl.Expr:
    """How many placements reached ``stage`` (a flag that is null is not reached)."""
    if stage == "placements":
        return pl.len().cast(pl.Int64)
    if stage == "passed":
        return pl.col("outcome").eq(PlacementOutcome.PASSED.value).sum().cast(pl.Int64)
    return pl.col(stage).fill_null(False).sum().cast(pl.Int64)


# ------------------------------------------------------------------------------------------------- measures


def placement_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The placement columns of ``local_measures`` (``PLACEMENT_MEASURE_IDS``), one row per council, unrounded.

    students_per_year: distinct students (``student_ref``) with a placement starting in ``period``;
    student_placements: placements that ended in ``period``; placement_conversion_pct: of those whose student
    was eligible for an NQSW post, the share appointed (appointed and eligible / eligible x 100; null when none
    was eligible); placement_income: the income of the latest financial year ending on or before ``as_at``
    (null when none is held for that year). The first three are null for a council holding no placement.
    """
    held = placement_counts(inputs, period=period).select(
        "la_code",
        "students_per_year",
        "student_placements",
        placement_conversion_pct=_share(pl.col("eligible_appointed"), pl.col("eligible_for_nqsw")),
    )
    income = (
        inputs.placement_income.filter(pl.col("financial_year") == latest_financial_year_ended(as_at))
        .group_by("la_code")
        .agg(placement_income=pl.col("amount").sum())
    )
    return (
        inputs.councils.select("la_code")
        .join(held, on="la_code", how="left")
        .join(income, on="la_code", how="left")
        .select("la_code", *PLACEMENT_MEASURE_IDS)
    )


def placement_counts(inputs: CouncilFrames, *, period: Period) -> pl.DataFrame:
    """The counts the placement measures are, or are over, one row per council holding placement records:
    la_code, students_per_year, student_placements (see :func:`placement_measures`), eligible_for_nqsw (of
    the placements ended in ``period``, those whose student was eligible for an NQSW post) and
    eligible_appointed (of those, the ones appointed). The last two are null when no placement ended in it."""
    start = pl.col("start")
    students = (
        inputs.placements.filter(start.is_between(pl.lit(period.start), pl.lit(period.end)))
        .group_by("la_code")
        .agg(students_per_year=pl.col("student_ref").n_unique().cast(pl.Int64))
    )
    eligible, appointed = pl.col("eligible_for_nqsw").fill_null(False), pl.col("appointed").fill_null(False)
    ended = (
        _ended_in(inputs, period)
        .group_by("la_code")
        .agg(
            student_placements=pl.len().cast(pl.Int64),
            eligible_for_nqsw=eligible.sum().cast(pl.Int64),
            eligible_appointed=(eligible & appointed).sum().cast(pl.Int64),
        )
    )
    return (
        _held(inputs.placements)
        .join(students, on="la_code", how="left")
        .join(ended, on="la_code", how="left")
        .with_columns(pl.col("students_per_year", "student_placements").fill_null(0))
    )


# ------------------------------------------------------------------------------------------------- tables


def placement_funnel(inputs: CouncilFrames, *, period: Period) -> pl.DataFrame:
    """The placement funnel over ``period``: one row per council and stage (``FUNNEL_STAGES``, in order);
    columns ``FUNNEL_COLUMNS``. ``count`` is how many of the placements that ended in the period reached
    the stage, ``pct_of_placements`` its share of the first stage, ``pct_of_previous`` its share of the stage
    before (null for the first stage and after an empty one). Counts are null for a council holding no
    placement, 0 for one whose placements did not end in the period."""
    counts = _ended_in(inputs, period).group_by("la_code").agg(_stage(stage).alias(stage) for stage, _ in FUNNEL_STAGES)
    names = [stage for stage, _ in FUNNEL_STAGES]
    wide = _held(inputs.placements).join(counts, on="la_code", how="left").with_columns(pl.col(names).fill_null(0))
    stages = pl.DataFrame(
        {"stage": names, "label": [label for _, label in FUNNEL_STAGES]},
        schema={"stage": pl.String, "label": pl.String},
    ).with_row_index("_order")
    long = wide.unpivot(index="la_code", on=names, variable_name="stage", value_name="count")
    count = pl.col("count")
    return (
        inputs.councils.select("la_code")
        .join(stages, how="cross")
        .join(long, on=["la_code", "stage"], how="left")
        .sort("la_code", "_order")
        .with_columns(
            pct_of_placements=_share(count, count.first().over("la_code")),
            pct_of_previous=_share(count, count.shift(1).over("la_code")),
        )
        .select(FUNNEL_COLUMNS)
    )


def placement_income_by_year(inputs: CouncilFrames) -> pl.DataFrame:
    """Placement income per council and financial year held (``financial_year`` 2024 = April 2024 to March
    2025, ``year_label`` "2024/25"), the amounts of one year summed; columns ``INCOME_COLUMNS``, oldest first.
    A year with no record has no row (it is not shown as 0)."""
    return (
        inputs.placement_income.group_by("la_code", "financial_year")
        .agg(amount=pl.col("amount").sum())
        .with_columns(year_label=financial_year_label(pl.col("financial_year")))
        .sort("la_code", "financial_year")
        .select(INCOME_COLUMNS)
    )
