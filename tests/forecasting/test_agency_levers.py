"""Agency workers in the stock-and-flow model: the cover of the posts the permanent workforce leaves uncovered
(a permanent gain takes agency workers off), worked by hand in the engine and estimated from the records as
the module docstring states; and DfE's agency rules as a scenario lever (no agency worker under the PQE
threshold engaged from a month), its share estimated from the council's placements, worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import numpy as np
import polars as pl
import pytest

from csc_workforce.forecasting.paths import CELL_CONTRACT, CELLS, Engine, cell_index, simulate
from csc_workforce.forecasting.stock_flow import (
    AgencyRules,
    PlannedHires,
    Scenario,
    build_engine,
    estimate,
    forecast,
)
from csc_workforce.measures.inputs import AGENCY_PLACEMENTS_SCHEMA, CouncilFrames, frames_from_records
from csc_workforce.synthetic import ENGLAND_2017_2025, generate_council

LA = "992"
AS_AT = date(2024, 9, 30)
SURE = 1e9  # a Beta or Gamma prior this strong is a fixed rate
SW, AGENCY_SW = cell_index(0, 1, 3), cell_index(1, 1, 0)


@cache
def council(seed: int = 3, size: int = 200) -> CouncilFrames:
    records = generate_council(
        la_code=LA,
        name="Testmoor",
        region="North West",
        first_year=2021,
        last_year=2025,
        seed=seed,
        size=size,
        rates=replace(ENGLAND_2017_2025, growth=0.0),
    )
    return frames_from_records([records])


def agency_engine(
    *,
    perm: int,
    agency: int,
    agency_hazard: float,
    mean: float,
    slope: float,
    mean_gap: float,
    reference: float,
    cover: float = 0.0,
    months: int = 2,
) -> Engine:
    """Permanent social workers who never leave and are never hired (only planned hires), and agency social
    workers with a sure hazard, hired by one stream with a sure monthly mean that responds to the agency gap
    by ``slope`` (no sampling error) about ``mean_gap``, with no noise beyond rounding (dispersion 0: the
    rounded mean) and the leavers' binomial draw."""
    cells = len(CELLS)
    stock = np.zeros(cells, dtype=np.int64)
    stock[SW], stock[AGENCY_SW] = perm, agency
    hazard = np.where(CELL_CONTRACT == 1, agency_hazard, 0.0)  # every agency band: agency workers age too
    return Engine(
        stock=stock,
        fte_per_head=np.ones(cells),
        hazard_a=hazard * SURE,
        hazard_b=(1 - hazard) * SURE,
        leave_multiplier=np.ones((months, cells)),
        shock_var=np.zeros(2),
        convert_a=np.zeros(cells),
        convert_b=np.ones(cells),
        progress_a=np.array([SURE, SURE]),
        progress_b=np.zeros(2),
        promote_a=np.zeros(2),
        promote_b=np.ones(2),
        stream_cell=np.array([AGENCY_SW], dtype=np.int64),
        stream_shape=np.array([mean * SURE]),
        stream_rate=np.array([SURE]),
        hire_shock_var=np.zeros(2),
        planned_hires=np.zeros((months, cells), dtype=np.int64),
        planned_conversions=np.zeros((months, 3), dtype=np.int64),
        case_share=np.ones(cells),
        reference=np.tile([0.0, reference], (months, 1)),
        feedback=np.array([0.0, slope]),
        feedback_se=np.zeros(2),
        feedback_gap=np.array([0.0, mean_gap]),
        hire_dispersion=np.array([1.0, 0.0]),
        agency_cover=cover,
    )


# ---- agency cover of the posts the permanent workforce leaves uncovered ----------------------------------------
def test_a_permanent_gain_takes_the_agency_cover_off_its_posts() -> None:
    """100 permanent FTE and 20 agency FTE; agency workers cover 0.75 of the posts left uncovered, so the
    agency reference is 20 + 0.75 x 100 = 95 less 0.75 x the permanent FTE. Every agency worker leaves each
    month (hazard 1) and the hires are the gap (slope 1 about a mean gap equal to the mean of 20): the agency
    FTE at each month end is its reference. Eight permanent starters planned in the first month: the next
    month the reference is 95 - 0.75 x 108 = 14, so agency FTE is 14 against the baseline's 20: 0.75 x 8 = 6
    fewer. Without the cover (0) the permanent starters take no agency worker off."""
    base = agency_engine(
        perm=100, agency=20, agency_hazard=1.0, mean=20.0, slope=1.0, mean_gap=20.0, reference=95.0, cover=0.75
    )
    planned = np.zeros((2, len(CELLS)), dtype=np.int64)
    planned[0, cell_index(0, 1, 0)] = 8
    baseline = simulate(base, paths=200, seed=1)
    cohort = simulate(replace(base, planned_hires=planned), paths=200, seed=1)
    assert (baseline.agency_fte == 20.0).all()
    assert (cohort.agency_fte[:, 0] == 20.0).all()  # the first month's gap is the same: the cohort starts in it
    assert (cohort.agency_fte[:, 1] == 14.0).all()
    assert (cohort.perm_fte[:, 1] == 108.0).all()
    no_cover = replace(base, agency_cover=0.0, reference=np.tile([0.0, 20.0], (2, 1)), planned_hires=planned)
    assert (simulate(no_cover, paths=200, seed=1).agency_fte == 20.0).all()


