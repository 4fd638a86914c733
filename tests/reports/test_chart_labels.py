"""Chart labels are never cut, truncated or overlapping: long labels are wrapped at word boundaries within the
chart, the labels at the ends of lines (and of target lines) are spread apart, and counts read as whole
numbers. Text boxes are worked out from each <text>'s position and anchor and its width measured in the font
the chart is laid out in (tests/browser/test_chart_layout.py checks the same in a browser)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from csc_workforce.reports.charts import FONT_SIZE, Series, Target, _Measure, bar_chart, line_chart

S = "{http://www.w3.org/2000/svg}"
STRESS = "Stress, anxiety, depression and other mental health"
MOVED = "Moved to a different local authority in England"
AGENCY = "Agency workers – health and social care professionals"


@dataclass(frozen=True)
class Label:
    text: str
    colour: str
    x0: float
    x1: float
    y0: float
    y1: float
    baseline: float

    def overlaps(self, other: Label) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def _labels(svg: str) -> list[Label]:
    root = etree.fromstring(svg.encode())
    measure = _Measure()
    found = []
    for text in root.iter(f"{S}text"):
        assert text.get("transform") is None  # positioned by x and y alone
        x, y, width = float(text.get("x")), float(text.get("y")), measure.width(text.text)
        start = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
        found.append(
            Label(text.text, text.get("fill"), start, start + width, y - 0.8 * FONT_SIZE, y + 0.25 * FONT_SIZE, y)
        )
    return found


def _box(svg: str) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in etree.fromstring(svg.encode()).get("viewBox").split())  # type: ignore[return-value]


def _assert_inside_and_apart(svg: str) -> None:
    left, top, width, height = _box(svg)
    labels = _labels(svg)
    for label in labels:
        assert left <= label.x0 and label.x1 <= left + width, f"{label.text!r} runs past the side of the chart"
        assert top <= label.y0 and label.y1 <= top + height, f"{label.text!r} runs past the top or bottom"
    for n, a in enumerate(labels):
        for b in labels[n + 1 :]:
            assert not a.overlaps(b), f"{a.text!r} overlaps {b.text!r}"


def test_long_category_labels_are_wrapped_whole_inside_the_chart() -> None:
    svg = bar_chart(
        title="Leavers by destination",
        description="d",
        labels=[MOVED, "Retired", STRESS, "Other"],
        values=[31, 7, 12, None],
    )
    texts = [label.text for label in _labels(svg)]
    # each label in lines of whole words, all its words, in order; no line ends in an ellipsis
    assert texts[:2] == ["Moved to a different local", "authority in England"]
    assert " ".join(texts[2:4]) == "31 Retired"
    assert texts[5:7] == ["Stress, anxiety, depression", "and other mental health"]
    assert all("…" not in t and "..." not in t for t in texts)
    _assert_inside_and_apart(svg)


def test_a_long_series_name_is_wrapped_whole_beside_its_line() -> None:
    svg = line_chart(
        title="Agency workers",
        description="d",
        x_labels=["2021", "2022", "2023", "2024"],
        series=[Series("Northgate", (10.0, 12.0, 11.0, 13.0)), Series(AGENCY, (4.0, 5.0, 6.0, 5.5))],
        unit="%",
    )
    green = [label.text for label in _labels(svg) if label.colour == "#0b0c0c" and not label.text[0].isdigit()]
    assert " ".join(green) == AGENCY and len(green) > 1
    _assert_inside_and_apart(svg)


def test_end_labels_of_lines_ending_together_are_spread_apart_in_the_order_of_their_ends() -> None:
    svg = line_chart(
        title="t",
        description="d",
        x_labels=["2022", "2023", "2024"],
        series=[
            Series("Bexley", (80.0, 82.0, 84.0)),
            Series("England", (81.0, 81.0, 83.8)),
            Series("London", (75.0, 79.0, 83.9)),
        ],
        unit="%",
    )
    y = {label.text: label.baseline for label in _labels(svg)}
    assert y["Bexley"] < y["London"] < y["England"]  # the highest line's label highest
    _assert_inside_and_apart(svg)


def test_labels_far_apart_stay_at_the_height_of_their_lines_ends() -> None:
    svg = line_chart(
        title="t",
        description="d",
        x_labels=["a", "b", "c"],
        series=[Series("High", (80.0, 80.0, 80.0)), Series("Low", (10.0, 20.0, 20.0))],
        unit="%",
    )
    y = {label.text: label.baseline for label in _labels(svg)}
    # a label is centred as a tick label is: at the height of the value its line ends on
    assert abs(y["High"] - y["80%"]) < 0.01 and abs(y["Low"] - y["20%"]) < 0.01


def test_a_target_line_is_labelled_apart_from_a_series_ending_at_the_same_value() -> None:
    svg = line_chart(
        title="t",
        description="d",
        x_labels=["2023", "2024", "2025"],
        series=[Series("Northgate", (82.0, 83.0, 84.0)), Series("England", (80.0, 80.5, 80.2))],
        unit="%",
        targets=[Target("Target 84%", 84.0)],
    )
    labels = {label.text: label for label in _labels(svg)}
    assert {"Northgate", "England", "Target 84%"} <= set(labels)
    assert labels["Target 84%"].colour == "#505a5f"
    assert abs(labels["Target 84%"].baseline - labels["Northgate"].baseline) >= FONT_SIZE
    _assert_inside_and_apart(svg)


def test_many_x_labels_are_thinned_so_none_overlaps_and_the_latest_is_kept() -> None:
    months = [f"{m} 2025" for m in ("January", "February", "March", "April", "May", "June", "July", "August")]
    months += ["September 2025", "October 2025", "November 2025", "December 2025"]
    svg = line_chart(
        title="t",
        description="d",
        x_labels=months,
        series=[Series("On time (%)", tuple(float(60 + i) for i in range(12)))],
        unit="%",
    )
    texts = [label.text for label in _labels(svg)]
    assert "December" in texts and "2025" in texts  # "December 2025" wrapped onto two lines
    assert texts.count("2025") < 12
    _assert_inside_and_apart(svg)


def test_counts_are_whole_numbers_on_the_axis_and_on_the_bars() -> None:
    svg = line_chart(
        title="Social workers",
        description="d",
        x_labels=["2023", "2024", "2025"],
        series=[Series("Northgate", (79.0, 80.0, 81.0))],
    )
    ticks = [label.text for label in _labels(svg) if label.text.replace(",", "").isdigit() and len(label.text) < 4]
    assert len(ticks) >= 3 and all(float(t).is_integer() for t in ticks)
    assert not [label.text for label in _labels(svg) if label.text.endswith(".0") or ".5" in label.text]
    small = line_chart(
        title="t", description="d", x_labels=["2023", "2024", "2025"], series=[Series("Northgate", (3.0, 4.0, 3.0))]
    )
    ticks = [label.text for label in _labels(small) if label.text.isdigit() and len(label.text) < 4]
    assert len(ticks) >= 3 and ticks == [str(n) for n in range(int(ticks[0]), int(ticks[0]) + len(ticks))]
    bars = bar_chart(title="t", description="d", labels=["Resigned", "Retired"], values=[81.0, 7.0])
    assert [label.text for label in _labels(bars)] == ["Resigned", "81", "Retired", "7"]
    rates = bar_chart(title="t", description="d", labels=["Northgate", "England"], values=[15.3, 13.0])
    assert [label.text for label in _labels(rates)] == ["Northgate", "15.3", "England", "13.0"]


def test_a_line_chart_of_a_rate_shows_the_change_and_the_target() -> None:
    svg = line_chart(
        title="Permanent staff",
        description="d",
        x_labels=["2023", "2024", "2025"],
        series=[Series("Bexley", (83.0, 84.0, 85.0))],
        unit="%",
        targets=[Target("Target 80%", 80.0)],
    )
    shown = [label.text for label in _labels(svg)]
    ticks = sorted(float(t[:-1]) for t in shown if t[-1] == "%" and t[0].isdigit())
    assert ticks[0] < 80 and ticks[0] >= 75, ticks  # not from 0: 83 to 85 would look flat
    assert 85 < ticks[-1] <= 90, ticks


def test_a_line_chart_of_a_rate_stops_at_0_and_100() -> None:
    svg = line_chart(
        title="t",
        description="d",
        x_labels=["2023", "2024", "2025"],
        series=[Series("High", (96.0, 99.0, 100.0)), Series("Low", (0.0, 1.0, 2.0))],
        unit="%",
    )
    ticks = [label.text for label in _labels(svg) if label.text.endswith("%")]
    assert ticks[0] == "0%" and ticks[-1] == "100%"
