"""Accessible SVG charts, drawn on the server by matplotlib (no JavaScript; docs/decisions/0009).

Every chart is an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``, its series told apart by line
style and marker shape as well as colour (WCAG 1.4.1), in GOV.UK colours with at least 3:1 contrast on white
(WCAG 1.4.11), its words in ``<text>`` (not paths). Pages and documents put the chart's data table after it; the
chart is never the only way to read the figures. The same SVG goes on the web pages, into the HTML and PDF
reports as it is and into Word as a PNG (``reports.render.chart_png``).

What the layout guarantees, whatever the labels: no label is cut or truncated (long ones are wrapped at word
boundaries, and the margins are measured from the wrapped text); the labels at the ends of the lines, and those
of target lines, are spread apart so that none overlaps another; counts are labelled as whole numbers. Bars
always start at 0; a line chart's axis spans the figures and targets (with 0 or 100% only where they are near),
so that a change from 83% to 85% against an 80% target shows. A line chart of fewer than three points is drawn
as bars, one labelled bar per figure: two points joined by a line suggest a trend the data cannot show.

The SVG is post-processed for the app's Content-Security-Policy (``style-src 'self'``, no inline styles):
matplotlib's ``style`` attributes and ``<style>`` element become presentation attributes, and none is left.
The output is deterministic (no dates, no random ids: every id is the chart's own, made from its content), so
the same figures give the same bytes, and charts are cached.
"""

from __future__ import annotations

import hashlib
import math
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

# GOV.UK palette colours with at least 3:1 contrast on white, each with its own dash pattern and marker
_STYLES: tuple[tuple[str, str, str], ...] = (
    ("#1d70b8", "", "o"),  # blue, solid, circles
    ("#0b0c0c", "6 4", "s"),  # black, dashed, squares
    ("#00703c", "2 3", "^"),  # green, dotted, triangles
    ("#4c2c92", "10 3 2 3", "D"),  # purple, dash-dot, diamonds
    ("#d4351c", "14 5", "v"),  # red, long dashes, triangles pointing down
    ("#d53880", "2 2 8 2", "P"),  # pink, dot-dash, filled crosses
)
BAR_COLOUR = "#1d70b8"
TARGET_COLOUR = "#505a5f"  # GOV.UK dark grey: a target is drawn solid, thinner and without markers
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
WIDTH = 640  # SVG user units; the chart scales to its container's width
LINE_HEIGHT = 300  # a line chart's height, unless its labels need more
FONT_SIZE = 13
LINE_SPACING = 1.25 * FONT_SIZE
# Text is measured in DejaVu Sans (matplotlib's own font, the same on every machine) and shown in Arial where a
# browser has it: Arial, Liberation Sans and Helvetica are narrower, so what fits when measured fits when shown.
MEASURE_FONT = "DejaVu Sans"
FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif"
WRAP_CATEGORY, WRAP_LINE_LABEL, WRAP_X_LABEL = 28, 20, 12  # characters a line, at word boundaries only
FEWEST_LINE_POINTS = 3

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_LOCK = threading.Lock()  # matplotlib's settings are global: one chart is drawn at a time


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per x label; None leaves a gap


@dataclass(frozen=True, slots=True)
class Band:
    """A range drawn as a shaded area behind the lines (for example a forecast's 80% band), in the colour of the
    ``of``-th series, lighter."""

    lower: tuple[float | None, ...]
    upper: tuple[float | None, ...]
    of: int = 0


@dataclass(frozen=True, slots=True)
class Target:
    """A target drawn as a flat line across the chart, labelled with ``name`` (for example "Target 92%")."""

    name: str
    value: float


def line_chart(
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    targets: Sequence[Target] = (),
    bands: Sequence[Band] = (),
    marker_every: int = 1,
) -> str:
    """A line chart of ``series`` over ``x_labels`` (for example census years), each line labelled at its end,
    with ``targets`` as labelled flat lines and ``bands`` as shaded ranges behind the lines (say what they are
    in the description); a marker at every ``marker_every``-th point counted from the last (a long monthly
    series is cluttered with one at each); fewer than three x labels: a bar chart of the same figures (without
    the bands)."""
    values = [v for s in series for v in s.values if v is not None]
    if not values or not x_labels:
        return ""
    if len(x_labels) < FEWEST_LINE_POINTS:
        shown = [s for s in series if any(v is not None for v in s.values)]
        labels = [f"{s.name}, {x}" if len(shown) > 1 else str(x) for s in shown for x in x_labels]
        return bar_chart(
            title=title,
            description=description,
            labels=labels,
            values=[v for s in shown for v in s.values],
            unit=unit,
            targets=targets,
        )
    series = tuple(Series(s.name, tuple(s.values)) for s in series)  # hashable, for the cache
    bands = tuple(Band(tuple(b.lower), tuple(b.upper), b.of) for b in bands)
    return _line_svg(title, description, tuple(x_labels), series, unit, tuple(targets), bands, max(1, marker_every))


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str = "",
    targets: Sequence[Target] = (),
) -> str:
    """A horizontal bar chart from 0, one bar per label (wrapped, never cut), each labelled with its value."""
    if not labels or all(v is None for v in values):
        return ""
    return _bar_svg(title, description, tuple(labels), tuple(values), unit, tuple(targets))


