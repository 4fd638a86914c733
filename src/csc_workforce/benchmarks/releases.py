"""Newer releases of DfE's published indicators file, and how they are laid over the shipped one.

DfE publishes the "1. Indicators" data file of *Children's social work workforce* once a year, revising back
years. :func:`read_release` checks and reads such a file (the same columns as the shipped
``dfe_csww_indicators_2017_to_2025.csv``); :func:`overlay_releases` lays releases over the shipped figures:

- a row of a newer release replaces the row for the same year and geography (national: the country code;
  regional: the region code and name; local authority: ``old_la_code``), so revised years are replaced;
- rows for years or geographies the base does not hold are added (new years);
- rows of the base the release does not mention are kept.

Each problem is an :class:`~csc_workforce.domain.issues.Issue` with a code of the catalogue
(``DFE-REL-*`` in :mod:`csc_workforce.domain.catalogue`). It names the row (the header is row 1, the first data row
is row 2) and the column, as a spreadsheet location: line = row, path = "<file name>!<column>".
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from csc_workforce.benchmarks.published import (
    ID_COLUMNS,
    LOCAL_AUTHORITY,
    MEASURE_IDS,
    NATIONAL,
    REGIONAL,
    SYMBOLS,
    indicators_frame,
)
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import Issue, Location

COLUMNS: tuple[str, ...] = (*ID_COLUMNS, *MEASURE_IDS)
LEVELS = (NATIONAL, REGIONAL, LOCAL_AUTHORITY)
MAX_PROBLEMS = 20
GEOGRAPHY_KEY = "_geography"


def release_issue(code: str, name: str, row: int, column: str, message: str) -> Issue:
    """The issue ``code`` at ``row`` (1 is the header) and ``column`` ("" for the whole row) of file ``name``."""
    return rule(code).issue(message, Location(line=row, path=f"{name}!{column}"))


def where_in_release(issue: Issue) -> str:
    """ "row 3, column turnover_rate_fte: '21,8%' is neither ..." (the column left out for a whole row)."""
    column = (issue.location.path or "").partition("!")[2]
    where = f"row {issue.location.line}" + (f", column {column}" if column else "")
    return f"{where}: {issue.message}"


class ReleaseError(ValueError):
    """A file that is not a DfE indicators file; ``issues`` lists each row and column at fault."""

    def __init__(self, name: str, issues: Sequence[Issue]) -> None:
        self.name = name
        self.issues = tuple(issues)
        lines = "\n".join(f"  {line}" for line in self.lines())
        super().__init__(f"{name} is not a DfE CSWW indicators file:\n{lines}")

    def lines(self) -> list[str]:
        """Each issue as the CLI prints it: "row 1, column time_period: is missing"."""
        return [where_in_release(issue) for issue in self.issues]


@dataclass(frozen=True, slots=True)
class Release:
    """A checked release: its rows read as :func:`~csc_workforce.benchmarks.published.read_indicators` does."""

    name: str
    sha256: str
    years: tuple[int, ...]
    rows: int
    frame: pl.DataFrame


@dataclass(frozen=True, slots=True)
class Changes:
    """What laying a release over some figures does: years it adds, and years whose rows it replaces."""

    added_years: tuple[int, ...]
    replaced_years: tuple[int, ...]
    replaced_rows: int
    added_rows: int


def _is_value(text: str) -> bool:
    if text in SYMBOLS:
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_rows(rows: list[list[str]], header: list[str], name: str) -> list[Issue]:
    issues: list[Issue] = []

    def problem(row: int, code: str, column: str, message: str) -> None:
        issues.append(release_issue(code, name, row, column, message))

    at = {column: header.index(column) for column in COLUMNS}
    seen: dict[tuple[str, ...], int] = {}
    symbols = ", ".join(f"'{s}'" for s in SYMBOLS)
    for number, cells in enumerate(rows, start=2):
        if len(issues) >= MAX_PROBLEMS:
            break
        if len(cells) != len(header):
            problem(number, "DFE-REL-007", "", f"has {len(cells)} cells; the header has {len(header)}")
            continue
        cell = {column: cells[index].strip() for column, index in at.items()}
        year = cell["time_period"]
        if not (year.isdigit() and len(year) == 4):
            problem(number, "DFE-REL-008", "time_period", f"'{year}' is not a year (for example 2025)")
        level = cell["geographic_level"]
        if level not in LEVELS:
            problem(number, "DFE-REL-009", "geographic_level", f"'{level}' is not one of {', '.join(LEVELS)}")
        elif level == REGIONAL and not cell["region_name"]:
            problem(number, "DFE-REL-010", "region_name", "is empty on a Regional row")
        elif level == LOCAL_AUTHORITY and not cell["old_la_code"]:
            problem(number, "DFE-REL-011", "old_la_code", "is empty on a Local authority row")
        for measure in MEASURE_IDS:
            text = cell[measure]
            if text and not _is_value(text):
                problem(number, "DFE-REL-012", measure, f"'{text}' is neither a number nor a DfE symbol ({symbols})")
        key = (
            year,
            level,
            *_geography(level, cell["country_code"], cell["region_code"], cell["region_name"], cell["old_la_code"]),
        )
        if key in seen:
            problem(number, "DFE-REL-013", "", f"repeats row {seen[key]} (same year and geography)")
        else:
            seen[key] = number
    return issues[:MAX_PROBLEMS]


def _geography(level: str, country: str, region_code: str, region_name: str, la_code: str) -> tuple[str, ...]:
    if level == NATIONAL:
        return (country,)
    if level == REGIONAL:
        return (region_code, region_name)
    return (la_code,)


def read_release(data: bytes, *, name: str) -> Release:
    """Check and read a release of the indicators file; raises :class:`ReleaseError` naming row and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReleaseError(
            name, [release_issue("DFE-REL-001", name, 1, "", f"is not UTF-8 text (byte {exc.start})")]
        ) from None
    table = list(csv.reader(io.StringIO(text)))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ReleaseError(name, [release_issue("DFE-REL-002", name, 1, "", "the file is empty")])
    header = [cell.strip() for cell in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    repeated = sorted({c for c in header if header.count(c) > 1})
    issues = [release_issue("DFE-REL-003", name, 1, c, "is missing") for c in missing]
    issues += [release_issue("DFE-REL-004", name, 1, c, "is not a column of the DfE indicators file") for c in extra]
    issues += [release_issue("DFE-REL-005", name, 1, c, "appears more than once") for c in repeated]
    if issues:
        raise ReleaseError(name, issues[:MAX_PROBLEMS])
    if len(table) == 1:
        raise ReleaseError(name, [release_issue("DFE-REL-006", name, 2, "", "the file has a header but no rows")])
    issues = _check_rows(table[1:], header, name)
    if issues:
        raise ReleaseError(name, issues)
    at = {c: header.index(c) for c in COLUMNS}
    cells = {c: [row[i] or None for row in table[1:]] for c, i in at.items()}  # empty as null, as read_csv reads it
    frame = indicators_frame(pl.DataFrame(cells, schema=dict.fromkeys(COLUMNS, pl.String)))
    years = tuple(sorted({int(y) for y in frame["time_period"].to_list()}))
    return Release(name, hashlib.sha256(data).hexdigest(), years, frame.height, frame)


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    geography = (
        pl.when(pl.col("geographic_level") == NATIONAL)
        .then(pl.col("country_code"))
        .when(pl.col("geographic_level") == REGIONAL)
        .then(pl.concat_str([pl.col("region_code"), pl.col("region_name")], separator="|", ignore_nulls=True))
        .otherwise(pl.col("old_la_code"))
    )
    return frame.with_columns(
        pl.concat_str([pl.col("geographic_level"), geography.fill_null("")], separator="|").alias(GEOGRAPHY_KEY)
    )


def release_changes(base: pl.DataFrame, release: Release) -> Changes:
    """Which years ``release`` adds to ``base`` and which it revises (replacing rows)."""
    base_years = set(base["time_period"].to_list())
    keys = ["time_period", GEOGRAPHY_KEY]
    matched = _keyed(release.frame).join(_keyed(base).select(keys), on=keys, how="semi")
    replaced = tuple(sorted(set(matched["time_period"].to_list())))
    added = tuple(y for y in release.years if y not in base_years)
    return Changes(added, replaced, matched.height, release.rows - matched.height)


def overlay_releases(base: pl.DataFrame, newer: Iterable[Release]) -> pl.DataFrame:
    """``base`` with each release laid over it in turn (oldest first): its rows replace those for the same year
    and geography, and add the rest. Sorted by year, level and geography as the shipped file is not."""
    keys = ["time_period", GEOGRAPHY_KEY]
    result = _keyed(base)
    for release in newer:
        fresh = _keyed(release.frame).select(result.columns)
        result = pl.concat([result.join(fresh.select(keys), on=keys, how="anti"), fresh], how="vertical")
    return result.sort(["time_period", "geographic_level", GEOGRAPHY_KEY], maintain_order=True).drop(GEOGRAPHY_KEY)
