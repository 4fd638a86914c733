"""Partial pooling of the stock-and-flow model's permanent leaving toward DfE's published panel: the prior is
the council's own published turnover over the latest three years, shrunk toward its region's by empirical
Bayes (so a council of a few FTE takes mostly its region's), else its region's, else England's, read only from
years as at or before the as-at date; the pooled hazard weighs the council's own rate by its months of records
and the panel's by 12 months, worked by hand for a council with 6 months of records and one with 36."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import numpy as np
import pytest

from csc_workforce.forecasting.aggregate import Panel, published_panel
from csc_workforce.forecasting.paths import CELL_CONTRACT
from csc_workforce.forecasting.stock_flow import (
    PRIOR_MONTHS,
    PanelPrior,
    Parameters,
    estimate,
    forecast,
    panel_prior,
)
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.synthetic import ENGLAND_2017_2025, generate_council

LA = "992"
AS_AT = date(2024, 9, 30)
NAN = float("nan")
PERM = CELL_CONTRACT == 0


def small_panel(later_leavers: float = 100.0) -> Panel:
    """Four years (2021-2024) of one region, North West, whose published figures are 600 leavers over 4,000
    in-post FTE a year (15%); England 14,000 over 100,000 (14%). Councils 991-994 have 1,000 in-post FTE a
    year and 100, 140, 160 and 200 leavers (10, 14, 16, 20%); 995 has 10 FTE and no leavers; 996 publishes
    nothing. ``later_leavers`` is 991's 2024 figure (a year after some as-at dates)."""
    inpost = np.array([[1000.0] * 4] * 4 + [[10.0] * 4, [NAN] * 4])
    leavers = np.array(
        [[100.0, 100.0, 100.0, later_leavers], [140.0] * 4, [160.0] * 4, [200.0] * 4, [0.0] * 4, [NAN] * 4]
    )
    region = {"leavers_fte": np.full((6, 4), 600.0), "inpost_fte": np.full((6, 4), 4000.0)}
    return Panel(
        years=(2021, 2022, 2023, 2024),
        codes=("991", "992", "993", "994", "995", "996"),
        names=("A", "B", "C", "D", "Tiny", "Silent"),
        regions=("North West",) * 6,
        values={"leavers_fte": leavers, "inpost_fte": inpost, "turnover_rate_fte": leavers / inpost * 100},
        region_values=region,
        england={"leavers_fte": np.full(4, 14000.0), "inpost_fte": np.full(4, 100000.0)},
    )


def hand_shrinkage() -> float:
    """K for :func:`small_panel` over 2021-2023, by hand: in-post over the three years F = 3,000 for 991-994
    and 30 for 995 (12,030 in all); the rates' squared deviations from the region's 15%, in-post-weighted,
    (3,000 x (0.05^2 + 0.01^2 + 0.01^2 + 0.05^2) + 30 x 0.15^2) / 12,030; less their sampling variance
    (4 x 3,000 x 0.15 / 3,000 + 30 x 0.15 / 30) / 12,030; K = 0.15 / that difference (about 116 FTE-years)."""
    observed = (3000 * (0.05**2 + 0.01**2 + 0.01**2 + 0.05**2) + 30 * 0.15**2) / 12030
    sampling = (4 * 0.15 + 0.15) / 12030
    return 0.15 / (observed - sampling)


