"""The reports page as people use it: an analyst follows the link from the council page, chooses the scrutiny
report, reads it on the page and downloads it as Word; a mistake (a strategy's report with no strategy) is
named in the error summary. Checked with axe-core; screenshots in var/screenshots/."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_development_page import _with_development


def test_an_analyst_builds_the_scrutiny_report(page, site) -> None:  # type: ignore[no-untyped-def]
    _with_development(site)
    sign_in(page, site, "analyst", "/councils/992/")
    with page.expect_navigation():
        page.get_by_role("link", name="Reports: committee papers written from the data").click()
    assert page.get_by_role("heading", name="Reports", level=1).is_visible()
    assert_accessible(page, "reports")
    page.get_by_label("Children's social care workforce: report to the Overview and Scrutiny Panel").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Show the report").click()
    assert page.get_by_role("heading", name="Purpose of the report").is_visible()
    assert page.get_by_role("table", name="Turnover and vacancies: 2025 against 2024").is_visible()
    assert_accessible(page, "reports-scrutiny")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word document of the report").click()
    assert download.value.suggested_filename == "992-scrutiny-2025-09-30.docx"


def test_a_strategy_report_with_no_strategy_is_named(page, site) -> None:  # type: ignore[no-untyped-def]
    _with_development(site)
    sign_in(page, site, "analyst", "/councils/992/reports/")
    page.get_by_label("Workforce strategy: progress report").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Show the report").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Choose the strategy the report is on" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "reports-error")


def test_an_analyst_uploads_the_council_s_word_template_and_its_purpose(page, site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.reports.word_templates import HEADER, council_template

    _with_development(site)
    sign_in(page, site, "analyst", "/councils/992/reports/")
    with page.expect_navigation():
        page.get_by_role("link", name="Change the Word template or how each report opens").click()
    assert page.get_by_role("heading", name="Report settings", level=1).is_visible()
    assert_accessible(page, "report-settings")
    wrong = tmp_path / "staff.csv"
    wrong.write_text("Name,Team\n", encoding="utf-8")
    page.get_by_label("Upload the council's Word template").set_input_files(str(wrong))
    with page.expect_navigation():
        page.get_by_role("button", name="Save the template").click()
    summary = page.locator(".govuk-error-summary")
    assert "not a Word document or template" in summary.inner_text()
    assert_accessible(page, "report-settings-error")
    template = tmp_path / "Eastmoor.docx"
    template.write_bytes(council_template())
    page.get_by_label("Upload the council's Word template").set_input_files(str(template))
    with page.expect_navigation():
        page.get_by_role("button", name="Save the template").click()
    assert "Saved Eastmoor.docx" in page.locator(".govuk-notification-banner").inner_text()
    box = page.locator("#id_scrutiny-text")
    box.fill("To the {council} Children and Families Overview and Scrutiny Panel.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the purpose of the Children's social care workforce").click()
    assert "The council's own, saved by analyst" in page.content().replace("&#x27;", "'")
    page.screenshot(path="var/screenshots/report-settings.png", full_page=True)
    page.goto(site("/councils/992/reports/?kind=scrutiny"))
    assert page.get_by_text("To the Eastmoor Children and Families Overview and Scrutiny Panel.").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Word document of the report").click()
    import docx

    word = docx.Document(download.value.path())
    assert HEADER in word.sections[0].header.paragraphs[0].text
