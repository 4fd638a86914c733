"""``--format csv`` never prints text a spreadsheet would run as a formula (``domain/spreadsheet.py``); numbers,
negative ones too, are printed as they are."""

from __future__ import annotations

import csv
import io

import pytest

from csc_workforce.cli.main import main
from csc_workforce.cli.output import print_csv
from csc_workforce.store import models as m
from tests.formulas import PAYLOADS
from tests.store.conftest import census_files, councils  # noqa: F401 -- fixtures shared with tests/store


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_print_csv_quotes_formula_like_text_and_prints_numbers_and_missing_values_plainly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    print_csv([{"name": p, "change": -1.5, "count": -3, "note": None} for p in PAYLOADS])
    header, *rows = _read(capsys.readouterr().out)
    assert header == ["name", "change", "count", "note"]
    assert rows == [["'" + p, "-1.5", "-3", ""] for p in PAYLOADS]


def test_print_csv_refuses_rows_with_columns_the_header_lacks() -> None:
    with pytest.raises(ValueError, match=r"columns the first row lacks: \['extra'\]"):
        print_csv([{"a": 1}, {"a": 2, "extra": 3}])


def test_measures_csv_quotes_a_council_named_like_a_formula(
    councils: list[str],  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    m.Council.objects.filter(la_code="990").update(name=PAYLOADS[0])
    assert main(["measures", "--year", "2025", "--la", "990", "--format", "csv"]) == 0
    header, row = _read(capsys.readouterr().out)
    cells = dict(zip(header, row, strict=True))
    assert cells["la_name"] == "'" + PAYLOADS[0]
    assert (cells["time_period"], cells["old_la_code"]) == ("2025", "990")
    assert float(cells["inpost_fte"]) > 0  # a number, printed as one
