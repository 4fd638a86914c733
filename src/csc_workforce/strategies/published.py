"""Measure values from DfE's published CSWW indicators (the file shipped with ``benchmarks``), by census year.

Gives the 22 DfE measures and ``permanency_rate_fte`` (in-post FTE / (in-post FTE + agency FTE) x 100) for
any council; every other measure needs data (``None``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csc_workforce.benchmarks.published import MEASURE_IDS, published_for_council
from csc_workforce.measures.rules import permanency_rate

PERMANENCY_RATE_FTE = "permanency_rate_fte"


class PublishedValues:
    """A :class:`~csc_workforce.strategies.evaluate.MeasureValues` over DfE's published figures: one point per
    census year (30 September) where DfE published a number; suppressed cells are left out."""

    def series(
        self, measure: str, la_code: str, *, question: str | None = None
    ) -> Sequence[tuple[date | int, float]] | None:
        if question is not None:  # DfE publishes no staff survey
            return None
        if measure != PERMANENCY_RATE_FTE and measure not in MEASURE_IDS:
            return None
        rows = _council_rows(la_code)
        if measure == PERMANENCY_RATE_FTE:
            points: list[tuple[date | int, float]] = []
            for year, inpost, agency in rows.select("time_period", "inpost_fte", "agency_fte").iter_rows():
                rate = permanency_rate(inpost, agency)
                if rate is not None:
                    points.append((int(year), rate))
            return points
        return [(int(y), float(v)) for y, v in rows.select("time_period", measure).iter_rows() if v is not None]

    def council_name(self, la_code: str) -> str | None:
        names = _council_rows(la_code).get_column("la_name").drop_nulls()
        return None if names.is_empty() else str(names[-1])


def _council_rows(la_code: str) -> pl.DataFrame:
    """One row per year: the council's own row, else the joint return that covers it."""
    rows = published_for_council(la_code).with_columns(pl.col("la_codes").list.len().alias("_joint"))
    return rows.sort("time_period", "_joint").unique("time_period", keep="first").sort("time_period")
