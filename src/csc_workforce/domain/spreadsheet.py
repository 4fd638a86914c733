"""The one CSV writer and the one XLSX writer of the package, and the rule that makes a cell safe to open.

Every download and every CSV the command line prints goes through :func:`csv_text` / :func:`write_csv` or
:func:`xlsx_bytes`; ``tests/test_architecture.py`` fails if ``csv.writer``, ``csv.DictWriter`` or an openpyxl
``Workbook`` is used anywhere else in the package. The module lives in ``domain`` because every layer that
writes a spreadsheet (``importers``, ``reports``, ``store``, ``cli``, ``web``) may import it.

**The rule** (OWASP "CSV injection", widened for what spreadsheet programs honour). A *text* cell is
*formula-like* when it

- begins with ``=``, ``+``, ``-``, ``@``, a tab (U+0009) or a carriage return (U+000D), or with a full-width
  ``＝ ＋ － ＠`` (U+FF1D, U+FF0B, U+FF0D, U+FF20), or
- begins with whitespace followed by one of those (``"  =1"``, ``"\\n@SUM(A1)"``): some programs trim it first.

A text cell that is exactly a plain decimal number with a minus sign (``-2``, ``-0.5``: ASCII digits, nothing
else) is not formula-like: every spreadsheet reads it as that number and it can run nothing.

- In **CSV** a formula-like cell is written with a single quote before it (``'=HYPERLINK(...)``), so the
  spreadsheet shows it as text and runs nothing; the quote is visible, and a program reading the file sees it.
- In **XLSX** every text cell is written as a text cell (``data_type`` ``"s"``, never a formula, even when it
  begins with ``=``), with its value unchanged; a formula-like one also gets Excel's *quote prefix* style
  (``quotePrefix``), so editing the cell and pressing Enter keeps it text. Characters an XLSX file cannot hold
  (control characters other than tab, line feed and carriage return) become U+FFFD.

Only text is changed: numbers (``int``, ``float``, ``Decimal``; a negative number too), dates, booleans and
missing values (written empty) are written as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")
# What an XLSX (XML 1.0) cell cannot hold: openpyxl raises IllegalCharacterError on these.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet might run ``text`` as a formula (the rule in this module's docstring)."""
    if not text or _NEGATIVE_NUMBER.fullmatch(text):
        return False
    if text[0] in FORMULA_STARTS:
        return True
    trimmed = text.lstrip()
    return trimmed != text and trimmed[:1] in FORMULA_STARTS


def safe_text(text: str) -> str:
    """``text`` as a CSV cell: with a single quote before it when it is formula-like, else unchanged."""
    return "'" + text if is_formula_like(text) else text


def csv_cell(value: object) -> object:
    """One value as a CSV cell: text made safe (:func:`safe_text`), ``None`` empty, anything else as it is.

    Values that are neither text, numbers nor missing (dates, booleans, ...) are written as ``str(value)``, and
    that text is made safe too."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, int | float | Decimal):
        return value
    return safe_text(str(value))


def write_csv(stream: TextIO, rows: Iterable[Iterable[object]], *, lineterminator: str = "\n") -> None:
    """Write ``rows`` (the header is the first) to ``stream`` as CSV, every cell through :func:`csv_cell`.

    A cell holding a carriage return or a line feed is always quoted, whatever ``lineterminator`` is (Python's
    writer quotes only the characters of its own line ending, so with ``"\n"`` a bare ``"\r=1"`` would end the
    row early and start the next one with ``=1``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # both characters in it: a cell with either is quoted
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        stream.write(buffer.getvalue()[:-2] + lineterminator)
        buffer.seek(0)
        buffer.truncate()


def csv_text(rows: Iterable[Iterable[object]], *, lineterminator: str = "\n") -> str:
    """``rows`` (the header is the first) as CSV text: :func:`write_csv` into a string."""
    out = io.StringIO()
    write_csv(out, rows, lineterminator=lineterminator)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: its name (already a valid, unique sheet name), its rows, and which rows (0-based) are
    bold."""

    name: str
    rows: Sequence[Sequence[Any]]
    bold_rows: frozenset[int] = field(default=frozenset())


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of ``sheets`` as XLSX bytes: text cells always text (the rule above), numbers numbers."""
    from openpyxl import Workbook  # imported here: callers that only write CSV never pay for it

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _fill(book.create_sheet(sheet.name), sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(worksheet: Worksheet, sheet: Sheet) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            cell = worksheet.cell(row=r + 1, column=c + 1)
            if isinstance(value, str):
                text = _NOT_IN_XLSX.sub("\ufffd", value)
                cell.value = text
                cell.data_type = "s"  # openpyxl makes text that begins with "=" a formula; it never is here
                if is_formula_like(text):
                    cell.quotePrefix = True
            else:
                cell.value = value
            if r in sheet.bold_rows:
                cell.font = bold
