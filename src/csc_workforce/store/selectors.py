"""Reads for measures: a council's frames (``measures.inputs.CouncilFrames``) straight from SQL (fast for many
councils)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import polars as pl
from django.db import connection, models

from csc_workforce.measures.inputs import (
    ABSENCES_SCHEMA,
    AGENCY_CAPS_SCHEMA,
    AGENCY_COSTS_SCHEMA,
    AGENCY_PLACEMENTS_SCHEMA,
    ALLOCATIONS_SCHEMA,
    APPLICATIONS_SCHEMA,
    ASSIGNMENTS_SCHEMA,
    AUDIT_ELEMENTS_SCHEMA,
    AUDITS_SCHEMA,
    CAMPAIGNS_SCHEMA,
    CASELOADS_SCHEMA,
    COST_ASSUMPTIONS_SCHEMA,
    COUNCILS_SCHEMA,
    COURSES_SCHEMA,
    DATED_FRAMES,
    ENGAGEMENTS_SCHEMA,
    FIGURES_SCHEMA,
    GRADES_SCHEMA,
    HR_CASES_SCHEMA,
    INDICATORS_SCHEMA,
    INTERVIEWS_SCHEMA,
    PAY_SCHEMA,
    PEOPLE_SCHEMA,
    PLACEMENT_INCOME_SCHEMA,
    PLACEMENTS_SCHEMA,
    POSTS_SCHEMA,
    PROGRAMMES_SCHEMA,
    REVIEWS_SCHEMA,
    SUPERVISION_POLICY_SCHEMA,
    SUPERVISION_SCHEMA,
    SURVEY_ANSWERS_SCHEMA,
    SURVEY_WAVES_SCHEMA,
    TEAMS_SCHEMA,
    TRAINING_SCHEMA,
    CouncilFrames,
    title_key,
)
from csc_workforce.store import models as m


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _frame(sql: str, params: Sequence[Any], columns: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Rows of ``sql`` as a frame. Both backends return dates as ``date`` and decimals as ``Decimal``."""
    return _rows_frame(_rows(sql, params), columns)


def _rows_frame(rows: Sequence[tuple[Any, ...]], columns: Mapping[str, pl.DataType]) -> pl.DataFrame:
    # wide enough for every decimal stored (models.AMOUNT: 10 digits before the point)
    decimal_free = {n: (pl.Decimal(24, 6) if t == pl.Float64() else t) for n, t in columns.items()}
    frame = pl.DataFrame(rows, schema=decimal_free, orient="row", strict=False)
    target: dict[Any, pl.DataType] = dict(columns)
    return frame.cast(target)


def _council_filter(la_codes: Sequence[str] | None, alias: str = "c") -> tuple[str, list[object]]:
    if not la_codes:
        return "", []
    return f" WHERE {alias}.la_code IN ({', '.join(['%s'] * len(la_codes))})", list(la_codes)


