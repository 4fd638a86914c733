"""Read a CSV or XLSX extract into a :class:`Table`: a header and rows, with spreadsheet row numbers.

Row numbers are those a council analyst sees in Excel: the header is row 1 (or the first non-blank row),
blank rows are skipped but keep their numbers, so row 7 here is row 7 in the spreadsheet.

Anything that stops the file being read at all (wrong type, too big, not really a workbook, damaged, built to
exhaust the server) raises :class:`~csc_workforce.domain.issues.CannotContinue` carrying one ``IMP-FILE-*``
issue, never another exception. The work done on a file is bounded before it is done: a workbook's zip is
checked (parts, unpacked sizes, compression ratio) before openpyxl opens it, its shared text is counted, its
sheet's declared size is checked, and its rows are streamed with a cap on cells per row and on rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import CannotContinue, Issue, Location
from csc_workforce.domain.limits import CONTROL_CHARACTERS

Cell = str | date | datetime | int | float | None

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200  # columns read; cells past the 200th are ignored (never kept)
MAX_CELLS_PER_ROW = 1_000  # a row (CSV line or sheet row) with more cells than this is refused
# A workbook is a zip of XML parts, checked before openpyxl opens it:
MAX_PARTS = 1_000  # a real workbook has a few dozen
MAX_PART_BYTES = 512 * 1024 * 1024  # one part, unpacked
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # every part, unpacked
MAX_RATIO = 100  # unpacked / packed, for parts over 1 MB unpacked: XML packs 5-20 times; more is a zip bomb
_RATIO_FROM_BYTES = 1024 * 1024
MAX_SHARED_STRINGS = 1_000_000  # openpyxl loads every shared string before the first row
MAX_SHARED_STRINGS_BYTES = 100 * 1024 * 1024
MAX_DECLARED_COLUMNS = MAX_CELLS_PER_ROW  # a sheet declaring more columns (or more rows than twice
# ``max_rows``) in its <dimension> is refused before a row is read
_EXCEL_ROWS = 1_048_576

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
    kind_sheet: str | None = None,
) -> Table:
    """Read ``data`` (the uploaded file's bytes) as CSV or XLSX, chosen by ``filename``'s extension.

    A workbook is read from ``sheet`` (IMP-FILE-007 when it has none of that name); else from the sheet called
    ``kind_sheet`` when it has one (the kind being loaded: a workbook of several kinds, such as an exported
    action plan with its actions and its updates, loads each from its own sheet); else from its first sheet."""
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
        return _read_xlsx(data, filename=filename, sheet=sheet, max_rows=max_rows, kind_sheet=kind_sheet)
    return _read_csv(data, filename=filename, max_rows=max_rows)


def _table(name: str, numbered: Iterable[tuple[int, Sequence[Cell]]], max_rows: int, warnings: list[Issue]) -> Table:
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[tuple[Cell, ...]] = []
    numbers: list[int] = []
    for number, raw in numbered:
        if raw.count(None) == len(raw):  # a blank row (a sparse sheet has up to a million): skipped at C speed
            continue
        cells = tuple(_clean(c) for c in raw[:MAX_COLUMNS])
        if all(c is None for c in cells):
            continue
        if header is None:
            header, header_row = _header(cells), number
            _check_header(header, name, number)
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


# Control characters (domain.limits): ``importers.values`` refuses them in cells, this module in headers.
CONTROL = CONTROL_CHARACTERS


def _check_header(header: tuple[str, ...], name: str, row: int) -> None:
    for position, text in enumerate(header, start=1):
        if CONTROL.search(text):
            raise _fail(
                "IMP-FILE-011",
                f"The header of column {position} of {name} (row {row}) holds a control character "
                f"({CONTROL.sub('?', text)!r}, the hidden character shown as ?). Retype the header and save again.",
            )


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
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as error:
            cut = " (it has an odd number of bytes: it was cut short)" if len(data) % 2 else ""
            raise _fail(
                "IMP-FILE-010",
                f"{filename} starts as UTF-16 text but is not valid UTF-16{cut}. Export it again, or open it in "
                f"Excel and save it as 'CSV UTF-8 (Comma delimited)'.",
            ) from error
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warning = rule("IMP-FILE-005").issue(
            f"{filename} is not UTF-8, so it was read as Windows (cp1252) text. Check names with accents; "
            "to avoid this, save it from Excel as 'CSV UTF-8 (Comma delimited)'.",
        )
        return text, [warning]


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _check_text(text: str, filename: str) -> None:
    """Refuse NUL characters (text saved as UTF-16 without its byte-order mark, or not text at all) and lines
    with more separators than :data:`MAX_CELLS_PER_ROW`, before the CSV reader builds a row of them."""
    nul = text.find("\x00")
    if nul >= 0:
        raise _fail(
            "IMP-FILE-010",
            f"{filename} has a NUL character on line {_line_of(text, nul)}, so it is not plain text (it may be "
            "UTF-16 without its byte-order mark, or not a CSV at all). Open it in Excel and save it as "
            "'CSV UTF-8 (Comma delimited)'.",
        )
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if max(line.count(d) for d in (",", ";", "\t")) >= MAX_CELLS_PER_ROW:
            raise _fail(
                "IMP-FILE-009",
                f"Line {number} of {filename} has more than {MAX_CELLS_PER_ROW:,} cells; an extract has a column "
                f"per field (at most {MAX_COLUMNS} are read). Remove the empty or unused columns and save it again.",
            )


def _delimiter(text: str) -> str:
    first = next(iter(io.StringIO(text, newline="")), "").rstrip("\r\n")
    widths = {d: len(next(csv.reader([first], delimiter=d), [])) for d in (",", ";", "\t")}
    best = max(widths.values())
    return next(d for d in (",", ";", "\t") if widths[d] == best)


def _read_csv(data: bytes, *, filename: str, max_rows: int) -> Table:
    if data[:4] == b"PK\x03\x04" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise _fail("IMP-FILE-001", f"{filename} is named .csv but is an Excel workbook. {_SAVE_AS}")
    text, warnings = _decode(data, filename)
    text = text.lstrip("\ufeff")
    _check_text(text, filename)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _table(filename, enumerate(reader, start=1), max_rows, warnings)
    except csv.Error as error:
        where = f" on line {reader.line_num}" if reader.line_num else ""
        if "field larger than field limit" in str(error):
            raise _fail(
                "IMP-FILE-009",
                f"{filename} has a cell longer than {csv.field_size_limit():,} characters{where} (often a quote "
                "mark that is never closed). Check the line in a text editor and save the file again.",
            ) from error
        raise _fail("IMP-FILE-006", f"{filename} could not be read as CSV{where}: {error}. {_SAVE_AS}") from error


# -- XLSX --------------------------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_DAMAGED = (
    "{filename} could not be opened as an Excel workbook: it may be damaged (cut short when copied), have a part "
    "missing, or not be a workbook at all. " + _SAVE_AS
)


def _read_xlsx(data: bytes, *, filename: str, sheet: str | None, max_rows: int, kind_sheet: str | None) -> Table:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _fail("IMP-FILE-001", f"{filename} is an Excel 97-2003 workbook (.xls) renamed .xlsx. {_SAVE_AS}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _fail("IMP-FILE-006", _DAMAGED.format(filename=filename)) from error
    try:
        with archive:
            _check_zip(archive, filename)
            manifest = _manifest(archive)
            _check_shared_strings(archive, manifest, filename)
            # openpyxl reads every sheet's start (all of it when it has no <dimension>) as it opens the workbook:
            # scan each sheet first, so the limits stop the reading before openpyxl does any of it
            extents = {
                path: _scan_sheet(archive, path, title, filename, max_rows)
                for title, path in _sheets(archive, manifest)
            }
            return _read_workbook(
                data, extents, filename=filename, sheet=sheet, max_rows=max_rows, kind_sheet=kind_sheet
            )
    except CannotContinue:
        raise
    except Exception as error:  # openpyxl, zipfile, zlib and XML parsers on a hostile file: any failure is a refusal
        raise _fail("IMP-FILE-006", _DAMAGED.format(filename=filename)) from error


def _check_zip(archive: zipfile.ZipFile, filename: str) -> None:
    """Refuse a zip with too many parts, a part or a whole too large unpacked, or packed like a zip bomb, from
    its directory alone (zipfile never unpacks more than a part's declared size)."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise _fail("IMP-FILE-008", f"{filename} has {len(parts):,} parts; a workbook has at most {MAX_PARTS:,}.")
    total = 0
    for part in parts:
        total += part.file_size
        mb = part.file_size / (1024 * 1024)
        if part.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
            over = (
                f"its part {part.filename} unpacks to {mb:,.0f} MB; the most accepted is "
                f"{MAX_PART_BYTES // (1024 * 1024):,} MB"
                if part.file_size > MAX_PART_BYTES
                else f"it unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024):,} MB, the most accepted"
            )
            raise _fail(
                "IMP-FILE-008",
                f"{filename} is too large inside: {over}. Split the data into smaller files, or save it as CSV UTF-8.",
                part.filename,
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise _fail(
                "IMP-FILE-008",
                f"{filename} is packed {ratio:,.0f} times smaller than it unpacks (its part {part.filename} is "
                f"{mb:,.0f} MB unpacked); real workbooks pack at most about {MAX_RATIO} times, so it is refused as a "
                "possible zip bomb. If it is a real extract, open it in Excel and save it again, or save it as CSV.",
                part.filename,
            )


def _iterparse(source: IO[bytes], **options: Any) -> Any:
    from lxml import etree

    return etree.iterparse(source, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, **options)


def _manifest(archive: zipfile.ZipFile) -> Any:
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.functions import fromstring

    return Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))


def _sheets(archive: zipfile.ZipFile, manifest: Any) -> list[tuple[str, str]]:
    """Each worksheet's name and part, found as openpyxl finds them (chart sheets and missing parts left out)."""
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser

    parser = WorkbookParser(archive, _find_workbook_part(manifest).PartName[1:], keep_links=False)
    parser.parse()
    names = set(archive.namelist())
    return [(s.name, r.target) for s, r in parser.find_sheets() if r.target in names and "chartsheet" not in r.Type]


def _check_shared_strings(archive: zipfile.ZipFile, manifest: Any, filename: str) -> None:
    """openpyxl loads every shared string before it reads a row: count them (and their size) first."""
    part = manifest.find(_SHARED_STRINGS_TYPE)
    if part is None:
        return
    name = part.PartName.lstrip("/")
    size = archive.getinfo(name).file_size
    too_many = (
        f"{filename} holds more than {MAX_SHARED_STRINGS:,} different pieces of text "
        f"(or more than {MAX_SHARED_STRINGS_BYTES // (1024 * 1024)} MB of them); the most read is that. "
        "Split the file (for example by year), or remove columns that are not needed."
    )
    if size > MAX_SHARED_STRINGS_BYTES:
        raise _fail("IMP-FILE-009", too_many, name)
    count = 0
    with archive.open(name) as source:
        for event, element in _iterparse(source, events=("start", "end"), tag=(f"{{{_MAIN}}}sst", f"{{{_MAIN}}}si")):
            if event == "start":
                declared = element.get("uniqueCount") if element.tag == f"{{{_MAIN}}}sst" else None
                if declared is not None and declared.isdigit() and int(declared) > MAX_SHARED_STRINGS:
                    raise _fail("IMP-FILE-009", too_many, name)
                continue
            count += 1
            if count > MAX_SHARED_STRINGS:
                raise _fail("IMP-FILE-009", too_many, name)
            _drop(element)


def _drop(element: Any) -> None:
    """Forget an element once read, and the siblings before it, so a stream's memory stays flat."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _read_workbook(
    data: bytes,
    extents: dict[str, tuple[int, int]],
    *,
    filename: str,
    sheet: str | None,
    max_rows: int,
    kind_sheet: str | None = None,
) -> Table:
    from openpyxl import load_workbook  # imported here: CSV-only callers never pay for it

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        if sheet is None and kind_sheet is not None and kind_sheet in workbook.sheetnames:
            sheet = kind_sheet
        if sheet is not None and sheet not in workbook.sheetnames:
            names = ", ".join(repr(n) for n in workbook.sheetnames)
            raise _fail("IMP-FILE-007", f"{filename} has no sheet called {sheet!r}. Its sheets are: {names}.", sheet)
        worksheet: Any = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        title = str(worksheet.title)
        last_row, width = extents[worksheet._worksheet_path]
        if not last_row or not width:
            return _table(title, iter(()), max_rows, [])
        # only as far as the data goes: openpyxl would otherwise pad every row to the declared width and height
        cells = worksheet.iter_rows(min_row=1, max_row=last_row, min_col=1, max_col=width, values_only=True)
        rows: Iterator[tuple[int, Sequence[Cell]]] = enumerate(cells, start=1)
        return _table(title, rows, max_rows, [])
    finally:
        workbook.close()


def _check_declared_size(ref: str, title: str, filename: str, max_rows: int) -> None:
    """Refuse a sheet whose <dimension> claims a size no extract has."""
    from openpyxl.utils import get_column_letter, range_boundaries

    _, _, columns, rows = range_boundaries(ref)
    rows, columns = rows or 0, columns or 0
    if rows > 2 * max_rows or columns > MAX_DECLARED_COLUMNS:
        declared = f"A1:{get_column_letter(min(max(columns, 1), 18_278))}{rows}"
        raise _fail(
            "IMP-FILE-009",
            f"Sheet {title!r} of {filename} says it is {rows:,} rows by {columns:,} columns ({declared}); the most "
            f"read is {2 * max_rows:,} rows by {MAX_DECLARED_COLUMNS:,} columns. If it really holds less, copy just "
            "the cells with data into a new workbook and save that as .xlsx; otherwise split the file.",
            declared,
        )


_COLUMN = re.compile(r"[A-Za-z]{1,3}")


def _scan_sheet(archive: zipfile.ZipFile, path: str, title: str, filename: str, max_rows: int) -> tuple[int, int]:
    """The last row holding a value and the widest column (up to :data:`MAX_COLUMNS`) holding one, read as a
    stream of XML events before openpyxl reads the sheet: an absurd declared size, a row with more than
    :data:`MAX_CELLS_PER_ROW` cells, or more than ``max_rows`` rows of data stops the reading there."""
    with archive.open(path) as source:
        return _scan(source, title, filename, max_rows)


def _scan(source: IO[bytes], title: str, filename: str, max_rows: int) -> tuple[int, int]:
    row_tag, cell_tag, data_tag, dimension_tag = (f"{{{_MAIN}}}{t}" for t in ("row", "c", "sheetData", "dimension"))
    last_row = width = filled_rows = number = cells = column = 0
    filled = False
    tags = (row_tag, cell_tag, data_tag, dimension_tag)
    for event, element in _iterparse(source, events=("start", "end"), tag=tags):
        tag = element.tag
        if tag == dimension_tag:
            if event == "end" and element.get("ref"):
                _check_declared_size(element.get("ref"), title, filename, max_rows)
        elif tag == cell_tag:
            if event == "start":
                cells += 1
                if cells > MAX_CELLS_PER_ROW:
                    raise _fail(
                        "IMP-FILE-009",
                        f"Row {number} of sheet {title!r} has more than {MAX_CELLS_PER_ROW:,} cells; an extract has "
                        f"a column per field (at most {MAX_COLUMNS} are read). Delete the unused columns (select "
                        "them, right-click, Delete) and save the file again.",
                    )
                ref = element.get("r")
                match = _COLUMN.match(ref) if ref else None
                column = _column_index(match.group(0)) if match else column + 1
            else:
                if len(element) and column <= MAX_COLUMNS:
                    filled, width = True, max(width, column)
                _drop(element)
        elif tag == row_tag:
            if event == "start":
                given = element.get("r")
                number = int(float(given)) if given else number + 1
                cells = column = 0
                filled = False
                if number > _EXCEL_ROWS:
                    raise _fail("IMP-FILE-009", f"Sheet {title!r} has a row numbered {number:,}, past Excel's last.")
            else:
                if filled:
                    filled_rows, last_row = filled_rows + 1, number
                    if filled_rows > max_rows + 1:
                        raise _fail(
                            "IMP-FILE-003",
                            f"{title} has more than {max_rows:,} rows of data. Split it into smaller files "
                            "(for example by year).",
                        )
                _drop(element)
        elif tag == data_tag and event == "end":  # </sheetData>: the rest of the sheet is formatting, not read here
            break
    return last_row, width


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index
