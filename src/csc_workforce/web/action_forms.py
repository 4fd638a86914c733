"""Forms for a strategy's action plan in the app (views/actions.py): an action (added or edited by an analyst
or admin) and an update on one (by its owner, or an analyst or admin). The forms check the shape of what is
typed; the application layer (``store.services.actions``) checks it against the plan and names the field."""

from __future__ import annotations

from typing import Any

from django import forms

from csc_workforce.domain.codes import ActionStatus
from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID
from csc_workforce.store.services.actions import TEXT_MAX
from csc_workforce.strategies.model import Strategy
from csc_workforce.web.development_forms import GovukDateField

STATUSES = [(s.value, s.label) for s in ActionStatus]


def _status() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Status",
        choices=STATUSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's status", "invalid_choice": "Select the action's status"},
    )


def _text(label: str, name: str, *, required: bool, area: bool = False, noun: str = "", **kw: Any) -> forms.CharField:
    most = TEXT_MAX[name]
    return forms.CharField(
        label=label,
        max_length=most,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={
            "required": f"Enter {noun or label[0].lower() + label[1:]}",
            "max_length": f"{label} must be {most} characters or fewer",
        },
        **kw,
    )


def measure_choices(strategy: Strategy) -> list[tuple[str, str]]:
    """The strategy's measures, each once, labelled as the strategy words it (or as the catalogue names it)."""
    labels: dict[str, str] = {}
    for _, target in strategy.measures:
        known = STRATEGY_BY_ID.get(target.measure)
        labels.setdefault(target.measure, target.label or (known.title if known else target.measure))
    return [(measure, f"{label} ({measure})") for measure, label in labels.items()]


class ActionForm(forms.Form):
    ref = _text(
        "Reference",
        "ref",
        required=True,
        noun="the reference",
        help_text="The action's reference in the plan, for example 1.2. It cannot be changed later.",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome the action is under"},
    )
    title = _text("What the action is", "title", required=True, area=True)
    owner = _text(
        "Owner (optional)",
        "owner",
        required=False,
        help_text="A username of the app (the owner can then add updates to it) or a post title, for example "
        "Head of Service. Never more about a person than that.",
    )
    start = GovukDateField(label="Start date (optional)", noun="the start date", required=False)
    due = GovukDateField(label="Due date (optional)", noun="the due date", required=False)
    status = _status()
    measures = forms.MultipleChoiceField(
        label="Measures it is meant to move (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose measures of this strategy"},
    )

    def __init__(self, *args: Any, strategy: Strategy, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.id, o.title) for o in strategy.outcomes]  # type: ignore[attr-defined]
        self.fields["measures"].choices = measure_choices(strategy)  # type: ignore[attr-defined]
        if not new:
            del self.fields["ref"]


class UpdateForm(forms.Form):
    on = GovukDateField(label="Date of the update", noun="the date of the update")
    status = _status()
    note = _text(
        "Note (optional)",
        "note",
        required=False,
        area=True,
        help_text="A short note of progress on the action. Do not name anyone.",
    )


for _form in (ActionForm, UpdateForm):
    for _name, _field in _form.base_fields.items():
        if _name in ("ref", "owner"):
            _field.govuk_classes = "govuk-input--width-20"  # type: ignore[attr-defined]