def council_frames(*, la_codes: Sequence[str] | None = None, frames: Collection[str] | None = None) -> CouncilFrames:
    """The frames of the given councils (every council when None), one query per frame. ``frames`` names the
    dated frames to load (``measures.inputs.DATED_FRAMES``; None: every one); the others are left empty, for
    callers that read none or few of them (DfE's measures and the council page's profile read none; each page of
    figures from dated records the few its parts read), which then need not load tens of thousands of
    supervision sessions or case allocations. The workforce frames are always loaded."""
    names = frozenset(DATED_FRAMES if frames is None else frames)
    unknown = sorted(names - frozenset(DATED_FRAMES))
    if unknown:
        raise ValueError(f"no dated frame {', '.join(unknown)}; the dated frames are {', '.join(DATED_FRAMES)}")
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
        f"SELECT c.la_code, e.key, a.start, a.{qn('end')}, a.reason, a.working_days_lost, a.cause, a.year_total "
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
    pay = _frame(
        f"SELECT c.la_code, e.key, p.year, p.base_salary FROM {_table(m.Pay)} p "
        f"JOIN {eng} e ON e.id = p.engagement_id JOIN {council} c ON c.id = p.council_id{where}",
        params,
        PAY_SCHEMA,
    )
    salaries = ", ".join(f"a.salary_{role}" for role in "123456")
    cost_assumptions = _frame(
        f"SELECT c.la_code, a.on_costs_pct, a.weekly_hours, a.onboarding_weeks, a.onboarding_productivity_pct, "
        f"{salaries} FROM {_table(m.CostAssumptions)} a JOIN {council} c ON c.la_code = a.la_code{where}",
        params,
        COST_ASSUMPTIONS_SCHEMA,
    )
    councils = _frame(f"SELECT c.la_code, c.name, c.region FROM {council} c{where}", params, COUNCILS_SCHEMA)
    dated = _dated_frames(where, params, names)
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
        pay=pay,
        cost_assumptions=cost_assumptions,
        **dated,
    )


