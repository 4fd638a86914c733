"""Rows to records: :func:`import_table` parses and checks every row and builds the records it describes.

Nothing here touches a database or the clock. The result holds only what the file provides; the web layer
shows it with :func:`~csc_workforce.importers.changes.preview_changes` and saves it when the user confirms.

Linking rules (see ``docs/importers.md``):

* A person with an SWE number is keyed ``swe:<SWE>`` (upper case, no spaces), the key census returns use,
  so HR data joins the census-derived person. Without one, the person is ``ref:<person_ref>``.
* Other files find a person by SWE number when the row has one, else by ``person_ref``: in this file, in
  ``person_keys`` (saved from earlier people imports) or as an existing ``ref:<person_ref>`` person.
* An engagement is ``eng:<engagement_ref>`` when the file gives one, else
  ``<person key>/<A|P>/<start date>`` (A for agency), the census key.
* Assignments, absences and caseloads find their engagement by ``engagement_ref``, else as the person's
  engagement in post on the row's date.
* Teams are keyed ``team:<name in lower case, hyphenated>``; a team named in an assignments or posts file
  that is not known yet is added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.codes import (
    AbsenceReason,
    CFKSSStatus,
    ContractType,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.domain.issues import Issue
from csc_workforce.domain.records import (
    Absence,
    Assignment,
    CaseloadSnapshot,
    Council,
    CouncilRecords,
    Engagement,
    Person,
    Post,
    Team,
)
from csc_workforce.importers.kinds import KINDS, Kind
from csc_workforce.importers.mapping import ColumnMapping, resolve_columns
from csc_workforce.importers.table import Cell, Table
from csc_workforce.importers.values import Value, Where, issue, parse_cell, text_of

T = TypeVar("T")
Record = Person | Engagement | Assignment | Absence | CaseloadSnapshot | Post | Team


@dataclass(frozen=True, slots=True)
class ImportResult:
    records: CouncilRecords  # only what this file provides, each with ``source`` = the source key
    issues: tuple[Issue, ...]
    rows_read: int  # data rows in the file, blank rows not counted, rows with errors counted
    rows_with_errors: int = 0
    person_keys: Mapping[str, str] = field(default_factory=dict)  # person_ref -> Person.key, for later files

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)


def person_key_for_swe(swe_no: str) -> str:
    return f"swe:{normalise_swe(swe_no)}"


def normalise_swe(swe_no: str) -> str:
    return re.sub(r"\s+", "", swe_no).upper()


def team_key(name: str) -> str:
    return "team:" + re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def engagement_key(person_key: str, contract: ContractType, start: date) -> str:
    return f"{person_key}/{'A' if contract.is_agency else 'P'}/{start.isoformat()}"


@dataclass
class Row:
    """One data row being built: its values, where each came from, and the issues found so far."""

    number: int
    values: dict[str, Value]
    columns: dict[str, str]  # field -> "sheet!header"
    issues: list[Issue] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)

    def where(self, name: str) -> Where:
        return Where(self.number, self.columns.get(name, name))

    def error(self, code: str, name: str, message: str) -> None:
        cell = self.values.get(name)
        value = text_of(cell) if isinstance(cell, str | date | int) else None
        self.issues.append(rule(code).issue(message, self.where(name).location, value))

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) else None

    def day(self, name: str) -> date | None:
        value = self.values.get(name)
        return value if isinstance(value, date) else None

    def get(self, name: str) -> Any:
        return self.values.get(name)


class Context:
    """What rows can refer to: people, engagements and teams, from ``existing`` and from this file."""

    def __init__(self, existing: CouncilRecords | None, person_keys: Mapping[str, str] | None, source: str) -> None:
        self.source = source
        self.people: dict[str, Person] = {p.key: p for p in existing.people} if existing else {}
        self.refs: dict[str, str] = {k[4:]: k for k in self.people if k.startswith("ref:")}
        self.refs.update(person_keys or {})
        self.engagements: dict[str, Engagement] = {e.key: e for e in existing.engagements} if existing else {}
        self.teams: dict[str, Team] = {t.key: t for t in existing.teams} if existing else {}
        self.new_teams: dict[str, Team] = {}
        self.seen: dict[object, int] = {}
        self.new_refs: dict[str, str] = {}

    def first_seen(self, key: object, row: int) -> int | None:
        """The row that already had ``key``, or None (and remember this row)."""
        if key in self.seen:
            return self.seen[key]
        self.seen[key] = row
        return None

    def team(self, name: str) -> str:
        key = team_key(name)
        if key not in self.teams and key not in self.new_teams:
            self.new_teams[key] = Team(key=key, name=name, source=self.source)
        return key


def import_table(
    table: Table,
    mapping: ColumnMapping,
    *,
    council: Council,
    source_key: str,
    existing: CouncilRecords | None = None,
    person_keys: Mapping[str, str] | None = None,
) -> ImportResult:
    """Parse and check every row of ``table`` as ``mapping.kind`` records; the issues say what to fix where."""
    resolved = resolve_columns(table, mapping)
    issues: list[Issue] = [*table.issues, *resolved.issues]
    empty = CouncilRecords(council=council)
    if not resolved.usable:
        return ImportResult(empty, tuple(issues), len(table.rows), 0)
    context = Context(existing, person_keys, source_key)
    records: list[Record] = []
    bad_rows = 0
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        row = _parse_row(number, cells, table, mapping, resolved.index)
        record = None if row.has_errors else _BUILDERS[mapping.kind](row, context)
        issues.extend(row.issues)
        if row.has_errors:
            bad_rows += 1
        elif record is not None:
            records.append(record)
    built = _records(council, mapping.kind, records, list(context.new_teams.values()))
    return ImportResult(built, tuple(issues), len(table.rows), bad_rows, dict(context.new_refs))


def _parse_row(
    number: int, cells: tuple[Cell, ...], table: Table, mapping: ColumnMapping, index: dict[str, int]
) -> Row:
    row = Row(number, {}, {})
    for spec in mapping.spec.fields:
        cell: Cell = cells[index[spec.name]] if spec.name in index else None
        row.columns[spec.name] = f"{table.name}!{table.header[index[spec.name]]}" if spec.name in index else spec.name
        if cell is None and spec.name in mapping.defaults:
            cell = mapping.defaults[spec.name]
            row.columns[spec.name] = f"{row.columns[spec.name]} (mapping default)"
        value, problem = parse_cell(cell, spec, mapping, row.where(spec.name))
        if problem is not None:
            row.issues.append(problem)
        elif value is None and spec.required:
            row.issues.append(
                issue(
                    "IMP-ROW-001",
                    f"{spec.name} is required but this row has none. Fill it in, or remove the row if it is not "
                    "a real record.",
                    row.where(spec.name),
                    None,
                )
            )
        row.values[spec.name] = value
    return row


def _records(council: Council, kind: Kind, records: list[Record], teams: list[Team]) -> CouncilRecords:
    def of(cls: type[Any]) -> tuple[Any, ...]:
        return tuple(r for r in records if isinstance(r, cls))

    return CouncilRecords(
        council=council,
        teams=(*of(Team), *teams),
        people=of(Person),
        engagements=of(Engagement),
        assignments=of(Assignment),
        absences=of(Absence),
        caseloads=of(CaseloadSnapshot),
        posts=of(Post),
    )


# -- shared checks -----------------------------------------------------------------------------------------


def _duplicate(row: Row, context: Context, key: object, name: str, what: str) -> bool:
    first = context.first_seen(key, row.number)
    if first is not None:
        row.error(
            "IMP-ROW-006",
            name,
            f"This row repeats {what} already given on row {first}. Each should appear once: remove the "
            "repeat, or correct the dates if they are different records.",
        )
    return first is not None


def _ends_before_start(row: Row, start: str, end: str) -> bool:
    begin, finish = row.day(start), row.day(end)
    if begin is not None and finish is not None and finish < begin:
        row.error(
            "IMP-ROW-005",
            end,
            f"{end} ({finish:%d/%m/%Y}) is before {start} ({begin:%d/%m/%Y}). Correct whichever date is wrong.",
        )
        return True
    return False


def _swe_repeated(row: Row, context: Context, swe: str) -> bool:
    """Two rows of a people file giving one SWE number (ignoring case and spaces, as the person key does) would
    be one person twice: an error at the second."""
    first = context.first_seen(("swe", normalise_swe(swe)), row.number)
    if first is not None:
        row.error(
            "IMP-ROW-012",
            "swe_no",
            f"SWE number {swe!r} is the same as row {first}'s (SWE numbers are compared ignoring case and spaces), "
            "but the rows are different people. One person has one SWE number: correct whichever row is wrong, "
            "or keep one row for the person.",
        )
    return first is not None


def _swe_warning(row: Row) -> None:
    swe = row.text("swe_no")
    if swe is not None and not re.fullmatch(r"SW\d{1,7}", normalise_swe(swe)):
        row.issues.append(
            rule("IMP-PEOPLE-001").issue(
                f"SWE number {swe!r} does not look like a Social Work England number (SW followed by digits, "
                "e.g. SW12345). Check it: it is used to link this person to census returns.",
                row.where("swe_no").location,
                swe,
            )
        )


def _person(row: Row, context: Context) -> str | None:
    """The key of the person a (non-people) row refers to, or None with an IMP-REF-001 issue."""
    swe, ref = row.text("swe_no"), row.text("person_ref")
    if swe is not None:
        key = person_key_for_swe(swe)
        if key in context.people:
            return key
        name, shown = "swe_no", swe
    elif ref is not None:
        found = context.refs.get(ref)
        if found is not None:
            return found
        name, shown = "person_ref", ref
    else:
        row.error("IMP-ROW-001", "person_ref", "This row needs a person reference, SWE number or engagement reference.")
        return None
    row.error(
        "IMP-REF-001",
        name,
        f"No person {shown!r} in this file or in the records already held. Import the people file first, "
        "or correct the reference.",
    )
    return None


def _engagement(row: Row, context: Context, on: str) -> str | None:
    """The engagement a row refers to: by engagement_ref, else the person's engagement in post on ``on``."""
    ref = row.text("engagement_ref")
    if ref is not None:
        if f"eng:{ref}" in context.engagements:
            return f"eng:{ref}"
        row.error(
            "IMP-REF-001",
            "engagement_ref",
            f"No engagement {ref!r} in the records already held. Import the engagements file first, or correct it.",
        )
        return None
    person = _person(row, context)
    day = row.day(on)
    if person is None or day is None:
        return None
    matches = [e.key for e in context.engagements.values() if e.person_key == person and e.in_post_on(day)]
    if len(matches) == 1:
        return matches[0]
    name = "swe_no" if row.text("swe_no") else "person_ref"
    if not matches:
        row.error(
            "IMP-REF-002",
            name,
            f"This person has no engagement in post on {day:%d/%m/%Y}. Check the date, or import their "
            "engagement (start and end dates) first.",
        )
    else:
        row.error(
            "IMP-REF-003",
            name,
            f"This person has {len(matches)} engagements in post on {day:%d/%m/%Y}, so the row is ambiguous. "
            "Add an engagement reference column.",
        )
    return None


