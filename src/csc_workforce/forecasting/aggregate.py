"""The aggregate forecast: any council in DfE's published indicators, one to three years ahead, per measure, from
the published years up to an origin only; with 80% intervals calibrated on the errors of earlier origins.

The model (docs/forecasting.md says it at length):

- Each measure is forecast on a scale where councils are comparable: a rate (turnover, agency, vacancy, absence)
  and the caseload as they are; a count of people (starters, leavers) as a rate per in-post FTE of the same year,
  scaled back by the council's in-post FTE at the origin; the in-post FTE itself as a logarithm (its growth).
- The forecast is persistence (the origin year carried forward) moved part of the way toward the council's own
  history (the mean of its years up to the origin), its region and England at the origin; for the in-post FTE,
  toward the council's own mean (log) size and by its own average growth. How far is a weight per term, and a
  second weight per term that grows with the council's sampling noise (``1/sqrt(size)``, so a small council is
  shrunk further: empirical Bayes). The weights are fitted, per measure and horizon, by least absolute deviations
  on the pairs (origin, origin + horizon) whose outcome was published by the origin, with a small ridge toward
  persistence (for the starters and the leavers, the ridge of four whose forecasts cross-validated on those
  pairs erred least, :data:`RIDGE_GRID`). Some measures are offset
  too by the same council's other figures at the origin (:data:`CROSS`: starters by leavers minus starters and
  the vacancy rate above England's; leavers and the in-post FTE by starters minus leavers, except the in-post
  FTE one year ahead, by starters and leavers each with a weight of its own, :data:`CROSS_AT`), kept only where
  they beat the form without them on the development origins (``perf/forecast_development.py``).
- Where the pooled forecast did not beat persistence on the earlier origins (each forecast made, as here, only
  from the data of its own origin), persistence is used: the choice is made again at every origin. Where no
  earlier origin's pooled forecast has a published outcome yet (the first origins at each horizon), pooling is
  judged by cross-validation on the training pairs instead (each pair-year forecast from the others where there
  are two or more, else five folds of councils) and used only if at least 5% better than persistence there.
- The 80% interval is split conformal on the absolute errors of the method used now in its forecasts at earlier
  origins (whose outcome was published by the origin), or its cross-validated errors where it was so chosen,
  per horizon: each error divided by ``size ** b`` (``b`` fitted on the same errors, so a small council's spread
  is wider where the errors say so), its 80% quantile taken in each size tercile, and multiplied back by the
  council's ``size ** b``. Where a horizon of two or three years is calibrated on cross-validated errors, its
  half-width is the one-year interval's at the same origin times the ratio of the two horizons' cross-validated
  half-widths (:data:`ONE_YEAR_SCALED`).

Nothing here reads the date: the origin is an argument and every function sees only the years up to it
(:meth:`Panel.up_to`).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import polars as pl

RATE, RATIO, COUNT, SIZE = "rate", "ratio", "count", "size"
SIZE_MEASURE = "inpost_fte"
COMPONENTS = ("cases", "case_holders_fte", "agency_fte", "vacancy_fte")
"""Published counts behind some measures (the caseload is cases over case-holding FTE), read into the panel where
the file has them, for the cross-measure offsets."""
COVERAGE = 0.8
HORIZONS = (1, 2, 3)
POOLED, PERSISTENCE = "pooled", "persistence"
MIN_TRAINING_ROWS = 30
"""Fewer pairs than this at an origin: no pooled forecast (persistence)."""
CHOICE_MARGIN = 0.98
"""Pooling is chosen only where its earlier errors were at least 2% below persistence's."""
RIDGE = 1e-6
"""A small penalty on the weights (toward persistence), relative to the fit's own scale, so that a singular fit
stays finite."""


@dataclass(frozen=True, slots=True)
class MeasureSpec:
    name: str
    kind: str  # RATE (a percentage, 0 to 100), RATIO (>= 0), COUNT (scaled by in-post FTE) or SIZE (in-post FTE)


MEASURES: dict[str, MeasureSpec] = {
    m.name: m
    for m in (
        MeasureSpec("inpost_fte", SIZE),
        MeasureSpec("starters_fte", COUNT),
        MeasureSpec("leavers_fte", COUNT),
        MeasureSpec("turnover_rate_fte", RATE),
        MeasureSpec("agency_rate_fte", RATE),
        MeasureSpec("vacancy_rate_fte", RATE),
        MeasureSpec("caseload_fte", RATIO),
        MeasureSpec("absence_rate_fte", RATE),
    )
}


def measure_spec(name: str) -> MeasureSpec:
    try:
        return MEASURES[name]
    except KeyError:
        raise ValueError(f"no aggregate forecast for measure {name!r}; measures: {', '.join(MEASURES)}") from None


