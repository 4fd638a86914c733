"""The sentences a councillor reads, written from a measure's :class:`~.judgement.Judgement` and nothing else:
the figure judged, "met" or "not met" as the verdict says, the trajectory's words, and the latest figure when it
is not the one judged. Also the comparison with the comparators the strategy names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from csc_workforce.measures.catalogue import Measure, Unit
from csc_workforce.strategies.comparators import ComparatorSeries
from csc_workforce.strategies.judgement import Basis, Judgement, Point, Verdict, polarity
from csc_workforce.strategies.model import Direction, MeasureTarget, Trend


def _number(value: float) -> str:
    return f"{int(round(value)):,}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


def fmt(value: float, meta: Measure) -> str:
    if meta.unit is Unit.PERCENT:
        return f"{_number(value)}%"
    if meta.unit is Unit.MONEY:  # whole pounds, halves up
        pounds = int(Decimal(str(abs(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return f"{'-' if value < 0 else ''}£{pounds:,}"
    return f"{_number(value)} {meta.sentence_unit}".rstrip()


def month(when: date) -> str:
    return when.strftime("%B %Y")


def by(when: date) -> str:
    """ "2023" for 31 December 2023 ("by 2023"), else the month."""
    return str(when.year) if (when.month, when.day) == (12, 31) else month(when)


def target_phrase(item: MeasureTarget, meta: Measure) -> str:
    """ "at least 92% by 2023", "a reduction by 2023", "kept at 96% or better through to January 2023"."""
    t = item.target
    if t.value is not None:
        words = "at least" if t.direction is Direction.AT_LEAST else "at most"
        what = f"{words} {fmt(t.value, meta)}"
    elif t.direction is Direction.MAINTAIN:
        level = f"{fmt(t.baseline.value, meta)} or better" if t.baseline else "its starting level"
        return f"kept at {level}" + (f" through to {by(t.deadline)}" if t.deadline else "")
    else:
        what = {Direction.INCREASE: "an increase", Direction.DECREASE: "a reduction"}.get(t.direction, "no target")
    return what + (f" by {by(t.deadline)}" if t.deadline else "")


def unassessed_sentence(status: str, item: MeasureTarget, meta: Measure, council: str, as_at: date) -> str:
    aim = f" (target: {item.target.text or target_phrase(item, meta)})"
    if status == "qualitative":
        return f"{meta.title} is qualitative: report it in words{aim}."
    if status == "needs data":
        return f"{meta.title} cannot be reported yet: the data it needs is not held{aim}."
    return f"{meta.title}: no figure for {council} on or before {as_at:%d %B %Y}{aim}."


def measure_sentence(item: MeasureTarget, meta: Measure, j: Judgement, points: Sequence[Point]) -> str:
    """Judged on the figure the judgement judged; the latest is added when it is not that one."""
    latest = points[-1]
    if item.target.direction is Direction.MONITOR:
        head = f"{meta.title} was {fmt(latest[1], meta)} in {month(latest[0])}; the strategy sets no target"
        return head + ("." if j.trend is Trend.NOT_ENOUGH_DATA else f" (trend: {j.trend}).")
    later = "" if j.judged == latest else f" The latest figure is {fmt(latest[1], meta)} ({month(latest[0])})."
    if j.judged is None:
        when = f" ({by(item.target.deadline)})" if item.target.deadline else ""
        return (
            f"{meta.title}: no figure from before the deadline{when} to judge the target "
            f"({target_phrase(item, meta)}) by.{later}"
        )
    head = f"{meta.title} was {fmt(j.judged[1], meta)} in {month(j.judged[0])}"
    t = item.target
    if t.value is not None:
        met = j.verdict is Verdict.MET
        at_least = t.direction is Direction.AT_LEAST
        relation = ("meeting" if met else "short of") if at_least else ("within" if met else "above")
        target = f"the {fmt(t.value, meta)} target" + (f" for {by(t.deadline)}" if t.deadline else "")
        return f"{head}, {relation} {target}; {clause(j, item, meta)}.{later}"
    aim = _aim(item, meta, j.reference)
    if j.verdict is Verdict.NOT_JUDGED or j.reference is None:
        return f"{head}; the aim is {aim}, but there is no earlier figure to compare with.{later}"
    ref_date, ref = j.reference
    change = "up" if j.judged[1] > ref else "down" if j.judged[1] < ref else "unchanged"
    since = f"{change} from {fmt(ref, meta)} in {month(ref_date)}"
    return f"{head}, {since} (the aim is {aim}); {clause(j, item, meta)}.{later}"


def clause(j: Judgement, item: MeasureTarget, meta: Measure) -> str:
    """ "the target was met", "the aim is not met yet: on the recent trend it will be met by 2023 (...)"."""
    noun = "the target" if item.target.value is not None else "the aim"
    if j.basis is Basis.DEADLINE:
        said = f"{noun} was met" if j.verdict is Verdict.MET else f"{noun} was not met"
        return said + (", though it was worsening by then" if _met_but_worsening(j) else "")
    if j.verdict is Verdict.MET:
        return f"{noun} is met" + (", but the recent trend is worsening" if _met_but_worsening(j) else "")
    if j.projected is None or j.projected_verdict is None:
        return f"{noun} is not met yet; one figure is not enough to show a trend"
    will = "will" if j.projected_verdict is Verdict.MET else "will not"
    deadline = f" by {by(item.target.deadline)}" if item.target.deadline else ""
    return f"{noun} is not met yet: on the recent trend it {will} be met{deadline} (projected {fmt(j.projected, meta)})"


def _met_but_worsening(j: Judgement) -> bool:
    return j.verdict is Verdict.MET and j.trend is Trend.WORSENING


def _aim(item: MeasureTarget, meta: Measure, reference: Point | None) -> str:
    direction = item.target.direction
    if direction is Direction.INCREASE:
        return "an increase"
    if direction is Direction.DECREASE:
        return "a reduction"
    if reference is None:
        return "to keep it at its level"
    higher = polarity(item, meta)
    level = fmt(reference[1], meta)
    if higher is None:
        return f"to keep it at about {level}"
    return f"to keep it at {level} or {'more' if higher else 'less'}"


def comparison_sentence(comparators: Sequence[ComparatorSeries], year: int | None, meta: Measure) -> str:
    """ "DfE's published figures for September 2023: England 82.2%, London 84.3%, Thurrock (883) 80%."; "" when
    the strategy names no comparator for the measure."""
    if not comparators or year is None:
        return ""
    if not comparators[0].published:
        names = ", ".join(c.name for c in comparators)
        return f"DfE does not publish this measure, so there is no published figure to compare with ({names})."
    parts = []
    for c in comparators:
        value = c.at(year)
        parts.append(f"{c.name} {fmt(value, meta)}" if value is not None else f"{c.name}: none published")
    return f"DfE's published figures for September {year}: {', '.join(parts)}."
