"""Storage for the workforce records in ``csc_workforce.domain.records``.

Each record table has the council (so one council's rows are found and replaced quickly, and a
regional alliance can hold many councils) and its ``source``: the file or person it came from.
New kinds of record (supervision, training, ASYE, student placements, ...) are new tables pointing at
``Person``, ``Engagement``, ``Team`` or ``Course``; the older tables need no change for them.
"""

from __future__ import annotations

import zlib
from typing import TypedDict

from django.db import models


class _Digits(TypedDict):
    max_digits: int
    decimal_places: int


FTE: _Digits = {"max_digits": 9, "decimal_places": 6}
AMOUNT: _Digits = {"max_digits": 12, "decimal_places": 2}


def unpacked(content: bytes | memoryview | None) -> bytes:
    """A file kept in a binary field (every stored file is zlib-compressed), as it was received."""
    if content is None:
        raise ValueError("This row keeps no file")
    return zlib.decompress(bytes(content))


class Council(models.Model):
    la_code = models.CharField("DfE old LA code", max_length=16, unique=True)
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.la_code})"


class Source(models.Model):
    """Provenance: a census return, an upload or a person's edit."""

    CENSUS_RETURN = "census_return"
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=32)
    name = models.CharField(max_length=500, help_text="file name or description")
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField()
    collection_year = models.PositiveSmallIntegerField(null=True, blank=True)
    content = models.BinaryField(null=True, help_text="the file as received, zlib-compressed")
    warnings = models.JSONField(default=list, blank=True)
    complete_to = models.DateField(
        null=True,
        blank=True,
        help_text="the last day this source's data is complete to: a census return's 30 September, an "
        "extract's stated date; blank: the latest date its records mention",
    )
    complete_from = models.DateField(
        null=True,
        blank=True,
        help_text="the first day this source's data is complete from: an extract's stated start (supervision "
        "from 1 April 2024, say); blank: the earliest date its records mention (read for the practice and "
        "development records, which may begin long after the workforce records)",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "collection_year"],
                condition=models.Q(kind="census_return"),
                name="one_census_return_per_council_year",
            )
        ]

    @property
    def key(self) -> str:
        return f"source:{self.pk}"


class ReturnedMeasures(models.Model):
    """The DfE measure components of one census return computed from that return alone (DfE's method), so
    that a census year's figures "as returned" never depend on other returns or uploads. ``method`` names
    the version of the computation; rows from an older method are recomputed from the stored return when
    read (``services.returned``)."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="returned_measures")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    collection_year = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=32)
    components = models.JSONField(help_text="unrounded components by measure id (null: not returned)")


class Record(models.Model):
    """The council and source of a record. Both are kept by the application (Django cascades a council's
    deletion and clears a deleted source in Python) rather than by database foreign-key constraints: every
    record row would otherwise cost two constraint checks, a third of a national import's time on PostgreSQL
    (docs/decisions/0004). So are the links of the kinds a census return gives (an engagement's person, an
    assignment's, absence's, caseload's and pay's engagement, an assignment's team), which every census import
    writes by the hundred thousand: ``records.census_rows_store`` takes each from the ids it has just read back
    for the council. The other links between records keep their constraints."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, db_constraint=False)
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True, db_constraint=False)

    class Meta:
        abstract = True


