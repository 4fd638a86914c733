"""The stock-and-flow model: the engine's one-month flows worked by hand, the estimation recovering a synthetic
council's known rates, the scenario levers moving the forecast the right way, and reproducible paths."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import numpy as np
import pytest

from csc_workforce.forecasting import paths as engine
from csc_workforce.forecasting.paths import CELL_CONTRACT, CELLS, NQSW_COHORTS, Engine, cell_index, simulate
from csc_workforce.forecasting.stock_flow import (
    BASELINE,
    EstablishmentChange,
    PlannedConversions,
    PlannedHires,
    Scenario,
    estimate,
    forecast,
    records_begin,
)
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.synthetic import ENGLAND_2017_2025, generate_council

LA = "992"
AS_AT = date(2024, 9, 30)
SURE = 1e9  # a Beta prior this strong is a fixed rate: no parameter uncertainty


@cache
def council(seed: int = 3, size: int = 200, turnover: float = 0.146) -> CouncilFrames:
    rates = replace(ENGLAND_2017_2025, turnover=turnover)
    records = generate_council(
        la_code=LA,
        name="Testmoor",
        region="North West",
        first_year=2021,
        last_year=2025,
        seed=seed,
        size=size,
        rates=rates,
    )
    return frames_from_records([records])


def fixed_engine(stock: dict[int, int], *, hazard: dict[int, float], convert: float = 0.0, months: int = 1) -> Engine:
    """An engine with fixed rates (no parameter uncertainty, no shocks, no hiring): only the flows' own
    binomial noise is left."""
    cells = len(CELLS)
    heads = np.zeros(cells, dtype=np.int64)
    for cell, n in stock.items():
        heads[cell] = n
    h = np.zeros(cells)
    for cell, rate in hazard.items():
        h[cell] = rate
    c = np.where(CELL_CONTRACT == 1, convert, 0.0)
    return Engine(
        stock=heads,
        fte_per_head=np.ones(cells),
        hazard_a=h * SURE,
        hazard_b=(1 - h) * SURE,
        leave_multiplier=np.ones((months, cells)),
        shock_var=np.zeros(2),
        convert_a=c * SURE,
        convert_b=(1 - c) * SURE,
        progress_a=np.array([SURE, SURE]),
        progress_b=np.array([0.0, 0.0]),
        promote_a=np.zeros(2),
        promote_b=np.ones(2),
        stream_cell=np.zeros(0, dtype=np.int64),
        stream_shape=np.zeros(0),
        stream_rate=np.zeros(0),
        hire_shock_var=np.zeros(2),
        planned_hires=np.zeros((months, cells), dtype=np.int64),
        planned_conversions=np.zeros((months, 3), dtype=np.int64),
        case_share=np.ones(cells),
    )


# ---- the engine, worked by hand ------------------------------------------------------------------------------
def test_one_month_expected_leavers_are_hazard_times_stock() -> None:
    """200 permanent social workers of 5 years' service with a 2% monthly hazard: 4 leavers expected, so
    196 in post; 40 agency social workers with a 10% hazard: 4 leave."""
    sw5 = cell_index(0, 1, 3)
    agency = cell_index(1, 1, 0)
    run = simulate(fixed_engine({sw5: 200, agency: 40}, hazard={sw5: 0.02, agency: 0.10}), paths=40_000, seed=1)
    assert run.leavers_fte[:, 0].mean() == pytest.approx(200 * 0.02, abs=0.03)
    assert run.perm_fte[:, 0].mean() == pytest.approx(196.0, abs=0.03)
    assert run.agency_fte[:, 0].mean() == pytest.approx(36.0, abs=0.03)
    # binomial noise only: variance n h (1 - h)
    assert run.leavers_fte[:, 0].var() == pytest.approx(200 * 0.02 * 0.98, rel=0.05)


def test_one_month_conversions_move_agency_stayers_into_permanent_posts() -> None:
    """50 agency social workers, 10% leave and 5% of the 45 stayers convert: 2.25 conversions expected, so
    agency FTE 45 - 2.25 = 42.75 and permanent FTE 2.25, counted as permanent starters."""
    agency = cell_index(1, 1, 0)
    run = simulate(fixed_engine({agency: 50}, hazard={agency: 0.10}, convert=0.05), paths=40_000, seed=2)
    assert run.agency_fte[:, 0].mean() == pytest.approx(42.75, abs=0.03)
    assert run.perm_fte[:, 0].mean() == pytest.approx(2.25, abs=0.03)
    assert run.starters_fte[:, 0].mean() == pytest.approx(2.25, abs=0.03)
    assert run.group_fte[:, 0, 0, 1].mean() == pytest.approx(2.25, abs=0.03)  # permanent social workers


def test_nqsws_complete_their_asye_at_twelve_months() -> None:
    """Ten NQSWs in their 12th month, no leaving: next month they are permanent social workers (group 1)."""
    due = NQSW_COHORTS - 2
    run = simulate(fixed_engine({due: 10}, hazard={}, months=2), paths=100, seed=3)
    assert (run.group_fte[:, 0, 0, 0] == 0).all()  # no NQSW left
    assert (run.group_fte[:, 0, 0, 1] == 10).all()
    # and an NQSW in month 0 stays an NQSW for the year: only the cohort moves on
    run = simulate(fixed_engine({0: 10}, hazard={}, months=11), paths=100, seed=3)
    assert (run.group_fte[:, -1, 0, 0] == 10).all()


def test_planned_hires_and_a_leaving_multiplier_apply_as_planned() -> None:
    sw5 = cell_index(0, 1, 3)
    base = fixed_engine({sw5: 100}, hazard={sw5: 0.02})
    cells = len(CELLS)
    planned = np.zeros((1, cells), dtype=np.int64)
    planned[0, 0] = 8
    half = replace(base, leave_multiplier=np.full((1, cells), 0.5), planned_hires=planned)
    run = simulate(half, paths=40_000, seed=4)
    assert run.perm_fte[:, 0].mean() == pytest.approx(100 - 1.0 + 8, abs=0.03)
    assert run.group_fte[:, 0, 0, 0].mean() == 8  # the cohort are NQSWs


def hiring_engine(means: dict[int, float], dispersion: float, hire_shock_var: float = 0.0) -> Engine:
    """An empty council whose only flow is hiring: permanent streams into ``means``' cells with known monthly
    means (no parameter uncertainty), no response to a gap, and the given dispersion."""
    cells = sorted(means)
    return replace(
        fixed_engine({}, hazard={}),
        stream_cell=np.array(cells, dtype=np.int64),
        stream_shape=np.array([means[c] * SURE for c in cells]),
        stream_rate=np.full(len(cells), SURE),
        hire_shock_var=np.array([hire_shock_var, 0.0]),
        hire_dispersion=np.array([dispersion, 1.0]),
    )


def test_hires_given_the_gap_have_the_measured_dispersion() -> None:
    """Two permanent streams with monthly means 3 and 1.5 (4.5 in all). Dispersion 0.5: the month's hires
    have variance 0.5 x 4.5 = 2.25 (a binomial total, split in proportion to the means: 3 and 1.5 each on
    average); dispersion 1: Poisson, variance 4.5; dispersion 2 (a Gamma shock of variance (2 - 1) / 4.5):
    variance 9; dispersion 0.02 asks for 0.09, below the least an integer count with mean 4.5 can have, so
    the hires are 4 or 5 with equal chance (variance 0.25)."""
    sw, senior = cell_index(0, 1, 0), cell_index(0, 2, 0)
    means = {sw: 3.0, senior: 1.5}
    for dispersion, shock, variance in ((0.5, 0.0, 2.25), (1.0, 0.0, 4.5), (2.0, 1 / 4.5, 9.0), (0.02, 0.0, 0.25)):
        run = simulate(hiring_engine(means, dispersion, shock), paths=100_000, seed=5)
        hires = run.perm_heads[:, 0]
        assert hires.mean() == pytest.approx(4.5, abs=0.03), dispersion
        assert hires.var() == pytest.approx(variance, rel=0.04), dispersion
        assert run.group_fte[:, 0, 0, 1].mean() == pytest.approx(3.0, abs=0.03), dispersion
        assert run.group_fte[:, 0, 0, 2].mean() == pytest.approx(1.5, abs=0.03), dispersion
    rounded = simulate(hiring_engine(means, 0.02), paths=1000, seed=5).perm_heads[:, 0]
    assert set(rounded.tolist()) == {4, 5}


def test_the_leaving_level_carries_the_uncertainty_of_the_total() -> None:
    """Two cells of 500 permanent social workers with sure hazards of 2% and 4% (30 leavers expected), and a
    leaving level of shape 100 (as sure as 100 leavers allow): each path's expected leavers are 30 x the
    level (variance 900 / 100 = 9), on top of the binomial variance 500 x 0.02 x 0.98 + 500 x 0.04 x 0.96 =
    29, so about 38; each cell keeps its share (10 and 20)."""
    low, high = cell_index(0, 1, 2), cell_index(0, 1, 3)
    base = fixed_engine({low: 500, high: 500}, hazard={low: 0.02, high: 0.04})
    run = simulate(replace(base, leave_level=np.array([100.0, 0.0])), paths=100_000, seed=6)
    assert run.leavers_fte[:, 0].mean() == pytest.approx(30.0, abs=0.1)
    assert run.leavers_fte[:, 0].var() == pytest.approx(38.0, rel=0.04)
    fixed = simulate(base, paths=100_000, seed=6)
    assert fixed.leavers_fte[:, 0].var() == pytest.approx(29.0, rel=0.04)


def test_the_fte_of_those_who_come_and_go_varies_about_their_groups_mean() -> None:
    """100 permanent social workers of 0.9 FTE on average, one engagement's FTE varying with standard
    deviation 0.2 about it, a 10% hazard: the month's leavers' FTE has mean 9 and variance 9 x 0.81 (the
    count's binomial variance times 0.9 squared) + 10 x 0.04 (each of the 10 leavers' own FTE) = 7.69, and the
    in-post FTE falls by exactly that much."""
    sw5 = cell_index(0, 1, 3)
    base = fixed_engine({sw5: 100}, hazard={sw5: 0.10})
    mixed = replace(base, fte_per_head=np.full(len(CELLS), 0.9), fte_sd=np.array([0.2, 0.0]))
    run = simulate(mixed, paths=100_000, seed=7)
    assert run.leavers_fte[:, 0].mean() == pytest.approx(9.0, abs=0.03)
    assert run.leavers_fte[:, 0].var() == pytest.approx(7.69, rel=0.04)
    np.testing.assert_allclose(run.perm_fte[:, 0], 90.0 - run.leavers_fte[:, 0])


# ---- estimation ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("turnover", [0.10, 0.25])
def test_estimation_recovers_the_synthetic_councils_turnover(turnover: float) -> None:
    """The synthetic generator draws permanent leaving from its ``turnover`` rate (less 2.5 points, with
    retirements by age on top): the model's pooled hazard, as a year's leaving probability, is within 20%."""
    frames = council(seed=1, size=250, turnover=turnover)
    params = estimate(frames, LA, as_at=AS_AT)
    perm = CELL_CONTRACT == 0
    monthly = params.leave_events[perm].sum() / params.leave_exposure[perm].sum()
    assert 1 - (1 - monthly) ** 12 == pytest.approx(turnover, rel=0.20)
    # the posterior means stay close to the raw rates where cells are well filled
    assert np.average(params.hazard_mean()[perm], weights=params.leave_exposure[perm]) == pytest.approx(
        monthly, rel=0.05
    )


def test_estimation_recovers_asye_progression_and_agency_conversion() -> None:
    """The synthetic NQSWs all finish their ASYE after 365 days; 12% of agency placements reaching their end
    convert to permanent posts. Pooled over three councils."""
    due_done = due_all = converted = agency_exits = 0.0
    for seed in (1, 2, 3):
        params = estimate(council(seed=seed, size=250), LA, as_at=AS_AT)
        due_done += params.progress_a[0] - 1
        due_all += params.progress_a[0] + params.progress_b[0] - 2
        agency = np.flatnonzero(CELL_CONTRACT == 1)
        converted += sum(params.convert_a[rows[0]] - 0.5 for rows in engine._AGENCY_GROUP_ROWS)
        agency_exits += params.leave_events[agency].sum()
    assert due_all >= 20
    assert due_done / due_all > 0.9
    share = converted / (converted + agency_exits)
    assert 0.06 <= share <= 0.2


def test_hiring_to_the_gap_is_less_dispersed_than_poisson() -> None:
    """The synthetic councils hire permanent staff to their gap every month (0.6 / 0.93 = 0.65 heads per FTE
    of gap, rounded): given the gap, the monthly hires vary far less than a Poisson count. The model measures
    the slope and the dispersion on the gap regression's residuals (a flat establishment: with growth the
    generator's target grows every month while the posts change once a year, which blurs the gap)."""
    for seed in (1, 2, 3):
        records = generate_council(
            la_code=LA,
            name="Flatmoor",
            region="North West",
            first_year=2021,
            last_year=2024,
            seed=seed,
            size=250,
            rates=replace(ENGLAND_2017_2025, growth=0.0),
            monthly_caseloads=False,
        )
        params = estimate(frames_from_records([records]), LA, as_at=AS_AT)
        assert 0.45 <= params.feedback[0] <= 0.8
        assert params.hire_dispersion[0] < 0.6
        assert (params.stream_shape > 0).all()


