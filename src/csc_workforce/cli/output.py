"""Shared output helpers: the one ``--format`` option every command uses, and JSON, CSV and plain tables,
written to stdout.

Every command's ``--format`` takes values from one vocabulary: ``text`` (for people: a table or lines), ``json``
and ``csv`` (for scripts and spreadsheets); a command offers the ones that fit its output. ``table``, the name
some commands used for ``text``, is still accepted so that nobody's script breaks.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

TEXT, JSON, CSV = "text", "json", "csv"
FORMATS = (TEXT, JSON, CSV)
ALIASES = {"table": TEXT}


def format_name(value: str) -> str:
    """A ``--format`` value in the one vocabulary: an old name (``table``) becomes its new one (``text``)."""
    return ALIASES.get(value, value)


DOCUMENTS = ("docx", "pdf", "html", "xlsx")
"""The formats of a document a command writes to ``--output`` (a report), not what it prints."""


def add_document_format_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` for a command writing a document to ``--output``: one of :data:`DOCUMENTS`, required."""
    parser.add_argument("--format", required=True, choices=DOCUMENTS, help="the document's format")


def add_format_argument(parser: argparse.ArgumentParser, formats: Sequence[str] = (TEXT, JSON)) -> None:
    """Add ``--format`` with ``formats`` (a choice of ``FORMATS``, in that order), default ``text``."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or TEXT not in formats:
        raise ValueError(f"--format takes text and any of {FORMATS[1:]}, not {list(formats)}")
    parser.add_argument(
        "--format",
        type=format_name,
        choices=[f for f in FORMATS if f in formats],
        default=TEXT,
        help="output format (default text; 'table' is accepted for text)",
    )


def print_rows(rows: Sequence[dict[str, Any]], output_format: str) -> None:
    """Print rows in ``output_format``: ``text`` a plain table, ``json`` a list of objects, ``csv`` a header
    row and one line per row."""
    printers: dict[str, Callable[[list[dict[str, Any]]], None]] = {TEXT: print_table, JSON: print_json, CSV: print_csv}
    printers[format_name(output_format)](list(rows))


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def print_csv(rows: Sequence[dict[str, Any]]) -> None:
    """A header row of the first row's keys, then one line per row (missing values empty). Text a spreadsheet
    could run as a formula is quote-prefixed (``domain/spreadsheet.py``)."""
    from csc_workforce.domain.spreadsheet import write_csv  # here: every command's module imports this one

    if not rows:
        return
    columns = list(rows[0])
    extra = sorted({key for row in rows for key in row} - set(columns))
    if extra:
        raise ValueError(f"rows have columns the first row lacks: {extra}")
    write_csv(sys.stdout, [columns, *([row.get(c) for c in columns] for row in rows)])


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """A plain text table; long tables are transposed so that each council is a column."""
    if not rows:
        print("(no rows)")
        return
    columns = list(columns or rows[0])
    cells = [[_fmt(row.get(c)) for c in columns] for row in rows]
    # one line per measure, one column per council: readable in a terminal
    width = max(len(c) for c in columns)
    col_w = [max(len(cells[j][i]) for i in range(len(columns))) for j in range(len(rows))]
    for i, name in enumerate(columns):
        values = "  ".join(cells[j][i].rjust(col_w[j]) for j in range(len(rows)))
        print(f"{name.ljust(width)}  {values}")


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def print_lines(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """A plain text table with one line per row (for long lists, where :func:`print_table`'s one column per row
    would not fit): a header line of the column names, then the rows, each column left-aligned."""
    if not rows:
        print("(no rows)")
        return
    columns = list(columns or rows[0])
    cells = [[_fmt(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(line[i]) for line in cells)]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for line in cells:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