class KeyedRecord(Record):
    """A record whose kind has a unique constraint beginning with the council (``(council, key)``, say). That
    constraint's index finds a council's rows, so the council has no index of its own: one index less to keep up
    on every row written (issue 15; ``tests/store/test_indexes.py`` checks every record table's council is still
    found by an index)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, db_constraint=False, db_index=False)

    class Meta:
        abstract = True


class Team(KeyedRecord):
    key = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    service_area = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="team_key_unique")]


class Person(KeyedRecord):
    key = models.CharField(max_length=200)
    swe_no = models.CharField("SWE registration number", max_length=32, null=True, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, null=True, blank=True)
    ethnicity = models.CharField(max_length=4, null=True, blank=True)
    qual_level = models.CharField(max_length=1, null=True, blank=True)
    qual_institution = models.TextField(null=True, blank=True)
    step_up_grad = models.BooleanField(null=True)
    frontline_grad = models.BooleanField(null=True)
    staff_ref = models.CharField(
        "the council's own staff reference (HR or payroll number)", max_length=100, null=True, blank=True
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="person_key_unique")]


class Engagement(KeyedRecord):
    key = models.CharField(max_length=200)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="engagements", db_constraint=False)
    contract = models.CharField(max_length=16)
    start_date = models.DateField(null=True, blank=True)
    start_origin = models.CharField(max_length=2, null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    reason_leave = models.CharField(max_length=2, null=True, blank=True)
    destination = models.CharField(max_length=2, null=True, blank=True)
    contract_weeks = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="engagement_key_unique")]


class Assignment(Record):
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="assignments", db_constraint=False
    )
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    role = models.CharField("DfE role (1-6)", max_length=1, null=True, blank=True)
    fte = models.DecimalField(null=True, blank=True, **FTE)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, db_constraint=False)
    job_title = models.CharField(max_length=200, null=True, blank=True)
    case_holding = models.BooleanField(null=True)
    cfkss_status = models.CharField(max_length=1, null=True, blank=True)
    fte30 = models.DecimalField("FTE on 30 September, as a census return gave it", null=True, blank=True, **FTE)


class Absence(Record):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="absences", db_constraint=False)
    start = models.DateField()
    end = models.DateField()
    reason = models.CharField(max_length=3, null=True, blank=True)
    working_days_lost = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    cause = models.CharField(max_length=20, null=True, blank=True, help_text="a sickness absence's cause")
    year_total = models.BooleanField(default=False, help_text="a census return's sickness total for the year")


class CaseloadSnapshot(Record):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="caseloads", db_constraint=False)
    on = models.DateField()
    cases = models.PositiveIntegerField()


class Post(Record):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    role = models.CharField(max_length=1, null=True, blank=True)
    funded_fte = models.DecimalField(max_digits=9, decimal_places=2)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)


class CouncilFigures(Record):
    on = models.DateField()
    vacancies_fte = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    agency_cover_fte = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    agency_cover_headcount = models.IntegerField(null=True, blank=True)
    eligibility = models.JSONField(default=dict, blank=True)
    other_allowances = models.TextField(null=True, blank=True)


class Pay(Record):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="pay", db_constraint=False)
    year = models.PositiveSmallIntegerField()
    base_salary = models.DecimalField(null=True, blank=True, **AMOUNT)
    rr_payments = models.DecimalField(null=True, blank=True, **AMOUNT)
    other_payments = models.DecimalField(null=True, blank=True, **AMOUNT)


# Practice and development (``domain.records``: supervision, performance reviews, training, programmes, the grade
# scale, student placements). Codes are kept as their values (``domain.codes``), as the census codes above are.

PERCENT: _Digits = {"max_digits": 7, "decimal_places": 3}


class SupervisionSession(Record):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="supervision")
    on = models.DateField()
    kind = models.CharField(max_length=32)
    supervisor = models.CharField(max_length=200, null=True, blank=True)
    recorded_late = models.BooleanField(null=True)

    class Meta:
        indexes = [models.Index(fields=["engagement", "on"], name="supervision_engagement_on")]


class SupervisionStandard(Record):
    """A line of the council's supervision policy."""

    group = models.CharField(max_length=16)
    from_month = models.PositiveSmallIntegerField()
    to_month = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_months = models.PositiveSmallIntegerField(null=True, blank=True)
    grace_days = models.PositiveSmallIntegerField()
    effective_from = models.DateField()


class PerformanceReview(Record):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reviews")
    cycle = models.CharField(max_length=100)
    due = models.DateField()
    completed = models.DateField(null=True, blank=True)
    rating = models.CharField(max_length=100, null=True, blank=True)
    successful = models.BooleanField(null=True)
    objectives_set = models.BooleanField(null=True)

    class Meta:
        indexes = [models.Index(fields=["engagement", "cycle"], name="review_engagement_cycle")]


class Course(KeyedRecord):
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    provider = models.CharField(max_length=300, blank=True)
    mandatory = models.BooleanField(default=False)
    validity_months = models.PositiveSmallIntegerField(null=True, blank=True)
    post_qualifying = models.BooleanField(default=False)
    practice_educator = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="course_key_unique")]


