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
    working_days_lost float (null = not known), cause str (a sickness absence's ``SicknessCause`` code, null
    = not recorded), year_total bool (a census return's total for the year, not a spell)
``caseloads``    number of cases held by an engagement on a date
    la_code str, engagement_key str, on date, cases int
``figures``      council-level items dated ``on`` (a census return stores them at 30 September)
    la_code str, on date, vacancies_fte float, agency_cover_fte float (both nullable)
``teams``        la_code, team_key, name str, service_area str
``posts``        la_code, team_key, role str, funded_fte float, effective_from date, effective_to date
                 (inclusive, null = open)
``pay``          the census's pay items (from 2025): la_code, engagement_key, year int (the census year ending 30
                 September), base_salary float (pounds a year, nullable)
``cost_assumptions``  the council's assumptions for the cost of turnover, at most one row per council (none:
    ``measures.turnover_cost.TurnoverAssumptions``' defaults): la_code, on_costs_pct, weekly_hours,
    onboarding_weeks, onboarding_productivity_pct, salary_1 .. salary_6 (an annual base salary per ``OrgRole``,
    null = from the pay records); all float

``supervision``  supervision sessions held
    la_code, engagement_key, on date, kind str (``SupervisionKind``), recorded_late bool
``supervision_policy``  the council's supervision policy, one row per line (``records.SupervisionStandard``)
    la_code, group str ("nqsw" or "all"), from_month int, to_month int (null = onwards), interval_weeks int,
    interval_months int (one of the two), grace_days int, effective_from date
``reviews``      performance reviews
    la_code, engagement_key, cycle str, due date, completed date (null = not done), rating str,
    successful bool (rated "successful" or higher), objectives_set bool
``courses``      la_code, course_key, title str, mandatory bool, validity_months int (null = for good),
                 post_qualifying bool, practice_educator bool
``training``     bookings on courses and their outcome
    la_code, person_key, course_key, status str (``TrainingStatus``), booked_on date, on date,
    completed_on date
``programmes``   a person's time on a programme (ASYE, Step Up, apprenticeship, aspirant managers...)
    la_code, programme_key, person_key, engagement_key (nullable), programme str (``Programme``), start date,
    end date (inclusive, null = still on it), outcome str (``ProgrammeOutcome``), midpoint_review date,
    final_review date, protected_caseload int, protected_time_pct float
``grades``       the council's grade scale: la_code, grade str, rank int, title str (one row per job title that
                 means the grade, compared by its ``title_key``: lower case, spaces removed), title_key str
``placements``   student placements and what followed
    la_code, placement_key, student_ref str, start date, end date (inclusive, null = ongoing), year_of_study
    int, team_key str, outcome str (``PlacementOutcome``), eligible_for_nqsw, applied, interviewed, offered,
    appointed bool, person_key str (nullable)
``placement_income``  la_code, financial_year int (2024 = April 2024 to March 2025), amount float
``interviews``   exit and retention interviews: la_code, interview_key, engagement_key, kind str
    (``InterviewKind``), on date, themes str (``VoiceTheme`` codes joined by ";", "" for none). Never free text.
``survey_waves`` staff survey waves: la_code, wave_key, on date, instrument str, invited int (nullable),
    responses int
``survey_answers``  la_code, wave_key, question str, question_text str, option str (``AnswerOption``), count int
``indicators``   practice indicators by month: la_code, indicator str (``PracticeIndicator``), month date (its
    first day), numerator int, denominator int (null for a count alone)
``audits``       case audits: la_code, audit_key, on date, grade str (``AuditGrade``), team_key str (nullable)
``hr_cases``     formal HR cases: la_code, case_key, kind str (``HRCaseKind``), opened date, closed date (inclusive
    last day open, null = open)
``audit_elements``  the elements of case audits graded on their own: la_code, audit_key, element str
    (``AuditElement``), grade str (``AuditGrade``); the audit's date and team are in ``audits``
