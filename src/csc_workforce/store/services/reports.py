"""Reports written from the data: each kind a declaration of sections (:data:`REPORT_KINDS`), built for a council
into a :class:`~csc_workforce.reports.document.Document` that ``reports.render`` writes as DOCX, PDF, HTML or
Excel. A section is a declaration too, one of a few kinds (:class:`Purpose`, :class:`Text`, :class:`Headlines`,
:class:`PageTables`, :class:`CouncilTables`, :class:`StrategyProgress`): a new report is a new list of sections,
not a new program, and a section reads the figures the pages show, through the same services (so its figures are
the pages', withheld as the pages withhold them).

Which figures: a report on a **census year** (``basis = "year"``) is as at its 30 September over the year to then,
its headline figures beside the year before's (``HeldValues``: the council's records, one figure per census year
reported, withheld where the records do not cover the year); a report **as at a date** (``basis = "date"``) takes
each part of a page of figures over the dates its records cover, as the page does. A report kind meant for
publication (``published``) withholds small numbers throughout, as a viewer's pages do; any report can be asked
for so.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol

import polars as pl
from django.core.cache import cache

from csc_workforce.domain.codes import ActionStatus
from csc_workforce.domain.periods import Period, census_reference_date, census_year_of, twelve_months_to
from csc_workforce.measures import compute_measures
from csc_workforce.measures.catalogue import RATE_UNITS, DateBasis, Measure, Unit
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID
from csc_workforce.reports.document import Block, Document, Figure, Heading, Paragraph
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.actions import action_plan
from csc_workforce.store.services.coverage import coverage_for
from csc_workforce.store.services.dashboard import council_dashboard, flow_sections
from csc_workforce.store.services.overview import reported_years
from csc_workforce.store.services.reconcile import census_reconcile
from csc_workforce.store.services.records import data_version
from csc_workforce.store.services.records_pages import records_page
from csc_workforce.store.services.strategies import HeldValues, local_figures
from csc_workforce.store.services.strategy_pages import council_region, strategy_page
from csc_workforce.strategies import load_seed, seed_strategies
from csc_workforce.strategies.comparators import PublishedComparators, dfe_publishes
from csc_workforce.strategies.model import Comparators, Strategy
from csc_workforce.strategies.sentences import fmt


class ReportError(ValueError):
    """A report that cannot be built as asked (no such kind, council or strategy; no census year held)."""


@dataclass
class Context:
    """What every section of one report reads: the council, the date and year, who it is for."""

    council: m.Council
    as_at: date
    year: int | None  # the census year (year basis), else None
    today: date
    suppress: bool
    purpose: str
    strategy: Strategy | None = None
    values: HeldValues = field(default_factory=HeldValues)
    pages: dict[str, object] = field(default_factory=dict)  # built pages, by key, for sections sharing one

    def frames(self) -> CouncilFrames:
        """The council's frames (every kind: the local measures read the dated records too), loaded once for
        the report."""
        if "frames" not in self.pages:
            self.pages["frames"] = council_frames(la_codes=[self.council.la_code])
        found: CouncilFrames = self.pages["frames"]  # type: ignore[assignment]
        return found

    def text(self, template: str) -> str:
        when = f"{self.as_at:%-d %B %Y}"
        return template.format(council=self.council.name, as_at=when, year=self.year or self.as_at.year)


PLACEHOLDERS = {"council": "the council's name", "as_at": "the report's date", "year": "its census year"}


def purpose_problem(text: str) -> str | None:
    """What is wrong with purpose paragraphs given in place of a kind's (None: nothing): a placeholder in braces
    that is not one of :data:`PLACEHOLDERS`, or a brace that opens none."""
    names = ", ".join(f"{{{name}}} ({words})" for name, words in PLACEHOLDERS.items())
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError:
        return f"A brace {{ or }} in the purpose is not a placeholder: the placeholders are {names}."
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            return f"The purpose names {{{name}}}, which is not a placeholder: the placeholders are {names}."
    return None


def saved_purpose(la_code: str, kind: str) -> str | None:
    """The council's own purpose paragraphs for ``kind`` (``store.services.report_settings``), or None for the
    kind's."""
    row = m.ReportPurpose.objects.filter(la_code=la_code, kind=kind).first()
    return None if row is None else row.text


class Section(Protocol):
    def blocks(self, ctx: Context) -> list[Block]: ...


# ------------------------------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class Purpose:
    """The report's purpose (the "purpose of the meeting" a committee paper opens with): the kind's own words,
    or those the person building it gives."""

    heading: str = "Purpose of the report"

    def blocks(self, ctx: Context) -> list[Block]:
        return [Heading(self.heading), *(Paragraph(p) for p in ctx.text(ctx.purpose).split("\n\n") if p.strip())]


@dataclass(frozen=True)
class Text:
    heading: str
    text: str  # {council}, {as_at} and {year} are filled in
    style: str = "body"

    def blocks(self, ctx: Context) -> list[Block]:
        return [Heading(self.heading), Paragraph(ctx.text(self.text), self.style)]


