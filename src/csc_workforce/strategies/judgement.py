"""The one judgement behind every verdict on a strategy's measure.

:func:`judge` decides, once: which figure is judged (the latest, or once the deadline has passed the last one on
or before it), whether the target is met there (met, close, not met, or not judged), the trend over the figures
up to and including that one and, before the deadline, where the trend line leads. The RAG colour, the
trajectory and the sentence are properties of that one :class:`Judgement` (see ``sentences.py``), so they cannot
disagree. Rules are in ``docs/strategies.md``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from csc_workforce.measures.catalogue import Measure
from csc_workforce.strategies.model import Direction, MeasureTarget, Rag, Strategy, Trajectory, Trend

Point = tuple[date, float]
TREND_POINTS = 3  # trend and trajectory use the last three points (two when only two are known)


class Basis(StrEnum):
    """Which figure is judged."""

    LATEST = "latest"  # the deadline is still ahead (or there is none): the latest figure
    DEADLINE = "deadline"  # the deadline has passed: the last figure on or before it


class Verdict(StrEnum):
    MET = "met"
    CLOSE = "close"  # not met, but within the amber margin (a number) or the flat tolerance (a trend goal)
    NOT_MET = "not met"
    NOT_JUDGED = "not judged"  # no target, no figure to judge, or no earlier figure to compare with


_RAG = {Verdict.MET: Rag.GREEN, Verdict.CLOSE: Rag.AMBER, Verdict.NOT_MET: Rag.RED}


@dataclass(frozen=True, slots=True)
class Judgement:
    """The one decision about a measure; RAG, trajectory and the sentence are derived from it."""

    basis: Basis
    judged: Point | None  # the figure judged; None when there is none (e.g. none by the deadline)
    verdict: Verdict
    trend: Trend  # over the last figures up to and including the one judged
    reference: Point | None = None  # what a trend goal is compared with
    projected: float | None = None  # before the deadline, not met: the trend line's value at the deadline
    projected_verdict: Verdict | None = None  # the verdict on ``projected``

    @property
    def rag(self) -> Rag:
        return _RAG.get(self.verdict, Rag.NOT_ASSESSED)

    @property
    def met(self) -> bool | None:
        return None if self.verdict is Verdict.NOT_JUDGED else self.verdict is Verdict.MET

    @property
    def trajectory(self) -> Trajectory:
        if self.basis is Basis.DEADLINE:
            if self.judged is None:
                return Trajectory.PASSED_NO_DATA
            if self.verdict is Verdict.NOT_JUDGED:
                return Trajectory.NOT_ASSESSED
            return Trajectory.PASSED_MET if self.verdict is Verdict.MET else Trajectory.PASSED_NOT_MET
        if self.verdict is Verdict.MET:
            return Trajectory.MET
        if self.verdict is Verdict.NOT_JUDGED or self.projected_verdict is None:
            return Trajectory.NOT_ASSESSED
        return Trajectory.ON_TRACK if self.projected_verdict is Verdict.MET else Trajectory.OFF_TRACK


def judge(points: Sequence[Point], item: MeasureTarget, meta: Measure, *, strategy: Strategy, as_at: date) -> Judgement:
    """The one decision for a measure with figures: see the module docstring and docs/strategies.md."""
    higher = polarity(item, meta)
    target = item.target
    if target.direction is Direction.MONITOR:
        return Judgement(Basis.LATEST, points[-1], Verdict.NOT_JUDGED, trend_of(points, item, higher))
    deadline = target.deadline
    passed = deadline is not None and deadline < as_at
    window = [p for p in points if deadline is None or not passed or p[0] <= deadline]
    basis = Basis.DEADLINE if passed else Basis.LATEST
    reference = reference_point(points, item, strategy)
    if not window:
        return Judgement(basis, None, Verdict.NOT_JUDGED, Trend.NOT_ENOUGH_DATA, reference)
    judged, trend = window[-1], trend_of(window, item, higher)
    verdict = verdict_on(judged, item, reference, higher)
    if passed or verdict in (Verdict.MET, Verdict.NOT_JUDGED) or len(window) < 2 or deadline is None:
        return Judgement(basis, judged, verdict, trend, reference)
    projected = project(window, deadline)
    ahead = verdict_on((deadline, projected), item, reference, higher)
    return Judgement(basis, judged, verdict, trend, reference, projected, ahead)


def polarity(item: MeasureTarget, meta: Measure) -> bool | None:
    """Whether higher is better for this target: from its direction, or for "maintain" (and "monitor"), from the
    measure's polarity in the catalogue."""
    wanted = item.target.direction.higher_is_better
    return wanted if wanted is not None else meta.higher_is_better