def test_the_agency_cover_is_the_census_share_else_the_vacancies_else_the_workforce() -> None:
    """The cover's basis, each worked from the records: the census return's agency workers covering
    vacancies over its vacancies (dated within the year to the as-at date); without it the agency FTE over
    the vacancies (establishment less permanent FTE), at most 1; without an establishment 1 (the workforce's
    total need held); without agency workers 0."""
    frames = council()
    params = estimate(frames, LA, as_at=AS_AT)
    figures = frames.figures.filter(pl.col("on") == AS_AT).row(0, named=True)
    assert params.agency_cover_basis == "census"
    assert params.agency_cover == pytest.approx(min(figures["agency_cover_fte"] / figures["vacancies_fte"], 1.0))
    fte = params.stock * params.fte_per_head
    perm, agency = float(fte[CELL_CONTRACT == 0].sum()), float(fte[CELL_CONTRACT == 1].sum())
    no_cover = replace(frames, figures=frames.figures.with_columns(agency_cover_fte=pl.lit(None, pl.Float64)))
    by_vacancies = estimate(no_cover, LA, as_at=AS_AT)
    assert by_vacancies.agency_cover_basis == "vacancies"
    assert params.establishment_fte is not None
    assert by_vacancies.agency_cover == pytest.approx(min(agency / (params.establishment_fte - perm), 1.0))
    bare = replace(frames, figures=frames.figures.clear(), posts=frames.posts.clear())
    workforce = estimate(bare, LA, as_at=AS_AT)
    assert (workforce.agency_cover, workforce.agency_cover_basis) == (1.0, "workforce")
    assert workforce.establishment_fte is None
    permanent_only = replace(frames, engagements=frames.engagements.filter(~pl.col("agency")))
    none = estimate(permanent_only, LA, as_at=AS_AT)
    assert (none.agency_cover, none.agency_cover_basis) == (0.0, None)


def test_the_engine_reference_is_the_as_at_agency_fte_where_nothing_changes() -> None:
    """At the as-at date the agency reference is the agency FTE then: the constant (agency FTE + cover x
    permanent FTE) less cover x the permanent FTE; an establishment change adds cover x its FTE."""
    from csc_workforce.forecasting.stock_flow import EstablishmentChange

    params = estimate(council(), LA, as_at=AS_AT)
    fte = params.stock * params.fte_per_head
    perm, agency = float(fte[CELL_CONTRACT == 0].sum()), float(fte[CELL_CONTRACT == 1].sum())
    engine = build_engine(params, Scenario(), 6)
    assert engine.agency_cover == params.agency_cover > 0
    assert engine.reference is not None
    np.testing.assert_allclose(engine.reference[:, 1] - params.agency_cover * perm, agency)
    grown = build_engine(params, Scenario(establishment=(EstablishmentChange(month="2025-01", fte=10.0),)), 6)
    assert grown.reference is not None
    np.testing.assert_allclose(grown.reference[4:, 1] - engine.reference[4:, 1], 10.0 * params.agency_cover)
    np.testing.assert_allclose(grown.reference[:3, 1], engine.reference[:3, 1])


def test_an_nqsw_cohort_lowers_the_agency_fte() -> None:
    """On a synthetic council: eight NQSWs in September 2025 raise the permanent FTE (for a few months: the
    permanent hiring to the establishment closes the gain) and lower the agency FTE a month behind. Over the
    months from the cohort to the next, the agency FTE given up is about the cover times the permanent FTE
    gained: at equilibrium b / (h + b (1 - h)) of it, b the agency hiring's slope on its gap and h its
    leaving and conversion rate (0.97 here), so more than half of it and, allowing for the paths' noise, not
    above 1.1 times it."""
    frames = council()
    params = estimate(frames, LA, as_at=AS_AT)
    base = forecast(frames, LA, as_at=AS_AT, months=24, paths=2000, seed=1, parameters=params)
    cohort = Scenario(name="nqsw cohort", hires=(PlannedHires(route="nqsw", count=8, calendar_month=9),))
    more = forecast(frames, LA, as_at=AS_AT, months=24, paths=2000, seed=1, parameters=params, scenario=cohort)
    september = base.months.index(date(2025, 9, 30))
    window = slice(september, september + 12)  # to August 2026, before the next cohort
    gain = (more.paths["inpost_fte"][:, window] - base.paths["inpost_fte"][:, window]).sum(axis=1).mean()
    fall = (base.paths["agency_fte"][:, window] - more.paths["agency_fte"][:, window]).sum(axis=1).mean()
    assert gain > 8  # FTE-months
    assert 0.5 * params.agency_cover * gain < fall < 1.1 * params.agency_cover * gain
    before = slice(0, september + 1)  # nothing changes before the cohort's month ends
    np.testing.assert_array_equal(base.paths["agency_fte"][:, before], more.paths["agency_fte"][:, before])


