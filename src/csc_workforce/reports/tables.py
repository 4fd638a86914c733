"""A table as people read it: a title, named columns, rows, and notes (source, suppression, rounding).

The same ``Table`` is shown on a web page, downloaded as CSV or XLSX, and sits behind every chart as its
data alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from csc_workforce.domain.spreadsheet import Sheet, csv_text, xlsx_bytes

Cell = str | int | float | date | None


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    decimals: int | None = None  # None: as given; 0: whole numbers; 1: one decimal place


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def from_dicts(
        cls, title: str, columns: Sequence[Column], rows: Sequence[dict[str, Any]], notes: Sequence[str] = ()
    ) -> Table:
        return cls(title, tuple(columns), tuple(tuple(row.get(c.key) for c in columns) for row in rows), tuple(notes))

    def formatted(self, row: tuple[Cell, ...]) -> list[str]:
        """Cells as shown on a page: thousands separators, fixed decimals, "-" for missing."""
        return [format_cell(value, column) for value, column in zip(row, self.columns, strict=True)]


def format_cell(value: Cell, column: Column) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float) and column.numeric:
        decimals = column.decimals if column.decimals is not None else (0 if isinstance(value, int) else 1)
        return f"{value:,.{decimals}f}"
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    return str(value)


def to_csv(table: Table) -> str:
    """CSV with a header row of column labels; missing values are empty; numbers unformatted; dates ISO 8601.

    Text that a spreadsheet could run as a formula is quote-prefixed (``domain/spreadsheet.py``)."""
    header = [c.label for c in table.columns]
    return csv_text([header, *([v.isoformat() if isinstance(v, date) else v for v in row] for row in table.rows)])


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """One worksheet per table: title, header row, data, then notes. Numbers stay numbers; text is always a
    text cell, never a formula (``domain/spreadsheet.py``)."""
    used: set[str] = set()
    sheets = []
    for table in tables:
        rows: list[Sequence[Any]] = [[table.title], [c.label for c in table.columns], *table.rows]
        for note in table.notes:
            rows += [[], [note]]
        sheets.append(Sheet(_sheet_name(table.title, used), rows, bold_rows=frozenset({0, 1})))
    return xlsx_bytes(sheets)


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Table"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    used.add(name.lower())
    return name
