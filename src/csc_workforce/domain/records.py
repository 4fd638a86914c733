"""Workforce records over time: pure, frozen values.

The Django models in ``csc_workforce.web`` store these; the census reader, importers and the synthetic
generator produce them; measures read them. Records refer to each other by ``key`` (a string unique
within one council's records), never by database id, so the core stays free of storage.

Every record carries ``source``: the key of the :class:`Provenance` that put it there (a census return,
an upload, a person typing), so each figure can be traced back to a file or a person and a time.

The practice and development records (supervision, performance reviews, training, programmes such as the
ASYE, the council's grade scale and student placements) point at a person or engagement key in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

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


@dataclass(frozen=True, slots=True)
class Provenance:
    key: str  # e.g. "census:301:2022"
    kind: str  # "census_return", "upload", "manual", "synthetic"
    name: str  # file name or description
    recorded_at: datetime
    recorded_by: str = ""
    sha256: str = ""
    complete_to: date | None = None  # the last day the source's data is complete to (an extract's date)


@dataclass(frozen=True, slots=True)
class Council:
    la_code: str  # DfE 3-digit "old LA code", e.g. "303"
    name: str
    region: str = ""


@dataclass(frozen=True, slots=True)
class Team:
    key: str
    name: str
    service_area: str = ""
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    swe_no: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    ethnicity: Ethnicity | None = None
    qual_level: QualLevel | None = None
    qual_institution: str | None = None
    step_up_grad: bool | None = None
    frontline_grad: bool | None = None
    source: str | None = None
    staff_ref: str | None = None  # the council's own reference (HR or payroll number), so files keyed on it link


@dataclass(frozen=True, slots=True)
class Engagement:
    """One spell of work for the council: permanent, fixed-term or agency."""

    key: str
    person_key: str
    contract: ContractType
    start_date: date | None = None
    start_origin: StartOrigin | None = None
    end_date: date | None = None
    reason_leave: ReasonLeave | None = None
    destination: LeaverDestination | None = None
    contract_weeks: Decimal | None = None  # agency workers' length of contract
    source: str | None = None

    @property
    def is_agency(self) -> bool:
        return self.contract.is_agency

    def in_post_on(self, day: date) -> bool:
        """In post on ``day``: started on or before it, and no end date or one after it."""
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date > day)


@dataclass(frozen=True, slots=True)
class Assignment:
    """What an engagement is doing from ``effective_from`` to ``effective_to`` (inclusive; None = open).

    ``fte`` is the worker's FTE during the assignment (a census return's ``FTE``; a leaver's FTE when they
    left). ``fte30`` is a census return's ``FTE30``, the FTE on 30 September, kept as returned (None from other
    sources). Stocks (in post on a date) use ``fte30`` when given, else ``fte``; flows (starters, leavers) use
    ``fte``: many HR systems write ``FTE30`` 0 for a leaver, who is not in post on 30 September.
    """

    engagement_key: str
    effective_from: date
    effective_to: date | None = None
    role: OrgRole | None = None
    fte: Decimal | None = None
    team_key: str | None = None
    job_title: str | None = None  # local grade or job title
    case_holding: bool | None = None
    cfkss_status: CFKSSStatus | None = None
    source: str | None = None
    fte30: Decimal | None = None

    @property
    def fte_in_post(self) -> Decimal | None:
        """The FTE to count when the worker is in post: ``fte30`` when the return gave it, else ``fte``."""
        return self.fte30 if self.fte30 is not None else self.fte

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Absence:
    """Absence from ``start`` to ``end`` inclusive: a spell, or (``year_total``) a census return's sickness total
    for the year, dated over the part of the year the worker was in post."""

    engagement_key: str
    start: date
    end: date
    reason: AbsenceReason | None  # None: absent (census Absat30Sept = 1) with no reason given
    working_days_lost: Decimal | None = None
    source: str | None = None
    cause: SicknessCause | None = None  # a sickness absence's cause, as the HR system codes it (not in the census)
    # a census return's sickness total for the year (the days lost between ``start`` and ``end``), not a spell:
    # how long each spell lasted is not known, so it is neither long- nor short-term
    year_total: bool = False


@dataclass(frozen=True, slots=True)
class CaseloadSnapshot:
    engagement_key: str
    on: date
    cases: int
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """Funded establishment: ``funded_fte`` for a team and role, effective-dated."""

    team_key: str
    funded_fte: Decimal
    effective_from: date
    effective_to: date | None = None
    role: OrgRole | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class CouncilFigures:
    """Council-level census items as at ``on`` (30 September for a census return)."""

    on: date
    vacancies_fte: Decimal | None = None
    agency_cover_fte: Decimal | None = None
    agency_cover_headcount: int | None = None
    eligibility: tuple[tuple[str, Eligibility], ...] = ()  # 2025 pay flags, item name -> flag
    other_allowances: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Pay:
    """2025 census pay items for one engagement in one census year."""

    engagement_key: str
    year: int
    base_salary: Decimal | None = None
    rr_payments: Decimal | None = None
    other_payments: Decimal | None = None
    source: str | None = None


# -- practice and development ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SupervisionSession:
    """One supervision session held with the worker of ``engagement_key`` on ``on``."""

    engagement_key: str
    on: date
    kind: SupervisionKind = SupervisionKind.ONE_TO_ONE
    supervisor: str | None = None  # the supervisor's staff reference or name, as recorded
    recorded_late: bool | None = None  # recorded after the council's deadline for writing it up
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SupervisionStandard:
    """One line of the council's supervision policy: workers of ``group`` are due a session every
    ``interval_weeks`` weeks or ``interval_months`` months (exactly one is given) from month ``from_month`` of
    their time (an NQSW's from the start of their ASYE, everyone else's from the start of their engagement) up
    to, not including, month ``to_month`` (None: onwards); a session up to ``grace_days`` after the end of its
    interval still counts as on time. The policy in force on a date is the lines with the latest
    ``effective_from`` on or before it."""

    group: WorkerGroup
    from_month: int
    to_month: int | None
    interval_weeks: int | None
    interval_months: int | None
    grace_days: int
    effective_from: date
    source: str | None = None


@dataclass(frozen=True, slots=True)
class PerformanceReview:
    """A performance review (appraisal) of the worker of ``engagement_key`` in ``cycle``, due by ``due``."""

    engagement_key: str
    cycle: str  # the council's name for the cycle, e.g. "2024-25" or "2024-25 mid-year"
    due: date
    completed: date | None = None
    rating: str | None = None  # on the council's own scale, as recorded
    successful: bool | None = None  # the rating is "successful" or higher on that scale
    objectives_set: bool | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Course:
    """A course the council offers or requires. A completion counts for ``validity_months`` (None: for good)."""

    key: str
    title: str
    provider: str = ""
    mandatory: bool = False
    validity_months: int | None = None
    post_qualifying: bool = False
    practice_educator: bool = False  # completing it is a practice educator award (PEPS stage 1 or 2)
    source: str | None = None


@dataclass(frozen=True, slots=True)
class TrainingRecord:
    """A person's booking on a course and what became of it."""

    person_key: str
    course_key: str
    status: TrainingStatus
    booked_on: date | None = None
    on: date | None = None  # the date of the course (its first day)
    completed_on: date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ProgrammeSpell:
    """A person's time on a named programme (the ASYE, Step Up, an apprenticeship, the aspirant managers'
    scheme...) from ``start`` to ``end`` (inclusive; None: still on it), its review dates and its outcome."""

    key: str
    person_key: str
    programme: Programme
    start: date
    end: date | None = None
    outcome: ProgrammeOutcome = ProgrammeOutcome.ONGOING
    midpoint_review: date | None = None
    final_review: date | None = None
    protected_caseload: int | None = None  # ASYE: the most cases agreed for the worker
    protected_time_pct: Decimal | None = None  # ASYE: working time protected for development, per cent
    engagement_key: str | None = None  # the engagement the spell belongs to, when known
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Grade:
    """One step of the council's own grade scale: ``rank`` orders seniority (1 the most junior); an assignment
    whose job title is one of ``titles`` (compared ignoring case and spaces) is on this grade."""

    name: str  # e.g. "Grade 9", "Advanced practitioner", "Team manager"
    rank: int
    titles: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True, slots=True)