def test_estimation_reads_nothing_after_the_as_at_date() -> None:
    """Changing every record after the as-at date changes nothing: here everyone in post leaves the next day,
    the later starters are removed and the later caseloads doubled."""
    import polars as pl

    frames = council()
    as_at = date(2023, 9, 30)
    after = pl.col("end_date").is_null() | (pl.col("end_date") > as_at)
    changed = replace(
        frames,
        engagements=frames.engagements.filter(
            pl.col("start_date").is_null() | (pl.col("start_date") <= as_at)
        ).with_columns(end_date=pl.when(after).then(pl.lit(date(2023, 10, 1))).otherwise(pl.col("end_date"))),
        caseloads=frames.caseloads.with_columns(
            cases=pl.when(pl.col("on") > as_at).then(pl.col("cases") * 2).otherwise(pl.col("cases"))
        ),
    )
    one, two = estimate(frames, LA, as_at=as_at), estimate(changed, LA, as_at=as_at)
    for name in ("stock", "leave_events", "leave_exposure", "stream_counts", "convert_a", "prior_leavers_fte"):
        np.testing.assert_array_equal(getattr(one, name), getattr(two, name))
    assert one.cases == two.cases
    assert one.months_observed == 36  # 30 September 2020 (the records begin on 1 October) to 30 September 2023
    assert records_begin(frames, LA) == date(2020, 10, 1)


