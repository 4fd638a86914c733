"""Records to JSON and back, exactly: dates, Decimals and code lists keep their types.

Used to keep the state before an upload so that the upload can be undone, and for pseudonymised extracts.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from csc_workforce.domain import records as r

_PARTS: tuple[tuple[str, type], ...] = (
    ("teams", r.Team),
    ("people", r.Person),
    ("engagements", r.Engagement),
    ("assignments", r.Assignment),
    ("absences", r.Absence),
    ("caseloads", r.CaseloadSnapshot),
    ("posts", r.Post),
    ("figures", r.CouncilFigures),
    ("pay", r.Pay),
    ("supervision", r.SupervisionSession),
    ("supervision_policy", r.SupervisionStandard),
    ("reviews", r.PerformanceReview),
    ("courses", r.Course),
    ("training", r.TrainingRecord),
    ("programmes", r.ProgrammeSpell),
    ("grades", r.Grade),
    ("placements", r.StudentPlacement),
    ("placement_income", r.PlacementIncome),
    ("hr_cases", r.HRCase),
    ("audits", r.CaseAudit),
    ("indicators", r.IndicatorMonth),
    ("allocations", r.CaseAllocation),
    ("interviews", r.StaffInterview),
    ("survey_waves", r.SurveyWave),
    ("survey_answers", r.SurveyAnswer),
    ("agency_placements", r.AgencyPlacement),
    ("agency_costs", r.AgencyCost),
    ("agency_caps", r.AgencyCap),
    ("campaigns", r.RecruitmentCampaign),
    ("applications", r.JobApplication),
    ("actions", r.Action),
    ("action_updates", r.ActionUpdate),
    ("provenance", r.Provenance),
)


def records_to_json(records: r.CouncilRecords) -> str:
    document: dict[str, Any] = {"council": _plain(records.council)}
    for name, _ in _PARTS:
        document[name] = [_plain(item) for item in getattr(records, name)]
    return json.dumps(document, separators=(",", ":"))


def records_from_json(text: str) -> r.CouncilRecords:
    document = json.loads(text)
    parts = {name: tuple(_build(cls, item) for item in document.get(name, [])) for name, cls in _PARTS}
    return r.CouncilRecords(council=_build(r.Council, document["council"]), **parts)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    return cls(**{name: _value(hints[name], raw) for name, raw in data.items()})


def _value(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(options[0], raw)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], item) for item in raw)
        return tuple(_value(a, item) for a, item in zip(args, raw, strict=True))
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint(raw)
        if hint is datetime:
            return datetime.fromisoformat(raw)
        if hint is date:
            return date.fromisoformat(raw)
        if hint is Decimal:
            return Decimal(raw)
        if is_dataclass(hint):
            return _build(hint, raw)
    return raw
