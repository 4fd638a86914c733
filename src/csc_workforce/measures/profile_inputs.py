"""The Polars frames the workforce profile (``measures.profile``) is computed from.

The DfE measures' frames (``measures.inputs``) carry no person attributes, teams, posts or leaver reasons, so
the profile has its own frames, one schema constant each, in the same style: :func:`profile_inputs_from_records`
builds them from domain records and the web layer can build the same frames straight from SQL. Every frame
carries ``la_code``; keys need only be unique within one council. Codes are stored as the census code strings
(``OrgRole`` "1".."6", ``Sex`` "M"/"F"/"0"/"9", ``Ethnicity`` "WBRI"..., ``StartOrigin``, ``ReasonLeave``,
``LeaverDestination``).

``councils``     la_code str, la_name str, region str (the councils to report on; see ``measures.inputs``)
``people``       la_code, person_key, birth_date date, sex str, ethnicity str
``engagements``  la_code, engagement_key, person_key, agency bool, start_date date, end_date date (first day
                 not in post), start_origin str, reason_leave str, destination str
``assignments``  la_code, engagement_key, effective_from date, effective_to date (inclusive, null = open),
                 fte float, role str, team_key str, job_title str, fte30 float (see ``measures.inputs``)
``teams``        la_code, team_key, name str, service_area str
``posts``        la_code, team_key, role str, funded_fte float, effective_from date, effective_to date
                 (inclusive, null = open)
``caseloads``    la_code, engagement_key, on date, cases int (as ``measures.inputs.CASELOADS_SCHEMA``)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

import polars as pl

from csc_workforce.domain.records import CouncilRecords
from csc_workforce.measures.inputs import CASELOADS_SCHEMA, COUNCILS_SCHEMA, conform

PEOPLE_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "person_key": pl.String(),
    "birth_date": pl.Date(),
    "sex": pl.String(),
    "ethnicity": pl.String(),
}
PROFILE_ENGAGEMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "person_key": pl.String(),
    "agency": pl.Boolean(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
    "start_origin": pl.String(),
    "reason_leave": pl.String(),
    "destination": pl.String(),
}
PROFILE_ASSIGNMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "effective_from": pl.Date(),
    "effective_to": pl.Date(),
    "fte": pl.Float64(),
    "role": pl.String(),
    "team_key": pl.String(),
    "job_title": pl.String(),
    "fte30": pl.Float64(),
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

PROFILE_SCHEMAS: Mapping[str, Mapping[str, pl.DataType]] = {
    "councils": COUNCILS_SCHEMA,
    "people": PEOPLE_SCHEMA,
    "engagements": PROFILE_ENGAGEMENTS_SCHEMA,
    "assignments": PROFILE_ASSIGNMENTS_SCHEMA,
    "teams": TEAMS_SCHEMA,
    "posts": POSTS_SCHEMA,
    "caseloads": CASELOADS_SCHEMA,
}


@dataclass(frozen=True)
class ProfileInputs:
    """The seven profile frames. Construct with :meth:`of` to check and cast columns to the schemas."""

    councils: pl.DataFrame
    people: pl.DataFrame
    engagements: pl.DataFrame
    assignments: pl.DataFrame
    teams: pl.DataFrame
    posts: pl.DataFrame
    caseloads: pl.DataFrame

    @classmethod
    def of(
        cls,
        *,
        councils: pl.DataFrame,
        people: pl.DataFrame | None = None,
        engagements: pl.DataFrame | None = None,
        assignments: pl.DataFrame | None = None,
        teams: pl.DataFrame | None = None,
        posts: pl.DataFrame | None = None,
        caseloads: pl.DataFrame | None = None,
    ) -> ProfileInputs:
        """Build inputs from frames (missing frames are empty), selecting and casting to the schemas."""
        given = {
            "councils": councils,
            "people": people,
            "engagements": engagements,
            "assignments": assignments,
            "teams": teams,
            "posts": posts,
            "caseloads": caseloads,
        }
        frames = {
            name: conform(
                pl.DataFrame(schema=dict(PROFILE_SCHEMAS[name])) if frame is None else frame,
                PROFILE_SCHEMAS[name],
                name=name,
            )
            for name, frame in given.items()
        }
        return cls(**frames)


def _frame(rows: list[tuple[object, ...]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def _code(value: Enum | None) -> str | None:
    return None if value is None else str(value.value)


def _decimal(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def profile_inputs_from_records(records: Iterable[CouncilRecords]) -> ProfileInputs:
    """Build the profile input frames from domain records, one or many councils."""
    rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in PROFILE_SCHEMAS}
    for rec in records:
        la = rec.council.la_code
        rows["councils"].append((la, rec.council.name, rec.council.region))
        rows["people"].extend((la, p.key, p.birth_date, _code(p.sex), _code(p.ethnicity)) for p in rec.people)
        rows["engagements"].extend(
            (
                la,
                e.key,
                e.person_key,
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
                a.team_key,
                a.job_title,
                _decimal(a.fte30),
            )
            for a in rec.assignments
        )
        rows["teams"].extend((la, t.key, t.name, t.service_area) for t in rec.teams)
        rows["posts"].extend(
            (la, p.team_key, _code(p.role), _decimal(p.funded_fte), p.effective_from, p.effective_to) for p in rec.posts
        )
        rows["caseloads"].extend((la, c.engagement_key, c.on, c.cases) for c in rec.caseloads)
    return ProfileInputs(**{name: _frame(rows[name], schema) for name, schema in PROFILE_SCHEMAS.items()})
