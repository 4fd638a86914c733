"""How a strategy is going: for each measure the latest value, RAG status, trend, trajectory to the deadline
and a sentence a councillor can read. Pure: values come from a :class:`MeasureValues` provider and "today" is
the ``as_at`` argument. Rules are in ``docs/strategies.md``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from csc_workforce.strategies.model import Direction, Outcome, Rag, Strategy, StrategyMeasure, Trajectory, Trend
from csc_workforce.strategies.registry import PERCENT, MeasureInfo, info

Point = tuple[date, float]
TREND_POINTS = 3  # trend and trajectory use the last three points (two when only two are known)


class MeasureValues(Protocol):
    """A measure's time series for a council: (date, value) or (census year, value) pairs, a census year
    standing for 30 September of that year; ``None`` when the measure cannot be computed (needs data)."""

    def series(self, measure: str, la_code: str) -> Sequence[tuple[date | int, float]] | None: ...


class Status(StrEnum):
    ASSESSED = "assessed"
    NO_TARGET = "no target"  # monitored without a target: value and trend only
    NEEDS_DATA = "needs data"  # the measure cannot be computed from the data held
    NO_FIGURES = "no figures"  # computable, but no figure on or before as_at
    QUALITATIVE = "qualitative"


@dataclass(frozen=True, slots=True)
class MeasureResult:
    outcome: Outcome
    item: StrategyMeasure
    info: MeasureInfo
    status: Status
    value: float | None
    value_date: date | None
    rag: Rag
    trend: Trend
    trajectory: Trajectory
    projected: float | None  # the trend line's value at the deadline, when a trajectory was projected
    sentence: str
    points: tuple[Point, ...]

    def as_dict(self) -> dict[str, Any]:
        target = self.item.target
        return {
            "outcome": self.outcome.id,
            "outcome_title": self.outcome.title,
            "measure": self.item.measure,
            "title": self.info.title,
            "label": self.item.label,
            "unit": self.info.unit,
            "value": _rounded(self.value),
            "value_date": self.value_date.isoformat() if self.value_date else None,
            "direction": str(target.direction),
            "target": target.value,
            "target_text": target.text,
            "deadline": target.deadline.isoformat() if target.deadline else None,
            "rag": str(self.rag),
            "trend": str(self.trend),
            "trajectory": str(self.trajectory),
            "projected": _rounded(self.projected),
            "sentence": self.sentence,
            "status": str(self.status),
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    strategy: Strategy
    as_at: date
    results: tuple[MeasureResult, ...]

    def as_dict(self) -> dict[str, Any]:
        s = self.strategy
        return {
            "strategy": {
                "id": s.id,
                "title": s.title,
                "council": {"name": s.council.name, "la_code": s.council.la_code},
                "period": {"start": s.period.start.isoformat(), "end": s.period.end.isoformat()},
            },
            "as_at": self.as_at.isoformat(),
            "measures": [r.as_dict() for r in self.results],
        }


def evaluate(
    strategy: Strategy, values: MeasureValues, *, as_at: date, registry: Mapping[str, MeasureInfo] | None = None
) -> Evaluation:
    """Every measure of ``strategy`` judged on the figures ``values`` gives for its council up to ``as_at``."""
    results = tuple(
        evaluate_measure(
            outcome,
            item,
            values.series(item.measure, strategy.council.la_code),
            strategy=strategy,
            as_at=as_at,
            registry=registry,
        )
        for outcome, item in strategy.measures
    )
    return Evaluation(strategy, as_at, results)


def evaluate_measure(
    outcome: Outcome,
    item: StrategyMeasure,
    raw: Sequence[tuple[date | int, float]] | None,
    *,
    strategy: Strategy,
    as_at: date,
    registry: Mapping[str, MeasureInfo] | None = None,
) -> MeasureResult:
    meta = info(item.measure, registry)
    if item.target.deadline is None and item.target.direction is not Direction.MONITOR:
        item = replace(item, target=replace(item.target, deadline=strategy.period.end))  # "by the end"
    points = tuple(normalise(raw, as_at=as_at)) if raw is not None else ()
    status = _status(item, meta, raw, points)
    none = (Rag.NOT_ASSESSED, Trend.NOT_ENOUGH_DATA, Trajectory.NOT_ASSESSED, None)
    if status in (Status.NEEDS_DATA, Status.QUALITATIVE, Status.NO_FIGURES):
        sentence = _unassessed_sentence(status, item, meta, strategy, as_at)
        return MeasureResult(outcome, item, meta, status, None, None, *none, sentence, points)
    latest_date, latest = points[-1]
    trend = trend_of(points, item)
    if status is Status.NO_TARGET:
        sentence = f"{meta.title} was {fmt(latest, meta)} in {_month(latest_date)}; the strategy sets no target"
        sentence += "." if trend is Trend.NOT_ENOUGH_DATA else f" (trend: {trend})."
        return MeasureResult(
            outcome,
            item,
            meta,
            status,
            latest,
            latest_date,
            Rag.NOT_ASSESSED,
            trend,
            Trajectory.NOT_ASSESSED,
            None,
            sentence,
            points,
        )
    reference = reference_point(points, item, strategy)
    rag = rag_of(points[-1], item, reference)
    trajectory, projected = trajectory_of(points, item, as_at=as_at, rag=rag, trend=trend, reference=reference)
    sentence = _sentence(item, meta, points, reference, trajectory, projected)
    return MeasureResult(
        outcome, item, meta, status, latest, latest_date, rag, trend, trajectory, projected, sentence, points
    )


def _status(item: StrategyMeasure, meta: MeasureInfo, raw: object, points: tuple[Point, ...]) -> Status:
    if meta.qualitative:
        return Status.QUALITATIVE
    if raw is None:
        return Status.NEEDS_DATA
    if not points:
        return Status.NO_FIGURES
    return Status.NO_TARGET if item.target.direction is Direction.MONITOR else Status.ASSESSED


def normalise(raw: Sequence[tuple[date | int, float]], *, as_at: date) -> list[Point]:
    """Points dated on or before ``as_at``, oldest first; a census year becomes 30 September of that year."""
    dated = [(when if isinstance(when, date) else date(when, 9, 30), float(v)) for when, v in raw]
    return sorted(p for p in dated if p[0] <= as_at)


def meets(value: float, item: StrategyMeasure) -> bool:
    target = item.target
    assert target.value is not None
    return value >= target.value if target.direction is Direction.AT_LEAST else value <= target.value


def reference_point(points: Sequence[Point], item: StrategyMeasure, strategy: Strategy) -> Point | None:
    """What a trend goal is measured from: the baseline; else the last figure on or before the strategy's
    start; else the first figure. ``None`` for targets with a value."""
    if item.target.direction.has_value:
        return None
    if item.target.baseline is not None:
        return item.target.baseline.date, item.target.baseline.value
    before = [p for p in points if p[0] <= strategy.period.start]
    return before[-1] if before else (points[0] if points else None)


def _tolerance(item: StrategyMeasure, values: Sequence[float]) -> float:
    if item.rag.flat_within is not None:
        return item.rag.flat_within
    return abs(sum(values) / len(values)) * 0.01


def _moved(item: StrategyMeasure, value: float, reference: Point) -> Rag:
    """Green if moved the wanted way by more than the flat tolerance, amber if within it, red otherwise."""
    change = value - reference[1]
    if abs(change) <= _tolerance(item, [reference[1]]):
        return Rag.AMBER
    wanted_up = item.target.direction is Direction.INCREASE
    return Rag.GREEN if (change > 0) == wanted_up else Rag.RED


def rag_of(latest: Point, item: StrategyMeasure, reference: Point | None) -> Rag:
    """Green when the target is met, amber within the RAG rule's margin, red beyond it; trend goals are green
    when moved the wanted way since the reference by more than the flat tolerance, amber within it."""
    target = item.target
    if target.direction.has_value:
        assert target.value is not None
        if meets(latest[1], item):
            return Rag.GREEN
        gap = abs(latest[1] - target.value)
        return Rag.AMBER if gap <= item.rag.amber_margin(target.value) else Rag.RED
    if reference is None or reference[0] >= latest[0]:
        return Rag.NOT_ASSESSED
    return _moved(item, latest[1], reference)


def fit(points: Sequence[Point]) -> tuple[float, Point]:
    """Least-squares line through the last three points: (slope per year, last point)."""
    recent = list(points[-TREND_POINTS:])
    xs = [p[0].toordinal() / 365.25 for p in recent]
    ys = [p[1] for p in recent]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return slope, recent[-1]


def trend_of(points: Sequence[Point], item: StrategyMeasure) -> Trend:
    """Change along the fitted line over the last three points; flat within the tolerance."""
    if len(points) < 2:
        return Trend.NOT_ENOUGH_DATA
    recent = points[-TREND_POINTS:]
    slope, _ = fit(points)
    change = slope * (recent[-1][0] - recent[0][0]).days / 365.25
    if abs(change) <= _tolerance(item, [p[1] for p in recent]):
        return Trend.FLAT
    higher = item.target.direction.higher_is_better
    if higher is None:
        return Trend.RISING if change > 0 else Trend.FALLING
    return Trend.IMPROVING if (change > 0) == higher else Trend.WORSENING


def project(points: Sequence[Point], when: date) -> float:
    slope, (last_date, _) = fit(points)
    recent = points[-TREND_POINTS:]
    mean_x = sum(p[0].toordinal() for p in recent) / len(recent)
    mean_y = sum(p[1] for p in recent) / len(recent)
    return mean_y + slope * (when.toordinal() - mean_x) / 365.25


def trajectory_of(
    points: Sequence[Point],
    item: StrategyMeasure,
    *,
    as_at: date,
    rag: Rag,
    trend: Trend,
    reference: Point | None,
) -> tuple[Trajectory, float | None]:
    deadline = item.target.deadline
    if deadline is not None and deadline < as_at:
        by_deadline = [p for p in points if p[0] <= deadline]
        if not by_deadline:
            return Trajectory.PASSED_NO_DATA, None
        value = by_deadline[-1][1]
        if item.target.direction.has_value:
            met = meets(value, item)
        else:
            met = reference is not None and _moved(item, value, reference) is Rag.GREEN
        return (Trajectory.PASSED_MET if met else Trajectory.PASSED_NOT_MET), None
    if not item.target.direction.has_value:
        if rag is Rag.NOT_ASSESSED:
            return Trajectory.NOT_ASSESSED, None
        return (Trajectory.ON_TRACK if rag is Rag.GREEN else Trajectory.OFF_TRACK), None
    if meets(points[-1][1], item):
        return Trajectory.MET, None
    if len(points) < 2:
        return Trajectory.NOT_ASSESSED, None
    if deadline is None:
        return (Trajectory.ON_TRACK if trend is Trend.IMPROVING else Trajectory.OFF_TRACK), None
    projected = project(points, deadline)
    return (Trajectory.ON_TRACK if meets(projected, item) else Trajectory.OFF_TRACK), projected


# --- sentences ---------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return str(int(round(value))) if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def fmt(value: float, meta: MeasureInfo) -> str:
    if meta.unit == PERCENT:
        return f"{_number(value)}%"
    return f"{_number(value)} {meta.unit}".rstrip()


def _month(when: date) -> str:
    return when.strftime("%B %Y")


def _by(when: date) -> str:
    return str(when.year) if (when.month, when.day) == (12, 31) else _month(when)


def _target_phrase(item: StrategyMeasure, meta: MeasureInfo) -> str:
    t = item.target
    if t.value is not None:
        words = "at least" if t.direction is Direction.AT_LEAST else "at most"
        what = f"{words} {fmt(t.value, meta)}"
    else:
        what = {Direction.INCREASE: "an increase", Direction.DECREASE: "a reduction"}.get(t.direction, "no target")
    return what + (f" by {_by(t.deadline)}" if t.deadline else "")


def _unassessed_sentence(status: Status, item: StrategyMeasure, meta: MeasureInfo, s: Strategy, as_at: date) -> str:
    aim = f" (target: {item.target.text or _target_phrase(item, meta)})"
    if status is Status.QUALITATIVE:
        return f"{meta.title} is qualitative: report it in words{aim}."
    if status is Status.NEEDS_DATA:
        return f"{meta.title} cannot be reported yet: the data it needs is not held{aim}."
    return f"{meta.title}: no figure for {s.council.name} on or before {as_at:%d %B %Y}{aim}."


_CLAUSES = {
    Trajectory.MET: "the target is met",
    Trajectory.PASSED_MET: "the target was met",
    Trajectory.PASSED_NOT_MET: "the target was not met",
    Trajectory.PASSED_NO_DATA: "there is no figure from before the deadline to judge it by",
    Trajectory.NOT_ASSESSED: "one figure is not enough to show a trend",
}


def _clause(trajectory: Trajectory, item: StrategyMeasure, meta: MeasureInfo, projected: float | None) -> str:
    if trajectory in _CLAUSES:
        clause = _CLAUSES[trajectory]
        return clause if item.target.value is not None else clause.replace("the target", "the aim")
    by = f" for {_by(item.target.deadline)}" if item.target.deadline else ""
    if projected is None:
        moved = "has moved" if trajectory is Trajectory.ON_TRACK else "has not moved"
        return f"{trajectory}{by}: it {moved} the right way"
    will = "will" if trajectory is Trajectory.ON_TRACK else "will not"
    return f"on the recent trend it {will} be met (projected {fmt(projected, meta)})"


def _sentence(
    item: StrategyMeasure,
    meta: MeasureInfo,
    points: Sequence[Point],
    reference: Point | None,
    trajectory: Trajectory,
    projected: float | None,
) -> str:
    """Judged on the figure at the deadline once it has passed, else on the latest; the latest is added when
    it is not the one judged."""
    judged = _judged_point(points, item, trajectory)
    when, value = judged
    t = item.target
    head = f"{meta.title} was {fmt(value, meta)} in {_month(when)}"
    later = (
        "" if judged == points[-1] else f" The latest figure is {fmt(points[-1][1], meta)} ({_month(points[-1][0])})."
    )
    if t.value is not None:
        ok = meets(value, item)
        at_least = t.direction is Direction.AT_LEAST
        relation = ("meeting" if ok else "short of") if at_least else ("within" if ok else "above")
        target = f"the {fmt(t.value, meta)} target" + (f" for {_by(t.deadline)}" if t.deadline else "")
        return f"{head}, {relation} {target}; {_clause(trajectory, item, meta, projected)}.{later}"
    aim = "an increase" if t.direction is Direction.INCREASE else "a reduction"
    if reference is None or reference[0] >= when:
        return f"{head}; the aim is {aim}, but there is no earlier figure to compare with.{later}"
    change = "up" if value > reference[1] else "down" if value < reference[1] else "unchanged"
    since = f"{change} from {fmt(reference[1], meta)} in {_month(reference[0])}"
    return f"{head}, {since} (the aim is {aim}); {_clause(trajectory, item, meta, projected)}.{later}"


def _judged_point(points: Sequence[Point], item: StrategyMeasure, trajectory: Trajectory) -> Point:
    deadline = item.target.deadline
    if trajectory in (Trajectory.PASSED_MET, Trajectory.PASSED_NOT_MET) and deadline is not None:
        return [p for p in points if p[0] <= deadline][-1]
    return points[-1]
