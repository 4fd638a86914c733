"""Writing and reading a council's workforce records (domain values <-> database rows).

Writes use ``executemany`` with plain tuples: a national load is about a million rows, and the ORM's
per-object work would dominate it. Reads for one council use the ORM.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from django.db import connection, models
from django.db.models import F
from django.db.models.expressions import OrderBy

from csc_workforce.domain import records as r
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
    Eligibility,
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
from csc_workforce.store import models as m


def source_key(source_id: int | None) -> str | None:
    return f"source:{source_id}" if source_id is not None else None


@lru_cache(maxsize=4096)  # a few keys, on every row written
def source_id(key: str | None) -> int | None:
    if key and key.startswith("source:"):
        return int(key.split(":", 1)[1])
    return None


def _code(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):  # the common case, without the property lookup of .value
        return str(value._value_)
    return str(value.value if hasattr(value, "value") else value)


def _insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert many rows: COPY on PostgreSQL, ``executemany`` on SQLite."""
    rows = list(rows)
    if not rows:
        return
    qn = connection.ops.quote_name
    fields = {f.name: f.column for f in model._meta.concrete_fields}
    cols = ", ".join(qn(fields.get(c, c)) for c in columns)
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def links_checked() -> None:
    """Check the links (foreign keys) of the rows written so far in this transaction now, not at its COMMIT.

    On PostgreSQL the links between records are deferred constraints, each row's checked when the transaction
    commits: for a national import that is 1.3 million checks (6 s) at the very end, after the files have all been
    read and with the other core idle. Checked after each council instead, they are done while the next councils
    are read (issue 15). A broken link raises here and the transaction is rolled back, as it would be at COMMIT;
    the constraints stay deferred for what follows (Django's ``check_constraints``: ``SET CONSTRAINTS ALL
    IMMEDIATE``, then ``DEFERRED``). Nothing on SQLite, whose check reads every row of the tables named."""
    if connection.vendor == "postgresql":
        connection.check_constraints()


def _ids(model: type[models.Model], council_id: int) -> dict[str, int]:
    return dict(model._default_manager.filter(council_id=council_id).values_list("key", "id"))


def records_delete(*, council: m.Council, source_kind: str | None = None) -> None:
    """Delete a council's records (only those from sources of ``source_kind`` when given)."""
    data_changed()
    for model in (
        m.ActionUpdate,
        m.Action,
        m.CaseAllocation,
        m.CaseAuditElement,
        m.SurveyAnswer,
        m.SurveyWave,
        m.StaffInterview,
        m.AgencyCap,
        m.AgencyCost,
        m.AgencyPlacement,
        m.JobApplication,
        m.RecruitmentCampaign,
        m.IndicatorMonth,
        m.CaseAudit,
        m.HRCase,
        m.PlacementIncome,
        m.StudentPlacement,
        m.Grade,
        m.ProgrammeSpell,
        m.TrainingRecord,
        m.Course,
        m.PerformanceReview,
        m.SupervisionStandard,
        m.SupervisionSession,
        m.Pay,
        m.CaseloadSnapshot,
        m.Absence,
        m.Assignment,
        m.Post,
        m.CouncilFigures,
        m.Engagement,
        m.Person,
        m.Team,
    ):
        rows = model.objects.filter(council=council)
        if source_kind is not None:
            rows = rows.filter(source__kind=source_kind)
        rows._raw_delete(rows.db)  # no signals or cascades to collect: children are deleted first