# -- one builder per kind ----------------------------------------------------------------------------------


def _build_person(row: Row, context: Context) -> Person | None:
    ref = row.text("person_ref")
    assert ref is not None
    swe = row.text("swe_no")
    _swe_warning(row)
    key = person_key_for_swe(swe) if swe else f"ref:{ref}"
    if _duplicate(row, context, ("person", ref), "person_ref", f"person {ref!r}"):
        return None
    if swe and _swe_repeated(row, context, swe):
        return None
    context.refs[ref] = key
    context.new_refs[ref] = key
    person = Person(
        key=key,
        swe_no=normalise_swe(swe) if swe else None,
        birth_date=row.day("birth_date"),
        sex=_as(row.get("sex"), Sex),
        ethnicity=_as(row.get("ethnicity"), Ethnicity),
        qual_level=_as(row.get("qual_level"), QualLevel),
        qual_institution=row.text("qual_institution"),
        step_up_grad=row.get("step_up_grad"),
        frontline_grad=row.get("frontline_grad"),
        source=context.source,
    )
    context.people[key] = person
    return person


def _build_engagement(row: Row, context: Context) -> Engagement | None:
    person = _person(row, context)
    contract = _as(row.get("contract"), ContractType)
    start = row.day("start_date")
    if person is None or contract is None or start is None or _ends_before_start(row, "start_date", "end_date"):
        return None
    ref = row.text("engagement_ref")
    key = f"eng:{ref}" if ref else engagement_key(person, contract, start)
    name = "engagement_ref" if ref else "start_date"
    if _duplicate(row, context, ("engagement", key), name, f"engagement {key!r}"):
        return None
    weeks = row.get("contract_weeks")
    engagement = Engagement(
        key=key,
        person_key=person,
        contract=contract,
        start_date=start,
        start_origin=_as(row.get("start_origin"), StartOrigin),
        end_date=row.day("end_date"),
        reason_leave=_as(row.get("reason_leave"), ReasonLeave),
        destination=_as(row.get("destination"), LeaverDestination),
        contract_weeks=weeks if isinstance(weeks, Decimal) else None,
        source=context.source,
    )
    context.engagements[key] = engagement
    return engagement