@dataclass(frozen=True)
class Headlines:
    """Measures for the census year against the year before, England and the region where DfE publishes the
    measure: a table, then a sentence for each (a figure the records cannot give is said, not left out)."""

    heading: str
    measures: tuple[str, ...]
    intro: str = ""

    def blocks(self, ctx: Context) -> list[Block]:
        year = ctx.year if ctx.year is not None else census_year_of(ctx.as_at)
        la = ctx.council.la_code
        comparators = PublishedComparators(region_of=council_region).series
        rows, sentences = [], []
        region_name = council_region(la) or "Region"
        for measure_id in self.measures:
            meta = STRATEGY_BY_ID[measure_id]
            points = dict(ctx.values.series(measure_id, la) or [])
            now, before = points.get(year), points.get(year - 1)
            england = region = None
            if dfe_publishes(measure_id) and meta.unit in RATE_UNITS:  # a count is not compared with England's
                found = comparators(measure_id, la, Comparators(england=True, region=True), [year])
                england, region = (s.at(year) for s in found)
                region_name = found[1].name
            rows.append(
                {
                    "measure": meta.title,
                    "now": _shown(now, meta),
                    "before": _shown(before, meta),
                    "change": _change(now, before, meta),
                    "england": _shown(england, meta),
                    "region": _shown(region, meta),
                }
            )
            sentences.append(_sentence(meta, now, before, england, year, ctx.values.uncovered(measure_id, la)))
        columns = [
            Column("measure", "Measure"),
            Column("now", f"{year}"),
            Column("before", f"{year - 1}"),
            Column("change", "Change"),
            Column("england", f"England {year}"),
            Column("region", f"{region_name} {year}"),
        ]
        notes = [
            f"Census years to 30 September: a figure on a day is on 30 September, one over a period over the year "
            f"to then. {ctx.council.name}'s figures from its own records; England's and the region's, for the "
            "rates DfE publishes: DfE's children's social work workforce statistics, Open Government Licence v3.0."
        ]
        table = Table.from_dicts(f"{self.heading}: {year} against {year - 1}", columns, rows, notes=notes)
        intro = [Paragraph(ctx.text(self.intro))] if self.intro else []
        return [Heading(self.heading), *intro, Figure(table), *(Paragraph(s) for s in sentences)]


def _figure(value: float, meta: Measure) -> str:
    """A figure as a report shows it: a rate always to one decimal place ("14.0%" beside "12.6%"), else as the
    strategy sentences do (``fmt``)."""
    return f"{value:.1f}%" if meta.unit is Unit.PERCENT else fmt(value, meta)


def _shown(value: float | None, meta: Measure) -> str:
    return "-" if value is None else _figure(value, meta)


def _shown_as(value: float, meta: Measure) -> float:
    """``value`` as it is shown (``fmt``): whole pounds, else to one decimal place."""
    return round(value) if meta.unit is Unit.MONEY else round(value, 1)


def _change(now: float | None, before: float | None, meta: Measure) -> str:
    """The change between the figures as shown, so that 16.1 against 16.0 reads +0.1 and 99.5% against 99.5%
    reads no change."""
    if now is None or before is None:
        return "-"
    change = round(_shown_as(now, meta) - _shown_as(before, meta), 1)
    if not change:
        return "no change"
    if meta.unit is Unit.PERCENT:
        return f"{change:+.1f} points"
    if meta.unit is Unit.MONEY:
        return f"{'+' if change > 0 else '-'}£{abs(change):,.0f}"
    return f"{change:+,.{0 if float(change).is_integer() else 1}f}"


def _sentence(
    meta: Measure, now: float | None, before: float | None, england: float | None, year: int, gaps: dict[int, str]
) -> str:
    """In plain words: the figure, the year before, England's."""
    if now is None:
        why = gaps.get(year) or "the records held do not give it"
        return f"{meta.title}: no figure for {year} ({why})."
    when = f"on 30 September {year}" if meta.date_basis is DateBasis.AS_AT else f"in the year to 30 September {year}"
    text = f"{meta.title} was {_figure(now, meta)} {when}"
    if before is not None:
        if _shown_as(now, meta) == _shown_as(before, meta):
            text += ", the same as the year before"
        else:
            text += f", {'up' if now > before else 'down'} from {_figure(before, meta)} the year before"
    if england is not None:
        text += f"; England's was {_figure(england, meta)}"
    return text + "."