def test_the_prior_is_the_council_shrunk_toward_its_region_then_the_region_then_england() -> None:
    panel = small_panel()
    as_at = date(2023, 9, 30)
    k = hand_shrinkage()
    big = panel_prior(panel, "991", as_at=as_at)
    assert (big.level, big.name, big.first_year, big.year) == ("council", "991", 2021, 2023)
    assert big.shrinkage == pytest.approx(k, rel=1e-9)
    assert big.turnover_rate_fte == pytest.approx(100 * (300 + k * 0.15) / (3000 + k), rel=1e-9)  # about 10.2%
    assert big.monthly_hazard == pytest.approx(big.turnover_rate_fte / 100 / 12)
    assert big.strength_months == PRIOR_MONTHS == 12
    tiny = panel_prior(panel, "995", as_at=as_at)  # 0% of 10 FTE: mostly the region's 15%
    assert tiny.turnover_rate_fte == pytest.approx(100 * (0 + k * 0.15) / (30 + k), rel=1e-9)
    assert 11 < tiny.turnover_rate_fte < 15
    silent = panel_prior(panel, "996", as_at=as_at)
    assert (silent.level, silent.name, silent.turnover_rate_fte) == ("region", "North West", 15.0)
    outside = panel_prior(panel, "999", as_at=as_at, region="North West")
    assert (outside.level, outside.turnover_rate_fte) == ("region", 15.0)
    nowhere = panel_prior(panel, "999", as_at=as_at)
    assert (nowhere.level, nowhere.turnover_rate_fte) == ("England", pytest.approx(14.0))
    # the latest three years as at the date: a day before 30 September 2022, 2021 alone
    assert panel_prior(panel, "991", as_at=date(2022, 9, 29)).first_year == 2021
    assert panel_prior(panel, "991", as_at=date(2022, 9, 29)).year == 2021
    with pytest.raises(ValueError, match="no year as at or before"):
        panel_prior(panel, "991", as_at=date(2021, 9, 29))


def test_the_prior_reads_nothing_after_the_as_at_date() -> None:
    """991's 2024 figure (dated 30 September 2024) changes nothing as at 31 August 2024; from 30 September
    2024 the years are 2022-2024 and it counts."""
    before = panel_prior(small_panel(), "991", as_at=date(2024, 8, 31))
    assert before == panel_prior(small_panel(later_leavers=900.0), "991", as_at=date(2024, 8, 31))
    after = panel_prior(small_panel(later_leavers=900.0), "991", as_at=date(2024, 9, 30))
    assert after.first_year == 2022 and after.turnover_rate_fte > before.turnover_rate_fte + 5


def test_the_shipped_panel_gives_every_council_a_prior() -> None:
    panel = published_panel()
    priors = [panel_prior(panel, code, as_at=date(2025, 9, 30)) for code in panel.codes]
    assert all(p.year == 2025 and 5 < p.turnover_rate_fte < 35 for p in priors)
    assert sum(p.level == "council" for p in priors) > 140  # all but those with no recent figures
    london = panel_prior(panel, "201", as_at=date(2025, 9, 30))  # City of London: about 12 FTE, 0% in 2025
    assert london.level == "council" and 10 < london.turnover_rate_fte < 20
    assert panel_prior(panel, "000", as_at=date(2025, 9, 30)).level == "England"


@cache
def council() -> CouncilFrames:
    records = generate_council(
        la_code=LA,
        name="Testmoor",
        region="North West",
        first_year=2021,
        last_year=2025,
        seed=3,
        size=200,
        rates=replace(ENGLAND_2017_2025, growth=0.0),
        monthly_caseloads=False,
    )
    return frames_from_records([records])


def own_rate(params: Parameters) -> float:
    """The permanent leaving rate the model uses: its cells' posterior means weighted by their worker-months."""
    exposure = params.leave_exposure[PERM]
    return float(exposure @ params.hazard_mean()[PERM] / exposure.sum())


PANEL_TURNOVER = 30.0  # a prior far from the council's own (about 14%), so the pooling shows