``allocations``  children's allocations to workers: la_code, allocation_key, child_ref str (pseudonymous),
    engagement_key, start date, end date (inclusive, null = still allocated)
``agency_placements``  agency placements: la_code, placement_key, engagement_key, start date, end date (as an
    engagement's ``end_date``: the first day *not* in post; null = ongoing), supplier str, role str ("1".."6"),
    grade str (the council's grade), team_key str, funded_post bool, pay_rate float, charge_rate float (pounds an
    hour), pqe_years float, references bool, rule str (``AgencyRule``), converted_on date,
    permanent_engagement_key str (all but the key, engagement and start nullable)
``agency_costs``  a placement's month: la_code, placement_key, month date (its first day), hours float, spend
    float (pounds; either may be null)
``agency_caps``  price caps: la_code, region str, role str (null = every role), grade str (null = every grade),
    basis str (``CapBasis``: "pay" or "charge"), rate float (pounds an hour), effective_from date, effective_to
    date (inclusive, null = onwards)
``campaigns``    recruitment campaigns: la_code, campaign_key, opened date, closed date (inclusive, null = open),
    role str (``OrgRole``, nullable), team_key str (nullable), cost float (pounds, nullable), cost_type str
    (``RecruitmentCost``, nullable)
``applications`` applications, by reference only: la_code, application_key, campaign_key, applied date, channel
    str (``RecruitmentChannel``), route str (``RecruitmentRoute``), shortlisted, interviewed, offered, accepted,
    dbs_cleared, references_complete, started date (each null when not reached), outcome str
    (``ApplicationOutcome``), outcome_stage str (``ApplicationStage``), outcome_on date, engagement_key str
    (nullable), reasons str (``ApplyReason`` codes separated by ``;``, null when none given)

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
    "cause": pl.String(),
    "year_total": pl.Boolean(),
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
PAY_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "year": pl.Int64(),
    "base_salary": pl.Float64(),
}
COST_ASSUMPTIONS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "on_costs_pct": pl.Float64(),
    "weekly_hours": pl.Float64(),
    "onboarding_weeks": pl.Float64(),
    "onboarding_productivity_pct": pl.Float64(),
    **{f"salary_{role}": pl.Float64() for role in ("1", "2", "3", "4", "5", "6")},
}