def verdict_on(point: Point, item: MeasureTarget, reference: Point | None, higher: bool | None) -> Verdict:
    """Met, close or not met at ``point``: against the target's value, or against the reference figure for a
    trend goal (not judged when the reference is not earlier than the point)."""
    target, value = item.target, point[1]
    if target.direction.has_value:
        assert target.value is not None
        if meets(value, item):
            return Verdict.MET
        close = abs(value - target.value) <= item.rag.amber_margin(target.value)
        return Verdict.CLOSE if close else Verdict.NOT_MET
    if reference is None or reference[0] >= point[0]:
        return Verdict.NOT_JUDGED
    change, flat = value - reference[1], _tolerance(item, [reference[1]])
    if target.direction is Direction.MAINTAIN:
        worse = abs(change) if higher is None else (-change if higher else change)
        if worse <= flat:
            return Verdict.MET
        return Verdict.CLOSE if worse <= item.rag.amber_margin(reference[1]) else Verdict.NOT_MET
    if abs(change) <= flat:
        return Verdict.CLOSE
    return Verdict.MET if (change > 0) == (target.direction is Direction.INCREASE) else Verdict.NOT_MET


def meets(value: float, item: MeasureTarget) -> bool:
    target = item.target
    assert target.value is not None
    return value >= target.value if target.direction is Direction.AT_LEAST else value <= target.value


def reference_point(points: Sequence[Point], item: MeasureTarget, strategy: Strategy) -> Point | None:
    """What a trend goal is measured from: the baseline; else the last figure on or before the strategy's
    start; else the first figure. ``None`` for targets with a value and for monitored measures."""
    if not item.target.direction.is_trend_goal:
        return None
    if item.target.baseline is not None:
        return item.target.baseline.date, item.target.baseline.value
    before = [p for p in points if p[0] <= strategy.period.start]
    return before[-1] if before else (points[0] if points else None)


def _tolerance(item: MeasureTarget, values: Sequence[float]) -> float:
    if item.rag.flat_within is not None:
        return item.rag.flat_within
    return abs(sum(values) / len(values)) * 0.01


def fit(points: Sequence[Point]) -> tuple[float, Point]:
    """Least-squares line through the last three points: (slope per year, last point)."""
    recent = list(points[-TREND_POINTS:])
    xs = [p[0].toordinal() / 365.25 for p in recent]
    ys = [p[1] for p in recent]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return slope, recent[-1]


def trend_of(points: Sequence[Point], item: MeasureTarget, higher: bool | None) -> Trend:
    """Change along the fitted line over the last three points; flat within the tolerance; improving or
    worsening by ``higher`` (higher is better), rising or falling without a polarity."""
    if len(points) < 2:
        return Trend.NOT_ENOUGH_DATA
    recent = points[-TREND_POINTS:]
    slope, _ = fit(points)
    change = slope * (recent[-1][0] - recent[0][0]).days / 365.25
    if abs(change) <= _tolerance(item, [p[1] for p in recent]):
        return Trend.FLAT
    if higher is None or item.target.direction is Direction.MONITOR:
        return Trend.RISING if change > 0 else Trend.FALLING
    return Trend.IMPROVING if (change > 0) == higher else Trend.WORSENING


def project(points: Sequence[Point], when: date) -> float:
    slope, _ = fit(points)
    recent = points[-TREND_POINTS:]
    mean_x = sum(p[0].toordinal() for p in recent) / len(recent)
    mean_y = sum(p[1] for p in recent) / len(recent)
    return mean_y + slope * (when.toordinal() - mean_x) / 365.25
