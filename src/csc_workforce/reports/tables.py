"""A table as people read it: a title, named columns, rows, and notes (source, suppression, rounding).

The same ``Table`` is shown on a web page, downloaded as CSV or XLSX, and sits behind every chart as its
data alternative.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

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
    """CSV with a header row of column labels; missing values are empty; numbers unformatted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row])
    return out.getvalue()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """One worksheet per table: title, header row, data, then notes. Numbers stay numbers."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([c.label for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for note in table.notes:
            sheet.append([])
            sheet.append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Table"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    used.add(name.lower())
    return name