class TrainingRecord(Record):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="training")
    status = models.CharField(max_length=16)
    booked_on = models.DateField(null=True, blank=True)
    on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "course"], name="training_person_course")]


class ProgrammeSpell(KeyedRecord):
    key = models.CharField(max_length=200)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programmes")
    programme = models.CharField(max_length=32)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=16)
    midpoint_review = models.DateField(null=True, blank=True)
    final_review = models.DateField(null=True, blank=True)
    protected_caseload = models.PositiveIntegerField(null=True, blank=True)
    protected_time_pct = models.DecimalField(null=True, blank=True, **PERCENT)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="programmes"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="programme_spell_key_unique")]


class Grade(KeyedRecord):
    """One step of the council's grade scale; ``titles`` the job titles that mean it (a list of strings)."""

    name = models.CharField(max_length=200)
    rank = models.PositiveSmallIntegerField()
    titles = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="grade_name_unique")]


class StudentPlacement(KeyedRecord):
    key = models.CharField(max_length=200)
    student_ref = models.CharField(max_length=100)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    university = models.CharField(max_length=200, blank=True)
    programme = models.CharField(max_length=200, blank=True)
    year_of_study = models.PositiveSmallIntegerField(null=True, blank=True)
    practice_educator = models.CharField(max_length=200, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements")
    outcome = models.CharField(max_length=16)
    eligible_for_nqsw = models.BooleanField(null=True)
    applied = models.BooleanField(null=True)
    interviewed = models.BooleanField(null=True)
    offered = models.BooleanField(null=True)
    appointed = models.BooleanField(null=True)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="student_placement_key_unique")]


class IndicatorMonth(KeyedRecord):
    """One month of a practice indicator: numerator and denominator (null for a count alone)."""

    indicator = models.CharField(max_length=32)
    month = models.DateField(help_text="the month's first day")
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "indicator", "month"], name="indicator_month_unique")]


class CaseAudit(KeyedRecord):
    """A case audit: the child's pseudonymous reference, date, team audited, overall grade."""

    key = models.CharField(max_length=200)
    child_ref = models.CharField(max_length=100)
    on = models.DateField()
    grade = models.CharField(max_length=24)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="audits")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="case_audit_key_unique")]


class CaseAuditElement(Record):
    """One element of a case audit graded on its own (AuditElement) and its grade (AuditGrade)."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="elements")
    element = models.CharField(max_length=24)
    grade = models.CharField(max_length=24)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "element"], name="case_audit_element_unique")]


class CaseAllocation(KeyedRecord):
    """A child's allocation to a worker (the child's pseudonymous reference), from start to end (null: open). The
    key holds the child's reference and the engagement's key when the file gives no allocation reference."""

    key = models.CharField(max_length=300)
    child_ref = models.CharField(max_length=100)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="allocations")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="case_allocation_key_unique")]


class HRCase(KeyedRecord):
    """A formal HR case: kind, opened, closed (null: open). Who it concerns is not kept."""

    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=16)
    opened = models.DateField()
    closed = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="hr_case_key_unique")]


class StaffInterview(KeyedRecord):
    """An exit or retention interview: the engagement, kind, date and coded themes (codes joined by ;). Free
    text is never held."""

    key = models.CharField(max_length=200)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(max_length=16)
    on = models.DateField()
    themes = models.CharField(max_length=200, blank=True, help_text="VoiceTheme codes joined by ;")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="staff_interview_key_unique")]


class SurveyWave(KeyedRecord):
    """A staff survey wave: date, instrument, staff invited (null: not known), responses."""

    key = models.CharField(max_length=200)
    on = models.DateField()
    instrument = models.CharField(max_length=150)
    invited = models.PositiveIntegerField(null=True, blank=True)
    responses = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="survey_wave_key_unique")]


class SurveyAnswer(Record):
    """Respondents of a wave giving one answer option to one question."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=100)
    question_text = models.CharField(max_length=500, blank=True)
    option = models.CharField(max_length=24)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "question", "option"], name="survey_answer_unique"),
        ]


