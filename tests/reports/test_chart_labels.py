"""Lines that end close together keep labels that do not overlap."""

from __future__ import annotations

import re

from csc_workforce.reports.charts import Series, line_chart


def _labels(svg: str) -> dict[str, float]:
    return {name: float(y) for y, name in re.findall(r'<text x="[\d.]+" y="([\d.]+)" fill="#\w+">([^<]+)</text>', svg)}


def test_end_labels_of_lines_ending_together_are_spread_apart() -> None:
    # 0 to 100 over 240 px: 82, 83 and 84 end 2.4 px apart; their labels are set 16 px apart, lowest value lowest
    svg = line_chart(
        title="t",
        description="d",
        x_labels=["2022", "2023"],
        series=[Series("Bexley", (80.0, 84.0)), Series("England", (81.0, 82.0)), Series("London", (75.0, 83.0))],
    )
    y = _labels(svg)
    assert y["Bexley"] + 16 == y["London"] and y["London"] + 16 == y["England"]
    # the highest line's label stays where it was: 4 px below its end, at 20 + 240 x (1 - 84/100) = 58.4
    assert y["Bexley"] == 62.4


def test_labels_far_apart_stay_at_their_lines() -> None:
    svg = line_chart(
        title="t",
        description="d",
        x_labels=["a", "b"],
        series=[Series("High", (90.0, 90.0)), Series("Low", (10.0, 10.0))],
    )
    # 20 + 240 x 0.1 + 4 = 48; 20 + 240 x 0.9 + 4 = 236
    assert _labels(svg) == {"High": 48.0, "Low": 240.0}
