"""The benchmark page: a council against England, its region and its statistical neighbours (or, without any,
the other councils of its region), with the plain-language comparison Bexley's strategy writes by hand in its
"Local context" page.

Any council DfE publishes has a page, held or not: it is compared on the published figures, with its own
records' figures beside them when the database holds it. A held council DfE does not publish (the demo) is
compared on its own records, which stand in for a published row (:func:`~csc_workforce.store.services.benchmarks.
benchmark`), so the same report, median and rank rules apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from csc_workforce.benchmarks.report import (
    PERMANENCY,
    SENTENCE_MEASURES,
    own_figures_sentence,
    peer_columns,
    peers_label,
    report_sentences,
)
from csc_workforce.domain.bases import OWN_LABELS, RECORDS
from csc_workforce.measures.catalogue import BY_ID
from csc_workforce.measures.rules import permanency_rate
from csc_workforce.reports.charts import bar_chart
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.services.benchmarks import (
    PublishedCouncil,
    benchmark,
    published_council,
    published_councils,
    published_figures,
)

TABLE_MEASURES = (
    "inpost_fte",
    "turnover_rate_fte",
    "agency_rate_fte",
    PERMANENCY,
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)
TITLES = {**{m_.id: m_.title for m_ in BY_ID.values()}, PERMANENCY: "Permanency rate – FTE"}


@dataclass(frozen=True)
class BenchmarkSubject:
    """The council a benchmark page is about: held in the database, published by DfE, or both."""

    la_code: str
    name: str
    region: str
    held: bool
    published: bool


@dataclass(frozen=True)
class BenchmarkPage:
    year: int
    years: tuple[int, ...]
    basis: str  # "published" or "records"
    sentences: tuple[str, ...]
    table: Table
    peer_table: Table | None  # the peers one row each, when there are too many for a column each
    charts: tuple[tuple[str, str], ...]  # (title, svg)
    peers_text: str


def published_years() -> tuple[int, ...]:
    return tuple(sorted({int(y) for y in published_figures()["time_period"].unique().to_list()}))


def benchmark_subject(la_code: str) -> BenchmarkSubject | None:
    """The council ``la_code`` if the database holds it or DfE publishes it; None otherwise (no page)."""
    held = m.Council.objects.filter(la_code=la_code).first()
    published: PublishedCouncil | None = published_council(la_code)
    if held is not None:
        return BenchmarkSubject(held.la_code, held.name, held.region, True, published is not None)
    if published is not None:
        return BenchmarkSubject(la_code, published.name, published.region, False, True)
    return None


def held_subjects(la_codes: Sequence[str] | None) -> list[BenchmarkSubject]:
    """The councils held that a user may see (``la_codes`` None: every council held), by name."""
    councils = m.Council.objects.order_by("name", "la_code")
    if la_codes is not None:
        councils = councils.filter(la_code__in=la_codes)
    return [s for s in (benchmark_subject(c.la_code) for c in councils) if s is not None]


def council_choices() -> list[tuple[str, str]]:
    """Every council DfE publishes, for a select: (code, "Name (code)") by name."""
    return [(c.la_code, f"{c.name} ({c.old_la_code})") for c in published_councils()]


def benchmark_page(*, subject: BenchmarkSubject, year: int, peers: Sequence[str] | None = None) -> BenchmarkPage:
    """Raises LookupError (with a message for the user) when there is nothing to compare for that year."""
    report = benchmark(la_code=subject.la_code, year=year, peers=peers)
    basis = report["basis"]
    return BenchmarkPage(
        year=year,
        years=published_years(),
        basis=basis,
        sentences=tuple(report_sentences(report, BY_ID)),
        table=_table(report, basis),
        peer_table=None if peer_columns(report) or not report["peers"] else _peer_table(report),
        charts=tuple(_chart(report, measure) for measure in SENTENCE_MEASURES),
        peers_text=report["peer_description"],
    )


def _columns(report: dict[str, Any], basis: str) -> list[tuple[str, dict[str, Any]]]:
    council = report["council"]
    own = OWN_LABELS.get(report.get("own_basis") or RECORDS, OWN_LABELS[RECORDS])
    label = f"{council['la_name']} ({'published' if basis == 'published' else own})"
    columns = [(label, council)]
    if "council_held" in report:
        held = dict(report["council_held"])
        held.setdefault(PERMANENCY, permanency_rate(held.get("inpost_fte"), held.get("agency_fte")))
        columns.append((f"{council['la_name']} ({own})", held))
    columns.append(("England", report["england"]))
    if report["region"].get("region_name"):
        columns.append((report["region"]["region_name"], report["region"]))
    if peer_columns(report):
        columns.extend((p["la_name"], p) for p in report["peers"])
    if report["peers"]:
        columns.append(("Median of the comparators", report["peer_median"]))
    return columns


def _rank_cell(report: dict[str, Any], measure: str) -> str | None:
    rank = report["council_rank"].get(measure)
    if rank:
        return f"{rank[0]} of {rank[1]}"
    note = report["rank_notes"].get(measure)
    return f"{note[0].upper()}{note[1:]}" if note else None


def _table(report: dict[str, Any], basis: str) -> Table:
    columns = _columns(report, basis)
    keys = [f"c{i}" for i in range(len(columns))]
    table_columns = [Column("measure", "Measure")]
    table_columns += [Column(k, label, numeric=True, decimals=1) for k, (label, _) in zip(keys, columns, strict=True)]
    if report["peers"]:
        table_columns.append(Column("rank", "Rank (1st is best)"))
    rows = []
    for measure in TABLE_MEASURES:
        row: dict[str, Any] = {"measure": TITLES[measure]}
        row.update({k: values.get(measure) for k, (_, values) in zip(keys, columns, strict=True)})
        row["rank"] = _rank_cell(report, measure)
        rows.append(row)
    notes = [
        "Published figures: DfE, Children's social work workforce, Open Government Licence v3.0.",
        "Ranks are given for rates and ratios only, among at least 3 comparators with figures.",
    ]
    if basis == "records":
        notes.append(own_figures_sentence(report))
    return Table.from_dicts(f"Benchmarks, census year {report['year']}", table_columns, rows, notes)


def _peer_table(report: dict[str, Any]) -> Table:
    """The council and each comparator, one row each (for a region's councils, too many for columns)."""
    council = report["council"]
    columns = [Column("name", "Council")]
    columns += [Column(measure, TITLES[measure], numeric=True, decimals=1) for measure in TABLE_MEASURES]
    rows = [{**council, "name": f"{council['la_name']} (this council)"}]
    rows += [{**peer, "name": peer["la_name"]} for peer in report["peers"]]
    return Table.from_dicts(
        f"{council['la_name']} and {peers_label(report)}, census year {report['year']}",
        columns,
        rows,
        ["A dash is a figure DfE did not publish (a symbol such as c, x or u in its file)."],
    )


def _chart(report: dict[str, Any], measure: str) -> tuple[str, str]:
    columns = [(label, values) for label, values in _columns(report, "published")]
    title = f"{TITLES[measure]}, {report['year']}"
    svg = bar_chart(
        title=title,
        description=f"{TITLES[measure]} for the council and its comparators. The table on this page has the figures.",
        labels=[label.replace(" (published)", "") for label, _ in columns],
        values=[values.get(measure) for _, values in columns],
    )
    return title, svg
