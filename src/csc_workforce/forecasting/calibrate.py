"""The monthly model's bands kept at least as wide as real councils' figures have moved.

The stock-and-flow model (``forecasting.stock_flow``) carries the uncertainty of the council's own rates and of
chance month to month; on synthetic councils, whose rates do not change, its 80% bands hold about 80% of later
outcomes (``forecasting.flow_backtest``). Real councils' rates do change: a new director, a pay award, a
neighbour's recruitment drive, DfE's agency rules. The aggregate model's backtest on DfE's panel of every council
(``forecasting.aggregate``) measures how far a council's published figures move one, two and three years after
an origin, as the half-width of the 80% interval that held 80% of them, scaled for council size
(``aggregate.interval_halfwidths``). A monthly band narrower than that at 12, 24 or 36 months claims a certainty
no council has shown, so it is widened to it.

**How.** For each output the panel measures (:data:`PANEL_MEASURES`: in-post FTE; the agency rate, and the
permanency rate, its complement, with the agency rate's width; the vacancy rate; turnover; caseload) the floor
at month ``m`` is the panel's half-width at 1, 2 and 3 years interpolated linearly in months (from 0 at the
as-at date, which is known; held at the 3-year width after 36 months). Where the baseline's half-width (half
the distance from its 10th to its 90th percentile) is below the floor, every path of that month is moved away
from the median by the factor floor / half-width: the median is unchanged, the band becomes the floor. The same
factor, from the baseline, is applied to every scenario about its own median, so that a scenario's difference
from the baseline stays its levers' (common random numbers). Rates are kept within 0 to 100 and the others at 0
or more. Probabilities of targets are read from the widened paths.

**Limits.** Each output is widened on its own, so a widened path is no longer one coherent workforce (its in-post
FTE and its permanency need not agree); the spend, worked from the model's own role-group FTE paths, keeps the
model's band. The panel's movements include census reporting noise as well as real change, so the floor errs
wide. Outputs the panel does not measure (agency FTE, headcounts, monthly starters and leavers) keep the model's
bands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from csc_workforce.forecasting.stock_flow import BAND_RATIO, Forecast

PANEL_MEASURES: dict[str, str] = {
    "inpost_fte": "inpost_fte",
    "agency_rate_fte": "agency_rate_fte",
    "permanency_rate_fte": "agency_rate_fte",
    "vacancy_rate_fte": "vacancy_rate_fte",
    "turnover_rate_fte": "turnover_rate_fte",
    "caseload_fte": "caseload_fte",
}
"""Each monthly output the panel's intervals floor, and the panel measure whose width it takes."""
RATES = frozenset({"agency_rate_fte", "permanency_rate_fte", "vacancy_rate_fte", "turnover_rate_fte"})


@dataclass(frozen=True)
class Widening:
    """One output's bands against the panel's at 12, 24 and 36 months (as far as the forecast runs): the model's
    half-width, the floor, and the factor the paths were moved by (1: the model's band was wide enough)."""

    measure: str
    months: tuple[int, ...]
    model: tuple[float, ...]
    floor: tuple[float, ...]
    factor: tuple[float, ...]


def floor_by_month(halfwidths: Mapping[int, float | None], months: int) -> np.ndarray:
    """The floor at months 1 to ``months``: the half-widths at 1, 2 and 3 years (horizon -> width) interpolated
    linearly in months from 0 at month 0, held after the last; a horizon without a width ends the
    interpolation there (NaN after it: no floor)."""
    points = [(0, 0.0)]
    for years in sorted(halfwidths):
        width = halfwidths[years]
        if width is None or not np.isfinite(width):
            break
        points.append((12 * years, float(width)))
    steps = np.arange(1, months + 1, dtype=np.float64)
    if len(points) == 1:
        return np.full(months, np.nan)
    xs, ys = zip(*points, strict=True)
    out: np.ndarray = np.interp(steps, xs, ys)
    last = xs[-1]
    if len(points) - 1 < len(halfwidths):  # the panel gave no width beyond ``last`` months
        out[steps > last] = np.nan
    return out


def _halfwidth(paths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    low, high = (1 - BAND_RATIO) / 2 * 100, (1 + BAND_RATIO) / 2 * 100
    q = np.nanpercentile(paths, [50, low, high], axis=0)
    return q[0], (q[2] - q[1]) / 2


def factors(baseline: Forecast, halfwidths: Mapping[str, Mapping[int, float | None]]) -> dict[str, np.ndarray]:
    """Each floored output's factor by month (at least 1) from the baseline's paths and the panel's half-widths
    (``aggregate.interval_halfwidths``, keyed by panel measure, then horizon in years)."""
    out: dict[str, np.ndarray] = {}
    months = len(baseline.months)
    for measure, panel_measure in PANEL_MEASURES.items():
        if measure not in baseline.paths or panel_measure not in halfwidths:
            continue
        floor = floor_by_month(halfwidths[panel_measure], months)
        _, width = _halfwidth(baseline.paths[measure])
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where((width > 0) & np.isfinite(floor) & (floor > width), floor / width, 1.0)
        out[measure] = factor
    return out


def widen(forecast: Forecast, by: Mapping[str, np.ndarray]) -> Forecast:
    """The forecast with each output's paths moved away from their median by ``by``'s factor for the month."""
    paths = dict(forecast.paths)
    for measure, factor in by.items():
        if measure not in paths or np.all(factor == 1.0):
            continue
        values = paths[measure]
        median = np.nanmedian(values, axis=0)
        moved = median[None, :] + (values - median[None, :]) * factor[None, :]
        upper = 100.0 if measure in RATES else np.inf
        paths[measure] = np.clip(moved, 0.0, upper)
    return replace(forecast, paths=paths)


def widenings(
    baseline: Forecast, halfwidths: Mapping[str, Mapping[int, float | None]], by: Mapping[str, np.ndarray]
) -> list[Widening]:
    """What :func:`widen` did to the baseline, at 12, 24 and 36 months, for the record."""
    out = []
    months = len(baseline.months)
    steps = tuple(m for m in (12, 24, 36) if m <= months)
    for measure, factor in by.items():
        floor = floor_by_month(halfwidths[PANEL_MEASURES[measure]], months)
        _, width = _halfwidth(baseline.paths[measure])
        out.append(
            Widening(
                measure=measure,
                months=steps,
                model=tuple(float(width[m - 1]) for m in steps),
                floor=tuple(float(floor[m - 1]) for m in steps),
                factor=tuple(float(factor[m - 1]) for m in steps),
            )
        )
    return out


__all__ = ["PANEL_MEASURES", "Widening", "factors", "floor_by_month", "widen", "widenings"]