def _build_assignment(row: Row, context: Context) -> Assignment | None:
    start = row.day("effective_from")
    if _ends_before_start(row, "effective_from", "effective_to") or start is None:
        return None
    engagement = _engagement(row, context, "effective_from")
    if engagement is None or _duplicate(row, context, (engagement, start), "effective_from", "this assignment"):
        return None
    team = row.text("team")
    fte = row.get("fte")
    return Assignment(
        engagement_key=engagement,
        effective_from=start,
        effective_to=row.day("effective_to"),
        role=_as(row.get("role"), OrgRole),
        fte=fte if isinstance(fte, Decimal) else None,
        team_key=context.team(team) if team else None,
        job_title=row.text("job_title"),
        case_holding=row.get("case_holding"),
        cfkss_status=_as(row.get("cfkss_status"), CFKSSStatus),
        source=context.source,
    )


def _build_absence(row: Row, context: Context) -> Absence | None:
    start, end = row.day("start"), row.day("end")
    if start is None or end is None or _ends_before_start(row, "start", "end"):
        return None
    engagement = _engagement(row, context, "start")
    if engagement is None or _duplicate(row, context, (engagement, start), "start", "this absence"):
        return None
    lost = row.get("working_days_lost")
    return Absence(
        engagement_key=engagement,
        start=start,
        end=end,
        reason=_as(row.get("reason"), AbsenceReason),
        working_days_lost=lost if isinstance(lost, Decimal) else None,
        source=context.source,
    )


