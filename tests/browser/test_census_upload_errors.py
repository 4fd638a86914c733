"""A census return that cannot be loaded, as a person meets it in the browser: a return with errors, a file that
is not well-formed XML, an empty file and a file over the size limit each give a GOV.UK page with an error summary
(focused, so it is announced) that says what is wrong, where and how to fix it. An HR extract that is not a
spreadsheet gets the same. Every page is checked with axe-core."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import assert_accessible, sign_in

CENSUS = "CSWW census return (XML)"
PEOPLE = "People (HR extract: CSV or Excel)"


@pytest.fixture(scope="module")
def return_2025(council_records) -> bytes:  # type: ignore[no-untyped-def]
    """Northgate's (990) 2025 census return, written from the same records the site is seeded with."""
    from csc_workforce.synthetic.returns import council_returns

    return council_returns(council_records[0], [2025], generated_at=datetime(2025, 10, 15, 9, 0, tzinfo=UTC))[2025]


def _line_of(data: bytes, text: bytes) -> int:
    return data[: data.index(text)].count(b"\n") + 1


def _with_first(data: bytes, element: str, value: str) -> bytes:
    """``data`` with the first ``<element>``'s value replaced by ``value``."""
    start = data.index(f"<{element}>".encode()) + len(element) + 2
    return data[:start] + value.encode() + data[data.index(f"</{element}>".encode(), start) :]


def _upload(page, site, data: bytes, name: str, kind: str = CENSUS) -> None:  # type: ignore[no-untyped-def]
    page.goto(site("/uploads/"))
    page.get_by_label(kind).check()
    if kind != CENSUS:
        page.get_by_label("Council").select_option("990")
    page.get_by_label("Upload a file").set_input_files({"name": name, "mimeType": "text/xml", "buffer": data})
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()


def _focused_summary(page):  # type: ignore[no-untyped-def]
    """The error summary, once GOV.UK Frontend has moved focus to it."""
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('govuk-error-summary')")
    return summary


def test_a_census_return_with_errors_lists_each_error_where_it_is_and_how_to_fix_it(  # type: ignore[no-untyped-def]
    page, site, return_2025
) -> None:
    data = _with_first(_with_first(return_2025, "NumberOfVacancies", "-3.00"), "FTE", "1.500000")
    sign_in(page, site, "analyst", "/uploads/")
    _upload(page, site, data, "990-2025.xml")

    summary = _focused_summary(page)
    assert page.title().startswith("Error: 990-2025.xml")
    assert summary.get_by_role("heading", name="This file cannot be loaded until these problems are fixed").is_visible()
    items = summary.locator("li").all_inner_texts()
    assert items == [
        f"CSWW-LA-002 (line {_line_of(data, b'<NumberOfVacancies>')}, Message/LALevel/NumberOfVacancies): "
        "NumberOfVacancies is -3.00, but it cannot be negative: it is the FTE of vacant posts on 30 September. "
        "Give NumberOfVacancies as 0 or more (0 if there were none).",
        f"CSWW-WKR-008 (line {_line_of(data, b'<FTE>1.500000')}, Message/CSWWWorker[1]/FTE): FTE must be "
        "between 0 and 1; this worker has 1.500000. Give FTE as a decimal fraction of full time, for example 0.6.",
    ]
    council = page.locator(".govuk-summary-list__row").filter(has_text="Council")
    assert "Northgate (990)" in council.inner_text()
    assert page.get_by_role("button", name="Confirm and load").count() == 0
    assert_accessible(page, "analyst-census-upload-with-errors")

    with page.expect_download() as download:
        summary.get_by_role("link", name="Download every problem as a CSV file").click()
    report = download.value.path().read_text(encoding="utf-8").splitlines()
    assert report[0] == "row,column,code,severity,message,value"
    assert any(",Message/LALevel/NumberOfVacancies,CSWW-LA-002,error," in line for line in report)


def test_a_census_file_that_is_not_well_formed_xml_says_where_it_breaks(page, site, return_2025) -> None:  # type: ignore[no-untyped-def]
    cut = return_2025[: return_2025.index(b"<CSWWWorker>") + len(b"<CSWWWorker")]  # ends inside a start tag
    sign_in(page, site, "analyst", "/uploads/")
    _upload(page, site, cut, "cut.xml")

    text = _focused_summary(page).inner_text()
    assert "This file cannot be loaded until these problems are fixed" in text
    assert "CSWW-FILE-001 (line " in text and "cut.xml: The file is not well-formed XML (" in text
    assert "Export the return again as XML." in text
    assert page.get_by_role("link", name="Download every problem as a CSV file").count() == 1
    assert_accessible(page, "analyst-census-upload-malformed")


def test_an_empty_census_file_is_refused_at_the_form_and_the_summary_links_to_the_file_input(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/uploads/")
    _upload(page, site, b"", "empty.xml")

    summary = _focused_summary(page)
    assert page.title().startswith("Error: Upload data")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    link = summary.get_by_role("link", name="The selected file is empty")
    field_error = page.locator("#id_file-error").inner_text()
    assert "The selected file is empty: choose the file again, or export it again from your system" in field_error
    assert_accessible(page, "analyst-census-upload-empty")
    link.click()
    page.wait_for_function("() => document.activeElement.id === 'id_file'")  # GOV.UK Frontend focuses the input


def test_a_census_file_over_the_size_limit_is_refused_at_the_form(page, site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from csc_workforce.store.services import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1_048_576)  # the live server runs in this process
    sign_in(page, site, "analyst", "/uploads/")
    _upload(page, site, b" " * 1_048_577, "big.xml")

    text = _focused_summary(page).inner_text()
    assert "The selected file must be smaller than 1 MB. A census return is at most a few MB" in text
    assert_accessible(page, "analyst-census-upload-too-large")


def test_an_extract_that_is_not_a_spreadsheet_gets_a_clear_page(page, site, return_2025) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/uploads/")
    _upload(page, site, return_2025, "990-2025.xml", kind=PEOPLE)

    items = _focused_summary(page).locator("li").all_inner_texts()
    assert items[0].startswith("UPLOAD-003: 990-2025.xml is an XML file, not a spreadsheet.")
    assert items[1].startswith("IMP-FILE-001: 990-2025.xml is not a CSV or Excel (.xlsx) file.")
    assert_accessible(page, "analyst-extract-upload-not-a-spreadsheet")