def test_a_council_with_six_months_of_records_takes_mostly_the_panels_rate() -> None:
    """Six months of records (from 1 April 2024): the council's own rate r weighs 6 months, the panel's h =
    30% / 12 = 2.5% a month weighs 12, so the pooled rate is (6 r + 12 h) / 18 = r / 3 + 2 h / 3. The leaving
    level counts the leavers plus the prior's h x S pseudo-leavers (S = 12 x the council's worker-months a
    month), over the dispersion ratio."""
    prior = PanelPrior("council", LA, 2024, PANEL_TURNOVER)
    begins = date(2024, 4, 1)
    own = estimate(council(), LA, as_at=AS_AT, begins=begins)
    pooled = estimate(council(), LA, as_at=AS_AT, begins=begins, prior=prior)
    assert own.months_observed == pooled.months_observed == 6
    r, h = own_rate(own), 0.025
    assert own_rate(pooled) == pytest.approx(r / 3 + 2 * h / 3, rel=1e-9)
    assert own_rate(pooled) == pytest.approx(h, rel=0.25)  # sane rates from little history: near the panel's
    # every permanent cell moves by the same factor, keeping its strength; agency cells are untouched
    factor = pooled.hazard_mean()[PERM] / own.hazard_mean()[PERM]
    np.testing.assert_allclose(factor, factor[0], rtol=1e-9)
    np.testing.assert_allclose((pooled.hazard_a + pooled.hazard_b)[PERM], (own.hazard_a + own.hazard_b)[PERM])
    np.testing.assert_array_equal(pooled.hazard_a[~PERM], own.hazard_a[~PERM])
    events, exposure = own.leave_events[PERM].sum(), own.leave_exposure[PERM].sum()
    ratio = events / own.leave_level[0]  # the dispersion ratio
    assert pooled.leave_level[0] == pytest.approx((events + h * 12 * exposure / 6) / ratio, rel=1e-9)
    assert pooled.prior == prior and own.prior is None


def test_a_council_with_three_years_of_records_keeps_mostly_its_own_rate() -> None:
    """36 months of records: the pooled rate is (36 r + 12 h) / 48 = 3 r / 4 + h / 4."""
    prior = PanelPrior("council", LA, 2024, PANEL_TURNOVER)
    own = estimate(council(), LA, as_at=AS_AT)
    pooled = estimate(council(), LA, as_at=AS_AT, prior=prior)
    assert own.months_observed == 36
    r, h = own_rate(own), 0.025
    assert own_rate(pooled) == pytest.approx(0.75 * r + 0.25 * h, rel=1e-9)
    # a prior worth no months changes nothing
    none = estimate(council(), LA, as_at=AS_AT, prior=replace(prior, strength_months=0.0))
    np.testing.assert_allclose(none.hazard_a, own.hazard_a, rtol=1e-12)
    np.testing.assert_allclose(none.hazard_b, own.hazard_b, rtol=1e-12)


def test_pooling_reads_nothing_after_the_as_at_date_and_moves_the_forecast() -> None:
    """Every record after the as-at date changed (all leave the next day) and the panel's later years
        changed: the pooled estimate is the same. A prior far above the council's own rate raises its forecast
    leavers."""
    import polars as pl

    frames = council()
    as_at = date(2023, 9, 30)
    after = pl.col("end_date").is_null() | (pl.col("end_date") > as_at)
    changed = replace(
        frames,
        engagements=frames.engagements.filter(
            pl.col("start_date").is_null() | (pl.col("start_date") <= as_at)
        ).with_columns(end_date=pl.when(after).then(pl.lit(date(2023, 10, 1))).otherwise(pl.col("end_date"))),
    )
    one = estimate(frames, LA, as_at=as_at, prior=panel_prior(small_panel(), LA, as_at=as_at))
    two = estimate(changed, LA, as_at=as_at, prior=panel_prior(small_panel(later_leavers=900.0), LA, as_at=as_at))
    np.testing.assert_array_equal(one.hazard_a, two.hazard_a)
    np.testing.assert_array_equal(one.hazard_b, two.hazard_b)
    assert one.leave_level[0] == two.leave_level[0]
    high = PanelPrior("council", LA, 2023, PANEL_TURNOVER)
    base = forecast(frames, LA, as_at=as_at, months=12, paths=500, seed=1)
    pooled = forecast(frames, LA, as_at=as_at, months=12, paths=500, seed=1, prior=high)
    assert pooled.paths["leavers_fte"].sum(axis=1).mean() > base.paths["leavers_fte"].sum(axis=1).mean()
