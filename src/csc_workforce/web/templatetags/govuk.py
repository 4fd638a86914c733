"""GOV.UK Design System patterns as Django template tags: an error summary that shows form errors and our
:class:`~csc_workforce.domain.issues.Issue` lists alike, form fields with their error messages, and a table of
issues. The same Issue list renders as CLI text, JSON and here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS

from csc_workforce.domain.issues import Issue

register = template.Library()


def issue_items(issues: Sequence[Issue]) -> list[dict[str, Any]]:
    """Error summary items for issues: code, line, where and message (no link: the issue table follows)."""
    return [
        {
            "code": i.code,
            "severity": str(i.severity),
            "line": i.location.line,
            "where": i.location.describe(),
            "text": i.message,
            "href": "",
        }
        for i in issues
    ]


def form_items(form: forms.Form) -> list[dict[str, Any]]:
    items = [{"text": str(e), "href": ""} for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        field = form[name]
        items.extend({"text": str(e), "href": f"#{field.auto_id}"} for e in errors)
    return items


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(
    form: forms.Form | None = None,
    issues: Sequence[Issue] = (),
    title: str = "There is a problem",
    report_url: str = "",
    limit: int = 0,
) -> dict[str, Any]:
    """The GOV.UK error summary for a form's errors and/or issues. With ``limit``, only the first ``limit``
    issues are listed and the summary says how many more there are (a file can have hundreds: the full list
    belongs in the table and the report, not in an alert read out whole). ``report_url`` adds a link to the
    downloadable issue report."""
    shown = issues[:limit] if limit else issues
    items = (form_items(form) if form is not None and form.is_bound else []) + issue_items(shown)
    return {"items": items, "title": title, "report_url": report_url, "more": len(issues) - len(shown)}


@register.inclusion_tag("govuk/field.html")
def govuk_field(field: forms.BoundField, classes: str = "") -> dict[str, Any]:
    """A form group: label, hint, error message and the input, select or password box, GOV.UK classes."""
    widget = field.field.widget
    kind = (
        "select" if isinstance(widget, forms.Select) else "textarea" if isinstance(widget, forms.Textarea) else "input"
    )
    css = {"select": "govuk-select", "textarea": "govuk-textarea", "input": "govuk-input"}[kind]
    if field.errors:
        css += f" {css}--error"
    attrs: dict[str, str | bool] = {"class": f"{css} {classes}".strip()}
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return {"field": field, "widget_html": field.as_widget(attrs=attrs)}


@register.inclusion_tag("govuk/field_error.html")
def field_error(field: forms.BoundField) -> dict[str, Any]:
    return {"field": field}


@register.inclusion_tag("govuk/issues_table.html")
def issues_table(issues: Sequence[Issue], caption: str = "Problems found") -> dict[str, Any]:
    return {"items": issue_items(issues), "caption": caption}


def _described(field: forms.BoundField) -> str:
    ids = [f"{field.auto_id}-hint"] if field.help_text else []
    return " ".join([*ids, *([f"{field.auto_id}-error"] if field.errors else [])])


@register.inclusion_tag("govuk/date_input.html")
def govuk_date(field: forms.BoundField) -> dict[str, Any]:
    """The GOV.UK date input: a fieldset of day, month and year boxes. The day box has the field's id, so that
    the error summary's link (``#<id>``) moves to it."""
    from csc_workforce.web.development_forms import date_parts

    day, month, year = date_parts(field.value())
    boxes = [
        {"part": "day", "label": "Day", "id": field.auto_id, "value": day, "width": 2},
        {"part": "month", "label": "Month", "id": f"{field.auto_id}-month", "value": month, "width": 2},
        {"part": "year", "label": "Year", "id": f"{field.auto_id}-year", "value": year, "width": 4},
    ]
    return {"field": field, "boxes": boxes, "described": _described(field)}


@register.inclusion_tag("govuk/radios.html")
def govuk_radios(field: forms.BoundField) -> dict[str, Any]:
    """GOV.UK radios in a fieldset: the first radio has the field's id (the error summary links to it); two or
    three short answers sit inline."""
    value = field.value()  # None: nothing chosen (a "Not known" answer is "")
    choices = list(field.field.choices)  # type: ignore[attr-defined]
    items = [
        {
            "id": field.auto_id if n == 0 else f"{field.auto_id}-{n + 1}",
            "value": str(code),
            "label": label,
            "checked": value is not None and str(code) == str(value),
        }
        for n, (code, label) in enumerate(choices)
    ]
    inline = len(items) <= 3 and all(len(str(i["label"])) <= 14 for i in items)
    return {"field": field, "items": items, "inline": inline, "described": _described(field)}


@register.inclusion_tag("govuk/checkboxes.html")
def govuk_checkboxes(field: forms.BoundField) -> dict[str, Any]:
    """GOV.UK checkboxes in a fieldset (a multiple choice): the first has the field's id (the error summary links
    to it)."""
    chosen = {str(v) for v in (field.value() or [])}
    choices = list(field.field.choices)  # type: ignore[attr-defined]
    items = [
        {
            "id": field.auto_id if n == 0 else f"{field.auto_id}-{n + 1}",
            "value": str(code),
            "label": label,
            "checked": str(code) in chosen,
        }
        for n, (code, label) in enumerate(choices)
    ]
    return {"field": field, "items": items, "described": _described(field)}


@register.simple_tag
def govuk_form_field(field: forms.BoundField, classes: str = "") -> str:
    """Any field of a form in its GOV.UK pattern: a date input, radios, or a text input or select."""
    from django.template.loader import render_to_string

    from csc_workforce.web.development_forms import DateParts

    widget = field.field.widget
    if isinstance(widget, DateParts):
        return render_to_string("govuk/date_input.html", govuk_date(field))
    if isinstance(widget, forms.CheckboxSelectMultiple):  # before radios: Django's checkboxes are a RadioSelect
        return render_to_string("govuk/checkboxes.html", govuk_checkboxes(field))
    if isinstance(widget, forms.RadioSelect):
        return render_to_string("govuk/radios.html", govuk_radios(field))
    classes = classes or getattr(field.field, "govuk_classes", "")  # a width the form gives the field
    return render_to_string("govuk/field.html", govuk_field(field, classes))