def test_the_as_at_date_must_be_a_month_end() -> None:
    with pytest.raises(ValueError, match="last day of a month"):
        estimate(council(), LA, as_at=date(2024, 9, 15))


def test_the_origin_state_is_the_measures_in_post() -> None:
    """The model starts from the in-post and agency FTE the DfE measures give on the date."""
    from csc_workforce.measures.compute import census_year_measures

    frames = council()
    measures = census_year_measures(frames, 2024, total=False).row(0, named=True)
    params = estimate(frames, LA, as_at=AS_AT)
    perm = CELL_CONTRACT == 0
    assert float((params.stock * params.fte_per_head)[perm].sum()) == pytest.approx(measures["inpost_fte"])
    assert float((params.stock * params.fte_per_head)[~perm].sum()) == pytest.approx(measures["agency_fte"])
    assert int(params.stock[perm].sum()) >= measures["inpost_headcount"]  # engagements: a dual post counts twice


# ---- forecasts and scenarios ---------------------------------------------------------------------------------
def test_the_same_seed_gives_the_same_paths_and_another_seed_others() -> None:
    frames = council()
    params = estimate(frames, LA, as_at=AS_AT)
    one = forecast(frames, LA, as_at=AS_AT, months=12, paths=200, seed=7, parameters=params)
    two = forecast(frames, LA, as_at=AS_AT, months=12, paths=200, seed=7, parameters=params)
    other = forecast(frames, LA, as_at=AS_AT, months=12, paths=200, seed=8, parameters=params)
    for measure, values in one.paths.items():
        np.testing.assert_array_equal(values, two.paths[measure])
    assert not np.array_equal(one.paths["inpost_fte"], other.paths["inpost_fte"])


