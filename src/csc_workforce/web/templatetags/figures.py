"""Filters for tables of figures: look a value up by key and format it as the CLI does."""

from __future__ import annotations

from typing import Any

from django import template

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
