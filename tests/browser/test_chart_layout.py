"""Charts as a browser draws them, at a desktop width (1280 px) and a phone's (320 px): every label of every
chart lies inside its chart (none clipped) and no two labels overlap, on the council page and on strategy
pages (a target line and comparators). The boxes are the browser's own (getBoundingClientRect of each
<text>), in the fonts it has; the Content-Security-Policy is in force, so a chart that needed inline styles
would show a console error (assert_accessible fails on it)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_development_page import _with_development

MEASURE = """() => {
    const found = [];
    for (const svg of document.querySelectorAll('svg[role=img]')) {
        const box = svg.getBoundingClientRect();
        const title = svg.querySelector(':scope > title').textContent;
        const labels = [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
        });
        const frame = (svg.closest('.app-scroll') || svg).getBoundingClientRect().right;
        found.push({title, width: box.width, box: {left: box.left, right: box.right, top: box.top,
                    bottom: box.bottom}, frame, labels});
    }
    return found;
}"""
SLACK = 0.5  # px: rounding in the browser's boxes


def _problems(charts: list[dict]) -> list[str]:  # type: ignore[type-arg]
    problems = []
    for chart in charts:
        box, labels = chart["box"], chart["labels"]
        assert chart["width"] > 100 and labels, f"{chart['title']}: not drawn"
        for label in labels:
            inside = (
                label["left"] >= box["left"] - SLACK
                and label["right"] <= box["right"] + SLACK
                and label["top"] >= box["top"] - SLACK
                and label["bottom"] <= box["bottom"] + SLACK
            )
            if not inside:
                problems.append(f"{chart['title']}: {label['text']!r} is cut off at the chart's edge")
        for n, a in enumerate(labels):
            for b in labels[n + 1 :]:
                across = min(a["right"], b["right"]) - max(a["left"], b["left"])
                down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if across > SLACK and down > SLACK:
                    problems.append(f"{chart['title']}: {a['text']!r} overlaps {b['text']!r}")
    return problems


@pytest.mark.parametrize("width", [1280, 320])
def test_the_council_pages_charts_have_no_clipped_or_overlapping_label(page, site, width: int) -> None:  # type: ignore[no-untyped-def]
    """Every sub-page of the council's figures that holds charts (Trends, Stability, and Sickness for a council
    whose HR records give causes: Eastmoor), each page as a person opens it from the sub-navigation."""
    _with_development(site)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site, "analyst", "/councils/990/")
    drawn = {}
    for la_code, name in (("990", "Northgate"), ("992", "Eastmoor")):
        page.goto(site(f"/councils/{la_code}/"))
        navigation = page.get_by_role("navigation", name=f"{name}'s figures")
        hrefs = [a.get_attribute("href") for a in navigation.get_by_role("link").all()]
        for href in hrefs:
            page.goto(site(href))
            charts = page.evaluate(MEASURE)
            drawn[href] = charts
            assert not _problems(charts), "\n".join(_problems(charts))
            # each chart fits the screen's width, or (kept at a legible size: test_reflow.py) its scroll region does
            assert all(chart["frame"] <= width for chart in charts), [c["frame"] for c in charts]
            if charts:
                assert_accessible(page, f"council-charts-{href.strip('/').replace('/', '-')}-{width}")
    assert {h for h, charts in drawn.items() if charts} == {
        "/councils/990/trends/",
        "/councils/990/stability/",
        "/councils/992/trends/",
        "/councils/992/stability/",
        "/councils/992/sickness/",
    }
    assert len(drawn["/councils/990/trends/"]) == 6 and len(drawn["/councils/990/stability/"]) == 4
    texts = {label["text"] for chart in drawn["/councils/990/trends/"] for label in chart["labels"]}
    assert "Northgate" in texts and "England" in texts  # the trend lines' labels


@pytest.mark.parametrize("width", [1280, 320])
def test_strategy_pages_charts_with_targets_and_comparators_have_no_clipped_label(page, site, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    # Bexley's figures with England, London and the neighbours' median; Dudley's against its 92% target
    sign_in(page, site, "analyst", "/strategies/bexley-2020-23/?as_at=2026-01-01")
    for path, wanted in (
        ("/strategies/bexley-2020-23/?as_at=2026-01-01", {"Bexley", "England", "London", "Neighbours (median)"}),
        ("/strategies/dudley-2021-23/?as_at=2024-01-01", {"Dudley", "Target 92%"}),
    ):
        page.goto(site(path))
        charts = page.evaluate(MEASURE)
        first = next(c for c in charts if c["title"].startswith("Figure 1: "))
        assert wanted <= {label["text"] for label in first["labels"]}, first["labels"]
        assert not _problems(charts), "\n".join(_problems(charts))
        assert_accessible(page, f"strategy-charts-{path.split('/')[2]}-{width}")