class PlacementIncome(Record):
    financial_year = models.PositiveSmallIntegerField(help_text="the financial year starting 1 April of this year")
    amount = models.DecimalField(**AMOUNT)
    description = models.CharField(max_length=500, blank=True)


class RecruitmentCampaign(KeyedRecord):
    """A recruitment campaign or advert: team or post, role, opened and closed, channels advertised (a list of
    codes), cost and its kind."""

    key = models.CharField(max_length=200)
    opened = models.DateField()
    closed = models.DateField(null=True, blank=True)
    role = models.CharField(max_length=2, blank=True)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="campaigns")
    post = models.CharField(max_length=200, blank=True)
    channels = models.JSONField(default=list, blank=True)
    cost = models.DecimalField(null=True, blank=True, **AMOUNT)
    cost_type = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="recruitment_campaign_key_unique")]


class JobApplication(KeyedRecord):
    """An application, by reference only (no applicant's name): its campaign, channel, route, the date of each
    step, how it ended, the engagement it led to and the reasons given for applying (a list of codes)."""

    key = models.CharField(max_length=200)
    campaign_key = models.CharField(max_length=200)
    applied = models.DateField()
    channel = models.CharField(max_length=16, blank=True)
    route = models.CharField(max_length=24, blank=True)
    shortlisted = models.DateField(null=True, blank=True)
    interviewed = models.DateField(null=True, blank=True)
    offered = models.DateField(null=True, blank=True)
    accepted = models.DateField(null=True, blank=True)
    dbs_cleared = models.DateField(null=True, blank=True)
    references_complete = models.DateField(null=True, blank=True)
    started = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=16, blank=True)
    outcome_stage = models.CharField(max_length=16, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="job_application_key_unique")]


class Action(KeyedRecord):
    """An action of a strategy's action plan (``domain.records.Action``): strategy and outcome ids, reference,
    title, owner (a username or post title), start and due dates, status, linked measure ids."""

    key = models.CharField(max_length=200)  # action:<strategy>/<ref>
    strategy = models.CharField(max_length=80)
    outcome = models.CharField(max_length=100)
    ref = models.CharField(max_length=60)
    title = models.CharField(max_length=500)
    owner = models.CharField(max_length=150, blank=True)
    start = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16)
    measures = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="action_key_unique")]


class ActionUpdate(Record):
    """A dated update on an action: the status then, a short note, who gave it. One a day for an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    status = models.CharField(max_length=16)
    note = models.CharField(max_length=500, blank=True)
    by = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "on"], name="action_update_day_unique")]


# Accounts, roles and the audit log (see docs/web.md and docs/security.md).


class Role(models.TextChoices):
    ADMIN = "admin", "Admin: users, settings and the audit log, and everything an analyst can do"
    ANALYST = "analyst", "Analyst: loads data and sees everything for the council"
    MANAGER = "manager", "Manager: sees only the teams they are given"
    VIEWER = "viewer", "Viewer: aggregates only, small numbers suppressed"


ROLE_ORDER = (Role.ADMIN, Role.ANALYST, Role.MANAGER, Role.VIEWER)  # strongest first


class CouncilRole(models.Model):
    """A user's role at one council; a person who works for two councils holds a role at each. ``la_code`` blank
    means every council held (the installation's own administrators). It is a code, not a foreign key, so that
    removing a council can never widen anyone's access. A manager's teams are those of this council."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="council_roles")
    role = models.CharField(max_length=16, choices=Role.choices)
    la_code = models.CharField("council (DfE code); blank for every council", max_length=16, blank=True)
    teams = models.JSONField("team names a manager sees", default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "la_code"], name="council_role_unique")]

    def __str__(self) -> str:
        return f"{self.user.username} ({self.role} of {self.la_code or 'every council'})"


class AuditEvent(models.Model):
    """Who did what, when: sign-ins, failed sign-ins, sign-outs, uploads, exports, changes and API use."""

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, help_text="as typed or as the user was then")
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(
        max_length=500,
        blank=True,
        help_text='the browser or client, as it named itself; "csc-workforce cli" for commands',
    )

    class Meta:
        ordering = ["-at", "-id"]


