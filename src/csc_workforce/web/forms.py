"""Forms: they parse and check input; the error messages follow the GOV.UK style (say what to do)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from csc_workforce.domain.bases import BASIS_LABELS
from csc_workforce.domain.codes import OrgRole
from csc_workforce.importers import DATED_KINDS
from csc_workforce.store.services.uploads import MAX_UPLOAD_BYTES, complete_from_refusal, upload_size_refusal


class SignInForm(forms.Form):
    username = forms.CharField(
        max_length=150, strip=True, error_messages={"required": "Enter your username"}, widget=forms.TextInput()
    )
    password = forms.CharField(
        strip=False, error_messages={"required": "Enter your password"}, widget=forms.PasswordInput()
    )
    username.widget.attrs.update({"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"})
    password.widget.attrs.update({"autocomplete": "current-password"})


class CodeForm(forms.Form):
    """The 6-digit code of an authenticator app (spaces allowed, as apps show them in groups)."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now, for example 123456",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not code.isdigit():
            raise forms.ValidationError("The code must be digits only, for example 123456")
        if len(code) != 6:
            raise forms.ValidationError("The code must be 6 digits")
        return code


class AsAtForm(forms.Form):
    """A page's "as at" date (YYYY-MM-DD): only figures dated on or before it; empty for today."""

    as_at = forms.DateField(
        required=False,
        label="As at (YYYY-MM-DD)",
        help_text="Only figures dated on or before this day are used, for example 2024-01-01. Leave it empty "
        "for today.",
        input_formats=["%Y-%m-%d"],
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2024-01-01"},
    )


class AuditFilterForm(forms.Form):
    username = forms.CharField(required=False, max_length=150, label="User")
    action = forms.ChoiceField(required=False, choices=[("", "Any action")], label="Action")
    date_from = forms.DateField(
        required=False,
        label="From (YYYY-MM-DD)",
        error_messages={"invalid": "Enter the 'from' date as YYYY-MM-DD, for example 2025-03-31"},
        input_formats=["%Y-%m-%d"],
    )
    date_to = forms.DateField(
        required=False,
        label="To (YYYY-MM-DD)",
        error_messages={"invalid": "Enter the 'to' date as YYYY-MM-DD, for example 2025-03-31"},
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args: object, actions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["action"].choices = [("", "Any action"), *[(a, a) for a in actions]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data


class MeasuresForm(forms.Form):
    year = forms.IntegerField(
        min_value=2000,
        max_value=2100,
        label="Census year",
        help_text="The year to 30 September, for example 2025",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter a census year, for example 2025",
            "invalid": "Enter the census year as a number, for example 2025",
            "min_value": "Enter a census year from 2000 onwards",
            "max_value": "Enter a census year before 2100",
        },
    )
    la = forms.ChoiceField(required=False, label="Council", choices=[("", "Every council you can see")])
    basis = forms.ChoiceField(
        required=False,
        label="Basis",
        choices=list(BASIS_LABELS.items()),
        help_text="As returned: each council's census return for the year alone, as DfE publishes it. From "
        "records: the timeline of every return and upload held. A council with no return for the year is shown "
        "from its records either way.",
    )

    def __init__(self, *args: object, councils: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["la"].choices = [("", "Every council you can see"), *councils]  # type: ignore[attr-defined]


UPLOAD_KINDS = [
    ("census", "CSWW census return (XML)"),
    ("people", "People (HR extract: CSV or Excel)"),
    ("engagements", "Engagements: starters, leavers, contracts, agency placements"),
    ("assignments", "Assignments: teams, roles, FTE"),
    ("absences", "Absences"),
    ("caseloads", "Caseloads (case-management extract)"),
    ("posts", "Posts: funded establishment"),
    ("teams", "Teams"),
    # the practice and development kinds, as importers/kinds.py describes them
    *((kind.value, spec.description) for kind, spec in DATED_KINDS.items()),
]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=UPLOAD_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds"},
    )
    la = forms.ChoiceField(
        required=False,
        label="Council",
        help_text="Which council the extract is for. A census return says this itself.",
    )
    system = forms.CharField(
        required=False,
        max_length=100,
        label="Source system (optional)",
        help_text="The name a saved column mapping was given, for example iTrent. Leave blank for the usual headers.",
    )
    extract_date = forms.DateField(
        required=False,
        label="Date the extract was taken (optional)",
        help_text="The data is taken to be complete to this date: figures after it are not given. For example "
        "2026-03-31. Leave blank if the extract was taken today. A census return is complete to its 30 September.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": "Enter the date as year-month-day, for example 2026-03-31"},
    )
    complete_from = forms.DateField(
        required=False,
        label="Date the data is complete from (optional)",
        help_text="For supervision, reviews, training, programmes, placements and placement income only: the first "
        "day the extract holds every record from, for example 2025-04-01. Figures for periods beginning before it "
        "are not given. Leave blank to take the earliest date in the file.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the date the data is complete from as year-month-day, for example 2025-04-01"
        },
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="XML for a census return; CSV (UTF-8) or Excel (.xlsx) for an extract. "
        f"At most {MAX_UPLOAD_BYTES // 1048576} MB.",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The selected file is empty: choose the file again, or export it again from your system",
        },
    )

    def __init__(self, *args: object, councils: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["la"].choices = [("", "Choose a council"), *councils]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        """Refuse a file over the limit from its size alone: it is not read into memory."""
        file = self.cleaned_data["file"]
        refusal = upload_size_refusal(kind=self.cleaned_data.get("kind") or "", size=file.size)
        if refusal:
            raise forms.ValidationError(refusal)
        return file

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != "census" and not data.get("la"):
            self.add_error("la", "Choose the council this extract is for")
        stated = data.get("extract_date")
        if stated and stated > timezone.localdate():
            self.add_error("extract_date", "The date the extract was taken cannot be in the future")
        if data.get("kind") and "extract_date" in data:  # a date not understood has its own error
            refusal = complete_from_refusal(
                kind=data["kind"],
                complete_from=data.get("complete_from"),
                extract_date=stated,
                today=timezone.localdate(),
            )
            if refusal:
                self.add_error("complete_from", refusal)
        return data


class MappingForm(forms.Form):
    la = forms.ChoiceField(label="Council")
    system = forms.CharField(max_length=100, label="Source system", help_text="For example iTrent or Mosaic")
    kind = forms.ChoiceField(label="What the files hold", choices=UPLOAD_KINDS[1:])
    mapping = forms.CharField(
        label="Column mapping (JSON)",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text="Start from the usual mapping shown below and change the header names to your system's.",
    )

    def __init__(self, *args: object, councils: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["la"].choices = councils  # type: ignore[attr-defined]


class _Amount(forms.CharField):
    """A number typed in a text box (GOV.UK asks for text inputs with a numeric keyboard, not number inputs):
    commas, a pound sign and a per cent sign are allowed; ``noun`` names it in the messages."""

    def __init__(self, *, noun: str, example: str, width: str = "govuk-input--width-5", **kwargs: Any) -> None:
        self.noun, self.example = noun, example
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))
        kwargs.setdefault("error_messages", {"required": f"Enter {noun}"})
        super().__init__(**kwargs)
        self.govuk_classes = width

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        text = str(super().to_python(value)).replace(",", "").replace("£", "").replace("%", "").strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise forms.ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must be a number, like {self.example}"
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise forms.ValidationError(f"{self.noun[0].upper()}{self.noun[1:]} must be a number, like {self.example}")
        return number


