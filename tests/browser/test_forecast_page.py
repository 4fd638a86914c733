"""The forecast page as an analyst uses it: from the council page to the baseline forecast; a scenario built
with a mistake (named in the error summary, nothing saved), then saved and compared with the baseline, with the
chance of a target of one's own; a table downloaded. Checked with axe-core at each step; screenshots in
var/screenshots/."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in


def test_an_analyst_builds_a_scenario_and_compares_it_with_the_baseline(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/councils/990/")
    with page.expect_navigation():
        page.get_by_role("link", name="Forecast: the workforce up to three years ahead").click()
    assert page.get_by_role("heading", name="Forecast", level=1).is_visible()
    assert page.get_by_role("heading", name="The forecast from 30 September 2025").is_visible()
    assert page.get_by_role("img", name="Permanent workers (% of FTE): forecast by month").is_visible()
    table = page.get_by_role("table", name="Permanent workers (% of FTE): median and 80% band by month")
    assert not table.is_visible()
    page.get_by_text("The figures by month").first.click()
    assert table.is_visible()
    assert_accessible(page, "forecast")

    with page.expect_navigation():
        page.get_by_role("link", name="Build a scenario").click()
    page.get_by_label("Scenario name").fill("NQSW cohort")
    page.get_by_label("Newly qualified social workers a year").fill("8")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the scenario").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose the month the newly qualified starters start each year" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "forecast-scenario-error")
    page.locator("#id_nqsw_month").select_option("9")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the scenario").click()
    assert page.get_by_text("Saved the scenario NQSW cohort").is_visible()
    assert page.get_by_text("8 extra newly qualified starters each September.").first.is_visible()
    assert "NQSW cohort" in page.get_by_role("table", name="Spend by financial year").inner_text()

    page.get_by_label("Target: what").select_option("permanency_rate_fte")
    page.get_by_label("At least").check()
    page.get_by_label("Target: value").fill("92")
    page.get_by_label("Target: by (YYYY-MM)").fill("2027-09")
    with page.expect_navigation():
        page.get_by_role("button", name="Show the forecast").click()
    chances = page.get_by_role("table", name="The chance of meeting each target")
    assert "Permanent workers (% of FTE) at least 92 by 30 September 2027" in chances.inner_text()
    assert_accessible(page, "forecast-scenario-compared")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV file of Spend by financial year").click()
    assert download.value.suggested_filename == "990-forecast-spend-2025-09-30.csv"