class ApiToken(models.Model):
    """A bearer token for the read-only API. Only the SHA-256 of the token is stored; the token is shown once."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="api_tokens")
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="refused from this moment (settings.API_TOKEN_DAYS after creation)")
    revoked_at = models.DateTimeField(null=True, blank=True)


class FailedSignIn(models.Model):
    """Failed sign-ins for the username typed (whether or not such a user exists) from one address, counted
    within one minute: ``count`` failures, the latest ``at`` (so a burst of guesses is one row, not one each)."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(db_index=True, help_text="the latest failure counted in this row")
    ip = models.GenericIPAddressField(null=True, blank=True)
    first_at = models.DateTimeField(null=True, help_text="the first failure counted in this row")
    count = models.PositiveIntegerField(default=1)


class SignInLockout(models.Model):
    """One row per username that has tried to sign in: the row every sign-in check for that username locks first
    (so the failure count and the decision cannot be raced), and the end of its lock (null: not locked)."""

    username = models.CharField(max_length=150, unique=True)
    locked_until = models.DateTimeField(null=True, blank=True)


class SingleSignOnIdentity(models.Model):
    """The OpenID Connect identity (issuer and subject, which never change) a local user signs in as. A user is
    found by this, never by a username or e-mail address the provider sends, which may be reused."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_sso_identity")]


class Upload(models.Model):
    """A file uploaded through the web app: read and checked, previewed, then committed (or not), and
    perhaps undone. Nothing it holds reaches the records before it is committed."""

    PREVIEW, REJECTED, COMMITTED, UNDONE, DISCARDED = "preview", "rejected", "committed", "undone", "discarded"
    STATUSES = [(s, s) for s in (PREVIEW, REJECTED, COMMITTED, UNDONE, DISCARDED)]
    CENSUS = "census"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads")
    kind = models.CharField(max_length=32, help_text='"census" or a kind of HR extract (people, engagements, ...)')
    filename = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content = models.BinaryField(help_text="the file as received, zlib-compressed")
    mapping = models.JSONField(default=dict, blank=True, help_text="the column mapping used (HR extracts)")
    status = models.CharField(max_length=16, choices=STATUSES)
    issues = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_by_name = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField()
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    before = models.BinaryField(null=True, help_text="the council's records before the commit, for undo (zlib JSON)")
    replaced = models.JSONField(default=dict, blank=True, help_text="a census return this one replaced, for undo")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=150, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]


class SavedMapping(models.Model):
    """A column mapping saved for a source system (for example "iTrent people"), per council and kind."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="mappings")
    system = models.CharField(max_length=100, help_text="the system the extract comes from")
    kind = models.CharField(max_length=32)
    mapping = models.JSONField()
    updated_by_name = models.CharField(max_length=150)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "system", "kind"], name="one_mapping_per_system")]


class DataVersion(models.Model):
    """A token that changes whenever any records change, so cached figures are never stale. It is random,
    not a counter: a rolled-back change puts the old token back along with the old data."""

    name = models.CharField(max_length=32, primary_key=True)
    token = models.CharField(max_length=32)


class KeptFrame(models.Model):
    """One measure input frame as read from the records (``store.selectors.council_frames``), kept in the database
    for the records version it was read at so that any process, on any server, reads it back at once instead of
    reading the records again. Derived data only: every write of records (``services.records.data_changed``)
    deletes them all, and nothing reads a frame of another version."""

    version = models.CharField(max_length=100, help_text="the records version and the frames' layout")
    councils = models.CharField(max_length=64, help_text="which councils' frames: '*' or a SHA-256 of their codes")
    frame = models.CharField(max_length=40)
    data = models.BinaryField(help_text="the frame as Arrow IPC, zstd-compressed")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "councils", "frame"], name="one_kept_frame")]


# Published DfE figures and benchmarking (see docs/benchmarks.md).


class PublishedRelease(models.Model):
    """A newer release of DfE's "1. Indicators" file, laid over the shipped one (in import order)."""

    name = models.CharField(max_length=500, help_text="file name or description")
    sha256 = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=150)
    years = models.JSONField(default=list, help_text="reporting years the file covers")
    rows = models.PositiveIntegerField()
    changes = models.JSONField(default=dict, blank=True, help_text="years added and replaced when imported")
    content = models.BinaryField(help_text="the file as received, zlib-compressed")

    class Meta:
        ordering = ["imported_at", "id"]


