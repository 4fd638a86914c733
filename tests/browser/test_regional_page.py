"""The regional page as the alliance's analyst reads it: the moves, the retention and the breaches of the
agreement, a table downloaded; axe-core; a screenshot in var/screenshots/."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in
from tests.web.test_regional_pages import hold_alliance


def test_the_alliance_s_analyst_reads_the_flows(page, site) -> None:  # type: ignore[no-untyped-def]
    hold_alliance()
    sign_in(page, site, "analyst", "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Regional").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Test alliance").click()
    assert page.get_by_role("heading", name="Test alliance", level=1).is_visible()
    breaches = page.get_by_role("table", name="Moves breaching the agreement, census year 2025")
    assert "cooling-off" in breaches.inner_text()
    assert_accessible(page, "regional")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV file of Moves breaching the agreement, census year 2025").click()
    assert download.value.suggested_filename == "test-alliance-breaches-2025.csv"


def test_the_regional_administrator_adds_an_alliance_with_a_mistake_first(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "admin", "/regional/")
    page.get_by_label("Alliance name").fill("North West")
    page.get_by_label("Member councils").fill("990, 99")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the alliance").click()
    assert "is not a DfE council code" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "regional-alliance-error")
    page.get_by_label("Member councils").fill("990, 991")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the alliance").click()
    assert page.get_by_role("heading", name="North West", level=1).is_visible()
    assert_accessible(page, "regional-alliance")
    # who sees it: a regional analyst given on the page, then shown in its list
    page.get_by_label("Username", exact=True).fill("viewer")
    page.get_by_label("Regional role").select_option("regional_analyst")
    with page.expect_navigation():
        page.get_by_role("button", name="Give regional role").click()
    assert "viewer is now regional analyst of North West." in page.locator(".govuk-notification-banner").inner_text()
    assert "viewer: regional analyst" in page.locator("#roles ~ ul").first.inner_text()
    assert_accessible(page, "regional-roles")