def records_store(*, council: m.Council, records: r.CouncilRecords) -> None:
    """Insert ``records`` for ``council``. Record sources are ``source:<id>`` keys of stored Sources.

    Kinds go in the order their references need: teams and people first, then engagements (which name a person),
    then what names an engagement or a team. Each kind's columns and row are written side by side below; the
    kinds a census return gives are built first as :class:`CensusRows` (``census_rows``)."""
    data_changed()
    cid = council.pk
    _insert(m.Team, TEAM_COLUMNS, (_team_row(cid, t) for t in records.teams))
    teams = _ids(m.Team, cid)
    people, engagements = census_rows_store(council=council, rows=census_rows(records), teams=teams)
    _insert(m.Post, POST_COLUMNS, (_post_row(cid, p, teams) for p in records.posts))
    _insert(
        m.SupervisionSession, SUPERVISION_COLUMNS, (_supervision_row(cid, s, engagements) for s in records.supervision)
    )
    _insert(m.SupervisionStandard, STANDARD_COLUMNS, (_standard_row(cid, s) for s in records.supervision_policy))
    _insert(m.PerformanceReview, REVIEW_COLUMNS, (_review_row(cid, v, engagements) for v in records.reviews))
    _insert(m.Course, COURSE_COLUMNS, (_course_row(cid, c) for c in records.courses))
    courses = _ids(m.Course, cid)
    _insert(m.TrainingRecord, TRAINING_COLUMNS, (_training_row(cid, t, people, courses) for t in records.training))
    _insert(
        m.ProgrammeSpell, PROGRAMME_COLUMNS, (_programme_row(cid, p, people, engagements) for p in records.programmes)
    )
    _insert(m.Grade, GRADE_COLUMNS, (_grade_row(cid, g) for g in records.grades))
    _insert(m.StudentPlacement, PLACEMENT_COLUMNS, (_placement_row(cid, p, teams, people) for p in records.placements))
    _insert(m.PlacementIncome, INCOME_COLUMNS, (_income_row(cid, i) for i in records.placement_income))
    _insert(m.HRCase, HR_CASE_COLUMNS, (_hr_case_row(cid, c) for c in records.hr_cases))
    _insert(m.CaseAudit, AUDIT_COLUMNS, (_audit_row(cid, a, teams) for a in records.audits))
    _insert(m.IndicatorMonth, INDICATOR_COLUMNS, (_indicator_row(cid, i) for i in records.indicators))
    audits = _ids(m.CaseAudit, cid) if any(a.elements for a in records.audits) else {}
    _insert(
        m.CaseAuditElement,
        AUDIT_ELEMENT_COLUMNS,
        (_audit_element_row(cid, a, e, audits) for a in records.audits for e in a.elements),
    )
    _insert(m.CaseAllocation, ALLOCATION_COLUMNS, (_allocation_row(cid, a, engagements) for a in records.allocations))
    _insert(m.StaffInterview, INTERVIEW_COLUMNS, (_interview_row(cid, i, engagements) for i in records.interviews))
    _insert(m.SurveyWave, WAVE_COLUMNS, (_wave_row(cid, w) for w in records.survey_waves))
    waves = _ids(m.SurveyWave, cid)
    _insert(m.SurveyAnswer, ANSWER_COLUMNS, (_answer_row(cid, a, waves) for a in records.survey_answers))
    _insert(
        m.AgencyPlacement,
        AGENCY_PLACEMENT_COLUMNS,
        (_agency_placement_row(cid, a, engagements, teams) for a in records.agency_placements),
    )
    placements = _ids(m.AgencyPlacement, cid)
    _insert(m.AgencyCost, AGENCY_COST_COLUMNS, (_agency_cost_row(cid, c, placements) for c in records.agency_costs))
    _insert(m.AgencyCap, AGENCY_CAP_COLUMNS, (_agency_cap_row(cid, c) for c in records.agency_caps))
    _insert(m.RecruitmentCampaign, CAMPAIGN_COLUMNS, (_campaign_row(cid, c, teams) for c in records.campaigns))
    _insert(
        m.JobApplication, APPLICATION_COLUMNS, (_application_row(cid, a, engagements) for a in records.applications)
    )
    _insert(m.Action, ACTION_COLUMNS, (_action_row(cid, a) for a in records.actions))
    actions = _ids(m.Action, cid)
    _insert(m.ActionUpdate, UPDATE_COLUMNS, (_update_row(cid, u, actions) for u in records.action_updates))


Row = tuple[Any, ...]


class _Keys(dict[str, Any]):
    """Stands in for a key -> id map while rows are built before the rows they name are stored: a key stays
    itself, in the row, until :func:`census_rows_store` puts the id in its place."""

    def __missing__(self, key: str) -> str:
        return key

    def get(self, key: str, default: Any = None) -> Any:
        return key


_KEYS = _Keys()


Columns = list[tuple[Any, ...]]  # a kind's rows as columns, in its COLUMNS order


def _columns(model: type[models.Model], columns: Sequence[str], rows: list[Row]) -> Columns:
    """``rows`` of ``model``'s ``columns`` turned into columns, with dates and decimals as the text the database
    adapters would write for them (SQLite: Django's adapters, ``date.isoformat`` and ``str``; PostgreSQL reads the
    same text), so that they are cheap to send between processes and to bind. A value of another type is left to
    the adapters, which write it the same way."""
    by_name = {f.name: f for f in model._meta.concrete_fields}
    result: Columns = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    for i, column in enumerate(columns):
        kind = type(by_name.get(column))
        if kind is models.DateField:
            result[i] = tuple(v.isoformat() if type(v) is date else v for v in result[i])
        elif kind is models.DecimalField:
            result[i] = tuple(str(v) if type(v) is Decimal else v for v in result[i])
    return result


@dataclass(frozen=True, slots=True)
class CensusRows:
    """A council's people, engagements and what a census return gives about them, as rows to insert, by column.

    Built before anything is stored, so in any process (the census import builds them where it reads the
    returns: ``census_prepare``): the council column is 0, a person or engagement or team column holds its key and
    the source column holds what ``source_id`` makes of the record's source key; :func:`census_rows_store`
    puts the ids in. Values are plain (``_columns``)."""

    people: Columns
    engagements: Columns
    assignments: Columns
    absences: Columns
    caseloads: Columns
    figures: Columns
    pay: Columns

    @property
    def count(self) -> int:
        kinds = (self.people, self.engagements, self.assignments, self.absences, self.caseloads, self.figures)
        return sum(len(kind[0]) for kind in (*kinds, self.pay))


def census_rows(records: r.CouncilRecords) -> CensusRows:
    """The rows of ``records``' people, engagements, assignments, absences, caseloads, figures and pay."""
    return CensusRows(
        people=_columns(m.Person, PERSON_COLUMNS, [_person_row(0, p) for p in records.people]),
        engagements=_columns(
            m.Engagement, ENGAGEMENT_COLUMNS, [_engagement_row(0, e, _KEYS) for e in records.engagements]
        ),
        assignments=_columns(
            m.Assignment, ASSIGNMENT_COLUMNS, [_assignment_row(0, a, _KEYS, _KEYS) for a in records.assignments]
        ),
        absences=_columns(m.Absence, ABSENCE_COLUMNS, [_absence_row(0, a, _KEYS) for a in records.absences]),
        caseloads=_columns(
            m.CaseloadSnapshot, CASELOAD_COLUMNS, [_caseload_row(0, c, _KEYS) for c in records.caseloads]
        ),
        figures=_columns(m.CouncilFigures, FIGURES_COLUMNS, [_figures_row(0, f) for f in records.figures]),
        pay=_columns(m.Pay, PAY_COLUMNS, [_pay_row(0, p, _KEYS) for p in records.pay]),
    )