class StatisticalNeighbour(models.Model):
    """A council's own choice of statistical neighbour (by DfE old LA code); overrides the shipped list."""

    la_code = models.CharField("council (DfE old LA code)", max_length=16, db_index=True)
    neighbour_la_code = models.CharField("neighbour (DfE old LA code)", max_length=16)
    position = models.PositiveSmallIntegerField(default=0)
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["la_code", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["la_code", "neighbour_la_code"], name="one_neighbour_entry")]


RATE: _Digits = {"max_digits": 7, "decimal_places": 2}  # pounds an hour


class AgencyPlacement(KeyedRecord):
    """An agency placement: the agency engagement it is, supplier, role and council grade, team and post covered,
    dates, hourly pay and charge rates, the statutory checks, conversion to permanent."""

    key = models.CharField(max_length=200)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="agency_placements")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    supplier = models.CharField(max_length=200, blank=True)
    role = models.CharField("DfE role (1-6)", max_length=1, null=True, blank=True)
    grade = models.CharField(max_length=200, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="agency_placements")
    post_ref = models.CharField(max_length=200, null=True, blank=True)
    funded_post = models.BooleanField(null=True)
    pay_rate = models.DecimalField(null=True, blank=True, **RATE)
    charge_rate = models.DecimalField(null=True, blank=True, **RATE)
    pqe_years = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    references = models.BooleanField(null=True)
    rule = models.CharField(max_length=16, null=True, blank=True)
    converted_on = models.DateField(null=True, blank=True)
    permanent_engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="converted_from"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="agency_placement_key_unique")]


class AgencyCost(KeyedRecord):
    """One month of an agency placement's hours and/or spend."""

    placement = models.ForeignKey(AgencyPlacement, on_delete=models.CASCADE, related_name="costs")
    month = models.DateField(help_text="the month's first day")
    hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    spend = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "placement", "month"], name="agency_cost_unique")]


class AgencyCap(KeyedRecord):
    """A price cap on agency hourly rates (the council's or region's data, with its dates)."""

    region = models.CharField(max_length=200)
    role = models.CharField("DfE role (1-6)", max_length=1, null=True, blank=True)
    grade = models.CharField(max_length=200, null=True, blank=True)
    basis = models.CharField(max_length=8)
    rate = models.DecimalField(**RATE)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "region", "role", "grade", "basis", "effective_from"], name="agency_cap_unique"
            )
        ]


class CostAssumptions(models.Model):
    """A council's assumptions for the cost of turnover (``measures.turnover_cost.TurnoverAssumptions``): set by
    its admin or analyst, in force from when they are saved; none saved means the stated defaults."""

    la_code = models.CharField("council (DfE old LA code)", max_length=16, unique=True)
    on_costs_pct = models.DecimalField(max_digits=5, decimal_places=2)
    weekly_hours = models.DecimalField(max_digits=5, decimal_places=2)
    onboarding_weeks = models.DecimalField(max_digits=5, decimal_places=1)
    onboarding_productivity_pct = models.DecimalField(max_digits=5, decimal_places=2)
    salary_1 = models.DecimalField(null=True, blank=True, **AMOUNT)
    salary_2 = models.DecimalField(null=True, blank=True, **AMOUNT)
    salary_3 = models.DecimalField(null=True, blank=True, **AMOUNT)
    salary_4 = models.DecimalField(null=True, blank=True, **AMOUNT)
    salary_5 = models.DecimalField(null=True, blank=True, **AMOUNT)
    salary_6 = models.DecimalField(null=True, blank=True, **AMOUNT)
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField()


