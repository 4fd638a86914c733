"""The benchmark page: a council against England, its region and its statistical neighbours, with the
plain-language comparison Bexley's strategy writes by hand in its "Local context" page.

A council DfE publishes figures for is compared on the published figures, with its own records' figures
beside them when the database holds it. A council DfE does not publish (the demo) is compared on its own
records: they are put in place of a published row, so the same report, median and rank rules apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from csc_workforce.benchmarks.report import (
    PERMANENCY,
    SENTENCE_MEASURES,
    benchmark_report,
    permanency,
    report_sentences,
)
from csc_workforce.measures.catalogue import BY_ID
from csc_workforce.reports.charts import bar_chart
from csc_workforce.reports.tables import Column, Table
from csc_workforce.web import models as m
from csc_workforce.web.services.benchmarks import MEASURE_INFO, benchmark, published_figures, statistical_neighbours
from csc_workforce.web.services.measures import measures_rows

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
class BenchmarkPage:
    year: int
    years: tuple[int, ...]
    basis: str  # "published" or "records"
    sentences: tuple[str, ...]
    table: Table
    charts: tuple[tuple[str, str], ...]  # (title, svg)
    peers_text: str


def published_years() -> tuple[int, ...]:
    return tuple(sorted({int(y) for y in published_figures()["time_period"].unique().to_list()}))


def benchmark_page(*, council: m.Council, year: int, peers: Sequence[str] | None = None) -> BenchmarkPage:
    """Raises LookupError (with a message for the user) when there is nothing to compare for that year."""
    try:
        report, basis = benchmark(la_code=council.la_code, year=year, peers=peers), "published"
    except LookupError:
        report, basis = _report_from_records(council, year, peers), "records"
    sentences = tuple(report_sentences(report, MEASURE_INFO))
    return BenchmarkPage(
        year=year,
        years=published_years(),
        basis=basis,
        sentences=sentences,
        table=_table(report, basis),
        charts=tuple(_chart(report, measure) for measure in SENTENCE_MEASURES),
        peers_text=_peers_text(report),
    )


def _report_from_records(council: m.Council, year: int, peers: Sequence[str] | None) -> dict[str, Any]:
    """The report with the council's own records standing in for a published row."""
    rows = [r for r in measures_rows(year=year, la_codes=[council.la_code]) if r.get("old_la_code") == council.la_code]
    if not rows or not rows[0].get("inpost_headcount"):
        raise LookupError(f"No figures for {council.name} in {year}: DfE does not publish it and no records are held.")
    figures = published_figures()
    own = {
        **rows[0],
        "time_period": year,
        "geographic_level": "Local authority",
        "region_name": council.region,
        "la_name": council.name,
        "old_la_code": council.la_code,
    }
    row = pl.DataFrame([{c: own.get(c) for c in figures.columns}], schema=figures.schema, strict=False)
    codes = list(peers) if peers is not None else list(statistical_neighbours(council.la_code)[0])
    source = "given" if peers is not None else ("configured" if codes else "none")
    return benchmark_report(
        pl.concat([figures, row], how="vertical_relaxed"),
        la_code=council.la_code,
        year=year,
        peers=codes,
        info=MEASURE_INFO,
        peer_source=source,
    )


def _columns(report: dict[str, Any], basis: str) -> list[tuple[str, dict[str, Any]]]:
    council = report["council"]
    label = f"{council['la_name']} ({'published' if basis == 'published' else 'own records'})"
    columns = [(label, council)]
    if "council_held" in report:
        held = dict(report["council_held"])
        held.setdefault(PERMANENCY, permanency(held.get("inpost_fte"), held.get("agency_fte")))
        columns.append((f"{council['la_name']} (own records)", held))
    columns.append(("England", report["england"]))
    if report["region"].get("region_name"):
        columns.append((report["region"]["region_name"], report["region"]))
    columns.extend((p["la_name"], p) for p in report["peers"])
    if report["peers"]:
        columns.append(("Median of the comparators", report["peer_median"]))
    return columns


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
        rank = report["council_rank"].get(measure)
        row["rank"] = f"{rank[0]} of {rank[1]}" if rank else None
        rows.append(row)
    notes = ["Published figures: DfE, Children's social work workforce, Open Government Licence v3.0."]
    if basis == "records":
        notes.append("This council's figures are computed from its own records: DfE does not publish it.")
    return Table.from_dicts(f"Benchmarks, census year {report['year']}", table_columns, rows, notes)


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


def _peers_text(report: dict[str, Any]) -> str:
    names = ", ".join(p["la_name"] for p in report["peers"])
    source = report["peer_source"]
    if not names:
        return "No statistical neighbours are set for this council. Set them with csc-workforce benchmark neighbours."
    if source == "given":
        return f"Compared with the councils you chose: {names}."
    origin = "set for this council" if source == "configured" else "from its strategy"
    return f"Statistical neighbours ({origin}): {names}."