SUPERVISION_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "on": pl.Date(),
    "kind": pl.String(),
    "recorded_late": pl.Boolean(),
}
SUPERVISION_POLICY_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "group": pl.String(),
    "from_month": pl.Int64(),
    "to_month": pl.Int64(),
    "interval_weeks": pl.Int64(),
    "interval_months": pl.Int64(),
    "grace_days": pl.Int64(),
    "effective_from": pl.Date(),
}
REVIEWS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "cycle": pl.String(),
    "due": pl.Date(),
    "completed": pl.Date(),
    "rating": pl.String(),
    "successful": pl.Boolean(),
    "objectives_set": pl.Boolean(),
}
COURSES_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "course_key": pl.String(),
    "title": pl.String(),
    "mandatory": pl.Boolean(),
    "validity_months": pl.Int64(),
    "post_qualifying": pl.Boolean(),
    "practice_educator": pl.Boolean(),
}
TRAINING_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "person_key": pl.String(),
    "course_key": pl.String(),
    "status": pl.String(),
    "booked_on": pl.Date(),
    "on": pl.Date(),
    "completed_on": pl.Date(),
}
PROGRAMMES_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "programme_key": pl.String(),
    "person_key": pl.String(),
    "engagement_key": pl.String(),
    "programme": pl.String(),
    "start": pl.Date(),
    "end": pl.Date(),
    "outcome": pl.String(),
    "midpoint_review": pl.Date(),
    "final_review": pl.Date(),
    "protected_caseload": pl.Int64(),
    "protected_time_pct": pl.Float64(),
}
GRADES_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "grade": pl.String(),
    "rank": pl.Int64(),
    "title": pl.String(),
    "title_key": pl.String(),
}
PLACEMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "placement_key": pl.String(),
    "student_ref": pl.String(),
    "start": pl.Date(),
    "end": pl.Date(),
    "year_of_study": pl.Int64(),
    "team_key": pl.String(),
    "outcome": pl.String(),
    "eligible_for_nqsw": pl.Boolean(),
    "applied": pl.Boolean(),
    "interviewed": pl.Boolean(),
    "offered": pl.Boolean(),
    "appointed": pl.Boolean(),
    "person_key": pl.String(),
}
PLACEMENT_INCOME_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "financial_year": pl.Int64(),
    "amount": pl.Float64(),
}
INDICATORS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "indicator": pl.String(),
    "month": pl.Date(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
}
AGENCY_PLACEMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "placement_key": pl.String(),
    "engagement_key": pl.String(),
    "start": pl.Date(),
    "end": pl.Date(),
    "supplier": pl.String(),
    "role": pl.String(),
    "grade": pl.String(),
    "team_key": pl.String(),
    "funded_post": pl.Boolean(),
    "pay_rate": pl.Float64(),
    "charge_rate": pl.Float64(),
    "pqe_years": pl.Float64(),
    "references": pl.Boolean(),
    "rule": pl.String(),
    "converted_on": pl.Date(),
    "permanent_engagement_key": pl.String(),
}
AGENCY_COSTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "placement_key": pl.String(),
    "month": pl.Date(),
    "hours": pl.Float64(),
    "spend": pl.Float64(),
}
AGENCY_CAPS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "region": pl.String(),
    "role": pl.String(),
    "grade": pl.String(),
    "basis": pl.String(),
    "rate": pl.Float64(),
    "effective_from": pl.Date(),
    "effective_to": pl.Date(),
}
AUDITS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "audit_key": pl.String(),
    "on": pl.Date(),
    "grade": pl.String(),
    "team_key": pl.String(),
}
HR_CASES_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "case_key": pl.String(),
    "kind": pl.String(),
    "opened": pl.Date(),
    "closed": pl.Date(),
}
AUDIT_ELEMENTS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "audit_key": pl.String(),
    "element": pl.String(),
    "grade": pl.String(),
}
ALLOCATIONS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "allocation_key": pl.String(),
    "child_ref": pl.String(),
    "engagement_key": pl.String(),
    "start": pl.Date(),
    "end": pl.Date(),
}

INTERVIEWS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "interview_key": pl.String(),
    "engagement_key": pl.String(),
    "kind": pl.String(),
    "on": pl.Date(),
    "themes": pl.String(),
}
SURVEY_WAVES_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "wave_key": pl.String(),
    "on": pl.Date(),
    "instrument": pl.String(),
    "invited": pl.Int64(),
    "responses": pl.Int64(),
}
SURVEY_ANSWERS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "wave_key": pl.String(),
    "question": pl.String(),
    "question_text": pl.String(),
    "option": pl.String(),
    "count": pl.Int64(),
}

