"""A council's published figures beside England, its region, its peers and their median, for one year.

:func:`benchmark_report` builds a JSON-ready dict from a frame of published figures (the shipped file, or it with
newer releases laid over it) and :func:`render_table` prints it with plain-language sentences. Pure: the
measure polarity and decimal places are passed in (the caller reads them from the measure catalogue).

Every figure object holds the 22 DfE measures (values as published; null for a symbol or a missing row) and
``permanency_rate_fte`` = inpost_fte / (inpost_fte + agency_fte) x 100, rounded half up to 1 decimal place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from csc_workforce.benchmarks.comparison import ENGLAND, comparator_region, comparison_sentence, phrasing
from csc_workforce.benchmarks.councils import council_name
from csc_workforce.benchmarks.peers import MIN_PEERS, peer_median, rank_among
from csc_workforce.benchmarks.published import LOCAL_AUTHORITY, MEASURE_IDS, NATIONAL, REGIONAL
from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures.catalogue import Measure
from csc_workforce.measures.rules import permanency_rate
from csc_workforce.measures.strategy_catalogue import measure_named

PERMANENCY = "permanency_rate_fte"
REPORT_MEASURES: tuple[str, ...] = (*MEASURE_IDS, PERMANENCY)
SENTENCE_MEASURES: tuple[str, ...] = (
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)


MAX_PEER_COLUMNS = 6  # more peers than this are listed after the table, not one column each
NEIGHBOUR_SOURCES = ("configured", "shipped")


def _value(value: float | None, decimals: int) -> float | int | None:
    if value is None:
        return None
    return int(value) if decimals == 0 and float(value).is_integer() else value


def _figures(row: Mapping[str, Any] | None, info: Mapping[str, Measure]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for measure in MEASURE_IDS:
        values[measure] = None if row is None else _value(row[measure], _info(info, measure).decimals)
    rate = None if row is None else permanency_rate(row["inpost_fte"], row["agency_fte"])
    values[PERMANENCY] = None if rate is None else round_half_up(rate, measure_named(PERMANENCY).decimals)
    return values


def _median_shown(middle: float | None, decimals: int) -> float | None:
    """A peer median to one place more than the measure's own; the median of whole numbers (an odd count of
    headcounts) stays a whole number."""
    if middle is None or isinstance(middle, int):
        return middle
    return round_half_up(middle, decimals)


def _info(info: Mapping[str, Measure], measure: str) -> Measure:
    """The declaration of ``measure`` (``info`` first, then the catalogue: the permanency rate is a local
    measure), or a stand-in for one never declared (1 decimal place, no polarity, never ranked)."""
    return info.get(measure) or measure_named(measure)


def _first(frame: pl.DataFrame) -> dict[str, Any] | None:
    return None if frame.is_empty() else frame.row(0, named=True)


def _council_row(year_rows: pl.DataFrame, la_code: str) -> dict[str, Any] | None:
    rows = year_rows.filter(pl.col("geographic_level") == LOCAL_AUTHORITY)
    exact = rows.filter(pl.col("old_la_code") == la_code)
    if not exact.is_empty():
        return _first(exact)
    return _first(rows.filter(pl.col("la_codes").list.contains(la_code)))


def region_peers(year_rows: pl.DataFrame, council_row: Mapping[str, Any]) -> tuple[str, ...]:
    """The other councils of ``council_row``'s region in ``year_rows`` (one year's figures), by name: their
    ``old_la_code`` as written ("314 / 318" for a joint return). London boroughs (Inner or Outer London) are in
    London, as the region they are compared with. No region: none."""
    region = comparator_region(council_row["region_name"] or "")
    if not region:
        return ()
    rows = year_rows.filter(
        (pl.col("geographic_level") == LOCAL_AUTHORITY) & (pl.col("old_la_code") != council_row["old_la_code"])
    )
    named = [
        (row["la_name"] or "", row["old_la_code"])
        for row in rows.select("la_name", "old_la_code", "region_name").iter_rows(named=True)
        if comparator_region(row["region_name"] or "") == region
    ]
    return tuple(code for _, code in sorted(named))


def peer_noun(peer_source: str, region_name: str) -> str:
    """What the peers are called in "fewer than 3 ... with figures"."""
    if peer_source in NEIGHBOUR_SOURCES:
        return "neighbours"
    return f"councils in {region_name}" if peer_source == "region" else "peers"


def peer_description(peer_source: str, names: Sequence[str], region_name: str) -> str:
    """Which councils the council is compared with, and why, in one sentence."""
    listed = ", ".join(names)
    if peer_source == "region":
        return (
            f"Compared with the {len(names)} other councils in {region_name}, since no statistical neighbours are set."
        )
    if not names:
        if peer_source == "given":
            return "Not compared with other councils: none were chosen."
        where = f"DfE publishes no other council in {region_name}" if region_name else "its region is not known"
        return f"Not compared with other councils: no statistical neighbours are set and {where}."
    if peer_source == "configured":
        return f"Compared with its statistical neighbours, as set for this council: {listed}."
    if peer_source == "shipped":
        return f"Compared with its statistical neighbours, as its workforce strategy names them: {listed}."
    return f"Compared with the councils chosen: {listed}."


def rank_note(measure_info: Measure, council_value: float | None, peers_with_figures: int, *, noun: str) -> str | None:
    """Why a measure is not ranked (None when it may be): a count, no polarity, no figure for the council, or
    fewer than :data:`MIN_PEERS` peers with figures."""
    if not measure_info.is_rate:
        return "not ranked: a count, which depends on the council's size"
    if measure_info.higher_is_better is None:
        return "not ranked: neither higher nor lower is better"
    if council_value is None:
        return "not ranked: no figure for the council"
    if peers_with_figures < MIN_PEERS:
        return f"not ranked: fewer than {MIN_PEERS} {noun} with figures"
    return None


def benchmark_report(
    figures: pl.DataFrame,
    *,
    la_code: str,
    year: int,
    peers: Sequence[str] | None,
    info: Mapping[str, Measure],
    peer_source: str = "given",
) -> dict[str, Any]:
    """The report for council ``la_code`` in ``year`` against ``peers`` (old LA codes).

    ``peers`` None: the other councils of the council's region that year (``peer_source`` "region", or "none"
    when there are none); otherwise ``peer_source`` says where ``peers`` came from. Raises LookupError when
    the year or the council is not in ``figures``. A peer with no row that year is listed with null values
    (and left out of the median and rank). Medians and ranks follow :mod:`csc_workforce.benchmarks.peers`;
    only rates and ratios are ranked.
    """
    year_rows = figures.filter(pl.col("time_period") == year)
    if year_rows.is_empty():
        years = sorted(set(figures["time_period"].to_list()))
        raise LookupError(f"No published figures for {year}; the published figures cover {years[0]}-{years[-1]}.")
    council_row = _council_row(year_rows, la_code)
    if council_row is None:
        raise LookupError(f"No published figures for council {la_code} in {year}.")
    region_name = comparator_region(council_row["region_name"] or "")
    if peers is None:
        peers = region_peers(year_rows, council_row)
        peer_source = "region" if peers else "none"
    england_row = _first(year_rows.filter(pl.col("geographic_level") == NATIONAL))
    region_row = _first(
        year_rows.filter((pl.col("geographic_level") == REGIONAL) & (pl.col("region_name") == region_name))
    )
    peer_rows = [(code, _council_row(year_rows, code)) for code in peers if code != la_code]

    council = {
        "old_la_code": council_row["old_la_code"],
        "la_name": council_row["la_name"],
        "region_name": council_row["region_name"],
        **_figures(council_row, info),
    }
    peer_objects = [
        {
            "old_la_code": row["old_la_code"] if row else code,
            "la_name": row["la_name"] if row else council_name(code).name,
            **_figures(row, info),
        }
        for code, row in peer_rows
    ]
    # unrounded where available: the permanency rate from the published FTEs; published values otherwise
    unrounded: dict[str, list[float | None]] = {m: [p[m] for p in peer_objects] for m in MEASURE_IDS}
    unrounded[PERMANENCY] = [
        None if row is None else permanency_rate(row["inpost_fte"], row["agency_fte"]) for _, row in peer_rows
    ]
    noun = peer_noun(peer_source, region_name)
    median: dict[str, Any] = {}
    ranks: dict[str, list[int] | None] = {}
    notes: dict[str, str | None] = {}
    for measure in REPORT_MEASURES:
        measure_info = _info(info, measure)
        middle = peer_median(unrounded[measure])
        median[measure] = _median_shown(middle, measure_info.decimals + 1)
        shown = [p[measure] for p in peer_objects]
        notes[measure] = rank_note(measure_info, council[measure], sum(v is not None for v in shown), noun=noun)
        rank = (
            None
            if notes[measure]
            else rank_among(
                council[measure], shown, higher_is_better=measure_info.higher_is_better, decimals=measure_info.decimals
            )
        )
        ranks[measure] = None if rank is None else rank.as_list()
    return {
        "year": year,
        "council": council,
        "england": {"country_name": ENGLAND, **_figures(england_row, info)},
        "region": {"region_name": region_name, **_figures(region_row, info)},
        "peers": peer_objects,
        "peer_source": peer_source,
        "peer_description": peer_description(peer_source, [p["la_name"] for p in peer_objects], region_name),
        "peer_median": median,
        "council_rank": ranks,
        "rank_notes": notes,
    }


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def peer_sentence(
    measure_id: str,
    council_value: float | None,
    median: float | None,
    rank: Sequence[int] | None,
    *,
    council_name: str,
    peers_label: str = "its statistical neighbours",
    note: str | None = None,
) -> str:
    """ "Bexley was above the median of its statistical neighbours (20.2%), 3rd of 4 (1st is best)."

    Without a median (fewer than 3 peers with figures) the ``note`` is the sentence ("Not ranked: fewer than 3
    neighbours with figures.")."""
    words = phrasing(measure_id)
    if council_value is None:
        return ""
    if median is None:
        reason = note or f"not ranked: fewer than {MIN_PEERS} peers with figures"
        return f"{reason[0].upper()}{reason[1:]}."
    council, middle = words.key(council_value), words.key(median)
    relation = "above" if council > middle else "below" if council < middle else "the same as"
    shown = words.show(median, unit=words.unit == "%")
    sentence = f"{council_name} was {relation} the median of {peers_label} ({shown})"
    if rank is not None:
        sentence += f", {_ordinal(rank[0])} of {rank[1]} (1st is best)"
    return f"{sentence}."


def peers_label(report: Mapping[str, Any]) -> str:
    """ "its statistical neighbours", "the other councils in London" or "its peers" (councils chosen)."""
    if report["peer_source"] in NEIGHBOUR_SOURCES:
        return "its statistical neighbours"
    if report["peer_source"] == "region":
        return f"the other councils in {report['region']['region_name']}"
    return "its peers"


def report_sentences(report: Mapping[str, Any], info: Mapping[str, Measure]) -> list[str]:
    """For each headline rate: the comparison with England and the region, then with the peers."""
    sentences: list[str] = []
    for measure in SENTENCE_MEASURES:
        council = report["council"][measure]
        text = comparison_sentence(
            measure,
            council,
            report["england"][measure],
            report["region"]["region_name"],
            report["region"][measure],
            higher_is_better=bool(_info(info, measure).higher_is_better),
        )
        if report["peers"]:
            extra = peer_sentence(
                measure,
                council,
                report["peer_median"][measure],
                report["council_rank"][measure],
                council_name=report["council"]["la_name"],
                peers_label=peers_label(report),
                note=report["rank_notes"][measure],
            )
            text = f"{text} {extra}".rstrip()
        sentences.append(text)
    return sentences


def _cell(value: Any, decimals: int) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return f"{value[0]} of {value[1]}"
    if decimals == 0 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{round_half_up(float(value), max(decimals, 1)):,.{max(decimals, 1)}f}"


def peer_columns(report: Mapping[str, Any]) -> bool:
    """Whether each peer gets a column of its own (up to :data:`MAX_PEER_COLUMNS` peers), or is listed apart."""
    return 0 < len(report["peers"]) <= MAX_PEER_COLUMNS


def _not_ranked(report: Mapping[str, Any]) -> list[str]:
    """ "Not ranked:" then one line per reason naming its measures."""
    by_reason: dict[str, list[str]] = {}
    for measure in REPORT_MEASURES:
        note = report["rank_notes"].get(measure)
        if note:
            by_reason.setdefault(note.removeprefix("not ranked: "), []).append(measure)
    return ["Not ranked:", *[f"  {reason}: {', '.join(ms)}" for reason, ms in by_reason.items()]] if by_reason else []


def render_table(report: Mapping[str, Any], info: Mapping[str, Measure]) -> str:
    """A text table (one line per measure; council, England, region, each peer when there are few, peer median,
    rank) after a line saying which councils it is compared with, followed by the comparison sentences, the
    measures not ranked and why, and the peers when there are too many for a column each."""
    council = report["council"]
    columns: list[tuple[str, Mapping[str, Any]]] = [
        (council["la_name"], council),
        (ENGLAND, report["england"]),
        (report["region"]["region_name"], report["region"]),
    ]
    if peer_columns(report):
        columns.extend((p["la_name"], p) for p in report["peers"])
    if report["peers"]:
        columns.append(("Peer median", report["peer_median"]))
    held = report.get("council_held")
    if held:
        columns.insert(1, (f"{council['la_name']} (held)", held))
    headers = ["measure", *[name for name, _ in columns], "Rank"]
    lines = [headers]
    for measure in REPORT_MEASURES:
        decimals = _info(info, measure).decimals
        cells = [_cell(figures.get(measure), decimals) for _, figures in columns]
        lines.append([measure, *cells, _cell(report["council_rank"].get(measure), 0)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
    text = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    title = f"{council['la_name']} ({council['old_la_code']}), year to 30 September {report['year']}"
    intro = [report["peer_description"]]
    if report.get("basis") == "records":
        intro.append(own_figures_sentence(report))
    listed = (
        []
        if peer_columns(report) or not report["peers"]
        else [
            "Compared with:",
            *[f"  {p['old_la_code']}  {p['la_name']}" for p in report["peers"]],
            "",
        ]
    )
    sentences = report_sentences(report, info)
    not_ranked = _not_ranked(report)
    return "\n".join(
        [title, *intro, "", *text, "", *sentences, "", *([*not_ranked, ""] if not_ranked else []), *listed]
    )


def own_figures_sentence(report: Mapping[str, Any]) -> str:
    """Where the figures of a council DfE does not publish come from: its census return for the year (as
    returned, DfE's method) or its records (``report["own_basis"]``)."""
    name, year = report["council"]["la_name"], report["year"]
    if report.get("own_basis") == "returned":
        return (
            f"{name}'s figures are from its own census return for {year}, as DfE would compute them: DfE does "
            "not publish it."
        )
    return f"{name}'s figures are computed from its own records: DfE does not publish it."
