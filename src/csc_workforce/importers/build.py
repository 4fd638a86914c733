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
* Teams are keyed ``team:<name in lower case, hyphenated>``; a team named in an assignments, posts or
  placements file is the team held under that name (whatever its key), else it is added.
* A people file keeps each person's ``person_ref`` as ``Person.staff_ref``, so a person keyed ``swe:<SWE>`` is
  found later by a file that gives only the staff reference (and the other way round).
* Supervision sessions and reviews find their engagement as assignments do (on the session's date, the review's
  due date, else the date it was completed); training and programme spells find their person by SWE number or
  staff reference; a training row finds its course by the course's reference or title (``course:<reference or
  title, lower case>``).
* An interview finds its engagement as supervision does (in post on the interview's date); an exit interview held
  after the last day finds the engagement the person left (the one that ended latest on or before the date).
  Survey answers find their wave by its reference (``wave:<wave_ref>``), in the file or held.
* An agency placement is ``agency:<placement_ref>``, else ``agency:<engagement key>@<start>``; it finds its
  engagement as assignments do (on its start date), which must be an agency engagement. A month's agency cost
  finds its placement by ``placement_ref``, else as the worker's placement in post during the month.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any, TypeVar

from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.codes import (
    AbsenceReason,
    ActionStatus,
    AgencyRule,
    AnswerOption,
    ApplicationOutcome,
    ApplicationStage,
    ApplyReason,
    AuditElement,
    AuditGrade,
    CapBasis,
    CFKSSStatus,
    ContractType,
    Ethnicity,
    HRCaseKind,
    InterviewKind,
    LeaverDestination,
    OrgRole,
    PlacementOutcome,
    PracticeIndicator,
    Programme,
    ProgrammeOutcome,
    QualLevel,
    ReasonLeave,
    RecruitmentChannel,
    RecruitmentCost,
    RecruitmentRoute,
    Sex,
    SicknessCause,
    StartOrigin,
    SupervisionKind,
    TrainingStatus,
    VoiceTheme,
    WorkerGroup,
)
from csc_workforce.domain.issues import Issue
from csc_workforce.domain.records import (
    Absence,
    Action,
    ActionUpdate,
    AgencyCap,
    AgencyCost,
    AgencyPlacement,
    Assignment,
    AuditElementGrade,
    CaseAllocation,
    CaseAudit,
    CaseloadSnapshot,
    Council,
    CouncilRecords,
    Course,
    Engagement,
    Grade,
    HRCase,
    IndicatorMonth,
    JobApplication,
    PerformanceReview,
    Person,
    PlacementIncome,
    PlanOutline,
    Post,
    ProgrammeSpell,
    RecruitmentCampaign,
    StaffInterview,
    StudentPlacement,
    SupervisionSession,
    SupervisionStandard,
    SurveyAnswer,
    SurveyWave,
    Team,
    TrainingRecord,
    action_key,
)
from csc_workforce.importers.kinds import COMPLETE_FROM_KINDS, KINDS, NO, THEMES_SEPARATORS, YES, Kind
from csc_workforce.importers.mapping import ColumnMapping, normalise_value, resolve_columns
from csc_workforce.importers.table import Cell, Table
from csc_workforce.importers.values import Value, Where, issue, parse_cell, text_of, translate

T = TypeVar("T")
Record = (
    Person
    | Engagement
    | Assignment
    | Absence
    | CaseloadSnapshot
    | Post
    | Team
    | SupervisionSession
    | SupervisionStandard
    | PerformanceReview
    | Course
    | TrainingRecord
    | ProgrammeSpell
    | Grade
    | StudentPlacement
    | PlacementIncome
    | HRCase
    | CaseAudit
    | IndicatorMonth
    | CaseAllocation
    | StaffInterview
    | SurveyWave
    | SurveyAnswer
    | AgencyPlacement
    | AgencyCost
    | AgencyCap
    | RecruitmentCampaign
    | JobApplication
    | Action
    | ActionUpdate
)


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


def course_key(ref_or_title: str) -> str:
    """A course's key: its reference (else its title), lower case with runs of spaces as one."""
    return "course:" + normalise_value(ref_or_title)


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

    def error(self, code: str, name: str, message: str, *, show_value: bool = True) -> None:
        """An issue at this row and column, with the cell's value (``show_value=False``: not even in the issue,
        for a value that must not be kept, such as a child's name)."""
        cell = self.values.get(name) if show_value else None
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

    def __init__(
        self,
        existing: CouncilRecords | None,
        person_keys: Mapping[str, str] | None,
        source: str,
        mapping: ColumnMapping | None = None,
        plans: Mapping[str, PlanOutline] | None = None,
    ) -> None:
        self.source = source
        self.mapping = mapping
        self.plans: Mapping[str, PlanOutline] = plans or {}
        self.actions: dict[str, Action] = {a.key: a for a in existing.actions} if existing else {}
        self.people: dict[str, Person] = {p.key: p for p in existing.people} if existing else {}
        # a staff reference finds its person: a ref: key, then the staff_ref a people file gave (so a person keyed
        # swe:SW123 whose people file also gave E42 is found by E42), then the links the caller kept
        self.refs: dict[str, str] = {k[4:]: k for k in self.people if k.startswith("ref:")}
        self.refs.update({p.staff_ref: p.key for p in self.people.values() if p.staff_ref})
        self.refs.update(person_keys or {})
        self.courses: dict[str, Course] = {c.key: c for c in existing.courses} if existing else {}
        self.engagements: dict[str, Engagement] = {e.key: e for e in existing.engagements} if existing else {}
        self.teams: dict[str, Team] = {t.key: t for t in existing.teams} if existing else {}
        self.campaigns: dict[str, RecruitmentCampaign] = {c.key: c for c in existing.campaigns} if existing else {}
        self.team_names: dict[str, str] = {team_key(t.name): t.key for t in reversed(list(self.teams.values()))}
        self.new_teams: dict[str, Team] = {}
        self.seen: dict[object, int] = {}
        self.new_refs: dict[str, str] = {}
        # (child, engagement) -> (row, (first day, last day)) of the allocations read so far, for IMP-ROW-035
        self.allocations: dict[tuple[str, str], list[tuple[int, tuple[date, date]]]] = {}
        self.waves: dict[str, SurveyWave] = {w.key: w for w in existing.survey_waves} if existing else {}
        self.answered: dict[tuple[str, str], int] = {}  # (wave key, question) -> respondents counted so far
        self.agency: dict[str, AgencyPlacement] = {a.key: a for a in existing.agency_placements} if existing else {}
        self.caps: dict[object, list[tuple[date, date | None, int]]] = {}

    def first_seen(self, key: object, row: int) -> int | None:
        """The row that already had ``key``, or None (and remember this row)."""
        if key in self.seen:
            return self.seen[key]
        self.seen[key] = row
        return None

    def team(self, name: str) -> str:
        """The team a row names: a team held under that name (whatever its key: the demo's, a census
        return's), else the one keyed ``team:<name>``, added when not known yet."""
        key = team_key(name)
        if key in self.teams or key in self.new_teams:
            return key
        held = self.team_names.get(team_key(name))
        if held is not None:
            return held
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
    complete_from: date | None = None,
    plans: Mapping[str, PlanOutline] | None = None,
) -> ImportResult:
    """Parse and check every row of ``table`` as ``mapping.kind`` records; the issues say what to fix where.

    ``complete_from``: the date the file's data is stated complete from (a kind of :data:`COMPLETE_FROM_KINDS`
    only); a record that ends before it is loaded, with an IMP-ROW-016 warning. ``plans``: the strategies an
    actions file may name, by id (``strategies.actions.plan_outlines``); without them it may name none."""
    if complete_from is not None and mapping.kind not in COMPLETE_FROM_KINDS:
        raise ValueError(f"a {mapping.kind} file has no date its data is complete from")
    resolved = resolve_columns(table, mapping)
    issues: list[Issue] = [*table.issues, *resolved.issues]
    empty = CouncilRecords(council=council)
    if not resolved.usable:
        return ImportResult(empty, tuple(issues), len(table.rows), 0)
    context = Context(existing, person_keys, source_key, mapping, plans)
    records: list[Record] = []
    bad_rows = 0
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        row = _parse_row(number, cells, table, mapping, resolved.index)
        record = None if row.has_errors else _BUILDERS[mapping.kind](row, context)
        if record is not None and complete_from is not None:
            _before_complete_from(row, record, complete_from)
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
        supervision=of(SupervisionSession),
        supervision_policy=of(SupervisionStandard),
        reviews=of(PerformanceReview),
        courses=of(Course),
        training=of(TrainingRecord),
        programmes=of(ProgrammeSpell),
        grades=of(Grade),
        placements=of(StudentPlacement),
        placement_income=of(PlacementIncome),
        hr_cases=of(HRCase),
        audits=of(CaseAudit),
        indicators=of(IndicatorMonth),
        allocations=of(CaseAllocation),
        interviews=of(StaffInterview),
        survey_waves=of(SurveyWave),
        survey_answers=of(SurveyAnswer),
        agency_placements=of(AgencyPlacement),
        agency_costs=of(AgencyCost),
        agency_caps=of(AgencyCap),
        campaigns=of(RecruitmentCampaign),
        applications=of(JobApplication),
        actions=of(Action),
        action_updates=of(ActionUpdate),
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


