"""The Polars frames the DfE workforce measures are computed from.

Six plain frames, one schema constant each. :func:`frames_from_records` builds them from domain records; the
web layer builds the same frames straight from SQL. Every frame carries ``la_code`` so many councils can be
computed in one pass. Keys (``person_key``, ``engagement_key``) need only be unique within one council.

Frames and columns (all dates are ``pl.Date``; "inclusive" ends include that day):

``engagements``  one row per spell of work (permanent, fixed-term or agency)
    la_code str, person_key str, engagement_key str, agency bool,
    start_date date (null = started before records began), end_date date (null = still in post;
    the first day *not* in post is ``end_date``: a worker with end_date 30 Sep is a leaver on that day)
``assignments``  what an engagement is doing, effective-dated
    la_code str, engagement_key str, effective_from date, effective_to date (null = open, inclusive),
    fte float (null = not known), role str ("1".."6", null = not known), fte30 float (a census return's
    FTE on 30 September, null from other sources: stocks use it when given, flows use ``fte``)
``absences``     absence spells
    la_code str, engagement_key str, start date, end date (inclusive), reason str ("SIC" = sickness),
    working_days_lost float (null = not known)
``caseloads``    number of cases held by an engagement on a date
    la_code str, engagement_key str, on date, cases int
``figures``      council-level items dated ``on`` (a census return stores them at 30 September)
    la_code str, on date, vacancies_fte float, agency_cover_fte float (both nullable)
``councils``     the councils to report on, one row each
    la_code str, la_name str, region str
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import polars as pl

from csc_workforce.domain.records import CouncilRecords

ENGAGEMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "person_key": pl.String(),
    "engagement_key": pl.String(),
    "agency": pl.Boolean(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
}
ASSIGNMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "effective_from": pl.Date(),
    "effective_to": pl.Date(),
    "fte": pl.Float64(),
    "role": pl.String(),
    "fte30": pl.Float64(),
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
COUNCILS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "la_name": pl.String(),
    "region": pl.String(),
}

SCHEMAS: Mapping[str, Mapping[str, pl.DataType]] = {
    "engagements": ENGAGEMENTS_SCHEMA,
    "assignments": ASSIGNMENTS_SCHEMA,
    "absences": ABSENCES_SCHEMA,
    "caseloads": CASELOADS_SCHEMA,
    "figures": FIGURES_SCHEMA,
    "councils": COUNCILS_SCHEMA,
}


# Columns a frame may leave out (null when missing): only census returns give an FTE on 30 September.
OPTIONAL_COLUMNS = frozenset({"fte30"})


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
class MeasureInputs:
    """The six input frames. Construct with :meth:`of` to check and cast columns to the schemas."""

    engagements: pl.DataFrame
    assignments: pl.DataFrame
    absences: pl.DataFrame
    caseloads: pl.DataFrame
    figures: pl.DataFrame
    councils: pl.DataFrame

    @classmethod
    def of(
        cls,
        *,
        councils: pl.DataFrame,
        engagements: pl.DataFrame | None = None,
        assignments: pl.DataFrame | None = None,
        absences: pl.DataFrame | None = None,
        caseloads: pl.DataFrame | None = None,
        figures: pl.DataFrame | None = None,
    ) -> MeasureInputs:
        """Build inputs from frames (missing frames are empty), selecting and casting to the schemas."""
        given = {
            "engagements": engagements,
            "assignments": assignments,
            "absences": absences,
            "caseloads": caseloads,
            "figures": figures,
            "councils": councils,
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


def frames_from_records(records: Iterable[CouncilRecords]) -> MeasureInputs:
    """Build the measure input frames from domain records, one or many councils."""
    councils: list[tuple[object, ...]] = []
    engagements: list[tuple[object, ...]] = []
    assignments: list[tuple[object, ...]] = []
    absences: list[tuple[object, ...]] = []
    caseloads: list[tuple[object, ...]] = []
    figures: list[tuple[object, ...]] = []
    for rec in records:
        la = rec.council.la_code
        councils.append((la, rec.council.name, rec.council.region))
        engagements.extend((la, e.person_key, e.key, e.is_agency, e.start_date, e.end_date) for e in rec.engagements)
        assignments.extend(
            (la, a.engagement_key, a.effective_from, a.effective_to, _decimal(a.fte), _code(a.role), _decimal(a.fte30))
            for a in rec.assignments
        )
        absences.extend(
            (la, a.engagement_key, a.start, a.end, _code(a.reason), _decimal(a.working_days_lost)) for a in rec.absences
        )
        caseloads.extend((la, c.engagement_key, c.on, c.cases) for c in rec.caseloads)
        figures.extend((la, f.on, _decimal(f.vacancies_fte), _decimal(f.agency_cover_fte)) for f in rec.figures)
    return MeasureInputs(
        engagements=_frame(engagements, ENGAGEMENTS_SCHEMA),
        assignments=_frame(assignments, ASSIGNMENTS_SCHEMA),
        absences=_frame(absences, ABSENCES_SCHEMA),
        caseloads=_frame(caseloads, CASELOADS_SCHEMA),
        figures=_frame(figures, FIGURES_SCHEMA),
        councils=_frame(councils, COUNCILS_SCHEMA),
    )
