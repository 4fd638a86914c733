"""A table's CSV and XLSX downloads never carry a live formula, whatever its text (a team named
``=HYPERLINK(...)``), and its numbers, negative ones too, stay numbers."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from csc_workforce.reports.tables import Column, Table, to_csv, to_xlsx
from tests.formulas import PAYLOADS

TEAMS = Table.from_dicts(
    "=Teams",  # a title is text too
    [Column("team", "Team"), Column("change", "Change in FTE", numeric=True, decimals=1)],
    [{"team": name, "change": -1.5 - n} for n, name in enumerate(PAYLOADS)] + [{"team": "Total", "change": -21}],
    notes=["@note"],
)


def test_csv_quotes_each_formula_like_team_name_and_keeps_negative_changes_as_numbers() -> None:
    header, *rows = list(csv.reader(io.StringIO(to_csv(TEAMS), newline="")))
    assert header == ["Team", "Change in FTE"]
    assert rows == [
        ["'" + PAYLOADS[0], "-1.5"],
        ["'+1", "-2.5"],
        ["'-1+2", "-3.5"],
        ["'@SUM(A1)", "-4.5"],
        ["'\t=1", "-5.5"],
        ["'\r=1", "-6.5"],
        ["Total", "-21"],
    ]


def test_xlsx_writes_each_team_name_as_text_never_a_formula_and_changes_as_numbers() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx([TEAMS])))["=Teams"]
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A1"].quotePrefix) == ("=Teams", "s", True)
    teams = [sheet.cell(row=r, column=1) for r in range(3, 9)]
    assert [c.value for c in teams] == PAYLOADS
    assert all(c.data_type == "s" and c.quotePrefix for c in teams)
    changes = [sheet.cell(row=r, column=2) for r in range(3, 10)]
    assert [c.value for c in changes] == [-1.5, -2.5, -3.5, -4.5, -5.5, -6.5, -21]
    assert all(c.data_type == "n" for c in changes)
    assert (sheet["A9"].value, sheet["A9"].quotePrefix) == ("Total", False)
    assert (sheet["A11"].value, sheet["A11"].data_type, sheet["A11"].quotePrefix) == ("@note", "s", True)