def test_a_cut_in_permanent_leaving_raises_permanent_fte_and_lowers_turnover() -> None:
    frames = council()
    params = estimate(frames, LA, as_at=AS_AT)
    base = forecast(frames, LA, as_at=AS_AT, months=24, paths=2000, seed=1, parameters=params)
    cut = Scenario(name="retention", leaving_multipliers={"permanent": 0.8})
    better = forecast(frames, LA, as_at=AS_AT, months=24, paths=2000, seed=1, parameters=params, scenario=cut)
    assert np.median(better.paths["turnover_rate_fte"][:, -1]) < np.median(base.paths["turnover_rate_fte"][:, -1])
    assert better.paths["inpost_fte"][:, -1].mean() > base.paths["inpost_fte"][:, -1].mean()
    assert better.paths["leavers_fte"].sum(axis=1).mean() < 0.85 * base.paths["leavers_fte"].sum(axis=1).mean()


def test_an_nqsw_cohort_each_september_raises_permanent_fte_and_permanency() -> None:
    frames = council()
    params = estimate(frames, LA, as_at=AS_AT)
    base = forecast(frames, LA, as_at=AS_AT, months=24, paths=2000, seed=1, parameters=params)
    cohort = Scenario(name="nqsw cohort", hires=(PlannedHires(route="nqsw", count=8, calendar_month=9),))
    more = forecast(frames, LA, as_at=AS_AT, months=24, paths=2000, seed=1, parameters=params, scenario=cohort)
    september = base.months.index(date(2025, 9, 30))
    # the cohort arrives in September, as NQSWs, and completes its ASYE the next September
    nqsw_base, nqsw_more = base.group_fte[:, :, 0, 0].mean(axis=0), more.group_fte[:, :, 0, 0].mean(axis=0)
    assert nqsw_more[september] - nqsw_base[september] == pytest.approx(8 * params.fte_per_head[0], abs=0.5)
    assert more.paths["inpost_fte"][:, september].mean() > base.paths["inpost_fte"][:, september].mean() + 3
    assert np.median(more.paths["permanency_rate_fte"][:, -1]) > np.median(base.paths["permanency_rate_fte"][:, -1])
    assert more.paths["starters_fte"][:, september].mean() > base.paths["starters_fte"][:, september].mean() + 3


