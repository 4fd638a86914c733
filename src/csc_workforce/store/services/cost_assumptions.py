"""A council's assumptions for the cost-of-turnover model (``measures.turnover_cost``): read, saved with an audit
record, and reset to the stated defaults. The measures read them as the ``cost_assumptions`` frame
(``store.selectors.council_frames``); saving them changes the data version, so no cached figure is stale."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import transaction

from csc_workforce.measures.turnover_cost import DEFAULTS, ROLES, SCALARS, TurnoverAssumptions, salaries
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.audit import CHANGE, NOWHERE, Origin, audit_record
from csc_workforce.store.services.records import data_changed

OBJECT_TYPE = "cost_assumptions"


@dataclass(frozen=True)
class SavedAssumptions:
    """The assumptions in force for a council, who set them and when (``set_by`` empty: the defaults)."""

    assumptions: TurnoverAssumptions
    set_by: str = ""
    set_at: datetime | None = None


def _of(row: m.CostAssumptions) -> TurnoverAssumptions:
    salaries = {r: float(v) for r in ROLES if (v := getattr(row, f"salary_{r}")) is not None}
    return TurnoverAssumptions(**{name: float(getattr(row, name)) for name in SCALARS}, salaries=salaries)


def assumptions_for(la_code: str) -> SavedAssumptions:
    """The council's saved assumptions, or the defaults."""
    row = m.CostAssumptions.objects.filter(la_code=la_code).first()
    if row is None:
        return SavedAssumptions(DEFAULTS)
    return SavedAssumptions(_of(row), row.set_by, row.set_at)


def pay_medians(la_code: str, *, on: date) -> dict[str, str]:
    """What each role's salary is when the council gives none, in words: role -> "£41,000, the median of 156
    full-time workers' 2025 pay", from the census pay records (``measures.turnover_cost.salaries``; every role's
    median for a role with none of its own; "none held" when there is no pay)."""
    inputs = council_frames(la_codes=[la_code], frames=())
    plain = replace(inputs, cost_assumptions=inputs.cost_assumptions.clear())
    rows = salaries(plain, as_at=on).filter(pl.col("la_code") == la_code).to_dicts()
    return {r["role"]: _in_words(r) for r in rows}


def _in_words(row: dict[str, Any]) -> str:
    if row["salary"] is None:
        return "none held"
    whose = "every role's" if row["from_every_role"] else "the"
    return f"£{row['salary']:,.0f}, {whose} median of {row['workers']} full-time workers' {row['year']} pay"


def save_assumptions(
    *, la_code: str, assumptions: TurnoverAssumptions | None, set_by: str, now: datetime, origin: Origin = NOWHERE
) -> SavedAssumptions:
    """Save a council's assumptions (None: back to the defaults), recording the change in the audit log. Raises
    ValueError, naming each problem, for assumptions out of range."""
    if assumptions is not None and (problems := assumptions.problems()):
        raise ValueError("; ".join(problems.values()))
    with transaction.atomic():
        before = assumptions_for(la_code).assumptions
        m.CostAssumptions.objects.filter(la_code=la_code).delete()
        if assumptions is not None:
            m.CostAssumptions.objects.create(
                la_code=la_code,
                **{name: Decimal(str(getattr(assumptions, name))) for name in SCALARS},
                **{f"salary_{r}": _amount(assumptions.salaries.get(r)) for r in ROLES},
                set_by=set_by,
                set_at=now,
            )
        after = assumptions if assumptions is not None else DEFAULTS
        audit_record(
            action=CHANGE,
            username=set_by,
            object_type=OBJECT_TYPE,
            object_id=la_code,
            detail={"before": _plain(before), "after": _plain(after), "defaults": assumptions is None},
            origin=origin,
            now=now,
        )
        data_changed()
    return assumptions_for(la_code)


def _amount(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _plain(assumptions: TurnoverAssumptions) -> dict[str, object]:
    return {**{name: getattr(assumptions, name) for name in SCALARS}, "salaries": dict(assumptions.salaries)}