# -- drawing -----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _line_svg(
    title: str,
    description: str,
    x_labels: tuple[str, ...],
    series: tuple[Series, ...],
    unit: str,
    targets: tuple[Target, ...],
    bands: tuple[Band, ...] = (),
    marker_every: int = 1,
) -> str:
    values = [v for s in series for v in s.values if v is not None]
    values += [v for b in bands for v in (*b.lower, *b.upper) if v is not None]
    low, high, ticks = _axis(values + [t.value for t in targets], unit)
    with _LOCK, _settings():
        measure = _Measure()
        tick_texts = [_tick_text(t, unit) for t in ticks]
        left = max(measure.width(t) for t in tick_texts) + 14
        x_lines = [_wrap(label, WRAP_X_LABEL) for label in x_labels]
        bottom = max(len(lines) for lines in x_lines) * LINE_SPACING + 14
        # the labels at the right: each line's at its last figure, each target's at its value
        ends: list[tuple[float, list[str], str]] = []  # (value, lines, colour)
        for n, s in enumerate(series):
            last = next((v for v in reversed(s.values) if v is not None), None)
            if last is not None:
                ends.append((last, _wrap(s.name, WRAP_LINE_LABEL), _STYLES[n % len(_STYLES)][0]))
        ends += [(t.value, _wrap(t.name, WRAP_LINE_LABEL), TARGET_COLOUR) for t in targets]
        right = max((measure.width(line) for _, lines, _ in ends for line in lines), default=0) + 18
        top = FONT_SIZE
        label_gap = 4
        needed = sum(len(lines) * LINE_SPACING for _, lines, _ in ends) + label_gap * len(ends)
        height = max(LINE_HEIGHT, math.ceil(top + needed + bottom + FONT_SIZE))
        # x labels: every one when they fit side by side, else every k-th from the last (the latest always)
        plot_w = WIDTH - left - right
        widths = [max(measure.width(line) for line in lines) for lines in x_lines]
        for _ in range(3):  # margins for the outer labels (centred on the axis's ends) narrow the plot: again
            step = _label_step(len(x_labels), plot_w, max(widths) + 12)
            shown = list(range(len(x_labels) - 1, -1, -step))
            left = max(left, widths[shown[-1]] / 2 + 4)
            right = max(right, widths[shown[0]] / 2 + 4)
            plot_w = WIDTH - left - right
        plot_h = height - top - bottom

        figure, axes = _figure(height, left, right, top, bottom)
        n = len(x_labels)
        xs = list(range(n))
        axes.set_xlim(0, n - 1)
        axes.set_ylim(low, high)
        axes.set_yticks(ticks, labels=tick_texts, fontsize=FONT_SIZE, color=TEXT_COLOUR)
        axes.tick_params(axis="y", length=0, pad=8)
        axes.set_xticks([i for i in shown], labels=[])
        axes.tick_params(axis="x", length=5, color=TEXT_COLOUR)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=1)
        axes.set_axisbelow(True)
        for t in targets:
            axes.axhline(t.value, color=TARGET_COLOUR, linewidth=2, zorder=1.5)
        for band in bands:
            axes.fill_between(
                xs,
                [math.nan if v is None else v for v in band.lower],
                [math.nan if v is None else v for v in band.upper],
                color=_STYLES[band.of % len(_STYLES)][0],
                alpha=0.18,
                linewidth=0,
                zorder=1.2,
            )
        marked = sorted(range(n - 1, -1, -marker_every))
        for k, s in enumerate(series):
            colour, dash, marker = _STYLES[k % len(_STYLES)]
            ys = [math.nan if v is None else v for v in s.values]
            axes.plot(
                xs,
                ys,
                color=colour,
                linewidth=3,
                linestyle=(0, tuple(float(d) for d in dash.split())) if dash else "solid",
                marker=marker,
                markersize=8 if marker != "D" else 7,
                markevery=marked,
                clip_on=False,
                zorder=2 + k / 10,
            )
        for i in shown:
            x = left + plot_w * i / (n - 1)
            for j, line in enumerate(x_lines[i]):
                _text(figure, x, height - bottom + 8 + LINE_SPACING * (j + 0.5), line, "center", TEXT_COLOUR)

        def at(value: float) -> float:  # from the top of the chart
            return top + plot_h * (1 - (value - low) / (high - low))

        for centre, (_, lines, colour) in _spread(
            [(at(v), len(lines) * LINE_SPACING, lines, colour) for v, lines, colour in ends],
            gap=label_gap,
            lowest=top / 2,
            highest=height - bottom,
        ):
            first = centre - len(lines) * LINE_SPACING / 2
            for j, line in enumerate(lines):
                _text(figure, WIDTH - right + 14, first + LINE_SPACING * (j + 0.5), line, "left", colour)
        extra = (bands, marker_every) if bands or marker_every != 1 else ()
        return _svg(figure, title, description, (x_labels, series, unit, targets, *extra))


