"""The scrolling region every table and chart sits in (``{% scrolls %}``, templatetags/figures.py): named after
the table's caption or the chart's title, focusable; and no template draws a table or a chart outside one (the
browser test, tests/browser/test_reflow.py, checks the pages at 320 px)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

import csc_workforce.web

TEMPLATES = Path(csc_workforce.web.__file__).parent / "templates"


def _render(source: str, **context: object) -> str:
    return Template("{% load figures %}" + source).render(Context(context))


def test_a_table_s_region_is_named_after_its_caption() -> None:
    html = _render(
        '{% scrolls %}<table><caption class="x">Sickness &amp; absence <span>by cause</span></caption>'
        "</table>{% endscrolls %}"
    )
    assert html.startswith(
        '<div class="app-scroll" role="region" aria-label="Sickness &amp; absence by cause" tabindex="0"><table>'
    )
    assert html.endswith("</table></div>")


def test_a_chart_s_region_is_named_after_its_title_and_a_label_can_be_given() -> None:
    svg = '<svg role="img"><title id="c-title">Turnover "FTE" &lt; 20%</title><text>2024</text></svg>'
    html = _render("{% scrolls %}{{ svg|safe }}{% endscrolls %}", svg=svg)
    assert 'aria-label="Chart: Turnover &quot;FTE&quot; &lt; 20%"' in html and svg in html
    assert 'aria-label="Given &lt;b&gt;"' in _render("{% scrolls label %}<p>x</p>{% endscrolls %}", label="Given <b>")


def test_a_region_with_nothing_to_name_it_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError):
        _render("{% scrolls %}<table><tr><td>1</td></tr></table>{% endscrolls %}")
    with pytest.raises(TemplateSyntaxError):
        Template("{% load figures %}{% scrolls a b %}{% endscrolls %}")


def test_every_table_and_chart_in_the_templates_is_in_a_scrolling_region() -> None:
    unwrapped = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        tables = len(re.findall(r"<table\b", source))
        charts = len(re.findall(r"\{\{ *(?:chart|svg)\|safe *\}\}", source))
        regions = len(re.findall(r"\{% scrolls\b", source))
        if tables + charts != regions or regions != source.count("{% endscrolls %}"):
            unwrapped.append(f"{path.relative_to(TEMPLATES)}: {tables} tables, {charts} charts, {regions} regions")
    assert not unwrapped, "\n".join(unwrapped)
