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


def test_any_published_council_is_reached_from_the_benchmarks_page(page, site) -> None:  # type: ignore[no-untyped-def]
    # analyst991 may see only 991; Bexley (303) is not held, so its published figures are public to them
    sign_in(page, site, "analyst991", "/benchmarks/")
    assert page.get_by_role("navigation", name="Menu").get_by_role("link", name="Benchmarks").count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Benchmarks"
    assert page.get_by_role("link", name="Southbridge (991)").count() == 1
    assert page.get_by_role("link", name="Northgate (990)").count() == 0
    assert_accessible(page, "benchmarks-choose")

    page.get_by_label("Council").select_option("303")
    page.get_by_role("button", name="Show benchmarks").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/councils/303/benchmark/")
    page.get_by_label("Census year", exact=True).select_option("2019")  # not the region "Benchmarks, census year"
    page.get_by_role("button", name="Show benchmarks").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("This service holds no records for Bexley").count() == 1
    assert page.get_by_text("Bexley was above the median of its statistical neighbours (20.2%), 3rd of 4").count() == 1
    assert page.get_by_role("table", name="Benchmarks, census year 2019").is_visible()
    assert_accessible(page, "benchmark-unheld-bexley")


def test_without_neighbours_the_region_table_and_its_note(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "viewer", "/councils/209/benchmark/?year=2019")
    assert page.get_by_text(
        "Compared with the 31 other councils in London, since no statistical neighbours are set."
    ).is_visible()
    table = page.get_by_role("table", name="Lewisham and the other councils in London, census year 2019")
    assert table.locator("tbody tr").count() == 32  # Lewisham and the 31 others
    assert_accessible(page, "benchmark-region")


def test_an_unknown_council_is_a_page_not_found_with_a_way_on(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "viewer", "/councils/999/benchmark/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_text("There is no council 999").count() == 1
    assert page.get_by_label("Council").is_visible()
    assert_accessible(page, "benchmark-not-found")