@lru_cache(maxsize=512)
def _bar_svg(
    title: str,
    description: str,
    labels: tuple[str, ...],
    values: tuple[float | None, ...],
    unit: str,
    targets: tuple[Target, ...],
) -> str:
    known = [v for v in values if v is not None]
    with _LOCK, _settings():
        measure = _Measure()
        wrapped = [_wrap(label, WRAP_CATEGORY) for label in labels]
        whole = all(float(v).is_integer() for v in known)
        value_texts = ["not shown" if v is None else _number(v, whole) + unit for v in values]
        left = max(measure.width(line) for lines in wrapped for line in lines) + 18
        right = max(measure.width(t) for t in value_texts) + 14
        rows = [max(28.0, len(lines) * LINE_SPACING + 10) for lines in wrapped]
        top = 8 + LINE_SPACING * len(targets)
        height = math.ceil(top + sum(rows) + 8)
        plot_w = WIDTH - left - right
        low = min(0.0, *known, *(t.value for t in targets))
        high = max(0.0, *known, *(t.value for t in targets))
        if high == low:
            high = low + 1

        figure, axes = _figure(height, left, right, top, height - top - sum(rows))
        axes.set_xlim(low, high)
        edges = [sum(rows[:i]) for i in range(len(rows) + 1)]
        axes.set_ylim(edges[-1], 0)
        axes.set_xticks([])
        axes.set_yticks([])
        axes.spines["bottom"].set_visible(False)
        axes.spines["left"].set_visible(True)
        axes.spines["left"].set_color(TEXT_COLOUR)
        if low < 0:
            axes.axvline(0, color=TEXT_COLOUR, linewidth=1)

        def x_at(value: float) -> float:
            return left + plot_w * (value - low) / (high - low)

        for i, (lines, value, text) in enumerate(zip(wrapped, values, value_texts, strict=True)):
            middle = top + (edges[i] + edges[i + 1]) / 2
            first = middle - len(lines) * LINE_SPACING / 2
            for j, line in enumerate(lines):
                _text(figure, left - 10, first + LINE_SPACING * (j + 0.5), line, "right", TEXT_COLOUR)
            if value is None:
                _text(figure, x_at(0) + 6, middle, text, "left", TEXT_COLOUR)
                continue
            axes.barh(middle - top, value, height=min(20.0, rows[i] - 8), color=BAR_COLOUR, zorder=2)
            _text(figure, x_at(max(value, 0)) + 6, middle, text, "left", TEXT_COLOUR)
        for k, t in enumerate(targets):
            axes.axvline(t.value, color=TARGET_COLOUR, linewidth=2, zorder=3)
            label = t.name
            w = measure.width(label)
            start = min(max(x_at(t.value) - w / 2, 4), WIDTH - 4 - w)
            _text(figure, start, 4 + LINE_SPACING * (k + 0.5), label, "left", TARGET_COLOUR)
        return _svg(figure, title, description, (labels, values, unit, targets))


def _figure(height: float, left: float, right: float, top: float, bottom: float) -> tuple[Any, Any]:
    """A figure ``WIDTH`` by ``height`` units (1 unit = 1 pt: the figure at 72 dots an inch) with one plot area
    inside the given margins, drawn without a top, right or left border."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / 72, height / 72), dpi=72, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes(
        (left / WIDTH, bottom / height, (WIDTH - left - right) / WIDTH, (height - top - bottom) / height)
    )
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(TEXT_COLOUR)
    return figure, axes


def _text(figure: Any, x: float, y: float, text: str, align: str, colour: str) -> None:
    """One line of text at ``x`` across and ``y`` down from the chart's top left corner (its vertical centre)."""
    height = figure.get_figheight() * 72
    figure.text(
        x / WIDTH,
        1 - y / height,
        text,
        ha=align,
        va="center_baseline",
        fontsize=FONT_SIZE,
        color=colour,
        fontfamily=MEASURE_FONT,
    )


