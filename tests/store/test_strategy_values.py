"""Strategies are judged on the council's own records when the database holds the council."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from csc_workforce.cli.main import main
from csc_workforce.domain.periods import census_period, census_reference_date
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.store.services.demo import demo_load
from csc_workforce.store.services.strategies import HeldValues
from csc_workforce.synthetic import generate_council


@pytest.fixture
def dudley_held(db: None):
    records = generate_council(
        la_code="332",
        name="Dudley (synthetic)",
        region="West Midlands",
        first_year=2021,
        last_year=2023,
        seed=3,
        size=60,
    )
    demo_load(records=records, description="synthetic", recorded_by="t", now=datetime(2024, 1, 5, tzinfo=UTC))
    return records


def test_held_values_are_the_councils_own_measures(dudley_held):
    series = dict(HeldValues().series("permanency_rate_fte", "332"))
    inputs = frames_from_records([dudley_held])
    expected = local_measures(inputs, as_at=census_reference_date(2023), period=census_period(2023))
    assert series[2023] == pytest.approx(expected["permanency_rate_fte"][0])
    assert set(series) == {2021, 2022, 2023}
    assert HeldValues().series("family_feedback", "332") is None  # needs data not modelled yet
    assert HeldValues().series("recruitment_and_turnover_cost", "332") == []  # no recruitment records held


def test_a_council_not_held_uses_published_figures(db: None):
    # DfE 2023, Dudley: 158.4 / (158.4 + 36.8) = 81.15%
    assert dict(HeldValues().series("permanency_rate_fte", "332"))[2023] == pytest.approx(81.148, abs=0.001)


def test_strategy_evaluate_uses_held_figures_unless_told_otherwise(dudley_held, capsys):
    main(["strategy", "evaluate", "dudley-2021-23", "--as-at", "2024-01-01", "--format", "json"])
    held = next(r for r in json.loads(capsys.readouterr().out)["measures"] if r["measure"] == "permanency_rate_fte")
    main(
        [
            "strategy",
            "evaluate",
            "dudley-2021-23",
            "--as-at",
            "2024-01-01",
            "--figures",
            "published",
            "--format",
            "json",
        ]
    )
    published = next(
        r for r in json.loads(capsys.readouterr().out)["measures"] if r["measure"] == "permanency_rate_fte"
    )
    assert published["value"] == pytest.approx(81.15, abs=0.005)  # 158.4 / (158.4 + 36.8) = 81.148 (JSON rounds)
    assert held["value"] != published["value"]
