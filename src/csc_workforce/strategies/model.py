"""A strategy's targets as frozen values: strategy → outcomes → measures, each with a target, a RAG rule and
comparators. Measure ids are plain strings, checked against a registry when the strategy is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from csc_workforce.domain.issues import Issue


class Direction(StrEnum):
    AT_LEAST = "at_least"  # reach the value or more by the deadline
    AT_MOST = "at_most"  # reach the value or less by the deadline
    INCREASE = "increase"  # a trend goal without a number: up on the baseline
    DECREASE = "decrease"  # a trend goal without a number: down on the baseline
    MAINTAIN = "maintain"  # keep the baseline level: no worse than it (the measure's polarity says which way)
    MONITOR = "monitor"  # tracked (often qualitative) with no assessable target

    @property
    def higher_is_better(self) -> bool | None:
        if self in (Direction.AT_LEAST, Direction.INCREASE):
            return True
        if self in (Direction.AT_MOST, Direction.DECREASE):
            return False
        return None

    @property
    def has_value(self) -> bool:
        return self in (Direction.AT_LEAST, Direction.AT_MOST)

    @property
    def is_trend_goal(self) -> bool:
        """Judged against a reference figure (the baseline) rather than a number."""
        return self in (Direction.INCREASE, Direction.DECREASE, Direction.MAINTAIN)


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_ASSESSED = "not assessed"


class Trend(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    FLAT = "flat"
    RISING = "rising"  # for measures without a polarity (monitor only)
    FALLING = "falling"
    NOT_ENOUGH_DATA = "not enough data"


class Trajectory(StrEnum):
    MET = "met"
    ON_TRACK = "on track"
    OFF_TRACK = "off track"
    PASSED_MET = "deadline passed, met"
    PASSED_NOT_MET = "deadline passed, not met"
    PASSED_NO_DATA = "deadline passed, no figure by the deadline"
    NOT_ASSESSED = "not assessed"


@dataclass(frozen=True, slots=True)
class Council:
    name: str
    la_code: str


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Baseline:
    value: float
    date: date


@dataclass(frozen=True, slots=True)
class Target:
    direction: Direction
    value: float | None = None  # required for at_least / at_most, absent otherwise
    deadline: date | None = None
    baseline: Baseline | None = None
    text: str | None = None  # the strategy's own wording of the target


@dataclass(frozen=True, slots=True)
class RagRule:
    """Green when the target is met; amber when within ``amber_within`` (in the measure's units) of it; red
    otherwise. ``None`` means the default, 5% of the target value (92% → amber from 87.4%)."""

    amber_within: float | None = None
    flat_within: float | None = None  # trend tolerance; None → 1% of the mean of the points compared

    def amber_margin(self, target_value: float) -> float:
        return self.amber_within if self.amber_within is not None else abs(target_value) * 0.05


@dataclass(frozen=True, slots=True)
class Comparators:
    """Who the strategy compares a measure with, as its file gives them (nothing unless written)."""

    england: bool = False
    region: bool = False  # the council's region, as DfE publishes it ("London" for a London borough)
    statistical_neighbours: tuple[str, ...] = ()  # DfE 3-digit council codes

    def __bool__(self) -> bool:
        return self.england or self.region or bool(self.statistical_neighbours)


@dataclass(frozen=True, slots=True)
class MeasureTarget:
    """A measure a strategy names, with its target, the strategy's own label, its RAG rule and what it is
    compared with (the measure itself is declared once, in the measure catalogue)."""

    measure: str
    target: Target
    label: str | None = None  # the strategy's own wording of the measure
    rag: RagRule = RagRule()
    comparators: Comparators = Comparators()
    question: str | None = None  # for a measure by survey question: the question's code, as the council loads it


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    title: str
    measures: tuple[MeasureTarget, ...]


@dataclass(frozen=True, slots=True)
class GovernanceBody:
    """A body the strategy reports to, and how often it meets: every ``months`` or every ``weeks`` (one of the
    two) from ``first``, a date it met or meets; ``papers``: the report kinds it receives
    (``store.services.reports``); ``text``: the strategy's own words for it."""

    name: str
    first: date
    months: int | None = None
    weeks: int | None = None
    papers: tuple[str, ...] = ()
    text: str | None = None

    @property
    def every(self) -> str:
        """How often, in words: "every month", "every 10 weeks", "every 6 months", "every year"."""
        if self.weeks is not None:
            return "every week" if self.weeks == 1 else f"every {self.weeks} weeks"
        months = self.months or 12
        return {1: "every month", 12: "every year"}.get(months, f"every {months} months")


@dataclass(frozen=True, slots=True)
class Strategy:
    id: str
    title: str
    council: Council
    period: Period
    outcomes: tuple[Outcome, ...]
    source: str | None = None  # where the strategy came from (document, page)
    warnings: tuple[Issue, ...] = ()  # found when the file was read; it loaded (see load.py)
    governance: tuple[GovernanceBody, ...] = ()  # the meeting cycle: who it reports to, how often

    @property
    def measures(self) -> tuple[tuple[Outcome, MeasureTarget], ...]:
        return tuple((outcome, m) for outcome in self.outcomes for m in outcome.measures)
