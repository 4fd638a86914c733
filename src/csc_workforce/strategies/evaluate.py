"""How a strategy is going: for each measure the figure judged, RAG status, trend, trajectory to the deadline,
the comparators the strategy names and a sentence a councillor can read. Pure: values come from a
:class:`MeasureValues` provider and "today" is the ``as_at`` argument. Rules are in ``docs/strategies.md``.

Every verdict comes from one :class:`~csc_workforce.strategies.judgement.Judgement` per measure: RAG, "met /
not met", trend, trajectory and the sentence are all read off it, so they cannot disagree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures.catalogue import Measure
from csc_workforce.measures.strategy_catalogue import measure_named
from csc_workforce.strategies.comparators import ComparatorSeries, ComparatorSource
from csc_workforce.strategies.judgement import Basis, Judgement, Point, Verdict, judge
from csc_workforce.strategies.model import Direction, MeasureTarget, Outcome, Rag, Strategy, Trajectory, Trend
from csc_workforce.strategies.sentences import comparison_sentence, fmt, measure_sentence, unassessed_sentence

__all__ = [
    "Basis",
    "Evaluation",
    "Judgement",
    "MeasureResult",
    "MeasureValues",
    "Status",
    "Verdict",
    "census_year",
    "evaluate",
    "evaluate_measure",
    "fmt",
    "judge",
    "normalise",
]


class MeasureValues(Protocol):
    """A measure's time series for a council: (date, value) or (census year, value) pairs, a census year
    standing for 30 September of that year; ``None`` when the measure cannot be computed (needs data)."""

    def series(
        self, measure: str, la_code: str, *, question: str | None = None
    ) -> Sequence[tuple[date | int, float]] | None: ...


class Status(StrEnum):
    ASSESSED = "assessed"
    NO_TARGET = "no target"  # monitored without a target: value and trend only
    NEEDS_DATA = "needs data"  # the measure cannot be computed from the data held
    NO_FIGURES = "no figures"  # computable, but no figure on or before as_at
    QUALITATIVE = "qualitative"


@dataclass(frozen=True, slots=True)
class MeasureResult:
    outcome: Outcome
    item: MeasureTarget
    info: Measure
    status: Status
    judgement: Judgement
    sentence: str
    points: tuple[Point, ...]  # every figure on or before as_at, oldest first
    comparators: tuple[ComparatorSeries, ...] = ()  # as the strategy names them, for the census years of points

    @property
    def rag(self) -> Rag:
        return self.judgement.rag

    @property
    def trend(self) -> Trend:
        return self.judgement.trend

    @property
    def trajectory(self) -> Trajectory:
        return self.judgement.trajectory

    @property
    def projected(self) -> float | None:
        return self.judgement.projected

    @property
    def value(self) -> float | None:
        """The figure judged (the latest, or the one at the deadline once it has passed)."""
        return self.judgement.judged[1] if self.judgement.judged else None

    @property
    def value_date(self) -> date | None:
        return self.judgement.judged[0] if self.judgement.judged else None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def comparison_year(self) -> int | None:
        """The census year of the figure judged (the last 30 September on or before it): comparators' year."""
        when = self.value_date
        return None if when is None else census_year(when)

    @property
    def comparison(self) -> str:
        return comparison_sentence(self.comparators, self.comparison_year, self.info)

    def as_dict(self) -> dict[str, Any]:
        target, j = self.item.target, self.judgement
        year = self.comparison_year
        return {
            "outcome": self.outcome.id,
            "outcome_title": self.outcome.title,
            "measure": self.item.measure,
            "title": self.info.title,
            "label": self.item.label,
            "unit": self.info.sentence_unit,
            "value": _rounded(self.value),
            "value_date": _iso(self.value_date),
            "judged": str(j.basis),
            "latest": _rounded(self.latest[1]) if self.latest else None,
            "latest_date": _iso(self.latest[0]) if self.latest else None,
            "direction": str(target.direction),
            "target": target.value,
            "target_text": target.text,
            "deadline": _iso(target.deadline),
            "reference": None if j.reference is None else {"value": j.reference[1], "date": _iso(j.reference[0])},
            "verdict": str(j.verdict),
            "rag": str(self.rag),
            "trend": str(self.trend),
            "trajectory": str(self.trajectory),
            "projected": _rounded(self.projected),
            "sentence": self.sentence,
            "comparators": [c.as_dict(year) for c in self.comparators],
            "comparison": self.comparison,
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
            "warnings": [w.as_dict() for w in s.warnings],
            "measures": [r.as_dict() for r in self.results],
        }