class _Measure:
    """The width of a line of text as the chart draws it (in SVG units)."""

    def __init__(self) -> None:
        from matplotlib.backends import backend_agg
        from matplotlib.font_manager import FontProperties

        renderer: Any = backend_agg.RendererAgg  # untyped in matplotlib's stubs
        self.renderer = renderer(10, 10, 72)
        self.font = FontProperties(family=MEASURE_FONT, size=FONT_SIZE)

    def width(self, text: str) -> float:
        w, _, _ = self.renderer.get_text_width_height_descent(text, self.font, ismath=False)
        return float(w)


def _settings() -> Any:
    import matplotlib

    return matplotlib.rc_context(
        {
            "svg.fonttype": "none",  # text as <text>, not paths
            "svg.hashsalt": "csc-workforce",  # no random ids (they are renamed after, in any case)
            "svg.id": None,
            "lines.scale_dashes": False,  # the dash patterns as given
            "font.family": MEASURE_FONT,
            "axes.unicode_minus": False,
            "path.simplify": False,
        }
    )


def _spread(
    labels: list[tuple[float, float, list[str], str]], gap: float, lowest: float, highest: float
) -> list[tuple[float, tuple[float, list[str], str]]]:
    """Labels (wanted centre from the top, height, lines, colour) moved apart vertically so that none overlaps
    another (at least ``gap`` between them), in the order of their wanted places, and kept between ``lowest``
    and ``highest`` (the chart is made tall enough for them all)."""
    placed: list[tuple[float, float, list[str], str]] = []  # (top, height, lines, colour)
    for centre, h, lines, colour in sorted(labels, key=lambda label: label[0]):
        start = max(centre - h / 2, lowest)
        if placed:
            start = max(start, placed[-1][0] + placed[-1][1] + gap)
        placed.append((start, h, lines, colour))
    overflow = (placed[-1][0] + placed[-1][1] - highest) if placed else 0
    if overflow > 0:  # pushed past the bottom: move them up, keeping their gaps, as far as the top allows
        moved: list[tuple[float, float, list[str], str]] = []
        limit = highest
        for start, h, lines, colour in reversed(placed):
            start = min(start, limit - h)
            moved.append((start, h, lines, colour))
            limit = start - gap
        placed = list(reversed(moved))
    return [(start + h / 2, (h, lines, colour)) for start, h, lines, colour in placed]


def _label_step(count: int, plot_w: float, widest: float) -> int:
    """Every how many x labels one is drawn so that none overlaps the next."""
    if count < 2:
        return 1
    spacing = plot_w / (count - 1)
    return max(1, math.ceil(widest / spacing))


def _axis(values: list[float], unit: str) -> tuple[float, float, list[float]]:
    """The value axis of a line chart: round numbers a little beyond the lowest and highest figure or target,
    so that the change shows; not below 0 for figures that are not, nor above 100 for percentages that are
    not. Whole-number ticks when every figure is a whole number (counts)."""
    from matplotlib.ticker import MaxNLocator

    low, high = min(values), max(values)
    span = high - low or max(abs(high) * 0.1, 1.0)
    pad = span * 0.15
    start, end = low - pad, high + pad
    if low >= 0:
        start = max(start, 0.0)
    if unit == "%" and high <= 100:
        end = min(end, 100.0)
    whole = unit != "%" and all(float(v).is_integer() for v in values)
    if whole:  # at least three whole numbers on the axis (else the ticks would be halves)
        start, end = math.floor(start), math.ceil(end)
        if end - start < 2:
            end = start + 2
    locator = MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=whole, min_n_ticks=3)
    ticks = [float(t) for t in locator.tick_values(start, end)]
    ticks = [t for t in ticks if not (low >= 0 > t)]
    ticks = [t for t in ticks if not (unit == "%" and high <= 100 < t)]
    # the axis ends at the ticks around the figures (a tick beyond them is dropped)
    while len(ticks) > 2 and ticks[1] < low:
        ticks.pop(0)
    while len(ticks) > 2 and ticks[-2] > high:
        ticks.pop()
    return ticks[0], ticks[-1], ticks


def _tick_text(value: float, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text) + unit


