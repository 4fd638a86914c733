"""What each kind of extract holds: its fields, which are required, their format and census equivalent.

This is the catalogue the importer runs and ``docs/importers.md`` describes. Default header aliases and
default code translations live here too, so a council's own mapping only needs what is different.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from csc_workforce.domain.codes import (
    AbsenceReason,
    AgencyRule,
    AuditGrade,
    CapBasis,
    CFKSSStatus,
    CodeList,
    ContractType,
    Ethnicity,
    HRCaseKind,
    LeaverDestination,
    OrgRole,
    PlacementOutcome,
    PracticeIndicator,
    Programme,
    ProgrammeOutcome,
    QualLevel,
    ReasonLeave,
    Sex,
    SicknessCause,
    StartOrigin,
    SupervisionKind,
    TrainingStatus,
    WorkerGroup,
)
from csc_workforce.domain.limits import MOST_CASES, MOST_CONTRACT_WEEKS, MOST_WORKING_DAYS_LOST


class Kind(StrEnum):
    PEOPLE = "people"
    ENGAGEMENTS = "engagements"
    ASSIGNMENTS = "assignments"
    ABSENCES = "absences"
    CASELOADS = "caseloads"
    POSTS = "posts"
    TEAMS = "teams"
    # practice and development (issue 11): each is the CouncilRecords field of the same name
    SUPERVISION = "supervision"
    SUPERVISION_POLICY = "supervision_policy"
    REVIEWS = "reviews"
    COURSES = "courses"
    TRAINING = "training"
    PROGRAMMES = "programmes"
    GRADES = "grades"
    PLACEMENTS = "placements"
    PLACEMENT_INCOME = "placement_income"
    HR_CASES = "hr_cases"
    AUDITS = "audits"
    INDICATORS = "indicators"
    # agency placements and costs (issue 12), and the price caps the council or its region loads
    AGENCY_PLACEMENTS = "agency_placements"
    AGENCY_COSTS = "agency_costs"
    AGENCY_CAPS = "agency_caps"


class Format(StrEnum):
    TEXT = "text"
    DATE = "date"
    DECIMAL = "decimal"  # FTE, weeks, days: a number, decimals allowed
    FTE = "fte"  # a decimal between 0 and 1
    COUNT = "count"  # a whole number, 0 or more
    YES_NO = "yes_no"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Bound:
    """The largest value a number field accepts, well inside what its database column holds (so nothing that
    passes the checks fails when it is written), and the decimal places the column keeps (more are rounded
    half up when read, as the database would)."""

    maximum: Decimal
    places: int
    check: str  # what a larger value usually means and how to fix it, for the message


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    format: Format
    aliases: tuple[str, ...]
    required: bool = False
    codes: type[CodeList] | None = None
    census: str = ""  # the CSWW census item it corresponds to, if any
    help: str = ""
    bound: Bound | None = None  # numbers: the largest accepted and the decimal places kept
    max_length: int = 200  # text: the most characters accepted (within the database column, with its key prefix)


@dataclass(frozen=True, slots=True)
class KindSpec:
    kind: Kind
    fields: tuple[FieldSpec, ...]
    one_of: tuple[str, ...] = ()  # at least one of these columns must be present (how rows find an engagement)
    row_key: str = ""  # describes the row key, for messages and docs
    description: str = ""  # what a file of this kind holds, in a few words (the command line's `records kinds`)

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)


def _f(
    name: str,
    fmt: Format,
    *aliases: str,
    required: bool = False,
    codes: type[CodeList] | None = None,
    census: str = "",
    help: str = "",
    bound: Bound | None = None,
    max_length: int = 200,
) -> FieldSpec:
    return FieldSpec(name, fmt, (name, *aliases), required, codes, census, help, bound, max_length)


# The text limits leave room for the key prefixes and suffixes (``ref:``, ``eng:``, ``/A/2024-04-01``,
# ``team:``) inside the 200-character key columns of store/models.py; tests/store checks every limit fits.
REF_LENGTH = 100


PERSON_REF = _f(
    "person_ref",
    Format.TEXT,
    "Employee ID",
    "Employee number",
    "Employee no",
    "Staff number",
    "Staff no",
    "Staff ID",
    "Payroll no",
    "Payroll number",
    "Person ID",
    "Person reference",
    "Worker ID",
    help="The council's own reference for the person (HR or payroll number)",
    max_length=REF_LENGTH,
)
SWE_NO = _f(
    "swe_no",
    Format.TEXT,
    "SWE number",
    "SWE no",
    "SWENo",
    "SWE registration number",
    "Social Work England number",
    "Social Work England registration number",
    "Registration number",
    census="SWENo",
    help="Social Work England registration number, e.g. SW12345",
    max_length=20,
)
ENGAGEMENT_REF = _f(
    "engagement_ref",
    Format.TEXT,
    "Engagement ID",
    "Contract ID",
    "Contract reference",
    "Contract number",
    "Assignment number",
    "Position ID",
    "Placement ID",
    help="The HR system's reference for this contract or placement",
    max_length=REF_LENGTH,
)
TEAM = _f(
    "team",
    Format.TEXT,
    "Team name",
    "Team",
    "Service team",
    "Unit",
    help="Team name, as in the HR system",
    max_length=150,
)


def _req(spec: FieldSpec) -> FieldSpec:
    return replace(spec, required=True)


PEOPLE = KindSpec(
    Kind.PEOPLE,
    (
        _req(PERSON_REF),
        SWE_NO,
        _f("birth_date", Format.DATE, "Date of birth", "DOB", "Birth date", census="PersonBirthDate"),
        _f("sex", Format.CODE, "Gender", "Legal sex", codes=Sex, census="Sex / GenderCurrent"),
        _f(
            "ethnicity",
            Format.CODE,
            "Ethnic origin",
            "Ethnic group",
            "Ethnicity code",
            codes=Ethnicity,
            census="Ethnicity",
        ),
        _f(
            "qual_level",
            Format.CODE,
            "Qualification level",
            "Highest qualification",
            codes=QualLevel,
            census="QualLevel",
        ),
        _f(
            "qual_institution",
            Format.TEXT,
            "Qualification institution",
            "University",
            "Institution",
            census="QualInst",
            max_length=500,
        ),
        _f("step_up_grad", Format.YES_NO, "Step Up", "Step Up graduate", "Step Up to Social Work", census="StepUpGrad"),
        _f("frontline_grad", Format.YES_NO, "Frontline", "Frontline graduate", census="FrontlineGrad"),
    ),
    row_key="person_ref",
    description="People: HR or payroll references, SWE numbers, characteristics",
)

ENGAGEMENTS = KindSpec(
    Kind.ENGAGEMENTS,
    (
        ENGAGEMENT_REF,
        _req(PERSON_REF),
        SWE_NO,
        _f(
            "contract",
            Format.CODE,
            "Contract type",
            "Contract",
            "Employment type",
            "Worker type",
            "Agency",
            required=True,
            codes=ContractType,
            census="Agency (agency or not); permanent or fixed-term is local",
        ),
        _f(
            "start_date",
            Format.DATE,
            "Start date",
            "Date started",
            "Contract start",
            "Role start date",
            required=True,
            census="RoleStartDate",
        ),
        _f(
            "start_origin",
            Format.CODE,
            "Origin",
            "Previous employment",
            "Where from",
            codes=StartOrigin,
            census="StartOrigin",
        ),
        _f(
            "end_date",
            Format.DATE,
            "End date",
            "Leaving date",
            "Date left",
            "Contract end",
            "Termination date",
            census="RoleEndDate",
        ),
        _f(
            "reason_leave",
            Format.CODE,
            "Reason for leaving",
            "Leaving reason",
            "Termination reason",
            codes=ReasonLeave,
            census="ReasonLeave",
        ),
        _f(
            "destination",
            Format.CODE,
            "Leaver destination",
            "Destination",
            "Going to",
            codes=LeaverDestination,
            census="LeaverDestination",
        ),
        _f(
            "contract_weeks",
            Format.DECIMAL,
            "Contract weeks",
            "Contract length weeks",
            "Weeks",
            census="ContractWeeks",
            bound=Bound(MOST_CONTRACT_WEEKS, 1, "Check the column holds weeks, not days or hours."),
        ),
    ),
    row_key="engagement_ref, or person_ref + contract (agency or not) + start_date",
    description="Engagements: starters, leavers, contracts, agency placements",
)

_ENGAGEMENT_LINK = (ENGAGEMENT_REF, PERSON_REF, SWE_NO)
_ONE_OF = ("engagement_ref", "person_ref", "swe_no")

ASSIGNMENTS = KindSpec(
    Kind.ASSIGNMENTS,
    (
        *_ENGAGEMENT_LINK,
        _f(
            "effective_from",
            Format.DATE,
            "Effective from",
            "Effective date",
            "From",
            "Start date",
            "Date from",
            required=True,
        ),
        _f("effective_to", Format.DATE, "Effective to", "To", "End date", "Date to"),
        _f(
            "role",
            Format.CODE,
            "Role",
            "DfE role",
            "Org role",
            "Organisation role",
            "Position",
            codes=OrgRole,
            census="OrgRole",
        ),
        _f(
            "fte",
            Format.FTE,
            "FTE",
            "Hours FTE",
            "Full time equivalent",
            "WTE",
            census="FTE / FTE30",
            bound=Bound(Decimal(1), 6, "A full-time worker is 1."),
        ),
        TEAM,
        _f("job_title", Format.TEXT, "Job title", "Grade", "Local grade", "Post title"),
        _f("case_holding", Format.YES_NO, "Case holding", "Case holder", "Holds cases"),
        _f(
            "cfkss_status",
            Format.CODE,
            "CFKSS status",
            "KSS status",
            "Knowledge and skills status",
            codes=CFKSSStatus,
            census="CFKSSstatus",
        ),
    ),
    one_of=_ONE_OF,
    row_key="engagement + effective_from",
    description="Assignments: teams, roles, FTE, job titles over time",
)

ABSENCES = KindSpec(
    Kind.ABSENCES,
    (
        *_ENGAGEMENT_LINK,
        _f("start", Format.DATE, "Start date", "Absence start", "First day", "From", required=True),
        _f("end", Format.DATE, "End date", "Absence end", "Last day", "To", required=True),
        _f(
            "reason",
            Format.CODE,
            "Reason",
            "Absence reason",
            "Absence type",
            codes=AbsenceReason,
            census="ReasonAbsence",
        ),
        _f(
            "cause",
            Format.CODE,
            "Sickness cause",
            "Sickness reason",
            "Cause of absence",
            "Absence cause",
            "Illness category",
            "Sickness category",
            "Reason category",
            codes=SicknessCause,
            help="A sickness absence's cause, in the council's own list mapped onto the broad groups (blank "
            "reason with a cause: sickness)",
        ),
        _f(
            "working_days_lost",
            Format.DECIMAL,
            "Working days lost",
            "Days lost",
            "Days",
            "FTE days lost",
            census="WorkingDaysLost",
            bound=Bound(
                MOST_WORKING_DAYS_LOST,
                2,
                "One absence loses at most about 260 working days a year: check the column holds days, not hours.",
            ),
        ),
    ),
    one_of=_ONE_OF,
    row_key="engagement + start",
    description="Absences",
)

CASELOADS = KindSpec(
    Kind.CASELOADS,
    (
        *_ENGAGEMENT_LINK,
        _f("on", Format.DATE, "Date", "As at", "As at date", "Snapshot date", "Caseload date", required=True),
        _f(
            "cases",
            Format.COUNT,
            "Cases",
            "Caseload",
            "Number of cases",
            "Children",
            "Open cases",
            required=True,
            census="Cases30",
            bound=Bound(
                MOST_CASES,
                0,
                "Check the column holds this worker's own cases, not a team's or the council's total.",
            ),
        ),
    ),
    one_of=_ONE_OF,
    row_key="engagement + date",
    description="Caseloads (case-management extract)",
)

POSTS = KindSpec(
    Kind.POSTS,
    (
        _req(TEAM),
        _f("role", Format.CODE, "Role", "DfE role", "Org role", codes=OrgRole, census="OrgRole"),
        _f(
            "funded_fte",
            Format.DECIMAL,
            "Funded FTE",
            "Establishment FTE",
            "Budgeted FTE",
            "FTE",
            required=True,
            bound=Bound(
                Decimal(1000),
                2,
                "Funded FTE is for one team and role: check the column holds FTE, not hours or money.",
            ),
        ),
        _f("effective_from", Format.DATE, "Effective from", "Effective date", "From", "Start date", required=True),
        _f("effective_to", Format.DATE, "Effective to", "To", "End date"),
    ),
    row_key="team + role + effective_from",
    description="Posts: funded establishment",
)

TEAMS = KindSpec(
    Kind.TEAMS,
    (
        _req(TEAM),
        _f("service_area", Format.TEXT, "Service area", "Service", "Directorate", "Division"),
    ),
    row_key="team",
    description="Teams",
)

# -- practice and development (issue 11) -------------------------------------------------------------------
# Aliases are the headers of the usual exports: case-management supervision reports (Mosaic, LiquidLogic),
# HR appraisal exports (iTrent, Oracle, SAP), learning systems' completion reports (Learning Pool, Me Learning),
# the social work academy's ASYE tracker and a university placement tracker.

_PERSON_LINK = (PERSON_REF, SWE_NO)
_PERSON_ONE_OF = ("person_ref", "swe_no")
MOST_MONTHS = Decimal(600)  # fifty years: a policy line's months since a worker's start
MOST_AMOUNT = Decimal(100_000_000)  # placement income in pounds for one council and year, with room to spare

SUPERVISION = KindSpec(
    Kind.SUPERVISION,
    (
        *_ENGAGEMENT_LINK,
        _f(
            "on",
            Format.DATE,
            "Supervision date",
            "Date of supervision",
            "Supervision session date",
            "Session date",
            "Date held",
            "Date",
            required=True,
        ),
        _f(
            "kind",
            Format.CODE,
            "Supervision type",
            "Type of supervision",
            "Supervision kind",
            "Session type",
            "Type",
            codes=SupervisionKind,
            help="one_to_one when blank",
        ),
        _f(
            "supervisor",
            Format.TEXT,
            "Supervisor",
            "Supervisor ID",
            "Supervisor name",
            "Supervised by",
            "Line manager",
            "Manager",
            help="The supervisor's staff reference or name, as recorded",
            max_length=REF_LENGTH,
        ),
        _f(
            "recorded_late",
            Format.YES_NO,
            "Recorded late",
            "Late",
            "Late recording",
            "Recorded out of timescale",
            "Out of timescale",
            help="Written up after the council's deadline for recording it",
        ),
    ),
    one_of=_ONE_OF,
    row_key="engagement + date + kind",
    description="Supervision sessions (case-management supervision report)",
)

SUPERVISION_POLICY = KindSpec(
    Kind.SUPERVISION_POLICY,
    (
        _f(
            "group",
            Format.CODE,
            "Worker group",
            "Applies to",
            "Group",
            "Staff group",
            required=True,
            codes=WorkerGroup,
        ),
        _f(
            "from_month",
            Format.COUNT,
            "From month",
            "From months",
            "Months from",
            "From (months)",
            required=True,
            help="Months since the start (an NQSW's ASYE, else the engagement) from which the line applies; 0 at once",
            bound=Bound(MOST_MONTHS, 0, "Check the column holds months since the start, not days or a year."),
        ),
        _f(
            "to_month",
            Format.COUNT,
            "To month",
            "Until month",
            "Months to",
            "To (months)",
            help="The month the line stops applying (not included); blank: onwards",
            bound=Bound(MOST_MONTHS, 0, "Check the column holds months since the start, not days or a year."),
        ),
        _f(
            "interval_weeks",
            Format.COUNT,
            "Every weeks",
            "Interval weeks",
            "Frequency weeks",
            "Frequency (weeks)",
            help="A session is due every this many weeks (give this or interval_months)",
            bound=Bound(Decimal(52), 0, "A session at least once a year: check the column holds weeks."),
        ),
        _f(
            "interval_months",
            Format.COUNT,
            "Every months",
            "Interval months",
            "Frequency months",
            "Frequency (months)",
            help="A session is due every this many months (give this or interval_weeks)",
            bound=Bound(Decimal(12), 0, "A session at least once a year: check the column holds months."),
        ),
        _f(
            "grace_days",
            Format.COUNT,
            "Grace days",
            "Grace period",
            "Days grace",
            "Tolerance days",
            help="Days after the interval a session still counts as on time; 0 when blank",
            bound=Bound(Decimal(90), 0, "Check the column holds days."),
        ),
        _f(
            "effective_from",
            Format.DATE,
            "Effective from",
            "Policy date",
            "Policy effective from",
            "From date",
            required=True,
        ),
    ),
    row_key="group + from_month + effective_from",
    description="Supervision policy: how often each group of workers is supervised",
)

REVIEWS = KindSpec(
    Kind.REVIEWS,
    (
        *_ENGAGEMENT_LINK,
        _f(
            "cycle",
            Format.TEXT,
            "Review cycle",
            "Appraisal cycle",
            "Appraisal year",
            "Review period",
            "Performance year",
            "Cycle",
            required=True,
            help='The council\'s name for the cycle, e.g. "2024-25" or "2024-25 mid-year"',
            max_length=50,
        ),
        _f(
            "due",
            Format.DATE,
            "Due date",
            "Review due date",
            "Appraisal due date",
            "Review due",
            "Date due",
            required=True,
        ),
        _f(
            "completed",
            Format.DATE,
            "Date completed",
            "Completed date",
            "Completion date",
            "Appraisal date",
            "Review date",
            "Date of appraisal",
        ),
        _f(
            "rating",
            Format.TEXT,
            "Overall rating",
            "Performance rating",
            "Appraisal rating",
            "Rating",
            "Appraisal outcome",
            help="On the council's own scale; translated to successful when that column is blank",
            max_length=REF_LENGTH,
        ),
        _f(
            "successful",
            Format.YES_NO,
            "Successful",
            "Successful or higher",
            "Rated successful",
            "Met expectations",
        ),
        _f("objectives_set", Format.YES_NO, "Objectives set", "Objectives agreed", "Goals set", "Objectives"),
    ),
    one_of=_ONE_OF,
    row_key="engagement + cycle",
    description="Performance reviews (HR appraisal export)",
)

COURSES = KindSpec(
    Kind.COURSES,
    (
        _f(
            "course_ref",
            Format.TEXT,
            "Course ID",
            "Course code",
            "Course reference",
            "Learning item ID",
            "Activity ID",
            "Module code",
            help="The learning system's reference; the title keys the course when blank",
            max_length=REF_LENGTH,
        ),
        _f(
            "title",
            Format.TEXT,
            "Course title",
            "Course name",
            "Learning item",
            "Learning item title",
            "Activity title",
            "Module",
            "Title",
            required=True,
            max_length=REF_LENGTH,
        ),
        _f("provider", Format.TEXT, "Training provider", "Provider", "Delivered by", "Supplier"),
        _f("mandatory", Format.YES_NO, "Mandatory", "Mandatory training", "Compulsory", "Required"),
        _f(
            "validity_months",
            Format.COUNT,
            "Validity months",
            "Valid for months",
            "Validity (months)",
            "Renewal months",
            "Refresher months",
            "Expiry months",
            help="How long a completion counts; blank: for good",
            bound=Bound(Decimal(240), 0, "Check the column holds months, not days."),
        ),
        _f("post_qualifying", Format.YES_NO, "Post qualifying", "Post-qualifying", "PQ", "PQ course"),
        _f(
            "practice_educator",
            Format.YES_NO,
            "Practice educator award",
            "Practice educator",
            "PEPS",
            help="Completing it is a practice educator award (PEPS stage 1 or 2)",
        ),
    ),
    row_key="course_ref, else title",
    description="Courses offered or required (learning system catalogue)",
)

TRAINING = KindSpec(
    Kind.TRAINING,
    (
        *_PERSON_LINK,
        _f(
            "course",
            Format.TEXT,
            "Course ID",
            "Course code",
            "Course reference",
            "Learning item ID",
            "Course title",
            "Course name",
            "Learning item",
            "Learning item title",
            "Activity title",
            "Course",
            required=True,
            help="The course's reference or title, as in the courses file",
            max_length=REF_LENGTH,
        ),
        _f(
            "status",
            Format.CODE,
            "Completion status",
            "Booking status",
            "Attendance status",
            "Enrolment status",
            "Attendance",
            "Status",
            required=True,
            codes=TrainingStatus,
        ),
        _f(
            "booked_on",
            Format.DATE,
            "Booked on",
            "Booking date",
            "Date booked",
            "Enrolment date",
            "Enrolled on",
            "Registration date",
        ),
        _f("on", Format.DATE, "Course date", "Session date", "Event date", "Start date", "Date attended"),
        _f(
            "completed_on",
            Format.DATE,
            "Completed on",
            "Completion date",
            "Date completed",
            "Completed date",
        ),
    ),
    one_of=_PERSON_ONE_OF,
    row_key="person + course + course date (else booking date)",
    description="Training bookings and completions (learning system report)",
)

PROGRAMMES = KindSpec(
    Kind.PROGRAMMES,
    (
        *_PERSON_LINK,
        ENGAGEMENT_REF,
        _f(
            "programme",
            Format.CODE,
            "Programme",
            "Programme name",
            "Scheme",
            "Pathway",
            "Route",
            required=True,
            codes=Programme,
        ),
        _f(
            "start",
            Format.DATE,
            "Start date",
            "Programme start",
            "ASYE start date",
            "ASYE start",
            "Date started",
            required=True,
        ),
        _f("end", Format.DATE, "End date", "Programme end", "ASYE end date", "ASYE end", "Date ended"),
        _f(
            "outcome",
            Format.CODE,
            "Outcome",
            "ASYE outcome",
            "Programme outcome",
            "Result",
            "Status",
            codes=ProgrammeOutcome,
            help="ongoing when blank",
        ),
        _f(
            "midpoint_review",
            Format.DATE,
            "Midpoint review",
            "Mid-point review",
            "Midpoint review date",
            "Mid-point review date",
            "6 month review",
            "Interim review",
        ),
        _f(
            "final_review",
            Format.DATE,
            "Final review",
            "Final review date",
            "Final assessment",
            "End of year review",
            "12 month review",
        ),
        _f(
            "protected_caseload",
            Format.COUNT,
            "Protected caseload",
            "Caseload cap",
            "Maximum caseload",
            "Agreed caseload",
            bound=Bound(MOST_CASES, 0, "Check the column holds this worker's agreed most cases."),
        ),
        _f(
            "protected_time_pct",
            Format.DECIMAL,
            "Protected time %",
            "Protected time",
            "Protected development time",
            "Development time %",
            help="Per cent of working time, e.g. 10 (not 0.1)",
            bound=Bound(Decimal(100), 3, "Give a per cent of working time, at most 100."),
        ),
    ),
    one_of=_PERSON_ONE_OF,
    row_key="person + programme + start",
    description="Programme spells: ASYE, Step Up, Frontline, apprenticeships, aspirant managers, NAAS",
)

GRADES = KindSpec(
    Kind.GRADES,
    (
        _f("name", Format.TEXT, "Grade", "Grade name", "Local grade", "Band", "Pay grade", required=True),
        _f(
            "rank",
            Format.COUNT,
            "Rank",
            "Order",
            "Seniority",
            "Level",
            required=True,
            help="Orders seniority: 1 the most junior",
            bound=Bound(Decimal(100), 0, "Rank the grades 1, 2, 3... from the most junior."),
        ),
        _f(
            "titles",
            Format.TEXT,
            "Job titles",
            "Titles",
            "Job title",
            "Post titles",
            help="Job titles on this grade, separated by ; (compared ignoring case and spaces)",
            max_length=2000,
        ),
    ),
    row_key="name",
    description="Grade scale: the local grades (grade 9, grade 10, advanced practitioner...)",
)

PLACEMENTS = KindSpec(
    Kind.PLACEMENTS,
    (
        _f(
            "placement_ref",
            Format.TEXT,
            "Placement ID",
            "Placement reference",
            "Placement number",
            help="The tracker's reference; student_ref + start key the placement when blank",
            max_length=REF_LENGTH,
        ),
        _f(
            "student_ref",
            Format.TEXT,
            "Student ID",
            "Student number",
            "Student reference",
            "University ID",
            "Learner ID",
            required=True,
            help="The university's or the council's reference for the student, never a name",
            max_length=REF_LENGTH,
        ),
        _f(
            "start", Format.DATE, "Placement start", "Placement start date", "Start date", "Date started", required=True
        ),
        _f("end", Format.DATE, "Placement end", "Placement end date", "End date", "Date ended"),
        _f("university", Format.TEXT, "University", "HEI", "Institution", "Course provider"),
        _f("programme", Format.TEXT, "Programme", "Course", "Degree", "Qualification", "Route", max_length=REF_LENGTH),
        _f(
            "year_of_study",
            Format.COUNT,
            "Year of study",
            "Study year",
            "Year",
            "Placement year",
            bound=Bound(Decimal(10), 0, "Give the student's year of study (1, 2, 3...)."),
        ),
        _f(
            "practice_educator",
            Format.TEXT,
            "Practice educator",
            "Practice educator ID",
            "Practice educator name",
            "PE",
            max_length=REF_LENGTH,
        ),
        TEAM,
        _f(
            "outcome",
            Format.CODE,
            "Outcome",
            "Placement outcome",
            "Result",
            "Status",
            codes=PlacementOutcome,
            help="ongoing when blank",
        ),
        _f("eligible_for_nqsw", Format.YES_NO, "Eligible for NQSW post", "Eligible for NQSW", "Qualifying", "Eligible"),
        _f("applied", Format.YES_NO, "Applied", "Applied for NQSW post", "Application received"),
        _f("interviewed", Format.YES_NO, "Interviewed", "Interview"),
        _f("offered", Format.YES_NO, "Offered", "Offered post", "Job offer", "Offer made"),
        _f("appointed", Format.YES_NO, "Appointed", "Appointed as NQSW", "Started as NQSW", "Started"),
        replace(PERSON_REF, aliases=("person_ref", "Employee ID", "Employee number", "Staff number", "Staff ID")),
        SWE_NO,
    ),
    row_key="placement_ref, else student_ref + start",
    description="Student placements and what followed (university placement tracker)",
)

PLACEMENT_INCOME = KindSpec(
    Kind.PLACEMENT_INCOME,
    (
        _f(
            "financial_year",
            Format.TEXT,
            "Financial year",
            "Year",
            "FY",
            "Period",
            required=True,
            help='The financial year: 2024, "2024-25", "2024/25" or "2024/2025" (from 1 April 2024)',
            max_length=20,
        ),
        _f(
            "amount",
            Format.DECIMAL,
            "Income",
            "Placement income",
            "Amount (£)",
            "Amount",
            "Total",
            "Value",
            required=True,
            help="Pounds, without the £ sign",
            bound=Bound(MOST_AMOUNT, 2, "Check the column holds pounds for this council and year."),
        ),
        _f("description", Format.TEXT, "Description", "Details", "Income source", "Notes", "University"),
    ),
    row_key="financial_year + description",
    description="Placement income by financial year",
)

HR_CASES = KindSpec(
    Kind.HR_CASES,
    (
        _f(
            "case_ref",
            Format.TEXT,
            "Case ID",
            "Case reference",
            "Case ref",
            "Case number",
            "Case no",
            "HR case ID",
            "Reference",
            required=True,
            help="The HR system's reference for the case; never the person's name",
            max_length=REF_LENGTH,
        ),
        _f(
            "kind",
            Format.CODE,
            "Case type",
            "Type of case",
            "Case category",
            "Category",
            "Type",
            required=True,
            codes=HRCaseKind,
        ),
        _f("opened", Format.DATE, "Date opened", "Opened", "Case opened", "Start date", "Date started", required=True),
        _f("closed", Format.DATE, "Date closed", "Closed", "Case closed", "End date", "Date ended"),
    ),
    row_key="case_ref",
    description="HR casework: formal cases by kind, opened and closed (no names)",
)

AUDITS = KindSpec(
    Kind.AUDITS,
    (
        _f(
            "audit_ref",
            Format.TEXT,
            "Audit ID",
            "Audit reference",
            "Audit number",
            help="The audit tool's reference; child_ref + date key the audit when blank",
            max_length=REF_LENGTH,
        ),
        _f(
            "child_ref",
            Format.TEXT,
            "Child ID",
            "Child reference",
            "Person ID",
            "Case ID",
            "LCS ID",
            "Mosaic ID",
            "Client ID",
            required=True,
            help="The child's pseudonymous reference (the case-management system's ID): never a name or NHS number",
            max_length=REF_LENGTH,
        ),
        _f("on", Format.DATE, "Audit date", "Date audited", "Date of audit", "Completed", "Date", required=True),
        _f(
            "grade",
            Format.CODE,
            "Overall grade",
            "Overall judgement",
            "Grade",
            "Judgement",
            "Rating",
            "Overall rating",
            required=True,
            codes=AuditGrade,
        ),
        _f("team", Format.TEXT, "Team", "Team audited", "Worker's team"),
    ),
    row_key="audit_ref, or child_ref + on",
    description="Case audits: the child's pseudonymous reference, date, team and overall grade",
)

INDICATORS = KindSpec(
    Kind.INDICATORS,
    (
        _f(
            "indicator",
            Format.CODE,
            "Indicator",
            "Measure",
            "KPI",
            "Performance indicator",
            required=True,
            codes=PracticeIndicator,
        ),
        _f(
            "month",
            Format.DATE,
            "Month",
            "Month start",
            "Month ending",
            "Period",
            "Date",
            required=True,
            help="Any day of the month (its first day, or its last): the month is what counts",
        ),
        _f(
            "numerator",
            Format.COUNT,
            "Numerator",
            "In time",
            "Met",
            "Number",
            "Count",
            required=True,
            bound=Bound(MOST_CASES * 1000, 0, "Check the column holds this council's monthly count."),
        ),
        _f(
            "denominator",
            Format.COUNT,
            "Denominator",
            "Due",
            "Total",
            "Out of",
            bound=Bound(MOST_CASES * 1000, 0, "Check the column holds this council's monthly count."),
            help="The number the numerator is of; empty for compliments and complaints (counts alone)",
        ),
    ),
    row_key="indicator + month",
    description="Practice indicators by month from the case-management system (numerator and denominator)",
)

# -- agency placements, costs and price caps (issue 12) -----------------------------------------------------
# Aliases are the headers of managed service providers' and suppliers' placement reports, finance ledgers'
# agency lines, and regional price-cap tables.

MOST_RATE = Decimal(500)  # pounds an hour, with room to spare
_RATE_CHECK = "Check the column holds pounds an hour, not a day or week rate."
PLACEMENT_REF = _f(
    "placement_ref",
    Format.TEXT,
    "Placement reference",
    "Placement ref",
    "Booking reference",
    "Booking ID",
    "Order number",
    "Purchase order",
    help="The supplier's or managed service provider's reference for the placement",
    max_length=REF_LENGTH,
)

AGENCY_PLACEMENTS = KindSpec(
    Kind.AGENCY_PLACEMENTS,
    (
        PLACEMENT_REF,
        *_ENGAGEMENT_LINK,
        _f(
            "start",
            Format.DATE,
            "Start date",
            "Placement start",
            "Assignment start",
            "Booking start",
            "Date started",
            required=True,
        ),
        _f(
            "end",
            Format.DATE,
            "End date",
            "Placement end",
            "Assignment end",
            "Booking end",
            "Date ended",
            help="The date the worker left (as an engagement's end date); blank: ongoing",
        ),
        _f("supplier", Format.TEXT, "Supplier", "Agency", "Agency name", "Supplier name", "Vendor"),
        _f("role", Format.CODE, "Role", "DfE role", "Org role", codes=OrgRole, census="OrgRole"),
        _f(
            "grade",
            Format.TEXT,
            "Grade",
            "Council grade",
            "Pay grade",
            "Job grade",
            help="The council's grade the placement is paid against, as the council names it",
        ),
        replace(TEAM, help="The team the placement works in"),
        _f(
            "post_ref",
            Format.TEXT,
            "Post ID",
            "Post number",
            "Post reference",
            "Vacancy ID",
            "Vacancy reference",
            "Position number",
            help="The council's post or vacancy number the placement covers",
            max_length=REF_LENGTH,
        ),
        _f(
            "funded_post",
            Format.YES_NO,
            "Funded post",
            "Covers vacancy",
            "Vacancy cover",
            "Establishment post",
            "In establishment",
            help="Covers a funded (establishment) post; no: capacity above the establishment. Yes when blank and "
            "a post_ref is given",
        ),
        _f(
            "pay_rate",
            Format.DECIMAL,
            "Pay rate",
            "Hourly pay rate",
            "Pay rate per hour",
            "Worker pay rate",
            help="Pounds an hour paid to the worker",
            bound=Bound(MOST_RATE, 2, _RATE_CHECK),
        ),
        _f(
            "charge_rate",
            Format.DECIMAL,
            "Charge rate",
            "Hourly charge rate",
            "Charge rate per hour",
            "Bill rate",
            help="Pounds an hour the council is charged (pay, on-costs and the supplier's margin)",
            bound=Bound(MOST_RATE, 2, _RATE_CHECK),
        ),
        _f(
            "pqe_years",
            Format.DECIMAL,
            "PQE",
            "PQE years",
            "Years PQE",
            "Post-qualification experience",
            "Years qualified",
            help="Years of post-qualification experience at the start (the statutory guidance asks for at least 3)",
            bound=Bound(Decimal(60), 1, "Check the column holds years since qualifying, not months or a date."),
        ),
        _f(
            "references",
            Format.YES_NO,
            "References",
            "References obtained",
            "References received",
            "References checked",
            help="References obtained before the start",
        ),
        _f(
            "rule",
            Format.CODE,
            "Agency rule",
            "Rule",
            "Compliance route",
            "Statutory rule",
            codes=AgencyRule,
            help="The rule of the statutory guidance the placement falls under: standard, a recorded exception, or "
            "a project team",
        ),
        _f(
            "converted_on",
            Format.DATE,
            "Converted on",
            "Converted to permanent",
            "Conversion date",
            "Date converted",
            "Permanent from",
            help="The day the worker took a permanent post with the council",
        ),
        _f(
            "permanent_engagement_ref",
            Format.TEXT,
            "Permanent engagement ID",
            "Permanent contract ID",
            "Permanent contract reference",
            help="The HR system's reference for the permanent engagement, when held",
            max_length=REF_LENGTH,
        ),
    ),
    one_of=_ONE_OF,
    row_key="placement_ref, or engagement + start",
    description="Agency placements: supplier, role and grade, post covered, dates, rates and statutory checks",
)

AGENCY_COSTS = KindSpec(
    Kind.AGENCY_COSTS,
    (
        PLACEMENT_REF,
        *_ENGAGEMENT_LINK,
        _f(
            "month",
            Format.DATE,
            "Month",
            "Invoice month",
            "Period",
            "Month ending",
            "Date",
            required=True,
            help="Any day of the month (its first day, or its last): the month is what counts",
        ),
        _f(
            "hours",
            Format.DECIMAL,
            "Hours",
            "Hours worked",
            "Timesheet hours",
            "Total hours",
            bound=Bound(Decimal(1000), 2, "A month's hours for one placement: check the column holds hours."),
        ),
        _f(
            "spend",
            Format.DECIMAL,
            "Spend",
            "Cost",
            "Amount",
            "Invoice amount",
            "Net amount",
            "Total cost",
            help="Pounds, without the £ sign",
            bound=Bound(Decimal(1_000_000), 2, "A month's spend on one placement: check the column holds pounds."),
        ),
    ),
    one_of=("placement_ref", *_ONE_OF),
    row_key="placement + month",
    description="Agency costs by month: hours and/or spend per placement (supplier or finance extracts)",
)

AGENCY_CAPS = KindSpec(
    Kind.AGENCY_CAPS,
    (
        _f(
            "region",
            Format.TEXT,
            "Region",
            "Regional agreement",
            "Agreement",
            "Memorandum",
            required=True,
            help="The region or agreement setting the cap (for example the London Memorandum of Cooperation)",
            max_length=REF_LENGTH,
        ),
        _f("role", Format.CODE, "Role", "DfE role", "Org role", codes=OrgRole, census="OrgRole"),
        _f(
            "grade",
            Format.TEXT,
            "Grade",
            "Grade band",
            "Band",
            "Job type",
            help="The council's grade the cap applies to; blank: every grade of the role",
            max_length=REF_LENGTH,
        ),
        _f(
            "basis",
            Format.CODE,
            "Basis",
            "Rate type",
            "Rate capped",
            required=True,
            codes=CapBasis,
            help="Which hourly rate the cap limits: pay or charge",
        ),
        _f(
            "rate",
            Format.DECIMAL,
            "Rate",
            "Cap",
            "Price cap",
            "Hourly cap",
            "Maximum rate",
            required=True,
            help="The capped rate, pounds an hour",
            bound=Bound(MOST_RATE, 2, _RATE_CHECK),
        ),
        _f("effective_from", Format.DATE, "Effective from", "From", "Start date", required=True),
        _f("effective_to", Format.DATE, "Effective to", "To", "End date", help="The last day in force; blank: onwards"),
    ),
    row_key="region + role + grade + basis + effective_from",
    description="Agency price caps: region, role and grade band, pay or charge rate, dates in force",
)

KINDS: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        PEOPLE,
        ENGAGEMENTS,
        ASSIGNMENTS,
        ABSENCES,
        CASELOADS,
        POSTS,
        TEAMS,
        SUPERVISION,
        SUPERVISION_POLICY,
        REVIEWS,
        COURSES,
        TRAINING,
        PROGRAMMES,
        GRADES,
        PLACEMENTS,
        PLACEMENT_INCOME,
        HR_CASES,
        AUDITS,
        INDICATORS,
        AGENCY_PLACEMENTS,
        AGENCY_COSTS,
        AGENCY_CAPS,
    )
}

# The practice and development kinds (issue 11), and the other records dated apart from the workforce's (HR
# casework), in the order the docs and the upload page list them.
DEVELOPMENT_KINDS: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        SUPERVISION,
        SUPERVISION_POLICY,
        REVIEWS,
        COURSES,
        TRAINING,
        PROGRAMMES,
        GRADES,
        PLACEMENTS,
        PLACEMENT_INCOME,
        HR_CASES,
        AUDITS,
        INDICATORS,
        AGENCY_PLACEMENTS,
        AGENCY_COSTS,
        AGENCY_CAPS,
    )
}

# The kinds whose records say when something happened (a session, a review, a booking, a programme spell, a
# placement, a year's income): a file of one may state the date its data is complete from (``Source.complete_from``,
# where ``store/services/coverage.py`` takes the kind's data to begin). The supervision policy and the courses and
# grades offered are not records of anything happening, and the workforce files begin where the census does.
COMPLETE_FROM_KINDS: tuple[Kind, ...] = (
    Kind.SUPERVISION,
    Kind.REVIEWS,
    Kind.TRAINING,
    Kind.PROGRAMMES,
    Kind.PLACEMENTS,
    Kind.PLACEMENT_INCOME,
    Kind.HR_CASES,
    Kind.AUDITS,
    Kind.INDICATORS,
    Kind.AGENCY_PLACEMENTS,
    Kind.AGENCY_COSTS,
)

# Local values seen in HR and case-management systems, by field. Matching ignores case and spaces; a
# council's mapping adds to (and overrides) these. Census codes and labels are always accepted as well.
DEFAULT_TRANSLATIONS: dict[str, dict[str, str]] = {
    "contract": {
        "Perm": "permanent",
        "Permanent": "permanent",
        "Employee": "permanent",
        "Fixed term": "fixed_term",
        "FTC": "fixed_term",
        "Temporary": "fixed_term",
        "Agency": "agency",
        "Locum": "agency",
        "Interim": "agency",
        "Self-employed": "agency",
        "Yes": "agency",
        "No": "permanent",
    },
    "sex": {"Male": "M", "Female": "F", "Man": "M", "Woman": "F", "Not known": "0", "Prefer not to say": "9"},
    "role": {
        "Director": "1",
        "Assistant Director": "1",
        "Head of Service": "1",
        "Service Manager": "2",
        "Team Manager": "3",
        "Assistant Team Manager": "3",
        "Senior Practitioner": "4",
        "Advanced Practitioner": "4",
        "Social Worker": "5",
        "Newly Qualified Social Worker": "5",
        "ASYE": "5",
    },
    "reason_leave": {
        "Resigned": "1",
        "Resignation": "1",
        "Voluntary redundancy": "2",
        "Compulsory redundancy": "3",
        "Redundancy": "3",
        "Dismissed": "4",
        "Dismissal": "4",
        "Retired": "5",
        "Retirement": "5",
        "Deceased": "6",
        "Death in service": "6",
        "Other": "8",
        "Not known": "9",
    },
    "indicator": {
        "Assessments within 45 days": "assessments_45_days",
        "Assessments completed within 45 working days": "assessments_45_days",
        "Single assessments in 45 days": "assessments_45_days",
        "CP and LAC visits in timescale": "cp_lac_visits",
        "Statutory visits in timescale": "cp_lac_visits",
        "Visits in timescale": "cp_lac_visits",
        "IRO midway visits": "iro_midway_visits",
        "IRO mid-way visits": "iro_midway_visits",
        "Compliments": "compliments",
        "Complaints": "complaints",
    },
    "grade": {
        "Outstanding": "outstanding",
        "Good": "good",
        "Requires improvement": "requires_improvement",
        "Requires improvement to be good": "requires_improvement",
        "RI": "requires_improvement",
        "RTI": "requires_improvement",
        "Inadequate": "inadequate",
        "1": "outstanding",
        "2": "good",
        "3": "requires_improvement",
        "4": "inadequate",
    },
    "kind": {
        "Absence": "absence",
        "Attendance": "absence",
        "Attendance management": "absence",
        "Sickness": "absence",
        "Sickness absence": "absence",
        "Long-term sickness": "absence",
        "Conduct": "conduct",
        "Disciplinary": "conduct",
        "Misconduct": "conduct",
        "Gross misconduct": "conduct",
        "Capability": "capability",
        "Performance": "capability",
        "Poor performance": "capability",
        "Capability (ill health)": "capability",
        "Grievance": "grievance",
        "Collective grievance": "grievance",
        "Bullying and harassment": "dignity",
        "Bullying": "dignity",
        "Harassment": "dignity",
        "Dignity at work": "dignity",
        "Other": "other",
        "Whistleblowing": "other",
        "Appeal": "other",
    },
    "cause": {
        "Stress": "stress",
        "Work related stress": "stress",
        "Stress, depression, anxiety": "stress",
        "Stress, depression, anxiety, mental health and fatigue": "stress",
        "Anxiety": "stress",
        "Depression": "stress",
        "Anxiety/stress/depression": "stress",
        "Mental health": "stress",
        "Psychological": "stress",
        "S10": "stress",
        "Back problems": "musculoskeletal",
        "Back and neck": "musculoskeletal",
        "Back pain": "musculoskeletal",
        "Musculoskeletal": "musculoskeletal",
        "Muscular skeletal": "musculoskeletal",
        "MSK": "musculoskeletal",
        "Other musculoskeletal": "musculoskeletal",
        "S11": "musculoskeletal",
        "S12": "musculoskeletal",
        "Cold, cough, flu": "infections",
        "Cold/flu": "infections",
        "Colds and flu": "infections",
        "Infection": "infections",
        "Infections": "infections",
        "COVID-19": "infections",
        "Covid": "infections",
        "Coronavirus": "infections",
        "S13": "infections",
        "S27": "infections",
        "Chest and respiratory": "respiratory",
        "Respiratory": "respiratory",
        "Asthma": "respiratory",
        "S14": "respiratory",
        "S15": "respiratory",
        "Stomach, liver, kidney, digestion": "digestive",
        "Gastrointestinal": "digestive",
        "Stomach": "digestive",
        "Digestive": "digestive",
        "S25": "digestive",
        "Cancer": "cancer",
        "S17": "cancer",
        "Heart, blood pressure, circulation": "heart",
        "Heart": "heart",
        "S19": "heart",
        "Headache, migraine": "neurological",
        "Migraine": "neurological",
        "Neurological": "neurological",
        "S16": "neurological",
        "S29": "neurological",
        "Injury": "injury",
        "Injury, fracture": "injury",
        "Fracture": "injury",
        "S28": "injury",
        "Operation": "surgery",
        "Surgery": "surgery",
        "Post-operative": "surgery",
        "Hospital treatment": "surgery",
        "Pregnancy related": "pregnancy",
        "S30": "pregnancy",
        "Other": "other",
        "Other known causes": "other",
        "S98": "other",
        "Not known": "not_known",
        "Unknown": "not_known",
        "Not specified": "not_known",
        "S99": "not_known",
    },
    "reason": {
        "Sickness": "SIC",
        "Sick": "SIC",
        "Sick leave": "SIC",
        "Maternity": "MAT",
        "Paternity": "MAT",
        "Maternity leave": "MAT",
        "Adoption": "MAT",
        "Training": "TRN",
        "Unpaid": "UNP",
        "Unpaid leave": "UNP",
        "Unauthorised": "UNA",
        "Jury service": "PUB",
        "Public duties": "PUB",
        "Compassionate": "OTH",
        "Special leave": "OTH",
    },
    "qual_level": {"Undergraduate": "1", "Degree": "1", "BA": "1", "Postgraduate": "2", "MA": "2", "MSc": "2"},
    # Practice and development kinds: keyed "<kind>.<field>", for that kind's files only (ColumnMapping.translation).
    "supervision.kind": {
        "1:1": "one_to_one",
        "1-1": "one_to_one",
        "1 to 1": "one_to_one",
        "One to one": "one_to_one",
        "One-to-one": "one_to_one",
        "Individual": "one_to_one",
        "Formal": "one_to_one",
        "Formal supervision": "one_to_one",
        "Group": "group",
        "Group supervision": "group",
        "Reflective": "reflective",
        "Reflective supervision": "reflective",
        "Case discussion": "reflective",
        "Group reflective": "reflective",
        "Practice supervision": "reflective",
        "Practice educator": "practice_educator",
        "PE supervision": "practice_educator",
    },
    "supervision_policy.group": {
        "NQSW": "nqsw",
        "NQSWs": "nqsw",
        "ASYE": "nqsw",
        "Newly qualified": "nqsw",
        "All": "all",
        "Everyone": "all",
        "Everyone else": "all",
        "Other": "all",
        "All other staff": "all",
        "Qualified": "all",
    },
    # The council's own rating scale -> "successful or higher" (yes) or not (no). A council whose scale differs
    # gives its own in the mapping's code_translations for "rating"; a "successful" column, when given, wins.
    "reviews.rating": {
        "Outstanding": "yes",
        "Exceptional": "yes",
        "Exceeds": "yes",
        "Exceeds expectations": "yes",
        "Exceeded": "yes",
        "Highly effective": "yes",
        "Successful": "yes",
        "Fully successful": "yes",
        "Good": "yes",
        "Achieved": "yes",
        "Fully achieved": "yes",
        "Met": "yes",
        "Fully met": "yes",
        "Meets expectations": "yes",
        "Effective": "yes",
        "Requires improvement": "no",
        "Improvement required": "no",
        "Unsatisfactory": "no",
        "Not met": "no",
        "Partially met": "no",
        "Not achieved": "no",
        "Below expectations": "no",
        "Inadequate": "no",
    },
    "training.status": {
        "Booked": "booked",
        "Enrolled": "booked",
        "Registered": "booked",
        "Place confirmed": "booked",
        "Attended": "attended",
        "In progress": "attended",
        "Started": "attended",
        "Complete": "completed",
        "Completed": "completed",
        "Passed": "completed",
        "Finished": "completed",
        "DNA": "did_not_attend",
        "Did not attend": "did_not_attend",
        "No show": "did_not_attend",
        "Absent": "did_not_attend",
        "Cancelled": "cancelled",
        "Withdrawn": "cancelled",
        "Cancelled by learner": "cancelled",
        "Course cancelled": "cancelled",
    },
    "programmes.programme": {
        "ASYE": "asye",
        "NQSW": "asye",
        "NQSW programme": "asye",
        "ASYE programme": "asye",
        "Newly qualified social worker programme": "asye",
        "Early career framework": "asye",
        "Step Up": "step_up",
        "Step Up to Social Work": "step_up",
        "Frontline": "frontline",
        "Apprenticeship": "apprenticeship",
        "Social work apprenticeship": "apprenticeship",
        "Degree apprenticeship": "apprenticeship",
        "Grow your own": "apprenticeship",
        "Aspirant managers": "aspirant_manager",
        "Aspirant manager": "aspirant_manager",
        "Aspiring managers": "aspirant_manager",
        "Aspirant manager programme": "aspirant_manager",
        "Leadership programme": "aspirant_manager",
        "NAAS": "naas",
        "Accreditation": "naas",
        "Other": "other",
    },
    "programmes.outcome": {
        "Pass": "passed",
        "Passed": "passed",
        "Complete": "passed",
        "Completed": "passed",
        "Successful": "passed",
        "Extended": "extended",
        "Extension": "extended",
        "Fail": "failed",
        "Failed": "failed",
        "Unsuccessful": "failed",
        "Not passed": "failed",
        "Left": "left",
        "Leaver": "left",
        "Withdrawn": "left",
        "Left the council": "left",
        "In progress": "ongoing",
        "Current": "ongoing",
        "Active": "ongoing",
    },
    "placements.outcome": {
        "Pass": "passed",
        "Passed": "passed",
        "Complete": "passed",
        "Completed": "passed",
        "Fail": "failed",
        "Failed": "failed",
        "Not passed": "failed",
        "Withdrawn": "withdrawn",
        "Ended early": "withdrawn",
        "Terminated": "withdrawn",
        "Left": "withdrawn",
        "In progress": "ongoing",
        "Current": "ongoing",
        "Active": "ongoing",
    },
    "agency_placements.rule": {
        "Standard": "standard",
        "Compliant": "standard",
        "National rules": "standard",
        "Exception": "exception",
        "Exceptional": "exception",
        "Approved exception": "exception",
        "DCS exception": "exception",
        "Project team": "project_team",
        "Project": "project_team",
        "Managed service": "project_team",
        "Managed team": "project_team",
        "Packaged model": "project_team",
    },
    "agency_caps.basis": {
        "Pay": "pay",
        "Pay rate": "pay",
        "Worker pay": "pay",
        "Worker pay rate": "pay",
        "Charge": "charge",
        "Charge rate": "charge",
        "Bill rate": "charge",
    },
}

YES = frozenset({"yes", "y", "true", "t", "1"})
NO = frozenset({"no", "n", "false", "f", "0"})
