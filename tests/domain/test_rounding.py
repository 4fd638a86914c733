"""The one rounding rule: half away from zero on the decimal value, the same for frames and for numbers."""

from __future__ import annotations

import random

import polars as pl
import pytest

from csc_workforce.domain.rounding import round_half_up

# Worked by hand: the decimal the number was written as, rounded half away from zero.
CASES = [
    (0.05, 1, 0.1),  # stored as 0.05000000000000000277
    (0.15, 1, 0.2),  # stored as 0.1499999999999999944
    (2.675, 2, 2.68),  # stored as 2.67499999999999982236431605997495353221893310546875; Python round() gives 2.67
    (1.005, 2, 1.01),
    (16.45, 1, 16.5),
    (15.25, 1, 15.3),
    (15.24999, 1, 15.2),
    (2.5, 0, 3.0),  # Python round() gives 2 (half to even)
    (3.5, 0, 4.0),
    (0.125, 2, 0.13),
    (-0.05, 1, -0.1),  # negatives: halves go away from zero
    (-2.675, 2, -2.68),
    (-1.25, 1, -1.3),
    (-2.5, 0, -3.0),
    (-1.24, 1, -1.2),
    (0.0, 1, 0.0),
    (83.333333, 1, 83.3),
    (12, 0, 12.0),
    (0.7 + 0.85, 1, 1.6),  # a sum of FTEs: 1.5499999999999998, meant as 1.55
    (0.2 + 0.85 + 1.0 + 0.8, 1, 2.9),  # 2.8499999999999996, meant as 2.85
    (0.4 + 1.0 + 0.7 + 0.4, 0, 3.0),  # 2.4999999999999996, meant as 2.5
]


@pytest.mark.parametrize(("value", "decimals", "expected"), CASES)
def test_a_number_rounds_half_up(value: float, decimals: int, expected: float) -> None:
    assert round_half_up(value, decimals) == expected


@pytest.mark.parametrize(("value", "decimals", "expected"), CASES)
def test_a_frame_column_rounds_half_up(value: float, decimals: int, expected: float) -> None:
    assert pl.select(round_half_up(pl.lit(value), decimals)).item() == expected


def test_small_negatives_round_to_zero_in_both() -> None:
    assert round_half_up(-0.04, 1) == 0.0
    assert pl.select(round_half_up(pl.lit(-0.04), 1)).item() == 0.0


def test_nulls_stay_null_in_a_frame() -> None:
    frame = pl.DataFrame({"rate": [15.25, None]})
    assert frame.select(round_half_up(pl.col("rate"), 1))["rate"].to_list() == [15.3, None]


def test_frames_and_numbers_agree() -> None:
    """Thousandths either side of zero and rates of the kind the measures make (100 * a / b)."""
    rng = random.Random(9)
    values = [k / 1000 for k in range(-20000, 20000)]
    values += [100 * rng.randint(0, 500) / rng.randint(1, 700) for _ in range(20000)]
    values += [rng.randint(0, 2000) / rng.randint(1, 300) for _ in range(20000)]
    for decimals in (0, 1, 2):
        framed = pl.DataFrame({"v": values}).select(round_half_up(pl.col("v"), decimals))["v"].to_list()
        assert framed == [round_half_up(v, decimals) for v in values]