def census_rows_store(
    *, council: m.Council, rows: CensusRows, teams: dict[str, int], sources: dict[int, int] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Insert ``rows`` for ``council`` (its teams stored already: ``teams`` maps their keys to ids); returns the
    people's and engagements' ids by key. ``sources`` maps each row's source column to the stored Source's id
    when the rows were built before their sources were stored (``None``: the column is the id already)."""
    cid = council.pk

    def insert(model: type[models.Model], names: Sequence[str], columns: Columns, **keys: dict[str, int]) -> None:
        """The rows with the council, their sources' ids and (``keys``: column -> ids by key) the ids they name."""
        filled = list(columns)
        filled[0] = (cid,) * len(columns[0])
        if sources is not None:
            filled[1] = tuple(None if v is None else sources[v] for v in columns[1])
        for column, ids in keys.items():
            i = names.index(column)
            if column == "team":  # a team that is not held is none (_assignment_row)
                filled[i] = tuple(None if v is None else ids.get(v) for v in columns[i])
            else:
                filled[i] = tuple(ids[v] for v in columns[i])
        _insert(model, names, zip(*filled, strict=True))

    insert(m.Person, PERSON_COLUMNS, rows.people)
    people = _ids(m.Person, cid)
    insert(m.Engagement, ENGAGEMENT_COLUMNS, rows.engagements, person=people)
    engagements = _ids(m.Engagement, cid)
    insert(m.Assignment, ASSIGNMENT_COLUMNS, rows.assignments, engagement=engagements, team=teams)
    insert(m.Absence, ABSENCE_COLUMNS, rows.absences, engagement=engagements)
    insert(m.CaseloadSnapshot, CASELOAD_COLUMNS, rows.caseloads, engagement=engagements)
    insert(m.CouncilFigures, FIGURES_COLUMNS, rows.figures)
    insert(m.Pay, PAY_COLUMNS, rows.pay, engagement=engagements)
    return people, engagements


TEAM_COLUMNS = ("council", "source", "key", "name", "service_area")


def _team_row(cid: int, t: r.Team) -> Row:
    return (cid, source_id(t.source), t.key, t.name, t.service_area)


PERSON_COLUMNS = (
    "council",
    "source",
    "key",
    "swe_no",
    "birth_date",
    "sex",
    "ethnicity",
    "qual_level",
    "qual_institution",
    "step_up_grad",
    "frontline_grad",
    "staff_ref",
)


def _person_row(cid: int, p: r.Person) -> Row:
    return (
        cid,
        source_id(p.source),
        p.key,
        p.swe_no,
        p.birth_date,
        _code(p.sex),
        _code(p.ethnicity),
        _code(p.qual_level),
        p.qual_institution,
        p.step_up_grad,
        p.frontline_grad,
        p.staff_ref,
    )


ENGAGEMENT_COLUMNS = (
    "council",
    "source",
    "key",
    "person",
    "contract",
    "start_date",
    "start_origin",
    "end_date",
    "reason_leave",
    "destination",
    "contract_weeks",
)


def _engagement_row(cid: int, e: r.Engagement, people: dict[str, int]) -> Row:
    return (
        cid,
        source_id(e.source),
        e.key,
        people[e.person_key],
        _code(e.contract),
        e.start_date,
        _code(e.start_origin),
        e.end_date,
        _code(e.reason_leave),
        _code(e.destination),
        e.contract_weeks,
    )


ASSIGNMENT_COLUMNS = (
    "council",
    "source",
    "engagement",
    "effective_from",
    "effective_to",
    "role",
    "fte",
    "team",
    "job_title",
    "case_holding",
    "cfkss_status",
    "fte30",
)


def _assignment_row(cid: int, a: r.Assignment, engagements: dict[str, int], teams: dict[str, int]) -> Row:
    return (
        cid,
        source_id(a.source),
        engagements[a.engagement_key],
        a.effective_from,
        a.effective_to,
        _code(a.role),
        a.fte,
        teams.get(a.team_key) if a.team_key else None,
        a.job_title,
        a.case_holding,
        _code(a.cfkss_status),
        a.fte30,
    )


ABSENCE_COLUMNS = (
    "council",
    "source",
    "engagement",
    "start",
    "end",
    "reason",
    "working_days_lost",
    "cause",
    "year_total",
)


def _absence_row(cid: int, a: r.Absence, engagements: dict[str, int]) -> Row:
    key = engagements[a.engagement_key]
    lost, cause = a.working_days_lost, _code(a.cause)
    return (cid, source_id(a.source), key, a.start, a.end, _code(a.reason), lost, cause, a.year_total)


CASELOAD_COLUMNS = ("council", "source", "engagement", "on", "cases")


def _caseload_row(cid: int, c: r.CaseloadSnapshot, engagements: dict[str, int]) -> Row:
    return (cid, source_id(c.source), engagements[c.engagement_key], c.on, c.cases)


POST_COLUMNS = ("council", "source", "team", "role", "funded_fte", "effective_from", "effective_to")


def _post_row(cid: int, p: r.Post, teams: dict[str, int]) -> Row:
    return (cid, source_id(p.source), teams[p.team_key], _code(p.role), p.funded_fte, p.effective_from, p.effective_to)


FIGURES_COLUMNS = (
    "council",
    "source",
    "on",
    "vacancies_fte",
    "agency_cover_fte",
    "agency_cover_headcount",
    "eligibility",
    "other_allowances",
)


def _figures_row(cid: int, f: r.CouncilFigures) -> Row:
    return (
        cid,
        source_id(f.source),
        f.on,
        f.vacancies_fte,
        f.agency_cover_fte,
        f.agency_cover_headcount,
        json.dumps({k: v.value for k, v in f.eligibility}),
        f.other_allowances,
    )


PAY_COLUMNS = ("council", "source", "engagement", "year", "base_salary", "rr_payments", "other_payments")


def _pay_row(cid: int, p: r.Pay, engagements: dict[str, int]) -> Row:
    key = engagements[p.engagement_key]
    return (cid, source_id(p.source), key, p.year, p.base_salary, p.rr_payments, p.other_payments)


SUPERVISION_COLUMNS = ("council", "source", "engagement", "on", "kind", "supervisor", "recorded_late")


def _supervision_row(cid: int, s: r.SupervisionSession, engagements: dict[str, int]) -> Row:
    key = engagements[s.engagement_key]
    return (cid, source_id(s.source), key, s.on, _code(s.kind), s.supervisor, s.recorded_late)


STANDARD_COLUMNS = (
    "council",
    "source",
    "group",
    "from_month",
    "to_month",
    "interval_weeks",
    "interval_months",
    "grace_days",
    "effective_from",
)


def _standard_row(cid: int, s: r.SupervisionStandard) -> Row:
    return (
        cid,
        source_id(s.source),
        _code(s.group),
        s.from_month,
        s.to_month,
        s.interval_weeks,
        s.interval_months,
        s.grace_days,
        s.effective_from,
    )


REVIEW_COLUMNS = (
    "council",
    "source",
    "engagement",
    "cycle",
    "due",
    "completed",
    "rating",
    "successful",
    "objectives_set",
)


def _review_row(cid: int, v: r.PerformanceReview, engagements: dict[str, int]) -> Row:
    key = engagements[v.engagement_key]
    return (cid, source_id(v.source), key, v.cycle, v.due, v.completed, v.rating, v.successful, v.objectives_set)


COURSE_COLUMNS = (
    "council",
    "source",
    "key",
    "title",
    "provider",
    "mandatory",
    "validity_months",
    "post_qualifying",
    "practice_educator",
)


def _course_row(cid: int, c: r.Course) -> Row:
    return (
        cid,
        source_id(c.source),
        c.key,
        c.title,
        c.provider,
        c.mandatory,
        c.validity_months,
        c.post_qualifying,
        c.practice_educator,
    )


TRAINING_COLUMNS = ("council", "source", "person", "course", "status", "booked_on", "on", "completed_on")


def _training_row(cid: int, t: r.TrainingRecord, people: dict[str, int], courses: dict[str, int]) -> Row:
    person, course = people[t.person_key], courses[t.course_key]
    return (cid, source_id(t.source), person, course, _code(t.status), t.booked_on, t.on, t.completed_on)


PROGRAMME_COLUMNS = (
    "council",
    "source",
    "key",
    "person",
    "programme",
    "start",
    "end",
    "outcome",
    "midpoint_review",
    "final_review",
    "protected_caseload",
    "protected_time_pct",
    "engagement",
)


def _programme_row(cid: int, p: r.ProgrammeSpell, people: dict[str, int], engagements: dict[str, int]) -> Row:
    return (
        cid,
        source_id(p.source),
        p.key,
        people[p.person_key],
        _code(p.programme),
        p.start,
        p.end,
        _code(p.outcome),
        p.midpoint_review,
        p.final_review,
        p.protected_caseload,
        p.protected_time_pct,
        engagements[p.engagement_key] if p.engagement_key else None,
    )


GRADE_COLUMNS = ("council", "source", "name", "rank", "titles")


def _grade_row(cid: int, g: r.Grade) -> Row:
    return (cid, source_id(g.source), g.name, g.rank, json.dumps(list(g.titles)))


PLACEMENT_COLUMNS = (
    "council",
    "source",
    "key",
    "student_ref",
    "start",
    "end",
    "university",
    "programme",
    "year_of_study",
    "practice_educator",
    "team",
    "outcome",
    "eligible_for_nqsw",
    "applied",
    "interviewed",
    "offered",
    "appointed",
    "person",
)


def _placement_row(cid: int, p: r.StudentPlacement, teams: dict[str, int], people: dict[str, int]) -> Row:
    return (
        cid,
        source_id(p.source),
        p.key,
        p.student_ref,
        p.start,
        p.end,
        p.university,
        p.programme,
        p.year_of_study,
        p.practice_educator,
        teams[p.team_key] if p.team_key else None,
        _code(p.outcome),
        p.eligible_for_nqsw,
        p.applied,
        p.interviewed,
        p.offered,
        p.appointed,
        people[p.person_key] if p.person_key else None,
    )


INCOME_COLUMNS = ("council", "source", "financial_year", "amount", "description")


def _income_row(cid: int, i: r.PlacementIncome) -> Row:
    return (cid, source_id(i.source), i.financial_year, i.amount, i.description)


HR_CASE_COLUMNS = ("council", "source", "key", "kind", "opened", "closed")


def _hr_case_row(cid: int, c: r.HRCase) -> Row:
    return (cid, source_id(c.source), c.key, _code(c.kind), c.opened, c.closed)


AUDIT_COLUMNS = ("council", "source", "key", "child_ref", "on", "grade", "team")


def _audit_row(cid: int, a: r.CaseAudit, teams: dict[str, int]) -> Row:
    return (
        cid,
        source_id(a.source),
        a.key,
        a.child_ref,
        a.on,
        _code(a.grade),
        teams[a.team_key] if a.team_key else None,
    )


INDICATOR_COLUMNS = ("council", "source", "indicator", "month", "numerator", "denominator")


def _indicator_row(cid: int, i: r.IndicatorMonth) -> Row:
    return (cid, source_id(i.source), _code(i.indicator), i.month, i.numerator, i.denominator)


AUDIT_ELEMENT_COLUMNS = ("council", "source", "audit", "element", "grade")


def _audit_element_row(cid: int, a: r.CaseAudit, e: r.AuditElementGrade, audits: dict[str, int]) -> Row:
    return (cid, source_id(a.source), audits[a.key], _code(e.element), _code(e.grade))


ALLOCATION_COLUMNS = ("council", "source", "key", "child_ref", "engagement", "start", "end")


def _allocation_row(cid: int, a: r.CaseAllocation, engagements: dict[str, int]) -> Row:
    return (cid, source_id(a.source), a.key, a.child_ref, engagements[a.engagement_key], a.start, a.end)


INTERVIEW_COLUMNS = ("council", "source", "key", "engagement", "kind", "on", "themes")


def _interview_row(cid: int, i: r.StaffInterview, engagements: dict[str, int]) -> Row:
    themes = ";".join(t.value for t in i.themes)
    return (cid, source_id(i.source), i.key, engagements[i.engagement_key], _code(i.kind), i.on, themes)


WAVE_COLUMNS = ("council", "source", "key", "on", "instrument", "invited", "responses")


def _wave_row(cid: int, w: r.SurveyWave) -> Row:
    return (cid, source_id(w.source), w.key, w.on, w.instrument, w.invited, w.responses)


ANSWER_COLUMNS = ("council", "source", "wave", "question", "question_text", "option", "count")


def _answer_row(cid: int, a: r.SurveyAnswer, waves: dict[str, int]) -> Row:
    return (cid, source_id(a.source), waves[a.wave_key], a.question, a.question_text, _code(a.option), a.count)


AGENCY_PLACEMENT_COLUMNS = (
    "council",
    "source",
    "key",
    "engagement",
    "start",
    "end",
    "supplier",
    "role",
    "grade",
    "team",
    "post_ref",
    "funded_post",
    "pay_rate",
    "charge_rate",
    "pqe_years",
    "references",
    "rule",
    "converted_on",
    "permanent_engagement",
)


def _agency_placement_row(cid: int, a: r.AgencyPlacement, engagements: dict[str, int], teams: dict[str, int]) -> Row:
    return (
        cid,
        source_id(a.source),
        a.key,
        engagements[a.engagement_key],
        a.start,
        a.end,
        a.supplier,
        _code(a.role),
        a.grade,
        teams[a.team_key] if a.team_key else None,
        a.post_ref,
        a.funded_post,
        a.pay_rate,
        a.charge_rate,
        a.pqe_years,
        a.references,
        _code(a.rule),
        a.converted_on,
        engagements[a.permanent_engagement_key] if a.permanent_engagement_key else None,
    )


AGENCY_COST_COLUMNS = ("council", "source", "placement", "month", "hours", "spend")


def _agency_cost_row(cid: int, c: r.AgencyCost, placements: dict[str, int]) -> Row:
    return (cid, source_id(c.source), placements[c.placement_key], c.month, c.hours, c.spend)


AGENCY_CAP_COLUMNS = ("council", "source", "region", "role", "grade", "basis", "rate", "effective_from", "effective_to")


def _agency_cap_row(cid: int, c: r.AgencyCap) -> Row:
    return (
        cid,
        source_id(c.source),
        c.region,
        _code(c.role),
        c.grade,
        _code(c.basis),
        c.rate,
        c.effective_from,
        c.effective_to,
    )


CAMPAIGN_COLUMNS = (
    "council",
    "source",
    "key",
    "opened",
    "closed",
    "role",
    "team",
    "post",
    "channels",
    "cost",
    "cost_type",
)


def _campaign_row(cid: int, c: r.RecruitmentCampaign, teams: dict[str, int]) -> Row:
    return (
        cid,
        source_id(c.source),
        c.key,
        c.opened,
        c.closed,
        _code(c.role) or "",
        teams[c.team_key] if c.team_key else None,
        c.post or "",
        json.dumps([_code(channel) for channel in c.channels]),
        c.cost,
        _code(c.cost_type) or "",
    )


APPLICATION_COLUMNS = (
    "council",
    "source",
    "key",
    "campaign_key",
    "applied",
    "channel",
    "route",
    "shortlisted",
    "interviewed",
    "offered",
    "accepted",
    "dbs_cleared",
    "references_complete",
    "started",
    "outcome",
    "outcome_stage",
    "outcome_on",
    "engagement",
    "reasons",
)


def _application_row(cid: int, a: r.JobApplication, engagements: dict[str, int]) -> Row:
    return (
        cid,
        source_id(a.source),
        a.key,
        a.campaign_key,
        a.applied,
        _code(a.channel) or "",
        _code(a.route) or "",
        a.shortlisted,
        a.interviewed,
        a.offered,
        a.accepted,
        a.dbs_cleared,
        a.references_complete,
        a.started,
        _code(a.outcome) or "",
        _code(a.outcome_stage) or "",
        a.outcome_on,
        engagements[a.engagement_key] if a.engagement_key else None,
        json.dumps([_code(reason) for reason in a.reasons]),
    )


ACTION_COLUMNS = (
    "council",
    "source",
    "key",
    "strategy",
    "outcome",
    "ref",
    "title",
    "owner",
    "start",
    "due",
    "status",
    "measures",
)


def _action_row(cid: int, a: r.Action) -> Row:
    return (
        cid,
        source_id(a.source),
        a.key,
        a.strategy_id,
        a.outcome_id,
        a.ref,
        a.title,
        a.owner or "",
        a.start,
        a.due,
        _code(a.status),
        json.dumps(list(a.measures)),
    )


UPDATE_COLUMNS = ("council", "source", "action", "on", "status", "note", "by")


def _update_row(cid: int, u: r.ActionUpdate, actions: dict[str, int]) -> Row:
    return (cid, source_id(u.source), actions[u.action_key], u.on, _code(u.status), u.note or "", u.by or "")


def action_record(a: m.Action) -> r.Action:
    """A stored action as its domain record."""
    return r.Action(
        a.key,
        a.strategy,
        a.outcome,
        a.ref,
        a.title,
        ActionStatus.of(a.status),
        a.owner or None,
        a.start,
        a.due,
        tuple(a.measures),
        source_key(a.source_id),
    )


def update_record(u: m.ActionUpdate, action_key: str) -> r.ActionUpdate:
    """A stored update (of the action keyed ``action_key``) as its domain record."""
    return r.ActionUpdate(
        action_key, u.on, ActionStatus.of(u.status), u.note or None, u.by or None, source_key(u.source_id)
    )


def _enum(cls: Any, value: str | None) -> Any:
    return None if value in (None, "") else cls(value)


def records_load(*, council: m.Council) -> r.CouncilRecords:
    """Everything held for ``council`` as domain records, in one order (by natural key) whatever the database
    returns, so that the state kept before an upload compares equal to the state after undoing it."""
    cid = council.pk
    teams = {t.pk: t for t in m.Team.objects.filter(council_id=cid).order_by("key")}
    people = {p.pk: p for p in m.Person.objects.filter(council_id=cid).order_by("key")}
    engagements = {e.pk: e for e in m.Engagement.objects.filter(council_id=cid).order_by("key")}
    ekey = {pk: e.key for pk, e in engagements.items()}
    return r.CouncilRecords(
        council=r.Council(council.la_code, council.name, council.region),
        teams=tuple(r.Team(t.key, t.name, t.service_area, source_key(t.source_id)) for t in teams.values()),
        people=tuple(
            r.Person(
                p.key,
                p.swe_no,
                p.birth_date,
                _enum(Sex, p.sex),
                _enum(Ethnicity, p.ethnicity),
                _enum(QualLevel, p.qual_level),
                p.qual_institution,
                p.step_up_grad,
                p.frontline_grad,
                source_key(p.source_id),
                staff_ref=p.staff_ref,
            )
            for p in people.values()
        ),
        engagements=tuple(
            r.Engagement(
                e.key,
                people[e.person_id].key,
                ContractType.of(e.contract),
                e.start_date,
                _enum(StartOrigin, e.start_origin),
                e.end_date,
                _enum(ReasonLeave, e.reason_leave),
                _enum(LeaverDestination, e.destination),
                e.contract_weeks,
                source_key(e.source_id),
            )
            for e in engagements.values()
        ),
        assignments=tuple(
            r.Assignment(
                ekey[a.engagement_id],
                a.effective_from,
                a.effective_to,
                _enum(OrgRole, a.role),
                a.fte.normalize() if a.fte is not None else None,
                teams[a.team_id].key if a.team_id else None,
                a.job_title,
                a.case_holding,
                _enum(CFKSSStatus, a.cfkss_status),
                source_key(a.source_id),
                a.fte30.normalize() if a.fte30 is not None else None,
            )
            for a in m.Assignment.objects.filter(council_id=cid).order_by("engagement__key", "effective_from", "pk")
        ),
        absences=tuple(
            r.Absence(
                ekey[a.engagement_id],
                a.start,
                a.end,
                _enum(AbsenceReason, a.reason),
                a.working_days_lost,
                source_key(a.source_id),
                _enum(SicknessCause, a.cause),
                a.year_total,
            )
            for a in m.Absence.objects.filter(council_id=cid).order_by(
                "engagement__key", "start", "end", _first("reason"), "pk"
            )
        ),
        caseloads=tuple(
            r.CaseloadSnapshot(ekey[c.engagement_id], c.on, c.cases, source_key(c.source_id))
            for c in m.CaseloadSnapshot.objects.filter(council_id=cid).order_by("engagement__key", "on", "pk")
        ),
        posts=tuple(
            r.Post(
                teams[p.team_id].key,
                p.funded_fte,
                p.effective_from,
                p.effective_to,
                _enum(OrgRole, p.role),
                source_key(p.source_id),
            )
            for p in m.Post.objects.filter(council_id=cid).order_by("team__key", _first("role"), "effective_from", "pk")
        ),
        figures=tuple(
            r.CouncilFigures(
                f.on,
                f.vacancies_fte,
                f.agency_cover_fte,
                f.agency_cover_headcount,
                tuple((k, Eligibility.of(v)) for k, v in f.eligibility.items()),
                f.other_allowances,
                source_key(f.source_id),
            )
            for f in m.CouncilFigures.objects.filter(council_id=cid).order_by("on", "pk")
        ),
        pay=tuple(
            r.Pay(
                ekey[p.engagement_id],
                p.year,
                p.base_salary,
                p.rr_payments,
                p.other_payments,
                source_key(p.source_id),
            )
            for p in m.Pay.objects.filter(council_id=cid).order_by("engagement__key", "year", "pk")
        ),
        **_dated_load(cid, ekey, {pk: p.key for pk, p in people.items()}, {pk: t.key for pk, t in teams.items()}),
    )


def _first(column: str) -> OrderBy:
    """Order by a nullable column with its nulls first on every database (SQLite and PostgreSQL differ)."""
    return F(column).asc(nulls_first=True)


def _dated_load(cid: int, ekey: dict[int, str], pkey: dict[int, str], tkey: dict[int, str]) -> dict[str, Any]:
    """The practice and development records of council ``cid``, each kind in the order of its natural key."""
    courses = {c.pk: c for c in m.Course.objects.filter(council_id=cid).order_by("key")}
    elements = _audit_elements(cid)
    waves = {w.pk: w for w in m.SurveyWave.objects.filter(council_id=cid).order_by("key")}
    return {
        "supervision": tuple(
            r.SupervisionSession(
                ekey[s.engagement_id],
                s.on,
                SupervisionKind.of(s.kind),
                s.supervisor,
                s.recorded_late,
                source_key(s.source_id),
            )
            for s in m.SupervisionSession.objects.filter(council_id=cid).order_by("engagement__key", "on", "kind", "pk")
        ),
        "supervision_policy": tuple(
            r.SupervisionStandard(
                WorkerGroup.of(s.group),
                s.from_month,
                s.to_month,
                s.interval_weeks,
                s.interval_months,
                s.grace_days,
                s.effective_from,
                source_key(s.source_id),
            )
            for s in m.SupervisionStandard.objects.filter(council_id=cid).order_by(
                "effective_from", "group", "from_month", "pk"
            )
        ),
        "reviews": tuple(
            r.PerformanceReview(
                ekey[v.engagement_id],
                v.cycle,
                v.due,
                v.completed,
                v.rating,
                v.successful,
                v.objectives_set,
                source_key(v.source_id),
            )
            for v in m.PerformanceReview.objects.filter(council_id=cid).order_by(
                "engagement__key", "cycle", "due", "pk"
            )
        ),
        "courses": tuple(
            r.Course(
                c.key,
                c.title,
                c.provider,
                c.mandatory,
                c.validity_months,
                c.post_qualifying,
                c.practice_educator,
                source_key(c.source_id),
            )
            for c in courses.values()
        ),
        "training": tuple(
            r.TrainingRecord(
                pkey[t.person_id],
                courses[t.course_id].key,
                TrainingStatus.of(t.status),
                t.booked_on,
                t.on,
                t.completed_on,
                source_key(t.source_id),
            )
            for t in m.TrainingRecord.objects.filter(council_id=cid).order_by(
                "person__key", "course__key", _first("on"), _first("booked_on"), "status", "pk"
            )
        ),
        "programmes": tuple(
            r.ProgrammeSpell(
                p.key,
                pkey[p.person_id],
                Programme.of(p.programme),
                p.start,
                p.end,
                ProgrammeOutcome.of(p.outcome),
                p.midpoint_review,
                p.final_review,
                p.protected_caseload,
                p.protected_time_pct,
                ekey[p.engagement_id] if p.engagement_id else None,
                source_key(p.source_id),
            )
            for p in m.ProgrammeSpell.objects.filter(council_id=cid).order_by("key")
        ),
        "grades": tuple(
            r.Grade(g.name, g.rank, tuple(g.titles), source_key(g.source_id))
            for g in m.Grade.objects.filter(council_id=cid).order_by("name")
        ),
        "placements": tuple(
            r.StudentPlacement(
                p.key,
                p.student_ref,
                p.start,
                p.end,
                p.university,
                p.programme,
                p.year_of_study,
                p.practice_educator,
                tkey[p.team_id] if p.team_id else None,
                PlacementOutcome.of(p.outcome),
                p.eligible_for_nqsw,
                p.applied,
                p.interviewed,
                p.offered,
                p.appointed,
                pkey[p.person_id] if p.person_id else None,
                source_key(p.source_id),
            )
            for p in m.StudentPlacement.objects.filter(council_id=cid).order_by("key")
        ),
        "placement_income": tuple(
            r.PlacementIncome(i.financial_year, i.amount, i.description, source_key(i.source_id))
            for i in m.PlacementIncome.objects.filter(council_id=cid).order_by("financial_year", "description", "pk")
        ),
        "hr_cases": tuple(
            r.HRCase(c.key, HRCaseKind.of(c.kind), c.opened, c.closed, source_key(c.source_id))
            for c in m.HRCase.objects.filter(council_id=cid).order_by("key")
        ),
        "audits": tuple(
            r.CaseAudit(
                a.key,
                a.child_ref,
                a.on,
                AuditGrade.of(a.grade),
                tkey[a.team_id] if a.team_id else None,
                source_key(a.source_id),
                elements.get(a.pk, ()),
            )
            for a in m.CaseAudit.objects.filter(council_id=cid).order_by("key")
        ),
        "indicators": tuple(
            r.IndicatorMonth(
                PracticeIndicator.of(i.indicator), i.month, i.numerator, i.denominator, source_key(i.source_id)
            )
            for i in m.IndicatorMonth.objects.filter(council_id=cid).order_by("indicator", "month")
        ),
        "allocations": tuple(
            r.CaseAllocation(a.key, a.child_ref, ekey[a.engagement_id], a.start, a.end, source_key(a.source_id))
            for a in m.CaseAllocation.objects.filter(council_id=cid).order_by("key")
        ),
        "interviews": tuple(
            r.StaffInterview(
                i.key,
                ekey[i.engagement_id],
                InterviewKind.of(i.kind),
                i.on,
                tuple(VoiceTheme.of(t) for t in i.themes.split(";") if t),
                source_key(i.source_id),
            )
            for i in m.StaffInterview.objects.filter(council_id=cid).order_by("key")
        ),
        "survey_waves": tuple(
            r.SurveyWave(w.key, w.on, w.instrument, w.responses, w.invited, source_key(w.source_id))
            for w in waves.values()
        ),
        "survey_answers": tuple(
            r.SurveyAnswer(
                waves[a.wave_id].key,
                a.question,
                AnswerOption.of(a.option),
                a.count,
                a.question_text,
                source_key(a.source_id),
            )
            for a in m.SurveyAnswer.objects.filter(council_id=cid).order_by("wave__key", "question", "option")
        ),
        **_agency_load(cid, ekey, tkey),
    }


def _audit_elements(cid: int) -> dict[int, tuple[r.AuditElementGrade, ...]]:
    """Each audit's element grades (by the audit's id), in ``AuditElement`` order."""
    order = {e.value: n for n, e in enumerate(AuditElement)}
    found: dict[int, list[tuple[str, str]]] = {}
    for audit, element, grade in m.CaseAuditElement.objects.filter(council_id=cid).values_list(
        "audit_id", "element", "grade"
    ):
        found.setdefault(audit, []).append((element, grade))
    return {
        audit: tuple(
            r.AuditElementGrade(AuditElement.of(e), AuditGrade.of(g))
            for e, g in sorted(pairs, key=lambda p: order[p[0]])
        )
        for audit, pairs in found.items()
    }


def _agency_load(cid: int, ekey: dict[int, str], tkey: dict[int, str]) -> dict[str, Any]:
    """The agency placements, their monthly costs and the price caps of council ``cid``."""
    placements = list(m.AgencyPlacement.objects.filter(council_id=cid).order_by("key"))
    pkey = {a.pk: a.key for a in placements}
    return {
        "agency_placements": tuple(
            r.AgencyPlacement(
                a.key,
                ekey[a.engagement_id],
                a.start,
                a.end,
                a.supplier,
                _enum(OrgRole, a.role),
                a.grade,
                tkey[a.team_id] if a.team_id else None,
                a.post_ref,
                a.funded_post,
                a.pay_rate,
                a.charge_rate,
                a.pqe_years,
                a.references,
                _enum(AgencyRule, a.rule),
                a.converted_on,
                ekey[a.permanent_engagement_id] if a.permanent_engagement_id else None,
                source_key(a.source_id),
            )
            for a in placements
        ),
        "agency_costs": tuple(
            sorted(
                (
                    r.AgencyCost(pkey[c.placement_id], c.month, c.hours, c.spend, source_key(c.source_id))
                    for c in m.AgencyCost.objects.filter(council_id=cid)
                ),
                key=lambda c: (c.placement_key, c.month),
            )
        ),
        "agency_caps": tuple(
            r.AgencyCap(
                c.region,
                _enum(OrgRole, c.role),
                c.grade,
                CapBasis.of(c.basis),
                c.rate,
                c.effective_from,
                c.effective_to,
                source_key(c.source_id),
            )
            for c in m.AgencyCap.objects.filter(council_id=cid).order_by(
                "region", _first("role"), _first("grade"), "basis", "effective_from"
            )
        ),
        "campaigns": tuple(
            r.RecruitmentCampaign(
                c.key,
                c.opened,
                c.closed,
                _enum(OrgRole, c.role),
                tkey[c.team_id] if c.team_id else None,
                c.post or None,
                tuple(RecruitmentChannel.of(code) for code in c.channels),
                c.cost,
                _enum(RecruitmentCost, c.cost_type),
                source_key(c.source_id),
            )
            for c in m.RecruitmentCampaign.objects.filter(council_id=cid).order_by("key")
        ),
        "applications": tuple(
            r.JobApplication(
                a.key,
                a.campaign_key,
                a.applied,
                _enum(RecruitmentChannel, a.channel),
                _enum(RecruitmentRoute, a.route),
                a.shortlisted,
                a.interviewed,
                a.offered,
                a.accepted,
                a.dbs_cleared,
                a.references_complete,
                a.started,
                _enum(ApplicationOutcome, a.outcome),
                _enum(ApplicationStage, a.outcome_stage),
                a.outcome_on,
                ekey[a.engagement_id] if a.engagement_id else None,
                tuple(ApplyReason.of(code) for code in a.reasons),
                source_key(a.source_id),
            )
            for a in m.JobApplication.objects.filter(council_id=cid).order_by("key")
        ),
        **_actions_load(cid),
    }


def _actions_load(cid: int) -> dict[str, Any]:
    """The council's action plans: actions by key, updates by action and date."""
    actions = {a.pk: a for a in m.Action.objects.filter(council_id=cid).order_by("key")}
    return {
        "actions": tuple(action_record(a) for a in actions.values()),
        "action_updates": tuple(
            update_record(u, actions[u.action_id].key)
            for u in m.ActionUpdate.objects.filter(council_id=cid).order_by("action__key", "on")
        ),
    }


def records_with_source(records: r.CouncilRecords, key: str) -> r.CouncilRecords:
    """The same records, every one attributed to the source ``key`` (``source:<id>``)."""
    changed: dict[str, Any] = {}
    for f in fields(records):
        value = getattr(records, f.name)
        if isinstance(value, tuple) and value and hasattr(value[0], "source"):
            changed[f.name] = tuple(replace(item, source=key) for item in value)
    return replace(records, **changed)


def data_changed() -> None:
    """Mark the records as changed (call from every write): cached figures are then computed afresh, and the
    frames kept in the database (``models.KeptFrame``) are deleted with the change."""
    m.DataVersion.objects.update_or_create(name="records", defaults={"token": uuid.uuid4().hex})
    m.KeptFrame.objects.all().delete()


def data_version() -> str:
    """The current records version, for cache keys."""
    return m.DataVersion.objects.filter(name="records").values_list("token", flat=True).first() or "initial"