CAMPAIGNS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "campaign_key": pl.String(),
    "opened": pl.Date(),
    "closed": pl.Date(),
    "role": pl.String(),
    "team_key": pl.String(),
    "cost": pl.Float64(),
    "cost_type": pl.String(),
}
APPLICATIONS_SCHEMA: Mapping[str, pl.DataType] = {
    "la_code": pl.String(),
    "application_key": pl.String(),
    "campaign_key": pl.String(),
    "applied": pl.Date(),
    "channel": pl.String(),
    "route": pl.String(),
    "shortlisted": pl.Date(),
    "interviewed": pl.Date(),
    "offered": pl.Date(),
    "accepted": pl.Date(),
    "dbs_cleared": pl.Date(),
    "references_complete": pl.Date(),
    "started": pl.Date(),
    "outcome": pl.String(),
    "outcome_stage": pl.String(),
    "outcome_on": pl.Date(),
    "engagement_key": pl.String(),
    "reasons": pl.String(),
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
    "pay": PAY_SCHEMA,
    "cost_assumptions": COST_ASSUMPTIONS_SCHEMA,
    "supervision": SUPERVISION_SCHEMA,
    "supervision_policy": SUPERVISION_POLICY_SCHEMA,
    "reviews": REVIEWS_SCHEMA,
    "courses": COURSES_SCHEMA,
    "training": TRAINING_SCHEMA,
    "programmes": PROGRAMMES_SCHEMA,
    "grades": GRADES_SCHEMA,
    "placements": PLACEMENTS_SCHEMA,
    "placement_income": PLACEMENT_INCOME_SCHEMA,
    "hr_cases": HR_CASES_SCHEMA,
    "audits": AUDITS_SCHEMA,
    "indicators": INDICATORS_SCHEMA,
    "audit_elements": AUDIT_ELEMENTS_SCHEMA,
    "allocations": ALLOCATIONS_SCHEMA,
    "interviews": INTERVIEWS_SCHEMA,
    "survey_waves": SURVEY_WAVES_SCHEMA,
    "survey_answers": SURVEY_ANSWERS_SCHEMA,
    "agency_placements": AGENCY_PLACEMENTS_SCHEMA,
    "agency_costs": AGENCY_COSTS_SCHEMA,
    "agency_caps": AGENCY_CAPS_SCHEMA,
    "campaigns": CAMPAIGNS_SCHEMA,
    "applications": APPLICATIONS_SCHEMA,
}
DATED_FRAMES: tuple[str, ...] = (
    "supervision",
    "supervision_policy",
    "reviews",
    "courses",
    "training",
    "programmes",
    "grades",
    "placements",
    "placement_income",
    "hr_cases",
    "audits",
    "indicators",
    "audit_elements",
    "allocations",
    "interviews",
    "survey_waves",
    "survey_answers",
    "agency_placements",
    "agency_costs",
    "agency_caps",
    "campaigns",
    "applications",
)
"""The frames of the practice and development records, and the other records dated apart from the workforce's
(HR casework), empty when a council holds none; ``store.selectors.council_frames(frames=...)`` loads only
those named (``frames=()``: none of them)."""