def test_conversions_and_establishment_changes_move_the_forecast() -> None:
    frames = council()
    params = estimate(frames, LA, as_at=AS_AT)
    base = forecast(frames, LA, as_at=AS_AT, months=12, paths=1000, seed=1, parameters=params)
    drive = Scenario(conversions=(PlannedConversions(count=2, start="2024-10", end="2025-03"),))
    converted = forecast(frames, LA, as_at=AS_AT, months=12, paths=1000, seed=1, parameters=params, scenario=drive)
    assert np.median(converted.paths["permanency_rate_fte"][:, 5]) > np.median(base.paths["permanency_rate_fte"][:, 5])
    teams = Scenario(establishment=(EstablishmentChange(month="2025-01", fte=20.0),))
    funded = forecast(frames, LA, as_at=AS_AT, months=12, paths=1000, seed=1, parameters=params, scenario=teams)
    january = base.months.index(date(2025, 1, 31))
    vacancies, before = funded.paths["vacancy_fte"], base.paths["vacancy_fte"]
    assert np.median(vacancies[:, january]) > np.median(before[:, january]) + 10
    np.testing.assert_array_equal(vacancies[:, :january], before[:, :january])  # nothing changes before it


def test_summary_bands_and_the_probability_of_meeting_a_target() -> None:
    frames = council()
    result = forecast(frames, LA, as_at=AS_AT, months=12, paths=1000, seed=1)
    summary = result.summary()
    assert set(summary["measure"]) == set(result.paths)
    assert {"caseload_fte", "vacancy_rate_fte", "turnover_rate_fte", "permanency_rate_fte"} <= set(result.paths)
    assert (summary["lower80"] <= summary["median"]).all() and (summary["median"] <= summary["upper80"]).all()
    last = result.paths["permanency_rate_fte"][:, -1]
    deadline = date(2025, 9, 15)  # any day of the deadline's month: its month end
    assert result.probability("permanency_rate_fte", deadline, at_least=90.0) == pytest.approx((last >= 90).mean())
    assert result.probability("permanency_rate_fte", deadline, at_least=0.0) == 1.0
    low, high = np.percentile(last, [10, 90])
    within = result.probability("permanency_rate_fte", deadline, at_least=low, at_most=high)
    assert within == pytest.approx(0.8, abs=0.02)
    with pytest.raises(ValueError, match="outside the forecast"):
        result.probability("permanency_rate_fte", date(2027, 1, 1), at_least=92)


