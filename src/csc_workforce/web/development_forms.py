"""Forms for recording practice and development in the app (views/development.py): GOV.UK date inputs (day,
month and year boxes) and radios, with messages that say what to do. The forms check the shape of what is typed;
the application layer (``store.services.development``) checks it against the records and names the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict

from csc_workforce.domain.codes import PlacementOutcome, ProgrammeOutcome, SupervisionKind
from csc_workforce.store.services.development import MOST_PROTECTED_CASELOAD, protected_time

PARTS = ("day", "month", "year")


class DateParts(forms.Widget):
    """Three boxes, ``<name>-day``, ``<name>-month`` and ``<name>-year`` (rendered by ``govuk/date_input.html``)."""

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, UploadedFile], name: str
    ) -> tuple[str, ...]:
        return tuple(str(data.get(f"{name}-{part}", "")).strip() for part in PARTS)

    def value_omitted_from_data(
        self, data: Mapping[str, Any], files: MultiValueDict[str, UploadedFile], name: str
    ) -> bool:
        return not any(f"{name}-{part}" in data for part in PARTS)


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK date input's messages. ``noun`` names the date in
    them ("the date of the session")."""

    widget = DateParts

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("help_text", "For example, 27 3 2025")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date) or value is None:
            return value
        day, month, year = (tuple(value) + ("", "", ""))[:3]
        named = self.noun[0].upper() + self.noun[1:]
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter {self.noun}")
            return None
        missing = [part for part, typed in zip(PARTS, (day, month, year), strict=True) if not typed]
        if missing:
            raise forms.ValidationError(f"{named} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{named} must be a real date, in numbers, for example 27 3 2025")
        if len(year) != 4:
            raise forms.ValidationError(f"{named} must have a year with 4 numbers, for example 2025")
        try:
            return date(int(year), int(month), int(day))
        except ValueError as bad:
            raise forms.ValidationError(f"{named} must be a real date") from bad

    def validate(self, value: Any) -> None:  # "required" is checked in to_python, with the field's own message
        return


def date_parts(value: Any) -> tuple[str, str, str]:
    """What to show in the three boxes: what was typed, or the parts of a date held."""
    if isinstance(value, date):
        return (str(value.day), str(value.month), str(value.year))
    if isinstance(value, tuple | list) and len(value) == 3:
        return (str(value[0]), str(value[1]), str(value[2]))
    return ("", "", "")


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def yes_no_value(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _radios(label: str, choices: list[tuple[str, str]], required: str | None, **kw: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required is not None,
        widget=forms.RadioSelect,
        error_messages={"required": required or "", "invalid_choice": required or "Select one of the answers"},
        **kw,
    )


def _text(label: str, max_length: int, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
        **kw,
    )


class SupervisionForm(forms.Form):
    on = GovukDateField(label="Date of the session", noun="the date of the session")
    kind = _radios(
        "Kind of supervision", [(k.value, k.label) for k in SupervisionKind], "Select the kind of supervision"
    )
    recorded_late = _radios(
        "Was it written up after the council's deadline for recording supervision?",
        YES_NO,
        "Select yes if it was written up after the deadline",
    )
    supervisor = _text(
        "Supervisor (optional)", 200, help_text="Their staff reference or name, as your council records it"
    )


class ReviewForm(forms.Form):
    cycle = forms.CharField(
        label="Review cycle",
        max_length=100,
        help_text="Your council's name for it, for example 2025-26 or 2025-26 mid-year. Recording a cycle already "
        "held for this worker updates that review.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"required": "Enter the cycle", "max_length": "The cycle must be 100 characters or fewer"},
    )
    due = GovukDateField(label="Date the review is due", noun="the date the review is due")
    completed = GovukDateField(
        label="Date it was completed (optional)",
        noun="the date the review was completed",
        required=False,
        help_text="Leave blank if it has not been held yet. For example, 27 3 2025",
    )
    rating = _text("Rating (optional)", 100, help_text="On your council's own scale, as recorded")
    successful = _radios(
        "Is the rating successful or higher on your council's scale?",
        [*YES_NO, ("", "Not rated yet")],
        None,
    )
    objectives_set = _radios("Were objectives set?", [*YES_NO, ("", "Not known")], None)


class ProgrammeForm(forms.Form):
    outcome = _radios("Outcome", [(o.value, o.label) for o in ProgrammeOutcome], "Select the outcome")
    midpoint_review = GovukDateField(
        label="Date of the mid-point review (optional)", noun="the date of the mid-point review", required=False
    )
    final_review = GovukDateField(
        label="Date of the final review (optional)", noun="the date of the final review", required=False
    )
    end = GovukDateField(
        label="Date the programme ended (optional)",
        noun="the date the programme ended",
        required=False,
        help_text="Leave blank while it is ongoing. For example, 27 3 2025",
    )
    protected_caseload = forms.IntegerField(
        label="Protected caseload (optional)",
        help_text="The most cases agreed for the worker during their ASYE",
        required=False,
        min_value=0,
        max_value=MOST_PROTECTED_CASELOAD,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the protected caseload as a whole number, for example 14",
            "min_value": f"The protected caseload must be between 0 and {MOST_PROTECTED_CASELOAD}",
            "max_value": f"The protected caseload must be between 0 and {MOST_PROTECTED_CASELOAD}",
        },
    )
    protected_time_pct = forms.CharField(
        label="Protected development time, per cent (optional)",
        help_text="The share of working time protected for development, for example 10",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )

    def clean_protected_time_pct(self) -> Any:
        try:
            return protected_time(self.cleaned_data.get("protected_time_pct"))
        except ValueError as bad:
            raise forms.ValidationError(str(bad)) from bad


WIDTHS = {
    "supervisor": "govuk-input--width-20",
    "cycle": "govuk-input--width-20",
    "rating": "govuk-input--width-20",
    "protected_caseload": "govuk-input--width-3",
    "protected_time_pct": "govuk-input--width-4",
}
for _form in (SupervisionForm, ReviewForm, ProgrammeForm):
    for _name, _field in _form.base_fields.items():
        if _name in WIDTHS:
            _field.govuk_classes = WIDTHS[_name]  # type: ignore[attr-defined]


class PlacementForm(forms.Form):
    outcome = _radios(
        "Outcome of the placement",
        [(o.value, o.label) for o in PlacementOutcome],
        "Select the outcome of the placement",
    )
    end = GovukDateField(
        label="Date the placement ended (optional)",
        noun="the date the placement ended",
        required=False,
        help_text="Leave blank while it is ongoing. For example, 27 3 2025",
    )
    eligible_for_nqsw = _radios("Eligible for an NQSW post?", [*YES_NO, ("", "Not known")], None)
    applied = _radios("Applied for an NQSW post?", [*YES_NO, ("", "Not known")], None)
    interviewed = _radios("Interviewed?", [*YES_NO, ("", "Not known")], None)
    offered = _radios("Offered a post?", [*YES_NO, ("", "Not known")], None)
    appointed = _radios("Appointed?", [*YES_NO, ("", "Not known")], None)
