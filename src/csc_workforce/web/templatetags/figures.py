"""Filters for tables of figures: look a value up by key and format it as the CLI does; and the scrolling
region that holds every table and chart a screen may be too narrow for (``{% scrolls %}``)."""

from __future__ import annotations

import html
import re
from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString

from csc_workforce.domain.bases import BASIS_LABELS, MIXED, MIXED_LABEL

register = template.Library()


@register.filter
def get(row: dict[str, Any], key: str) -> Any:
    return row.get(key)


@register.filter
def figure(value: Any) -> str:
    """1 decimal place for fractional figures, thousands separators, an en dash for unknown."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@register.filter
def table_rows(table: Any) -> list[list[dict[str, Any]]]:
    """A reports.tables.Table's rows as cells with display text and alignment."""
    return [
        [
            {"text": text, "numeric": column.numeric}
            for text, column in zip(table.formatted(row), table.columns, strict=True)
        ]
        for row in table.rows
    ]


@register.filter
def section(board: Any, key: str) -> Any:
    """A dashboard section by key."""
    return board.section(key)


@register.filter
def has_section(board: Any, key: str) -> bool:
    """Whether the dashboard has the section (some are shown only for councils holding their records)."""
    return any(s.key == key for s in board.sections)


@register.filter
def split(text: str) -> list[str]:
    return text.split()


LABELS = {**BASIS_LABELS, MIXED: MIXED_LABEL}


@register.filter
def basis_label(value: str | None) -> str:
    """The basis of a row of measures in words: "As returned", "From records"."""
    return LABELS.get(value or "", "")


_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL)
_SVG_TITLE = re.compile(r"<svg\b.*?<title\b[^>]*>(.*?)</title>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@register.tag
def scrolls(parser: Parser, token: Token) -> ScrollsNode:
    """``{% scrolls %}<table>...</table>{% endscrolls %}``: what it holds in a region of its own that scrolls
    sideways when the screen is narrower than it (WCAG 1.4.10: the page itself never does), reached by Tab so
    that a keyboard scrolls it (the arrow keys), with a visible focus (app.css, ``.app-scroll``). The region is
    named after the table's caption, or after the chart's title ("Chart: ..."), or ``{% scrolls label %}``."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("{% scrolls %} takes at most one argument: the region's name")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endscrolls",))
    parser.delete_first_token()
    return ScrollsNode(nodelist, label)


class ScrollsNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> SafeString:
        content = self.nodelist.render(context)
        label = str(self.label.resolve(context)) if self.label is not None else _name_of(content)
        if not label.strip():
            raise template.TemplateSyntaxError("{% scrolls %} holds no table caption or chart title to name it")
        return format_html(
            '<div class="app-scroll" role="region" aria-label="{}" tabindex="0">{}</div>', label.strip(), content
        )


def _name_of(content: str) -> str:
    """The text of the first table caption in ``content``, else "Chart: " and its first chart's title."""
    if found := _CAPTION.search(content):
        return _text(found.group(1))
    if found := _SVG_TITLE.search(content):
        return f"Chart: {_text(found.group(1))}"
    return ""


def _text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", markup)).split())