# Columns a frame may leave out (null when missing): only census returns give an FTE on 30 September, and a
# frame built for the DfE measures alone needs none of the person, team, reason or status columns.
OPTIONAL_COLUMNS = frozenset(
    {
        "fte30",
        "year_total",
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
    pay: pl.DataFrame
    cost_assumptions: pl.DataFrame
    supervision: pl.DataFrame
    supervision_policy: pl.DataFrame
    reviews: pl.DataFrame
    courses: pl.DataFrame
    training: pl.DataFrame
    programmes: pl.DataFrame
    grades: pl.DataFrame
    placements: pl.DataFrame
    placement_income: pl.DataFrame
    hr_cases: pl.DataFrame
    audits: pl.DataFrame
    indicators: pl.DataFrame
    audit_elements: pl.DataFrame
    allocations: pl.DataFrame
    interviews: pl.DataFrame
    survey_waves: pl.DataFrame
    survey_answers: pl.DataFrame
    agency_placements: pl.DataFrame
    agency_costs: pl.DataFrame
    agency_caps: pl.DataFrame
    campaigns: pl.DataFrame
    applications: pl.DataFrame

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
        pay: pl.DataFrame | None = None,
        cost_assumptions: pl.DataFrame | None = None,
        supervision: pl.DataFrame | None = None,
        supervision_policy: pl.DataFrame | None = None,
        reviews: pl.DataFrame | None = None,
        courses: pl.DataFrame | None = None,
        training: pl.DataFrame | None = None,
        programmes: pl.DataFrame | None = None,
        grades: pl.DataFrame | None = None,
        placements: pl.DataFrame | None = None,
        placement_income: pl.DataFrame | None = None,
        hr_cases: pl.DataFrame | None = None,
        audits: pl.DataFrame | None = None,
        indicators: pl.DataFrame | None = None,
        audit_elements: pl.DataFrame | None = None,
        allocations: pl.DataFrame | None = None,
        interviews: pl.DataFrame | None = None,
        survey_waves: pl.DataFrame | None = None,
        survey_answers: pl.DataFrame | None = None,
        agency_placements: pl.DataFrame | None = None,
        agency_costs: pl.DataFrame | None = None,
        agency_caps: pl.DataFrame | None = None,
        campaigns: pl.DataFrame | None = None,
        applications: pl.DataFrame | None = None,
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
            "pay": pay,
            "cost_assumptions": cost_assumptions,
            "supervision": supervision,
            "supervision_policy": supervision_policy,
            "reviews": reviews,
            "courses": courses,
            "training": training,
            "programmes": programmes,
            "grades": grades,
            "placements": placements,
            "placement_income": placement_income,
            "hr_cases": hr_cases,
            "audits": audits,
            "indicators": indicators,
            "audit_elements": audit_elements,
            "allocations": allocations,
            "interviews": interviews,
            "survey_waves": survey_waves,
            "survey_answers": survey_answers,
            "agency_placements": agency_placements,
            "agency_costs": agency_costs,
            "agency_caps": agency_caps,
            "campaigns": campaigns,
            "applications": applications,
        }
        frames = {
            name: conform(
                pl.DataFrame(schema=dict(SCHEMAS[name])) if frame is None else frame, SCHEMAS[name], name=name
            )
            for name, frame in given.items()
        }
        return cls(**frames)


SETTINGS_FRAMES: tuple[str, ...] = ("supervision_policy", "grades", "cost_assumptions", "agency_caps")
"""The frames that hold a council's settings (its supervision policy, grade scale, turnover cost assumptions,
agency price caps) rather than records: pooled councils (:func:`pool`) share them or have none."""


@dataclass(frozen=True)
class Pooled:
    """Many councils' frames as one council (:func:`pool`); ``differing`` names the settings frames
    (:data:`SETTINGS_FRAMES`) the councils do not share, so the pooled frames hold none of them."""

    frames: CouncilFrames
    differing: tuple[str, ...]


def pool(inputs: CouncilFrames, *, la_code: str, name: str) -> Pooled:
    """The councils of ``inputs`` as one council ``la_code`` (a region): their records taken together, each key
    (``*_key``, ``*_ref``) prefixed with its own council's code and a colon, since keys are unique only within a
    council, so a measure of the pooled frames sums its parts over every council's records. A person who worked
    for two of the councils is two people, as in each council's own figures.

    Settings are not records to add up: a settings frame (:data:`SETTINGS_FRAMES`) whose rows (apart from
    ``la_code``) are the same for every council is kept once; where they differ it is left empty and named in
    ``differing``, and the measures worked out with it have no pooled figure (``local.SETTINGS_MEASURES``). Agency
    caps count as shared only when the councils are in one region too (a cap may be for a region). The council
    figures (``figures``: vacancies and agency cover on a date) are summed over the councils on each date every
    one of them gives, null where any gives null; a date one of them lacks is left out."""
    members = inputs.councils.get_column("la_code").to_list()
    regions = set(inputs.councils.get_column("region").to_list())
    region = regions.pop() if len(regions) == 1 else None
    pooled: dict[str, pl.DataFrame] = {
        "councils": pl.DataFrame({"la_code": [la_code], "la_name": [name], "region": [region]}, schema=COUNCILS_SCHEMA)
    }
    differing: list[str] = []
    for frame_name, schema in SCHEMAS.items():
        frame: pl.DataFrame = getattr(inputs, frame_name)
        if frame_name == "councils":
            continue
        if frame_name == "figures":
            pooled[frame_name] = _pooled_figures(frame, members, la_code)
        elif frame_name in SETTINGS_FRAMES:
            shared = _shared(frame, members)
            if shared is None or (frame_name == "agency_caps" and not shared.is_empty() and region is None):
                differing.append(frame_name)
                shared = frame.clear()
            pooled[frame_name] = shared.with_columns(la_code=pl.lit(la_code, pl.String()))
        else:
            keys = [c for c in schema if c != "la_code" and c.endswith(("_key", "_ref"))]
            pooled[frame_name] = frame.with_columns(
                *(pl.concat_str(pl.col("la_code"), pl.lit(":"), pl.col(c)).alias(c) for c in keys),
                la_code=pl.lit(la_code, pl.String()),
            )
    return Pooled(CouncilFrames(**pooled), tuple(differing))


def _shared(frame: pl.DataFrame, members: list[str]) -> pl.DataFrame | None:
    """One copy of the settings every council in ``members`` holds alike (empty when none holds any), or None
    when they differ."""
    rest = [c for c in frame.columns if c != "la_code"]
    copies = [
        frame.filter(pl.col("la_code") == code).select(rest).sort(rest, nulls_last=True).rows() for code in members
    ]
    if any(copy != copies[0] for copy in copies[1:]):
        return None
    return frame.filter(pl.col("la_code") == members[0]) if members else frame.clear()


def _pooled_figures(figures: pl.DataFrame, members: list[str], la_code: str) -> pl.DataFrame:
    each = figures.group_by("la_code", "on", maintain_order=True).agg(
        pl.col("vacancies_fte", "agency_cover_fte").last()
    )
    summed = each.group_by("on", maintain_order=True).agg(
        pl.col("la_code").n_unique().alias("councils"),
        *(
            pl.when(pl.col(c).is_not_null().all()).then(pl.col(c).sum()).alias(c)
            for c in ("vacancies_fte", "agency_cover_fte")
        ),
    )
    return conform(
        summed.filter(pl.col("councils") == len(members)).with_columns(la_code=pl.lit(la_code, pl.String())),
        SCHEMAS["figures"],
        name="figures",
    )


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
            (
                la,
                a.engagement_key,
                a.start,
                a.end,
                _code(a.reason),
                _decimal(a.working_days_lost),
                _code(a.cause),
                a.year_total,
            )
            for a in rec.absences
        )
        rows["caseloads"].extend((la, c.engagement_key, c.on, c.cases) for c in rec.caseloads)
        rows["figures"].extend((la, f.on, _decimal(f.vacancies_fte), _decimal(f.agency_cover_fte)) for f in rec.figures)
        rows["teams"].extend((la, t.key, t.name, t.service_area) for t in rec.teams)
        rows["posts"].extend(
            (la, p.team_key, _code(p.role), _decimal(p.funded_fte), p.effective_from, p.effective_to) for p in rec.posts
        )
        rows["pay"].extend((la, p.engagement_key, p.year, _decimal(p.base_salary)) for p in rec.pay)
        _development_rows(rows, la, rec)
    return CouncilFrames(**{name: _frame(rows[name], schema) for name, schema in SCHEMAS.items()})


