"""Read a CSV or XLSX extract into a :class:`Table`: a header and rows, with spreadsheet row numbers.

Row numbers are those a council analyst sees in Excel: the header is row 1 (or the first non-blank row),
blank rows are skipped but keep their numbers, so row 7 here is row 7 in the spreadsheet.

Anything that stops the file being read at all (wrong type, too big, not really a workbook) raises
:class:`~csc_workforce.domain.issues.CannotContinue` carrying one ``IMP-FILE-*`` issue.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import CannotContinue, Issue, Location

Cell = str | date | datetime | int | float | None

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200

_REJECTED = {
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
_SAVE_AS = "Open it in Excel and use File > Save As > 'Excel Workbook (.xlsx)' or 'CSV UTF-8 (Comma delimited)'."


@dataclass(frozen=True, slots=True)
class Table:
    """A header and its data rows; ``row_numbers[i]`` is the spreadsheet row of ``rows[i]``."""

    name: str  # the sheet name for a workbook, the file name for a CSV: used in issue locations
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_numbers: tuple[int, ...]
    header_row: int = 1
    issues: tuple[Issue, ...] = ()  # warnings from reading (e.g. the file was not UTF-8)

    def __len__(self) -> int:
        return len(self.rows)


def _fail(code: str, message: str, value: str | None = None) -> CannotContinue:
    return CannotContinue(rule(code).issue(message, Location(), value))


def read_table(
    data: bytes,
    *,
    filename: str,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> Table:
    """Read ``data`` (the uploaded file's bytes) as CSV or XLSX, chosen by ``filename``'s extension."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in _REJECTED:
        raise _fail("IMP-FILE-001", f"{filename} is {_REJECTED[suffix]}, which cannot be read safely. {_SAVE_AS}")
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise _fail("IMP-FILE-001", f"{filename} is not a CSV or Excel (.xlsx) file. {_SAVE_AS}")
    if len(data) > max_bytes:
        size = len(data) / (1024 * 1024)
        raise _fail(
            "IMP-FILE-002",
            f"{filename} is {size:.1f} MB; the largest file accepted is {max_bytes / (1024 * 1024):.0f} MB. "
            "Split it (for example by year) or remove columns that are not needed.",
        )
    if suffix == ".xlsx":
        return _read_xlsx(data, filename=filename, sheet=sheet, max_rows=max_rows)
    return _read_csv(data, filename=filename, max_rows=max_rows)


def _table(name: str, numbered: Iterable[tuple[int, Sequence[Cell]]], max_rows: int, warnings: list[Issue]) -> Table:
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[tuple[Cell, ...]] = []
    numbers: list[int] = []
    for number, raw in numbered:
        cells = tuple(_clean(c) for c in raw[:MAX_COLUMNS])
        if all(c is None for c in cells):
            continue
        if header is None:
            header, header_row = _header(cells), number
            continue
        if len(rows) >= max_rows:
            raise _fail(
                "IMP-FILE-003",
                f"{name} has more than {max_rows:,} rows of data. Split it into smaller files (for example by year).",
            )
        rows.append(cells)
        numbers.append(number)
    if header is None:
        raise _fail("IMP-FILE-004", f"{name} is empty: it needs a header row (column names) and rows of data.")
    width = len(header)
    padded = tuple(r[:width] + (None,) * (width - len(r)) for r in rows)
    return Table(name, header, padded, tuple(numbers), header_row, tuple(warnings))


def _header(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    names = [("" if c is None else str(c)).strip() for c in cells]
    while names and not names[-1]:
        names.pop()
    return tuple(names)


def _clean(cell: object) -> Cell:
    if cell is None:
        return None
    if isinstance(cell, str):
        text = cell.strip()
        return text or None
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, datetime | date | int | float):
        return cell
    if isinstance(cell, time):
        return cell.isoformat()
    return str(cell)


# -- CSV ---------------------------------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> tuple[str, list[Issue]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warning = rule("IMP-FILE-005").issue(
            f"{filename} is not UTF-8, so it was read as Windows (cp1252) text. Check names with accents; "
            "to avoid this, save it from Excel as 'CSV UTF-8 (Comma delimited)'.",
        )
        return text, [warning]


def _delimiter(text: str) -> str:
    first = next(iter(text.splitlines()), "")
    widths = {d: len(next(csv.reader([first], delimiter=d), [])) for d in (",", ";", "\t")}
    best = max(widths.values())
    return next(d for d in (",", ";", "\t") if widths[d] == best)


def _read_csv(data: bytes, *, filename: str, max_rows: int) -> Table:
    if data[:4] == b"PK\x03\x04" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise _fail("IMP-FILE-001", f"{filename} is named .csv but is an Excel workbook. {_SAVE_AS}")
    text, warnings = _decode(data, filename)
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _table(filename, enumerate(reader, start=1), max_rows, warnings)
    except csv.Error as error:
        raise _fail("IMP-FILE-006", f"{filename} could not be read as CSV: {error}. {_SAVE_AS}") from error


# -- XLSX --------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, *, filename: str, sheet: str | None, max_rows: int) -> Table:
    from openpyxl import load_workbook  # imported here: CSV-only callers never pay for it

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _fail("IMP-FILE-001", f"{filename} is an Excel 97-2003 workbook (.xls) renamed .xlsx. {_SAVE_AS}")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _fail("IMP-FILE-006", f"{filename} could not be opened as an Excel workbook. {_SAVE_AS}") from error
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = ", ".join(repr(n) for n in workbook.sheetnames)
            raise _fail("IMP-FILE-007", f"{filename} has no sheet called {sheet!r}. Its sheets are: {names}.", sheet)
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows: Iterator[tuple[int, Sequence[Cell]]] = enumerate(worksheet.iter_rows(values_only=True), start=1)
        return _table(str(worksheet.title), rows, max_rows, [])
    finally:
        workbook.close()