class StudentPlacement:
    """A social work student's placement with the council and what followed it (the road to an NQSW post)."""

    key: str
    student_ref: str  # the university's or the council's reference for the student, never a name
    start: date
    end: date | None = None  # inclusive; None: ongoing
    university: str = ""
    programme: str = ""  # e.g. "BA Social Work", "MA Social Work", "Step Up", "apprenticeship"
    year_of_study: int | None = None
    practice_educator: str | None = None  # the practice educator's staff reference or name
    team_key: str | None = None
    outcome: PlacementOutcome = PlacementOutcome.ONGOING
    eligible_for_nqsw: bool | None = None  # qualifies in time to apply for an NQSW post
    applied: bool | None = None
    interviewed: bool | None = None
    offered: bool | None = None
    appointed: bool | None = None
    person_key: str | None = None  # the person they became at the council, when appointed and held
    source: str | None = None


@dataclass(frozen=True, slots=True)
class PlacementIncome:
    """Income the council received for student placements in the financial year starting 1 April ``year``."""

    financial_year: int
    amount: Decimal
    description: str = ""
    source: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorMonth:
    """One month of a practice indicator from the case-management system: its numerator (children visited in
    time, say) and denominator (children due a visit); a count alone (no denominator) for compliments and
    complaints. ``month`` is the month's first day."""

    indicator: PracticeIndicator
    month: date
    numerator: int
    denominator: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class AuditElementGrade:
    """One element of a case audit and its grade (on the overall grade's scale)."""

    element: AuditElement
    grade: AuditGrade

    def __str__(self) -> str:
        return f"{self.element.value} {self.grade.value}"  # as a preview of the changes shows it


