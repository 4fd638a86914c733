"""The monthly bands floored at the DfE panel's: the floor interpolated by hand, the paths moved about their
median by the factor that makes the band the floor, and nothing moved where the model's band is wider."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import numpy as np
import pytest

from csc_workforce.forecasting.calibrate import factors, floor_by_month, widen, widenings
from csc_workforce.forecasting.stock_flow import BASELINE, Forecast


def _forecast(paths: dict[str, np.ndarray]) -> Forecast:
    months = tuple(date(2026, 1, 31) for _ in range(next(iter(paths.values())).shape[1]))
    return Forecast(
        parameters=cast(Any, None), scenario=BASELINE, months=months, paths=paths, group_fte=cast(Any, None)
    )


def test_the_floor_is_interpolated_in_months_from_zero_and_held_after_three_years():
    floor = floor_by_month({1: 6.0, 2: 9.0, 3: 12.0}, 48)
    assert floor[0] == pytest.approx(0.5)  # month 1: 6 x 1/12
    assert floor[11] == pytest.approx(6.0) and floor[17] == pytest.approx(7.5)  # month 18: half-way to 9
    assert floor[35] == pytest.approx(12.0) and floor[47] == pytest.approx(12.0)
    no_third = floor_by_month({1: 6.0, 2: 9.0, 3: None}, 30)
    assert no_third[23] == pytest.approx(9.0) and np.isnan(no_third[24])
    assert np.isnan(floor_by_month({1: None, 2: None, 3: None}, 12)).all()


def test_a_narrow_band_is_widened_to_the_floor_about_its_median_and_a_wide_one_is_left():
    # 101 paths evenly from 80 to 90 each month: median 85, 10th and 90th percentiles 81 and 89, half-width 4
    column = np.linspace(80.0, 90.0, 101)
    rate = np.repeat(column[:, None], 12, axis=1)
    made = _forecast({"agency_rate_fte": rate.copy(), "permanency_rate_fte": 100 - rate, "agency_fte": rate.copy()})
    panel = {"agency_rate_fte": {1: 24.0, 2: 30.0, 3: 36.0}}  # floor at month 12: 24; at month 2: 4
    by = factors(made, panel)
    assert set(by) == {"agency_rate_fte", "permanency_rate_fte"}  # agency FTE: not a panel measure
    assert by["agency_rate_fte"][0] == 1.0 and by["agency_rate_fte"][1] == 1.0  # floors 2 and 4: not above 4
    assert by["agency_rate_fte"][11] == pytest.approx(6.0)  # 24 / 4
    wide = widen(made, by)
    month12 = wide.paths["agency_rate_fte"][:, 11]
    assert np.median(month12) == pytest.approx(85.0)
    # the 10th percentile moves from 81 to 85 - 6 x 4 = 61, the 90th from 89 to 100 (109, kept at 100)
    assert np.percentile(month12, 10) == pytest.approx(61.0)
    assert month12.max() == 100.0
    assert np.array_equal(wide.paths["agency_fte"], made.paths["agency_fte"])
    assert np.array_equal(wide.paths["agency_rate_fte"][:, 0], made.paths["agency_rate_fte"][:, 0])
    # the permanency rate, the complement, moves with the agency rate's width
    assert np.percentile(wide.paths["permanency_rate_fte"][:, 11], 90) == pytest.approx(39.0)
    record = {w.measure: w for w in widenings(made, panel, by)}
    assert record["agency_rate_fte"].months == (12,)
    assert record["agency_rate_fte"].model == pytest.approx((4.0,)) and record["agency_rate_fte"].floor == (24.0,)


def test_a_forecast_s_summary_is_worked_out_once_and_a_widened_forecast_has_its_own():
    column = np.linspace(80.0, 90.0, 101)
    rate = np.repeat(column[:, None], 12, axis=1)
    made = _forecast({"agency_rate_fte": rate.copy(), "permanency_rate_fte": 100 - rate})
    assert made.summary() is made.summary()
    wide = widen(made, factors(made, {"agency_rate_fte": {1: 24.0, 2: 30.0, 3: 36.0}}))
    assert wide.summary() is not made.summary()
    month12 = wide.summary().filter(wide.summary()["measure"] == "agency_rate_fte")["lower80"][11]
    assert month12 == pytest.approx(61.0)