@dataclass(frozen=True)
class Panel:
    """The published figures as arrays: ``values[measure]`` is councils x years (NaN where not published),
    ``region_values[measure]`` the council's region's published figure for each year, ``england[measure]``
    England's. ``years`` are consecutive."""

    years: tuple[int, ...]
    codes: tuple[str, ...]
    names: tuple[str, ...]
    regions: tuple[str, ...]
    values: dict[str, np.ndarray]
    region_values: dict[str, np.ndarray]
    england: dict[str, np.ndarray]

    def up_to(self, year: int) -> Panel:
        """The panel as it was once ``year`` was published: later years dropped."""
        if year not in self.years:
            raise ValueError(f"no published year {year}; the figures are for {self.years[0]} to {self.years[-1]}")
        n = self.years.index(year) + 1

        def cut(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            return {m: a[..., :n].copy() for m, a in arrays.items()}

        return replace(
            self,
            years=self.years[:n],
            values=cut(self.values),
            region_values=cut(self.region_values),
            england=cut(self.england),
        )

    def council_index(self, code: str) -> int:
        try:
            return self.codes.index(code)
        except ValueError:
            raise LookupError(f"council {code!r} is not in DfE's published figures") from None


def panel_from_frame(frame: pl.DataFrame, measures: Iterable[str] = MEASURES) -> Panel:
    """The panel from rows shaped as :func:`csc_workforce.benchmarks.published.published_indicators` (national,
    regional and local-authority rows). A council's region is its region in its latest year."""
    wanted = sorted({*measures, SIZE_MEASURE, *(c for c in COMPONENTS if c in frame.columns)})
    years = tuple(range(int(frame["time_period"].min()), int(frame["time_period"].max()) + 1))  # type: ignore[arg-type]
    col = {y: i for i, y in enumerate(years)}
    councils = (
        frame.filter(pl.col("geographic_level") == "Local authority")
        .sort("time_period")
        .group_by("old_la_code", maintain_order=True)
        .agg(pl.col("la_name").last(), pl.col("region_name").last())
        .sort("old_la_code")
    )
    codes = tuple(councils["old_la_code"].to_list())
    row = {c: i for i, c in enumerate(codes)}
    regions = tuple(councils["region_name"].to_list())
    values = {m: np.full((len(codes), len(years)), np.nan) for m in wanted}
    region_values = {m: np.full((len(codes), len(years)), np.nan) for m in wanted}
    england = {m: np.full(len(years), np.nan) for m in wanted}
    by_region: dict[str, dict[str, np.ndarray]] = {}
    for record in frame.select("time_period", "geographic_level", "region_name", "old_la_code", *wanted).iter_rows(
        named=True
    ):
        j = col[record["time_period"]]
        level = record["geographic_level"]
        for m in wanted:
            v = record[m]
            if v is None:
                continue
            if level == "Local authority":
                values[m][row[record["old_la_code"]], j] = v
            elif level == "Regional":
                by_region.setdefault(record["region_name"], {}).setdefault(m, np.full(len(years), np.nan))[j] = v
            elif level == "National":
                england[m][j] = v
    for i, region in enumerate(regions):
        for m in wanted:
            series = by_region.get(region, {}).get(m)
            if series is not None:
                region_values[m][i] = series
    return Panel(years, codes, tuple(councils["la_name"].to_list()), regions, values, region_values, england)


def published_panel() -> Panel:
    """The panel of the DfE indicators file shipped with csc-workforce (2017 to 2025)."""
    from csc_workforce.benchmarks.published import published_indicators

    return panel_from_frame(published_indicators())


# ---------------------------------------------------------------------------------------------------------------
# the model on its comparable scale


@dataclass(frozen=True)
class _Scaled:
    """A measure on its comparable scale: ``z`` councils x years, ``region`` and ``england`` the same scale,
    ``size`` the in-post FTE (councils x years)."""

    spec: MeasureSpec
    z: np.ndarray
    region: np.ndarray
    england: np.ndarray
    size: np.ndarray
    raw: np.ndarray
    cross: tuple[np.ndarray, ...] = ()
    fold: np.ndarray | None = None  # each council's fold in the cross-validation over councils (by its own code)


def _pct(panel: Panel, measure: str) -> np.ndarray:
    """A council's rate as a fraction."""
    out: np.ndarray = panel.values[measure] / 100.0
    return out


def _rel(panel: Panel, measure: str) -> np.ndarray:
    """A council's rate above England's in the same year, as a fraction (no national level or momentum)."""
    out: np.ndarray = (panel.values[measure] - panel.england[measure][None, :]) / 100.0
    return out


def _rate(panel: Panel, measure: str) -> np.ndarray:
    """A count per in-post FTE of the same year."""
    out: np.ndarray = panel.values[measure] / panel.values[SIZE_MEASURE]
    return out


def _recent(a: np.ndarray, n: int) -> np.ndarray:
    """The mean of each council's last ``n`` published years up to each column, minus that column's figure."""
    out = np.full(a.shape, np.nan)
    for j in range(a.shape[1]):
        out[:, j] = _nanmean_rows(a[:, max(0, j - n + 1) : j + 1]) - a[:, j]
    return out


def _lag(a: np.ndarray, n: int) -> np.ndarray:
    """The mean change per year over the ``n`` years up to each column (NaN in the first ``n`` years)."""
    out = np.full(a.shape, np.nan)
    out[:, n:] = (a[:, n:] - a[:, :-n]) / n
    return out


def _diff(a: np.ndarray) -> np.ndarray:
    """The change since the year before (NaN in the first year)."""
    out = np.full(a.shape, np.nan)
    out[:, 1:] = a[:, 1:] - a[:, :-1]
    return out


CROSS_TERMS: dict[str, Callable[[Panel], np.ndarray]] = {
    "vacancy": lambda p: _pct(p, "vacancy_rate_fte"),
    "vacancy_rel": lambda p: _rel(p, "vacancy_rate_fte"),
    "agency": lambda p: _pct(p, "agency_rate_fte"),
    "agency_rel": lambda p: _rel(p, "agency_rate_fte"),
    "net_flow": lambda p: _rate(p, "starters_fte") - _rate(p, "leavers_fte"),
    "replacement": lambda p: _rate(p, "leavers_fte") - _rate(p, "starters_fte"),
    "inpost_change": lambda p: _diff(np.log(p.values[SIZE_MEASURE])),
    "region_inpost_change": lambda p: _diff(np.log(p.region_values[SIZE_MEASURE])),
    "leavers_rate": lambda p: _rate(p, "leavers_fte"),
    "region_caseload_change": lambda p: _diff(p.region_values["caseload_fte"]),
    "caseload_change": lambda p: _diff(p.values["caseload_fte"]),
    "starters_change": lambda p: _diff(_rate(p, "starters_fte")),
    "region_starters_change": lambda p: _diff(p.region_values["starters_fte"] / p.region_values[SIZE_MEASURE]),
    "cases_change": lambda p: _diff(np.log(p.values["cases"])),
    "case_holders_change": lambda p: _diff(np.log(p.values["case_holders_fte"])),
    "holders_share": lambda p: p.values["case_holders_fte"] / p.values[SIZE_MEASURE],
    "holders_share_change": lambda p: _diff(p.values["case_holders_fte"] / p.values[SIZE_MEASURE]),
    "region_cases_change": lambda p: _diff(np.log(p.region_values["cases"])),
    "caseload_recent": lambda p: _recent(p.values["caseload_fte"], 3),
    "starters_recent": lambda p: _recent(_rate(p, "starters_fte"), 3),
    "vacancy_change": lambda p: _diff(_pct(p, "vacancy_rate_fte")),
    "agency_change": lambda p: _diff(_pct(p, "agency_rate_fte")),
    "vacancy_gap": lambda p: p.values["vacancy_fte"] / p.values[SIZE_MEASURE],
    "starters_rate": lambda p: _rate(p, "starters_fte"),
    "inpost_recent_growth": lambda p: _lag(np.log(p.values[SIZE_MEASURE]), 2),
    "starters_lag2": lambda p: -2 * _lag(_rate(p, "starters_fte"), 2),
}
"""The candidate offsets from the same council's (or its region's) other figures at the origin, all published by
then, each a function of the panel (councils x years; a column uses that year and the ones before only): the
vacancy and agency rates (as fractions, or above England's), starters minus leavers per in-post FTE
(``net_flow``) and its negative (``replacement``), starters and leavers per in-post FTE, the change of log in-post
FTE, of the region's, of the caseload, the region's caseload and the starters rate; the mean yearly change of log
in-post FTE over the last two years (``inpost_recent_growth``) and the starters rate two years before minus now
(``starters_lag2``). ``perf/forecast_development.py`` scores each on the development origins; :data:`CROSS` and
:data:`CROSS_AT` hold the ones kept."""
CROSS: dict[str, tuple[str, ...]] = {
    "inpost_fte": ("net_flow",),
    "starters_fte": ("replacement", "vacancy_rel"),
    "leavers_fte": ("net_flow",),
}
"""The other measures' figures at the origin that each measure's forecast is offset by (docs/forecasting.md)."""


LOG_SCALE: frozenset[str] = frozenset()
"""Ratios forecast as their logarithm (their errors weighted by the figure at the origin, so the fit is in the
measure's units): none (round 3 tried the caseload, docs/forecasting.md)."""
SIZE_GROWTH = True
"""The in-post FTE's forecast offset by the council's own average growth (round 3 tried it without)."""
RECENCY = 1.0
"""Each training pair's weight is ``RECENCY ** (years from its outcome to the origin)``: 1, every pair counts the
same (round 3 tried 0.8)."""


CROSS_AT: dict[tuple[str, int], tuple[str, ...]] = {("inpost_fte", 1): ("starters_rate", "leavers_rate")}
"""A measure's offsets at one horizon where they are not :data:`CROSS`'s, (measure, horizon) -> offsets: the
in-post FTE one year ahead by its starters and its leavers per in-post FTE at the origin, each with a weight of
its own (round 3; two and three years ahead, by their difference, which kept persistence there)."""


def _scaled(panel: Panel, measure: str, horizon: int | None = None) -> _Scaled:
    """The measure on its comparable scale, with its offsets (at ``horizon``, where :data:`CROSS_AT` has its
    own)."""
    spec = measure_spec(measure)
    raw = panel.values[measure]
    size = panel.values[SIZE_MEASURE]
    with np.errstate(divide="ignore", invalid="ignore"):
        if spec.kind == COUNT:
            z = raw / size
            region = panel.region_values[measure] / panel.region_values[SIZE_MEASURE]
            england = panel.england[measure] / panel.england[SIZE_MEASURE]
        elif spec.kind == SIZE or measure in LOG_SCALE:
            z, region, england = np.log(raw), np.log(panel.region_values[measure]), np.log(panel.england[measure])
        else:
            z, region, england = raw, panel.region_values[measure], panel.england[measure]
    bad = ~np.isfinite(z)
    z = np.where(bad, np.nan, z)
    with np.errstate(divide="ignore", invalid="ignore"):
        names = CROSS_AT.get((measure, horizon), CROSS.get(measure, ())) if horizon else CROSS.get(measure, ())
        cross = tuple(np.asarray(CROSS_TERMS[name](panel), dtype=float) for name in names)
    fold = np.array([zlib.crc32(code.encode()) % FOLDS for code in panel.codes], dtype=int)
    return _Scaled(spec, z, region, england, size, raw, cross, fold)


def _features(s: _Scaled, t: int, h: int) -> tuple[np.ndarray, np.ndarray]:
    """The features at origin column ``t`` for horizon ``h`` (councils x k) and persistence on the comparable
    scale. Each feature is an offset from persistence, so weights of zero are persistence."""
    p = s.z[:, t]
    noise = _noise(s.size[:, t])
    with np.errstate(invalid="ignore"):
        if s.spec.kind == SIZE:
            # the council's own level (its mean log size) and its own growth: no region's or England's momentum,
            # which the 2022 fall in in-post FTE broke (docs/forecasting.md)
            terms = [_nanmean_rows(s.z[:, : t + 1]) - p]
            if SIZE_GROWTH:
                terms.append(_mean_growth(s.z[:, : t + 1]) * h)
        else:
            form = FORM.get(s.spec.name, frozenset())
            own = _own_level(s.z[:, : t + 1], form)
            region = _nanmean_rows(s.region[:, : t + 1]) if "region_mean" in form else s.region[:, t]
            terms = [own - p, region - p]
            if "no_england" not in form:
                terms.append(np.full_like(p, s.england[t]) - p)
    extra = [] if s.spec.kind == SIZE else _form_terms(s, t, terms, FORM.get(s.spec.name, frozenset()))
    # another measure's figure at the origin: an offset where published, none (persistence's) where not
    cross = [np.where(np.isfinite(c[:, t]), c[:, t], 0.0) for c in s.cross]
    x = np.column_stack([*terms, *(term * noise for term in terms), *extra, *cross])
    return x, p


FORM: dict[str, frozenset[str]] = {}
"""Variants of a measure's own, region and England terms (round 4 tried each, docs/forecasting.md; none is in the
model): ``"own_recent3"``, the own level the mean of the council's last three published years; ``"own_median"``,
the median of its years; ``"region_mean"``, the region's term its mean over its years up to the origin;
``"no_england"``, no England term; ``"history"``, the own term times 1 / (the council's published years) as a
further offset; ``"terciles"``, the own, region and England terms times an indicator of the middle and of the
largest size tercile at the origin as further offsets (weights per tercile)."""


def _own_level(a: np.ndarray, form: frozenset[str]) -> np.ndarray:
    """Each council's own level over the years ``a`` (councils x years up to the origin): the mean of its
    published years, or as :data:`FORM` says."""
    if "own_recent3" in form:
        return _nanmean_rows(a[:, -3:])
    if "own_median" in form:
        out = np.full(a.shape[0], np.nan)
        seen = np.isfinite(a).any(axis=1)
        out[seen] = np.nanmedian(a[seen], axis=1)
        return out
    return _nanmean_rows(a)


def _form_terms(s: _Scaled, t: int, terms: list[np.ndarray], form: frozenset[str]) -> list[np.ndarray]:
    """The further offsets :data:`FORM` adds at origin column ``t`` (none by default)."""
    extra = []
    if "history" in form:
        years = np.isfinite(s.z[:, : t + 1]).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            extra.append(terms[0] / years)
    if "terciles" in form:
        tercile = _terciles(s.size[:, t])
        extra.extend(term * (tercile == group) for group in (1, 2) for term in terms)
    return extra


def _noise(size: np.ndarray) -> np.ndarray:
    """A council's relative sampling noise, ``sqrt(median size / size)``: 1 for a council of the median size."""
    with np.errstate(invalid="ignore", divide="ignore"):
        median = np.nanmedian(size) if np.isfinite(size).any() else np.nan
        return np.sqrt(median / size)


def _nanmean_rows(a: np.ndarray) -> np.ndarray:
    count = np.isfinite(a).sum(axis=1)
    total = np.where(np.isfinite(a), a, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _mean_growth(a: np.ndarray) -> np.ndarray:
    """Each row's mean change per year between its first and last published years (0 with one year)."""
    out = np.zeros(a.shape[0])
    for i, series in enumerate(a):
        seen = np.flatnonzero(np.isfinite(series))
        if len(seen) >= 2:
            out[i] = (series[seen[-1]] - series[seen[0]]) / (seen[-1] - seen[0])
    return out


def _weight(s: _Scaled, t: int) -> np.ndarray:
    """How much a council's error on the comparable scale counts in the original units: its size for a count
    or the in-post FTE (a rate per FTE, or a log), 1 for a rate."""
    if s.spec.kind in (COUNT, SIZE):
        return s.size[:, t]
    if s.spec.name in LOG_SCALE:
        return s.raw[:, t]
    return np.ones(s.z.shape[0])


def _pairs(s: _Scaled, t: int, h: int) -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """The training pairs at origin column ``t``: for each earlier origin t' with t' + h <= t, its features,
    target offset from persistence, weights and persistence, for the councils where all are published (and the
    row index of each)."""
    out = []
    for origin in range(0, t - h + 1):
        x, p = _features(s, origin, h)
        y = s.z[:, origin + h] - p
        w = _weight(s, origin) * RECENCY ** (t - origin - h)
        ok = np.isfinite(x).all(axis=1) & np.isfinite(y) & np.isfinite(w) & (w > 0)
        out.append((origin, np.flatnonzero(ok), x[ok], y[ok], w[ok]))
    return out


def _fit(
    s: _Scaled,
    t: int,
    h: int,
    leave_out: Callable[[int, np.ndarray], np.ndarray] | None = None,
    ridge: float = RIDGE,
) -> np.ndarray | None:
    """The weights fitted on the pairs (t', t' + h) with t' + h <= t, by least absolute deviations in the
    measure's own units; ``None`` with fewer than :data:`MIN_TRAINING_ROWS` pairs. ``leave_out(origin, rows)``
    (true for a pair to drop) holds out a fold (the cross-validation of :func:`_cross_validated`)."""
    xs, ys, ws = [], [], []
    for origin, rows, x, y, w in _pairs(s, t, h):
        keep = np.ones(len(rows), bool) if leave_out is None else ~leave_out(origin, rows)
        xs.append(x[keep])
        ys.append(y[keep])
        ws.append(w[keep])
    if not xs or sum(len(y) for y in ys) < MIN_TRAINING_ROWS:
        return None
    return _least_absolute(np.vstack(xs), np.concatenate(ys), np.concatenate(ws), ridge=ridge)


FOLDS = 5
YEAR_FOLDS = True
VALIDATED_MARGIN = 0.95
"""Pooling chosen by cross-validation only where its errors were at least 5% below persistence's: errors on the
training years miss the next year's shock, common to every council, that an earlier origin's forecast meets."""
"""The councils' folds in the cross-validation used where no earlier origin's pooled forecast can be judged."""


@dataclass(frozen=True)
class _Errors:
    """Absolute errors in the measure's units of forecasts whose outcome is published, with the council's size
    and size tercile at the forecast's origin, of pooling (``pooled``) and persistence on the same councils."""

    pooled: np.ndarray
    persistence: np.ndarray
    size: np.ndarray
    tercile: np.ndarray


def _cross_validated(s: _Scaled, t: int, h: int, ridge: float = RIDGE) -> _Errors | None:
    """Pooling's and persistence's errors on the training pairs at ``t`` (outcomes up to ``t`` only): with two or
    more pair-years, each pair-year's pooled forecasts fitted on the others; with one, each council's fitted
    without its fold of councils (the CRC-32 of its code mod :data:`FOLDS`: its own code, not its place among
    councils that may appear only later). The evidence where no earlier origin's pooled forecast has a published
    outcome."""
    pairs = _pairs(s, t, h)
    if YEAR_FOLDS and len(pairs) >= 2:
        # each pair-year forecast from the others: out of time, as far as the years up to t allow
        folds = [pair[0] for pair in pairs]

        def fold_of(origin: int, rows: np.ndarray) -> np.ndarray:
            return np.full(len(rows), origin)
    else:
        folds = list(range(FOLDS))

        def fold_of(origin: int, rows: np.ndarray) -> np.ndarray:
            fold: np.ndarray = s.fold if s.fold is not None else np.arange(s.z.shape[0]) % FOLDS
            out: np.ndarray = fold[rows]
            return out

    def held_out(k: int) -> Callable[[int, np.ndarray], np.ndarray]:
        return lambda origin, rows: fold_of(origin, rows) == k

    fitted = {k: _fit(s, t, h, leave_out=held_out(k), ridge=ridge) for k in folds}
    betas = {k: b for k, b in fitted.items() if b is not None}
    if len(betas) < len(fitted):
        return None
    pooled, persistence, size, tercile = [], [], [], []
    for origin, rows, x, _, _ in pairs:
        p = s.z[rows, origin]
        beta = np.array([betas[k] for k in fold_of(origin, rows)])
        made = _to_units(s, p + (x * beta).sum(axis=1), origin, rows)
        outcome = s.raw[rows, origin + h]
        here = s.size[rows, origin]
        ok = np.isfinite(made) & np.isfinite(outcome) & np.isfinite(s.raw[rows, origin]) & np.isfinite(here)
        ok &= here > 0
        pooled.append(np.abs(made - outcome)[ok])
        persistence.append(np.abs(s.raw[rows, origin] - outcome)[ok])
        size.append(here[ok])
        tercile.append(_terciles(s.size[:, origin])[rows][ok])
    return _Errors(*(np.concatenate(a) for a in (pooled, persistence, size, tercile)))


def _least_absolute(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, iterations: int = 50, ridge: float = RIDGE
) -> np.ndarray:
    """Weighted least absolute deviations by iteratively reweighted least squares, with a penalty ``ridge``
    (relative to the fit's own scale) toward persistence."""
    scale = float(np.mean(np.abs(y))) or 1.0
    xn, yn = x / scale, y / scale
    beta: np.ndarray = np.zeros(x.shape[1])
    for _ in range(iterations):
        r = np.abs(yn - xn @ beta)
        iw = w / np.maximum(r, 1e-4)
        gram = xn.T @ (xn * iw[:, None])
        a = gram + ridge * (np.trace(gram) / x.shape[1] + 1e-12) * np.eye(x.shape[1])
        new = np.linalg.solve(a, xn.T @ (iw * yn))
        if bool(np.all(np.abs(new - beta) <= 1e-9 + 1e-5 * np.abs(beta))):  # np.allclose's test, 5x cheaper
            beta = new
            break
        beta = new
    return beta


def _to_units(s: _Scaled, z: np.ndarray, t: int, rows: np.ndarray | None = None) -> np.ndarray:
    """A forecast on the comparable scale in the measure's own units (of the councils ``rows``, all by
    default)."""
    units: np.ndarray
    if s.spec.kind == COUNT:
        size = s.size[:, t] if rows is None else s.size[rows, t]
        units = np.maximum(z, 0.0) * size
    elif s.spec.kind == SIZE or s.spec.name in LOG_SCALE:
        units = np.exp(z)
    elif s.spec.kind == RATE:
        units = np.clip(z, 0.0, 100.0)
    else:
        units = np.maximum(z, 0.0)
    return units


def _bounds(s: _Scaled, lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    top = 100.0 if s.spec.kind == RATE else np.inf
    return np.clip(lower, 0.0, top), np.clip(upper, 0.0, top)


@dataclass(frozen=True)
class _Origin:
    """What the procedure does at one origin column for one horizon: the forecast in units per council, which
    method it used, and the persistence forecast; where the choice was made by cross-validation (no earlier
    pooled forecast to judge), its errors (``validated``)."""

    forecast: np.ndarray
    persistence: np.ndarray
    method: str
    pooled: np.ndarray | None
    validated: _Errors | None = None


CROSS_VALIDATE = True
"""Where no earlier origin's pooled forecast has a published outcome, judge pooling by cross-validation over
councils on the training pairs (:func:`_cross_validated`) rather than keep persistence."""


def _origins(s: _Scaled, t_last: int, h: int) -> list[_Origin]:
    """The procedure at every origin column 0..``t_last``, each from the columns up to it only."""
    done: list[_Origin] = []
    for t in range(t_last + 1):
        persistence = s.raw[:, t]
        ridge, tuned = _tuned_ridge(s, t, h)
        beta = _fit(s, t, h, ridge=ridge)
        pooled = None
        validated = None
        method = PERSISTENCE
        if beta is not None:
            x, p = _features(s, t, h)
            with np.errstate(invalid="ignore"):
                pooled = _to_units(s, p + x @ beta, t)
            earlier = _earlier_errors(s, done, t, h)
            if len(earlier.pooled) < MIN_TRAINING_ROWS and CROSS_VALIDATE:
                with np.errstate(invalid="ignore", divide="ignore"):
                    validated = tuned if s.spec.name in RIDGE_GRID else _cross_validated(s, t, h)
                earlier = earlier if validated is None else validated
            method = _choose(earlier, CHOICE_MARGIN if validated is None else VALIDATED_MARGIN)
        forecast = pooled if method == POOLED and pooled is not None else persistence
        done.append(_Origin(forecast, persistence, method, pooled, validated))
    return done


RIDGES = (1e-6, 0.01, 0.1, 1.0)
RIDGE_GRID: dict[str, tuple[float, ...]] = {"starters_fte": RIDGES, "leavers_fte": RIDGES}
"""Measure -> ridges: for these measures the ridge at each origin and horizon is the one of its values with the
smallest cross-validated absolute error on the training pairs (:func:`_tuned_ridge`) in place of :data:`RIDGE`,
and where pooling is judged by cross-validation it is judged by that ridge's errors. Since round 4 the starters
and the leavers (for every measure, round 4's P20, it did not meet the rule: docs/forecasting.md)."""


def _tuned_ridge(s: _Scaled, t: int, h: int) -> tuple[float, _Errors | None]:
    """The ridge of the measure's :data:`RIDGE_GRID` whose pooled forecasts, cross-validated on the training
    pairs at ``t`` (:func:`_cross_validated`), have the smallest summed absolute error, with those errors;
    :data:`RIDGE` and ``None`` where the measure has no grid or none can be cross-validated."""
    best: tuple[float, float, _Errors | None] = (math.inf, RIDGE, None)
    for ridge in RIDGE_GRID.get(s.spec.name, ()):
        with np.errstate(invalid="ignore", divide="ignore"):
            errors = _cross_validated(s, t, h, ridge)
        if errors is not None and len(errors.pooled) and float(errors.pooled.sum()) < best[0]:
            best = (float(errors.pooled.sum()), ridge, errors)
    return best[1], best[2]


def _earlier_errors(s: _Scaled, earlier: Sequence[_Origin], t: int, h: int) -> _Errors:
    """Pooling's and persistence's errors in the pooled forecasts made at earlier origins whose outcome is
    published by ``t`` (on the same councils)."""
    pooled, persistence, size, tercile = [], [], [], []
    for origin in range(0, t - h + 1):
        made = earlier[origin]
        if made.pooled is None:
            continue
        outcome = s.raw[:, origin + h]
        here = s.size[:, origin]
        ok = np.isfinite(made.pooled) & np.isfinite(made.persistence) & np.isfinite(outcome)
        ok &= np.isfinite(here) & (here > 0)
        pooled.append(np.abs(made.pooled - outcome)[ok])
        persistence.append(np.abs(made.persistence - outcome)[ok])
        size.append(here[ok])
        tercile.append(_terciles(here)[ok])
    if not pooled:
        return _Errors(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, int))
    return _Errors(*(np.concatenate(a) for a in (pooled, persistence, size, tercile)))


def _choose(evidence: _Errors, margin: float) -> str:
    """Pooled where its errors (at earlier origins, or cross-validated) summed to less than ``margin`` times
    persistence's over at least :data:`MIN_TRAINING_ROWS` forecasts; else persistence."""
    n = len(evidence.pooled)
    better = float(evidence.pooled.sum()) < margin * float(evidence.persistence.sum())
    return POOLED if n >= MIN_TRAINING_ROWS and better else PERSISTENCE


def _terciles(size: np.ndarray, among: np.ndarray | None = None) -> np.ndarray:
    """Each size's tercile (0 smallest, 2 largest) among the councils' sizes ``among`` (by default ``size``
    itself) that are published; -1 without a size."""
    reference = size if among is None else among
    out = np.full(size.shape, -1)
    ok, known = np.isfinite(size), np.isfinite(reference)
    if known.sum() == 0:
        return out
    cuts = np.quantile(reference[known], [1 / 3, 2 / 3])
    out[ok] = np.searchsorted(cuts, size[ok], side="right")
    return out


@dataclass(frozen=True)
class _Calibration:
    exponent: float
    quantiles: tuple[float, float, float]  # per size tercile, of |error| / size ** exponent
    n: int


def _calibrate(s: _Scaled, made: Sequence[_Origin], t: int, h: int) -> _Calibration | None:
    """Split conformal on the errors of the method used at ``t`` in its forecasts made at origins t' with
    t' + h <= t (each from the years up to t' only); where pooling is used and was chosen by cross-validation,
    on its cross-validated errors."""
    errors, sizes, tercile = [], [], []
    method = made[t].method
    validated = made[t].validated
    if method == POOLED and validated is not None:
        return _conformal(validated.pooled, validated.size, validated.tercile)
    for origin in range(0, t - h + 1):
        # the errors of the method used now: pooling's earlier forecasts where it forecasts now (where they exist)
        earlier = made[origin].pooled if method == POOLED else made[origin].persistence
        if earlier is None:
            continue
        f = earlier
        outcome = s.raw[:, origin + h]
        size = s.size[:, origin]
        ok = np.isfinite(f) & np.isfinite(outcome) & np.isfinite(size) & (size > 0)
        errors.append(np.abs(f - outcome)[ok])
        sizes.append(size[ok])
        tercile.append(_terciles(size)[ok])
    if not errors:
        return None
    return _conformal(np.concatenate(errors), np.concatenate(sizes), np.concatenate(tercile))


def _conformal(e: np.ndarray, z: np.ndarray, k: np.ndarray) -> _Calibration | None:
    """The size exponent and each size tercile's 80% conformal quantile of ``e / z ** b`` (errors ``e`` of
    councils of size ``z`` in tercile ``k``); ``None`` with fewer than :data:`MIN_TRAINING_ROWS` errors."""
    if len(e) < MIN_TRAINING_ROWS:
        return None
    exponent = _size_exponent(e, z)
    scores = e / z**exponent
    quantiles = []
    for group in range(3):
        g = np.sort(scores[k == group])
        if len(g) == 0:
            g = np.sort(scores)
        level = COVERAGE + (1 / len(g) if CONFORMAL_INFLATION else 0.0)
        rank = min(math.ceil((len(g) + 1) * level), len(g)) - 1
        quantiles.append(float(g[rank]))
    return _Calibration(exponent, (quantiles[0], quantiles[1], quantiles[2]), len(e))


CONFORMAL_INFLATION = False
"""Where true, each tercile's quantile is the ceil((n + 1) x (0.8 + 1 / n))-th smallest of its n scores, a level
inflated for a small calibration set (round 4 tried it, docs/forecasting.md); the model takes the
ceil((n + 1) x 0.8)-th."""


def _size_exponent(errors: np.ndarray, sizes: np.ndarray) -> float:
    """``b`` in ``spread ~ size ** b``: the slope of log error on log size (errors of zero left out), kept
    within [-1, 1.5]."""
    ok = errors > 0
    if ok.sum() < 3:
        return 0.0
    lx, ly = np.log(sizes[ok]), np.log(errors[ok])
    var = float(np.var(lx))
    if var == 0:
        return 0.0
    slope = float(np.mean((lx - lx.mean()) * (ly - ly.mean())) / var)
    return min(max(slope, -1.0), 1.5)


# ---------------------------------------------------------------------------------------------------------------
# the public interface


@dataclass(frozen=True, slots=True)
class Forecast:
    old_la_code: str
    la_name: str
    measure: str
    origin_year: int
    target_year: int
    horizon: int
    forecast: float
    lower80: float | None
    upper80: float | None
    last_value: float
    method: str
    size_tercile: int  # 1 smallest, 3 largest, by in-post FTE at the origin


def _at_origin(seen: Panel, measure: str, horizon: int) -> tuple[_Scaled, _Origin, _Calibration | None]:
    """The measure on its scale, the procedure at the panel's last year (the origin) and its calibration."""
    s = _scaled(seen, measure, horizon)
    t = len(seen.years) - 1
    made = _origins(s, t, horizon)
    return s, made[t], _calibrate(s, made, t, horizon)


def _halfwidth(calibration: _Calibration, size: np.ndarray, among: np.ndarray) -> np.ndarray:
    """The half-width of the 80% interval (before clipping to the measure's range) for councils of in-post FTE
    ``size``, their size tercile taken among the councils' sizes at the origin ``among``."""
    q = np.array(calibration.quantiles)[np.maximum(_terciles(size, among), 0)]
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = q * size**calibration.exponent
    return out


INTERVAL_FLOOR: str | None = None
"""A floor on a horizon's half-width from the horizon before's at the same origin (h >= 2): ``None`` (none),
``"monotone"`` (no narrower), ``"sqrt"`` (where pooling's calibration is cross-validated, at least
``sqrt(h / (h - 1))`` times it) or ``"persistence"`` (there, at least it times the growth of persistence's
out-of-time spread from h - 1 to h, :func:`_persistence_growth`). Round 3 tried each (docs/forecasting.md)."""


def _spread(
    seen: Panel,
    measure: str,
    horizon: int,
    size: np.ndarray,
    among: np.ndarray,
    at: tuple[_Scaled, _Origin, _Calibration | None] | None = None,
) -> np.ndarray | None:
    """The half-width of the 80% interval at ``seen``'s last year for councils of in-post FTE ``size`` (terciles
    among ``among``), with :data:`INTERVAL_FLOOR`'s floor; ``None`` without a calibration."""
    s, here, calibration = at if at is not None else _at_origin(seen, measure, horizon)
    if calibration is None:
        return None
    width = _halfwidth(calibration, size, among)
    validated = here.method == POOLED and here.validated is not None
    if ONE_YEAR_SCALED and horizon >= 2 and validated:
        width = _scaled_from_one_year(seen, measure, s, width, size, among)
    if INTERVAL_FLOOR is None or horizon == 1:
        return width
    if INTERVAL_FLOOR != "monotone" and not validated:
        return width
    before = _spread(seen, measure, horizon - 1, size, among)
    if before is None:
        return width
    if INTERVAL_FLOOR == "monotone":
        growth: np.ndarray | float = 1.0
    elif INTERVAL_FLOOR == "sqrt":
        growth = math.sqrt(horizon / (horizon - 1))
    else:
        growth = _persistence_growth(s, len(seen.years) - 1, horizon, size, among)
    out: np.ndarray = np.fmax(width, before * growth)
    return out


ONE_YEAR_SCALED = True
"""Where true (since round 4), a horizon h >= 2 calibrated on pooling's cross-validated errors takes as its
half-width the one-year half-width at the same origin times the ratio of the h-year to the one-year half-widths
of the cross-validated errors there (:func:`_scaled_from_one_year`): the growth with the horizon is the training
pairs', the level the one-year out-of-time errors'."""


def _scaled_from_one_year(
    seen: Panel, measure: str, s: _Scaled, width: np.ndarray, size: np.ndarray, among: np.ndarray
) -> np.ndarray:
    """``width`` (the h-year half-width from pooling's cross-validated errors at ``seen``'s last year) scaled to
    the one-year half-width there: the one-year interval's (out of time where it has earlier errors) times
    ``width`` over the one-year half-width of pooling's cross-validated errors at the same origin. ``width`` as
    it is where either one-year half-width cannot be made."""
    one, here, calibration = _at_origin(seen, measure, 1)
    if calibration is None:
        return width
    t = len(seen.years) - 1
    errors = here.validated if here.method == POOLED and here.validated is not None else None
    if errors is None:
        with np.errstate(invalid="ignore", divide="ignore"):
            errors = _tuned_ridge(one, t, 1)[1] if measure in RIDGE_GRID else _cross_validated(one, t, 1)
    validated = None if errors is None else _conformal(errors.pooled, errors.size, errors.tercile)
    if validated is None:
        return width
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = _halfwidth(calibration, size, among) * width / _halfwidth(validated, size, among)
    out: np.ndarray = np.where(np.isfinite(scaled), scaled, width)
    return out


def _persistence_growth(s: _Scaled, t: int, h: int, size: np.ndarray, among: np.ndarray) -> np.ndarray | float:
    """How much wider persistence's 80% spread is at ``h`` than at ``h - 1`` (at least 1) for councils of in-post
    FTE ``size``: the ratio of the half-widths of :func:`_conformal` on its errors at the two horizons, over the
    same origins (those whose outcome ``h`` years on is published by ``t``)."""
    calibrations = []
    for k in (h - 1, h):
        errors, sizes, tercile = [], [], []
        for origin in range(0, t - h + 1):
            outcome, here = s.raw[:, origin + k], s.size[:, origin]
            ok = np.isfinite(s.raw[:, origin]) & np.isfinite(outcome) & np.isfinite(here) & (here > 0)
            errors.append(np.abs(s.raw[:, origin] - outcome)[ok])
            sizes.append(here[ok])
            tercile.append(_terciles(here)[ok])
        calibration = _conformal(*(np.concatenate(a) for a in (errors, sizes, tercile))) if errors else None
        if calibration is None:
            return 1.0
        calibrations.append(calibration)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = _halfwidth(calibrations[1], size, among) / _halfwidth(calibrations[0], size, among)
    out: np.ndarray = np.where(np.isfinite(ratio), np.maximum(ratio, 1.0), 1.0)
    return out


def forecast_origin(panel: Panel, measure: str, origin_year: int, horizon: int) -> list[Forecast]:
    """Every council's forecast of ``measure`` for ``origin_year + horizon``, from the years up to
    ``origin_year`` only (the panel is cut there first); councils without a figure for the origin year have
    none."""
    if horizon not in HORIZONS:
        raise ValueError(f"horizon {horizon} is out of range: 1 to {HORIZONS[-1]} years")
    seen = panel.up_to(origin_year)
    s, here, calibration = at = _at_origin(seen, measure, horizon)
    t = len(seen.years) - 1
    size = s.size[:, t]
    tercile = _terciles(size)
    lower = upper = np.full(size.shape, np.nan)
    spread = _spread(seen, measure, horizon, size, size, at)
    if spread is not None:
        lower, upper = _bounds(s, here.forecast - spread, here.forecast + spread)
    out = []
    for i in np.flatnonzero(np.isfinite(here.forecast) & np.isfinite(size) & (tercile >= 0)):
        ok = calibration is not None and bool(np.isfinite(lower[i]))
        out.append(
            Forecast(
                old_la_code=seen.codes[i],
                la_name=seen.names[i],
                measure=measure,
                origin_year=origin_year,
                target_year=origin_year + horizon,
                horizon=horizon,
                forecast=float(here.forecast[i]),
                lower80=float(lower[i]) if ok else None,
                upper80=float(upper[i]) if ok else None,
                last_value=float(s.raw[i, t]),
                method=here.method,
                size_tercile=int(tercile[i]) + 1,
            )
        )
    return out


def forecast_council(
    panel: Panel, la_code: str, *, years: int = 3, measures: Iterable[str] = MEASURES
) -> list[Forecast]:
    """A council's forecast of each measure for the ``years`` after the latest published year."""
    if years not in HORIZONS:
        raise ValueError(f"--years {years} is out of range: 1 to {HORIZONS[-1]}")
    panel.council_index(la_code)
    origin = panel.years[-1]
    out: list[Forecast] = []
    for measure in measures:
        for h in range(1, years + 1):
            out.extend(f for f in forecast_origin(panel, measure, origin, h) if f.old_la_code == la_code)
    return out


def interval_halfwidths(
    panel: Panel, *, size: float, measures: Iterable[str] = MEASURES, horizons: Iterable[int] = HORIZONS
) -> dict[str, dict[int, float | None]]:
    """The half-width of the 80% interval the live forecast (from the latest published year) gives a council of
    in-post FTE ``size`` (which need not be in the panel), per measure and horizon, in the measure's units (FTE
    for in-post, starters and leavers, for a council of that size; points for a rate; cases for the caseload):
    the conformal quantile of its size tercile at the origin times ``size ** b``, before the interval is clipped
    to the measure's range. ``None`` where the forecast has no interval (too few earlier errors)."""
    if not (math.isfinite(size) and size > 0):
        raise ValueError(f"size must be a positive in-post FTE, not {size!r}")
    out: dict[str, dict[int, float | None]] = {}
    for measure in measures:
        measure_spec(measure)
        out[measure] = {}
        for h in horizons:
            if h not in HORIZONS:
                raise ValueError(f"horizon {h} is out of range: 1 to {HORIZONS[-1]} years")
            at = _at_origin(panel, measure, h)
            spread = _spread(panel, measure, h, np.array([size]), at[0].size[:, len(panel.years) - 1], at)
            width = None if spread is None else float(spread[0])
            out[measure][h] = width
    return out


@dataclass(frozen=True, slots=True)
class BacktestRow:
    old_la_code: str
    measure: str
    origin_year: int
    target_year: int
    horizon: int
    forecast: float
    lower80: float
    upper80: float
    outcome: float
    persistence: float
    method: str
    size_tercile: int


def backtest_origins(panel: Panel, horizon: int) -> list[int]:
    """The origins scored at ``horizon``: each year from which a forecast can be made with errors of an earlier
    origin to calibrate it (the first year + horizon) and whose target is published."""
    return [y for y in panel.years if y >= panel.years[0] + horizon and y + horizon <= panel.years[-1]]


def backtest(
    panel: Panel, *, measures: Iterable[str] = MEASURES, horizons: Iterable[int] = HORIZONS
) -> list[BacktestRow]:
    """The forecast at every origin and horizon, each from the years up to its origin only, beside the
    published outcome. A council without a figure for the origin or target year has no row."""
    rows = []
    for measure in measures:
        measure_spec(measure)
        for h in horizons:
            for origin in backtest_origins(panel, h):
                outcome = panel.values[measure][:, panel.years.index(origin + h)]
                for f in forecast_origin(panel, measure, origin, h):
                    y = outcome[panel.council_index(f.old_la_code)]
                    if not np.isfinite(y) or f.lower80 is None or f.upper80 is None:
                        continue
                    rows.append(
                        BacktestRow(
                            f.old_la_code,
                            measure,
                            origin,
                            origin + h,
                            h,
                            f.forecast,
                            f.lower80,
                            f.upper80,
                            float(y),
                            f.last_value,
                            f.method,
                            f.size_tercile,
                        )
                    )
    return rows


@dataclass(frozen=True, slots=True)
class Summary:
    measure: str
    horizon: int
    group: str  # "all" or "tercile 1" (smallest) to "tercile 3"
    n: int
    mae: float
    mae_persistence: float
    ratio: float | None
    coverage80: float
    pooled_share: float  # the share of rows forecast by pooling (the rest by persistence)


def summarise(rows: Sequence[BacktestRow]) -> list[Summary]:
    """MAE, MAE of persistence, their ratio and the 80% coverage per measure and horizon, overall and by size
    tercile."""
    out = []
    keys = sorted({(r.measure, r.horizon) for r in rows}, key=lambda k: (list(MEASURES).index(k[0]), k[1]))
    for measure, h in keys:
        mine = [r for r in rows if r.measure == measure and r.horizon == h]
        for group, chosen in [
            ("all", mine),
            *[(f"tercile {k}", [r for r in mine if r.size_tercile == k]) for k in (1, 2, 3)],
        ]:
            if not chosen:
                continue
            mae = sum(abs(r.forecast - r.outcome) for r in chosen) / len(chosen)
            base = sum(abs(r.persistence - r.outcome) for r in chosen) / len(chosen)
            covered = sum(r.lower80 <= r.outcome <= r.upper80 for r in chosen) / len(chosen)
            pooled = sum(r.method == POOLED for r in chosen) / len(chosen)
            out.append(
                Summary(measure, h, group, len(chosen), mae, base, mae / base if base else None, covered, pooled)
            )
    return out


def summary_table(summary: Sequence[Summary]) -> list[dict[str, Any]]:
    """The summary as rows of plain values (MAE, ratios and shares to three decimals), as ``csc-workforce
    forecast backtest`` prints it and ``perf/forecast_backtest.csv`` holds it."""
    return [
        {
            "measure": s.measure,
            "horizon": s.horizon,
            "group": s.group,
            "n": s.n,
            "mae": round(s.mae, 3),
            "mae_persistence": round(s.mae_persistence, 3),
            "ratio": None if s.ratio is None else round(s.ratio, 3),
            "coverage80": round(s.coverage80, 3),
            "pooled_share": round(s.pooled_share, 3),
        }
        for s in summary
    ]


def summary_markdown(table: Sequence[dict[str, Any]]) -> str:
    """The summary as a Markdown table, one line per measure and horizon: the ratio and coverage overall, then
    coverage (and the ratio) in each size tercile."""
    lines = [
        "| measure | horizon | n | MAE / persistence | 80% coverage | coverage by size tercile (small, mid, large) "
        "| ratio by tercile | pooled |",
        "|---|---:|---:|---:|---:|---|---|---:|",
    ]
    for row in (r for r in table if r["group"] == "all"):
        same = [r for r in table if (r["measure"], r["horizon"]) == (row["measure"], row["horizon"])]
        groups = [r for r in same if r["group"] != "all"]
        coverage = ", ".join(f"{100 * g['coverage80']:.1f}%" for g in groups)
        ratios = ", ".join(f"{g['ratio']:.3f}" for g in groups)
        lines.append(
            f"| {row['measure']} | {row['horizon']} | {row['n']:,} | {row['ratio']:.3f} | "
            f"{100 * row['coverage80']:.1f}% | {coverage} | {ratios} | {100 * row['pooled_share']:.0f}% |"
        )
    return "\n".join(lines) + "\n"
