"""Reading CSV and XLSX extracts: encodings, delimiters, row numbers, Excel dates and the safety limits."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from csc_workforce.domain.issues import CannotContinue
from csc_workforce.importers import read_table
from tests.importers.support import csv_bytes, xlsx_bytes

ROWS = [["Employee ID", "Start date"], ["E1", "01/04/2020"], ["E2", "02/04/2020"]]


def test_reader_reads_a_comma_csv_with_header_as_row_one() -> None:
    table = read_table(csv_bytes(ROWS), filename="staff.csv")
    assert table.header == ("Employee ID", "Start date")
    assert table.rows == (("E1", "01/04/2020"), ("E2", "02/04/2020"))
    assert table.row_numbers == (2, 3)
    assert table.name == "staff.csv"
    assert table.issues == ()


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_reader_sniffs_semicolon_and_tab_delimiters(delimiter: str) -> None:
    table = read_table(csv_bytes(ROWS, delimiter=delimiter), filename="staff.csv")
    assert table.header == ("Employee ID", "Start date")
    assert table.rows[1] == ("E2", "02/04/2020")


def test_reader_reads_semicolon_csv_with_commas_inside_values() -> None:
    data = csv_bytes([["Employee ID", "Team"], ["E1", "Smith, J"]], delimiter=";")
    assert read_table(data, filename="x.csv").rows == (("E1", "Smith, J"),)


def test_reader_strips_a_utf8_byte_order_mark() -> None:
    data = b"\xef\xbb\xbf" + csv_bytes([["Employee ID", "Name"], ["E1", "Zoë"]])
    table = read_table(data, filename="staff.csv")
    assert table.header[0] == "Employee ID"
    assert table.rows == (("E1", "Zoë"),)
    assert table.issues == ()


def test_reader_falls_back_to_cp1252_with_a_warning() -> None:
    data = csv_bytes([["Employee ID", "Name"], ["E1", "Zoë"]], encoding="cp1252")
    table = read_table(data, filename="staff.csv")
    assert table.rows == (("E1", "Zoë"),)
    assert [i.code for i in table.issues] == ["IMP-FILE-005"]
    assert not table.issues[0].is_error


def test_reader_skips_blank_rows_but_keeps_true_row_numbers() -> None:
    data = csv_bytes([["Employee ID"], ["E1"], [""], ["", ""], ["E4"]])
    table = read_table(data, filename="staff.csv")
    assert table.rows == (("E1",), ("E4",))
    assert table.row_numbers == (2, 5)


def test_reader_pads_short_rows_to_the_header_width() -> None:
    table = read_table(b"a,b,c\r\n1\r\n", filename="x.csv")
    assert table.rows == (("1", None, None),)


def test_reader_reads_xlsx_with_real_excel_dates_and_numbers() -> None:
    data = xlsx_bytes(
        [["Employee ID", "Start date", "FTE"], ["E1", datetime(2020, 4, 1), 0.5], [None], ["E3", date(2021, 1, 2), 1]]
    )
    table = read_table(data, filename="staff.xlsx")
    assert table.name == "Sheet1"
    assert table.row_numbers == (2, 4)
    assert table.rows[0] == ("E1", datetime(2020, 4, 1), 0.5)
    assert table.rows[1][2] == 1


def test_reader_reads_the_named_sheet() -> None:
    data = xlsx_bytes([["Cover"], ["nothing here"]], extra_sheets={"Staff": ROWS})
    table = read_table(data, filename="staff.xlsx", sheet="Staff")
    assert table.name == "Staff"
    assert table.rows[0] == ("E1", "01/04/2020")


def test_reader_names_the_sheets_when_the_sheet_is_missing() -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(xlsx_bytes(ROWS, title="Data"), filename="staff.xlsx", sheet="Staff")
    assert caught.value.issue.code == "IMP-FILE-007"
    assert "'Data'" in caught.value.issue.message


def test_reader_returns_cached_formula_values_and_never_evaluates() -> None:
    data = xlsx_bytes([["Employee ID", "FTE"], ["E1", "=1/2"]])  # openpyxl writes a formula with no cached value
    assert read_table(data, filename="x.xlsx").rows == (("E1", None),)


@pytest.mark.parametrize("name", ["staff.xls", "staff.xlsm", "staff.xlsb", "staff.ods"])
def test_reader_rejects_old_and_macro_workbooks_with_a_clear_message(name: str) -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(b"\xd0\xcf\x11\xe0whatever", filename=name)
    assert caught.value.issue.code == "IMP-FILE-001"
    assert "Save As" in caught.value.issue.message


def test_reader_rejects_an_xls_renamed_to_xlsx() -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(b"\xd0\xcf\x11\xe0" + b"\0" * 100, filename="staff.xlsx")
    assert caught.value.issue.code == "IMP-FILE-001"


def test_reader_rejects_a_workbook_named_csv() -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(xlsx_bytes(ROWS), filename="staff.csv")
    assert caught.value.issue.code == "IMP-FILE-001"


def test_reader_rejects_unknown_file_types() -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(b"%PDF", filename="staff.pdf")
    assert caught.value.issue.code == "IMP-FILE-001"


def test_reader_rejects_files_over_the_size_limit_before_reading_them() -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(b"x" * 2_000_000, filename="big.xlsx", max_bytes=1_000_000)
    assert caught.value.issue.code == "IMP-FILE-002"
    assert "1.9 MB" in caught.value.issue.message


def test_reader_default_size_limit_is_fifty_megabytes() -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(b"a\n" * (25 * 1024 * 1024 + 1), filename="big.csv")
    assert caught.value.issue.code == "IMP-FILE-002"


@pytest.mark.parametrize("filename", ["many.csv", "many.xlsx"])
def test_reader_rejects_files_with_too_many_rows(filename: str) -> None:
    rows = [["Employee ID"]] + [[f"E{i}"] for i in range(11)]
    data = xlsx_bytes(rows) if filename.endswith("xlsx") else csv_bytes(rows)
    with pytest.raises(CannotContinue) as caught:
        read_table(data, filename=filename, max_rows=10)
    assert caught.value.issue.code == "IMP-FILE-003"
    assert read_table(data, filename=filename, max_rows=11).row_numbers[-1] == 12


@pytest.mark.parametrize("data", [b"", b"\r\n,,\r\n"])
def test_reader_rejects_an_empty_file(data: bytes) -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(data, filename="empty.csv")
    assert caught.value.issue.code == "IMP-FILE-004"


def test_reader_rejects_a_corrupt_workbook() -> None:
    with pytest.raises(CannotContinue) as caught:
        read_table(b"PK\x03\x04 not really a zip", filename="broken.xlsx")
    assert caught.value.issue.code == "IMP-FILE-006"
