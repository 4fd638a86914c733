"""Laying one set of records over another, by key.

A council's records come from several sources: census returns, uploads from HR and case-management systems,
people's edits. Where two sources describe the same record (the same person, the same engagement), the one
laid on top wins. An engagement the top set holds brings its own timeline: the base set's assignments,
absences, caseload counts and pay for it are dropped, so nothing is counted twice.

Supervision sessions and performance reviews belong to an engagement too, but they come in files of their own
(a supervision extract, an appraisal report), usually for a stretch of time: an HR file that holds the
engagement says nothing about its supervision. So the top set holds an engagement's supervision (its reviews)
when it holds sessions (reviews) for it, and only over the dates the top set's sessions (reviews' due dates)
span: there the base's for that engagement are dropped (a session moved or deleted in the source system does
not survive beside its correction); before and after, they are kept (last year's extract is not lost when this
year's is loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    # two sessions may be held on one day (a group and a one-to-one session)
    "supervision": lambda r: f"{r.engagement_key}@{r.on.isoformat()}/{r.kind.value}",
    "supervision_policy": lambda r: f"{r.group.value}/{r.from_month}@{r.effective_from.isoformat()}",
    "reviews": lambda r: f"{r.engagement_key}@{r.cycle}",
    "courses": lambda r: r.key,
    # a booking is known by its person, course and date (the course's date, else the booking's): a later file's
    # status for it replaces the earlier; a refresher on another date is another record
    "training": lambda r: f"{r.person_key}/{r.course_key}@{_iso(r.on or r.booked_on)}",
    "programmes": lambda r: r.key,
    "grades": lambda r: r.name,
    "placements": lambda r: r.key,
    "placement_income": lambda r: f"{r.financial_year}/{r.description}",
    "hr_cases": lambda r: r.key,
    "audits": lambda r: r.key,
    "indicators": lambda r: f"{r.indicator.value}@{r.month.isoformat()}",
    "allocations": lambda r: r.key,
    "interviews": lambda r: r.key,
    "survey_waves": lambda r: r.key,
    "survey_answers": lambda r: f"{r.wave_key}/{r.question}/{r.option.value}",
    "agency_placements": lambda r: r.key,
    "agency_costs": lambda r: f"{r.placement_key}@{r.month.isoformat()}",
    "agency_caps": lambda r: (
        f"{r.region}/{r.role.value if r.role else '-'}/{r.grade or '-'}/{r.basis.value}@{r.effective_from.isoformat()}"
    ),
    "campaigns": lambda r: r.key,
    "applications": lambda r: r.key,
    "actions": lambda r: r.key,
    "action_updates": lambda r: f"{r.action_key}@{r.on.isoformat()}",  # one update a day for an action
}
_OWNED_BY_ENGAGEMENT = ("assignments", "absences", "caseloads", "pay", "supervision", "reviews")
# Owned by the engagement over a span of dates only (see the module's docstring): the date each record is on.
_OWNED_OVER_SPAN = {"supervision": "on", "reviews": "due"}


def _iso(day: Any) -> str:
    return day.isoformat() if day is not None else "-"


def _kept_below(kind: str, below: Sequence[Any], top: CouncilRecords) -> list[Any]:
    """The base's records of ``kind`` that the top set does not replace as a whole."""
    if kind not in _OWNED_BY_ENGAGEMENT:
        return list(below)
    if kind not in _OWNED_OVER_SPAN:
        held = {e.key for e in top.engagements}
        return [r for r in below if r.engagement_key not in held]
    above, on = getattr(top, kind), _OWNED_OVER_SPAN[kind]
    if not above:
        return list(below)
    owners = {r.engagement_key for r in above}
    first, last = min(getattr(r, on) for r in above), max(getattr(r, on) for r in above)
    return [r for r in below if r.engagement_key not in owners or not first <= getattr(r, on) <= last]


def overlay_records(base: CouncilRecords, top: CouncilRecords) -> CouncilRecords:
    """``base`` with ``top`` laid over it; the council is ``base``'s."""
    parts: dict[str, tuple[Any, ...]] = {}
    for kind, key_of in KEYS.items():
        merged = {key_of(r): r for r in _kept_below(kind, getattr(base, kind), top)}
        merged.update({key_of(r): r for r in getattr(top, kind)})
        parts[kind] = tuple(merged.values())
    return CouncilRecords(council=base.council, provenance=base.provenance + top.provenance, **parts)


def records_without(records: CouncilRecords, sources: set[str]) -> CouncilRecords:
    """The records whose source is not one of ``sources``."""
    parts = {kind: tuple(r for r in getattr(records, kind) if r.source not in sources) for kind in KEYS}
    return CouncilRecords(council=records.council, provenance=records.provenance, **parts)


def is_empty(records: CouncilRecords) -> bool:
    return not any(getattr(records, kind) for kind in KEYS)
