"""The aggregate forecast on published figures: pooling worked by hand, no information from after the origin,
intervals that cover as stated on a panel with known noise, and the published backtest reproduced."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import csc_workforce.forecasting.aggregate as agg
from csc_workforce.forecasting.aggregate import (
    PERSISTENCE,
    POOLED,
    backtest,
    forecast_council,
    forecast_origin,
    interval_halfwidths,
    panel_from_frame,
    published_panel,
    summarise,
    summary_markdown,
    summary_table,
)

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = [
    "time_period",
    "geographic_level",
    "region_name",
    "old_la_code",
    "la_name",
    "inpost_fte",
    "turnover_rate_fte",
]


def frame(councils: dict[str, tuple[float, list[float]]], *, region: list[float], england: list[float]) -> pl.DataFrame:
    """A made-up indicators file: each council (size, turnover by year) in region "R", the region's and
    England's turnover by year; in-post FTE is the council's size every year."""
    years = range(2017, 2017 + len(region))
    rows = []
    for j in range(len(region)):
        rows.append(("National", None, None, None, 1000.0, england[j]))
        rows.append(("Regional", "R", None, None, 500.0, region[j]))
        for code, (size, values) in councils.items():
            rows.append(("Local authority", "R", code, f"Council {code}", size, values[j]))
    return pl.DataFrame(
        [(y, *r) for y, r in zip([y for y in years for _ in range(2 + len(councils))], rows, strict=True)],
        schema=COLUMNS,
        orient="row",
    )


# Each council moves half way to its region's 20 every year: A 10, 15, 17.5, 18.75; B 36, 28, 24, 22;
# C 14, 17, 18.5, 19.25.
TINY = {
    "A": (200.0, [10.0, 15.0, 17.5, 18.75]),
    "B": (200.0, [36.0, 28.0, 24.0, 22.0]),
    "C": (200.0, [14.0, 17.0, 18.5, 19.25]),
}


def tiny_panel() -> agg.Panel:
    made_up = frame(TINY, region=[20.0] * 4, england=[30.0, 26.0, 22.0, 25.0])
    return panel_from_frame(made_up, measures=["turnover_rate_fte"])


def test_the_features_by_hand():
    s = agg._scaled(tiny_panel(), "turnover_rate_fte")
    x, p = agg._features(s, 2, 1)  # origin 2019
    assert p.tolist() == [17.5, 24.0, 18.5]
    own = [(10 + 15 + 17.5) / 3 - 17.5, (36 + 28 + 24) / 3 - 24, (14 + 17 + 18.5) / 3 - 18.5]
    noise = [1.0, 1.0, 1.0]  # sqrt(median size / size): all three the same size
    assert x[:, 0] == pytest.approx(own)
    assert x[:, 1] == pytest.approx([2.5, -4.0, 1.5])  # region 20 minus the council
    assert x[:, 2] == pytest.approx([4.5, -2.0, 3.5])  # England 22 minus the council
    assert x[:, 3] == pytest.approx([o * n for o, n in zip(own, noise, strict=True)])
    assert x[:, 4] == pytest.approx([2.5, -4.0, 1.5])


def test_pooling_by_hand_moves_each_council_half_way_to_its_region(monkeypatch: pytest.MonkeyPatch):
    """Three councils of the same size (so each term's noise-scaled copy is the term itself). Nine pairs
    (2017-2019 to the year after) all say "half way to the region": the fitted weights find it, so
    from 2020 A goes to 18.75 + (20 - 18.75) / 2 = 19.375, B to 22 - 1 = 21, C to 19.25 + 0.375 = 19.625."""
    monkeypatch.setattr(agg, "MIN_TRAINING_ROWS", 3)
    made = {f.old_la_code: f for f in forecast_origin(tiny_panel(), "turnover_rate_fte", 2020, 1)}
    assert {c: f.forecast for c, f in made.items()} == pytest.approx({"A": 19.375, "B": 21.0, "C": 19.625}, abs=1e-3)
    assert {f.method for f in made.values()} == {POOLED}
    assert made["A"].last_value == 18.75 and made["A"].target_year == 2021


def test_too_little_history_is_persistence_without_an_interval():
    """Nine pairs are fewer than the 30 a fit needs: the forecast is the last year, and with no earlier errors
    to calibrate on there is no interval (rather than a made-up one)."""
    made = forecast_origin(tiny_panel(), "turnover_rate_fte", 2020, 1)
    assert [(f.old_la_code, f.forecast, f.method, f.lower80) for f in made] == [
        ("A", 18.75, PERSISTENCE, None),
        ("B", 22.0, PERSISTENCE, None),
        ("C", 19.25, PERSISTENCE, None),
    ]


def test_least_absolute_deviations_ignores_an_outlier():
    x = np.arange(1.0, 21.0)[:, None]
    y = 2 * x[:, 0]
    y[3] = 500.0
    assert agg._least_absolute(x, y, np.ones(20))[0] == pytest.approx(2.0, abs=1e-3)


@pytest.fixture(scope="module")
def panel() -> agg.Panel:
    return published_panel()


@pytest.mark.parametrize("measure", ["turnover_rate_fte", "starters_fte", "inpost_fte"])
def test_no_year_after_the_origin_changes_a_forecast(panel: agg.Panel, measure: str):
    rng = np.random.default_rng(1)
    origin = 2021
    later = [panel.years.index(y) for y in panel.years if y > origin]
    changed = {
        kind: {m: a.copy() for m, a in arrays.items()}
        for kind, arrays in (("values", panel.values), ("region", panel.region_values), ("england", panel.england))
    }
    for arrays in changed.values():
        for a in arrays.values():
            a[..., later] = a[..., later] * rng.uniform(0.3, 3.0, size=a[..., later].shape)
    other = agg.replace(panel, values=changed["values"], region_values=changed["region"], england=changed["england"])
    assert not np.array_equal(other.values[measure], panel.values[measure], equal_nan=True)
    for h in (1, 2, 3):
        assert forecast_origin(other, measure, origin, h) == forecast_origin(panel, measure, origin, h)


@pytest.mark.parametrize("measure", ["turnover_rate_fte", "caseload_fte"])
def test_a_council_first_published_after_the_origin_changes_no_forecast(panel: agg.Panel, measure: str):
    """A council that appears only after the origin (as Cumbria's successors did in 2023) shifts every other
    council's row in the panel; no forecast from before it may move (the folds of the cross-validation go by a
    council's own code, not its row)."""
    origin = 2020
    later = np.array([y > origin for y in panel.years])
    k = len(panel.codes) // 2  # in the middle: the rows after it move, those before do not

    def add(a: np.ndarray) -> np.ndarray:
        row = np.where(later, a[k], np.nan)  # published from 2021 only
        return np.insert(a, k, row, axis=0)

    def put(names: tuple[str, ...], name: str) -> tuple[str, ...]:
        return (*names[:k], name, *names[k:])

    other = agg.replace(
        panel,
        codes=put(panel.codes, panel.codes[k] + "a"),
        names=put(panel.names, "New council"),
        regions=put(panel.regions, panel.regions[k]),
        values={m: add(a) for m, a in panel.values.items()},
        region_values={m: add(a) for m, a in panel.region_values.items()},
    )
    for h in (1, 2, 3):
        assert forecast_origin(other, measure, origin, h) == forecast_origin(panel, measure, origin, h)


def test_the_cross_measure_offsets_by_hand(panel: agg.Panel):
    """Starters are offset by the council's leavers minus starters per in-post FTE at the origin (replacement)
    and its vacancy rate above England's (in hundredths); a council without a published vacancy rate has no
    such offset (0: persistence's)."""
    s = agg._scaled(panel, "starters_fte")
    t = panel.years.index(2021)
    x, _ = agg._features(s, t, 1)
    i = panel.council_index("303")
    inpost, starters, leavers = (panel.values[m][i, t] for m in ("inpost_fte", "starters_fte", "leavers_fte"))
    vacancy, england = panel.values["vacancy_rate_fte"][i, t], panel.england["vacancy_rate_fte"][t]
    assert x[i, -2] == pytest.approx((leavers - starters) / inpost)
    assert x[i, -1] == pytest.approx((vacancy - england) / 100)
    missing = np.flatnonzero(~np.isfinite(panel.values["vacancy_rate_fte"][:, t]))
    assert len(missing) > 0 and (x[missing, -1] == 0).all()
    assert x.shape[1] == 6 + 2


def test_interval_halfwidths_are_the_live_intervals_of_a_council_of_that_size(panel: agg.Panel):
    """For Bexley's in-post FTE the half-widths are those of Bexley's own live intervals (upper minus forecast;
    the lower end is the forecast minus it, clipped at 0)."""
    size = float(panel.values["inpost_fte"][panel.council_index("303"), -1])
    widths = interval_halfwidths(panel, size=size)
    made = forecast_council(panel, "303")
    assert len(made) == 8 * 3
    for f in made:
        assert f.upper80 is not None and f.lower80 is not None
        assert widths[f.measure][f.horizon] == pytest.approx(f.upper80 - f.forecast, rel=1e-12)
        assert f.lower80 == pytest.approx(max(f.forecast - widths[f.measure][f.horizon], 0.0), rel=1e-12)


def test_interval_halfwidths_for_a_council_not_in_the_panel(panel: agg.Panel):
    """A made-up council: a small one's turnover interval is wider than a large one's, its count of starters
    narrower in FTE; within a tercile the width follows the council's size smoothly; sizes are checked."""
    measures = ["turnover_rate_fte", "starters_fte"]
    small, large = (interval_halfwidths(panel, size=v, measures=measures) for v in (41.3, 917.0))
    for h in (1, 2, 3):
        assert small["turnover_rate_fte"][h] > large["turnover_rate_fte"][h] > 0  # type: ignore[operator]
        assert 0 < small["starters_fte"][h] < large["starters_fte"][h]  # type: ignore[operator]
    # three sizes in the largest tercile: the width scales as size ** b, the same b between any two of them
    sizes = (600.0, 750.0, 917.0)
    widths = [interval_halfwidths(panel, size=v, measures=["caseload_fte"])["caseload_fte"][2] for v in sizes]
    slopes = [np.log(widths[j] / widths[0]) / np.log(sizes[j] / sizes[0]) for j in (1, 2)]  # type: ignore[operator]
    assert slopes[0] == pytest.approx(slopes[1], rel=1e-9)
    with pytest.raises(ValueError, match="size must be a positive in-post FTE"):
        interval_halfwidths(panel, size=0.0)
    with pytest.raises(ValueError, match="horizon 4 is out of range"):
        interval_halfwidths(panel, size=100.0, horizons=[4])


def simulated_panel(seed: int = 7, *, walk: bool = False) -> agg.Panel:
    """150 councils of 30 to 1,500 FTE over 9 years, each with a true turnover rate (region mean plus a council
    offset) and yearly noise of sd 50 / sqrt(size) points (4.1 for a council of 150 FTE); with ``walk`` the noise
    accumulates (a random walk, where carrying the last year forward is the best forecast)."""
    rng = np.random.default_rng(seed)
    n, years = 150, 9
    size = np.exp(rng.uniform(np.log(30), np.log(1500), n))
    regions = [f"R{i % 5}" for i in range(n)]
    level = {r: rng.uniform(12, 20) for r in sorted(set(regions))}
    truth = np.array([level[r] for r in regions]) + rng.normal(0, 3, n)
    noise = rng.normal(0, 1, (n, years)) * (50 / np.sqrt(size))[:, None]
    observed = truth[:, None] + (np.cumsum(noise, axis=1) if walk else noise)
    rows = []
    for j in range(years):
        year = 2017 + j
        rows.append((year, "National", None, None, None, float(size.sum()), float(observed[:, j].mean())))
        for r in sorted(level):
            members = [i for i in range(n) if regions[i] == r]
            region = (float(size[members].sum()), float(observed[members, j].mean()))
            rows.append((year, "Regional", r, None, None, *region))
        for i in range(n):
            council = (float(size[i]), float(observed[i, j]))
            rows.append((year, "Local authority", regions[i], f"{i:03d}", f"C{i}", *council))
    return panel_from_frame(pl.DataFrame(rows, schema=COLUMNS, orient="row"), measures=["turnover_rate_fte"])


def test_intervals_cover_80_percent_on_a_panel_with_known_noise():
    summary = summarise(backtest(simulated_panel(), measures=["turnover_rate_fte"]))
    cells = {(s.horizon, s.group): s for s in summary}
    for h in (1, 2, 3):
        assert 0.75 <= cells[h, "all"].coverage80 <= 0.85, (h, cells[h, "all"].coverage80)
        # a tercile is 50 councils over a few origins, a small sample: 72-88% (seed 7 gives 74.0-86.6%)
        for group in ("tercile 1", "tercile 2", "tercile 3"):
            assert 0.72 <= cells[h, group].coverage80 <= 0.88, (h, group, cells[h, group].coverage80)
    # the noise is stationary around each council's level: pooling toward its history beats persistence
    assert cells[1, "all"].ratio is not None and cells[1, "all"].ratio < 0.85
    # a small council's interval is wider than a large one's
    one_year = backtest(simulated_panel(), measures=["turnover_rate_fte"], horizons=[1])
    rows = [r for r in one_year if r.origin_year == 2024]
    width = {k: np.mean([r.upper80 - r.lower80 for r in rows if r.size_tercile == k]) for k in (1, 3)}
    assert width[1] > 2 * width[3]


def test_with_no_earlier_pooled_forecast_pooling_is_judged_by_cross_validation(monkeypatch: pytest.MonkeyPatch):
    """From 2018 no earlier pooled forecast has an outcome to judge pooling by: the choice is made on the
    2017-to-2018 pairs, each council's pooled forecast fitted without its fold of councils, and the interval is
    calibrated on those errors. Where the noise is stationary pooling wins and is used (before, persistence was
    kept); on a random walk it does not and persistence is kept."""
    stationary = forecast_origin(simulated_panel(), "turnover_rate_fte", 2018, 1)
    assert {f.method for f in stationary} == {POOLED} and all(f.lower80 is not None for f in stationary)
    s = agg._scaled(simulated_panel(), "turnover_rate_fte")
    made = agg._origins(s, 1, 1)[1]
    assert made.validated is not None and len(made.validated.pooled) == 150  # the 2017-2018 pairs only
    assert made.validated.pooled.sum() < agg.VALIDATED_MARGIN * made.validated.persistence.sum()
    calibration = agg._calibrate(s, agg._origins(s, 1, 1), 1, 1)
    assert calibration == agg._conformal(made.validated.pooled, made.validated.size, made.validated.tercile)
    walk = forecast_origin(simulated_panel(walk=True), "turnover_rate_fte", 2018, 1)
    assert {f.method for f in walk} == {PERSISTENCE}
    monkeypatch.setattr(agg, "CROSS_VALIDATE", False)
    assert {f.method for f in forecast_origin(simulated_panel(), "turnover_rate_fte", 2018, 1)} == {PERSISTENCE}


def test_cross_validation_over_years_holds_out_each_pair_year():
    """With two or more training pair-years (origin 2019, one year ahead: 2017-2018 and 2018-2019), each
    pair-year's pooled forecasts are fitted on the other year's pairs only."""
    s = agg._scaled(simulated_panel(), "turnover_rate_fte")
    errors = agg._cross_validated(s, 2, 1)
    assert errors is not None
    pairs = agg._pairs(s, 2, 1)
    expected = []
    for origin, rows, x, _, _ in pairs:
        beta = agg._fit(s, 2, 1, leave_out=lambda o, r, origin=origin: np.full(len(r), o == origin))
        assert beta is not None
        made = agg._to_units(s, s.z[rows, origin] + x @ beta, origin, rows)
        expected.append(np.abs(made - s.raw[rows, origin + 1]))
    assert errors.pooled == pytest.approx(np.concatenate(expected))


def test_the_published_summary_is_what_the_backtest_gives_now(panel: agg.Panel):
    table = summary_table(summarise(backtest(panel)))
    committed = list(csv.DictReader(io.StringIO((ROOT / "perf" / "forecast_backtest.csv").read_text("utf-8"))))
    assert committed == [{k: "" if v is None else str(v) for k, v in row.items()} for row in table]
    markdown = summary_markdown(table)
    for path in (ROOT / "perf" / "forecast_backtest.md", ROOT / "docs" / "forecasting.md"):
        found = re.search(r"<!-- backtest-summary -->\n(.*?)<!-- /backtest-summary -->", path.read_text("utf-8"), re.S)
        assert found is not None and found.group(1) == markdown, path


def test_unknown_measure_and_horizon_are_refused(panel: agg.Panel):
    with pytest.raises(ValueError, match="no aggregate forecast for measure 'cases'"):
        forecast_origin(panel, "cases", 2024, 1)
    with pytest.raises(ValueError, match="horizon 4 is out of range"):
        forecast_origin(panel, "turnover_rate_fte", 2021, 4)
    with pytest.raises(ValueError, match="no published year 2026"):
        forecast_origin(panel, "turnover_rate_fte", 2026, 1)


def test_the_in_post_offsets_one_year_ahead_by_hand(panel: agg.Panel):
    """One year ahead the in-post FTE is offset by its starters and its leavers per in-post FTE at the origin,
    each with a weight of its own; two and three years ahead by their difference (round 3)."""
    t = panel.years.index(2021)
    i = panel.council_index("303")
    inpost, starters, leavers = (panel.values[m][i, t] for m in ("inpost_fte", "starters_fte", "leavers_fte"))
    one, _ = agg._features(agg._scaled(panel, "inpost_fte", 1), t, 1)
    assert one.shape[1] == 4 + 2  # own level, own growth, each twice (with the noise), then the two flows
    assert one[i, -2:] == pytest.approx([starters / inpost, leavers / inpost])
    for h in (2, 3):
        x, _ = agg._features(agg._scaled(panel, "inpost_fte", h), t, h)
        assert x.shape[1] == 4 + 1 and x[i, -1] == pytest.approx((starters - leavers) / inpost)


def _two_council_panel(starters: list[list[float]], inpost: list[list[float]]) -> agg.Panel:
    years = tuple(range(2017, 2017 + len(starters[0])))
    values = {"starters_fte": np.array(starters), "inpost_fte": np.array(inpost)}
    nan = {m: np.full_like(a, np.nan) for m, a in values.items()}
    return agg.Panel(
        years, ("A", "B"), ("A", "B"), ("R", "R"), values, nan, {m: a[0] * np.nan for m, a in values.items()}
    )


def test_the_lagged_offsets_by_hand():
    """``inpost_recent_growth``: the mean yearly change of log in-post FTE over the two years up to each year;
    ``starters_lag2``: the starters per in-post FTE two years before minus now. NaN where two years before is
    not published."""
    p = _two_council_panel(
        starters=[[10.0, 20.0, 30.0, 20.0], [5.0, 5.0, 10.0, 5.0]], inpost=[[100.0] * 4, [50.0, 50.0, 100.0, 200.0]]
    )
    growth = agg.CROSS_TERMS["inpost_recent_growth"](p)
    assert np.isnan(growth[:, :2]).all()
    assert growth[0, 2:] == pytest.approx([0.0, 0.0])
    assert growth[1, 2:] == pytest.approx([np.log(2) / 2, np.log(4) / 2])
    lag = agg.CROSS_TERMS["starters_lag2"](p)
    assert np.isnan(lag[:, :2]).all()
    assert lag[0, 2:] == pytest.approx([0.1 - 0.3, 0.2 - 0.2])
    assert lag[1, 2:] == pytest.approx([0.1 - 0.1, 0.1 - 0.025])


def test_recency_weights_the_training_pairs_by_hand(monkeypatch: pytest.MonkeyPatch):
    """With RECENCY 0.5 the pairs one year ahead at the origin 2020 (2017-18, 2018-19, 2019-20) weigh 0.25, 0.5
    and 1 (a rate's pairs otherwise weigh 1 each); RECENCY 1 (the model) weighs them the same."""
    s = agg._scaled(tiny_panel(), "turnover_rate_fte")
    monkeypatch.setattr(agg, "RECENCY", 0.5)
    assert [w.tolist() for _, _, _, _, w in agg._pairs(s, 3, 1)] == [[0.25] * 3, [0.5] * 3, [1.0] * 3]
    monkeypatch.setattr(agg, "RECENCY", 1.0)
    assert [w.tolist() for _, _, _, _, w in agg._pairs(s, 3, 1)] == [[1.0] * 3] * 3


def test_the_log_scale_by_hand(panel: agg.Panel, monkeypatch: pytest.MonkeyPatch):
    """A ratio on the log scale (round 3 tried the caseload): its logarithm pooled, its errors weighted by its
    figure at the origin, the forecast back in its units."""
    monkeypatch.setattr(agg, "LOG_SCALE", frozenset({"caseload_fte"}))
    s = agg._scaled(panel, "caseload_fte")
    t = panel.years.index(2021)
    raw = panel.values["caseload_fte"][:, t]
    ok = np.isfinite(raw)
    assert s.z[ok, t] == pytest.approx(np.log(raw[ok]))
    assert agg._weight(s, t)[ok] == pytest.approx(raw[ok])
    assert agg._to_units(s, s.z[:, t], t)[ok] == pytest.approx(raw[ok])


def test_persistence_growth_by_hand(monkeypatch: pytest.MonkeyPatch):
    """Five councils of one size (so the size exponent is 0 and one tercile holds them all): persistence's
    errors from 2017 one year on are 1, 2, 0.5, 1, 1 and two years on 3, 1, 5, 0, 2. With five errors the 80%
    conformal quantile is the ceil(6 x 0.8) = 5th smallest, the largest: 2 and 5, so the spread grows 2.5 times
    from one year to two. Where it would shrink the growth is 1."""
    monkeypatch.setattr(agg, "MIN_TRAINING_ROWS", 3)
    size = np.full((5, 3), 100.0)

    def scaled(two_years: list[float]) -> agg._Scaled:
        raw = np.column_stack([np.full(5, 10.0), 10 + np.array([1.0, -2, 0.5, 1, -1]), 10 + np.array(two_years)])
        nan = np.full(3, np.nan)
        return agg._Scaled(agg.measure_spec("turnover_rate_fte"), raw, raw * np.nan, nan, size, raw)

    among = size[:, 2]
    growth = agg._persistence_growth(scaled([3.0, -1, 5, 0, -2]), 2, 2, among, among)
    assert growth == pytest.approx(np.full(5, 2.5))
    shrinking = agg._persistence_growth(scaled([0.5, -1, 0.1, 0, -0.2]), 2, 2, among, among)
    assert shrinking == pytest.approx(np.full(5, 1.0))


def test_the_interval_floors_on_a_simulated_panel(monkeypatch: pytest.MonkeyPatch):
    """At 2019 two years ahead pooling's interval is calibrated on its cross-validated errors. The floors
    round 3 tried (none kept): ``monotone``, no narrower than the one-year interval at the same origin;
    ``sqrt``, at least sqrt(2) times it; ``persistence``, at least it times persistence's growth. Without a
    floor (the model) the two-year width is its own."""
    p = simulated_panel().up_to(2019)
    s, here, _ = at = agg._at_origin(p, "turnover_rate_fte", 2)
    assert here.method == POOLED and here.validated is not None
    size = s.size[:, -1]
    own = agg._spread(p, "turnover_rate_fte", 2, size, size, at)
    one = agg._spread(p, "turnover_rate_fte", 1, size, size)
    assert own is not None and one is not None
    expected = {
        "monotone": np.fmax(own, one),
        "sqrt": np.fmax(own, one * np.sqrt(2)),
        "persistence": np.fmax(own, one * agg._persistence_growth(s, len(p.years) - 1, 2, size, size)),
    }
    for floor, widths in expected.items():
        monkeypatch.setattr(agg, "INTERVAL_FLOOR", floor)
        assert agg._spread(p, "turnover_rate_fte", 2, size, size) == pytest.approx(widths)
    assert (expected["sqrt"] > own).any()  # the floor binds somewhere: the test can fail


def test_the_round4_form_variants_by_hand(monkeypatch: pytest.MonkeyPatch):
    """Round 4's variants of the own, region and England terms (none kept): the own level over the last three
    years or the median of all, the region's mean over its years, no England term, the own term over the number
    of published years, and the terms per size tercile (the middle and the largest tercile's indicators)."""
    p = tiny_panel()
    s = agg._scaled(p, "turnover_rate_fte")
    t = 3  # origin 2020: A 10, 15, 17.5, 18.75; region 20 throughout; England 25
    base, persistence = agg._features(s, t, 1)
    assert persistence[0] == 18.75 and base.shape[1] == 6
    cases = {
        "own_recent3": (0, [(15 + 17.5 + 18.75) / 3 - 18.75]),
        "own_median": (0, [(15 + 17.5) / 2 - 18.75]),
    }
    for option, (column, expected) in cases.items():
        monkeypatch.setattr(agg, "FORM", {"turnover_rate_fte": frozenset({option})})
        x, _ = agg._features(s, t, 1)
        assert x.shape == base.shape and x[0, column] == pytest.approx(expected[0]), option
    monkeypatch.setattr(agg, "FORM", {"turnover_rate_fte": frozenset({"no_england"})})
    x, _ = agg._features(s, t, 1)
    assert x.shape[1] == 4 and x[:, :2] == pytest.approx(base[:, :2])
    monkeypatch.setattr(agg, "FORM", {"turnover_rate_fte": frozenset({"history"})})
    x, _ = agg._features(s, t, 1)
    assert x.shape[1] == 7 and x[:, 6] == pytest.approx(base[:, 0] / 4)
    # the region's mean over its years: make its figures differ by year
    region = {m: a.copy() for m, a in p.region_values.items()}
    region["turnover_rate_fte"][:] = [16.0, 18.0, 20.0, 22.0]
    moving = agg._scaled(agg.replace(p, region_values=region), "turnover_rate_fte")
    monkeypatch.setattr(agg, "FORM", {"turnover_rate_fte": frozenset({"region_mean"})})
    x, _ = agg._features(moving, t, 1)
    assert x[:, 1] == pytest.approx(19.0 - persistence)
    # per tercile: sizes 100, 200, 400 put A, B, C in the smallest, middle and largest tercile
    sized = agg.replace(s, size=np.array([[100.0] * 4, [200.0] * 4, [400.0] * 4]))
    monkeypatch.setattr(agg, "FORM", {"turnover_rate_fte": frozenset({"terciles"})})
    x, _ = agg._features(sized, t, 1)
    assert x.shape[1] == 6 + 6
    terms = base[:, :3]
    assert x[:, 6:9] == pytest.approx(np.vstack([0 * terms[0], terms[1], 0 * terms[2]]))  # middle tercile: B
    assert x[:, 9:12] == pytest.approx(np.vstack([0 * terms[0], 0 * terms[1], terms[2]]))  # largest: C


def test_the_tuned_ridge_is_the_cross_validated_best(monkeypatch: pytest.MonkeyPatch):
    """Round 4's ridge chosen by cross-validation (kept for the starters and the leavers): of the grid, the
    value whose cross-validated pooled errors sum least, with those errors; a measure without a grid has the
    model's fixed ridge."""
    s = agg._scaled(simulated_panel(), "turnover_rate_fte")
    grid = (1e-6, 0.1, 10.0)
    monkeypatch.setattr(agg, "RIDGE_GRID", {"turnover_rate_fte": grid})
    ridge, errors = agg._tuned_ridge(s, 3, 1)
    totals = {r: agg._cross_validated(s, 3, 1, r).pooled.sum() for r in grid}  # type: ignore[union-attr]
    assert ridge == min(totals, key=lambda r: totals[r]) and errors is not None
    assert errors.pooled.sum() == pytest.approx(min(totals.values()))
    assert len(set(np.round(list(totals.values()), 6))) == 3  # the ridge changes the fit: the test can fail
    monkeypatch.setattr(agg, "RIDGE_GRID", {"starters_fte": grid})
    assert agg._tuned_ridge(s, 3, 1) == (agg.RIDGE, None)  # no grid for turnover: the fixed ridge


def test_the_inflated_conformal_level_by_hand(monkeypatch: pytest.MonkeyPatch):
    """Ten scores 1..10 in one tercile (size 1, so b plays no part): the ceil(11 x 0.8) = 9th smallest, 9; with
    the level inflated to 0.8 + 1 / 10, the ceil(11 x 0.9) = 10th, 10."""
    monkeypatch.setattr(agg, "MIN_TRAINING_ROWS", 3)
    e, z, k = np.arange(1.0, 11.0), np.ones(10), np.zeros(10, int)
    calibration = agg._conformal(e, z, k)
    assert calibration is not None and calibration.quantiles[0] == 9.0
    monkeypatch.setattr(agg, "CONFORMAL_INFLATION", True)
    inflated = agg._conformal(e, z, k)
    assert inflated is not None and inflated.quantiles[0] == 10.0


def test_the_two_year_interval_scaled_from_the_one_year_by_hand(monkeypatch: pytest.MonkeyPatch):
    """Round 4's I4 (kept): at 2020 two years ahead pooling's interval is calibrated on its cross-validated
    errors; scaled, it is the one-year interval at 2020 (out of time) times the two-year over the one-year
    half-width of the cross-validated errors at 2020."""
    monkeypatch.setattr(agg, "ONE_YEAR_SCALED", False)
    p = simulated_panel().up_to(2020)
    s, here, _ = at = agg._at_origin(p, "turnover_rate_fte", 2)
    assert here.method == POOLED and here.validated is not None
    size = s.size[:, -1]
    own = agg._spread(p, "turnover_rate_fte", 2, size, size, at)
    one_s, one_here, one_calibration = agg._at_origin(p, "turnover_rate_fte", 1)
    assert one_here.validated is None and one_calibration is not None  # one year ahead: out of time at 2020
    cv = agg._cross_validated(one_s, len(p.years) - 1, 1)
    assert cv is not None and own is not None
    cv_calibration = agg._conformal(cv.pooled, cv.size, cv.tercile)
    assert cv_calibration is not None
    expected = agg._halfwidth(one_calibration, size, size) * own / agg._halfwidth(cv_calibration, size, size)
    monkeypatch.setattr(agg, "ONE_YEAR_SCALED", True)
    scaled = agg._spread(p, "turnover_rate_fte", 2, size, size)
    assert scaled == pytest.approx(expected)
    assert not np.allclose(scaled, own)  # the scaling moves the width: the test can fail