class ReportTemplate(models.Model):
    """A council's Word template for its reports (``store.services.report_settings``): its styles, headers,
    footers and logo; each DOCX report is written into it. Uploaded by its admin or analyst; checked on upload."""

    la_code = models.CharField("council (DfE old LA code)", max_length=16, unique=True)
    name = models.CharField("file name as uploaded", max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField()


class ReportPurpose(models.Model):
    """A council's own "purpose of the report" paragraphs for one report kind, in place of the kind's."""

    la_code = models.CharField("council (DfE old LA code)", max_length=16)
    kind = models.CharField("report kind", max_length=40)
    text = models.TextField()
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la_code", "kind"], name="one_purpose_per_report_kind")]


class ForecastScenario(models.Model):
    """A council's saved, named forecast scenario (``store.services.forecast``): its levers as the plain data
    ``forecasting.stock_flow.Scenario.from_mapping`` reads, checked when saved."""

    la_code = models.CharField("council (DfE old LA code)", max_length=16)
    name = models.CharField(max_length=80)
    levers = models.JSONField()
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la_code", "name"], name="forecast_scenario_unique_name")]


class Alliance(models.Model):
    """A regional alliance of councils and its agreement (``store.services.alliances``): its member councils
    (:class:`AllianceMember`), the cooling-off period before a permanent leaver may return through an agency in
    the region, the price caps on agency charge rates by DfE role, whether references are asked between members,
    and the ids of the keys its members pseudonymise their extracts with (:class:`AllianceKey`; never the keys)."""

    name = models.CharField(max_length=120, unique=True)
    cooling_off_months = models.PositiveSmallIntegerField(default=6)
    price_caps = models.JSONField("charge-rate caps (£ an hour) by DfE role code", default=dict, blank=True)
    references_required = models.BooleanField(default=True)
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class RegionalRole(models.TextChoices):
    ANALYST = "regional_analyst", "Regional analyst: every member council's aggregates, small numbers withheld"
    ADMIN = "regional_admin", "Regional administrator: the alliance's members, agreement, keys and who sees it"


class AllianceRole(models.Model):
    """A user's regional role in one alliance (docs/regional.md): it lets them see the member councils'
    aggregates as a viewer does (small numbers withheld, no worker rows) and the alliance's page; a regional
    administrator also sets the alliance's members and agreement and who holds its regional roles."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="alliance_roles")
    alliance = models.ForeignKey("Alliance", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=24, choices=RegionalRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "alliance"], name="alliance_role_unique")]


class AllianceMember(models.Model):
    """A member council of an alliance (by DfE code, not a foreign key to a council held: a regional
    installation may hold a member's extracts without its records)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="members")
    la_code = models.CharField("council (DfE old LA code)", max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alliance", "la_code"], name="alliance_member_unique")]


class AllianceKey(models.Model):
    """A key the alliance's members pseudonymise their extracts with, by its public id (``regional.keys``; the
    key itself is kept outside the database): an extract made with a key not registered to its alliance is
    refused. A retired key's extracts stay readable; new ones should use the current key."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="keys")
    key_id = models.CharField(max_length=64)
    added_by = models.CharField(max_length=150)
    added_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alliance", "key_id"], name="alliance_key_unique")]


class RegionalExtract(models.Model):
    """A member council's pseudonymised extract imported into the alliance's installation
    (``store.services.regional``): the latest of each council replaces the one before."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="extracts")
    la_code = models.CharField("council (DfE old LA code)", max_length=16)
    as_at = models.DateField()
    key_id = models.CharField(max_length=64)
    filename = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_by = models.CharField(max_length=150)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alliance", "la_code"], name="regional_extract_one_per_council")]


class RegionalEngagement(models.Model):
    """One engagement of a member's extract (``docs/regional-extract.md``): a pseudonymous worker, never a name
    or registration number."""

    extract = models.ForeignKey(RegionalExtract, on_delete=models.CASCADE, related_name="engagements")
    worker = models.CharField(max_length=64, db_index=True)
    swe_known = models.BooleanField()
    la_code = models.CharField(max_length=16)
    contract = models.CharField(max_length=16)
    in_post = models.BooleanField()
    role = models.CharField(max_length=1, null=True, blank=True)
    fte = models.DecimalField(max_digits=10, decimal_places=6, null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    start_origin = models.CharField(max_length=4, null=True, blank=True)
    start_fte = models.DecimalField(max_digits=10, decimal_places=6, null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    reason_leave = models.CharField(max_length=4, null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    charge_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    charge_rate_from = models.DateField(null=True, blank=True)
