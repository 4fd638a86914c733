"""Tables download as CSV and XLSX; charts are accessible SVG."""

from __future__ import annotations

import io
from datetime import date

from lxml import etree
from openpyxl import load_workbook

from csc_workforce.reports.charts import Series, bar_chart, line_chart
from csc_workforce.reports.tables import Column, Table, format_cell, to_csv, to_xlsx

TABLE = Table.from_dicts(
    "Turnover by year",
    [
        Column("year", "Year"),
        Column("rate", "Turnover (%)", numeric=True, decimals=1),
        Column("leavers", "Leavers", numeric=True, decimals=0),
    ],
    [{"year": "2024", "rate": 15.25, "leavers": 1234}, {"year": "2025", "rate": None, "leavers": 0}],
    notes=["Source: DfE"],
)


def test_csv_has_labels_then_raw_values_and_empty_for_missing():
    assert to_csv(TABLE).splitlines() == ["Year,Turnover (%),Leavers", "2024,15.25,1234", "2025,,0"]


def test_page_cells_are_formatted_for_reading():
    assert TABLE.formatted(TABLE.rows[0]) == ["2024", "15.2", "1,234"]  # format only; rounding is the measures' job
    assert TABLE.formatted(TABLE.rows[1]) == ["2025", "-", "0"]
    assert format_cell(date(2025, 9, 30), Column("d", "Date")) == "30 September 2025"


def test_xlsx_has_one_sheet_per_table_with_numbers_kept_as_numbers():
    other = Table.from_dicts("Turnover by year", [Column("a", "A")], [{"a": 1}])
    book = load_workbook(io.BytesIO(to_xlsx([TABLE, other])))
    assert book.sheetnames == ["Turnover by year", "Turnover by year 2"]
    sheet = book["Turnover by year"]
    assert [c.value for c in sheet[2]] == ["Year", "Turnover (%)", "Leavers"]
    assert [c.value for c in sheet[3]] == ["2024", 15.25, 1234]
    assert sheet["A6"].value == "Source: DfE"


def test_line_chart_is_an_accessible_svg_with_a_label_per_series():
    svg = line_chart(
        title="Turnover",
        description="Turnover rate by year, council against England",
        x_labels=["2023", "2024", "2025"],
        series=[Series("Northgate", (15.0, None, 12.5)), Series("England", (15.9, 13.9, 11.8))],
        unit="%",
    )
    root = etree.fromstring(svg.encode())
    assert root.get("role") == "img"
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text == "Turnover"
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Northgate" in labels and "England" in labels and "2024" in labels
    # series differ by dash pattern (and marker), not colour alone; tests/reports/test_chart_svg.py has more
    lines = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("fill") == "none"]
    dashes = {p.get("stroke-dasharray") for p in lines}
    assert "6,4" in dashes


def test_bar_chart_labels_each_bar_and_says_when_a_value_is_not_shown():
    svg = bar_chart(
        title="Leavers by reason", description="Headcount", labels=["Resignation", "Retired"], values=[12, None]
    )
    root = etree.fromstring(svg.encode())
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Resignation", "12", "Retired", "not shown"]


def test_no_chart_without_data():
    assert line_chart(title="t", description="d", x_labels=[], series=[]) == ""
