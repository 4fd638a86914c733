"""Reads for measures: a council's frames (``measures.inputs.CouncilFrames``) straight from SQL (fast for many
councils)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from django.db import connection, models

from csc_workforce.measures.inputs import (
    ABSENCES_SCHEMA,
    ASSIGNMENTS_SCHEMA,
    CASELOADS_SCHEMA,
    COUNCILS_SCHEMA,
    ENGAGEMENTS_SCHEMA,
    FIGURES_SCHEMA,
    PEOPLE_SCHEMA,
    POSTS_SCHEMA,
    TEAMS_SCHEMA,
    CouncilFrames,
)
from csc_workforce.store import models as m


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _frame(sql: str, params: Sequence[Any], columns: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Rows of ``sql`` as a frame. Both backends return dates as ``date`` and decimals as ``Decimal``."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    decimal_free = {n: (pl.Decimal(12, 6) if t == pl.Float64() else t) for n, t in columns.items()}
    frame = pl.DataFrame(rows, schema=decimal_free, orient="row", strict=False)
    target: dict[Any, pl.DataType] = dict(columns)
    return frame.cast(target)


def _council_filter(la_codes: Sequence[str] | None, alias: str = "c") -> tuple[str, list[object]]:
    if not la_codes:
        return "", []
    return f" WHERE {alias}.la_code IN ({', '.join(['%s'] * len(la_codes))})", list(la_codes)


def council_frames(*, la_codes: Sequence[str] | None = None) -> CouncilFrames:
    """The frames of the given councils (every council when None), one query per frame."""
    where, params = _council_filter(la_codes)
    qn = connection.ops.quote_name
    council, person, eng, team = _table(m.Council), _table(m.Person), _table(m.Engagement), _table(m.Team)
    people = _frame(
        f"SELECT c.la_code, p.key, p.birth_date, p.sex, p.ethnicity, p.step_up_grad, p.frontline_grad "
        f"FROM {person} p JOIN {council} c ON c.id = p.council_id{where}",
        params,
        PEOPLE_SCHEMA,
    )
    engagements = _frame(
        f"SELECT c.la_code, p.key, e.key, e.contract = 'agency', e.start_date, e.end_date, e.start_origin, "
        f"e.reason_leave, e.destination FROM {eng} e JOIN {council} c ON c.id = e.council_id "
        f"JOIN {person} p ON p.id = e.person_id{where}",
        params,
        ENGAGEMENTS_SCHEMA,
    )
    assignments = _frame(
        f"SELECT c.la_code, e.key, a.effective_from, a.effective_to, a.fte, a.role, a.fte30, t.key, a.job_title, "
        f"a.cfkss_status FROM {_table(m.Assignment)} a JOIN {eng} e ON e.id = a.engagement_id "
        f"JOIN {council} c ON c.id = a.council_id LEFT JOIN {team} t ON t.id = a.team_id{where}",
        params,
        ASSIGNMENTS_SCHEMA,
    )
    absences = _frame(
        f"SELECT c.la_code, e.key, a.start, a.{qn('end')}, a.reason, a.working_days_lost "
        f"FROM {_table(m.Absence)} a JOIN {eng} e ON e.id = a.engagement_id "
        f"JOIN {council} c ON c.id = a.council_id{where}",
        params,
        ABSENCES_SCHEMA,
    )
    caseloads = _frame(
        f"SELECT c.la_code, e.key, s.{qn('on')}, s.cases FROM {_table(m.CaseloadSnapshot)} s "
        f"JOIN {eng} e ON e.id = s.engagement_id JOIN {council} c ON c.id = s.council_id{where}",
        params,
        CASELOADS_SCHEMA,
    )
    figures = _frame(
        f"SELECT c.la_code, f.{qn('on')}, f.vacancies_fte, f.agency_cover_fte "
        f"FROM {_table(m.CouncilFigures)} f JOIN {council} c ON c.id = f.council_id{where}",
        params,
        FIGURES_SCHEMA,
    )
    teams = _frame(
        f"SELECT c.la_code, t.key, t.name, t.service_area FROM {team} t JOIN {council} c ON c.id = t.council_id{where}",
        params,
        TEAMS_SCHEMA,
    )
    posts = _frame(
        f"SELECT c.la_code, t.key, p.role, p.funded_fte, p.effective_from, p.effective_to FROM {_table(m.Post)} p "
        f"JOIN {team} t ON t.id = p.team_id JOIN {council} c ON c.id = p.council_id{where}",
        params,
        POSTS_SCHEMA,
    )
    councils = _frame(f"SELECT c.la_code, c.name, c.region FROM {council} c{where}", params, COUNCILS_SCHEMA)
    return CouncilFrames.of(
        councils=councils,
        people=people,
        engagements=engagements,
        assignments=assignments,
        absences=absences,
        caseloads=caseloads,
        figures=figures,
        teams=teams,
        posts=posts,
    )