@dataclass(frozen=True)
class PageTables:
    """A part of a page of figures from dated records (``records_pages.PAGES``: the page's key and the part's
    kind), its tables by key (all of them when none are named) with their charts; a part whose records do not
    cover the date says why instead, as the page does."""

    heading: str
    page: str
    part: str
    tables: tuple[str, ...] = ()
    intro: str = ""

    def blocks(self, ctx: Context) -> list[Block]:
        part = _records_page(ctx, self.page).part(self.part)
        blocks: list[Block] = [Heading(self.heading)]
        if self.intro:
            blocks.append(Paragraph(ctx.text(self.intro)))
        if part.gap:
            return [*blocks, Paragraph(part.gap, "inset")]
        if part.as_at is not None and part.period is not None:
            span = f"{part.period.start:%-d %B %Y} to {part.as_at:%-d %B %Y}"
            blocks.append(Paragraph(f"As at {part.as_at:%-d %B %Y}; figures over a period cover {span}.", "note"))
        blocks += [Paragraph(note, "inset") for note in part.notes]
        sections = [*part.sections, *part.details]
        if self.tables:
            sections = sorted((s for s in sections if s.key in self.tables), key=lambda s: self.tables.index(s.key))
        return blocks + [Figure(s.table, s.chart) for s in sections]


def _records_page(ctx: Context, page: str) -> Any:
    """The records page ``page`` as at the report's date, built once for the report."""
    key = f"records:{page}"
    if key not in ctx.pages:
        ctx.pages[key] = records_page(
            page, council=ctx.council, today=ctx.today, suppress=ctx.suppress, as_at=ctx.as_at
        )
    return ctx.pages[key]


@dataclass(frozen=True)
class SurveySentences:
    """Each staff survey question in plain words, as a scrutiny report puts the health check: the share agreeing
    at the latest wave, against the wave before and the first wave held ("99% received supervision, up from 74%
    in 2017"). From the staff voice page's survey tables, withheld as they are: a withheld share is not said."""

    def blocks(self, ctx: Context) -> list[Block]:
        part = _records_page(ctx, "staff-voice").part("surveys")
        if part.gap:
            return []
        held = {s.key: s.table for s in [*part.sections, *part.details]}
        if "surveys-latest" not in held:
            return []
        first: dict[tuple[str, str], tuple[str, object]] = {}
        for row in held["surveys-trend"].rows if "surveys-trend" in held else ():
            when, instrument, question, _, agree = row
            first.setdefault((instrument, question), (when, agree))
        sentences: list[Block] = []
        for instrument, on, question, answered, agree, previous, before, _ in held["surveys-latest"].rows:
            if not isinstance(agree, int | float):
                continue
            text = f"{question}: {agree:.1f}% agreed in the {instrument} of {on} ({answered} answering)"
            if isinstance(before, int | float):
                how = (
                    "the same as"
                    if round(agree, 1) == round(before, 1)
                    else "up from"
                    if agree > before
                    else "down from"
                )
                text += f", {how} {before:.1f}% on {previous}"
            when, then = first.get((instrument, question), ("", None))
            wave = _month_words(str(when))
            later = wave and not any(str(w).endswith(wave) for w in (on, previous) if w)
            if isinstance(then, int | float) and later:
                text += f"; {then:.1f}% agreed in its first wave held, {wave}"
            sentences.append(Paragraph(text + "."))
        return sentences


def _month_words(label: str) -> str:
    """ "Nov 2016" as "November 2016" ("" when it is not a month)."""
    try:
        return datetime.strptime(label, "%b %Y").strftime("%B %Y")
    except ValueError:
        return ""


@dataclass(frozen=True)
class CouncilTables:
    """Tables (with their charts) of the council page's workforce profile, by key, for the census year."""

    heading: str
    tables: tuple[str, ...]
    intro: str = ""

    def blocks(self, ctx: Context) -> list[Block]:
        if "council" not in ctx.pages:
            ctx.pages["council"] = council_dashboard(council=ctx.council, today=ctx.as_at, suppress=ctx.suppress)
        dashboard = ctx.pages["council"]
        blocks: list[Block] = [Heading(self.heading)]
        if self.intro:
            blocks.append(Paragraph(ctx.text(self.intro)))
        held = {s.key: s for s in dashboard.sections}  # type: ignore[attr-defined]
        return blocks + [Figure(held[k].table, held[k].chart) for k in self.tables if k in held]


