"""RAG, trend, trajectory and sentences on hand-made series; expected values worked out in comments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from csc_workforce.strategies import (
    Direction,
    MeasureTarget,
    Outcome,
    Rag,
    Strategy,
    Target,
    Trajectory,
    Trend,
    evaluate,
)
from csc_workforce.strategies.evaluate import MeasureResult, Status
from csc_workforce.strategies.model import Baseline, Council, Period, RagRule

Series = Sequence[tuple[date | int, float]] | None


class Values:
    def __init__(self, series: dict[str, Series]) -> None:
        self._series = series

    def series(self, measure: str, la_code: str) -> Series:
        return self._series.get(measure)


def _judge(
    target: Target, series: Series, *, as_at: date, rag: RagRule | None = None, measure: str = "permanency_rate_fte"
) -> MeasureResult:
    item = MeasureTarget(measure, target, rag=rag or RagRule())
    strategy = Strategy(
        "t", "T", Council("Dudley", "332"), Period(date(2021, 1, 1), date(2023, 12, 31)), (Outcome("o", "O", (item,)),)
    )
    [result] = evaluate(strategy, Values({measure: series}), as_at=as_at).results
    return result


AT_LEAST_92 = Target(Direction.AT_LEAST, 92, date(2023, 12, 31))


def test_at_least_short_and_off_track() -> None:
    # 80 (Sep 2021) -> 84 (Sep 2022): the line rises 4 a year. From the last point to 31 Dec 2023 is 457 days,
    # so the projection is 84 + 4 x 457/365 = 89.01, short of 92: off track. 92 - 84 = 8 is beyond the default
    # amber margin (5% of 92 = 4.6): red. Change 4 > 1% of the mean 82 (0.82), higher is better: improving.
    r = _judge(AT_LEAST_92, [(2021, 80), (2022, 84)], as_at=date(2023, 1, 1))
    assert (r.status, r.value, r.value_date) == (Status.ASSESSED, 84, date(2022, 9, 30))
    assert (r.rag, r.trend, r.trajectory) == (Rag.RED, Trend.IMPROVING, Trajectory.OFF_TRACK)
    assert r.projected == pytest.approx(89.008, abs=0.001)
    assert r.sentence == (
        "Permanency rate – all qualified posts (FTE) was 84% in September 2022, short of the 92% target for 2023; "
        "the target is not met yet: on the recent trend it will not be met by 2023 (projected 89.0%)."
    )


def test_at_least_within_the_margin_and_on_track() -> None:
    # 80 -> 88: projection 88 + 8 x 457/365 = 98.02 >= 92, on track; 92 - 88 = 4 <= 4.6: amber.
    r = _judge(AT_LEAST_92, [(2021, 80), (2022, 88)], as_at=date(2023, 1, 1))
    assert (r.rag, r.trajectory) == (Rag.AMBER, Trajectory.ON_TRACK)
    assert r.projected == pytest.approx(98.016, abs=0.001)


def test_at_least_met_before_the_deadline() -> None:
    r = _judge(AT_LEAST_92, [(2021, 90), (2022, 92.5)], as_at=date(2023, 1, 1))
    assert (r.rag, r.trajectory) == (Rag.GREEN, Trajectory.MET)
    assert r.sentence.endswith("meeting the 92% target for 2023; the target is met.")


def test_amber_margin_can_be_set_in_points() -> None:
    # 92 - 88 = 4 is beyond an amber margin of 3 points: red
    r = _judge(AT_LEAST_92, [(2021, 80), (2022, 88)], as_at=date(2023, 1, 1), rag=RagRule(amber_within=3))
    assert r.rag is Rag.RED


def test_at_most_with_three_points_uses_the_least_squares_line() -> None:
    # 18, 17, 16.5 at Sep 2020/21/22: slope -0.75 a (365-day) year, mean 17.167 at Sep 2021. To 31 Mar 2024
    # is 730 + 183 = 913 days (2024 is a leap year): 17.167 - 0.75 x 913/365 = 15.291 <= 16: on track.
    # 16.5 - 16 = 0.5 <= 1: amber. The fitted
    # change over the span is -1.5, beyond 1% of 17.17: improving (lower is better).
    target = Target(Direction.AT_MOST, 16, date(2024, 3, 31))
    r = _judge(
        target,
        [(2020, 18), (2021, 17), (2022, 16.5)],
        as_at=date(2023, 1, 1),
        rag=RagRule(amber_within=1),
        measure="caseload_fte",
    )
    assert (r.rag, r.trend, r.trajectory) == (Rag.AMBER, Trend.IMPROVING, Trajectory.ON_TRACK)
    assert r.projected == pytest.approx(15.291, abs=0.001)
    assert r.sentence.startswith(
        "Average caseload per case-holding FTE was 16.5 cases per FTE in September 2022, "
        "above the 16 cases per FTE target for March 2024"
    )


def test_trend_uses_only_the_last_three_points() -> None:
    # 10, 90, 91, 91.2: the last three rise by 0.2 over the fit (slope 0.1/yr x 2 yrs), within 1% of 91: flat
    r = _judge(AT_LEAST_92, [(2019, 10), (2020, 90.8), (2021, 91), (2022, 91.2)], as_at=date(2023, 1, 1))
    assert r.trend is Trend.FLAT


def test_worsening_trend() -> None:
    r = _judge(AT_LEAST_92, [(2021, 88), (2022, 85)], as_at=date(2023, 1, 1))
    assert (r.trend, r.trajectory) == (Trend.WORSENING, Trajectory.OFF_TRACK)


def test_deadline_passed_is_judged_on_the_last_figure_by_the_deadline() -> None:
    # deadline 31 Dec 2017: the Sep 2017 figure (68.1) is judged: 11.9 short of 80, beyond 4: red, not met. The
    # latest (85) would meet it, but it is reported, not judged.
    target = Target(Direction.AT_LEAST, 80, date(2017, 12, 31))
    r = _judge(target, [(2017, 68.1), (2018, 85)], as_at=date(2019, 1, 1))
    assert (r.rag, r.trajectory) == (Rag.RED, Trajectory.PASSED_NOT_MET)
    assert (r.value, r.value_date, r.latest) == (68.1, date(2017, 9, 30), (date(2018, 9, 30), 85))
    assert r.sentence == (
        "Permanency rate – all qualified posts (FTE) was 68.1% in September 2017, short of the 80% target for 2017; "
        "the target was not met. The latest figure is 85% (September 2018)."
    )
    met = _judge(target, [(2017, 80.5)], as_at=date(2019, 1, 1))
    assert met.trajectory is Trajectory.PASSED_MET


def test_deadline_passed_without_a_figure_by_then() -> None:
    target = Target(Direction.AT_MOST, 16, date(2015, 3, 31))
    r = _judge(target, [(2017, 15)], as_at=date(2018, 1, 1), measure="caseload_fte")
    assert (r.rag, r.trajectory) == (Rag.NOT_ASSESSED, Trajectory.PASSED_NO_DATA)


def test_figures_after_as_at_are_ignored() -> None:
    r = _judge(AT_LEAST_92, [(2021, 80), (2022, 84), (2023, 95)], as_at=date(2023, 1, 1))
    assert (r.value, r.value_date) == (84, date(2022, 9, 30))


def test_one_figure_cannot_be_projected() -> None:
    r = _judge(AT_LEAST_92, [(2022, 84)], as_at=date(2023, 1, 1))
    assert (r.trend, r.trajectory) == (Trend.NOT_ENOUGH_DATA, Trajectory.NOT_ASSESSED)


def test_increase_goal_is_judged_from_the_baseline() -> None:
    # baseline 85; tolerance 1% of 85 = 0.85. 88 is up 3: green; 85.5 up 0.5: amber; 84 down 1: red.
    target = Target(Direction.INCREASE, baseline=Baseline(85, date(2020, 1, 1)))
    assert _judge(target, [(2022, 88)], as_at=date(2023, 1, 1)).rag is Rag.GREEN
    assert _judge(target, [(2022, 85.5)], as_at=date(2023, 1, 1)).rag is Rag.AMBER
    red = _judge(target, [(2022, 84)], as_at=date(2023, 1, 1))
    # one figure after the baseline: no trend line to say where it is heading
    assert (red.rag, red.trajectory) == (Rag.RED, Trajectory.NOT_ASSESSED)
    assert red.sentence == (
        "Permanency rate – all qualified posts (FTE) was 84% in September 2022, down from 85% in January 2020 "
        "(the aim is an increase); the aim is not met yet; one figure is not enough to show a trend."
    )


def test_decrease_goal_without_baseline_starts_from_the_figure_before_the_strategy() -> None:
    # period starts 1 Jan 2021: the reference is Sep 2020 (20); by the period end (2023) it is 15: aim met.
    target = Target(Direction.DECREASE)
    r = _judge(target, [(2019, 30), (2020, 20), (2023, 15)], as_at=date(2024, 6, 1), measure="turnover_rate_fte")
    assert (r.rag, r.trajectory) == (Rag.GREEN, Trajectory.PASSED_MET)
    assert "down from 20% in September 2020" in r.sentence and r.sentence.endswith("the aim was met.")


def test_monitor_measures_have_a_trend_but_no_rag() -> None:
    r = _judge(Target(Direction.MONITOR), [(2021, 10), (2022, 12)], as_at=date(2023, 1, 1), measure="vacancy_fte")
    assert (r.status, r.rag, r.trend) == (Status.NO_TARGET, Rag.NOT_ASSESSED, Trend.RISING)
    assert r.sentence == "Vacancies – FTE was 12 FTE in September 2022; the strategy sets no target (trend: rising)."


def test_measure_that_cannot_be_computed_needs_data() -> None:
    r = _judge(
        Target(Direction.AT_LEAST, 80, date(2016, 3, 31)),
        None,
        as_at=date(2017, 1, 1),
        measure="audits_good_or_better_pct",
    )
    assert (r.status, r.rag, r.value) == (Status.NEEDS_DATA, Rag.NOT_ASSESSED, None)
    assert r.sentence == (
        "Case audits graded good or better cannot be reported yet: the data it needs is not held "
        "(target: at least 80% by March 2016)."
    )


def test_no_figures_yet() -> None:
    r = _judge(AT_LEAST_92, [(2024, 90)], as_at=date(2023, 1, 1))
    assert (r.status, r.rag) == (Status.NO_FIGURES, Rag.NOT_ASSESSED)


def test_qualitative_measures_are_reported_in_words() -> None:
    r = _judge(Target(Direction.MONITOR), None, as_at=date(2023, 1, 1), measure="staff_feedback_themes")
    assert r.status is Status.QUALITATIVE


def test_json_shape() -> None:
    d = _judge(AT_LEAST_92, [(2021, 80), (2022, 84)], as_at=date(2023, 1, 1)).as_dict()
    assert {
        "outcome",
        "measure",
        "label",
        "value",
        "value_date",
        "target",
        "deadline",
        "rag",
        "trend",
        "trajectory",
        "sentence",
        "status",
    } <= set(d)
    assert (d["value_date"], d["deadline"], d["rag"], d["trajectory"]) == (
        "2022-09-30",
        "2023-12-31",
        "red",
        "off track",
    )
    assert (d["judged"], d["verdict"], d["latest"], d["latest_date"]) == ("latest", "not met", 84, "2022-09-30")
    assert (d["comparators"], d["comparison"]) == ([], "")  # the target names none


class SurveyValues:
    """Figures by survey question: the question asked for is recorded."""

    def __init__(self) -> None:
        self.asked: list[str | None] = []

    def series(self, measure: str, la_code: str, *, question: str | None = None) -> Series:
        self.asked.append(question)
        return {"HC1": [(date(2022, 11, 30), 74.0), (date(2024, 11, 30), 99.0)]}.get(question or "")


def test_a_survey_question_is_judged_on_its_own_figures_and_a_whole_survey_is_reported_not_judged() -> None:
    asked = MeasureTarget(
        "health_check_survey", Target(Direction.INCREASE), label="Received dedicated supervision", question="HC1"
    )
    whole = MeasureTarget("health_check_survey", Target(Direction.MONITOR), label="Workforce Health Check")
    strategy = Strategy(
        "t",
        "T",
        Council("Worcestershire", "885"),
        Period(date(2022, 1, 1), date(2025, 12, 31)),
        (Outcome("o", "O", (asked, whole)),),
    )
    values = SurveyValues()
    judged, reported = evaluate(strategy, values, as_at=date(2025, 1, 1)).results
    assert values.asked == ["HC1", None]
    # 74% (November 2022) to 99% (November 2024): rising, the aim (an increase on the first figure) met so far
    assert (judged.status, judged.value, judged.value_date) == (Status.ASSESSED, 99.0, date(2024, 11, 30))
    assert judged.sentence.startswith("Staff health check survey (received dedicated supervision) was 99%")
    assert reported.status is Status.QUALITATIVE
