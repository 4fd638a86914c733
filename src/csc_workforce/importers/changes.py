"""Preview: what confirming an import would add, change and end, compared with the records already held.

Records are matched by the keys the records are laid over each other with (``domain/overlay.py::KEYS``: people,
engagements, teams, courses, programme spells and placements by ``key``; assignments by engagement and
``effective_from``; absences by engagement, start, end and reason; caseloads by engagement and date; posts by
team, role and ``effective_from``; supervision sessions by engagement, date and kind; ...), so the preview counts
what saving would really do. ``source`` is not compared: re-importing the same data changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from csc_workforce.domain.overlay import KEYS
from csc_workforce.domain.records import AuditElementGrade, CouncilRecords

# The kinds of record an import makes, in the preview's order.
IMPORTED = (
    "teams",
    "people",
    "engagements",
    "assignments",
    "absences",
    "caseloads",
    "posts",
    "supervision",
    "supervision_policy",
    "reviews",
    "courses",
    "training",
    "programmes",
    "grades",
    "placements",
    "placement_income",
    "hr_cases",
    "audits",
    "indicators",
    "allocations",
    "interviews",
    "survey_waves",
    "survey_answers",
    "agency_placements",
    "agency_costs",
    "agency_caps",
    "campaigns",
    "applications",
    "actions",
    "action_updates",
)
_KEYS: dict[str, Callable[[Any], str]] = {kind: KEYS[kind] for kind in IMPORTED}  # the one definition
_ENDS = {
    "engagements": "end_date",
    "assignments": "effective_to",
    "posts": "effective_to",
    "programmes": "end",
    "placements": "end",
    "hr_cases": "closed",
    "allocations": "end",
    "agency_placements": "end",
    "agency_caps": "effective_to",
    "campaigns": "closed",
}
_IGNORED = {"source"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class RecordChange:
    kind: str  # "people", "engagements", ...
    key: str
    fields: tuple[FieldChange, ...] = ()  # empty for an added record


@dataclass(frozen=True, slots=True)
class KindCounts:
    kind: str
    added: int = 0
    changed: int = 0
    ended: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class Changes:
    """Counts by kind and the first examples of each sort of change."""

    counts: tuple[KindCounts, ...]
    added: tuple[RecordChange, ...]
    changed: tuple[RecordChange, ...]
    ended: tuple[RecordChange, ...]  # an end date newly set (and any other fields changed with it)

    def total(self, what: str) -> int:
        """The number of records ``added``, ``changed``, ``ended`` or ``unchanged``, over all kinds."""
        return sum(int(getattr(c, what)) for c in self.counts)

    @property
    def is_empty(self) -> bool:
        return not (self.total("added") or self.total("changed") or self.total("ended"))


def preview_changes(incoming: CouncilRecords, existing: CouncilRecords, *, examples: int = 20) -> Changes:
    """What would change if ``incoming`` were saved over ``existing``; at most ``examples`` of each sort listed."""
    counts: list[KindCounts] = []
    lists: dict[str, list[RecordChange]] = {"added": [], "changed": [], "ended": []}
    for kind, key_of in _KEYS.items():
        before = {key_of(r): r for r in getattr(existing, kind)}
        tally = {"added": 0, "changed": 0, "ended": 0, "unchanged": 0}
        for record in getattr(incoming, kind):
            key = key_of(record)
            what, change = _compare(kind, key, before.get(key), record)
            tally[what] += 1
            if what != "unchanged" and len(lists[what]) < examples:
                lists[what].append(change)
        counts.append(KindCounts(kind, **tally))
    return Changes(tuple(counts), tuple(lists["added"]), tuple(lists["changed"]), tuple(lists["ended"]))


def _compare(kind: str, key: str, old: object | None, new: object) -> tuple[str, RecordChange]:
    if old is None:
        return "added", RecordChange(kind, key)
    diffs = _field_changes(old, new)
    if not diffs:
        return "unchanged", RecordChange(kind, key)
    end = _ENDS.get(kind)
    ended = end is not None and getattr(old, end) is None and getattr(new, end) is not None
    return ("ended" if ended else "changed"), RecordChange(kind, key, diffs)


def _field_changes(old: object, new: object) -> tuple[FieldChange, ...]:
    out: list[FieldChange] = []
    for f in fields(new):  # type: ignore[arg-type]
        if f.name in _IGNORED:
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            out.append(FieldChange(f.name, _show(a), _show(b)))
    return tuple(out)


def _show(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple) and value and all(isinstance(v, AuditElementGrade) for v in value):
        return ", ".join(str(v) for v in value)  # an audit's element grades: "contact good, voice inadequate"
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


def merge_records(existing: CouncilRecords, incoming: CouncilRecords) -> CouncilRecords:
    """``existing`` with ``incoming`` laid over it by key (a convenience for previews that chain files)."""

    def merged(kind: str) -> tuple[Any, ...]:
        key_of = _KEYS[kind]
        by_key: dict[str, Any] = {key_of(r): r for r in getattr(existing, kind)}
        by_key.update({key_of(r): r for r in getattr(incoming, kind)})
        return tuple(by_key.values())

    parts: dict[str, Sequence[Any]] = {kind: tuple(merged(kind)) for kind in _KEYS}
    return CouncilRecords(
        council=existing.council,
        **parts,  # type: ignore[arg-type]
        figures=existing.figures,
        pay=existing.pay,
        provenance=existing.provenance + incoming.provenance,
    )
