"""Newer releases of DfE's indicators file: reading, checking and laying them over the shipped one."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path

import polars as pl
import pytest

from csc_workforce.benchmarks.published import INDICATORS_FILE, published_indicators
from csc_workforce.benchmarks.releases import ReleaseError, overlay_releases, read_release, release_changes
from csc_workforce.domain.catalogue import RELEASE_RULES, RULES_BY_CODE, with_tables


def shipped_rows() -> tuple[list[str], list[dict[str, str]]]:
    text = resources.files("csc_workforce.benchmarks").joinpath("data", INDICATORS_FILE).read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def to_csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def revised_release() -> bytes:
    """The 2019 rows with Bexley's turnover revised from 21.8 to 21.9, plus a new year 2026 (2025's rows)."""
    header, rows = shipped_rows()
    release: list[dict[str, str]] = []
    for row in rows:
        if row["time_period"] == "2019":
            changed = dict(row)
            if row["old_la_code"] == "303":
                changed["turnover_rate_fte"] = "21.9"
            release.append(changed)
        elif row["time_period"] == "2025":
            release.append({**row, "time_period": "2026"})
    return to_csv(header, release)


def bexley(frame: pl.DataFrame, year: int) -> dict[str, object]:
    rows = frame.filter((pl.col("time_period") == year) & (pl.col("old_la_code") == "303"))
    assert rows.height == 1
    return rows.row(0, named=True)


def test_read_release_reads_like_the_shipped_file() -> None:
    header, rows = shipped_rows()
    data = to_csv(header, rows)
    release = read_release(data, name="same.csv")
    assert release.years == tuple(range(2017, 2026))
    assert release.rows == 1463
    assert release.frame.equals(published_indicators())


def test_symbols_are_nulls_keeping_the_symbol_and_joint_codes_stay_strings() -> None:
    release = read_release(revised_release(), name="r.csv")
    thurrock = release.frame.filter((pl.col("old_la_code") == "883") & (pl.col("time_period") == 2019)).row(
        0, named=True
    )
    assert thurrock["vacancy_agency_cover_rate_fte"] is None
    assert thurrock["vacancy_agency_cover_rate_fte_symbol"] == "u"
    joint = release.frame.filter(pl.col("old_la_code") == "314 / 318")
    assert joint.height == 2  # 2019 and 2026
    assert joint["la_codes"].to_list()[0] == ["314", "318"]


def test_colon_and_low_are_symbols() -> None:
    header, rows = shipped_rows()
    row = {**rows[0], "absence_rate_fte": ":", "agency_fte": "low"}
    frame = read_release(to_csv(header, [row]), name="r.csv").frame.row(0, named=True)
    assert (frame["absence_rate_fte"], frame["absence_rate_fte_symbol"]) == (None, ":")
    assert (frame["agency_fte"], frame["agency_fte_symbol"]) == (None, "low")


def test_overlay_replaces_a_revised_year_and_adds_a_new_one() -> None:
    base = published_indicators()
    release = read_release(revised_release(), name="r.csv")
    changes = release_changes(base, release)
    assert changes.added_years == (2026,)
    assert changes.replaced_years == (2019,)
    assert changes.replaced_rows == 162  # every 2019 row
    assert changes.added_rows == 163  # the 2025 rows copied to 2026

    merged = overlay_releases(base, [release])
    assert merged.height == base.height + 163
    assert bexley(merged, 2019)["turnover_rate_fte"] == 21.9  # revised
    assert bexley(merged, 2018)["turnover_rate_fte"] == bexley(base, 2018)["turnover_rate_fte"]  # untouched
    assert bexley(merged, 2026)["turnover_rate_fte"] == bexley(base, 2025)["turnover_rate_fte"]  # new year
    assert merged.columns == base.columns
    # 2019 national row replaced by the (identical) release row, not duplicated
    assert merged.filter((pl.col("time_period") == 2019) & (pl.col("geographic_level") == "National")).height == 1


def test_later_release_wins() -> None:
    header, rows = shipped_rows()
    row = next(r for r in rows if r["time_period"] == "2019" and r["old_la_code"] == "303")
    first = read_release(to_csv(header, [{**row, "caseload_fte": "17"}]), name="a.csv")
    second = read_release(to_csv(header, [{**row, "caseload_fte": "18"}]), name="b.csv")
    merged = overlay_releases(published_indicators(), [first, second])
    assert bexley(merged, 2019)["caseload_fte"] == 18.0
    assert merged.height == published_indicators().height


def problems(data: bytes) -> list[str]:
    with pytest.raises(ReleaseError) as caught:
        read_release(data, name="bad.csv")
    assert "bad.csv is not a DfE CSWW indicators file" in str(caught.value)
    return caught.value.lines()


def test_missing_and_unexpected_columns_are_named() -> None:
    header, rows = shipped_rows()
    narrowed = [h for h in header if h != "caseload_fte"] + ["extra"]
    data = to_csv(narrowed, [{**{k: r[k] for k in narrowed if k != "extra"}, "extra": "1"} for r in rows[:2]])
    assert problems(data) == [
        "row 1, column caseload_fte: is missing",
        "row 1, column extra: is not a column of the DfE indicators file",
    ]


def test_bad_values_name_row_and_column() -> None:
    header, rows = shipped_rows()
    bad = [dict(r) for r in rows[:4]]
    bad[1]["turnover_rate_fte"] = "21,8%"  # file row 3
    bad[2]["time_period"] = "19"  # file row 4
    bad[3]["geographic_level"] = "County"  # file row 5
    found = problems(to_csv(header, bad))
    assert found == [
        "row 3, column turnover_rate_fte: '21,8%' is neither a number nor a DfE symbol "
        "('c', 'x', 'z', 'u', 'low', ':')",
        "row 4, column time_period: '19' is not a year (for example 2025)",
        "row 5, column geographic_level: 'County' is not one of National, Regional, Local authority",
    ]


def test_repeated_rows_short_rows_and_empty_codes() -> None:
    header, rows = shipped_rows()
    la_row = next(r for r in rows if r["geographic_level"] == "Local authority")
    text = to_csv(header, [la_row, la_row, {**la_row, "old_la_code": ""}]).decode() + "2019,Reporting year\n"
    assert problems(text.encode()) == [
        "row 3: repeats row 2 (same year and geography)",
        "row 4, column old_la_code: is empty on a Local authority row",
        "row 5: has 2 cells; the header has 32",
    ]


def test_not_text_empty_and_header_only() -> None:
    assert problems(b"\xff\xfe\x00") == ["row 1: is not UTF-8 text (byte 0)"]
    assert problems(b"") == ["row 1: the file is empty"]
    header, _ = shipped_rows()
    assert problems(to_csv(header, [])) == ["row 2: the file has a header but no rows"]


def test_each_problem_is_an_issue_with_a_catalogue_code_and_a_spreadsheet_location() -> None:
    header, rows = shipped_rows()
    bad = [dict(r) for r in rows[:2]]
    bad[1]["turnover_rate_fte"] = "21,8%"  # file row 3
    with pytest.raises(ReleaseError) as caught:
        read_release(to_csv(header, bad), name="bad.csv")
    (issue,) = caught.value.issues
    assert issue.code == "DFE-REL-012" and issue.is_error
    assert issue.location.line == 3 and issue.location.path == "bad.csv!turnover_rate_fte"
    assert issue.location.describe() == "row 3, column turnover_rate_fte (bad.csv)"
    assert RULES_BY_CODE[issue.code] in RELEASE_RULES


def test_every_release_code_in_the_code_is_in_the_catalogue() -> None:
    source = resources.files("csc_workforce.benchmarks").joinpath("releases.py").read_text("utf-8")
    used = set(re.findall(r'"(DFE-REL-\d{3})"', source))
    assert used == {r.code for r in RELEASE_RULES}


def test_benchmarks_doc_release_table_is_up_to_date() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    assert with_tables(text, "docs/benchmarks.md") == text, "run update_docs() from domain/catalogue.py"