# ---- DfE's agency rules as a lever ------------------------------------------------------------------------------
def test_agency_rules_load_from_plain_data_and_refuse_what_cannot_apply() -> None:
    scenario = Scenario.from_mapping({"name": "rules", "agency_rules": {"from_month": "2026-04", "min_pqe_years": 3}})
    assert scenario.agency_rules == AgencyRules(from_month="2026-04", min_pqe_years=3.0)
    assert Scenario.from_mapping(scenario.as_mapping()) == scenario
    assert Scenario.from_mapping({"agency_rules": {"from_month": "2026-04"}}).agency_rules == AgencyRules(
        "2026-04", 3.0
    )
    with pytest.raises(ValueError, match="unknown field"):
        Scenario.from_mapping({"agency_rules": {"from_month": "2026-04", "min_pqe": 3}})
    with pytest.raises(ValueError, match="YYYY-MM"):
        Scenario.from_mapping({"agency_rules": {"from_month": "April 2026"}})
    with pytest.raises(ValueError, match="min_pqe_years"):
        Scenario.from_mapping({"agency_rules": {"from_month": "2026-04", "min_pqe_years": -1}})
    with pytest.raises(ValueError, match="mapping"):
        Scenario.from_mapping({"agency_rules": ["2026-04"]})
    with pytest.raises(ValueError, match="agency_rules"):
        Scenario.from_mapping({"agency_rules": {"min_pqe_years": 3}})  # no month


def _placements(rows: list[tuple[str, date, float | None]]) -> pl.DataFrame:
    """Agency placements of the council (key, start, PQE; every other column null), cast to the schema."""
    given = pl.DataFrame(
        {"la_code": [LA] * len(rows), "placement_key": [key for key, _, _ in rows]}
        | {"engagement_key": [key for key, _, _ in rows], "start": [start for _, start, _ in rows]}
        | {"pqe_years": [pqe for _, _, pqe in rows]},
        schema={"la_code": pl.String, "placement_key": pl.String, "engagement_key": pl.String}
        | {"start": pl.Date, "pqe_years": pl.Float64},
    )
    schema = AGENCY_PLACEMENTS_SCHEMA
    return given.select(
        [(pl.col(c) if c in given.columns else pl.lit(None)).cast(t).alias(c) for c, t in schema.items()]
    )


def test_the_share_under_the_threshold_is_the_history_windows_placements() -> None:
    """Of six placements: two started in the history window with 1 and 2.9 years' PQE, one with 3 (not
    under 3), one with none recorded (left out), one under 3 started before the window (September 2021: the
    history is the 36 months from 30 September 2021) and one after the as-at date (not read). Under 3
    years: 2 of 3 known; the share drawn per path is Beta(2.5, 1.5) (Jeffreys), mean 2.5 / 4 = 0.625; under
    2 years: 1 of 3, mean 1.5 / 4."""
    placements = _placements(
        [
            ("a", date(2023, 1, 9), 1.0),
            ("b", date(2024, 9, 30), 2.9),
            ("c", date(2022, 5, 1), 3.0),
            ("d", date(2023, 6, 1), None),
            ("e", date(2021, 9, 20), 0.5),
            ("f", date(2024, 10, 1), 0.5),
        ]
    )
    frames = replace(council(), agency_placements=placements)
    params = estimate(frames, LA, as_at=AS_AT)
    assert params.history_from == date(2021, 9, 30)
    assert params.agency_under_pqe(3.0) == (2, 3)
    assert params.agency_under_pqe(2.0) == (1, 3)
    assert params.agency_pqe_unknown == 1
    rules = Scenario(name="rules", agency_rules=AgencyRules(from_month="2025-04"))
    engine = build_engine(params, rules, 12)
    assert (engine.agency_rules_from, engine.agency_rules_a, engine.agency_rules_b) == (6, 2.5, 1.5)
    result = forecast(frames, LA, as_at=AS_AT, months=12, paths=50, seed=1, parameters=params, scenario=rules)
    assert result.agency_rules_share == pytest.approx(0.625)
    two = replace(rules, agency_rules=AgencyRules(from_month="2025-04", min_pqe_years=2))
    assert forecast(
        frames, LA, as_at=AS_AT, months=12, paths=50, parameters=params, scenario=two
    ).agency_rules_share == (pytest.approx(0.375))
    assert forecast(frames, LA, as_at=AS_AT, months=12, paths=50, parameters=params).agency_rules_share is None