@dataclass(frozen=True, slots=True)
class CaseAudit:
    """A case audit: the child's pseudonymous reference (never a name or NHS number), the date, the team whose
    work was audited, the overall grade, and the elements graded on their own (each at most once, in
    ``AuditElement`` order; none when the audit tool gives the overall grade only)."""

    key: str
    child_ref: str
    on: date
    grade: AuditGrade
    team_key: str | None = None
    source: str | None = None
    elements: tuple[AuditElementGrade, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseAllocation:
    """A child's allocation to a worker, from the case-management system: the child's pseudonymous reference
    (never a name or NHS number), the worker's engagement, the first day and the last (inclusive; None: still
    allocated)."""

    key: str
    child_ref: str
    engagement_key: str
    start: date
    end: date | None = None
    source: str | None = None

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True, slots=True)
class HRCase:
    """A formal HR case (casework, not the person's file): its kind, when it was opened and closed. Who it
    concerns is not kept: the case reference tells cases apart, and only counts are reported."""

    key: str
    kind: HRCaseKind
    opened: date
    closed: date | None = None  # inclusive last day open; None: still open
    source: str | None = None


@dataclass(frozen=True, slots=True)
class StaffInterview:
    """An exit interview (a leaver's) or a retention interview (a stayer's), of the worker of ``engagement_key``
    on ``on``, with the themes it was coded against. The leaver's census reason for leaving is the engagement's
    (``Engagement.reason_leave``), not repeated here. Free text (the interviewer's notes, the worker's words) is
    never held: an import refuses a file carrying it (IMP-ROW-030)."""

    key: str
    engagement_key: str
    kind: InterviewKind
    on: date
    themes: tuple[VoiceTheme, ...] = ()  # in the order of VoiceTheme, each once
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SurveyWave:
    """One wave of a staff survey (the LGA's social work health check, or the council's own): its date, the
    instrument (compared ignoring case and spaces: a wave's previous wave is the one before it of the same
    instrument), how many were invited (eligible), and how many responded."""

    key: str
    on: date
    instrument: str
    responses: int
    invited: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    """How many of a wave's respondents gave ``option`` to question ``question`` (the survey's code for it, the
    same from wave to wave), and the question's wording as the survey put it."""

    wave_key: str
    question: str
    option: AnswerOption
    count: int
    question_text: str = ""
    source: str | None = None


