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


def test_a_strategy_with_comparators_is_accessible_and_says_what_it_judged(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/strategies/bexley-2020-23/?as_at=2026-01-01")
    # judged at the deadline (September 2023): red, "not met", the 2025 figure shown apart as the latest
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Percentage of permanent staff"))
    assert row.locator(".govuk-tag").inner_text() == "Red"
    assert "88.1% (Sep 2025)" in row.inner_text()
    assert page.get_by_text("the aim was not met. The latest figure is 88.1% (September 2025).").count() == 1
    assert page.get_by_text("DfE's published figures for September 2023: England 82.2%, London 77.2%").count() == 1
    chart = page.get_by_role("img", name="Figure 1: Percentage of permanent staff")
    assert "with England, London and Neighbours (median)" in (chart.locator(":scope > desc").text_content() or "")
    table = page.get_by_role("table", name="Figure 1: Percentage of permanent staff: the figures")
    assert table.get_by_role("columnheader", name="Thurrock (883)").count() == 1
    assert_accessible(page, "strategy-bexley")