def _dated_frames(where: str, params: Sequence[Any], names: Collection[str]) -> dict[str, pl.DataFrame]:
    """The dated frames ``names`` (``measures.inputs``), as ``frames_from_records`` builds them: only their
    queries are run."""
    qn = connection.ops.quote_name
    council, person, eng, team = _table(m.Council), _table(m.Person), _table(m.Engagement), _table(m.Team)
    on, end, group = qn("on"), qn("end"), qn("group")
    queries: dict[str, Callable[[], pl.DataFrame]] = {
        "supervision": lambda: _frame(
            f"SELECT c.la_code, e.key, s.{on}, s.kind, s.recorded_late FROM {_table(m.SupervisionSession)} s "
            f"JOIN {eng} e ON e.id = s.engagement_id JOIN {council} c ON c.id = s.council_id{where}",
            params,
            SUPERVISION_SCHEMA,
        ),
        "supervision_policy": lambda: _frame(
            f"SELECT c.la_code, s.{group}, s.from_month, s.to_month, s.interval_weeks, s.interval_months, "
            f"s.grace_days, s.effective_from FROM {_table(m.SupervisionStandard)} s "
            f"JOIN {council} c ON c.id = s.council_id{where}",
            params,
            SUPERVISION_POLICY_SCHEMA,
        ),
        "reviews": lambda: _frame(
            f"SELECT c.la_code, e.key, v.cycle, v.due, v.completed, v.rating, v.successful, v.objectives_set "
            f"FROM {_table(m.PerformanceReview)} v JOIN {eng} e ON e.id = v.engagement_id "
            f"JOIN {council} c ON c.id = v.council_id{where}",
            params,
            REVIEWS_SCHEMA,
        ),
        "courses": lambda: _frame(
            f"SELECT c.la_code, k.key, k.title, k.mandatory, k.validity_months, k.post_qualifying, "
            f"k.practice_educator FROM {_table(m.Course)} k JOIN {council} c ON c.id = k.council_id{where}",
            params,
            COURSES_SCHEMA,
        ),
        "training": lambda: _frame(
            f"SELECT c.la_code, p.key, k.key, t.status, t.booked_on, t.{on}, t.completed_on "
            f"FROM {_table(m.TrainingRecord)} t JOIN {person} p ON p.id = t.person_id "
            f"JOIN {_table(m.Course)} k ON k.id = t.course_id JOIN {council} c ON c.id = t.council_id{where}",
            params,
            TRAINING_SCHEMA,
        ),
        "programmes": lambda: _frame(
            f"SELECT c.la_code, s.key, p.key, e.key, s.programme, s.start, s.{end}, s.outcome, s.midpoint_review, "
            f"s.final_review, s.protected_caseload, s.protected_time_pct FROM {_table(m.ProgrammeSpell)} s "
            f"JOIN {person} p ON p.id = s.person_id LEFT JOIN {eng} e ON e.id = s.engagement_id "
            f"JOIN {council} c ON c.id = s.council_id{where}",
            params,
            PROGRAMMES_SCHEMA,
        ),
        "grades": lambda: _grades(where, params),
        "placements": lambda: _frame(
            f"SELECT c.la_code, s.key, s.student_ref, s.start, s.{end}, s.year_of_study, t.key, s.outcome, "
            f"s.eligible_for_nqsw, s.applied, s.interviewed, s.offered, s.appointed, p.key "
            f"FROM {_table(m.StudentPlacement)} s LEFT JOIN {team} t ON t.id = s.team_id "
            f"LEFT JOIN {person} p ON p.id = s.person_id JOIN {council} c ON c.id = s.council_id{where}",
            params,
            PLACEMENTS_SCHEMA,
        ),
        "placement_income": lambda: _frame(
            f"SELECT c.la_code, i.financial_year, i.amount FROM {_table(m.PlacementIncome)} i "
            f"JOIN {council} c ON c.id = i.council_id{where}",
            params,
            PLACEMENT_INCOME_SCHEMA,
        ),
        "audits": lambda: _frame(
            f"SELECT c.la_code, a.key, a.{on}, a.grade, t.key FROM {_table(m.CaseAudit)} a "
            f"LEFT JOIN {team} t ON t.id = a.team_id JOIN {council} c ON c.id = a.council_id{where}",
            params,
            AUDITS_SCHEMA,
        ),
        "indicators": lambda: _frame(
            f"SELECT c.la_code, i.indicator, i.month, i.numerator, i.denominator FROM {_table(m.IndicatorMonth)} i "
            f"JOIN {council} c ON c.id = i.council_id{where}",
            params,
            INDICATORS_SCHEMA,
        ),
        "hr_cases": lambda: _frame(
            f"SELECT c.la_code, h.key, h.kind, h.opened, h.closed FROM {_table(m.HRCase)} h "
            f"JOIN {council} c ON c.id = h.council_id{where}",
            params,
            HR_CASES_SCHEMA,
        ),
        "audit_elements": lambda: _frame(
            f"SELECT c.la_code, a.key, x.element, x.grade FROM {_table(m.CaseAuditElement)} x "
            f"JOIN {_table(m.CaseAudit)} a ON a.id = x.audit_id JOIN {council} c ON c.id = x.council_id{where}",
            params,
            AUDIT_ELEMENTS_SCHEMA,
        ),
        "allocations": lambda: _frame(
            f"SELECT c.la_code, a.key, a.child_ref, e.key, a.start, a.{end} FROM {_table(m.CaseAllocation)} a "
            f"JOIN {eng} e ON e.id = a.engagement_id JOIN {council} c ON c.id = a.council_id{where}",
            params,
            ALLOCATIONS_SCHEMA,
        ),
        "interviews": lambda: _frame(
            f"SELECT c.la_code, i.key, e.key, i.kind, i.{on}, i.themes FROM {_table(m.StaffInterview)} i "
            f"JOIN {eng} e ON e.id = i.engagement_id JOIN {council} c ON c.id = i.council_id{where}",
            params,
            INTERVIEWS_SCHEMA,
        ),
        "survey_waves": lambda: _frame(
            f"SELECT c.la_code, w.key, w.{on}, w.instrument, w.invited, w.responses FROM {_table(m.SurveyWave)} w "
            f"JOIN {council} c ON c.id = w.council_id{where} ORDER BY c.la_code, w.key",
            params,
            SURVEY_WAVES_SCHEMA,
        ),
        "survey_answers": lambda: _frame(
            f"SELECT c.la_code, w.key, a.question, a.question_text, a.option, a.{qn('count')} "
            f"FROM {_table(m.SurveyAnswer)} a JOIN {_table(m.SurveyWave)} w ON w.id = a.wave_id "
            f"JOIN {council} c ON c.id = a.council_id{where} ORDER BY c.la_code, w.key, a.question, a.option",
            params,
            SURVEY_ANSWERS_SCHEMA,
        ),
        "agency_placements": lambda: _frame(
            f"SELECT c.la_code, a.key, e.key, a.start, a.{end}, a.supplier, a.role, a.grade, t.key, a.funded_post, "
            f"a.pay_rate, a.charge_rate, a.pqe_years, a.{qn('references')}, a.rule, a.converted_on, k.key "
            f"FROM {_table(m.AgencyPlacement)} a JOIN {eng} e ON e.id = a.engagement_id "
            f"LEFT JOIN {team} t ON t.id = a.team_id LEFT JOIN {eng} k ON k.id = a.permanent_engagement_id "
            f"JOIN {council} c ON c.id = a.council_id{where}",
            params,
            AGENCY_PLACEMENTS_SCHEMA,
        ),
        "agency_costs": lambda: _frame(
            f"SELECT c.la_code, a.key, s.month, s.hours, s.spend FROM {_table(m.AgencyCost)} s "
            f"JOIN {_table(m.AgencyPlacement)} a ON a.id = s.placement_id JOIN {council} c ON c.id = s.council_id"
            f"{where}",
            params,
            AGENCY_COSTS_SCHEMA,
        ),
        "agency_caps": lambda: _frame(
            f"SELECT c.la_code, p.region, p.role, p.grade, p.basis, p.rate, p.effective_from, p.effective_to "
            f"FROM {_table(m.AgencyCap)} p JOIN {council} c ON c.id = p.council_id{where}",
            params,
            AGENCY_CAPS_SCHEMA,
        ),
        "campaigns": lambda: _frame(
            f"SELECT c.la_code, k.key, k.opened, k.closed, NULLIF(k.role, ''), t.key, k.cost, "
            f"NULLIF(k.cost_type, '') FROM {_table(m.RecruitmentCampaign)} k LEFT JOIN {team} t ON t.id = k.team_id "
            f"JOIN {council} c ON c.id = k.council_id{where}",
            params,
            CAMPAIGNS_SCHEMA,
        ),
        "applications": lambda: _rows_frame(
            [
                (*row[:-1], ";".join(_json_list(row[-1])) or None)
                for row in _rows(
                    f"SELECT c.la_code, a.key, a.campaign_key, a.applied, NULLIF(a.channel, ''), NULLIF(a.route, ''), "
                    f"a.shortlisted, a.interviewed, a.offered, a.accepted, a.dbs_cleared, a.references_complete, "
                    f"a.started, NULLIF(a.outcome, ''), NULLIF(a.outcome_stage, ''), a.outcome_on, e.key, a.reasons "
                    f"FROM {_table(m.JobApplication)} a LEFT JOIN {eng} e ON e.id = a.engagement_id "
                    f"JOIN {council} c ON c.id = a.council_id{where}",
                    params,
                )
            ],
            APPLICATIONS_SCHEMA,
        ),
    }
    return {name: queries[name]() for name in DATED_FRAMES if name in names}


def _grades(where: str, params: Sequence[Any]) -> pl.DataFrame:
    """The grade scale, one row per job title that means a grade (its name included), each title once."""
    council = _table(m.Council)
    rows = [
        (la, name, rank, title, key)
        for la, name, rank, titles in _rows(
            f"SELECT c.la_code, g.name, g.rank, g.titles FROM {_table(m.Grade)} g "
            f"JOIN {council} c ON c.id = g.council_id{where}",
            params,
        )
        for key, title in {title_key(t): t for t in (*_json_list(titles), name)}.items()
    ]
    return _rows_frame(rows, GRADES_SCHEMA)


def _json_list(value: Any) -> list[str]:
    """A JSON list column: SQLite returns its text, PostgreSQL the list itself."""
    return list(json.loads(value) if isinstance(value, str) else value or [])
