"""The same Issue list renders as CLI text, JSON and a GOV.UK error summary and table."""

from __future__ import annotations

from django import forms
from django.template import Context, Template

from csc_workforce.domain.issues import Issue, Location, Severity

ISSUES = [
    Issue(
        "CSWW-WKR-003", Severity.ERROR, "FTE must be between 0 and 1; this worker has 1.5", Location(12, "Worker/FTE")
    ),
    Issue("CSWW-HDR-001", Severity.WARNING, "The return has no header date", Location()),
]


def _render(text: str, **context: object) -> str:
    return Template("{% load govuk %}" + text).render(Context(context))


def test_the_error_summary_lists_each_issue_with_its_code_line_and_message():
    html = _render("{% error_summary issues=issues %}", issues=ISSUES)
    assert 'class="govuk-error-summary"' in html and "There is a problem" in html
    assert (
        "<strong>CSWW-WKR-003</strong> (line 12, Worker/FTE): FTE must be between 0 and 1; this worker has 1.5" in html
    )
    assert "<strong>CSWW-HDR-001</strong>: The return has no header date" in html


def test_spreadsheet_issues_say_row_and_column():
    issue = Issue("IMP-ROW-002", Severity.ERROR, "Date not understood", Location(7, "staff.csv!Date of birth"))
    html = _render("{% error_summary issues=issues %}", issues=[issue])
    assert "<strong>IMP-ROW-002</strong> (row 7, column Date of birth (staff.csv)): Date not understood" in html


def test_no_issues_and_no_errors_render_nothing():
    assert _render("{% error_summary issues=issues %}", issues=[]).strip() == ""


def test_the_issues_table_shows_rule_severity_where_and_problem():
    html = _render("{% issues_table issues %}", issues=ISSUES)
    assert "line 12, Worker/FTE" in html and "govuk-tag--red" in html and "whole file" in html


class _Form(forms.Form):
    year = forms.IntegerField(error_messages={"required": "Enter a year"})


def test_form_errors_link_to_their_field_and_the_field_shows_its_message():
    form = _Form({})
    form.is_valid()
    summary = _render("{% error_summary form=form %}", form=form)
    assert '<a href="#id_year">Enter a year</a>' in summary
    field = _render("{% govuk_field form.year %}", form=form)
    assert "govuk-form-group--error" in field and 'id="id_year-error"' in field
    assert 'aria-describedby="id_year-error"' in field


def test_the_issue_summary_matches_the_cli_text_and_json():
    html = _render("{% error_summary issues=issues %}", issues=ISSUES)
    for issue in ISSUES:
        data = issue.as_dict()
        assert data["code"] in issue.as_text() and data["code"] in html
        assert str(data["message"]) in html
