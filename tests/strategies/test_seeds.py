"""The five seed strategies ship as YAML, load against the measure registry and evaluate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_workforce.measures.strategy_catalogue import LOCAL_MEASURES
from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID as KNOWN_MEASURES
from csc_workforce.strategies import Direction, PublishedValues, evaluate, load_seed, seed_ids

LOCAL_MEASURE_IDS = [m.id for m in LOCAL_MEASURES]

SEEDS = ("bexley-2020-23", "dudley-2021-23", "lewisham-2016-18", "slough-2014-17", "worcestershire-2023-scrutiny")


def test_the_five_seeds_ship() -> None:
    assert seed_ids() == SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_loads_and_evaluates(seed: str) -> None:
    strategy = load_seed(seed)
    assert strategy.id == seed and strategy.measures
    evaluation = evaluate(strategy, PublishedValues(), as_at=date(2026, 1, 1))
    assert len(evaluation.results) == len(strategy.measures)
    assert all(r.sentence.endswith(".") for r in evaluation.results)


def test_seed_council_codes() -> None:
    codes = {s: load_seed(s).council.la_code for s in SEEDS}
    assert codes == {
        "bexley-2020-23": "303",
        "dudley-2021-23": "332",
        "lewisham-2016-18": "209",
        "slough-2014-17": "871",
        "worcestershire-2023-scrutiny": "885",
    }


def test_slough_transcribes_the_whole_measures_and_targets_table() -> None:
    # 15 table rows under 7 outcomes; two rows with two targets (audits good and inadequate, under outcomes 1
    # and 6) and the contact audits (60% March 2016, 80% 2017) give 22 measures.
    slough = load_seed("slough-2014-17")
    assert [o.id for o in slough.outcomes] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [len(o.measures) for o in slough.outcomes] == [6, 3, 3, 3, 4, 2, 1]
    targets = {(m.measure, m.target.value, m.target.deadline) for _, m in slough.measures}
    assert ("permanency_rate_fte", 80, date(2017, 12, 31)) in targets
    # "Average caseloads at 16 children (50% caseload for Consultant Practitioners and 90% for ASYE workers)"
    assert ("caseload_weighted", 16, date(2015, 3, 31)) in targets
    assert "caseload_fte" not in {m.measure for _, m in slough.measures}
    assert ("audits_good_or_better_pct", 80, date(2016, 3, 31)) in targets
    assert ("audits_inadequate_pct", 5, date(2016, 3, 31)) in targets
    assert ("audits_good_or_better_pct", 60, date(2016, 3, 31)) in targets
    assert ("audits_good_or_better_pct", 80, date(2017, 12, 31)) in targets
    assert ("students_per_year", 4, date(2016, 3, 31)) in targets
    assert ("caseload_asye_max", 14, date(2015, 3, 31)) in targets


@pytest.mark.parametrize("seed", SEEDS)
def test_no_seed_target_goes_against_its_measures_polarity(seed: str) -> None:
    assert load_seed(seed).warnings == ()


def test_dudley_wants_more_children_with_at_most_three_social_workers() -> None:
    # "Children will have less changes of social workers": more children with at most 3 is better
    [changes] = [m for _, m in load_seed("dudley-2021-23").measures if m.measure == "children_max_3_social_workers_pct"]
    assert changes.target.direction is Direction.INCREASE


def test_dudley_has_its_92_percent_target() -> None:
    [permanency] = [m for _, m in load_seed("dudley-2021-23").measures if m.measure == "permanency_rate_fte"]
    assert (permanency.target.value, permanency.target.deadline) == (92, date(2023, 12, 31))


def test_every_measure_a_seed_names_is_declared_in_the_catalogue_and_its_reference() -> None:
    reference = (Path(__file__).parents[2] / "docs" / "strategy-measures.md").read_text()
    named = {m.measure for seed in seed_ids() for o in load_seed(seed).outcomes for m in o.measures}
    assert named <= set(KNOWN_MEASURES)
    assert all(f"`{m}`" in reference for m in named)
    assert "permanency_rate_fte" in KNOWN_MEASURES and set(LOCAL_MEASURE_IDS) <= set(KNOWN_MEASURES)
