"""How the seed strategies' DfE-measure targets went, against DfE's published figures."""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.strategies import PublishedValues, Rag, Trajectory, Trend, evaluate, load_seed
from csc_workforce.strategies.evaluate import MeasureResult
from csc_workforce.strategies.published import permanency_rate


def _permanency(seed: str, as_at: date) -> MeasureResult:
    results = evaluate(load_seed(seed), PublishedValues(), as_at=as_at).results
    return next(r for r in results if r.item.measure == "permanency_rate_fte")


def test_published_values_are_dfe_figures_by_census_year() -> None:
    # Bexley's strategy quotes its 2019 figures: turnover 21.8%, vacancy rate 17.3%, average caseload 16
    values = dict(PublishedValues().series("turnover_rate_fte", "303") or [])
    assert values[2019] == 21.8
    assert dict(PublishedValues().series("vacancy_rate_fte", "303") or [])[2019] == 17.3
    assert dict(PublishedValues().series("caseload_fte", "303") or [])[2019] == 16.0


def test_permanency_is_inpost_over_inpost_plus_agency() -> None:
    # Dudley 2023: inpost_fte 158.4, agency_fte 36.8 -> 158.4 / 195.2 x 100 = 81.148%
    series = dict(PublishedValues().series("permanency_rate_fte", "332") or [])
    assert series[2023] == pytest.approx(81.148, abs=0.001)
    assert permanency_rate(158.4, 36.8) == pytest.approx(81.148, abs=0.001)
    assert permanency_rate(0, 0) is None


def test_measures_dfe_does_not_publish_need_data() -> None:
    assert PublishedValues().series("audits_good_or_better_pct", "871") is None
    assert PublishedValues().series("permanency_rate_fte", "999") == []
    assert PublishedValues().council_name("871") == "Slough"


def test_dudley_92_percent_permanent_by_2023_was_not_met() -> None:
    # Published: 2021 161.3/(161.3+40.5) = 79.93%; 2022 166.4/(166.4+30.8) = 84.38%;
    # 2023 158.4/(158.4+36.8) = 81.15%. Judged after the deadline (31 Dec 2023) on September 2023: 81.15% < 92:
    # not met; 92 - 81.15 = 10.85 is beyond the amber margin (4.6): red. Fit over 2021-23 rises 1.22 > 0.82.
    r = _permanency("dudley-2021-23", date(2024, 1, 1))
    assert (r.value_date, r.value) == (date(2023, 9, 30), pytest.approx(81.148, abs=0.001))
    assert (r.rag, r.trend, r.trajectory) == (Rag.RED, Trend.IMPROVING, Trajectory.PASSED_NOT_MET)
    assert r.sentence == (
        "Permanency rate – all qualified posts (FTE) was 81.1% in September 2023, short of the 92% target for 2023; "
        "the target was not met."
    )


def test_dudley_was_already_off_track_in_mid_2023() -> None:
    # As at 1 June 2023 the latest is 2022 (84.38%). 2020 is 170/(170+48.9) = 77.66%. The line through
    # 2020-22 rises (84.38 - 77.66)/2 = 3.36 a year from the mean 80.66 at Sep 2021; 31 Dec 2023 is 822 days
    # later: 80.66 + 3.36 x 822/365 = 88.22 < 92: off track.
    r = _permanency("dudley-2021-23", date(2023, 6, 1))
    assert r.value == pytest.approx(84.381, abs=0.001)
    assert r.trajectory is Trajectory.OFF_TRACK
    assert r.projected == pytest.approx(88.22, abs=0.01)


def test_slough_80_percent_permanent_by_2017_was_not_met() -> None:
    # Published 2017 (the first year DfE publishes): 83.3/(83.3+39) = 68.11% < 80: not met; 80 - 68.11 = 11.89
    # is beyond 4: red. One figure only: no trend.
    r = _permanency("slough-2014-17", date(2018, 1, 1))
    assert (r.value_date, r.value) == (date(2017, 9, 30), pytest.approx(68.111, abs=0.001))
    assert (r.rag, r.trend, r.trajectory) == (Rag.RED, Trend.NOT_ENOUGH_DATA, Trajectory.PASSED_NOT_MET)
    assert "68.1% in September 2017, short of the 80% target for 2017; the target was not met." in r.sentence


def test_slough_reached_80_percent_later() -> None:
    # 2025: 124.5/(124.5+31.1) = 80.01%: green now, but the 2017 deadline was still missed
    r = _permanency("slough-2014-17", date(2026, 1, 1))
    assert r.value == pytest.approx(80.013, abs=0.001)
    assert (r.rag, r.trajectory) == (Rag.GREEN, Trajectory.PASSED_NOT_MET)