@dataclass(frozen=True)
class StrategyProgress:
    """Each outcome of the strategy: its measures with the figure judged, target, RAG, trend and trajectory,
    the sentence for councillors, and each measure's chart with its figures."""

    heading: str = "Progress against the strategy"

    def blocks(self, ctx: Context) -> list[Block]:
        assert ctx.strategy is not None
        page = strategy_page(ctx.strategy, la_code=ctx.council.la_code, as_at=ctx.as_at, values=ctx.values)
        s = page.summary
        blocks: list[Block] = [
            Heading(self.heading),
            Paragraph(
                f"{ctx.strategy.title} ({ctx.strategy.period.start:%Y} to {ctx.strategy.period.end:%Y}), judged on "
                f"{page.figures_text} Of its {s.total} measures: {s.green} green, "
                f"{s.amber} amber, {s.red} red, {s.not_assessed} not assessed and {s.needs_data} needing data the "
                "service does not hold."
            ),
        ]
        columns = [
            Column("label", "Measure"),
            Column("value", "Figure judged"),
            Column("target", "Target"),
            Column("rag", "RAG"),
            Column("trend", "Trend"),
            Column("trajectory", "Trajectory"),
            Column("latest", "Latest figure"),
        ]
        for outcome in page.outcomes:
            blocks.append(Heading(outcome.title, 3))
            rows = [
                {
                    "label": r.label,
                    "value": f"{r.value} ({r.value_date:%B %Y})" if r.value and r.value_date else r.value or "-",
                    "target": r.target,
                    "rag": r.rag,
                    "trend": r.trend,
                    "trajectory": r.trajectory,
                    "latest": f"{r.latest} ({r.latest_date:%B %Y})" if r.latest and r.latest_date else r.latest or "-",
                }
                for r in outcome.measures
            ]
            blocks.append(Figure(Table.from_dicts(f"{outcome.title}: measures", columns, rows)))
            blocks += [Paragraph(r.sentence) for r in outcome.measures]
            blocks += [Figure(r.table, r.chart) for r in outcome.charted if r.table is not None]
        if page.needing_data:
            needs = "; ".join(f"{r.label} ({r.needs})" if r.needs else r.label for r in page.needing_data)
            blocks.append(Paragraph(f"Not reported, the data they need not being held: {needs}.", "note"))
        return blocks


def month_end(day: date) -> date:
    """The last month end on or before ``day`` (``day`` itself when it is one)."""
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    if (following - day).days == 1:
        return day
    return date(day.year, day.month, 1) - timedelta(days=1)


