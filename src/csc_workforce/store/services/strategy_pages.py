"""What the strategy pages show: the seed strategies with how many of their measures can be judged, and one
strategy evaluated for a council as at a date (summary by RAG, a table and a chart per measure, the measures
that need data). Plain functions returning frozen dataclasses; the views parse the request and render.

Figures come from :class:`~csc_workforce.store.services.strategies.HeldValues`: the council's own records when
the database holds them, else DfE's published figures. The comparators a strategy names (England, region,
statistical neighbours) are DfE's published figures for the same census years. See docs/web.md ("Strategy
pages") and docs/strategies.md."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from statistics import median

from csc_workforce.benchmarks.councils import council_name
from csc_workforce.domain.issues import Issue
from csc_workforce.measures.catalogue import Measure as CatalogueMeasure
from csc_workforce.measures.catalogue import Status as CatalogueStatus
from csc_workforce.measures.catalogue import Unit
from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID
from csc_workforce.reports.charts import Series, Target, line_chart
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.services.strategies import HeldValues
from csc_workforce.strategies import (
    Direction,
    Evaluation,
    MeasureResult,
    PublishedComparators,
    Rag,
    Strategy,
    evaluate,
)
from csc_workforce.strategies.comparators import ComparatorKind
from csc_workforce.strategies.evaluate import Basis, Status, fmt
from csc_workforce.strategies.model import Council

RECORDS = "records"
PUBLISHED = "published"

_TAGS = {
    Rag.GREEN: ("Green", "govuk-tag--green"),
    Rag.AMBER: ("Amber", "govuk-tag--yellow"),
    Rag.RED: ("Red", "govuk-tag--red"),
    Rag.NOT_ASSESSED: ("Not assessed", "govuk-tag--grey"),
}


# --- which council ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CouncilChoice:
    """The council a strategy is evaluated for, and why when it is not the one asked for."""

    la_code: str
    note: str  # "" when it is the strategy's own council or the one asked for


def council_options(
    strategy: Strategy, *, held: Sequence[tuple[str, str]], visible: Sequence[str] | None
) -> list[tuple[str, str]]:
    """The councils a user may evaluate ``strategy`` for, as (code, label): every council held and the
    strategy's own (first) for a user who sees every council; only their own council(s) for the others."""
    own = strategy.council
    if visible is not None:
        labels = dict(held)
        return [(code, labels.get(code, code)) for code in visible]
    options = list(held)
    if own.la_code not in {c for c, _ in options}:
        options.insert(0, (own.la_code, f"{own.name} ({own.la_code}), the strategy's own council"))
    return options


def default_council(
    strategy: Strategy, *, visible: Sequence[str] | None, name_of: Callable[[str], str | None]
) -> CouncilChoice:
    """The strategy's own council, unless the user may see only another council: then theirs, and say so."""
    own = strategy.council
    if visible is None or own.la_code in visible or not visible:
        return CouncilChoice(own.la_code, "")
    mine = visible[0]
    name = name_of(mine) or mine
    note = (
        f"This strategy is {own.name}'s ({own.la_code}). You can see only {name}'s figures, so it is evaluated "
        f"for {name} ({mine}): {own.name}'s targets against {name}'s figures."
    )
    return CouncilChoice(mine, note)


# --- the list -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StrategyRow:
    id: str
    title: str
    council: str  # "Dudley (332)"
    start: date
    end: date
    measures: int
    assessed: int  # given a RAG status
    needs_data: int
    judged_for: str  # the council whose figures were used


def strategy_rows(
    strategies: Sequence[Strategy], *, values: HeldValues, as_at: date, councils: Mapping[str, str] | None = None
) -> list[StrategyRow]:
    """One row per strategy, judged on the figures held as at ``as_at`` for its own council, or for the
    council ``councils`` gives for its id."""
    rows = []
    for s in strategies:
        la_code = (councils or {}).get(s.id, s.council.la_code)
        result = evaluate(_for_council(s, la_code, values), values, as_at=as_at)
        rows.append(
            StrategyRow(
                id=s.id,
                title=s.title,
                council=f"{s.council.name} ({s.council.la_code})",
                start=s.period.start,
                end=s.period.end,
                measures=len(result.results),
                assessed=sum(r.rag is not Rag.NOT_ASSESSED for r in result.results),
                needs_data=sum(r.status is Status.NEEDS_DATA for r in result.results),
                judged_for=la_code,
            )
        )
    return rows


def _for_council(strategy: Strategy, la_code: str, values: HeldValues) -> Strategy:
    """The strategy with its targets set against another council's figures (``evaluate`` reads the strategy's
    council)."""
    if la_code == strategy.council.la_code:
        return strategy
    return replace(strategy, council=Council(name=values.council_name(la_code) or la_code, la_code=la_code))


