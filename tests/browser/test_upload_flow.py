"""The upload journey as a person does it: upload a file with an error and read the error, fix it and load it,
see the council's page change, then undo. Every page on the way is checked with axe-core."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in

HEADER = "Staff number,SWE number,Date of birth,Gender,Ethnicity\n"


def _people_file(swe: str, date_of_birth: str) -> bytes:
    # a new social worker, and an existing one whose recorded ethnicity changes to Chinese
    return (HEADER + f"N1,SW7770001,{date_of_birth},F,BAFR\nX1,{swe},1980-01-01,F,CHNE\n").encode()


def _upload(page, site, data: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site("/uploads/"))
    page.get_by_label("People (HR extract: CSV or Excel)").check()
    page.get_by_label("Council").select_option("990")
    page.get_by_label("Upload a file").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()


def _chinese_headcount(page, site) -> str:  # type: ignore[no-untyped-def]
    page.goto(site("/councils/990/people/"))  # the council's sub-page of age, sex and ethnicity
    table = page.get_by_role("table", name="Ethnicity of social workers in post by role")
    cells = table.locator("tbody tr").filter(has_text="Asian / Asian British")
    return "|".join(cells.all_inner_texts())


def test_upload_read_the_error_fix_it_load_it_see_the_change_and_undo(page, site) -> None:  # type: ignore[no-untyped-def]
    from csc_workforce.store import models as m

    sign_in(page, site, "analyst", "/uploads/")
    assert_accessible(page, "analyst-uploads")
    white = m.Person.objects.filter(council__la_code="990", ethnicity="WBRI", engagements__end_date__isnull=True)
    swe = white.exclude(engagements__contract="agency").first().swe_no  # in post, council-employed, not Asian
    before = _chinese_headcount(page, site)

    _upload(page, site, _people_file(swe, "31/02/1990"), "staff.csv")
    summary = page.locator(".govuk-error-summary")
    assert "cannot be loaded until these problems are fixed" in summary.inner_text()
    problems = page.get_by_role("table", name="Every problem, in file order").inner_text()
    assert "IMP-ROW-002" in problems and "row 2, column Date of birth" in problems
    assert page.get_by_role("button", name="Confirm and load").count() == 0
    assert_accessible(page, "analyst-upload-rejected")

    _upload(page, site, _people_file(swe, "1990-02-28"), "staff-fixed.csv")
    assert page.locator(".govuk-error-summary").count() == 0
    changes = page.get_by_role("table", name="Records added, changed and ended, by kind").inner_text()
    assert "People" in changes
    assert_accessible(page, "analyst-upload-preview")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and load").click()
    assert "staff-fixed.csv was loaded." in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page, "analyst-upload-loaded")

    after = _chinese_headcount(page, site)
    assert after != before, "the council's page shows the loaded data"

    page.goto(site("/uploads/"))
    page.get_by_role("link", name="staff-fixed.csv").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Undo this upload").click()
    assert "staff-fixed.csv was undone." in page.locator(".govuk-notification-banner").inner_text()
    assert _chinese_headcount(page, site) == before


def test_column_mappings_page_is_accessible(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/uploads/mappings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Column mappings"
    assert_accessible(page, "analyst-mappings")
