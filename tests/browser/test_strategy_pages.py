"""The strategy pages in a browser: the list and a strategy with its charts pass axe (WCAG 2.2 AA)."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in


def test_strategy_pages_are_accessible_and_their_charts_are_labelled(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/strategies/")
    assert page.get_by_role("heading", level=1).inner_text() == "Workforce strategies"
    assert page.get_by_role("navigation", name="Menu").get_by_role("link", name="Strategies").count() == 1
    assert_accessible(page, "strategies")

    page.get_by_role("link", name="Children's Services Social Care Workforce Development Strategy 2021-2023").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/strategies/dudley-2021-23/")
    assert page.get_by_text("Judged for Dudley (332)").count() == 1
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 1
    title = charts.first.locator(":scope > title").text_content()
    assert title and title.startswith("Figure 1:")
    assert page.get_by_role("img", name=title).count() == 1
    assert page.locator(".govuk-tag", has_text="Red").count() >= 1
    assert_accessible(page, "strategy-dudley")

    # a bad date: the error summary, still accessible
    page.get_by_label("As at (YYYY-MM-DD)").fill("2024-02-30")
    page.get_by_role("button", name="Evaluate").click()
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "strategy-error")
