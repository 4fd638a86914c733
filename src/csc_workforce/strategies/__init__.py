"""Workforce strategies as data: targets from councils' strategies, loaded from YAML and evaluated against
measure values (RAG, trend, trajectory and a sentence a councillor can read). Pure: no Django, no clock.

See ``docs/strategies.md``.
"""

from csc_workforce.strategies.comparators import ComparatorSeries, ComparatorSource, PublishedComparators
from csc_workforce.strategies.evaluate import Evaluation, MeasureResult, MeasureValues, evaluate
from csc_workforce.strategies.judgement import Basis, Judgement, Verdict, judge
from csc_workforce.strategies.load import StrategyError, load_strategy, parse_strategy
from csc_workforce.strategies.model import (
    Direction,
    MeasureTarget,
    Outcome,
    Rag,
    Strategy,
    Target,
    Trajectory,
    Trend,
)
from csc_workforce.strategies.published import PublishedValues
from csc_workforce.strategies.shipped import load_seed, seed_ids, seed_strategies

__all__ = [
    "Basis",
    "ComparatorSeries",
    "ComparatorSource",
    "Direction",
    "Evaluation",
    "Judgement",
    "MeasureResult",
    "MeasureValues",
    "Outcome",
    "PublishedComparators",
    "PublishedValues",
    "Rag",
    "Strategy",
    "StrategyError",
    "MeasureTarget",
    "Target",
    "Trajectory",
    "Trend",
    "Verdict",
    "evaluate",
    "judge",
    "load_seed",
    "load_strategy",
    "parse_strategy",
    "seed_ids",
    "seed_strategies",
]