def _build_caseload(row: Row, context: Context) -> CaseloadSnapshot | None:
    on, cases = row.day("on"), row.get("cases")
    engagement = _engagement(row, context, "on")
    if engagement is None or on is None or not isinstance(cases, int):
        return None
    if _duplicate(row, context, (engagement, on), "on", "this person's caseload on this date"):
        return None
    return CaseloadSnapshot(engagement_key=engagement, on=on, cases=cases, source=context.source)


def _build_post(row: Row, context: Context) -> Post | None:
    team, start, fte = row.text("team"), row.day("effective_from"), row.get("funded_fte")
    if team is None or start is None or not isinstance(fte, Decimal):
        return None
    if _ends_before_start(row, "effective_from", "effective_to"):
        return None
    role = _as(row.get("role"), OrgRole)
    if _duplicate(row, context, ("post", team_key(team), role, start), "effective_from", "this team, role and date"):
        return None
    return Post(
        team_key=context.team(team),
        funded_fte=fte,
        effective_from=start,
        effective_to=row.day("effective_to"),
        role=role,
        source=context.source,
    )


def _build_team(row: Row, context: Context) -> Team | None:
    name = row.text("team")
    assert name is not None
    key = team_key(name)
    if _duplicate(row, context, ("team", key), "team", f"team {name!r}"):
        return None
    team = Team(key=key, name=name, service_area=row.text("service_area") or "", source=context.source)
    context.teams[key] = team
    return team


def _as(value: Value, cls: type[T]) -> T | None:
    return value if isinstance(value, cls) else None


_BUILDERS: dict[Kind, Any] = {
    Kind.PEOPLE: _build_person,
    Kind.ENGAGEMENTS: _build_engagement,
    Kind.ASSIGNMENTS: _build_assignment,
    Kind.ABSENCES: _build_absence,
    Kind.CASELOADS: _build_caseload,
    Kind.POSTS: _build_post,
    Kind.TEAMS: _build_team,
}
assert set(_BUILDERS) == set(KINDS)
