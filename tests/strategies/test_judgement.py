"""One judgement per measure: RAG, "met / not met", trend, trajectory and the sentence never disagree.

The table below is every combination of direction (at least, at most, increase, decrease, maintain), deadline
passed or not, and met or not, each worked out by hand in its comment. Figures are census years (30 September).
The strategy runs from 1 January 2021 to 31 December 2023; the deadline is 31 December 2023. "Before" judges as
at 1 January 2023 (the latest figure is September 2022); "after" judges as at 1 January 2025, on the September
2023 figure, with a September 2024 figure that goes the other way to show the latest is reported but not
judged. Defaults: amber within 5% of the target (or baseline), flat within 1% of the figures compared.
Projections use the least-squares line through the last three figures: the mean of the figures at the mean of
their dates, plus the slope times the days from there to 31 December 2023 (822 days after 30 September 2021, or
639.5 days after the middle of two September figures a year apart).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.strategies import (
    Direction,
    MeasureTarget,
    Outcome,
    Rag,
    Strategy,
    Target,
    Trajectory,
    Trend,
    Verdict,
    evaluate,
)
from csc_workforce.strategies.evaluate import MeasureResult
from csc_workforce.strategies.model import Baseline, Council, Period

BEFORE, AFTER = date(2023, 1, 1), date(2025, 1, 1)
DEADLINE = date(2023, 12, 31)
START = date(2021, 1, 1)

AT_LEAST = Target(Direction.AT_LEAST, 92, DEADLINE)
AT_MOST = Target(Direction.AT_MOST, 16, DEADLINE)
INCREASE = Target(Direction.INCREASE, baseline=Baseline(85, START), deadline=DEADLINE)
DECREASE = Target(Direction.DECREASE, deadline=DEADLINE)  # no baseline: the figure before the start (2020)
MAINTAIN = Target(Direction.MAINTAIN, baseline=Baseline(90, START), deadline=DEADLINE)

MEASURE = {  # the measure each target is set on: its polarity matters only to "maintain"
    Direction.AT_LEAST: "permanency_rate_fte",
    Direction.AT_MOST: "caseload_fte",
    Direction.INCREASE: "permanency_rate_fte",
    Direction.DECREASE: "turnover_rate_fte",
    Direction.MAINTAIN: "permanency_rate_fte",  # higher is better
}
PERM = "Permanency rate – all qualified posts (FTE) was"
CASE = "Average caseload per case-holding FTE was"


class Values:
    def __init__(self, series: dict[str, list[tuple[date | int, float]]]) -> None:
        self._series = series

    def series(self, measure: str, la_code: str) -> list[tuple[date | int, float]] | None:
        return self._series.get(measure)


def judged(target: Target, series: list[tuple[date | int, float]], as_at: date, measure: str) -> MeasureResult:
    item = MeasureTarget(measure, target)
    strategy = Strategy("t", "T", Council("Dudley", "332"), Period(START, DEADLINE), (Outcome("o", "O", (item,)),))
    [result] = evaluate(strategy, Values({measure: series}), as_at=as_at).results
    return result


CASES = [
    # --- at least 92% ---------------------------------------------------------------------------------------
    pytest.param(
        # 93 >= 92: met, green. 88, 90, 93 rise 5 over the fit, beyond 1% of 90.3: improving.
        AT_LEAST, [(2020, 88), (2021, 90), (2022, 93)], BEFORE,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.MET),
        f"{PERM} 93% in September 2022, meeting the 92% target for 2023; the target is met.",
        id="at_least-before-met",
    ),
    pytest.param(
        # 84 is 8 short of 92, beyond 4.6: red. Line rises 2 a year from 82 (Sep 2021): 82 + 2 x 822/365 = 86.5
        # by the deadline, short of 92: off track.
        AT_LEAST, [(2020, 80), (2021, 82), (2022, 84)], BEFORE,
        (Rag.RED, Verdict.NOT_MET, Trend.IMPROVING, Trajectory.OFF_TRACK),
        f"{PERM} 84% in September 2022, short of the 92% target for 2023; the target is not met yet: on the "
        "recent trend it will not be met by 2023 (projected 86.5%).",
        id="at_least-before-not-met",
    ),
    pytest.param(
        # judged on Sep 2023 (92.5 >= 92): met, green, though Sep 2024 (80) would not be. 85, 90, 92.5: improving.
        AT_LEAST, [(2021, 85), (2022, 90), (2023, 92.5), (2024, 80)], AFTER,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.PASSED_MET),
        f"{PERM} 92.5% in September 2023, meeting the 92% target for 2023; the target was met. "
        "The latest figure is 80% (September 2024).",
        id="at_least-after-met",
    ),
    pytest.param(
        # judged on Sep 2023 (86, 6 short, beyond 4.6): red, though Sep 2024 (95) meets it. 88, 87, 86: worsening.
        AT_LEAST, [(2021, 88), (2022, 87), (2023, 86), (2024, 95)], AFTER,
        (Rag.RED, Verdict.NOT_MET, Trend.WORSENING, Trajectory.PASSED_NOT_MET),
        f"{PERM} 86% in September 2023, short of the 92% target for 2023; the target was not met. "
        "The latest figure is 95% (September 2024).",
        id="at_least-after-not-met",
    ),
    # --- at most 16 cases per FTE ---------------------------------------------------------------------------
    pytest.param(
        # 15.5 <= 16: met, green. 18, 17, 15.5 fall: improving (lower is better).
        AT_MOST, [(2020, 18), (2021, 17), (2022, 15.5)], BEFORE,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.MET),
        f"{CASE} 15.5 cases per FTE in September 2022, within the 16 cases per FTE target for 2023; the target "
        "is met.",
        id="at_most-before-met",
    ),
    pytest.param(
        # 18 is 2 above 16, beyond 0.8: red. Line falls 2 a year from 20: 20 - 2 x 822/365 = 15.5 <= 16: on track.
        AT_MOST, [(2020, 22), (2021, 20), (2022, 18)], BEFORE,
        (Rag.RED, Verdict.NOT_MET, Trend.IMPROVING, Trajectory.ON_TRACK),
        f"{CASE} 18 cases per FTE in September 2022, above the 16 cases per FTE target for 2023; the target is "
        "not met yet: on the recent trend it will be met by 2023 (projected 15.5 cases per FTE).",
        id="at_most-before-not-met-on-track",
    ),
    pytest.param(
        # 18 above 16: red. Falls 1 a year from 19: 19 - 822/365 = 16.7 > 16: off track.
        AT_MOST, [(2020, 20), (2021, 19), (2022, 18)], BEFORE,
        (Rag.RED, Verdict.NOT_MET, Trend.IMPROVING, Trajectory.OFF_TRACK),
        f"{CASE} 18 cases per FTE in September 2022, above the 16 cases per FTE target for 2023; the target is "
        "not met yet: on the recent trend it will not be met by 2023 (projected 16.7 cases per FTE).",
        id="at_most-before-not-met-off-track",
    ),
    pytest.param(
        # judged on Sep 2023 (15.8 <= 16): met, green; Sep 2024 (19) is reported, not judged.
        AT_MOST, [(2021, 17), (2022, 16.5), (2023, 15.8), (2024, 19)], AFTER,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.PASSED_MET),
        f"{CASE} 15.8 cases per FTE in September 2023, within the 16 cases per FTE target for 2023; the target "
        "was met. The latest figure is 19 cases per FTE (September 2024).",
        id="at_most-after-met",
    ),
    pytest.param(
        # judged on Sep 2023 (16.5, 0.5 above 16, within 0.8): amber, not met.
        AT_MOST, [(2021, 18), (2022, 17.5), (2023, 16.5), (2024, 14)], AFTER,
        (Rag.AMBER, Verdict.CLOSE, Trend.IMPROVING, Trajectory.PASSED_NOT_MET),
        f"{CASE} 16.5 cases per FTE in September 2023, above the 16 cases per FTE target for 2023; the target "
        "was not met. The latest figure is 14 cases per FTE (September 2024).",
        id="at_most-after-not-met",
    ),
    # --- increase on a baseline of 85% (January 2021); flat within 0.85 --------------------------------------
    pytest.param(
        # 88 is up 3 on 85: met, green. 86 -> 88: improving.
        INCREASE, [(2021, 86), (2022, 88)], BEFORE,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.MET),
        f"{PERM} 88% in September 2022, up from 85% in January 2021 (the aim is an increase); the aim is met.",
        id="increase-before-met",
    ),
    pytest.param(
        # 84 is down 1 on 85: not met, red. Falls 2 a year from 85 (the middle of Sep 2021 and Sep 2022):
        # 85 - 2 x 639.5/365 = 81.5 by the deadline, still below 85: off track.
        INCREASE, [(2021, 86), (2022, 84)], BEFORE,
        (Rag.RED, Verdict.NOT_MET, Trend.WORSENING, Trajectory.OFF_TRACK),
        f"{PERM} 84% in September 2022, down from 85% in January 2021 (the aim is an increase); the aim is not "
        "met yet: on the recent trend it will not be met by 2023 (projected 81.5%).",
        id="increase-before-not-met",
    ),
    pytest.param(
        # judged on Sep 2023 (88, up 3): met, green; Sep 2024 (80) is reported, not judged.
        INCREASE, [(2021, 86), (2022, 87), (2023, 88), (2024, 80)], AFTER,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.PASSED_MET),
        f"{PERM} 88% in September 2023, up from 85% in January 2021 (the aim is an increase); the aim was met. "
        "The latest figure is 80% (September 2024).",
        id="increase-after-met",
    ),
    pytest.param(
        # judged on Sep 2023 (84, down 1): red, although Sep 2024 (91) is up (Bexley's permanency).
        INCREASE, [(2021, 86), (2022, 85), (2023, 84), (2024, 91)], AFTER,
        (Rag.RED, Verdict.NOT_MET, Trend.WORSENING, Trajectory.PASSED_NOT_MET),
        f"{PERM} 84% in September 2023, down from 85% in January 2021 (the aim is an increase); the aim was not "
        "met. The latest figure is 91% (September 2024).",
        id="increase-after-not-met",
    ),
    # --- decrease from the figure before the start (September 2020); flat within 1% of it --------------------
    pytest.param(
        # 16 is down 4 on 20: met, green. 20, 18, 16: improving.
        DECREASE, [(2020, 20), (2021, 18), (2022, 16)], BEFORE,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.MET),
        "Turnover rate – FTE was 16% in September 2022, down from 20% in September 2020 (the aim is a reduction); "
        "the aim is met.",
        id="decrease-before-met",
    ),
    pytest.param(
        # 22 is up 2 on 20: red. Rises 1 a year from 21: 21 + 822/365 = 23.3 by the deadline: off track.
        DECREASE, [(2020, 20), (2021, 21), (2022, 22)], BEFORE,
        (Rag.RED, Verdict.NOT_MET, Trend.WORSENING, Trajectory.OFF_TRACK),
        "Turnover rate – FTE was 22% in September 2022, up from 20% in September 2020 (the aim is a reduction); "
        "the aim is not met yet: on the recent trend it will not be met by 2023 (projected 23.3%).",
        id="decrease-before-not-met",
    ),
    pytest.param(
        # judged on Sep 2023 (17, down 3): green, improving over 19, 18, 17; Sep 2024 (21) is reported (Dudley's
        # caseload).
        DECREASE, [(2020, 20), (2021, 19), (2022, 18), (2023, 17), (2024, 21)], AFTER,
        (Rag.GREEN, Verdict.MET, Trend.IMPROVING, Trajectory.PASSED_MET),
        "Turnover rate – FTE was 17% in September 2023, down from 20% in September 2020 (the aim is a reduction); "
        "the aim was met. The latest figure is 21% (September 2024).",
        id="decrease-after-met",
    ),
    pytest.param(
        # judged on Sep 2023 (25, up 5): red, worsening; Sep 2024 (18) is reported.
        DECREASE, [(2020, 20), (2021, 22), (2022, 24), (2023, 25), (2024, 18)], AFTER,
        (Rag.RED, Verdict.NOT_MET, Trend.WORSENING, Trajectory.PASSED_NOT_MET),
        "Turnover rate – FTE was 25% in September 2023, up from 20% in September 2020 (the aim is a reduction); "
        "the aim was not met. The latest figure is 18% (September 2024).",
        id="decrease-after-not-met",
    ),
    # --- maintain 90% (January 2021) on a measure where higher is better: no worse than 0.9 below it ----------
    pytest.param(
        # 89.5 is 0.5 below 90, within 0.9: met, green. 90.5 -> 89.5 falls 1, beyond 0.9: worsening, so said.
        MAINTAIN, [(2021, 90.5), (2022, 89.5)], BEFORE,
        (Rag.GREEN, Verdict.MET, Trend.WORSENING, Trajectory.MET),
        f"{PERM} 89.5% in September 2022, down from 90% in January 2021 (the aim is to keep it at 90% or more); "
        "the aim is met, but the recent trend is worsening.",
        id="maintain-before-met",
    ),
    pytest.param(
        # 84 is 6 below 90, beyond the amber 4.5: red. Falls 5 a year from 86.5: 86.5 - 5 x 639.5/365 = 77.7 by
        # the deadline: off track.
        MAINTAIN, [(2021, 89), (2022, 84)], BEFORE,
        (Rag.RED, Verdict.NOT_MET, Trend.WORSENING, Trajectory.OFF_TRACK),
        f"{PERM} 84% in September 2022, down from 90% in January 2021 (the aim is to keep it at 90% or more); "
        "the aim is not met yet: on the recent trend it will not be met by 2023 (projected 77.7%).",
        id="maintain-before-not-met",
    ),
    pytest.param(
        # judged on Sep 2023 (90.2, not below 90): green. 90, 91, 90.2: the fit moves 0.2, within 0.9: flat.
        MAINTAIN, [(2021, 90), (2022, 91), (2023, 90.2), (2024, 80)], AFTER,
        (Rag.GREEN, Verdict.MET, Trend.FLAT, Trajectory.PASSED_MET),
        f"{PERM} 90.2% in September 2023, up from 90% in January 2021 (the aim is to keep it at 90% or more); "
        "the aim was met. The latest figure is 80% (September 2024).",
        id="maintain-after-met",
    ),
    pytest.param(
        # judged on Sep 2023 (87, 3 below 90: beyond 0.9, within 4.5): amber, not met. 90, 88, 87: worsening.
        MAINTAIN, [(2021, 90), (2022, 88), (2023, 87), (2024, 95)], AFTER,
        (Rag.AMBER, Verdict.CLOSE, Trend.WORSENING, Trajectory.PASSED_NOT_MET),
        f"{PERM} 87% in September 2023, down from 90% in January 2021 (the aim is to keep it at 90% or more); "
        "the aim was not met. The latest figure is 95% (September 2024).",
        id="maintain-after-not-met",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("target", "series", "as_at", "expected", "sentence"), CASES)
def test_every_direction_deadline_and_outcome(
    target: Target,
    series: list[tuple[date | int, float]],
    as_at: date,
    expected: tuple[Rag, Verdict, Trend, Trajectory],
    sentence: str,
) -> None:
    r = judged(target, series, as_at, MEASURE[target.direction])
    assert (r.rag, r.judgement.verdict, r.trend, r.trajectory) == expected
    assert r.sentence == sentence
    # the figure shown as judged is the one the sentence judges: September 2023 once the deadline has passed
    assert r.value_date == (date(2023, 9, 30) if as_at == AFTER else date(2022, 9, 30))
    assert r.latest is not None and r.latest[1] == series[-1][1]


def test_maintain_without_a_polarity_keeps_within_the_tolerance_either_way() -> None:
    # ethnic_minority_pct has no polarity: baseline 40, flat within 0.4, amber within 2. 40.3 is within 0.4:
    # met; 41.5 is 1.5 away: amber; 43 is 3 away: red (either way).
    target = Target(Direction.MAINTAIN, baseline=Baseline(40, START), deadline=DEADLINE)
    rag = {v: judged(target, [(2022, v)], BEFORE, "ethnic_minority_pct").rag for v in (40.3, 41.5, 43, 37)}
    assert rag == {40.3: Rag.GREEN, 41.5: Rag.AMBER, 43: Rag.RED, 37: Rag.RED}
    r = judged(target, [(2022, 40.3)], BEFORE, "ethnic_minority_pct")
    assert "(the aim is to keep it at about 40%); the aim is met." in r.sentence


def test_no_figure_by_the_deadline_is_not_rated() -> None:
    # deadline 31 Dec 2023, first figure Sep 2024: nothing to judge, so no colour, though the figure meets 92
    r = judged(AT_LEAST, [(2024, 95)], AFTER, "permanency_rate_fte")
    assert (r.rag, r.judgement.verdict, r.trajectory) == (
        Rag.NOT_ASSESSED,
        Verdict.NOT_JUDGED,
        Trajectory.PASSED_NO_DATA,
    )
    assert r.value is None and r.latest == (date(2024, 9, 30), 95)
    assert r.sentence == (
        "Permanency rate – all qualified posts (FTE): no figure from before the deadline (2023) to judge the target "
        "(at least 92% by 2023) by. The latest figure is 95% (September 2024)."
    )


# --- the invariant, on any figures ----------------------------------------------------------------------------

TARGETS = [AT_LEAST, AT_MOST, INCREASE, DECREASE, MAINTAIN, Target(Direction.INCREASE, deadline=DEADLINE)]
SAID_MET = (" is met", " was met")
SAID_NOT_MET = (" is not met yet", " was not met")


@settings(max_examples=300, deadline=None)
@given(
    target=st.sampled_from(TARGETS),
    figures=st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=7),
    first_year=st.integers(min_value=2017, max_value=2022),
    as_at=st.sampled_from([date(2021, 6, 1), BEFORE, date(2023, 10, 1), DEADLINE, AFTER, date(2030, 1, 1)]),
)
def test_rag_trajectory_and_sentence_always_agree(
    target: Target, figures: list[float], first_year: int, as_at: date
) -> None:
    series: list[tuple[date | int, float]] = [(first_year + n, v) for n, v in enumerate(figures)]
    r = judged(target, series, as_at, MEASURE[target.direction])
    verdict = r.judgement.verdict
    said_met = any(words in r.sentence for words in SAID_MET)
    said_not_met = any(words in r.sentence for words in SAID_NOT_MET)
    assert (r.rag is Rag.GREEN) == (verdict is Verdict.MET) == said_met
    assert (r.rag in (Rag.AMBER, Rag.RED)) == (verdict in (Verdict.CLOSE, Verdict.NOT_MET)) == said_not_met
    assert (r.rag is Rag.GREEN) == (r.trajectory in (Trajectory.MET, Trajectory.PASSED_MET))
    if r.trajectory in (Trajectory.ON_TRACK, Trajectory.OFF_TRACK, Trajectory.PASSED_NOT_MET):
        assert r.rag in (Rag.AMBER, Rag.RED)
    if as_at > DEADLINE and r.value_date is not None:
        assert r.value_date <= DEADLINE  # judged at the deadline, whatever came later
    if r.value_date is not None:
        assert f"in {r.value_date:%B %Y}" in r.sentence  # the sentence speaks of the figure judged


def test_a_sentence_s_figures_read_as_people_write_them() -> None:
    """Money in whole pounds with the sign before it; thousands with commas; percentages with the sign after."""
    from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID
    from csc_workforce.strategies.sentences import fmt

    assert fmt(1398864.5, STRATEGY_BY_ID["recruitment_and_turnover_cost"]) == "£1,398,865"
    assert fmt(54650, STRATEGY_BY_ID["recruitment_cost"]) == "£54,650"
    assert fmt(-250.4, STRATEGY_BY_ID["recruitment_cost"]) == "-£250"
    assert fmt(92, STRATEGY_BY_ID["permanency_rate_fte"]) == "92%"
    assert fmt(1204, STRATEGY_BY_ID["inpost_headcount"]).startswith("1,204 ")