# --- one strategy -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    green: int
    amber: int
    red: int
    not_assessed: int
    needs_data: int
    total: int


@dataclass(frozen=True, slots=True)
class MeasureRow:
    number: int  # 1, 2, ... over the whole strategy (figure numbers and anchors)
    measure_id: str
    label: str  # the strategy's own words, else the catalogue title
    title: str  # the catalogue title
    status: str
    value: str  # the figure judged: "81.1%", or "" when there is none
    value_date: date | None
    judged_at_deadline: bool  # the deadline has passed: the figure judged is the last one on or before it
    latest: str  # the latest figure, "" when there is none
    latest_date: date | None
    target: str  # "At least 92%", "A reduction", "None (monitored)"
    deadline: date | None
    rag: str  # "Green", "Amber", "Red", "Not assessed": the tag's text
    rag_class: str  # the GOV.UK tag modifier
    trend: str
    trajectory: str
    sentence: str
    comparison: str  # the comparators' figures for the year judged, "" when the strategy names none
    needs: str  # for a measure that needs data: what data (from the measure catalogue)
    chart: str  # SVG, or "" without figures
    table: Table | None  # the chart's figures

    @property
    def needs_data(self) -> bool:
        return self.status == str(Status.NEEDS_DATA)


@dataclass(frozen=True, slots=True)
class OutcomeSection:
    id: str
    title: str
    measures: tuple[MeasureRow, ...]

    @property
    def charted(self) -> tuple[MeasureRow, ...]:
        return tuple(m for m in self.measures if m.chart)


@dataclass(frozen=True, slots=True)
class StrategyPage:
    strategy: Strategy
    la_code: str
    council_name: str
    own_council: bool  # evaluated for the strategy's own council
    as_at: date
    figures: str  # RECORDS or PUBLISHED
    summary: Summary
    outcomes: tuple[OutcomeSection, ...]
    needing_data: tuple[MeasureRow, ...]
    warnings: tuple[Issue, ...] = ()  # about the strategy file (a direction against its measure's polarity)

    @property
    def figures_text(self) -> str:
        if self.figures == RECORDS:
            return f"{self.council_name}'s own workforce records held here, one figure per census year reported."
        return (
            f"DfE's published children's social work workforce figures for {self.council_name} (census years "
            "to 30 September): this service does not hold the council's own records."
        )


def strategy_page(strategy: Strategy, *, la_code: str, as_at: date, values: HeldValues) -> StrategyPage:
    """``strategy``'s targets judged on ``la_code``'s figures up to ``as_at``."""
    name = values.council_name(la_code) or la_code
    own = la_code == strategy.council.la_code
    comparators = PublishedComparators(region_of=council_region)
    result = evaluate(_for_council(strategy, la_code, values), values, as_at=as_at, comparators=comparators)
    rows = [_row(n, r, name, la_code) for n, r in enumerate(result.results, start=1)]
    outcomes = tuple(
        OutcomeSection(o.id, o.title, tuple(row for row, r in zip(rows, result.results, strict=True) if r.outcome is o))
        for o in strategy.outcomes
    )
    return StrategyPage(
        strategy=strategy,
        la_code=la_code,
        council_name=name,
        own_council=own,
        as_at=as_at,
        figures=figures_source(values, la_code),
        summary=summary(result),
        outcomes=outcomes,
        needing_data=tuple(row for row in rows if row.needs_data),
        warnings=strategy.warnings,
    )


def council_region(la_code: str) -> str | None:
    """The region of a council held (as recorded), else the one DfE's published figures give it."""
    held = m.Council.objects.filter(la_code=la_code).values_list("region", flat=True).first()
    return held or council_name(la_code).region or None


def figures_source(values: HeldValues, la_code: str) -> str:
    """RECORDS when HeldValues serves the council's own records, PUBLISHED when it falls back on DfE's."""
    return RECORDS if values.uses_records(la_code) else PUBLISHED  # the same test HeldValues makes


def summary(result: Evaluation) -> Summary:
    rags = [r.rag for r in result.results]
    return Summary(
        green=rags.count(Rag.GREEN),
        amber=rags.count(Rag.AMBER),
        red=rags.count(Rag.RED),
        not_assessed=rags.count(Rag.NOT_ASSESSED),
        needs_data=sum(r.status is Status.NEEDS_DATA for r in result.results),
        total=len(rags),
    )


def target_text(r: MeasureResult) -> str:
    t = r.item.target
    if t.value is not None:
        words = "At least" if t.direction is Direction.AT_LEAST else "At most"
        return f"{words} {fmt(t.value, r.info)}"
    return {
        Direction.INCREASE: "An increase",
        Direction.DECREASE: "A reduction",
        Direction.MAINTAIN: "No worse than the baseline",
    }.get(t.direction, "None (monitored)")