@dataclass(frozen=True, slots=True)
class AgencyPlacement:
    """An agency social worker's placement (assignment) with the council, from the supplier's or the managed
    service provider's records: the agency engagement it is (``engagement_key``; the census agency engagement),
    the supplier, the role and the council's grade it is paid against, the team and post it covers, its dates
    (the engagement's convention: ``end`` is the last day's morrow as for ``Engagement.end_date``; None: ongoing),
    the hourly pay and charge rates, and the checks of DfE's statutory guidance (years of post-qualification
    experience, references, the rule it falls under); ``converted_on`` the day the worker took a permanent post
    (``permanent_engagement_key`` that engagement, when held). One rate per placement: a rate change is a new
    placement."""

    key: str
    engagement_key: str
    start: date
    end: date | None = None
    supplier: str = ""
    role: OrgRole | None = None
    grade: str | None = None  # the council's grade the placement is paid against, as the council names it
    team_key: str | None = None
    post_ref: str | None = None  # the council's post or vacancy number it covers
    funded_post: bool | None = None  # covers a funded (establishment) post, rather than capacity above it
    pay_rate: Decimal | None = None  # pounds an hour to the worker
    charge_rate: Decimal | None = None  # pounds an hour the council is charged
    pqe_years: Decimal | None = None  # years of post-qualification experience at the start
    references: bool | None = None  # references obtained before the start
    rule: AgencyRule | None = None
    converted_on: date | None = None
    permanent_engagement_key: str | None = None
    source: str | None = None

    def in_post_on(self, day: date) -> bool:
        """In post on ``day`` (as ``Engagement.in_post_on``)."""
        return self.start <= day and (self.end is None or self.end > day)


@dataclass(frozen=True, slots=True)
class AgencyCost:
    """One month of an agency placement's cost, from a supplier's invoices or the finance ledger: hours worked
    and/or the spend in pounds (at least one). ``month`` is the month's first day."""

    placement_key: str
    month: date
    hours: Decimal | None = None
    spend: Decimal | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class AgencyCap:
    """A price cap on agency social workers' hourly rates, as the council or its region loads it (a regional
    agreement, or the London Memorandum of Cooperation): the region or agreement, the role (None: every role)
    and the grade band (the council's grade name it applies to; None: every grade of the role), which rate it
    limits (``basis``), the capped rate in pounds an hour, and the dates it is in force (``effective_to``
    inclusive; None: onwards). Council policy data, never an official figure the project supplies."""

    region: str
    role: OrgRole | None
    grade: str | None
    basis: CapBasis
    rate: Decimal
    effective_from: date
    effective_to: date | None = None
    source: str | None = None

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or self.effective_to >= day)


@dataclass(frozen=True, slots=True)
class RecruitmentCampaign:
    """A recruitment campaign or advert: the team or post it recruits to, the role, when it opened and closed,
    where it was advertised and what it cost (advertising, an agency's finder's fee, printing: one amount,
    optionally of one kind)."""

    key: str
    opened: date
    closed: date | None = None  # inclusive last day applications were taken; None: still open
    role: OrgRole | None = None
    team_key: str | None = None
    post: str | None = None  # the post's number or job title, as the council gives it
    channels: tuple[RecruitmentChannel, ...] = ()  # where it was advertised
    cost: Decimal | None = None  # pounds
    cost_type: RecruitmentCost | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class JobApplication:
    """An application to a campaign, by reference only: no applicant's name or contact details are held. Its
    channel (how the applicant heard of the post), route, the date of each step it reached, how it ended when it
    did not end in a start (withdrawn or rejected, at which stage and when), the engagement it led to, and the
    reasons the applicant gave for applying."""

    key: str
    campaign_key: str
    applied: date
    channel: RecruitmentChannel | None = None
    route: RecruitmentRoute | None = None
    shortlisted: date | None = None
    interviewed: date | None = None
    offered: date | None = None
    accepted: date | None = None
    dbs_cleared: date | None = None
    references_complete: date | None = None
    started: date | None = None
    outcome: ApplicationOutcome | None = None
    outcome_stage: ApplicationStage | None = None
    outcome_on: date | None = None
    engagement_key: str | None = None  # the engagement it led to, when the applicant started and it is held
    reasons: tuple[ApplyReason, ...] = ()
    source: str | None = None