def title_key(title: str) -> str:
    """A job title as grades match it: lower case, spaces removed."""
    return "".join(title.casefold().split())


def _development_rows(rows: dict[str, list[tuple[object, ...]]], la: str, rec: CouncilRecords) -> None:
    rows["supervision"].extend((la, s.engagement_key, s.on, _code(s.kind), s.recorded_late) for s in rec.supervision)
    rows["supervision_policy"].extend(
        (
            la,
            _code(p.group),
            p.from_month,
            p.to_month,
            p.interval_weeks,
            p.interval_months,
            p.grace_days,
            p.effective_from,
        )
        for p in rec.supervision_policy
    )
    rows["reviews"].extend(
        (la, v.engagement_key, v.cycle, v.due, v.completed, v.rating, v.successful, v.objectives_set)
        for v in rec.reviews
    )
    rows["courses"].extend(
        (la, c.key, c.title, c.mandatory, c.validity_months, c.post_qualifying, c.practice_educator)
        for c in rec.courses
    )
    rows["training"].extend(
        (la, t.person_key, t.course_key, _code(t.status), t.booked_on, t.on, t.completed_on) for t in rec.training
    )
    rows["programmes"].extend(
        (
            la,
            p.key,
            p.person_key,
            p.engagement_key,
            _code(p.programme),
            p.start,
            p.end,
            _code(p.outcome),
            p.midpoint_review,
            p.final_review,
            p.protected_caseload,
            _decimal(p.protected_time_pct),
        )
        for p in rec.programmes
    )
    rows["grades"].extend(
        (la, g.name, g.rank, title, key)
        for g in rec.grades
        for key, title in {title_key(t): t for t in (*g.titles, g.name)}.items()
    )
    rows["placements"].extend(
        (
            la,
            p.key,
            p.student_ref,
            p.start,
            p.end,
            p.year_of_study,
            p.team_key,
            _code(p.outcome),
            p.eligible_for_nqsw,
            p.applied,
            p.interviewed,
            p.offered,
            p.appointed,
            p.person_key,
        )
        for p in rec.placements
    )
    rows["placement_income"].extend((la, i.financial_year, _decimal(i.amount)) for i in rec.placement_income)
    rows["hr_cases"].extend((la, c.key, _code(c.kind), c.opened, c.closed) for c in rec.hr_cases)
    rows["audits"].extend((la, a.key, a.on, _code(a.grade), a.team_key) for a in rec.audits)
    rows["indicators"].extend((la, _code(i.indicator), i.month, i.numerator, i.denominator) for i in rec.indicators)
    rows["audit_elements"].extend((la, a.key, _code(e.element), _code(e.grade)) for a in rec.audits for e in a.elements)
    rows["allocations"].extend((la, a.key, a.child_ref, a.engagement_key, a.start, a.end) for a in rec.allocations)
    rows["interviews"].extend(
        (la, i.key, i.engagement_key, _code(i.kind), i.on, ";".join(t.value for t in i.themes)) for i in rec.interviews
    )
    rows["survey_waves"].extend((la, w.key, w.on, w.instrument, w.invited, w.responses) for w in rec.survey_waves)
    rows["survey_answers"].extend(
        (la, a.wave_key, a.question, a.question_text, _code(a.option), a.count) for a in rec.survey_answers
    )
    rows["agency_placements"].extend(
        (
            la,
            a.key,
            a.engagement_key,
            a.start,
            a.end,
            a.supplier,
            _code(a.role),
            a.grade,
            a.team_key,
            a.funded_post,
            _decimal(a.pay_rate),
            _decimal(a.charge_rate),
            _decimal(a.pqe_years),
            a.references,
            _code(a.rule),
            a.converted_on,
            a.permanent_engagement_key,
        )
        for a in rec.agency_placements
    )
    rows["agency_costs"].extend(
        (la, c.placement_key, c.month, _decimal(c.hours), _decimal(c.spend)) for c in rec.agency_costs
    )
    rows["agency_caps"].extend(
        (la, c.region, _code(c.role), c.grade, _code(c.basis), _decimal(c.rate), c.effective_from, c.effective_to)
        for c in rec.agency_caps
    )
    rows["campaigns"].extend(
        (la, c.key, c.opened, c.closed, _code(c.role), c.team_key, _decimal(c.cost), _code(c.cost_type))
        for c in rec.campaigns
    )
    rows["applications"].extend(
        (
            la,
            a.key,
            a.campaign_key,
            a.applied,
            _code(a.channel),
            _code(a.route),
            a.shortlisted,
            a.interviewed,
            a.offered,
            a.accepted,
            a.dbs_cleared,
            a.references_complete,
            a.started,
            _code(a.outcome),
            _code(a.outcome_stage),
            a.outcome_on,
            a.engagement_key,
            ";".join(_code(reason) or "" for reason in a.reasons) or None,
        )
        for a in rec.applications
    )
