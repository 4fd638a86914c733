"""The benchmark page as a person uses it: reached from the council page, accessible, charts with a table."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in


def test_benchmark_page_from_the_council_page(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "viewer", "/councils/990/")
    page.get_by_role("link", name="Benchmarks against England, the region and statistical neighbours").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Benchmarks"
    assert page.get_by_role("table", name="Benchmarks, census year 2025").is_visible()
    assert page.locator("svg[role=img] title").count() >= 5
    assert_accessible(page, "viewer-benchmark")
