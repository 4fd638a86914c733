"""The council's sub-pages' charts: each is a labelled image followed by a table of the same figures, and the
tables download as CSV with the same column labels."""

from __future__ import annotations

import csv
import io

from tests.browser.conftest import sign_in


def _header(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in table.locator("thead th").all_inner_texts()]


CHARTED = ("/councils/990/trends/", "/councils/990/stability/")  # the council's sub-pages with charts


def test_each_chart_has_a_title_and_is_followed_by_its_table(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/councils/990/")
    for path in CHARTED:
        page.goto(site(path))
        _each_chart_titled_and_tabled(page)


def _each_chart_titled_and_tabled(page) -> None:  # type: ignore[no-untyped-def]
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 4
    for chart in charts.all():
        found = chart.evaluate(
            """svg => {
                const title = svg.querySelector(':scope > title');
                const labelled = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/);
                const figure = svg.closest('figure');
                let next = figure ? figure.nextElementSibling : svg.nextElementSibling;
                if (next && next.matches('.app-scroll')) next = next.firstElementChild;  // the table's scroll region
                return {title: title ? title.textContent.trim() : '', titleId: title ? title.id : '', labelled,
                        next: next ? next.tagName : '', caption: next && next.caption ? next.caption.textContent : ''};
            }"""
        )
        assert found["title"], "a chart without a <title>"
        assert found["titleId"] in found["labelled"], f"{found['title']}: not labelled by its title"
        assert found["next"] == "TABLE" and found["caption"], f"{found['title']}: no table follows the chart"
    # Screen readers get the chart's title as its accessible name.
    first_title = charts.first.locator("title").text_content()
    assert page.get_by_role("img", name=first_title).count() >= 1


def test_csv_download_matches_the_table(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/councils/990/establishment/")
    table = page.locator("table", has=page.locator("caption", has_text="Caseloads by team"))
    link = page.get_by_role("link", name="CSV file of Caseloads by team")
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename.startswith("990-") and download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0] == _header(table)
    assert [row[0] for row in rows[1:]] == table.locator("tbody th").all_inner_texts()

    # Every table's CSV on every sub-page, fetched with the page's cookies: its header is the table's labels.
    seen = 0
    for path in ("establishment", "trends", "people", "stability"):
        page.goto(site(f"/councils/990/{path}/"))
        seen += _every_csv_matches(page, site)
    assert seen >= 16


def _every_csv_matches(page, site) -> int:  # type: ignore[no-untyped-def]
    tables = page.locator("main table")
    assert tables.count() >= 3
    for index in range(tables.count()):
        table = tables.nth(index)
        href = table.evaluate(
            "t => { let n = (t.closest('.app-scroll') || t).nextElementSibling;"
            " while (n && !n.querySelector('a[href$=\".csv\"]'))"
            " n = n.nextElementSibling; return n.querySelector('a[href$=\".csv\"]').getAttribute('href'); }"
        )
        response = page.request.get(site(href))
        assert response.status == 200, href
        assert response.headers["content-type"].startswith("text/csv"), href
        header = next(csv.reader(io.StringIO(response.text())))
        assert header == _header(table), href
    return tables.count()