class TurnoverAssumptionsForm(forms.Form):
    """The cost-of-turnover model's assumptions (``measures.turnover_cost.TurnoverAssumptions``); the ranges are
    the model's own (``TurnoverAssumptions.problems``), checked by the view."""

    on_costs_pct = _Amount(
        noun="the employer's on-costs",
        example="30",
        label="Employer's on-costs, per cent of salary",
        help_text="National insurance and pension on top of base salary, for example 30",
    )
    weekly_hours = _Amount(noun="the hours of a full-time week", example="37", label="Hours in a full-time week")
    onboarding_weeks = _Amount(
        noun="the weeks of on-boarding",
        example="12",
        label="Weeks a new starter takes to reach full productivity",
    )
    onboarding_productivity_pct = _Amount(
        noun="the productivity while on-boarding",
        example="50",
        label="A new starter's average productivity over those weeks, per cent",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in OrgRole:
            self.fields[f"salary_{role.value}"] = _Amount(
                noun=f"the salary of a {role.label.lower()}",
                example="42000",
                width="govuk-input--width-10",
                required=False,
                label=f"Salary, {role.label.lower()} (£ a year)",
                help_text="Leave empty to use the median of the census pay records",
            )


class ReportForm(forms.Form):
    """Which report to build: its kind, census year or date, strategy, and whether to withhold small numbers.
    The choices are the caller's (the kinds, the council's census years, the strategies)."""

    kind = forms.ChoiceField(label="Report", widget=forms.RadioSelect, error_messages={"required": "Choose a report"})
    year = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Census year (for a report on a census year)",
        help_text="The year to 30 September; the latest held if you choose none",
        error_messages={"invalid_choice": "Choose a census year the council holds"},
    )
    as_at = AsAtForm.base_fields["as_at"]
    strategy = forms.ChoiceField(
        required=False,
        label="Strategy (for a strategy's report)",
        error_messages={"invalid_choice": "Choose a strategy from the list"},
    )
    withhold = forms.BooleanField(
        required=False,
        label="Withhold small numbers (for publication or a public meeting)",
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        years: list[int],
        strategies: list[tuple[str, str]],
        needs_strategy: frozenset[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.needs_strategy = needs_strategy
        cast_choice(self.fields["kind"]).choices = kinds
        cast_choice(self.fields["year"]).choices = [("", "Latest held"), *((y, str(y)) for y in reversed(years))]
        cast_choice(self.fields["strategy"]).choices = [("", "Choose a strategy"), *strategies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in self.needs_strategy and not data.get("strategy"):
            self.add_error("strategy", "Choose the strategy the report is on")
        return data


def cast_choice(field: forms.Field) -> forms.ChoiceField:
    assert isinstance(field, forms.ChoiceField)
    return field


class ReportTemplateForm(forms.Form):
    """The council's Word template for its reports; what is inside it is checked by
    ``store.services.report_settings.save_template``."""

    file = forms.FileField(
        label="Upload the council's Word template",
        help_text="A .docx or .dotx saved from Word, at most 10 MB. Its styles, headers, footers and logo are "
        "kept; its body is replaced by the report.",
        error_messages={
            "required": "Choose the Word template to upload",
            "empty": "The selected file is empty: choose the template again, or save it again from Word",
        },
    )

    def clean_file(self) -> Any:
        """Refuse a file over the limit from its size alone."""
        from csc_workforce.reports.render import TEMPLATE_MAX_BYTES

        file = self.cleaned_data["file"]
        if file.size > TEMPLATE_MAX_BYTES:
            raise forms.ValidationError(
                f"The template must be smaller than {TEMPLATE_MAX_BYTES // 1048576} MB: save it without large images"
            )
        return file


class ReportPurposeForm(forms.Form):
    """A report kind's purpose paragraphs for the council (blank: the kind's own)."""

    text = forms.CharField(
        required=False,
        strip=False,
        label="Purpose of the report",
        help_text="Paragraphs apart by a blank line. {council} is filled in with the council's name, {as_at} with "
        "the report's date and {year} with its census year. Leave it empty for the wording the report comes with.",
        widget=forms.Textarea(attrs={"rows": 7}),
    )


class AllianceKeyForm(forms.Form):
    """A key file to register to an alliance: read in memory for its public id, never stored or logged."""

    key_file = forms.FileField(
        label="The alliance's key file",
        help_text="The file of 64 or more hex digits made with csc-workforce regional key new. Only its public id "
        "is kept; give the file itself to the members' administrators securely.",
        error_messages={"required": "Choose the alliance's key file"},
    )


class RegionalExtractForm(forms.Form):
    """The alliance's key file (read in memory for this one extract: never stored or logged) and the day the
    extract describes."""

    key_file = forms.FileField(
        label="The alliance's key file",
        help_text="The file of 64 or more hex digits the alliance gave you. It is used for this extract and not kept.",
        error_messages={"required": "Choose the alliance's key file"},
    )
    as_at = forms.DateField(
        required=False,
        label="As at (YYYY-MM-DD)",
        help_text="The day the extract describes, for example 2025-09-30. Leave it empty for today.",
        input_formats=["%Y-%m-%d"],
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2025-09-30"},
    )


class AllianceForm(forms.Form):
    """An alliance's members and agreement, as a regional administrator sets them (``store.services.alliances``
    checks them: a mistake is named and nothing changes)."""

    name = forms.CharField(
        max_length=120,
        label="Alliance name",
        help_text="Saving under a name already held replaces its members and agreement (its keys are kept)",
        error_messages={"required": "Enter the alliance's name", "max_length": "Keep the name to 120 characters"},
    )
    members = forms.CharField(
        label="Member councils",
        help_text="Their DfE codes, separated by commas, for example 303, 304, 305",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"required": "Enter the member councils' DfE codes"},
    )
    cooling_off_months = forms.IntegerField(
        min_value=0,
        max_value=36,
        initial=6,
        label="Cooling-off (months)",
        help_text="How long a permanent leaver must wait before returning through an agency in the region",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the cooling-off period in months, for example 6",
            "invalid": "Enter the cooling-off period as a whole number of months, for example 6",
            "min_value": "The cooling-off period is 0 months or more",
            "max_value": "The cooling-off period is at most 36 months",
        },
    )
    caps = forms.CharField(
        required=False,
        label="Price caps on agency charge rates",
        help_text="One a line: the DfE role code, =, the cap in pounds an hour, for example 5=42.50",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )
    references = forms.BooleanField(required=False, initial=True, label="Members ask each other for references")
