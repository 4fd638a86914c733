"""A chart's SVG as the app serves it: nothing the Content-Security-Policy blocks (no style attribute or
element, no script), labelled by its title and description, the same bytes for the same figures, ids its own,
bars from 0, and bars instead of a line where there are too few points for one."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from csc_workforce.reports import charts
from csc_workforce.reports.charts import Series, Target, bar_chart, line_chart, restyle

S = "{http://www.w3.org/2000/svg}"


def _line(**more: object) -> str:
    return line_chart(
        title="Turnover",
        description="Turnover rate by year, council against England",
        x_labels=["2023", "2024", "2025"],
        series=[Series("Northgate", (15.0, None, 12.5)), Series("England", (15.9, 13.9, 11.8))],
        unit="%",
        **more,  # type: ignore[arg-type]
    )


def _bars() -> str:
    return bar_chart(
        title="Leavers by reason", description="Headcount", labels=["Resigned", "Retired", "Other"], values=[80, 20, 5]
    )


@pytest.mark.parametrize("svg", [_line(), _line(targets=[Target("Target 12%", 12.0)]), _bars()])
def test_nothing_the_content_security_policy_blocks(svg: str) -> None:
    root = etree.fromstring(svg.encode())
    assert "style" not in svg  # neither a style attribute nor a <style> element, in any form
    assert not [e for e in root.iter() if isinstance(e.tag, str) and ("style" in e.attrib or e.tag == f"{S}style")]
    assert "<script" not in svg and "metadata" not in svg and "<!DOCTYPE" not in svg
    # what matplotlib put in styles is there as presentation attributes
    assert root.find(f".//{S}text").get("font-size") == "13px"
    blue = [p for p in root.iter(f"{S}path") if "#1d70b8" in (p.get("stroke"), p.get("fill"))]
    assert blue


def test_restyling_refuses_a_style_it_cannot_carry_over() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><path style="fill: red; filter: blur(2px)"/></svg>'
    with pytest.raises(ValueError, match="filter"):
        restyle(svg, "chart-x", "t", "d")


def test_the_chart_is_an_image_labelled_by_its_title_and_description() -> None:
    root = etree.fromstring(_line().encode())
    assert root.get("role") == "img" and root.get("class") == "app-chart"
    title, desc = root[0], root[1]
    assert (title.tag, title.text) == (f"{S}title", "Turnover")
    assert (desc.tag, desc.text) == (f"{S}desc", "Turnover rate by year, council against England")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("width") is None and root.get("viewBox").startswith("0 0 640 ")  # scales to its container


def test_the_same_figures_give_the_same_svg_and_other_figures_other_ids() -> None:
    first = _line()
    charts._line_svg.cache_clear()
    assert _line() == first  # drawn again, not from the cache
    assert "Date" not in first and not re.search(r"20\d\d-\d\d-\d\d", first)
    other = line_chart(
        title="Turnover", description="Another", x_labels=["2023", "2024", "2025"], series=[Series("X", (1, 2, 3))]
    )
    ids = re.findall(r' id="([^"]+)"', first + other + _bars())
    assert len(ids) == len(set(ids))  # three charts on one page share no id
    for svg in (first, other):  # every reference is to an id of the same chart
        own = set(re.findall(r' id="([^"]+)"', svg))
        assert set(re.findall(r'(?:href="#|url\(#)([^")]+)', svg)) <= own


def test_series_differ_by_dash_pattern_and_marker_and_a_gap_leaves_no_line() -> None:
    root = etree.fromstring(_line().encode())
    northgate = root.find(f".//{S}path[@stroke='#1d70b8'][@fill='none']")
    england = root.find(f".//{S}path[@stroke='#0b0c0c'][@fill='none'][@stroke-dasharray]")
    assert northgate.get("stroke-dasharray") is None and england.get("stroke-dasharray") == "6,4"
    # Northgate's 2024 is unknown: its two figures are points, with no line between them
    assert "L" not in northgate.get("d") and northgate.get("d").count("M") == 2
    assert england.get("d").count("L") == 2
    markers = {e.get("d") for e in root.iter(f"{S}path") if e.getparent().tag == f"{S}defs"}
    assert len(markers) >= 2  # a circle for one series, a square for the other


def test_bars_start_at_0_and_are_as_long_as_their_figures() -> None:
    root = etree.fromstring(_bars().encode())
    bars = [_extent(p.get("d")) for p in root.iter(f"{S}path") if p.get("fill") == "#1d70b8"]
    assert len(bars) == 3
    starts = {round(x0, 3) for x0, _ in bars}
    assert len(starts) == 1  # every bar from the same place: 0
    widths = [x1 - x0 for x0, x1 in bars]
    assert widths[0] / widths[1] == pytest.approx(4.0) and widths[0] / widths[2] == pytest.approx(16.0)


def test_few_points_are_drawn_as_bars_not_a_line() -> None:
    svg = line_chart(
        title="Turnover",
        description="d",
        x_labels=["2024", "2025"],
        series=[Series("Northgate", (14.0, 12.5)), Series("England", (13.9, 11.8)), Series("None", (None, None))],
        unit="%",
    )
    root = etree.fromstring(svg.encode())
    texts = [t.text for t in root.iter(f"{S}text")]
    assert texts[:4] == ["Northgate, 2024", "14.0%", "Northgate, 2025", "12.5%"]  # alike, to one decimal place
    assert "England, 2025" in texts and not any(t.startswith("None") for t in texts)
    assert len([p for p in root.iter(f"{S}path") if p.get("fill") == "#1d70b8"]) == 4
    one = line_chart(title="t", description="d", x_labels=["2025"], series=[Series("Northgate", (12.5,))], unit="%")
    assert [t.text for t in etree.fromstring(one.encode()).iter(f"{S}text")] == ["2025", "12.5%"]


def test_no_chart_without_data() -> None:
    assert line_chart(title="t", description="d", x_labels=[], series=[]) == ""
    assert line_chart(title="t", description="d", x_labels=["a", "b", "c"], series=[Series("x", (None,) * 3)]) == ""
    assert bar_chart(title="t", description="d", labels=["a"], values=[None]) == ""


def _extent(d: str) -> tuple[float, float]:
    xs = [float(x) for x in re.findall(r"[ML] ([-\d.]+) [-\d.]+", d)]
    return min(xs), max(xs)


def test_six_series_have_six_styles() -> None:
    svg = line_chart(
        title="t",
        description="d",
        x_labels=["a", "b", "c"],
        series=[Series(f"Question {n}", (50.0 + n, 52.0 + n, 51.0 + n)) for n in range(6)],
        unit="%",
    )
    root = etree.fromstring(svg.encode())
    lines = [p for p in root.iter(f"{S}path") if p.get("fill") == "none" and p.get("stroke-width") == "3"]
    styles = {(p.get("stroke"), p.get("stroke-dasharray")) for p in lines}
    assert len(lines) == 6 and len(styles) == 6
