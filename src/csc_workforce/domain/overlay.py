"""Laying one set of records over another, by key.

A council's records come from several sources: census returns, uploads from HR and case-management systems,
people's edits. Where two sources describe the same record (the same person, the same engagement), the one
laid on top wins. An engagement the top set holds brings its own timeline: the base set's assignments,
absences, caseload counts and pay for it are dropped, so nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csc_workforce.domain.records import CouncilRecords

KEYS: dict[str, Callable[[Any], str]] = {
    "teams": lambda r: r.key,
    "people": lambda r: r.key,
    "engagements": lambda r: r.key,
    "assignments": lambda r: f"{r.engagement_key}@{r.effective_from.isoformat()}",
    # two spells may start on one day (a year's sickness total and an absence on 30 September, say)
    "absences": lambda r: (
        f"{r.engagement_key}@{r.start.isoformat()}/{r.end.isoformat()}/{r.reason.value if r.reason else '-'}"
    ),
    "caseloads": lambda r: f"{r.engagement_key}@{r.on.isoformat()}",
    "posts": lambda r: f"{r.team_key}/{r.role.value if r.role else '-'}@{r.effective_from.isoformat()}",
    "figures": lambda r: r.on.isoformat(),
    "pay": lambda r: f"{r.engagement_key}@{r.year}",
}
_OWNED_BY_ENGAGEMENT = ("assignments", "absences", "caseloads", "pay")


def overlay_records(base: CouncilRecords, top: CouncilRecords) -> CouncilRecords:
    """``base`` with ``top`` laid over it; the council is ``base``'s."""
    held = {e.key for e in top.engagements}
    parts: dict[str, tuple[Any, ...]] = {}
    for kind, key_of in KEYS.items():
        below = getattr(base, kind)
        if kind in _OWNED_BY_ENGAGEMENT:
            below = [r for r in below if r.engagement_key not in held]
        merged = {key_of(r): r for r in below}
        merged.update({key_of(r): r for r in getattr(top, kind)})
        parts[kind] = tuple(merged.values())
    return CouncilRecords(council=base.council, provenance=base.provenance + top.provenance, **parts)


def records_without(records: CouncilRecords, sources: set[str]) -> CouncilRecords:
    """The records whose source is not one of ``sources``."""
    parts = {kind: tuple(r for r in getattr(records, kind) if r.source not in sources) for kind in KEYS}
    return CouncilRecords(council=records.council, provenance=records.provenance, **parts)


def is_empty(records: CouncilRecords) -> bool:
    return not any(getattr(records, kind) for kind in KEYS)