def test_without_placements_the_share_is_not_known_and_the_rules_change_nothing() -> None:
    frames = replace(council(), agency_placements=council().agency_placements.clear())
    params = estimate(frames, LA, as_at=AS_AT)
    assert params.agency_under_pqe(3.0) == (0, 0)
    rules = Scenario(name="rules", agency_rules=AgencyRules(from_month="2024-10"))
    base = forecast(frames, LA, as_at=AS_AT, months=12, paths=300, seed=2, parameters=params)
    ruled = forecast(frames, LA, as_at=AS_AT, months=12, paths=300, seed=2, parameters=params, scenario=rules)
    assert ruled.agency_rules_share is None
    for measure, values in base.paths.items():
        np.testing.assert_array_equal(values, ruled.paths[measure])


def test_the_rules_thin_agency_hiring_and_the_council_refills_from_the_workers_left() -> None:
    """Agency workers leave at 10% a month; the stream's mean 2 moves by 0.5 per FTE of gap about a mean gap
    of 2, against a reference of 20: in equilibrium h A = k (mu + b (R - g) - b (1 - h) A), k the share of
    hires the rules leave, so A = k (mu + b (R - g)) / (h + k b (1 - h)): 20 at k = 1 (the start), and with a
    sure quarter excluded (k = 0.75) 0.75 x 11 / (0.1 + 0.75 x 0.45) = 18.857: the agency FTE falls by 5.7%,
    not 25%, because the posts left uncovered stay in the gap and the council fills them from the workers the
    rules allow. The months before the rules apply are the baseline's, path by path; the permanent workforce
    is unchanged (the posts stay vacant: the permanent hiring recruits to every vacancy, covered or not)."""
    base = agency_engine(
        perm=100, agency=20, agency_hazard=0.1, mean=2.0, slope=0.5, mean_gap=2.0, reference=20.0, months=36
    )
    ruled = replace(base, agency_rules_from=3, agency_rules_a=0.25 * SURE, agency_rules_b=0.75 * SURE)
    one, two = simulate(base, paths=20_000, seed=3), simulate(ruled, paths=20_000, seed=3)
    np.testing.assert_array_equal(one.agency_fte[:, :3], two.agency_fte[:, :3])
    assert one.agency_fte[:, -12:].mean() == pytest.approx(20.0, abs=0.05)
    assert two.agency_fte[:, -12:].mean() == pytest.approx(0.75 * 11 / (0.1 + 0.75 * 0.45), abs=0.05)
    assert (two.perm_fte == 100).all()


def test_the_rules_lower_a_councils_agency_fte_from_their_month() -> None:
    """On a synthetic council whose agency placements are its agency engagements, every third with 1 year's
    PQE and the others 6: from April 2025 the agency FTE falls below the baseline's, by less than the share
    excluded times the baseline's agency FTE; not before April."""
    agency = council().engagements.filter(pl.col("agency") & pl.col("start_date").is_not_null()).sort("start_date")
    started = agency.select("engagement_key", "start_date").iter_rows()
    rows = [(key, start, 1.0 if i % 3 == 0 else 6.0) for i, (key, start) in enumerate(started)]
    frames = replace(council(), agency_placements=_placements(rows))
    params = estimate(frames, LA, as_at=AS_AT)
    under, known = params.agency_under_pqe(3.0)
    assert known > 20 and 0 < under < known
    rules = Scenario(name="rules", agency_rules=AgencyRules(from_month="2025-04"))
    base = forecast(frames, LA, as_at=AS_AT, months=24, paths=1000, seed=4, parameters=params)
    ruled = forecast(frames, LA, as_at=AS_AT, months=24, paths=1000, seed=4, parameters=params, scenario=rules)
    april = base.months.index(date(2025, 4, 30))
    np.testing.assert_array_equal(base.paths["agency_fte"][:, :april], ruled.paths["agency_fte"][:, :april])
    share = ruled.agency_rules_share
    assert share is not None
    fall = base.paths["agency_fte"][:, -6:].mean() - ruled.paths["agency_fte"][:, -6:].mean()
    assert 0 < fall < share * base.paths["agency_fte"][:, -6:].mean()
