"""Rounding half up, the way DfE presents its figures: the one rule, for Polars frames and plain numbers.

Halves go away from zero (15.25 -> 15.3, -2.5 -> -3), and a value is first read as the decimal it was meant to
be, not its binary approximation (2.675 is stored as 2.67499999..., and rounds to 2.68; 16.45 to 16.5).

Both forms do the same arithmetic: the value is scaled to ``decimals`` places and cleaned of binary noise by
rounding to 6 places (so a sum of FTEs stored as 2.8499999999999996 is read as 2.85), then halves go away from
zero (for a number, with ``decimal.ROUND_HALF_UP`` on the shortest decimal that reads back as the cleaned value).

Both give the same answer for every value the product rounds (``tests/domain/test_rounding.py`` checks
hand-worked cases and that the two agree on hundreds of thousands of quotients).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import overload

import polars as pl


@overload
def round_half_up(value: pl.Expr, decimals: int) -> pl.Expr: ...


@overload
def round_half_up(value: float, decimals: int) -> float: ...


def round_half_up(value: pl.Expr | float, decimals: int) -> pl.Expr | float:
    """``value`` rounded half away from zero to ``decimals`` places (a Polars expression, or a number)."""
    if isinstance(value, pl.Expr):
        factor = 10.0**decimals
        scaled = (value.cast(pl.Float64) * factor).round(6)
        return ((scaled.abs() + 0.5).floor() * scaled.sign() / factor).round(decimals)  # .round: clean float
    factor = 10.0**decimals
    whole = Decimal(repr(round(float(value) * factor, 6))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return round(float(whole) / factor, decimals)