def _number(value: float, whole: bool) -> str:
    """A bar's figure: without decimals when every bar's is a whole number (counts: "81", not "81.0"), else to
    one decimal place, every bar alike ("13.0" beside "15.3")."""
    return f"{value:,.0f}" if whole else f"{value:,.1f}"


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words only (a longer word keeps its
    own line, whole): the chart's margins are measured from the lines, so nothing is cut."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


# -- the SVG, made safe for the Content-Security-Policy ------------------------------------------------------

_PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "opacity",
    "font-size",
    "font-family",
    "font-style",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
}


def _svg(figure: Any, title: str, description: str, data: object) -> str:
    import io

    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    digest = hashlib.sha256(repr((title, description, data)).encode()).hexdigest()[:8]
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:32].strip("-")
    return restyle(out.getvalue(), f"chart-{slug}-{digest}", title, description)


def restyle(svg: bytes, ident: str, title: str, description: str) -> str:
    """Matplotlib's SVG as the app serves it: no ``style`` attribute or ``<style>`` element (the
    Content-Security-Policy blocks them; each declaration becomes its presentation attribute), no metadata, every
    id the chart's own (``ident`` then a number) so that charts on one page never share one; labelled by a
    ``<title>`` and a ``<desc>``; scaled by its ``viewBox``."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    root = etree.fromstring(svg, parser=parser)
    ns = {"s": _SVG}
    for element in root.findall("s:metadata", ns):
        root.remove(element)
    inherited: dict[str, str] = {}
    for style in list(root.iter(f"{{{_SVG}}}style")):
        inherited.update(_declarations((style.text or "").strip().removeprefix("*{").removesuffix("}")))
        style.getparent().remove(style)
    href = f"{{{_XLINK}}}href"
    referenced: list[str] = []  # the ids used (a marker's path, a clip path), in the order of their use
    for element in root.iter(tag=etree.Element):
        for name, value in _take_style(element).items():
            element.set(name, value)
        element.attrib.pop("font-family", None)  # the chart's own, on the <svg>: measured as DejaVu Sans
        if element.get("transform", "").startswith(("rotate(-0 ", "rotate(0 ")):
            del element.attrib["transform"]
        for used in (element.get(href, "").removeprefix("#"), element.get("clip-path", "")[5:-1]):
            if used and used not in referenced:
                referenced.append(used)
    renames = {old: f"{ident}-{n}" for n, old in enumerate(referenced, 1)}
    for element in root.iter(tag=etree.Element):
        old = element.attrib.pop("id", None)
        if old in renames:
            element.set("id", renames[old])
        if element.get(href, "").startswith("#"):
            element.set(href, "#" + renames[element.get(href)[1:]])
        if element.get("clip-path", "").startswith("url(#"):
            element.set("clip-path", f"url(#{renames[element.get('clip-path')[5:-1]]})")
    for element in list(root.iter(f"{{{_SVG}}}defs")):
        if len(element) == 0:
            element.getparent().remove(element)
    for name in ("width", "height", "version"):
        root.attrib.pop(name, None)
    for name, value in inherited.items():
        root.set(name, value)
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title {ident}-desc")
    root.set("class", "app-chart")
    root.set("font-family", FONT_FAMILY)
    described = etree.Element(f"{{{_SVG}}}desc", id=f"{ident}-desc")
    described.text = description
    titled = etree.Element(f"{{{_SVG}}}title", id=f"{ident}-title")
    titled.text = title
    root.insert(0, described)
    root.insert(0, titled)
    for element in root.iter(tag=etree.Element):  # matplotlib's indentation and line breaks, not needed
        if element.tag not in _WORDED and element.tag != f"{{{_SVG}}}text" and element.text:
            element.text = element.text.strip() or None
        element.tail = None
    return str(etree.tostring(root, encoding="unicode"))


_WORDED = {f"{{{_SVG}}}title", f"{{{_SVG}}}desc"}


def _take_style(element: Any) -> dict[str, str]:
    """An element's ``style`` attribute, removed, as its declarations."""
    return _declarations(element.attrib.pop("style", ""))


def _declarations(style: str) -> dict[str, str]:
    """A ``style`` attribute's declarations, each a presentation attribute; anything else is refused (it would
    be lost without a word, or need the inline style the policy forbids)."""
    declared: dict[str, str] = {}
    for part in style.split(";"):
        if not part.strip():
            continue
        name, _, value = part.partition(":")
        name, value = name.strip(), value.strip()
        if name not in _PRESENTATION:
            raise ValueError(f"a chart's style {name!r} has no SVG presentation attribute")
        declared[name] = value
    return declared
