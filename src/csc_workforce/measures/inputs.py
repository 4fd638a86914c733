"""A council's frames: the one input container every measure function takes.

:class:`CouncilFrames` holds the Polars frames of one or many councils, one schema constant each, built once
per council, period and basis: :func:`frames_from_records` builds them from domain records; the application
layer builds the same frames straight from SQL (``store/selectors.py``). Every frame carries ``la_code`` so
many councils can be computed in one pass. Keys (``person_key``, ``engagement_key``, ``team_key``) need only be
unique within one council. Codes are the census code strings (``OrgRole`` "1".."6", ``Sex`` "M"/"F"/"0"/"9",
``Ethnicity`` "WBRI"..., ``StartOrigin``, ``ReasonLeave``, ``LeaverDestination``, ``CFKSSStatus`` "1".."4").

Frames and columns (all dates are ``pl.Date``; "inclusive" ends include that day):

``councils``     the councils to report on, one row each: la_code str, la_name str, region str
``people``       la_code, person_key, birth_date date, sex str, ethnicity str, step_up_grad bool,
                 frontline_grad bool
``engagements``  one row per spell of work (permanent, fixed-term or agency)
    la_code str, person_key str, engagement_key str, agency bool,
    start_date date (null = started before records began), end_date date (null = still in post;
    the first day *not* in post is ``end_date``: a worker with end_date 30 Sep is a leaver on that day),
    start_origin str, reason_leave str, destination str
``assignments``  what an engagement is doing, effective-dated
    la_code str, engagement_key str, effective_from date, effective_to date (null = open, inclusive),
    fte float (null = not known), role str ("1".."6", null = not known), fte30 float (a census return's
    FTE on 30 September, null from other sources: stocks use it when given, flows use ``fte``),
    team_key str, job_title str, cfkss_status str
``absences``     absence spells
    la_code str, engagement_key str, start date, end date (inclusive), reason str ("SIC" = sickness),
    working_days_lost float (null = not known)
``caseloads``    number of cases held by an engagement on a date
    la_code str, engagement_key str, on date, cases int
``figures``      council-level items dated ``on`` (a census return stores them at 30 September)
    la_code str, on date, vacancies_fte float, agency_cover_fte float (both nullable)
``teams``        la_code, team_key, name str, service_area str
``posts``        la_code, team_key, role str, funded_fte float, effective_from date, effective_to date
                 (inclusive, null = open)

A new kind of record adds its frame here: a schema constant, an entry in :data:`SCHEMAS`, a field of
:class:`CouncilFrames`, its rows in :func:`frames_from_records` and its query in ``store/selectors.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import polars as pl

from csc_workforce.domain.records import CouncilRecords

COUNCILS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "la_name": pl.String(),
    "region": pl.String(),
}
PEOPLE_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "person_key": pl.String(),
    "birth_date": pl.Date(),
    "sex": pl.String(),
    "ethnicity": pl.String(),
    "step_up_grad": pl.Boolean(),
    "frontline_grad": pl.Boolean(),
}
ENGAGEMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "person_key": pl.String(),
    "engagement_key": pl.String(),
    "agency": pl.Boolean(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
    "start_origin": pl.String(),
    "reason_leave": pl.String(),
    "destination": pl.String(),
}
ASSIGNMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "effective_from": pl.Date(),
    "effective_to": pl.Date(),
    "fte": pl.Float64(),
    "role": pl.String(),
    "fte30": pl.Float64(),
    "team_key": pl.String(),
    "job_title": pl.String(),
    "cfkss_status": pl.String(),
}
ABSENCES_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "start": pl.Date(),
    "end": pl.Date(),
    "reason": pl.String(),
    "working_days_lost": pl.Float64(),
}
CASELOADS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "on": pl.Date(),
    "cases": pl.Int64(),
}
FIGURES_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "on": pl.Date(),
    "vacancies_fte": pl.Float64(),
    "agency_cover_fte": pl.Float64(),
}

TEAMS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "team_key": pl.String(),
    "name": pl.String(),
    "service_area": pl.String(),
}
POSTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "team_key": pl.String(),
    "role": pl.String(),
    "funded_fte": pl.Float64(),
    "effective_from": pl.Date(),
    "effective_to": pl.Date(),
}

SCHEMAS: Mapping[str, Mapping[str, pl.DataType]] = {
    "councils": COUNCILS_SCHEMA,
    "people": PEOPLE_SCHEMA,
    "engagements": ENGAGEMENTS_SCHEMA,
    "assignments": ASSIGNMENTS_SCHEMA,
    "absences": ABSENCES_SCHEMA,
    "caseloads": CASELOADS_SCHEMA,
    "figures": FIGURES_SCHEMA,
    "teams": TEAMS_SCHEMA,
    "posts": POSTS_SCHEMA,
}


# Columns a frame may leave out (null when missing): only census returns give an FTE on 30 September, and a
# frame built for the DfE measures alone needs none of the person, team, reason or status columns.
OPTIONAL_COLUMNS = frozenset(
    {
        "fte30",
        "birth_date",
        "sex",
        "ethnicity",
        "step_up_grad",
        "frontline_grad",
        "start_origin",
        "reason_leave",
        "destination",
        "team_key",
        "job_title",
        "cfkss_status",
    }
)


def conform(frame: pl.DataFrame, schema: Mapping[str, pl.DataType], *, name: str) -> pl.DataFrame:
    """Select and cast ``frame`` to ``schema``; raise ``ValueError`` naming any missing column (an
    ``OPTIONAL_COLUMNS`` column may be missing: it is null)."""
    missing = [column for column in schema if column not in frame.columns and column not in OPTIONAL_COLUMNS]
    if missing:
        raise ValueError(f"the {name} frame has no column(s) {', '.join(missing)}; expected {list(schema)}")
    return frame.select(
        (pl.col(column) if column in frame.columns else pl.lit(None)).cast(dtype).alias(column)
        for column, dtype in schema.items()
    )


@dataclass(frozen=True)
class CouncilFrames:
    """A council's frames (one or many councils), the input of every measure function. Construct with
    :meth:`of` to check and cast columns to the schemas."""

    councils: pl.DataFrame
    people: pl.DataFrame
    engagements: pl.DataFrame
    assignments: pl.DataFrame
    absences: pl.DataFrame
    caseloads: pl.DataFrame
    figures: pl.DataFrame
    teams: pl.DataFrame
    posts: pl.DataFrame

    @classmethod
    def of(
        cls,
        *,
        councils: pl.DataFrame,
        people: pl.DataFrame | None = None,
        engagements: pl.DataFrame | None = None,
        assignments: pl.DataFrame | None = None,
        absences: pl.DataFrame | None = None,
        caseloads: pl.DataFrame | None = None,
        figures: pl.DataFrame | None = None,
        teams: pl.DataFrame | None = None,
        posts: pl.DataFrame | None = None,
    ) -> CouncilFrames:
        """Build the frames (a missing frame is empty), selecting and casting each to its schema."""
        given = {
            "councils": councils,
            "people": people,
            "engagements": engagements,
            "assignments": assignments,
            "absences": absences,
            "caseloads": caseloads,
            "figures": figures,
            "teams": teams,
            "posts": posts,
        }
        frames = {
            name: conform(
                pl.DataFrame(schema=dict(SCHEMAS[name])) if frame is None else frame, SCHEMAS[name], name=name
            )
            for name, frame in given.items()
        }
        return cls(**frames)


def _frame(rows: list[tuple[object, ...]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def _code(value: Enum | None) -> str | None:
    return None if value is None else str(value.value)


def _decimal(value: object) -> float | None:
    return None if value is None else float(str(value))


def frames_from_records(records: Iterable[CouncilRecords]) -> CouncilFrames:
    """A council's frames from its domain records, one or many councils."""
    rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in SCHEMAS}
    for rec in records:
        la = rec.council.la_code
        rows["councils"].append((la, rec.council.name, rec.council.region))
        rows["people"].extend(
            (la, p.key, p.birth_date, _code(p.sex), _code(p.ethnicity), p.step_up_grad, p.frontline_grad)
            for p in rec.people
        )
        rows["engagements"].extend(
            (
                la,
                e.person_key,
                e.key,
                e.is_agency,
                e.start_date,
                e.end_date,
                _code(e.start_origin),
                _code(e.reason_leave),
                _code(e.destination),
            )
            for e in rec.engagements
        )
        rows["assignments"].extend(
            (
                la,
                a.engagement_key,
                a.effective_from,
                a.effective_to,
                _decimal(a.fte),
                _code(a.role),
                _decimal(a.fte30),
                a.team_key,
                a.job_title,
                _code(a.cfkss_status),
            )
            for a in rec.assignments
        )
        rows["absences"].extend(
            (la, a.engagement_key, a.start, a.end, _code(a.reason), _decimal(a.working_days_lost)) for a in rec.absences
        )
        rows["caseloads"].extend((la, c.engagement_key, c.on, c.cases) for c in rec.caseloads)
        rows["figures"].extend((la, f.on, _decimal(f.vacancies_fte), _decimal(f.agency_cover_fte)) for f in rec.figures)
        rows["teams"].extend((la, t.key, t.name, t.service_area) for t in rec.teams)
        rows["posts"].extend(
            (la, p.team_key, _code(p.role), _decimal(p.funded_fte), p.effective_from, p.effective_to) for p in rec.posts
        )
    return CouncilFrames(**{name: _frame(rows[name], schema) for name, schema in SCHEMAS.items()})
