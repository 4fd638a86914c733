"""A report as a document: a title and a run of blocks (headings, paragraphs, figures: a chart and the table of
its figures, or a table alone), written once and rendered to HTML, PDF, DOCX and Excel (``reports.render``).

The blocks hold what a person reads, already worded and rounded: a renderer lays them out and adds nothing. A
chart is the SVG the web pages draw (``reports.charts``), with its title and description; its table always
follows it, so every chart has its figures beside it in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from csc_workforce.reports.tables import Table


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document's title


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: str = "body"  # "body", "lead" (larger), "note" (smaller), "inset" (set apart, as GOV.UK's inset text)


@dataclass(frozen=True, slots=True)
class Figure:
    """A table, drawn first as a chart when ``chart`` (SVG) is given: the table is the chart's figures."""

    table: Table
    chart: str = ""
    chart_title: str = ""  # the chart's accessible name (its table's title when empty)


Block = Heading | Paragraph | Figure


@dataclass(frozen=True, slots=True)
class Document:
    """``published``: small numbers are withheld throughout (a report meant for publication or a public
    meeting); the renderers say so on the first page."""

    title: str
    council: str
    as_at: date
    blocks: tuple[Block, ...]
    subtitle: str = ""
    prepared: date | None = None  # the day the report was written
    published: bool = False
    notes: tuple[str, ...] = field(default=())  # about the whole report: sources, basis, suppression

    def tables(self) -> tuple[Table, ...]:
        return tuple(b.table for b in self.blocks if isinstance(b, Figure))
