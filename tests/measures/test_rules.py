"""The shared rules (measures/rules.py): each rule's two forms, for one value and for frame columns, agree on
the edge cases, and give the answers worked out by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from csc_workforce.measures.rules import (
    covers,
    covers_expr,
    in_post,
    in_post_expr,
    permanency_rate,
    permanency_rate_expr,
    stock_fte,
    stock_fte_expr,
)

DAY = date(2024, 9, 30)
BEFORE, AFTER = date(2024, 9, 29), date(2024, 10, 1)

# start, end, in post on 30 September 2024? (end is the first day not in post)
IN_POST_CASES = [
    (None, None, True),  # started before the records began, still in post
    (DAY, None, True),  # starts on the day
    (AFTER, None, False),  # starts the day after
    (BEFORE, DAY, False),  # end date on the day: a leaver on the day
    (BEFORE, AFTER, True),  # leaves the day after
    (None, DAY, False),
]


@pytest.mark.parametrize(("start", "end", "expected"), IN_POST_CASES)
def test_in_post_both_forms(start: date | None, end: date | None, expected: bool) -> None:
    assert in_post(start, end, DAY) is expected
    frame = pl.DataFrame(
        {"start_date": [start], "end_date": [end]}, schema={"start_date": pl.Date, "end_date": pl.Date}
    )
    assert frame.select(in_post_expr(pl.lit(DAY))).item() is expected


# effective_from, effective_to (inclusive), covers 30 September 2024?
COVER_CASES = [(DAY, None, True), (BEFORE, DAY, True), (BEFORE, BEFORE, False), (AFTER, None, False)]


@pytest.mark.parametrize(("frm", "to", "expected"), COVER_CASES)
def test_covers_both_forms(frm: date, to: date | None, expected: bool) -> None:
    assert covers(frm, to, DAY) is expected
    frame = pl.DataFrame(
        {"effective_from": [frm], "effective_to": [to]}, schema={"effective_from": pl.Date, "effective_to": pl.Date}
    )
    assert frame.select(covers_expr(pl.lit(DAY))).item() is expected


@pytest.mark.parametrize(
    ("fte30", "fte", "expected"), [(0.5, 1.0, 0.5), (None, 1.0, 1.0), (0.0, 0.8, 0.0), (None, None, None)]
)
def test_stocks_count_fte30_when_given(fte30: float | None, fte: float | None, expected: float | None) -> None:
    assert stock_fte(fte30, fte) == expected
    frame = pl.DataFrame({"fte30": [fte30], "fte": [fte]}, schema={"fte30": pl.Float64, "fte": pl.Float64})
    assert frame.select(stock_fte_expr()).item() == expected


# in-post FTE, agency FTE -> permanency %: 85 of 100 FTE is 85%; Dudley's 81.1% is 811 of 1,000
PERMANENCY_CASES = [(85.0, 15.0, 85.0), (811.0, 189.0, 81.1), (0.0, 0.0, None), (10.0, None, None), (0.0, 4.0, 0.0)]


@pytest.mark.parametrize(("inpost", "agency", "expected"), PERMANENCY_CASES)
def test_permanency_rate_both_forms(inpost: float, agency: float | None, expected: float | None) -> None:
    scalar = permanency_rate(inpost, agency)
    assert scalar == pytest.approx(expected) if expected is not None else scalar is None
    frame = pl.DataFrame({"p": [inpost], "a": [agency]}, schema={"p": pl.Float64, "a": pl.Float64})
    vector = frame.select(permanency_rate_expr(pl.col("p"), pl.col("a"))).item()
    assert vector == pytest.approx(expected) if expected is not None else vector is None
