"""The strategies' targets a forecast tests: a forecast output, at least or at most a value, by a deadline within
the forecast; the rest named with the reason. Worked from the seed strategies' own files."""

from __future__ import annotations

from datetime import date

from csc_workforce.forecasting.stock_flow import Scenario
from csc_workforce.store.services.forecast import Target, lever_sentences, strategy_targets


def test_a_deadline_within_the_forecast_is_tested_and_the_others_are_named():
    # Dudley 2021-23: at least 92% permanent by 31 December 2023 (dudley-2021-23.yaml); from 30 September 2022,
    # 24 months run to 30 September 2024, so it falls inside; Slough's 80% by 31 December 2017 does not.
    tested, untested = strategy_targets("990", as_at=date(2022, 9, 30), months=24)
    dudley = [t for t in tested if t.source.startswith("Dudley")]
    assert dudley == [
        Target(
            "permanency_rate_fte",
            92.0,
            date(2023, 12, 31),
            True,
            source="Dudley: Children's Services Social Care Workforce Development Strategy 2021-2023",
        )
    ]
    assert all(date(2022, 10, 31) <= t.deadline <= date(2024, 9, 30) for t in tested)
    assert any(line.startswith("Slough") and "before the forecast begins" in line for line in untested)
    assert len(untested) == len(set(untested))
    later, _ = strategy_targets("990", as_at=date(2025, 9, 30), months=36)
    assert later == []  # every seed deadline has passed by then


def test_levers_in_words():
    scenario = Scenario.from_mapping(
        {
            "name": "plan",
            "hires": [{"route": "nqsw", "count": 8, "calendar_month": 9}]
            + [{"route": "experienced", "count": 1, "calendar_month": k} for k in range(1, 13)],
            "leaving_multipliers": {"permanent": 0.8},
            "establishment": [{"month": "2026-04", "fte": 24}],
        }
    )
    assert lever_sentences(scenario) == [
        "8 extra newly qualified starters each September.",
        "1 extra experienced starter every month.",
        "Leaving of permanent workers down 20% (rate x 0.8).",
        "24 funded FTE added to the establishment from April 2026.",
    ]