def _earlier_month_end(day: date, months: int) -> date:
    """The month end ``months`` months before the month end ``day``."""
    first = date(day.year, day.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first - timedelta(days=1)


@dataclass(frozen=True)
class MonthEnd:
    """Measures as at the report's month end against the month before and the same month a year earlier (flows
    over the 12 months to each: rolling); a month end the records do not reach is said, not computed."""

    heading: str
    measures: tuple[str, ...]

    def blocks(self, ctx: Context) -> list[Block]:
        la = ctx.council.la_code
        inputs, coverage = ctx.frames(), coverage_for(la_codes=[la])[la]
        when = month_end(ctx.as_at)
        dates = (when, _earlier_month_end(when, 1), _earlier_month_end(when, 12))
        figures: list[dict[str, object]] = []
        refused: list[str] = []
        for day in dates:
            period = twelve_months_to(day)
            why = coverage.refusal(day, period)
            if why is not None:
                figures.append({})
                refused.append(why)
                continue
            dfe = compute_measures(inputs, as_at=day, period=period, time_period="month", total=False)
            found = dfe.filter(pl.col("old_la_code") == la).row(0, named=True) | dict.fromkeys(coverage.withheld(day))
            found |= local_figures(inputs, coverage, la, as_at=day, period=period, withhold=ctx.suppress)
            figures.append(found)
        rows = []
        for measure_id in self.measures:
            meta = STRATEGY_BY_ID[measure_id]
            now, before, last_year = (_value(f.get(measure_id)) for f in figures)
            rows.append(
                {
                    "measure": meta.title,
                    "now": _shown(now, meta),
                    "month": _shown(before, meta),
                    "change": _change(now, before, meta),
                    "year": _shown(last_year, meta),
                    "year_change": _change(now, last_year, meta),
                }
            )
        columns = [
            Column("measure", "Measure"),
            Column("now", f"{dates[0]:%-d %B %Y}"),
            Column("month", f"{dates[1]:%-d %B %Y}"),
            Column("change", "Change on the month"),
            Column("year", f"{dates[2]:%-d %B %Y}"),
            Column("year_change", "Change on the year"),
        ]
        notes = ["A figure on a day is as at the month end; one over a period over the 12 months to it."]
        table = Table.from_dicts(f"{self.heading} at {dates[0]:%-d %B %Y}", columns, rows, notes=notes)
        return [Heading(self.heading), *(Paragraph(r, "inset") for r in dict.fromkeys(refused)), Figure(table)]


def _value(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class MonthFlows:
    """Starters and leavers in the report's month (to its month end), by origin, reason and destination."""

    heading: str = "Starters and leavers in the month"

    def blocks(self, ctx: Context) -> list[Block]:
        when = month_end(ctx.as_at)
        month = Period(date(when.year, when.month, 1), when)
        sections = flow_sections(ctx.frames(), period=month, period_text=f"{when:%B %Y}", suppress=ctx.suppress)
        return [Heading(self.heading), *(Figure(s.table, s.chart) for s in sections)]


@dataclass(frozen=True)
class Actions:
    """The strategy's action plan for the council as at the report's date (``store.services.actions``): per
    outcome, each action with its owner, due date, status, RAG (in words, with why) and its latest update; then
    every update in the period, latest first. An outcome with no action is said."""

    heading: str = "The action plan"

    def blocks(self, ctx: Context) -> list[Block]:
        assert ctx.strategy is not None
        plan = action_plan(ctx.council.la_code, ctx.strategy.id, as_at=ctx.as_at)
        blocks: list[Block] = [Heading(self.heading)]
        if not plan.actions:
            return [*blocks, Paragraph(f"{ctx.council.name} holds no actions for this strategy.", "inset")]
        counts = {label: sum(a.rag_label == label for a in plan.actions) for label in ("Red", "Amber", "Green")}
        done = sum(a.status is ActionStatus.DONE for a in plan.actions)
        blocks.append(
            Paragraph(
                f"{len(plan.actions)} actions as at {ctx.as_at:%-d %B %Y}: {done} done; {counts['Red']} red, "
                f"{counts['Amber']} amber and {counts['Green']} green (done counts as green)."
            )
        )
        columns = [
            Column("ref", "Action"),
            Column("title", "What"),
            Column("owner", "Owner"),
            Column("due", "Due"),
            Column("status", "Status"),
            Column("rag", "RAG"),
            Column("latest", "Latest update"),
        ]
        for outcome in plan.outcomes:
            if not outcome.actions:
                continue
            rows = [
                {
                    "ref": a.action.ref,
                    "title": a.action.title,
                    "owner": a.action.owner or "-",
                    "due": a.action.due,
                    "status": a.status.label,
                    "rag": f"{a.rag_label}: {a.reason}",
                    "latest": f"{a.latest.on:%-d %B %Y}: {a.latest.note or a.latest.status.label}" if a.latest else "-",
                }
                for a in outcome.actions
            ]
            blocks.append(Figure(Table.from_dicts(f"{outcome.title}: actions", columns, rows)))
        return blocks


@dataclass(frozen=True)
class ReconciliationNotes:
    """How the census year's figures relate to the census return (``store.services.reconcile``): the report
    quotes the DfE measures as the return gave them; where the council's records give a different figure, each
    difference and its explanation (in a published report only how many: the explanations count workers), and
    how many differences between the returns the reconciliation page lists."""

    heading: str = "Notes on the figures: the census return and the records"

    def blocks(self, ctx: Context) -> list[Block]:
        year = ctx.year if ctx.year is not None else census_year_of(ctx.as_at)
        blocks: list[Block] = [Heading(self.heading)]
        try:
            found = census_reconcile(la_code=ctx.council.la_code)
        except LookupError:
            text = (
                f"{ctx.council.name}'s census returns are not held here: every figure is from its own records, "
                "which are what its next return will be written from."
            )
            return [*blocks, Paragraph(text)]
        if year not in found.years:
            return [*blocks, Paragraph(f"The {year} census return is not held: the figures are from the records.")]
        differing = found.differing(year)
        if not differing:
            blocks.append(
                Paragraph(f"The {year} census return and the records give the same figure for every DfE measure.")
            )
        elif ctx.suppress:
            blocks.append(
                Paragraph(
                    f"The DfE measures are quoted as the {year} census return gave them. The council's records "
                    f"give a different figure for {len(differing)} of them; each difference is explained on the "
                    "council's reconciliation page."
                )
            )
        else:
            blocks.append(
                Paragraph(
                    f"The DfE measures are quoted as the {year} census return gave them. The council's records "
                    "differ on these, for the reasons given:"
                )
            )
            blocks += [Paragraph(d.sentence or f"{d.title}: not yet explained.") for d in differing]
        if found.findings:
            blocks.append(
                Paragraph(
                    f"{len(found.findings)} differences between the council's census returns are listed on its "
                    "reconciliation page, each with how to correct the return that is wrong.",
                    "note",
                )
            )
        return blocks


# ------------------------------------------------------------------------------------------------- the kinds


@dataclass(frozen=True)
class WorkforceForecast:
    """The monthly forecast from the council's records (``store.services.forecast``): the baseline and the
    council's saved scenarios at 12, 24 and 36 months (median and 80% band), spend by financial year, each
    scenario's saving, and the basis and assumptions in words. Where the records cannot support a forecast, it
    says why."""

    heading: str = "The workforce forecast"
    months: int = 36
    paths: int = 2000

    def blocks(self, ctx: Context) -> list[Block]:
        from csc_workforce.store.services.forecast import (
            ForecastRefused,
            basis_sentences,
            costs_sentence,
            council_forecast,
            default_as_at,
            lever_sentences,
            saved_scenarios,
            spend_table,
            steps_table,
            strategy_targets,
            targets_table,
        )

        la_code = ctx.council.la_code
        as_at = default_as_at(ctx.as_at)
        targets, untested = strategy_targets(la_code, as_at=as_at, months=self.months)
        try:
            made = council_forecast(
                la_code,
                as_at=as_at,
                months=self.months,
                paths=self.paths,
                scenarios=saved_scenarios(la_code),
                targets=targets,
            )
        except ForecastRefused as exc:
            return [Heading(self.heading), Paragraph(f"No forecast can be made: {exc}")]
        blocks: list[Block] = [
            Heading(self.heading),
            Paragraph(
                f"Forecast from {made.as_at:%-d %B %Y} with {made.paths:,} simulated paths, learning from the "
                f"records from {made.history_from:%-d %B %Y}. Each figure is the middle path's, with the range "
                "8 in 10 paths fall within (the 80% band). The baseline holds the establishment and the council's "
                "own rates of leaving, hiring and conversion; each scenario changes only its levers "
                "(docs/forecasting.md)."
            ),
        ]
        blocks += [Paragraph(line) for line in basis_sentences(made)]
        for run in made.runs[1:]:
            blocks.append(Paragraph(f"Scenario {run.scenario.name}: " + " ".join(lever_sentences(run.scenario))))
        blocks.append(Figure(steps_table(made)))
        chances = targets_table(made)
        if chances is not None:
            blocks.append(Figure(chances))
        if untested:
            blocks.append(Paragraph("Strategy targets the forecast cannot test: " + "; ".join(untested) + ".", "note"))
        spend = spend_table(made)
        if spend is not None:
            blocks.append(Figure(spend))
        blocks.append(Paragraph(costs_sentence(made), "note"))
        return blocks


@dataclass(frozen=True)
class ReportKind:
    id: str
    title: str
    description: str
    basis: Literal["year", "date"]
    sections: tuple[Section, ...]
    purpose: str = ""
    published: bool = False  # small numbers withheld throughout, whoever builds it
    strategy: bool = False  # built for one strategy (--strategy)


FORECAST_PURPOSE = (
    "To set out how the children's social work workforce of {council} may change over the next three years "
    "from {as_at}, under the present plans and under the scenarios considered, with what each would cost."
)
SCRUTINY_PURPOSE = (
    "This report gives the {council} Overview and Scrutiny Panel an overview of the children's social work "
    "workforce for the year to {as_at}: its size and stability, agency use, turnover and vacancies against the "
    "year before, sickness, caseloads, supervision and appraisal, staff wellbeing, and the routes into social "
    "work.\n\nThe Panel is asked to consider the information and agree any areas for further scrutiny."
)
STRATEGY_PURPOSE = (
    "This report sets out progress against the workforce strategy as at {as_at}: each outcome's measures with "
    "their RAG rating, trend and trajectory to target, from {council}'s own workforce records, and the action "
    "plan with each action's status, RAG and latest update."
)

MONTHLY_PURPOSE = (
    "This report gives the directorate management team {council}'s children's social work workforce figures at "
    "the end of the month, against the month before and the same month last year, with the month's starters and "
    "leavers."
)
RECRUITMENT_PURPOSE = (
    "This annual analysis sets out how {council} recruited and kept its children's social workers in the year to "
    "{as_at}: who joined and by which route, who left, why and where to, and how cohorts of newly qualified "
    "social workers stayed, against the year before and, where DfE publishes the figure, England and the region."
)
OFSTED_PURPOSE = (
    "The social work workforce figures an inspection asks for, as at {as_at}: establishment and vacancies, "
    "caseloads, supervision, performance reviews, training, case audits and case allocations, by team."
)

REPORT_KINDS: dict[str, ReportKind] = {
    kind.id: kind
    for kind in (
        ReportKind(
            "scrutiny",
            "Children's social care workforce: report to the Overview and Scrutiny Panel",
            "The workforce for scrutiny or assurance, in the shape of Worcestershire's report: establishment, "
            "permanency, agency and tenure, turnover and vacancies against last year, sickness, capacity, "
            "supervision and reviews, the health check, placements and ASYE.",
            "year",
            (
                Purpose(),
                Headlines(
                    "Establishment and permanency",
                    (
                        "inpost_fte",
                        "establishment_fte",
                        "vacancy_rate_fte",
                        "permanency_rate_fte",
                        "permanency_rate_frontline_fte",
                        "permanency_rate_managers_fte",
                    ),
                ),
                Headlines(
                    "Agency workers and their tenure",
                    ("agency_rate_fte", "agency_headcount", "agency_over_12_months_pct", "agency_spend"),
                ),
                Headlines(
                    "Turnover and vacancies",
                    ("turnover_rate_fte", "starters_headcount", "leavers_headcount", "vacancy_fte"),
                ),
                CouncilTables("Why people leave and where they join from", ("leavers-reason", "starters-origin")),
                Headlines(
                    "Sickness absence",
                    ("absence_rate_fte", "sickness_days_per_fte", "sickness_long_term_pct", "open_hr_cases"),
                ),
                CouncilTables("Sickness by cause", ("sickness-cause",)),
                Headlines(
                    "Capacity and performance",
                    (
                        "caseload_fte",
                        "caseload_average_per_worker",
                        "caseload_max",
                        "children_max_3_social_workers_pct",
                    ),
                ),
                CouncilTables("Caseloads by team", ("caseload-team",)),
                Headlines(
                    "Supervision and appraisal",
                    ("supervision_on_time_pct", "workers_supervised_last_month_pct", "appraisals_in_timescale_pct"),
                ),
                PageTables("Supervision by team", "development", "supervision", ("supervision-team",)),
                PageTables("Staff health check", "staff-voice", "surveys"),
                SurveySentences(),
                Headlines(
                    "Student placements and the ASYE",
                    ("students_per_year", "placement_conversion_pct", "asye_starts", "asye_pass_pct"),
                ),
                PageTables("ASYE cohorts", "development", "programmes", ("asye-cohorts",)),
                ReconciliationNotes(),
            ),
            purpose=SCRUTINY_PURPOSE,
            published=True,  # a paper for a public meeting, published with its agenda
        ),
        ReportKind(
            "monthly-hr",
            "Monthly HR performance report: children's social work",
            "The month's figures at its end against the month before and the same month last year: the "
            "workforce, agency, vacancies, turnover and absence; the month's starters and leavers.",
            "date",
            (
                Purpose(),
                MonthEnd(
                    "The workforce",
                    ("inpost_fte", "inpost_headcount", "vacancy_rate_fte", "permanency_rate_fte", "caseload_fte"),
                ),
                MonthEnd("Agency workers", ("agency_fte", "agency_rate_fte", "agency_over_12_months_pct")),
                MonthEnd(
                    "Turnover (the 12 months to each month end)",
                    ("turnover_rate_fte", "starters_headcount", "leavers_headcount", "leavers_resignation_pct"),
                ),
                MonthEnd(
                    "Absence (the 12 months to each month end)",
                    ("absence_rate_fte", "sickness_days_per_fte", "sickness_long_term_pct"),
                ),
                MonthFlows(),
            ),
            purpose=MONTHLY_PURPOSE,
        ),
        ReportKind(
            "recruitment-retention",
            "Annual recruitment and retention analysis: children's social work",
            "The year's flows: turnover, starters and leavers with their reasons, destinations and routes, "
            "recruitment, exit interviews, cohort retention and the ASYE, against the year before, England and "
            "the region.",
            "year",
            (
                Purpose(),
                Headlines(
                    "Turnover and retention",
                    (
                        "turnover_rate_fte",
                        "turnover_rate_headcount",
                        "retention_rate",
                        "leavers_headcount",
                        "leavers_resignation_pct",
                        "leavers_to_agency_pct",
                        "service_under_2_years_pct",
                    ),
                ),
                CouncilTables(
                    "Why people leave, where they go and where they join from",
                    ("leavers-reason", "leavers-destination", "starters-origin", "service"),
                ),
                Headlines(
                    "Routes in",
                    (
                        "starters_headcount",
                        "nq_starters",
                        "nq_starters_pct",
                        "agency_to_permanent_conversions",
                        "step_up_frontline_starters",
                        "nq_starters_retained_pct",
                    ),
                ),
                PageTables("Recruitment", "recruitment-agency", "applications"),
                PageTables("Exit and retention interviews", "staff-voice", "interviews"),
                Headlines(
                    "The ASYE and cohort retention",
                    ("asye_starts", "asye_pass_pct", "asye_retention_1y_pct", "asye_retention_2y_pct"),
                ),
                PageTables("ASYE cohorts", "development", "programmes", ("asye-cohorts",)),
                ReconciliationNotes(),
            ),
            purpose=RECRUITMENT_PURPOSE,
        ),
        ReportKind(
            "ofsted-pack",
            "Ofsted inspection: the social work workforce",
            "The workforce figures an inspection asks for as at a date, by team: establishment and vacancies, "
            "posts, caseloads, supervision, performance reviews, training, case audits and allocations.",
            "date",
            (
                Purpose(),
                MonthEnd(
                    "The workforce at a glance",
                    (
                        "inpost_headcount",
                        "inpost_fte",
                        "agency_rate_fte",
                        "vacancy_rate_fte",
                        "turnover_rate_fte",
                        "caseload_fte",
                        "absence_rate_fte",
                    ),
                ),
                CouncilTables(
                    "Establishment, posts and caseloads by team", ("establishment", "posts", "caseload-team")
                ),
                PageTables("Supervision by team", "development", "supervision", ("supervision-team",)),
                PageTables("Performance reviews by team", "development", "reviews", ("reviews-team",)),
                PageTables("Training by team", "development", "training", ("training-team",)),
                PageTables("Case audits", "practice-quality", "audits", ("audits-team", "audits-element")),
                PageTables("Case allocations", "practice-quality", "allocations"),
            ),
            purpose=OFSTED_PURPOSE,
        ),
        ReportKind(
            "strategy-progress",
            "Workforce strategy: progress report",
            "A strategy's outcomes as at a date: each measure's figure, target, RAG, trend and trajectory, with "
            "its chart and the sentence for councillors.",
            "date",
            (Purpose(), StrategyProgress(), Actions()),
            purpose=STRATEGY_PURPOSE,
            strategy=True,
        ),
        ReportKind(
            "workforce-forecast",
            "Workforce forecast and scenarios: children's social work",
            "The workforce one to three years ahead from the council's records: the baseline and the council's "
            "saved scenarios, with 80% bands, spend by financial year and each scenario's saving.",
            "date",
            (Purpose(), WorkforceForecast()),
            purpose=FORECAST_PURPOSE,
        ),
    )
}


def report_kinds() -> tuple[ReportKind, ...]:
    return tuple(REPORT_KINDS.values())


def build_report(
    kind: str,
    *,
    la_code: str,
    today: date,
    year: int | None = None,
    as_at: date | None = None,
    strategy: str | None = None,
    purpose: str | None = None,
    suppress: bool = False,
) -> Document:
    """The report ``kind`` for council ``la_code``: a census ``year`` (year basis; default the latest held) or as
    at ``as_at`` (date basis; default ``today``). ``suppress``: withhold small numbers (always for a published
    kind). ``purpose``: the purpose paragraphs in place of the kind's own. Raises :class:`ReportError`."""
    spec = REPORT_KINDS.get(kind)
    if spec is None:
        raise ReportError(f"No report kind {kind!r}: give one of {', '.join(REPORT_KINDS)}.")
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise ReportError(f"No council {la_code} is held.")
    chosen: Strategy | None = None
    if spec.strategy:
        known = {s.id for s in seed_strategies()}
        if strategy is None or strategy not in known:
            raise ReportError(f"Give the strategy (--strategy), one of {', '.join(sorted(known))}.")
        chosen = load_seed(strategy)
    if purpose is not None and (problem := purpose_problem(purpose)):
        raise ReportError(problem)
    if purpose is None:
        purpose = saved_purpose(la_code, kind)
    withhold = suppress or spec.published
    if spec.basis == "year":
        held = reported_years(council)
        if year is None:
            year = held[-1] if held else None
        if year is None or year not in held:
            raise ReportError(
                f"{council.name} holds no census year {year}: it holds {', '.join(map(str, held)) or 'none'}."
            )
        when = census_reference_date(year)
    else:
        if as_at is not None and as_at > today:
            raise ReportError(
                f"A report cannot be as at {as_at:%-d %B %Y}, after today ({today:%-d %B %Y}): build it once that "
                "day has passed."
            )
        coverage = coverage_for(la_codes=[la_code])[la_code]
        latest = coverage.complete_to
        if as_at is not None and coverage.begins is not None and as_at < coverage.begins:
            raise ReportError(
                f"{council.name}'s records begin on {coverage.begins:%-d %B %Y} (its first census return's year): "
                f"a report cannot be as at {as_at:%-d %B %Y}."
            )
        when = as_at or today
        if as_at is None and latest is not None:
            when = min(latest, today)  # the latest date the records reach
        if kind == "monthly-hr":
            when = month_end(when)
    ctx = Context(
        council=council,
        as_at=when,
        year=year if spec.basis == "year" else None,
        today=today,
        suppress=withhold,
        purpose=purpose if purpose is not None else spec.purpose,
        strategy=chosen,
        values=HeldValues(withhold=withhold),
    )
    blocks: list[Block] = []
    for section in spec.sections:
        blocks += section.blocks(ctx)
    basis = f"Figures for the census year to {when:%-d %B %Y}" if spec.basis == "year" else f"As at {when:%-d %B %Y}"
    return Document(
        title=spec.title if chosen is None else f"{chosen.title}: progress report",
        council=council.name,
        as_at=when,
        blocks=tuple(blocks),
        subtitle=council.name,
        prepared=today,
        published=withhold,
        notes=(f"{basis}, from {council.name}'s records held in csc-workforce.",),
    )


def cached_build_report(
    kind: str,
    *,
    la_code: str,
    today: date,
    year: int | None = None,
    as_at: date | None = None,
    strategy: str | None = None,
    purpose: str | None = None,
    suppress: bool = False,
) -> Document:
    """:func:`build_report`, kept until any records change or the day changes (the reports page shows a report and
    then serves its downloads from the one build); the key holds everything the report depends on."""
    council = m.Council.objects.filter(la_code=la_code).values_list("pk", "name").first()
    identity = repr((kind, la_code, council, data_version(), today, year, as_at, strategy, purpose, suppress))
    key = "report:" + hashlib.sha256(identity.encode()).hexdigest()
    found: Document | None = cache.get(key)
    if found is None:
        found = build_report(
            kind,
            la_code=la_code,
            today=today,
            year=year,
            as_at=as_at,
            strategy=strategy,
            purpose=purpose,
            suppress=suppress,
        )
        cache.set(key, found, timeout=24 * 3600)
    return found
