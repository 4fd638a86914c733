"""The forecast page's forms: what to forecast (the as-at date, how far, which saved scenarios, a target) and
the scenario builder, whose answers become a scenario's levers (``forecasting.stock_flow.Scenario``), checked
by the scenario's own rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from csc_workforce.forecasting.stock_flow import Scenario
from csc_workforce.store.services.forecast import SHOWN, Target
from csc_workforce.web.forms import _Amount, cast_choice

MONTHS = (("12", "1 year"), ("24", "2 years"), ("36", "3 years"))
CALENDAR = [("", "Choose a month"), *((str(k), date(2000, k, 1).strftime("%B")) for k in range(1, 13))]
MONTH_HELP = "Write the month as YYYY-MM, for example 2026-09"


def _month(value: str, noun: str) -> str:
    """A month written YYYY-MM, or a ``ValidationError`` naming it."""
    text = value.strip()
    try:
        ok = len(text) == 7 and text[4] == "-" and 1 <= int(text[5:]) <= 12 and 1900 < int(text[:4]) < 2200
    except ValueError:
        ok = False
    if not ok:
        raise forms.ValidationError(f"Enter {noun} as YYYY-MM, for example 2026-09")
    return text


class ForecastForm(forms.Form):
    """What to forecast. Every field may be left empty: the latest month end the records are complete to, three
    years, every saved scenario, no target of one's own."""

    as_at = forms.DateField(
        required=False,
        label="Forecast from (YYYY-MM-DD)",
        help_text="The last day of a month the council's records are complete to, for example 2025-09-30. Leave it "
        "empty for the latest.",
        input_formats=["%Y-%m-%d"],
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2025-09-30"},
    )
    months = forms.ChoiceField(
        required=False, label="How far ahead", choices=MONTHS, widget=forms.RadioSelect, initial="36"
    )
    scenarios = forms.MultipleChoiceField(
        required=False,
        label="Saved scenarios to compare with the baseline",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose scenarios from the list"},
    )
    target_measure = forms.ChoiceField(required=False, label="Target: what")
    target_direction = forms.ChoiceField(
        required=False,
        label="Target: at least or at most",
        choices=(("at_least", "At least"), ("at_most", "At most")),
        widget=forms.RadioSelect,
    )
    target_value = _Amount(required=False, noun="the target's value", example="92", label="Target: value")
    target_deadline = forms.CharField(
        required=False,
        label="Target: by (YYYY-MM)",
        help_text="The month the target is to be met by, for example 2027-09",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def __init__(self, *args: Any, saved: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast_choice(self.fields["scenarios"]).choices = [(name, name) for name in saved]
        cast_choice(self.fields["target_measure"]).choices = [("", "No target of my own")] + [
            (s.key, s.label) for s in SHOWN
        ]

    def clean_target_deadline(self) -> str:
        text = str(self.cleaned_data.get("target_deadline") or "").strip()
        return _month(text, "the target's month") if text else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target_measure"):
            if data.get("target_value") is None and "target_value" not in self.errors:
                self.add_error("target_value", "Enter the target's value, for example 92")
            if not data.get("target_deadline") and "target_deadline" not in self.errors:
                self.add_error("target_deadline", "Enter the month the target is to be met by, for example 2027-09")
            if not data.get("target_direction"):
                self.add_error("target_direction", "Choose whether the target is at least or at most the value")
        return data

    def target(self) -> Target | None:
        """The user's target, once the form is valid (None: no target given)."""
        data = self.cleaned_data
        if not data.get("target_measure"):
            return None
        return Target.parse(
            f"{data['target_measure']}{'>=' if data['target_direction'] == 'at_least' else '<='}"
            f"{data['target_value']}@{data['target_deadline']}"
        )


_WHOLE = {"inputmode": "numeric", "spellcheck": "false"}


def _count(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=0,
        max_value=500,
        label=label,
        help_text=help_text,
        widget=forms.TextInput(attrs=_WHOLE),
        error_messages={
            "invalid": f"{label} must be a whole number, like 8",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be 500 or fewer",
        },
    )


class ScenarioForm(forms.Form):
    """A scenario's levers as questions; :meth:`scenario` turns the answers into a checked ``Scenario``. Levers a
    scenario file can set and this form cannot (hires into a chosen role, leaving by role, several cohorts) are
    saved from a file with ``csc-workforce forecast scenario save``."""

    name = forms.CharField(
        max_length=80,
        label="Scenario name",
        help_text="For example: NQSW cohort of 8 each September. Saving under a name already saved replaces it.",
        error_messages={"required": "Enter a name for the scenario", "max_length": "Keep the name to 80 characters"},
    )
    nqsw_count = _count("Newly qualified social workers a year", "Starters on the ASYE, on top of the usual hiring")
    nqsw_month = forms.ChoiceField(required=False, label="The month they start each year", choices=CALENDAR)
    experienced_count = _count("Experienced social workers a month", "Extra experienced starters every month")
    international_count = _count("International social workers a year")
    international_month = forms.ChoiceField(required=False, label="The month they start each year", choices=CALENDAR)
    step_up_count = _count(
        "Step Up or Frontline graduates a year", "They start as newly qualified social workers on the ASYE"
    )
    step_up_month = forms.ChoiceField(required=False, label="The month they start each year", choices=CALENDAR)
    permanent_leaving_pct = _Amount(
        required=False,
        noun="the change in permanent staff leaving",
        example="-20",
        label="Change in permanent staff leaving (%)",
        help_text="For example -20 for a fifth fewer leaving; empty for no change",
    )
    agency_leaving_pct = _Amount(
        required=False,
        noun="the change in agency staff leaving",
        example="10",
        label="Change in agency staff leaving (%)",
    )
    conversions = _count("Agency social workers converted to permanent a month")
    conversions_from = forms.CharField(required=False, label="Conversions from (YYYY-MM)", help_text=MONTH_HELP)
    conversions_to = forms.CharField(required=False, label="Conversions to (YYYY-MM)", help_text="Empty: to the end")
    establishment_fte = _Amount(
        required=False,
        noun="the change in funded posts",
        example="24",
        label="Funded posts added to the establishment (FTE)",
        help_text="For example 24 for four new teams of six; negative to remove posts",
    )
    establishment_month = forms.CharField(required=False, label="From (YYYY-MM)", help_text=MONTH_HELP)
    agency_rules_from = forms.CharField(
        required=False,
        label="DfE's agency rules from (YYYY-MM)",
        help_text="From this month no agency social worker with under 3 years' post-qualification experience is "
        "engaged; empty for no change",
    )
    agency_price_cap = _Amount(
        required=False,
        noun="the agency price cap",
        example="45",
        label="Agency price cap (£ an hour)",
        help_text="Agency charge rates above it are paid at the cap",
    )
    pay_inflation_pct = _Amount(
        required=False,
        noun="pay inflation",
        example="3",
        label="Pay inflation each April (%)",
        help_text="Empty: the stated 3%",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for count, month, what in (
            ("nqsw_count", "nqsw_month", "newly qualified starters"),
            ("international_count", "international_month", "international starters"),
            ("step_up_count", "step_up_month", "Step Up or Frontline graduates"),
        ):
            if data.get(count) and not data.get(month):
                self.add_error(month, f"Choose the month the {what} start each year")
        for key, noun in (
            ("conversions_from", "the month conversions begin"),
            ("conversions_to", "the month conversions end"),
            ("establishment_month", "the month the posts are added"),
            ("agency_rules_from", "the month the agency rules apply from"),
        ):
            text = str(data.get(key) or "").strip()
            if text:
                try:
                    data[key] = _month(text, noun)
                except forms.ValidationError as exc:
                    self.add_error(key, exc)
        if data.get("establishment_fte") and not data.get("establishment_month"):
            self.add_error("establishment_month", "Enter the month the posts are added, for example 2026-04")
        if not self.errors:
            try:
                self.built = Scenario.from_mapping(self.levers())
            except ValueError as exc:
                self.add_error(None, f"The scenario cannot be used: {exc}")
        return data

    def levers(self) -> dict[str, Any]:
        """The answers as a scenario's plain data (``Scenario.from_mapping``)."""
        data = self.cleaned_data
        out: dict[str, Any] = {"name": data["name"].strip()}
        hires = []
        if data.get("nqsw_count"):
            hires.append({"route": "nqsw", "count": data["nqsw_count"], "calendar_month": int(data["nqsw_month"])})
        if data.get("experienced_count"):
            hires += [
                {"route": "experienced", "count": data["experienced_count"], "calendar_month": k} for k in range(1, 13)
            ]
        if data.get("international_count"):
            hires.append(
                {
                    "route": "international",
                    "count": data["international_count"],
                    "calendar_month": int(data["international_month"]),
                }
            )
        if data.get("step_up_count"):
            hires.append(
                {
                    "route": "step_up_frontline",
                    "count": data["step_up_count"],
                    "calendar_month": int(data["step_up_month"]),
                }
            )
        if hires:
            out["hires"] = hires
        multipliers = {}
        for key, contract in (("permanent_leaving_pct", "permanent"), ("agency_leaving_pct", "agency")):
            if data.get(key) is not None:
                multipliers[contract] = round(1 + data[key] / 100, 6)
        if multipliers:
            out["leaving_multipliers"] = multipliers
        if data.get("conversions"):
            conversion: dict[str, Any] = {"count": data["conversions"]}
            if data.get("conversions_from"):
                conversion["start"] = data["conversions_from"]
            if data.get("conversions_to"):
                conversion["end"] = data["conversions_to"]
            out["conversions"] = [conversion]
        if data.get("establishment_fte"):
            out["establishment"] = [{"month": data["establishment_month"], "fte": data["establishment_fte"]}]
        if data.get("agency_rules_from"):
            out["agency_rules"] = {"from_month": data["agency_rules_from"]}
        costs = {k: data[k] for k in ("agency_price_cap", "pay_inflation_pct") if data.get(k) is not None}
        if costs:
            out["costs"] = costs
        return out


def scenario_initial(scenario: Scenario) -> tuple[dict[str, Any], bool]:
    """The form's answers for a saved scenario, and whether the form shows all its levers (False: it has some
    only a scenario file can set, which saving from the form would drop)."""
    initial: dict[str, Any] = {"name": scenario.name}
    whole = True
    monthly = [h for h in scenario.hires if h.route == "experienced" and h.group is None and h.month is None]
    if monthly and len(monthly) == 12 and len({h.count for h in monthly}) == 1:
        initial["experienced_count"] = monthly[0].count
    elif monthly:
        whole = False
    for route, count, month in (
        ("nqsw", "nqsw_count", "nqsw_month"),
        ("international", "international_count", "international_month"),
        ("step_up_frontline", "step_up_count", "step_up_month"),
    ):
        yearly = [h for h in scenario.hires if h.route == route]
        if len(yearly) == 1 and yearly[0].calendar_month and yearly[0].group is None:
            initial[count], initial[month] = yearly[0].count, str(yearly[0].calendar_month)
        elif yearly:
            whole = False
    if any(h.route == "agency" for h in scenario.hires):
        whole = False
    for key, value in scenario.leaving_multipliers.items():
        if key in ("permanent", "agency"):
            initial[f"{key}_leaving_pct"] = f"{round((value - 1) * 100, 4):g}"
        else:
            whole = False
    if len(scenario.conversions) == 1 and scenario.conversions[0].group == "social_worker":
        conv = scenario.conversions[0]
        initial |= {"conversions": conv.count, "conversions_from": conv.start or "", "conversions_to": conv.end or ""}
    elif scenario.conversions:
        whole = False
    if len(scenario.establishment) == 1:
        initial |= {
            "establishment_fte": f"{scenario.establishment[0].fte:g}",
            "establishment_month": scenario.establishment[0].month,
        }
    elif scenario.establishment:
        whole = False
    for key, cost in scenario.costs.items():
        if key in ("agency_price_cap", "pay_inflation_pct") and cost is not None:
            initial[key] = f"{cost:g}"
        else:
            whole = False
    rules = scenario.agency_rules
    if rules is not None and rules.min_pqe_years == 3:
        initial["agency_rules_from"] = rules.from_month
    elif rules is not None:
        whole = False
    return initial, whole
