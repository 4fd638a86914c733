"""Accessible SVG charts, drawn on the server (no JavaScript).

Every chart is an ``<svg role="img">`` with a title and a description, its series told apart by line style
and marker shape as well as colour (WCAG 1.4.1), colours with at least 3:1 contrast on white (WCAG 1.4.11),
and labels in text. Pages show the chart's data table beside it; the chart is never the only way to read
the figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# GOV.UK palette colours with at least 3:1 contrast on white
_STYLES = (
    ("#1d70b8", "", "circle"),  # blue, solid
    ("#0b0c0c", "6 4", "square"),  # black, dashed
    ("#00703c", "2 3", "triangle"),  # green, dotted
    ("#4c2c92", "10 3 2 3", "diamond"),  # purple, dash-dot
    ("#d4351c", "14 5", "square"),  # red, long dashes
)
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 20, 40


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per x label; None leaves a gap


def line_chart(
    *, title: str, description: str, x_labels: Sequence[str], series: Sequence[Series], unit: str = ""
) -> str:
    """A line chart of ``series`` over ``x_labels`` (for example census years)."""
    values = [v for s in series for v in s.values if v is not None]
    if not values or not x_labels:
        return ""
    low, high = _nice_range(min(values), max(values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(x_labels) - 1) if len(x_labels) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    parts = [_open(title, description)]
    labels: list[tuple[float, float, str, str]] = []  # (y, x, colour, name) of each line's end label
    for tick in _ticks(low, high):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#b1b4b6" '
            f'stroke-width="1"/><text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{_num(tick)}{escape(unit)}</text>"
        )
    for i in _shown_labels(x_labels, plot_w):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">{escape(x_labels[i])}</text>'
        )
    for n, s in enumerate(series):
        colour, dash, marker = _STYLES[n % len(_STYLES)]
        points = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        for segment in _segments(s.values, x, y):
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash_attr}/>')
        parts.extend(_marker(marker, px, py, colour) for px, py in points)
        if points:
            labels.append((points[-1][1] + 4, points[-1][0] + 10, colour, s.name))
    for ly, lx, colour, name in _spread(labels):
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _shown_labels(labels: Sequence[str], plot_w: float, char_w: float = 8.0, gap: float = 12.0) -> list[int]:
    """The x labels drawn: every one when they fit side by side, else every k-th from the last (the latest
    always labelled) so that none overlaps another; the table beside the chart has them all."""
    if len(labels) < 2:
        return list(range(len(labels)))
    spacing = plot_w / (len(labels) - 1)
    widest = max(len(label) for label in labels) * char_w + gap
    step = max(1, -(-int(widest) // max(1, int(spacing))))
    last = len(labels) - 1
    return sorted(range(last, -1, -step))


def _spread(labels: list[tuple[float, float, str, str]], gap: float = 16) -> list[tuple[float, float, str, str]]:
    """End labels moved apart vertically (at least ``gap`` between baselines) so that lines ending close
    together keep readable labels, in the order of their lines' ends."""
    placed: list[tuple[float, float, str, str]] = []
    for y, x, colour, name in sorted(labels):
        y = max(y, placed[-1][0] + gap) if placed else y
        placed.append((y, x, colour, name))
    overflow = (placed[-1][0] - (HEIGHT - 4)) if placed else 0
    if overflow > 0:  # pushed past the bottom: move them all up, keeping the gaps
        placed = [(y - overflow, x, colour, name) for y, x, colour, name in placed]
    return placed


def bar_chart(*, title: str, description: str, labels: Sequence[str], values: Sequence[float | None]) -> str:
    """A horizontal bar chart, one bar per label, each labelled with its value."""
    known = [v for v in values if v is not None]
    if not labels or not known:
        return ""
    row_h, label_w, value_w = 28, 260, 60
    height = TOP + row_h * len(labels) + 10
    top = max(known) or 1.0
    bar_w = WIDTH - label_w - value_w
    parts = [_open(title, description, height)]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y0 = TOP + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y0 + 18}" text-anchor="end">{escape(label)}</text>')
        if value is not None:
            w = bar_w * value / top
            parts.append(f'<rect x="{label_w}" y="{y0 + 4}" width="{w:.1f}" height="{row_h - 8}" fill="#1d70b8"/>')
            parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y0 + 18}">{_num(value)}</text>')
        else:
            parts.append(f'<text x="{label_w + 6}" y="{y0 + 18}">not shown</text>')
    parts.append("</svg>")
    return "".join(parts)


def _open(title: str, description: str, height: int = HEIGHT) -> str:
    ident = "chart-" + "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:40]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="app-chart" font-size="14" '
        f'font-family="Arial, sans-serif"><title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )


def _segments(
    values: tuple[float | None, ...], x: Callable[[int], float], y: Callable[[float], float]
) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known values: a missing value leaves a gap in the line."""
    segments: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            segments.append([])
        else:
            segments[-1].append((x(i), y(v)))
    return [s for s in segments if len(s) > 1]


def _marker(shape: str, px: float, py: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{px - 4.5:.1f}" y="{py - 4.5:.1f}" width="9" height="9" fill="{colour}"/>'
    if shape == "triangle":
        corners = [(px, py - 6), (px - 6, py + 5), (px + 6, py + 5)]
    else:  # diamond
        corners = [(px, py - 6), (px + 6, py), (px, py + 6), (px - 6, py)]
    points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
    return f'<polygon points="{points}" fill="{colour}"/>'


def _nice_range(low: float, high: float) -> tuple[float, float]:
    """Axis from 0 (or below, for negative values) to a round number above the highest value."""
    low = min(0.0, low)
    if high <= low:
        high = low + 1
    step = _step(high - low)
    return (step * (low // step), step * -(-high // step))


def _step(span: float) -> float:
    magnitude = 10 ** (len(str(int(span))) - 1) if span >= 1 else 0.1
    for factor in (1, 2, 5, 10):
        if span / (magnitude * factor) <= 6:
            return float(magnitude * factor)
    return float(magnitude * 10)


def _ticks(low: float, high: float) -> list[float]:
    step = _step(high - low)
    count = int(round((high - low) / step))
    return [low + step * i for i in range(count + 1)]


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
