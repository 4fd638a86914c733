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
    CFKSSStatus,
    CodeList,
    ContractType,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    Sex,
    StartOrigin,
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
)

TEAMS = KindSpec(
    Kind.TEAMS,
    (
        _req(TEAM),
        _f("service_area", Format.TEXT, "Service area", "Service", "Directorate", "Division"),
    ),
    row_key="team",
)

KINDS: dict[Kind, KindSpec] = {
    spec.kind: spec for spec in (PEOPLE, ENGAGEMENTS, ASSIGNMENTS, ABSENCES, CASELOADS, POSTS, TEAMS)
}

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
}

YES = frozenset({"yes", "y", "true", "t", "1"})
NO = frozenset({"no", "n", "false", "f", "0"})
