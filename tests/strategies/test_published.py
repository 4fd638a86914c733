"""How the seed strategies' DfE-measure targets went, against DfE's published figures."""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.measures.rules import permanency_rate
from csc_workforce.strategies import PublishedValues, Rag, Trajectory, Trend, evaluate, load_seed
from csc_workforce.strategies.evaluate import MeasureResult


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


def test_slough_reached_80_percent_later_but_is_judged_at_its_2017_deadline() -> None:
    # 2025: 124.5/(124.5+31.1) = 80.01% would meet 80%, but the deadline (2017) has passed: the September 2017
    # figure (68.11%) is judged, red and not met, and the 2025 figure is reported as the latest.
    r = _permanency("slough-2014-17", date(2026, 1, 1))
    assert r.value == pytest.approx(68.111, abs=0.001)
    assert r.latest is not None and r.latest[1] == pytest.approx(80.013, abs=0.001)
    assert (r.rag, r.trajectory) == (Rag.RED, Trajectory.PASSED_NOT_MET)
    assert r.sentence.endswith("the target was not met. The latest figure is 80.0% (September 2025).")


# --- the three contradictions of issue 8, on the seed files and DfE's published figures ----------------------


def _result(seed: str, measure: str, as_at: date) -> MeasureResult:
    results = evaluate(load_seed(seed), PublishedValues(), as_at=as_at).results
    return next(r for r in results if r.item.measure == measure)


def test_bexley_permanency_is_red_when_its_aim_was_not_met() -> None:
    # Was green with "the aim was not met": the colour came from 2025 (185.7/210.7 = 88.13%), the words from the
    # deadline. Now both judge September 2023, the last figure by 31 Dec 2023: 198.8/236.8 = 83.95%, down 1.05 on
    # the 85% baseline (January 2020), beyond 1% of 85 (0.85): not met, red. The trend to the deadline, 2021-23
    # (187.3/209.3 = 89.49%, 175.2/217.2 = 80.66%, 83.95%), falls about 5.5: worsening.
    r = _result("bexley-2020-23", "permanency_rate_fte", date(2026, 1, 1))
    assert (r.rag, r.trend, r.trajectory) == (Rag.RED, Trend.WORSENING, Trajectory.PASSED_NOT_MET)
    assert (r.value_date, r.value) == (date(2023, 9, 30), pytest.approx(83.953, abs=0.001))
    assert r.latest is not None and r.latest[1] == pytest.approx(88.135, abs=0.001)
    assert r.sentence == (
        "Permanency rate – all qualified posts (FTE) was 84.0% in September 2023, down from 85% in January 2020 "
        "(the aim is an increase); the aim was not met. The latest figure is 88.1% (September 2025)."
    )


def test_dudley_caseload_is_green_because_it_fell_by_the_deadline() -> None:
    # Was green while "worsening": the trend came from 2023-25 (17.8, 17.6, 19.5). Now it is judged on September
    # 2023, the last figure by 31 Dec 2023: 17.8, down 2.1 on 19.9 (September 2020, the last figure before the
    # strategy began), beyond 0.199: met, green; the trend to the deadline (23.2, 20.9, 17.8) is improving.
    # The 2025 figure (19.5) is reported as the latest, not judged.
    r = _result("dudley-2021-23", "caseload_fte", date(2026, 1, 1))
    assert (r.rag, r.trend, r.trajectory) == (Rag.GREEN, Trend.IMPROVING, Trajectory.PASSED_MET)
    assert (r.value_date, r.value) == (date(2023, 9, 30), 17.8)
    assert r.sentence == (
        "Average caseload per case-holding FTE was 17.8 cases per FTE in September 2023, down from 19.9 cases per "
        "FTE in September 2020 (the aim is a reduction); the aim was met. The latest figure is 19.5 cases per FTE "
        "(September 2025)."
    )


class _Series:
    def __init__(self, measure: str, points: list[tuple[date | int, float]]) -> None:
        self.measure, self.points = measure, points

    def series(self, measure: str, la_code: str) -> list[tuple[date | int, float]] | None:
        return self.points if measure == self.measure else None


def test_lewisham_bme_managers_are_green_when_the_aim_was_met() -> None:
    # DfE does not publish BME managers, so this uses figures like the demo council's (which showed "red" with
    # "the aim was met" for `strategy evaluate lewisham-2016-18 --la 990`): 27.5% (2017), 28.2% (2018), 23.8%
    # (2025). Judged on September 2018 (deadline 31 Dec 2018): up 1.2 on the 27% baseline (April 2016), beyond
    # 0.27: met, green; 27.5 -> 28.2 rises 0.7, beyond 1% of 27.85: improving. 23.8% is the latest, not judged.
    values = _Series("ethnic_minority_managers_pct", [(2017, 27.5), (2018, 28.2), (2025, 23.8)])
    r = next(
        r
        for r in evaluate(load_seed("lewisham-2016-18"), values, as_at=date(2026, 1, 1)).results
        if r.item.measure == "ethnic_minority_managers_pct"
    )
    assert (r.rag, r.trend, r.trajectory) == (Rag.GREEN, Trend.IMPROVING, Trajectory.PASSED_MET)
    assert r.sentence == (
        "Ethnic minority (BME) managers was 28.2% in September 2018, up from 27% in April 2016 (the aim is an "
        "increase); the aim was met. The latest figure is 23.8% (September 2025)."
    )
