"""HR casework: formal cases open on a date and by kind, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

A case is **open on D** when it was opened on or before D and is not closed by then (no closing date, or one
after D: a case closed on D is no longer open at the end of it). Cases **opened** (or **closed**) in period P are
those whose opening (closing) date is in P and on or before D. A council holding no HR cases has null figures and
no table rows, not 0: nothing is known of its casework. Who a case concerns is not held (``records.HRCase``).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import HRCaseKind
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import TOTAL

HR_MEASURE_IDS: tuple[str, ...] = ("open_hr_cases",)
"""The columns of ``local_measures`` :func:`hr_case_measures` gives."""
BY_KIND_COLUMNS: tuple[str, ...] = ("la_code", "kind", "kind_label", "is_total", "open", "opened", "closed")
BY_KIND_COUNTS: tuple[str, ...] = ("open", "opened", "closed")  # each adds up over the kinds to the total row


def _open_on(day: date) -> pl.Expr:
    closed = pl.col("closed")
    return (pl.col("opened") <= pl.lit(day)) & (closed.is_null() | (closed > pl.lit(day)))


def _in(column: str, as_at: date, period: Period) -> pl.Expr:
    return pl.col(column).is_between(pl.lit(period.start), pl.lit(min(period.end, as_at)))


def hr_case_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, open_hr_cases: cases open on ``as_at`` (Worcestershire: 20 cases formally open to HR), one row
    per council; null for a council holding no HR cases."""
    counted = inputs.hr_cases.group_by("la_code").agg(open_hr_cases=_open_on(as_at).sum().cast(pl.Int64))
    return inputs.councils.select("la_code").join(counted, on="la_code", how="left")


def hr_cases_by_kind(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Cases open on ``as_at``, opened in ``period`` and closed in it, by kind (``HRCaseKind``, in its order,
    only the kinds a council holds) and a total row per council holding cases; columns ``BY_KIND_COLUMNS``."""
    counts = [
        _open_on(as_at).sum().cast(pl.Int64).alias("open"),
        _in("opened", as_at, period).sum().cast(pl.Int64).alias("opened"),
        _in("closed", as_at, period).fill_null(False).sum().cast(pl.Int64).alias("closed"),
    ]
    cases = inputs.hr_cases.filter(pl.col("opened") <= pl.lit(as_at))
    order = {kind.value: n for n, kind in enumerate(HRCaseKind)}
    labels = {kind.value: kind.label for kind in HRCaseKind}
    by_kind = (
        cases.group_by("la_code", "kind")
        .agg(counts)
        .with_columns(
            kind_label=pl.col("kind").replace_strict(labels, return_dtype=pl.String),
            is_total=pl.lit(False),
            _order=pl.col("kind").replace_strict(order, return_dtype=pl.Int64),
        )
    )
    totals = (
        cases.group_by("la_code")
        .agg(counts)
        .with_columns(
            kind=pl.lit(None, pl.String), kind_label=pl.lit(TOTAL), is_total=pl.lit(True), _order=pl.lit(len(order))
        )
    )
    return pl.concat([by_kind, totals], how="diagonal_relaxed").sort("la_code", "_order").select(BY_KIND_COLUMNS)