def _row(number: int, r: MeasureResult, council: str, la_code: str) -> MeasureRow:
    label = r.item.label or r.info.title
    rag, rag_class = _TAGS[r.rag]
    entry = STRATEGY_BY_ID.get(r.item.measure)
    chart, table = _figure(number, r, label, council, la_code) if r.points else ("", None)
    return MeasureRow(
        number=number,
        measure_id=r.item.measure,
        label=label,
        title=r.info.title,
        status=str(r.status),
        value=fmt(r.value, r.info) if r.value is not None else "",
        value_date=r.value_date,
        judged_at_deadline=r.judgement.basis is Basis.DEADLINE,
        latest=fmt(r.latest[1], r.info) if r.latest else "",
        latest_date=r.latest[0] if r.latest else None,
        target=target_text(r),
        deadline=r.item.target.deadline,
        rag=rag,
        rag_class=rag_class,
        trend=str(r.trend).capitalize(),
        trajectory=str(r.trajectory).capitalize(),
        sentence=r.sentence,
        comparison=r.comparison,
        needs=_needs(entry),
        chart=chart,
        table=table,
    )


def _needs(entry: CatalogueMeasure | None) -> str:
    """What data a measure needs: the catalogue's words, or, for a measure computed from the records, those."""
    if entry is not None and entry.needs:
        return entry.needs
    if entry is not None and entry.status is CatalogueStatus.COMPUTED:
        return "the council's own workforce records, loaded into this service (DfE does not publish this measure)"
    return "data this service does not hold yet"


def _when(d: date) -> str:
    """A census year for 30 September figures, else the day."""
    return str(d.year) if (d.month, d.day) == (9, 30) else d.strftime("%-d %b %Y")


def _figure(number: int, r: MeasureResult, label: str, council: str, la_code: str) -> tuple[str, Table]:
    """A line chart of the measure's figures with its target as a flat line and the comparators the strategy
    names (England, the region, the statistical neighbours' median), and the same as a table (each neighbour
    in its own column)."""
    labels = [_when(d) for d, _ in r.points]
    figures = tuple(v for _, v in r.points)
    target = r.item.target.value
    compared = _compared(r)
    series = [Series(council, figures)]  # the chart's title says the measure; its lines say whose figures
    targets = [Target(f"Target {fmt(target, r.info)}", target)] if target is not None else []
    charted = [(name, values) for name, values, chart in compared if chart and any(v is not None for v in values)]
    series += [Series(name, values) for name, values in charted]
    title = f"Figure {number}: {label}"
    span = labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"
    aim = f", against the target of {fmt(target, r.info)}" if target is not None else ""
    against = [name for name, _ in charted]
    with_ = f", with {_and(against)}" if against else ""
    latest = f"{fmt(figures[-1], r.info)} in {labels[-1]}"
    description = f"{r.info.title} for {council} ({la_code}), {span}{aim}{with_}. The latest figure is {latest}."
    unit = "%" if r.info.unit is Unit.PERCENT else ""
    chart = line_chart(title=title, description=description, x_labels=labels, series=series, unit=unit, targets=targets)
    columns = [Column("when", "Date"), Column("value", r.info.title, numeric=True, decimals=1)]
    if target is not None:
        columns.append(Column("target", "Target", numeric=True, decimals=1))
    columns += [Column(f"c{i}", name, numeric=True, decimals=1) for i, (name, _, _) in enumerate(compared)]
    rows = []
    for n, (w, v) in enumerate(zip(labels, figures, strict=True)):
        row: dict[str, object] = {"when": w, "value": v, "target": target}
        row.update({f"c{i}": values[n] for i, (_, values, _) in enumerate(compared)})
        rows.append(row)
    return chart, Table.from_dicts(f"{title}: the figures", columns, rows)


def _compared(r: MeasureResult) -> list[tuple[str, tuple[float | None, ...], bool]]:
    """(name, a value per figure, whether it is charted) for each comparator with published figures: England
    and the region charted; each neighbour in the table only, and their median charted."""
    published = [c for c in r.comparators if c.published]
    if not published:
        return []
    per_point = [
        (c, tuple(c.at(d.year) if (d.month, d.day) == (9, 30) else None for d, _ in r.points)) for c in published
    ]
    found = [(c.name, values, c.kind is not ComparatorKind.NEIGHBOUR) for c, values in per_point]
    neighbours = [values for c, values in per_point if c.kind is ComparatorKind.NEIGHBOUR]
    if neighbours:
        middle = tuple(_median([v[n] for v in neighbours]) for n in range(len(r.points)))
        found.append(("Neighbours (median)", middle, True))
    return found


def _median(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return median(known) if known else None


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
