"""Hostile and damaged files: each ends in one clear IMP-FILE issue (or a row issue), never another exception, and
the work is bounded: the reader stops early (checked by what it read, never by timing)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from openpyxl.utils import get_column_letter

from csc_workforce.domain.issues import CannotContinue
from csc_workforce.importers import read_table
from csc_workforce.importers import table as reader
from tests.importers.support import (
    PERSON_KEYS,
    at,
    only,
    people_and_engagements,
    run,
    xlsx_bytes,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def workbook_zip(
    sheet: bytes | Iterator[bytes],
    *,
    strings: bytes | None = None,
    leave_out: str | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A minimal .xlsx written part by part (no openpyxl), so a test can make any part as large or as broken as
    it likes; ``sheet`` may be an iterator of chunks, streamed into the zip without being held whole."""
    overrides = f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>'
    if strings is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, text in parts.items():
            if name != leave_out:
                archive.writestr(name, text)
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", strings)
        if leave_out != "xl/worksheets/sheet1.xml":
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                for chunk in [sheet] if isinstance(sheet, bytes) else sheet:
                    part.write(chunk)
    return out.getvalue()


def sheet_xml(rows: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{rows}</sheetData></worksheet>'.encode()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


GOOD_ROWS = f'<row r="1">{inline("A1", "Employee ID")}{inline("B1", "FTE")}</row>' + (
    f'<row r="2">{inline("A2", "E1")}<c r="B2"><v>0.5</v></c></row>'
)


def stop(data: bytes, filename: str = "staff.xlsx", **options: int) -> CannotContinue:
    with pytest.raises(CannotContinue) as raised:
        read_table(data, filename=filename, **options)
    return raised.value


@pytest.fixture
def bytes_read(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many unpacked bytes the reader took from each part of a workbook."""
    counts: dict[str, int] = {}
    original = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        chunk = original(self, n)
        counts[self.name] = counts.get(self.name, 0) + len(chunk)
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return counts


def test_a_workbook_written_part_by_part_reads_as_usual() -> None:
    table = read_table(workbook_zip(sheet_xml(GOOD_ROWS, "A1:B2")), filename="staff.xlsx")
    assert table.name == "Staff"
    assert table.header == ("Employee ID", "FTE")
    assert table.rows == (("E1", 0.5),)


# -- the 5-million-cell row, and rows too wide ----------------------------------------------------------------


def five_million_cells() -> Iterator[bytes]:
    yield f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode()
    cells = b"<c><v>1</v></c>" * 100_000
    for _ in range(50):  # 5,000,000 cells
        yield cells
    yield b"</row></sheetData></worksheet>"


def test_a_row_of_five_million_cells_is_refused_from_the_zip_directory_without_unpacking_it(
    bytes_read: dict[str, int],
) -> None:
    data = workbook_zip(five_million_cells())
    assert len(data) < 1024 * 1024  # a small file that unpacks to 75 MB
    issue = stop(data).issue
    assert issue.code == "IMP-FILE-008"
    assert "zip bomb" in issue.message and "xl/worksheets/sheet1.xml" in issue.message
    assert "xl/worksheets/sheet1.xml" not in bytes_read  # refused before a byte of the sheet was unpacked


def test_a_row_with_more_cells_than_the_limit_stops_the_reading_at_that_row(bytes_read: dict[str, int]) -> None:
    wide = "".join(f'<c r="{get_column_letter(i)}2"><v>{i}</v></c>' for i in range(1, 16_385))
    rows = f'<row r="1">{inline("A1", "Employee ID")}</row><row r="2">{wide}</row>'
    rows += "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(3, 60_000))
    data = workbook_zip(sheet_xml(rows))
    unpacked = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size
    issue = stop(data).issue
    assert issue.code == "IMP-FILE-009"
    assert issue.message.startswith("Row 2 of sheet 'Staff' has more than 1,000 cells")
    # the scan stopped at row 2's 1,001st cell: it read a small part of the sheet (lxml reads in 32 KB chunks)
    assert bytes_read["xl/worksheets/sheet1.xml"] < unpacked / 10


def test_cells_past_the_200th_column_are_ignored_without_being_kept() -> None:
    header = "".join(inline(f"{get_column_letter(i)}1", f"c{i}") for i in range(1, 251))
    table = read_table(workbook_zip(sheet_xml(f'<row r="1">{header}</row>')), filename="staff.xlsx")
    assert len(table.header) == reader.MAX_COLUMNS == 200
    assert table.header[-1] == "c200"


# -- declared size ---------------------------------------------------------------------------------------------


def test_a_small_workbook_claiming_every_cell_of_a_sheet_is_refused_before_a_row_is_read(
    bytes_read: dict[str, int],
) -> None:
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'  # the sheet's last cell, as the audit's file had
    data = workbook_zip(sheet_xml(GOOD_ROWS + far, "A1:XFD1048576"))
    assert len(data) < 2048
    issue = stop(data).issue
    assert issue.code == "IMP-FILE-009"
    assert "says it is 1,048,576 rows by 16,384 columns (A1:XFD1048576)" in issue.message
    assert issue.value == "A1:XFD1048576"


def test_a_declared_size_within_the_limits_is_read_only_as_far_as_the_data_goes() -> None:
    table = read_table(workbook_zip(sheet_xml(GOOD_ROWS, "A1:Z300000")), filename="staff.xlsx")
    assert table.header == ("Employee ID", "FTE")  # not 26 columns, and not 300,000 rows of padding
    assert table.rows == (("E1", 0.5),)


def test_a_sheet_with_no_dimension_and_a_value_in_its_last_row_is_read_with_its_row_numbers() -> None:
    far = '<row r="1048576"><c r="A1048576"><v>7</v></c><c r="XFD1048576"><v>1</v></c></row>'
    table = read_table(workbook_zip(sheet_xml(GOOD_ROWS + far)), filename="staff.xlsx")
    assert table.row_numbers == (2, 1_048_576)
    assert table.rows == (("E1", 0.5), (7, None))  # XFD is past the 200th column: ignored


def test_rows_past_the_limit_stop_the_scan_at_the_first_one_over(bytes_read: dict[str, int]) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 100_000))
    data = workbook_zip(sheet_xml(rows))
    unpacked = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size
    assert stop(data, max_rows=1_000).issue.code == "IMP-FILE-003"
    assert bytes_read["xl/worksheets/sheet1.xml"] < unpacked / 10


# -- the zip ----------------------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused() -> None:
    data = workbook_zip(sheet_xml(GOOD_ROWS), strings=b"<sst/>" + b" " * 50_000_000)
    issue = stop(data).issue
    assert issue.code == "IMP-FILE-008"
    assert "xl/sharedStrings.xml" in issue.message


def test_a_part_or_a_whole_too_large_unpacked_is_refused_from_the_zip_directory(
    monkeypatch: pytest.MonkeyPatch, bytes_read: dict[str, int]
) -> None:
    data = workbook_zip(sheet_xml(GOOD_ROWS + "<row/>" * 1_000))  # the sheet unpacks to 6,318 bytes, all 7,472
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 6_000)
    issue = stop(data).issue
    assert (issue.code, issue.value) == ("IMP-FILE-008", "xl/worksheets/sheet1.xml")
    assert "its part xl/worksheets/sheet1.xml unpacks to 0 MB; the most accepted is 0 MB" in issue.message
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 10_000)
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 7_000)
    issue = stop(data).issue
    assert issue.code == "IMP-FILE-008" and "it unpacks to more than 0 MB, the most accepted" in issue.message
    assert bytes_read == {}  # nothing unpacked


def test_a_workbook_of_too_many_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook_zip(sheet_xml(GOOD_ROWS)))) as source:
        with zipfile.ZipFile(out, "w") as archive:
            for item in source.infolist():
                archive.writestr(item, source.read(item))
            for n in range(reader.MAX_PARTS):
                archive.writestr(f"xl/media/image{n}.png", b"")
    issue = stop(out.getvalue()).issue
    assert issue.code == "IMP-FILE-008"
    assert issue.message == f"staff.xlsx has {reader.MAX_PARTS + 5:,} parts; a workbook has at most 1,000."


def test_too_many_shared_strings_are_refused_before_openpyxl_loads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_SHARED_STRINGS", 100)
    many = "".join(f"<si><t>s{n}</t></si>" for n in range(101))
    strings = f'<sst xmlns="{MAIN}">{many}</sst>'.encode()
    assert stop(workbook_zip(sheet_xml(GOOD_ROWS), strings=strings)).issue.code == "IMP-FILE-009"
    declared = f'<sst xmlns="{MAIN}" uniqueCount="5000000"><si><t>a</t></si></sst>'.encode()
    issue = stop(workbook_zip(sheet_xml(GOOD_ROWS), strings=declared)).issue
    assert issue.code == "IMP-FILE-009"
    assert "more than 100 different pieces of text" in issue.message


def test_shared_strings_within_the_limits_are_read() -> None:
    strings = f'<sst xmlns="{MAIN}" uniqueCount="2"><si><t>Employee ID</t></si><si><t>E1</t></si></sst>'.encode()
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    table = read_table(workbook_zip(sheet_xml(rows), strings=strings), filename="staff.xlsx")
    assert table.header == ("Employee ID",)
    assert table.rows == (("E1",),)


# -- damaged workbooks ------------------------------------------------------------------------------------------

DAMAGED = "staff.xlsx could not be opened as an Excel workbook: it may be damaged"


def test_a_truncated_workbook_is_refused_with_a_clear_issue() -> None:
    data = xlsx_bytes([["Employee ID"], ["E1"]])
    issue = stop(data[: len(data) // 2]).issue
    assert issue.code == "IMP-FILE-006"
    assert issue.message.startswith(DAMAGED)


def test_a_sheet_cut_short_inside_the_zip_is_refused_with_a_clear_issue() -> None:
    cut = sheet_xml(GOOD_ROWS)[:-40]  # the zip is whole; the sheet's XML stops in the middle of a row
    issue = stop(workbook_zip(cut)).issue
    assert issue.code == "IMP-FILE-006"
    assert issue.message.startswith(DAMAGED)


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"]
)
def test_a_workbook_with_a_part_missing_is_refused_with_a_clear_issue(part: str) -> None:
    issue = stop(workbook_zip(sheet_xml(GOOD_ROWS), leave_out=part)).issue
    assert issue.code == "IMP-FILE-006"
    assert issue.message.startswith(DAMAGED)


def test_a_shared_string_that_is_not_there_is_refused_with_a_clear_issue() -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>7</v></c></row>'
    strings = f'<sst xmlns="{MAIN}"><si><t>only one</t></si></sst>'.encode()
    assert stop(workbook_zip(sheet_xml(rows), strings=strings)).issue.code == "IMP-FILE-006"


def test_an_entity_declaration_is_never_expanded() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{inline("A1", "&c;")}</row></sheetData></worksheet>'
    ).encode()
    assert stop(workbook_zip(laughs)).issue.code == "IMP-FILE-006"


# -- CSV ----------------------------------------------------------------------------------------------------------


def test_an_odd_length_utf16_csv_is_refused_with_a_clear_issue() -> None:
    data = "Employee ID\r\nE1\r\n".encode("utf-16")[:-1]
    issue = stop(data, filename="staff.csv").issue
    assert issue.code == "IMP-FILE-010"
    assert issue.message == (
        "staff.csv starts as UTF-16 text but is not valid UTF-16 (it has an odd number of bytes: it was cut "
        "short). Export it again, or open it in Excel and save it as 'CSV UTF-8 (Comma delimited)'."
    )


def test_a_whole_utf16_csv_is_read() -> None:
    table = read_table("Employee ID\r\nE1\r\n".encode("utf-16"), filename="staff.csv")
    assert table.rows == (("E1",),)


def test_a_nul_in_a_csv_names_its_line() -> None:
    issue = stop(b"Employee ID\r\nE1\r\nE\x002\r\n", filename="staff.csv").issue
    assert issue.code == "IMP-FILE-010"
    assert "NUL character on line 3" in issue.message


def test_utf16_without_a_byte_order_mark_is_refused_for_its_nuls() -> None:
    assert stop("Employee ID\r\nE1\r\n".encode("utf-16-le"), filename="staff.csv").issue.code == "IMP-FILE-010"


def test_a_csv_line_with_too_many_cells_is_refused_before_it_is_split() -> None:
    data = b"Employee ID\r\nE1" + b"," * 5_000_000 + b"\r\n"
    issue = stop(data, filename="staff.csv").issue
    assert issue.code == "IMP-FILE-009"
    assert issue.message.startswith("Line 2 of staff.csv has more than 1,000 cells")


def test_a_csv_cell_over_the_field_limit_is_a_clear_issue() -> None:
    data = b'Employee ID,Team\r\nE1,"never closed\r\n' + b"x" * 200_000 + b"\r\n"
    issue = stop(data, filename="staff.csv").issue
    assert issue.code == "IMP-FILE-009"
    assert "a cell longer than 131,072 characters" in issue.message


def test_a_header_with_a_control_character_is_refused() -> None:
    issue = stop(b"Employee\x07 ID\r\nE1\r\n", filename="staff.csv").issue
    assert issue.code == "IMP-FILE-011"
    assert "column 1 of staff.csv (row 1)" in issue.message


# -- a NUL or control character in a cell of a workbook -----------------------------------------------------------


def test_a_control_character_in_a_workbook_cell_is_an_error_at_its_row_and_column() -> None:
    # XML cannot hold a NUL (a sheet with &#0; is refused as damaged), and openpyxl keeps Excel's escape _x0000_
    # as those seven characters; the C1 controls (U+0080 to U+009F) can be in a sheet, and are refused
    csi = "E\u009b1"
    rows = f'<row r="1">{inline("A1", "Employee ID")}</row><row r="2">{inline("A2", csi)}</row>'
    rows += f'<row r="3">{inline("A3", "E2_x0000_")}</row>'
    table = read_table(workbook_zip(sheet_xml(rows)), filename="staff.xlsx")
    assert table.rows == (("E\u009b1",), ("E2_x0000_",))
    result = run("people", [["Employee ID"], ["E\u009b1"], ["E2"]], filename="staff.xlsx")
    issue = only(result, "IMP-ROW-010")
    assert at(issue) == (2, "Sheet1!Employee ID")
    assert issue.value == "E?1"
    assert [p.key for p in result.records.people] == ["ref:E2"]


def test_a_nul_character_reference_in_a_sheet_is_refused_as_damaged() -> None:
    rows = f'<row r="1">{inline("A1", "Employee&#0;ID")}</row>'
    assert stop(workbook_zip(sheet_xml(rows))).issue.code == "IMP-FILE-006"


def test_a_control_character_in_any_kind_of_cell_is_an_error() -> None:
    rows = [["Employee ID", "Date", "Cases"], ["E1", "30/09/2024", "1\x1b2"]]
    result = run("caseloads", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert at(only(result, "IMP-ROW-010")) == (2, "extract.csv!Cases")