def test_scenarios_load_from_plain_data_and_refuse_unknown_levers() -> None:
    scenario = Scenario.from_mapping(
        {
            "name": "cohort and retention",
            "hires": [{"route": "nqsw", "count": 8, "calendar_month": 9}],
            "leaving_multipliers": {"permanent": 0.8, "agency:manager": 1.2},
            "conversions": [{"count": 1, "start": "2025-01"}],
            "establishment": [{"month": "2025-04", "fte": 4}],
        }
    )
    assert scenario.hires[0] == PlannedHires(route="nqsw", count=8, calendar_month=9)
    assert scenario.leaving_multipliers == {"permanent": 0.8, "agency:manager": 1.2}
    with pytest.raises(ValueError, match="unknown scenario key"):
        Scenario.from_mapping({"leaving_multiplier": {"permanent": 0.8}})
    with pytest.raises(ValueError, match="leaving multiplier key"):
        Scenario.from_mapping({"leaving_multipliers": {"perm": 0.8}})
    with pytest.raises(ValueError, match="route"):
        Scenario.from_mapping({"hires": [{"route": "frontline", "count": 3, "month": "2025-01"}]})
    assert BASELINE.name == "baseline"


def test_a_figure_the_records_cannot_give_is_absent() -> None:
    """Without posts or figures there is no establishment, so no vacancies; without caseloads no caseload;
    without agency staff the agency FTE is 0 and permanency 100%."""
    import polars as pl

    frames = council(seed=4, size=80)
    bare = replace(
        frames,
        posts=frames.posts.clear(),
        figures=frames.figures.clear(),
        caseloads=frames.caseloads.clear(),
        engagements=frames.engagements.filter(~pl.col("agency")),
    )
    result = forecast(bare, LA, as_at=AS_AT, months=6, paths=200, seed=1)
    assert not {"vacancy_fte", "vacancy_rate_fte", "caseload_fte"} & set(result.paths)
    assert (result.paths["agency_fte"] == 0).all()
    assert (result.paths["permanency_rate_fte"] == 100).all()
    assert result.parameters.establishment_fte is None and result.parameters.cases is None


def test_other_councils_in_the_frames_change_nothing() -> None:
    """Frames holding several councils forecast each as if alone (and every sum is made in a fixed order, so
    the same seed gives the same paths however the frames' rows come)."""
    other = generate_council(la_code="993", name="Other", region="London", first_year=2021, last_year=2025, seed=9)
    alone = council()
    records = generate_council(
        la_code=LA, name="Testmoor", region="North West", first_year=2021, last_year=2025, seed=3, size=200
    )
    together = frames_from_records([other, records])
    one = forecast(alone, LA, as_at=AS_AT, months=12, paths=300, seed=5)
    two = forecast(together, LA, as_at=AS_AT, months=12, paths=300, seed=5)
    for measure, values in one.paths.items():
        np.testing.assert_array_equal(values, two.paths[measure])