def evaluate(
    strategy: Strategy,
    values: MeasureValues,
    *,
    as_at: date,
    registry: Mapping[str, Measure] | None = None,
    comparators: ComparatorSource | None = None,
) -> Evaluation:
    """Every measure of ``strategy`` judged on the figures ``values`` gives for its council up to ``as_at``;
    with ``comparators``, the figures of those the strategy compares each measure with."""
    results = []
    for outcome, item in strategy.measures:
        if item.question is None:
            raw = values.series(item.measure, strategy.council.la_code)
        else:  # a measure by survey question: that question's figure at each wave
            raw = values.series(item.measure, strategy.council.la_code, question=item.question)
        result = evaluate_measure(outcome, item, raw, strategy=strategy, as_at=as_at, registry=registry)
        if comparators is not None and item.comparators and result.points:
            years = sorted({census_year(d) for d, _ in result.points})
            found = comparators.series(item.measure, strategy.council.la_code, item.comparators, years)
            result = replace(result, comparators=found)
        results.append(result)
    return Evaluation(strategy, as_at, tuple(results))


def evaluate_measure(
    outcome: Outcome,
    item: MeasureTarget,
    raw: Sequence[tuple[date | int, float]] | None,
    *,
    strategy: Strategy,
    as_at: date,
    registry: Mapping[str, Measure] | None = None,
) -> MeasureResult:
    meta = measure_named(item.measure, registry)
    if item.question is not None:  # one question of a survey: the sentences name it
        asked = item.label or f"question {item.question}"
        meta = replace(meta, title=f"{meta.title} ({asked[:1].lower()}{asked[1:]})")
    if item.target.deadline is None and item.target.direction is not Direction.MONITOR:
        item = replace(item, target=replace(item.target, deadline=strategy.period.end))  # "by the end"
    points = tuple(normalise(raw, as_at=as_at)) if raw is not None else ()
    status = _status(item, meta, raw, points)
    if status in (Status.NEEDS_DATA, Status.QUALITATIVE, Status.NO_FIGURES):
        judgement = Judgement(Basis.LATEST, None, Verdict.NOT_JUDGED, Trend.NOT_ENOUGH_DATA)
        sentence = unassessed_sentence(str(status), item, meta, strategy.council.name, as_at)
        return MeasureResult(outcome, item, meta, status, judgement, sentence, points)
    judgement = judge(points, item, meta, strategy=strategy, as_at=as_at)
    sentence = measure_sentence(item, meta, judgement, points)
    return MeasureResult(outcome, item, meta, status, judgement, sentence, points)


def _status(item: MeasureTarget, meta: Measure, raw: object, points: tuple[Point, ...]) -> Status:
    if meta.qualitative or (meta.by_question and item.question is None):
        return Status.QUALITATIVE  # a survey as a whole, question by question: reported, not one figure
    if raw is None:
        return Status.NEEDS_DATA
    if not points:
        return Status.NO_FIGURES
    return Status.NO_TARGET if item.target.direction is Direction.MONITOR else Status.ASSESSED


def normalise(raw: Sequence[tuple[date | int, float]], *, as_at: date) -> list[Point]:
    """Points dated on or before ``as_at``, oldest first; a census year becomes 30 September of that year."""
    dated = [(when if isinstance(when, date) else date(when, 9, 30), float(v)) for when, v in raw]
    return sorted(p for p in dated if p[0] <= as_at)


def census_year(when: date) -> int:
    """The census year of a figure: the year of the last 30 September on or before ``when``."""
    return when.year if (when.month, when.day) >= (9, 30) else when.year - 1


def _rounded(value: float | None) -> float | None:
    return None if value is None else round_half_up(value, 2)


def _iso(when: date | None) -> str | None:
    return when.isoformat() if when else None