def action_key(strategy_id: str, ref: str) -> str:
    """The natural key of a strategy's action: ``action:<strategy id>/<reference>``."""
    return f"action:{strategy_id}/{ref}"


@dataclass(frozen=True, slots=True)
class Action:
    """An action of a strategy's action plan, under one of the strategy's outcomes (or priorities, or
    objectives): its reference in the plan, what it is, who owns it (a username of the app or a post title
    such as "Head of Service"; never more about a person than that), when it starts and is due, its status as
    recorded with the action, and the strategy measures it is meant to move. Its dated progress is in
    :class:`ActionUpdate`; the status as at a date, and its RAG, are ``strategies/actions.py``'s."""

    key: str  # action_key(strategy_id, ref)
    strategy_id: str
    outcome_id: str
    ref: str
    title: str
    status: ActionStatus
    owner: str | None = None
    start: date | None = None
    due: date | None = None
    measures: tuple[str, ...] = ()  # strategy measure ids
    source: str | None = None


@dataclass(frozen=True, slots=True)
class PlanOutline:
    """What a strategy's action plan may name: the ids of the strategy's outcomes (in its order) and of the
    measures it names. ``strategies/actions.py`` makes them from the strategies; the importer checks actions
    against them (it sits below the strategies and cannot read them itself)."""

    strategy_id: str
    outcomes: tuple[str, ...]
    measures: frozenset[str]


@dataclass(frozen=True, slots=True)
class ActionUpdate:
    """A dated update on an action: its status then, a short note of progress (about the action, never about a
    named person) and who gave it (a username or post title). One a day for an action."""

    action_key: str
    on: date
    status: ActionStatus
    note: str | None = None
    by: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class CouncilRecords:
    """Everything held about one council's workforce."""

    council: Council
    teams: tuple[Team, ...] = ()
    people: tuple[Person, ...] = ()
    engagements: tuple[Engagement, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    absences: tuple[Absence, ...] = ()
    caseloads: tuple[CaseloadSnapshot, ...] = ()
    posts: tuple[Post, ...] = ()
    figures: tuple[CouncilFigures, ...] = ()
    pay: tuple[Pay, ...] = ()
    supervision: tuple[SupervisionSession, ...] = ()
    supervision_policy: tuple[SupervisionStandard, ...] = ()
    reviews: tuple[PerformanceReview, ...] = ()
    courses: tuple[Course, ...] = ()
    training: tuple[TrainingRecord, ...] = ()
    programmes: tuple[ProgrammeSpell, ...] = ()
    grades: tuple[Grade, ...] = ()
    placements: tuple[StudentPlacement, ...] = ()
    placement_income: tuple[PlacementIncome, ...] = ()
    hr_cases: tuple[HRCase, ...] = ()
    audits: tuple[CaseAudit, ...] = ()
    indicators: tuple[IndicatorMonth, ...] = ()
    allocations: tuple[CaseAllocation, ...] = ()
    interviews: tuple[StaffInterview, ...] = ()
    survey_waves: tuple[SurveyWave, ...] = ()
    survey_answers: tuple[SurveyAnswer, ...] = ()
    agency_placements: tuple[AgencyPlacement, ...] = ()
    agency_costs: tuple[AgencyCost, ...] = ()
    agency_caps: tuple[AgencyCap, ...] = ()
    campaigns: tuple[RecruitmentCampaign, ...] = ()
    applications: tuple[JobApplication, ...] = ()
    actions: tuple[Action, ...] = ()
    action_updates: tuple[ActionUpdate, ...] = ()
    provenance: tuple[Provenance, ...] = field(default=())
