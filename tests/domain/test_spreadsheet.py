"""The one CSV and XLSX writer: text a spreadsheet could run as a formula is never a formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from csc_workforce.domain.spreadsheet import Sheet, csv_text, is_formula_like, safe_text, xlsx_bytes
from tests.formulas import PAYLOADS

# PAYLOADS are the audit's cells; WIDER are the other starts the rule covers.
WIDER = ["\uff1dHYPERLINK(1)", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "  =1", "\n@SUM(A1)", "\u3000=1", "-", "--1"]
HARMLESS = ["Northgate", "Team = A", "a-b", "1+1", "", " ", "SW1234", "-2", "-0.5", "2025-09-30", "'quoted"]


@pytest.mark.parametrize("text", PAYLOADS + WIDER)
def test_formula_like_text_gets_a_single_quote_in_front(text: str) -> None:
    assert is_formula_like(text)
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_and_plain_negative_numbers_written_as_text_are_unchanged(text: str) -> None:
    assert not is_formula_like(text)
    assert safe_text(text) == text


def test_a_negative_number_that_is_not_plain_is_quoted() -> None:
    # "-1e3" and "-1,000" are not the exempt form -digits[.digits]; quoting them is the safe side
    assert [safe_text(t) for t in ("-1e3", "-1,000", "-1.", "- 1")] == ["'-1e3", "'-1,000", "'-1.", "'- 1"]


def test_csv_quotes_text_cells_and_leaves_numbers_dates_and_missing_values_alone() -> None:
    rows = [["name", "n"], *([p, -3] for p in PAYLOADS), ["Plain", -1.5], [None, Decimal("-2.25")]]
    rows.append([date(2025, 9, 30), 0])
    read = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
    assert read[0] == ["name", "n"]
    assert [r[0] for r in read[1:7]] == ["'" + p for p in PAYLOADS]
    assert [r[1] for r in read[1:7]] == ["-3"] * 6
    assert read[7:] == [["Plain", "-1.5"], ["", "-2.25"], ["2025-09-30", "0"]]


def test_csv_line_ending_is_the_callers() -> None:
    assert csv_text([["a", "=b"]], lineterminator="\r\n") == "a,'=b\r\n"
    assert csv_text([["a", "=b"]]) == "a,'=b\n"


def test_xlsx_writes_every_text_cell_as_text_with_a_quote_prefix_when_formula_like() -> None:
    rows = [["name", "n"], *([p, -3] for p in PAYLOADS), ["Plain", -1.5], ["-2", None]]
    data = xlsx_bytes([Sheet("One", rows, bold_rows=frozenset({0}))])
    sheet = load_workbook(io.BytesIO(data))["One"]
    names = [sheet.cell(row=r, column=1) for r in range(2, 8)]
    assert [c.value for c in names] == PAYLOADS  # the text itself, not a formula and not altered
    assert [c.data_type for c in names] == ["s"] * 6
    assert all(c.quotePrefix for c in names)
    numbers = [sheet.cell(row=r, column=2) for r in range(2, 9)]
    assert [c.value for c in numbers] == [-3] * 6 + [-1.5]
    assert {c.data_type for c in numbers} == {"n"}
    plain, negative_text = sheet["A8"], sheet["A9"]
    assert (plain.value, plain.data_type, plain.quotePrefix) == ("Plain", "s", False)
    assert (negative_text.value, negative_text.data_type, negative_text.quotePrefix) == ("-2", "s", False)
    assert sheet["B9"].value is None
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold


def test_xlsx_holds_no_formula_anywhere_in_the_file() -> None:
    import zipfile

    data = xlsx_bytes([Sheet("One", [[p] for p in PAYLOADS])])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_replaces_characters_a_workbook_cannot_hold() -> None:
    data = xlsx_bytes([Sheet("One", [["Team\x01A", "tab\there"]])])
    sheet = load_workbook(io.BytesIO(data))["One"]
    assert (sheet["A1"].value, sheet["B1"].value) == ("Team\ufffdA", "tab\there")


def test_xlsx_keeps_dates_as_dates_and_sheets_in_order() -> None:
    data = xlsx_bytes([Sheet("A", [[date(2025, 9, 30)]]), Sheet("B", [])])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["A", "B"]
    assert book["A"]["A1"].value.date() == date(2025, 9, 30)


def test_a_cell_holding_a_carriage_return_is_quoted_so_it_cannot_start_a_row_of_its_own() -> None:
    text = csv_text([["\r=1", "a\nb", "c\r\nd"], ["x", "y", "z"]])
    assert text == '"\'\r=1","a\nb","c\r\nd"\nx,y,z\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["'\r=1", "a\nb", "c\r\nd"], ["x", "y", "z"]]
