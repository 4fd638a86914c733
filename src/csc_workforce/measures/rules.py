"""The rules every measure shares, each written once: who is in post on a date, which assignment covers a
date, which FTE a stock counts, and the permanency rate. Each has two forms side by side under one docstring:
for one value (plain Python: the census checks, the synthetic councils, the benchmarks) and for frame columns
(a Polars expression: the measures). ``tests/measures/test_rules.py`` checks that the two forms agree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

import polars as pl

N = TypeVar("N", float, Decimal)


def in_post(start: date | None, end: date | None, day: date) -> bool:
    """In post on ``day``: started on or before it (no start date: before the records began) and not left by
    it. ``end`` is the first day *not* in post, so a worker whose end date is 30 September is a leaver on that
    day, not in post. (Measures also need an assignment covering the day: :func:`covers`.)"""
    return (start is None or start <= day) and (end is None or end > day)


def in_post_expr(day: pl.Expr, start: str = "start_date", end: str = "end_date") -> pl.Expr:
    """:func:`in_post` over the columns ``start`` and ``end``, on ``day`` (a literal or a column)."""
    first, last = pl.col(start), pl.col(end)
    return (first.is_null() | (first <= day)) & (last.is_null() | (last > day))


def covers(effective_from: date, effective_to: date | None, day: date) -> bool:
    """An assignment covers ``day`` from its first day to its last, inclusive (no end: still open)."""
    return effective_from <= day and (effective_to is None or effective_to >= day)


def covers_expr(day: pl.Expr, effective_from: str = "effective_from", effective_to: str = "effective_to") -> pl.Expr:
    """:func:`covers` over the columns ``effective_from`` and ``effective_to``."""
    last = pl.col(effective_to)
    return (pl.col(effective_from) <= day) & (last.is_null() | (last >= day))


def stock_fte(fte30: N | None, fte: N | None) -> N | None:
    """The FTE a stock (in post, agency in post) counts: ``FTE30`` when a census return gave it, else ``FTE``.
    Flows (starters, leavers) count ``FTE``: a leaver's ``FTE30`` is often written 0."""
    return fte30 if fte30 is not None else fte


def stock_fte_expr(fte30: str = "fte30", fte: str = "fte") -> pl.Expr:
    """:func:`stock_fte` over the columns ``fte30`` and ``fte``."""
    return pl.coalesce(fte30, fte)


def permanency_rate(inpost_fte: float | None, agency_fte: float | None) -> float | None:
    """Council-employed FTE as a percentage of all FTE in post, agency included (unrounded); None when either
    part is unknown or there is no FTE in post at all."""
    if inpost_fte is None or agency_fte is None:
        return None
    total = inpost_fte + agency_fte
    return None if total <= 0 else inpost_fte / total * 100


def permanency_rate_expr(permanent_fte: pl.Expr, agency_fte: pl.Expr) -> pl.Expr:
    """:func:`permanency_rate` over expressions (null when either is null or their sum is not above 0)."""
    total = permanent_fte + agency_fte
    return pl.when(total > 0).then(permanent_fte.cast(pl.Float64) / total * 100).otherwise(None)
