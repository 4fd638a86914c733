"""Writing and reading a council's workforce records (domain values <-> database rows).

Writes use ``executemany`` with plain tuples: a national load is about a million rows, and the ORM's
per-object work would dominate it. Reads for one council use the ORM.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from typing import Any

from django.db import connection, models

from csc_workforce.domain import records as r
from csc_workforce.domain.codes import (
    AbsenceReason,
    CFKSSStatus,
    ContractType,
    Eligibility,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.store import models as m


def source_key(source_id: int | None) -> str | None:
    return f"source:{source_id}" if source_id is not None else None


def source_id(key: str | None) -> int | None:
    if key and key.startswith("source:"):
        return int(key.split(":", 1)[1])
    return None


def _code(value: Any) -> str | None:
    return None if value is None else str(value.value if hasattr(value, "value") else value)


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


def _ids(model: type[models.Model], council_id: int) -> dict[str, int]:
    return dict(model._default_manager.filter(council_id=council_id).values_list("key", "id"))


def records_delete(*, council: m.Council, source_kind: str | None = None) -> None:
    """Delete a council's records (only those from sources of ``source_kind`` when given)."""
    data_changed()
    for model in (
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
    then what names an engagement or a team. Each kind's columns and row are written side by side below."""
    data_changed()
    cid = council.pk
    _insert(m.Team, TEAM_COLUMNS, (_team_row(cid, t) for t in records.teams))
    _insert(m.Person, PERSON_COLUMNS, (_person_row(cid, p) for p in records.people))
    people = _ids(m.Person, cid)
    _insert(m.Engagement, ENGAGEMENT_COLUMNS, (_engagement_row(cid, e, people) for e in records.engagements))
    engagements, teams = _ids(m.Engagement, cid), _ids(m.Team, cid)
    _insert(
        m.Assignment, ASSIGNMENT_COLUMNS, (_assignment_row(cid, a, engagements, teams) for a in records.assignments)
    )
    _insert(m.Absence, ABSENCE_COLUMNS, (_absence_row(cid, a, engagements) for a in records.absences))
    _insert(m.CaseloadSnapshot, CASELOAD_COLUMNS, (_caseload_row(cid, c, engagements) for c in records.caseloads))
    _insert(m.Post, POST_COLUMNS, (_post_row(cid, p, teams) for p in records.posts))
    _insert(m.CouncilFigures, FIGURES_COLUMNS, (_figures_row(cid, f) for f in records.figures))
    _insert(m.Pay, PAY_COLUMNS, (_pay_row(cid, p, engagements) for p in records.pay))


Row = tuple[Any, ...]

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


ABSENCE_COLUMNS = ("council", "source", "engagement", "start", "end", "reason", "working_days_lost")


def _absence_row(cid: int, a: r.Absence, engagements: dict[str, int]) -> Row:
    key = engagements[a.engagement_key]
    return (cid, source_id(a.source), key, a.start, a.end, _code(a.reason), a.working_days_lost)


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
            )
            for a in m.Absence.objects.filter(council_id=cid).order_by("engagement__key", "start", "pk")
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
            for p in m.Post.objects.filter(council_id=cid).order_by("team__key", "effective_from", "pk")
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
    )


def records_with_source(records: r.CouncilRecords, key: str) -> r.CouncilRecords:
    """The same records, every one attributed to the source ``key`` (``source:<id>``)."""
    changed: dict[str, Any] = {}
    for f in fields(records):
        value = getattr(records, f.name)
        if isinstance(value, tuple) and value and hasattr(value[0], "source"):
            changed[f.name] = tuple(replace(item, source=key) for item in value)
    return replace(records, **changed)


def data_changed() -> None:
    """Mark the records as changed (call from every write): cached figures are then computed afresh."""
    m.DataVersion.objects.update_or_create(name="records", defaults={"token": uuid.uuid4().hex})


def data_version() -> str:
    """The current records version, for cache keys."""
    return m.DataVersion.objects.filter(name="records").values_list("token", flat=True).first() or "initial"