def _named_engagement(row: Row, context: Context, ref: str) -> str | None:
    """The engagement ``engagement_ref`` names, or None with an IMP-REF-001 issue when it is not held."""
    if f"eng:{ref}" in context.engagements:
        return f"eng:{ref}"
    row.error(
        "IMP-REF-001",
        "engagement_ref",
        f"No engagement {ref!r} in the records already held. Import the engagements file first, or correct it.",
    )
    return None


def _engagement(row: Row, context: Context, on: str, otherwise: str | None = None) -> str | None:
    """The engagement a row refers to: by engagement_ref, else the person's engagement in post on ``on``, else
    (``otherwise``, when the row gives that date too) the one in post on that date: a review due after the
    worker left but completed while they were in post is theirs."""
    ref = row.text("engagement_ref")
    if ref is not None:
        return _named_engagement(row, context, ref)
    person = _person(row, context)
    day = row.day(on)
    if person is None or day is None:
        return None
    matches = [e.key for e in context.engagements.values() if e.person_key == person and e.in_post_on(day)]
    later = row.day(otherwise) if otherwise is not None and not matches else None
    if later is not None:
        found = [e.key for e in context.engagements.values() if e.person_key == person and e.in_post_on(later)]
        if len(found) == 1:
            return found[0]
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
        staff_ref=ref,
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
    reason, cause = _as(row.get("reason"), AbsenceReason), _as(row.get("cause"), SicknessCause)
    if cause is not None and reason is None:  # a cause is only ever a sickness absence's
        reason = AbsenceReason.SICKNESS
    if cause is not None and reason is not AbsenceReason.SICKNESS:
        assert reason is not None
        row.error(
            "IMP-ROW-017",
            "cause",
            f"A sickness cause ({cause.label}) is given for an absence whose reason is {reason.label}, not "
            "sickness. Correct the reason, or leave the cause empty for an absence that is not sickness.",
        )
        return None
    return Absence(
        engagement_key=engagement,
        start=start,
        end=end,
        reason=reason,
        working_days_lost=lost if isinstance(lost, Decimal) else None,
        source=context.source,
        cause=cause,
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


# -- practice and development ------------------------------------------------------------------------------


def _in_order(row: Row, earlier: str, later: str) -> bool:
    """False, with an IMP-ROW-014 issue at ``later``, when both dates are given and ``later`` is before
    ``earlier``."""
    first, then = row.day(earlier), row.day(later)
    if first is not None and then is not None and then < first:
        row.error(
            "IMP-ROW-014",
            later,
            f"{later} ({then:%d/%m/%Y}) is before {earlier} ({first:%d/%m/%Y}), which comes first. Correct whichever "
            "date is wrong.",
        )
        return False
    return True


def _all_in_order(row: Row, *names: str) -> bool:
    """The dates ``names`` (in the order they happen) that the row gives are in that order: each is checked
    against the one before it that is given, so one wrong date is one issue."""
    given = [name for name in names if row.day(name) is not None]
    return all([_in_order(row, a, b) for a, b in pairwise(given)])


def _build_supervision(row: Row, context: Context) -> SupervisionSession | None:
    on = row.day("on")
    engagement = _engagement(row, context, "on")
    if engagement is None or on is None:
        return None
    kind = _as(row.get("kind"), SupervisionKind) or SupervisionKind.ONE_TO_ONE
    if _duplicate(
        row, context, (engagement, on, kind), "on", f"a {kind.label.lower()} session for this worker on this date"
    ):
        return None
    return SupervisionSession(
        engagement_key=engagement,
        on=on,
        kind=kind,
        supervisor=row.text("supervisor"),
        recorded_late=row.get("recorded_late"),
        source=context.source,
    )


def _build_supervision_standard(row: Row, context: Context) -> SupervisionStandard | None:
    group, start, begin = _as(row.get("group"), WorkerGroup), row.get("from_month"), row.day("effective_from")
    if group is None or not isinstance(start, int) or begin is None:
        return None
    weeks, months, until = row.get("interval_weeks"), row.get("interval_months"), row.get("to_month")
    given = [n for n in (weeks, months) if isinstance(n, int)]
    if len(given) != 1 or given[0] == 0:
        row.error(
            "IMP-ROW-013",
            "interval_weeks" if isinstance(weeks, int) or not isinstance(months, int) else "interval_months",
            "Give exactly one of interval_weeks and interval_months, more than 0 (a session every 2 weeks: "
            "interval_weeks 2; every month: interval_months 1). This row has "
            + ("both." if len(given) == 2 else "neither." if not given else "0."),
        )
        return None
    if isinstance(until, int) and until <= start:
        row.error(
            "IMP-ROW-014",
            "to_month",
            f"to_month ({until}) must be after from_month ({start}): the line applies from month {start} up to, "
            "not including, to_month. Leave to_month blank for a line that applies onwards.",
        )
        return None
    if _duplicate(row, context, ("policy", group, start, begin), "from_month", "this group, from_month and date"):
        return None
    grace = row.get("grace_days")
    return SupervisionStandard(
        group=group,
        from_month=start,
        to_month=until if isinstance(until, int) else None,
        interval_weeks=weeks if isinstance(weeks, int) else None,
        interval_months=months if isinstance(months, int) else None,
        grace_days=grace if isinstance(grace, int) else 0,
        effective_from=begin,
        source=context.source,
    )


def _successful(row: Row, context: Context) -> bool | None:
    """The file's ``successful``, else the rating translated on the council's scale (the mapping's translations
    for ``rating``); a rating not on it is a warning (IMP-REVIEW-001) and not known."""
    given = row.get("successful")
    if isinstance(given, bool):
        return given
    rating = row.text("rating")
    if rating is None or context.mapping is None:
        return None
    scale = context.mapping.translation("rating")
    meaning = scale.get(normalise_value(rating))
    if meaning is not None and normalise_value(meaning) in YES:
        return True
    if meaning is not None and normalise_value(meaning) in NO:
        return False
    row.issues.append(
        rule("IMP-REVIEW-001").issue(
            f"Rating {rating!r} is not on the rating scale this import knows, and the row has no successful value, "
            "so whether it is successful or higher is not known. Add it to the column mapping, e.g. "
            f'"code_translations": {{"rating": {{"{rating}": "yes"}}}} (or "no"), or give a successful column.',
            row.where("rating").location,
            rating,
        )
    )
    return None


def _build_review(row: Row, context: Context) -> PerformanceReview | None:
    cycle, due = row.text("cycle"), row.day("due")
    engagement = _engagement(row, context, "due", otherwise="completed")
    if engagement is None or cycle is None or due is None:
        return None
    if _duplicate(
        row, context, ("review", engagement, normalise_value(cycle)), "cycle", f"this worker's {cycle!r} review"
    ):
        return None
    return PerformanceReview(
        engagement_key=engagement,
        cycle=cycle,
        due=due,
        completed=row.day("completed"),
        rating=row.text("rating"),
        successful=_successful(row, context),
        objectives_set=row.get("objectives_set"),
        source=context.source,
    )


def _build_course(row: Row, context: Context) -> Course | None:
    title = row.text("title")
    assert title is not None
    ref = row.text("course_ref")
    key = course_key(ref or title)
    name = "course_ref" if ref else "title"
    if _duplicate(row, context, ("course", key), name, f"course {ref or title!r}"):
        return None
    validity = row.get("validity_months")
    course = Course(
        key=key,
        title=title,
        provider=row.text("provider") or "",
        mandatory=row.get("mandatory") is True,
        validity_months=validity if isinstance(validity, int) else None,
        post_qualifying=row.get("post_qualifying") is True,
        practice_educator=row.get("practice_educator") is True,
        source=context.source,
    )
    context.courses[key] = course
    return course


def _course(row: Row, context: Context) -> str | None:
    """The key of the course a training row names: by reference (or a title keying it), else by title."""
    named = row.text("course")
    assert named is not None
    key = course_key(named)
    if key in context.courses:
        return key
    titled = [c.key for c in context.courses.values() if normalise_value(c.title) == normalise_value(named)]
    if len(titled) == 1:
        return titled[0]
    if titled:
        message = (
            f"{len(titled)} courses held are titled {named!r}, so the row is ambiguous. Give the course's reference "
            "(course_ref in the courses file) instead of its title."
        )
    else:
        message = (
            f"No course {named!r} in the courses held (by reference or title). Import the courses file first, or "
            "give the course's reference or exact title as the courses file has it."
        )
    row.error("IMP-REF-004", "course", message)
    return None


def _build_training(row: Row, context: Context) -> TrainingRecord | None:
    status = _as(row.get("status"), TrainingStatus)
    if status is None or not _all_in_order(row, "booked_on", "on", "completed_on"):
        return None
    person, course = _person(row, context), _course(row, context)
    if person is None or course is None:
        return None
    day = row.day("on") or row.day("booked_on")  # as domain/overlay.py keys a booking
    if _duplicate(row, context, ("training", person, course, day), "course", "this person's booking on this course"):
        return None
    return TrainingRecord(
        person_key=person,
        course_key=course,
        status=status,
        booked_on=row.day("booked_on"),
        on=row.day("on"),
        completed_on=row.day("completed_on"),
        source=context.source,
    )


def _build_programme(row: Row, context: Context) -> ProgrammeSpell | None:
    programme, start = _as(row.get("programme"), Programme), row.day("start")
    if programme is None or start is None or _ends_before_start(row, "start", "end"):
        return None
    if not _all_in_order(row, "start", "midpoint_review", "final_review"):
        return None
    person = _person(row, context)
    if person is None:
        return None
    engagement = _spell_engagement(row, context, person, start)
    if row.has_errors:
        return None
    if _duplicate(
        row, context, ("programme", person, programme, start), "start", f"this person's {programme.label} start"
    ):
        return None
    pct, cases = row.get("protected_time_pct"), row.get("protected_caseload")
    return ProgrammeSpell(
        key=f"programme:{person}/{programme.value}/{start.isoformat()}",
        person_key=person,
        programme=programme,
        start=start,
        end=row.day("end"),
        outcome=_as(row.get("outcome"), ProgrammeOutcome) or ProgrammeOutcome.ONGOING,
        midpoint_review=row.day("midpoint_review"),
        final_review=row.day("final_review"),
        protected_caseload=cases if isinstance(cases, int) else None,
        protected_time_pct=pct if isinstance(pct, Decimal) else None,
        engagement_key=engagement,
        source=context.source,
    )


def _spell_engagement(row: Row, context: Context, person: str, start: date) -> str | None:
    """A programme spell's engagement: the one ``engagement_ref`` names (an IMP-REF-001 issue if not held),
    else the person's one engagement in post on ``start``, else None (not known; not an error)."""
    ref = row.text("engagement_ref")
    if ref is not None:
        return _named_engagement(row, context, ref)
    matches = [e.key for e in context.engagements.values() if e.person_key == person and e.in_post_on(start)]
    return matches[0] if len(matches) == 1 else None


def _build_grade(row: Row, context: Context) -> Grade | None:
    name, rank = row.text("name"), row.get("rank")
    if name is None or not isinstance(rank, int):
        return None
    if _duplicate(row, context, ("grade", normalise_value(name)), "name", f"grade {name!r}"):
        return None
    titles = tuple(t.strip() for t in (row.text("titles") or "").split(";") if t.strip())
    for title in titles:
        if _duplicate(row, context, ("grade-title", normalise_value(title)), "titles", f"job title {title!r}"):
            return None
    return Grade(name=name, rank=rank, titles=titles, source=context.source)


_FUNNEL = ("eligible_for_nqsw", "applied", "interviewed", "offered", "appointed")


def _build_placement(row: Row, context: Context) -> StudentPlacement | None:
    student, start = row.text("student_ref"), row.day("start")
    if student is None or start is None or _ends_before_start(row, "start", "end"):
        return None
    for i, later in enumerate(_FUNNEL):
        missed = next((e for e in _FUNNEL[:i] if row.get(e) is False), None)
        if row.get(later) is True and missed is not None:
            row.error(
                "IMP-ROW-014",
                later,
                f"{later} is yes but {missed} is no: each stage of the road to an NQSW post (eligible, applied, "
                "interviewed, offered, appointed) follows the one before. Correct whichever is wrong.",
            )
            return None
    ref = row.text("placement_ref")
    key = f"placement:{ref}" if ref else f"placement:{student}@{start.isoformat()}"
    name = "placement_ref" if ref else "start"
    if _duplicate(row, context, ("placement", key), name, f"placement {ref or student!r}"):
        return None
    team = row.text("team")
    return StudentPlacement(
        key=key,
        student_ref=student,
        start=start,
        end=row.day("end"),
        university=row.text("university") or "",
        programme=row.text("programme") or "",
        year_of_study=_as(row.get("year_of_study"), int),
        practice_educator=row.text("practice_educator"),
        team_key=context.team(team) if team else None,
        outcome=_as(row.get("outcome"), PlacementOutcome) or PlacementOutcome.ONGOING,
        eligible_for_nqsw=row.get("eligible_for_nqsw"),
        applied=row.get("applied"),
        interviewed=row.get("interviewed"),
        offered=row.get("offered"),
        appointed=row.get("appointed"),
        person_key=_placement_person(row, context),
        source=context.source,
    )


def _placement_person(row: Row, context: Context) -> str | None:
    """The person a placed student became, by SWE number or staff reference, when held; a warning if not."""
    swe, ref = row.text("swe_no"), row.text("person_ref")
    if swe is None and ref is None:
        return None
    key = person_key_for_swe(swe) if swe else context.refs.get(ref or "")
    if key is not None and key in context.people:
        return key
    name, shown = ("swe_no", swe) if swe else ("person_ref", ref)
    row.issues.append(
        rule("IMP-REF-005").issue(
            f"No person {shown!r} is held, so the placement is kept without saying who the student became. Import "
            "the people file first and load the placements again to link them, or correct the reference.",
            row.where(name).location,
            shown,
        )
    )
    return None


_FINANCIAL_YEAR = re.compile(r"(?:fy\s*)?(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?")


def financial_year(text: str) -> int | None:
    """The year a financial year starts (1 April): ``2024``, ``2024-25``, ``2024/25``, ``2024/2025``, ``FY2024-25``
    are all 2024; None for anything else (the second year must follow the first)."""
    found = _FINANCIAL_YEAR.fullmatch(text.strip().casefold())
    if found is None:
        return None
    year, then = int(found.group(1)), found.group(2)
    if not 1990 <= year <= 2100:
        return None
    if then is not None and int(then) != (year + 1) % (100 if len(then) == 2 else 10_000):
        return None
    return year


def _build_placement_income(row: Row, context: Context) -> PlacementIncome | None:
    text, amount = row.text("financial_year"), row.get("amount")
    if text is None or not isinstance(amount, Decimal):
        return None
    year = financial_year(text)
    if year is None:
        row.error(
            "IMP-ROW-015",
            "financial_year",
            f"Financial year {text!r} is not understood. Give the year it starts (2024 for April 2024 to March 2025) "
            'or write it "2024-25", "2024/25" or "2024/2025".',
        )
        return None
    description = row.text("description") or ""
    if _duplicate(row, context, ("income", year, normalise_value(description)), "financial_year", "this year's income"):
        return None
    return PlacementIncome(financial_year=year, amount=amount, description=description, source=context.source)


def looks_like_a_person(value: str) -> str | None:
    """Why ``value`` (a child's reference) looks like something identifying rather than a pseudonymous reference:
    a name (words of letters, no digits) or an NHS number (10 digits whose last is the modulus 11 check digit of
    the others), or None."""
    digits = re.sub(r"[\s-]", "", value)
    if len(digits) == 10 and digits.isdigit():
        total = sum(int(d) * (10 - n) for n, d in enumerate(digits[:9]))
        check = 11 - total % 11
        if (0 if check == 11 else check) == int(digits[9]):
            return "an NHS number"
    words = [w for w in re.split(r"[\s,'.-]+", value.strip()) if w]
    if len(words) >= 2 and all(w.isalpha() for w in words) and sum(len(w) >= 2 for w in words) >= 2:
        return "a name"  # two words of letters or more, no digits ("Child A" is a label, not a name)
    return None


def _build_audit(row: Row, context: Context) -> CaseAudit | None:
    on, grade = row.day("on"), _as(row.get("grade"), AuditGrade)
    if row.text("child_ref") is None or on is None or grade is None:
        return None
    child = _pseudonymous(row)
    if child is None:
        return None
    ref = row.text("audit_ref")
    key = f"audit:{ref}" if ref else f"audit:{child}@{on.isoformat()}"
    name = "audit_ref" if ref else "on"
    if _duplicate(row, context, ("audit", key), name, f"audit {ref or child!r}"):
        return None
    team = row.text("team")
    elements = tuple(
        AuditElementGrade(element, given)
        for element in AuditElement
        if (given := _as(row.get(f"{element.value}_grade"), AuditGrade)) is not None
    )
    return CaseAudit(
        key=key,
        child_ref=child,
        on=on,
        grade=grade,
        team_key=context.team(team) if team else None,
        source=context.source,
        elements=elements,
    )


def _pseudonymous(row: Row) -> str | None:
    """The row's child reference, or None with an IMP-ROW-018 issue (the value neither shown nor kept) when it
    looks like a name or an NHS number (:func:`looks_like_a_person`)."""
    child = row.text("child_ref")
    if child is None:
        return None
    identifying = looks_like_a_person(child)
    if identifying is None:
        return child
    row.error(
        "IMP-ROW-018",
        "child_ref",
        f"This looks like {identifying}, not a pseudonymous reference. Only the child's case-management ID "
        "(or a reference made for the file) may be loaded: export the ID column instead. The value is not "
        "shown or kept.",
        show_value=False,
    )
    return None


def _build_allocation(row: Row, context: Context) -> CaseAllocation | None:
    start, end = row.day("start"), row.day("end")
    if start is None or _ends_before_start(row, "start", "end"):
        return None
    child = _pseudonymous(row)
    engagement = _engagement(row, context, "start")
    if child is None or engagement is None:
        return None
    ref = row.text("allocation_ref")
    key = f"allocation:{ref}" if ref else f"allocation:{child}/{engagement}@{start.isoformat()}"
    name = "allocation_ref" if ref else "start"
    if _duplicate(row, context, ("allocation", key), name, f"allocation {ref or child!r}"):
        return None
    last = end or date.max
    for first, (other_start, other_end) in context.allocations.get((child, engagement), []):
        if other_start <= last and start <= other_end:
            row.error(
                "IMP-ROW-035",
                "start",
                f"Child {child!r} is allocated to this worker from {start:%d/%m/%Y} on this row and from "
                f"{other_start:%d/%m/%Y} on row {first}, and the two allocations overlap: the child would be counted "
                "twice in the worker's caseload. Give the allocation once (one row from its first day to its last), "
                "or correct the dates.",
            )
            return None
    context.allocations.setdefault((child, engagement), []).append((row.number, (start, last)))
    ended = context.engagements[engagement].end_date
    if ended is not None and last > ended:
        row.issues.append(
            rule("IMP-ROW-036").issue(
                f"The allocation runs on after the worker's engagement ended on {ended:%d/%m/%Y}"
                + (" (it has no end date)" if end is None else f" (to {end:%d/%m/%Y})")
                + ". It is loaded as given and counts in the worker's caseload until it ends: if the child was "
                "reallocated when the worker left, correct the end date (or load the newer allocations).",
                row.where("end").location,
                text_of(end) if end is not None else None,
            )
        )
    return CaseAllocation(key, child, engagement, start, end, context.source)


_COUNT_ONLY = (PracticeIndicator.COMPLIMENTS, PracticeIndicator.COMPLAINTS)


def _build_indicator(row: Row, context: Context) -> IndicatorMonth | None:
    indicator, day = _as(row.get("indicator"), PracticeIndicator), row.day("month")
    numerator, denominator = _as(row.get("numerator"), int), _as(row.get("denominator"), int)
    if indicator is None or day is None or numerator is None:
        return None
    if indicator in _COUNT_ONLY and denominator is not None:
        problem = f"{indicator.label} are a count: leave the denominator empty"
    elif indicator not in _COUNT_ONLY and denominator is None:
        problem = f"{indicator.label} is a rate: give the denominator (how many were due) as well as the numerator"
    elif denominator is not None and numerator > denominator:
        problem = (
            f"the numerator ({numerator}) is more than the denominator ({denominator}): correct whichever is wrong"
        )
    else:
        problem = ""
    if problem:
        row.error("IMP-ROW-019", "denominator", problem[0].upper() + problem[1:] + ".")
        return None
    month = day.replace(day=1)
    if _duplicate(row, context, ("indicator", indicator, month), "month", f"{indicator.label} for {month:%B %Y}"):
        return None
    return IndicatorMonth(indicator, month, numerator, denominator, source=context.source)


def _build_hr_case(row: Row, context: Context) -> HRCase | None:
    ref, kind, opened = row.text("case_ref"), _as(row.get("kind"), HRCaseKind), row.day("opened")
    if ref is None or kind is None or opened is None or _ends_before_start(row, "opened", "closed"):
        return None
    key = f"case:{ref}"
    if _duplicate(row, context, ("hr_case", key), "case_ref", f"case {ref!r}"):
        return None
    return HRCase(key=key, kind=kind, opened=opened, closed=row.day("closed"), source=context.source)


# -- staff voice -------------------------------------------------------------------------------------------

_FREE_TEXT_THEME = 40  # characters: a "theme" longer than this reads as what someone said, not a theme


def _split_themes(text: str) -> list[str]:
    for separator in THEMES_SEPARATORS[1:]:
        text = text.replace(separator, THEMES_SEPARATORS[0])
    return [t.strip() for t in text.split(THEMES_SEPARATORS[0]) if t.strip()]


def _themes(row: Row, context: Context) -> tuple[VoiceTheme, ...] | None:
    """The interview's themes (in ``VoiceTheme`` order, each once), or None with an issue: a theme that reads as
    free text (long) is IMP-ROW-030 and not shown; another not on the list is IMP-ROW-003."""
    text = row.text("themes")
    if text is None:
        return ()
    translations = context.mapping.translation("themes") if context.mapping is not None else {}
    found: set[VoiceTheme] = set()
    unknown: list[str] = []
    for item in _split_themes(text):
        theme = translate(item, VoiceTheme, translations)
        if not isinstance(theme, VoiceTheme):
            unknown.append(item)
        else:
            found.add(theme)
    if any(len(item) > _FREE_TEXT_THEME for item in unknown):
        row.error(
            "IMP-ROW-030",
            "themes",
            "The themes cell holds text that reads as what someone said (more than "
            f"{_FREE_TEXT_THEME} characters between the ; separators), not a theme. Only coded themes are loaded: "
            "give the themes (or the council's theme names) separated by ;. The text is not shown here or kept.",
            show_value=False,
        )
        return None
    if unknown:
        accepted = "; ".join(f"{t.value} ({t.label})" for t in VoiceTheme)
        example = f'"code_translations": {{"themes": {{"{unknown[0]}": "<theme>"}}}}'
        row.error(
            "IMP-ROW-003",
            "themes",
            f"Theme {unknown[0]!r} is not on the theme list. Accepted themes: {accepted}. Correct the cell, or if "
            f"{unknown[0]!r} is the council's own name for a theme, add it to the column mapping: {example}.",
        )
        return None
    return tuple(t for t in VoiceTheme if t in found)


def _leaving_engagement(row: Row, context: Context, day: date) -> str | None:
    """An exit interview's engagement: by engagement_ref, else the person's engagement in post on ``day`` (an
    interview before the last day), else the one that ended latest on or before it (the one they left)."""
    ref = row.text("engagement_ref")
    if ref is not None:
        return _named_engagement(row, context, ref)
    person = _person(row, context)
    if person is None:
        return None
    theirs = [e for e in context.engagements.values() if e.person_key == person]
    in_post = [e.key for e in theirs if e.in_post_on(day)]
    ended = [e for e in theirs if e.end_date is not None and e.end_date <= day]
    name = "swe_no" if row.text("swe_no") else "person_ref"
    if len(in_post) > 1:
        row.error(
            "IMP-REF-003",
            name,
            f"This person has {len(in_post)} engagements in post on {day:%d/%m/%Y}, so the row is ambiguous. "
            "Add an engagement reference column.",
        )
        return None
    if in_post:
        return in_post[0]
    if ended:
        return max(ended, key=lambda e: (e.end_date, e.key)).key
    row.error(
        "IMP-REF-002",
        name,
        f"This person has no engagement in post on {day:%d/%m/%Y}, nor one that ended before it, to have left. "
        "Check the date, or import their engagement (start and end dates) first.",
    )
    return None


def _build_interview(row: Row, context: Context) -> StaffInterview | None:
    kind, on = _as(row.get("kind"), InterviewKind), row.day("on")
    if kind is None or on is None:
        return None
    themes = _themes(row, context)
    if themes is None:
        return None
    exit_ = kind is InterviewKind.EXIT
    engagement = _leaving_engagement(row, context, on) if exit_ else _engagement(row, context, "on")
    if engagement is None:
        return None
    ref = row.text("interview_ref")
    key = f"interview:{ref}" if ref else f"interview:{engagement}/{kind.value}@{on.isoformat()}"
    what = f"interview {ref!r}" if ref else f"this worker's {kind.label.lower()} on this date"
    if _duplicate(row, context, ("interview", key), "interview_ref" if ref else "on", what):
        return None
    if exit_ and context.engagements[engagement].end_date is None:
        row.issues.append(
            rule("IMP-ROW-031").issue(
                f"The engagement this exit interview belongs to ({engagement}) has no end date held, so the worker "
                "is not yet a leaver in the records. The interview is loaded and counted among the interviews; it "
                "counts against a leaver (and their reason for leaving) once the engagements file gives the end "
                "date. If it is a retention interview, correct its kind.",
                row.where("kind").location,
                kind.value,
            )
        )
    return StaffInterview(key, engagement, kind, on, themes, context.source)


def _build_survey_wave(row: Row, context: Context) -> SurveyWave | None:
    ref, on, instrument = row.text("wave_ref"), row.day("on"), row.text("instrument")
    responses, invited = _as(row.get("responses"), int), _as(row.get("invited"), int)
    if ref is None or on is None or instrument is None or responses is None:
        return None
    if invited is not None and responses > invited:
        row.error(
            "IMP-ROW-032",
            "responses",
            f"This wave has {responses} responses but {invited} staff invited: no more can respond than were "
            "invited. Correct whichever count is wrong.",
        )
        return None
    key = f"wave:{ref}"
    if _duplicate(row, context, ("wave", key), "wave_ref", f"survey wave {ref!r}"):
        return None
    wave = SurveyWave(key, on, instrument, responses, invited, context.source)
    context.waves[key] = wave
    return wave


def _build_survey_answer(row: Row, context: Context) -> SurveyAnswer | None:
    ref, question = row.text("wave_ref"), row.text("question_code")
    option, count = _as(row.get("option"), AnswerOption), _as(row.get("count"), int)
    if ref is None or question is None or option is None or count is None:
        return None
    wave = context.waves.get(f"wave:{ref}")
    if wave is None:
        row.error(
            "IMP-ROW-033",
            "wave_ref",
            f"No survey wave {ref!r} is held. Load the survey waves file first (its wave reference, date, "
            "instrument and responses), or correct the reference.",
        )
        return None
    code = normalise_value(question)
    if _duplicate(row, context, ("answer", wave.key, code, option), "option", f"{option.label!r} to {question!r}"):
        return None
    so_far = context.answered.get((wave.key, code), 0) + (count if option.answers else 0)
    if so_far > wave.responses:
        row.error(
            "IMP-ROW-034",
            "count",
            f"The answers to {question!r} in wave {ref!r} add up to {so_far} with this row, more than the wave's "
            f"{wave.responses} responses. Check the counts are numbers of respondents, not percentages, and that "
            "the row names the right wave.",
        )
        return None
    context.answered[(wave.key, code)] = so_far
    return SurveyAnswer(wave.key, question, option, count, row.text("question_text") or "", context.source)


# -- agency placements, costs and price caps ---------------------------------------------------------------


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _link_name(row: Row) -> str:
    """The column a row's engagement was found by (for an issue about that engagement)."""
    return next((n for n in ("engagement_ref", "swe_no", "person_ref") if row.text(n) is not None), "person_ref")


def _permanent(row: Row, context: Context, worker: str) -> Engagement | None | bool:
    """The permanent engagement the placement's worker (person key ``worker``) converted to (None: not given;
    False: an issue was raised)."""
    ref = row.text("permanent_engagement_ref")
    if ref is None:
        return None
    held = context.engagements.get(f"eng:{ref}")
    if held is None:
        row.error(
            "IMP-REF-001",
            "permanent_engagement_ref",
            f"No engagement {ref!r} in the records already held. Import the engagements file first, or correct it.",
        )
        return False
    if held.is_agency or held.person_key != worker:
        what = "an agency engagement" if held.is_agency else "another person's engagement"
        row.error(
            "IMP-ROW-020",
            "permanent_engagement_ref",
            f"Engagement {ref!r} is {what}, not the permanent or fixed-term one this worker converted to. Correct "
            "the reference, or leave it blank.",
        )
        return False
    return held


def _outside_engagement(row: Row, held: Engagement) -> bool:
    """An IMP-ROW-021 issue when the placement's dates are not within its engagement's."""
    start, end = row.day("start"), row.day("end")
    assert start is not None
    if held.start_date is not None and start < held.start_date:
        name, problem = "start", f"starts on {start:%d/%m/%Y}, before its engagement ({held.start_date:%d/%m/%Y})"
    elif held.end_date is not None and (end is None or end > held.end_date):
        when = "has no end date" if end is None else f"ends on {end:%d/%m/%Y}"
        name, problem = "end", f"{when}, but its engagement ended on {held.end_date:%d/%m/%Y}"
    else:
        return False
    row.error(
        "IMP-ROW-021",
        name,
        f"This placement {problem}. A placement is part of one agency engagement: give it that engagement's dates, "
        "or correct the engagement.",
    )
    return True


def _build_agency_placement(row: Row, context: Context) -> AgencyPlacement | None:
    start = row.day("start")
    if start is None or _ends_before_start(row, "start", "end") or not _in_order(row, "start", "converted_on"):
        return None
    engagement = _engagement(row, context, "start")
    if engagement is None:
        return None
    held = context.engagements[engagement]
    if not held.is_agency:
        row.error(
            "IMP-ROW-020",
            _link_name(row),
            f"The engagement this placement links to ({held.contract.label.lower()}) is not an agency engagement. "
            "Link it to the worker's agency engagement, or correct that engagement's contract to agency.",
        )
        return None
    permanent = _permanent(row, context, held.person_key)
    if permanent is False or _outside_engagement(row, held):
        return None
    pay, charge = _as(row.get("pay_rate"), Decimal), _as(row.get("charge_rate"), Decimal)
    if pay is not None and charge is not None and pay > charge:
        row.error(
            "IMP-ROW-022",
            "pay_rate",
            f"The pay rate (£{pay} an hour) is above the charge rate (£{charge}), which includes it. Check the columns "
            "are not swapped and that both are hourly.",
        )
        return None
    ref = row.text("placement_ref")
    key = f"agency:{ref}" if ref else f"agency:{engagement}@{start.isoformat()}"
    if _duplicate(row, context, ("agency", key), "placement_ref" if ref else "start", f"placement {key!r}"):
        return None
    team, post, funded = row.text("team"), row.text("post_ref"), row.get("funded_post")
    converted = row.day("converted_on")
    if converted is None and isinstance(permanent, Engagement):
        converted = permanent.start_date
    placement = AgencyPlacement(
        key=key,
        engagement_key=engagement,
        start=start,
        end=row.day("end"),
        supplier=row.text("supplier") or "",
        role=_as(row.get("role"), OrgRole),
        grade=row.text("grade"),
        team_key=context.team(team) if team else None,
        post_ref=post,
        funded_post=funded if isinstance(funded, bool) else (True if post is not None else None),
        pay_rate=pay,
        charge_rate=charge,
        pqe_years=_as(row.get("pqe_years"), Decimal),
        references=row.get("references"),
        rule=_as(row.get("rule"), AgencyRule),
        converted_on=converted,
        permanent_engagement_key=permanent.key if isinstance(permanent, Engagement) else None,
        source=context.source,
    )
    context.agency[key] = placement
    return placement


def _in_month(placement: AgencyPlacement, first: date, last: date) -> bool:
    return placement.start <= last and (placement.end is None or placement.end > first)


def _cost_placement(row: Row, context: Context, first: date, last: date) -> str | None:
    """The placement a month's cost is for, or None with an issue."""
    month = f"{first:%B %Y}"
    ref = row.text("placement_ref")
    if ref is not None:
        found = context.agency.get(f"agency:{ref}")
        if found is None:
            row.error(
                "IMP-REF-001",
                "placement_ref",
                f"No agency placement {ref!r} in this file or in the records already held. Import the agency "
                "placements file first, or correct the reference.",
            )
            return None
        if not _in_month(found, first, last):
            row.error(
                "IMP-ROW-023",
                "month",
                f"Placement {ref!r} was not in post in {month}. Check the month, or the placement's dates.",
            )
            return None
        return found.key
    eng = row.text("engagement_ref")
    if eng is not None:
        named = _named_engagement(row, context, eng)
        if named is None:
            return None
        engagements = {named}
    else:
        person = _person(row, context)
        if person is None:
            return None
        engagements = {e.key for e in context.engagements.values() if e.person_key == person}
    theirs = [a for a in context.agency.values() if a.engagement_key in engagements]
    matches = [a.key for a in theirs if _in_month(a, first, last)]
    if len(matches) == 1:
        return matches[0]
    name = _link_name(row)
    if not theirs:
        row.error(
            "IMP-REF-001",
            name,
            "No agency placement is held for this worker. Import the agency placements file first, or correct the "
            "reference.",
        )
    elif not matches:
        row.error(
            "IMP-ROW-023",
            "month",
            f"This worker had no agency placement in post in {month}. Check the month, or the placement's dates.",
        )
    else:
        row.error(
            "IMP-REF-003",
            name,
            f"This worker has {len(matches)} agency placements in post in {month}, so the row is ambiguous. Add a "
            "placement_ref column.",
        )
    return None


def _build_agency_cost(row: Row, context: Context) -> AgencyCost | None:
    day = row.day("month")
    if day is None:
        return None
    hours, spend = _as(row.get("hours"), Decimal), _as(row.get("spend"), Decimal)
    if hours is None and spend is None:
        row.error(
            "IMP-ROW-023",
            "spend",
            "This row gives neither hours nor spend. Give the month's hours or spend (or both), or remove the row.",
        )
        return None
    first = day.replace(day=1)
    placement = _cost_placement(row, context, first, _month_end(first))
    if placement is None:
        return None
    if _duplicate(row, context, ("agency cost", placement, first), "month", f"this placement's {first:%B %Y}"):
        return None
    return AgencyCost(placement, first, hours, spend, source=context.source)


def _build_agency_cap(row: Row, context: Context) -> AgencyCap | None:
    region, basis, rate = row.text("region"), _as(row.get("basis"), CapBasis), _as(row.get("rate"), Decimal)
    begin = row.day("effective_from")
    if region is None or basis is None or rate is None or begin is None:
        return None
    if _ends_before_start(row, "effective_from", "effective_to"):
        return None
    role, grade, until = _as(row.get("role"), OrgRole), row.text("grade"), row.day("effective_to")
    group = (normalise_value(region), role, normalise_value(grade) if grade else None, basis)
    if _duplicate(row, context, ("cap", group, begin), "effective_from", "this region, role, grade and rate's cap"):
        return None
    held = context.caps.setdefault(group, [])
    for other_from, other_to, other_row in held:
        if begin <= (other_to or date.max) and other_from <= (until or date.max):
            row.error(
                "IMP-ROW-024",
                "effective_from",
                f"This cap is in force on some of the same days as row {other_row}'s, for the same region, role, grade "
                f"and {basis.label.lower()}. End the earlier cap the day before the later begins.",
            )
            return None
    held.append((begin, until, row.number))
    return AgencyCap(region, role, grade, basis, rate, begin, until, source=context.source)


# -- recruitment -------------------------------------------------------------------------------------------


def _codes(row: Row, context: Context, name: str, codes: type[T]) -> tuple[T, ...] | None:
    """The codes a cell lists, separated by ``;`` (each as a code, its label or a translation; repeats once),
    or None with an IMP-ROW-003 issue naming the first one not recognised."""
    found: list[Any] = []
    translations = context.mapping.translation(name) if context.mapping is not None else {}
    for part in (p.strip() for p in (row.text(name) or "").split(";")):
        if not part:
            continue
        member = translate(part, codes, translations)  # type: ignore[arg-type]
        if member is None:
            accepted = "; ".join(f"{m.value} ({m.label})" for m in codes)  # type: ignore[attr-defined]
            row.error(
                "IMP-ROW-003",
                name,
                f"{name}: {part!r} is not recognised. Give one or more of {accepted}, separated by ;. If {part!r} is "
                f'your system\'s own value, add it to the column mapping: "code_translations": {{"{name}": '
                f'{{"{part}": "<code>"}}}}.',
            )
            return None
        if member not in found:
            found.append(member)
    return tuple(found)


def _build_campaign(row: Row, context: Context) -> RecruitmentCampaign | None:
    ref, opened = row.text("campaign_ref"), row.day("opened")
    if ref is None or opened is None or _ends_before_start(row, "opened", "closed"):
        return None
    channels = _codes(row, context, "channels", RecruitmentChannel)
    if channels is None:
        return None
    key = f"campaign:{ref}"
    if _duplicate(row, context, ("campaign", key), "campaign_ref", f"campaign {ref!r}"):
        return None
    team, cost = row.text("team"), row.get("cost")
    campaign = RecruitmentCampaign(
        key=key,
        opened=opened,
        closed=row.day("closed"),
        role=_as(row.get("role"), OrgRole),
        team_key=context.team(team) if team else None,
        post=row.text("post"),
        channels=channels,
        cost=cost if isinstance(cost, Decimal) else None,
        cost_type=_as(row.get("cost_type"), RecruitmentCost),
        source=context.source,
    )
    context.campaigns[key] = campaign
    return campaign


# The steps of an application in the order they come, and the stage each withdrawn or rejected one ended at:
# the steps after it that it cannot have reached.
_STEPS = ("applied", "shortlisted", "interviewed", "offered", "accepted", "started")
_NOT_REACHED: dict[ApplicationStage, tuple[str, ...]] = {
    ApplicationStage.SIFT: _STEPS[1:],
    ApplicationStage.SHORTLIST: _STEPS[2:],
    ApplicationStage.INTERVIEW: _STEPS[3:],
    ApplicationStage.OFFER: _STEPS[4:],
    ApplicationStage.CHECKS: _STEPS[5:],
}


def _outcome_fits(row: Row) -> bool:
    """A withdrawal or rejection gives its stage and date, and no date of a step after that stage; a stage or
    date is given only with an outcome; an application that started has none (IMP-ROW-025)."""
    outcome, stage = _as(row.get("outcome"), ApplicationOutcome), _as(row.get("outcome_stage"), ApplicationStage)
    on = row.day("outcome_on")
    problem, name = "", "outcome"
    if outcome is None and (stage is not None or on is not None):
        problem = (
            "A stage or date of withdrawal or rejection is given, but no outcome: give the outcome (withdrawn or "
            "rejected), or clear them."
        )
        name = "outcome_stage" if stage is not None else "outcome_on"
    elif outcome is not None and (stage is None or on is None):
        problem = f"The application is {outcome.value}: give the stage it ended at and the date as well."
        name = "outcome_stage" if stage is None else "outcome_on"
    elif outcome is not None and stage is not None:
        later = [step for step in _NOT_REACHED[stage] if row.day(step) is not None]
        if later:
            problem = (
                f"The application is {outcome.value} at stage {stage.value!r} ({stage.label.lower()}), but it gives "
                f"a date for {later[0]}, a later step. Correct the stage, or the date."
            )
            name = "outcome_stage"
    if problem:
        row.error("IMP-ROW-025", name, problem)
        return False
    return True


def _build_application(row: Row, context: Context) -> JobApplication | None:
    ref, campaign_ref, applied = row.text("application_ref"), row.text("campaign_ref"), row.day("applied")
    if ref is None or campaign_ref is None or applied is None:
        return None
    # the steps in their order; DBS clearance after the offer it is a condition of (else after the application),
    # references after the application, a withdrawal or rejection after the last step reached (IMP-ROW-014)
    in_order = _all_in_order(row, *_STEPS)
    cleared_after = "offered" if row.day("offered") is not None else "applied"  # one issue for one wrong date
    last_step = [step for step in _STEPS if row.day(step) is not None][-1]  # the outcome comes after it
    after = ((cleared_after, "dbs_cleared"), ("applied", "references_complete"), (last_step, "outcome_on"))
    in_order = all([in_order, *(_in_order(row, a, b) for a, b in after)])
    if not in_order or not _outcome_fits(row):
        return None
    reasons = _codes(row, context, "reasons", ApplyReason)
    if reasons is None:
        return None
    campaign = context.campaigns.get(f"campaign:{campaign_ref}")
    if campaign is None:
        row.error(
            "IMP-ROW-026",
            "campaign_ref",
            f"No campaign {campaign_ref!r} is held. Load the campaigns file first (it names each campaign by the "
            "reference applications give), or correct the reference.",
        )
        return None
    engagement = _application_engagement(row, context)
    if row.has_errors:
        return None
    if campaign.opened > applied:
        row.error(
            "IMP-ROW-029",
            "applied",
            f"The application is dated {applied:%d/%m/%Y}, before campaign {campaign_ref!r} opened on "
            f"{campaign.opened:%d/%m/%Y}. It is loaded; check the date, or the campaign it names.",
        )
    key = f"application:{ref}"
    if _duplicate(row, context, ("application", key), "application_ref", f"application {ref!r}"):
        return None
    return JobApplication(
        key=key,
        campaign_key=campaign.key,
        applied=applied,
        channel=_as(row.get("channel"), RecruitmentChannel),
        route=_as(row.get("route"), RecruitmentRoute),
        shortlisted=row.day("shortlisted"),
        interviewed=row.day("interviewed"),
        offered=row.day("offered"),
        accepted=row.day("accepted"),
        dbs_cleared=row.day("dbs_cleared"),
        references_complete=row.day("references_complete"),
        started=row.day("started"),
        outcome=_as(row.get("outcome"), ApplicationOutcome),
        outcome_stage=_as(row.get("outcome_stage"), ApplicationStage),
        outcome_on=row.day("outcome_on"),
        engagement_key=engagement,
        reasons=reasons,
        source=context.source,
    )


def _application_engagement(row: Row, context: Context) -> str | None:
    """The engagement a started application led to: the one ``engagement_ref`` names, else the person's (by SWE
    number or staff reference) in post on the start date; None when the row names neither. Naming one with no
    start date is IMP-ROW-027; one that began on another day than the start date a warning (IMP-ROW-028)."""
    named = next((n for n in ("engagement_ref", "person_ref", "swe_no") if row.text(n) is not None), None)
    if named is None:
        return None
    started = row.day("started")
    if started is None:
        row.error(
            "IMP-ROW-027",
            named,
            "The row names the engagement the application led to, but gives no start date. Give the date the "
            "applicant started, or leave the engagement out until they have.",
        )
        return None
    key = _engagement(row, context, "started")
    engagement = context.engagements.get(key) if key is not None else None
    if engagement is not None and engagement.start_date is not None and engagement.start_date != started:
        row.error(
            "IMP-ROW-028",
            "started",
            f"The applicant started on {started:%d/%m/%Y}, but the engagement it names began on "
            f"{engagement.start_date:%d/%m/%Y}. It is loaded with the link; check which date is right.",
        )
    return key


# -- action plans ------------------------------------------------------------------------------------------


def _plan(row: Row, context: Context) -> PlanOutline | None:
    """The strategy and outcome an action names (IMP-ROW-037 when the app holds no such strategy or outcome)."""
    strategy_id, outcome = row.text("strategy") or "", row.text("outcome") or ""
    plan = context.plans.get(strategy_id)
    if plan is None:
        held = ", ".join(sorted(context.plans)) or "none"
        row.error(
            "IMP-ROW-037",
            "strategy",
            f"No strategy {strategy_id!r} is held. Give one of the strategies' ids: {held}.",
        )
        return None
    if outcome not in plan.outcomes:
        row.error(
            "IMP-ROW-037",
            "outcome",
            f"Strategy {strategy_id!r} has no outcome {outcome!r}. Its outcomes are: {', '.join(plan.outcomes)}.",
        )
        return None
    return plan


def _build_action(row: Row, context: Context) -> Action | None:
    ref, title, status = row.text("action_ref"), row.text("title"), _as(row.get("status"), ActionStatus)
    if ref is None or title is None or status is None or _ends_before_start(row, "start", "due"):
        return None
    plan = _plan(row, context)
    if plan is None:
        return None
    measures: list[str] = []
    for part in (p.strip() for p in (row.text("measures") or "").split(";")):
        if part and part not in plan.measures:
            row.error(
                "IMP-ROW-038",
                "measures",
                f"Strategy {plan.strategy_id!r} names no measure {part!r}. Give the ids of its own measures "
                f"({', '.join(sorted(plan.measures))}), separated by ;.",
            )
            return None
        if part and part not in measures:
            measures.append(part)
    key = action_key(plan.strategy_id, ref)
    if _duplicate(row, context, ("action", key), "action_ref", f"action {ref!r} of {plan.strategy_id!r}"):
        return None
    action = Action(
        key=key,
        strategy_id=plan.strategy_id,
        outcome_id=row.text("outcome") or "",
        ref=ref,
        title=title,
        status=status,
        owner=row.text("owner"),
        start=row.day("start"),
        due=row.day("due"),
        measures=tuple(measures),
        source=context.source,
    )
    context.actions[key] = action
    return action


def _build_action_update(row: Row, context: Context) -> ActionUpdate | None:
    strategy_id, ref, on = row.text("strategy"), row.text("action_ref"), row.day("on")
    status = _as(row.get("status"), ActionStatus)
    if strategy_id is None or ref is None or on is None or status is None:
        return None
    key = action_key(strategy_id, ref)
    if key not in context.actions:
        row.error(
            "IMP-ROW-039",
            "action_ref",
            f"No action {ref!r} of strategy {strategy_id!r} is held. Load the actions file first, or correct the "
            "strategy or the reference.",
        )
        return None
    if _duplicate(row, context, ("update", key, on), "on", f"an update of action {ref!r} on {on:%d/%m/%Y}"):
        return None
    return ActionUpdate(key, on, status, row.text("note"), row.text("by"), context.source)


# The date fields of each kind of record a file may state the date its data is complete from for (in order).
_DATES: dict[type[Any], tuple[str, ...]] = {
    SupervisionSession: ("on",),
    PerformanceReview: ("due", "completed"),
    TrainingRecord: ("booked_on", "on", "completed_on"),
    ProgrammeSpell: ("start", "midpoint_review", "final_review", "end"),
    StudentPlacement: ("start", "end"),
    HRCase: ("opened", "closed"),
    CaseAudit: ("on",),
    IndicatorMonth: ("month",),
    CaseAllocation: ("start", "end"),
    StaffInterview: ("on",),
    AgencyPlacement: ("start", "converted_on", "end"),
    AgencyCost: ("month",),
    RecruitmentCampaign: ("opened", "closed"),
    JobApplication: ("applied", *_STEPS[1:], "dbs_cleared", "references_complete", "outcome_on"),
}


def _last_day(record: Record) -> tuple[str, date] | None:
    """The field and the date of the last day ``record`` mentions (a year's income: its 31 March), or None for a
    programme spell or a placement with no end date (it runs on)."""
    if isinstance(record, PlacementIncome):
        return "financial_year", date(record.financial_year + 1, 3, 31)
    if isinstance(record, ProgrammeSpell | StudentPlacement) and record.end is None:
        return None
    if isinstance(record, HRCase | RecruitmentCampaign) and record.closed is None:  # still open: it runs on
        return None
    if isinstance(record, CaseAllocation) and record.end is None:  # still allocated: it runs on
        return None
    if isinstance(record, AgencyPlacement) and record.end is None:  # ongoing: it runs on
        return None
    if isinstance(record, AgencyCost):  # the month's last day
        return "month", _month_end(record.month)
    given = [(name, day) for name in _DATES[type(record)] if (day := getattr(record, name)) is not None]
    return max(given, key=lambda pair: pair[1], default=None)


def _before_complete_from(row: Row, record: Record, complete_from: date) -> None:
    """An IMP-ROW-016 warning when the whole of ``record`` is before ``complete_from``: the file's data is said to
    be complete only from then, so the record is kept but makes no earlier period's figures available."""
    last = _last_day(record)
    if last is None or last[1] >= complete_from:
        return
    name, day = last
    row.error(
        "IMP-ROW-016",
        name,
        f"This record ends on {day:%d/%m/%Y} ({name}), before {complete_from:%d/%m/%Y}, the date you gave for this "
        f"file's data being complete from. It is loaded, but figures for periods beginning before "
        f"{complete_from:%d/%m/%Y} stay withheld. If the file's data is complete from an earlier date, upload it "
        "again giving that date; if this is an older record kept in the extract, nothing needs doing.",
    )


def _as(value: Value, cls: type[T]) -> T | None:
    return value if isinstance(value, cls) and not isinstance(value, bool) else None


_BUILDERS: dict[Kind, Any] = {
    Kind.PEOPLE: _build_person,
    Kind.ENGAGEMENTS: _build_engagement,
    Kind.ASSIGNMENTS: _build_assignment,
    Kind.ABSENCES: _build_absence,
    Kind.CASELOADS: _build_caseload,
    Kind.POSTS: _build_post,
    Kind.TEAMS: _build_team,
    Kind.SUPERVISION: _build_supervision,
    Kind.SUPERVISION_POLICY: _build_supervision_standard,
    Kind.REVIEWS: _build_review,
    Kind.COURSES: _build_course,
    Kind.TRAINING: _build_training,
    Kind.PROGRAMMES: _build_programme,
    Kind.GRADES: _build_grade,
    Kind.PLACEMENTS: _build_placement,
    Kind.PLACEMENT_INCOME: _build_placement_income,
    Kind.HR_CASES: _build_hr_case,
    Kind.AUDITS: _build_audit,
    Kind.INDICATORS: _build_indicator,
    Kind.ALLOCATIONS: _build_allocation,
    Kind.INTERVIEWS: _build_interview,
    Kind.SURVEY_WAVES: _build_survey_wave,
    Kind.SURVEY_ANSWERS: _build_survey_answer,
    Kind.AGENCY_PLACEMENTS: _build_agency_placement,
    Kind.AGENCY_COSTS: _build_agency_cost,
    Kind.AGENCY_CAPS: _build_agency_cap,
    Kind.CAMPAIGNS: _build_campaign,
    Kind.APPLICATIONS: _build_application,
    Kind.ACTIONS: _build_action,
    Kind.ACTION_UPDATES: _build_action_update,
}
assert set(_BUILDERS) == set(KINDS)
