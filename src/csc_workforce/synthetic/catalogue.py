"""Fixed ingredients of a synthetic council: team structure, job titles, names and code-list mixes.

Everything here is data. The weights are rough shares, normalised where used; docs/synthetic.md explains
where each comes from (DfE national figures where published, plausible guesses where not).
"""

from __future__ import annotations

from dataclasses import dataclass

from csc_workforce.domain.codes import Ethnicity, LeaverDestination, OrgRole, ReasonLeave, StartOrigin

R1, R2, R3, R4, R5, R6 = (
    OrgRole.SENIOR_MANAGER,
    OrgRole.MIDDLE_MANAGER,
    OrgRole.FIRST_LINE_MANAGER,
    OrgRole.SENIOR_PRACTITIONER,
    OrgRole.CASE_HOLDER,
    OrgRole.QUALIFIED_WITHOUT_CASES,
)


@dataclass(frozen=True, slots=True)
class TeamSpec:
    """A kind of team: its share of the establishment, whether it splits into numbered teams, its role mix."""

    slug: str
    name: str
    service_area: str
    share: float
    numbered: bool
    roles: tuple[tuple[OrgRole, float], ...]
    practitioner_title: str = "Social Worker"


_CASE_TEAM = ((R3, 0.11), (R4, 0.13), (R5, 0.76))
TEAM_SIZE_FTE = 11.0  # a numbered team splits when its kind passes this many funded FTE per team

TEAM_SPECS: tuple[TeamSpec, ...] = (
    TeamSpec("leadership", "Senior Leadership", "Leadership", 0.045, False, ((R1, 0.35), (R2, 0.65))),
    TeamSpec("front-door", "Front Door / MASH", "Front Door", 0.06, False, _CASE_TEAM),
    TeamSpec("assessment", "Assessment Team", "Assessment", 0.17, True, _CASE_TEAM),
    TeamSpec("child-in-need", "Child in Need", "Child in Need", 0.15, True, _CASE_TEAM),
    TeamSpec("child-protection", "Child Protection", "Child Protection", 0.12, True, _CASE_TEAM),
    TeamSpec("children-in-care", "Children in Care", "Children in Care", 0.13, True, _CASE_TEAM),
    TeamSpec("care-leavers", "Care Leavers", "Children in Care", 0.05, False, _CASE_TEAM),
    TeamSpec("disabled-children", "Disabled Children", "Disabled Children", 0.05, False, _CASE_TEAM),
    TeamSpec(
        "fostering",
        "Fostering",
        "Fostering and Adoption",
        0.05,
        False,
        ((R3, 0.12), (R4, 0.18), (R5, 0.35), (R6, 0.35)),
        "Supervising Social Worker",
    ),
    TeamSpec("adoption", "Adoption", "Fostering and Adoption", 0.03, False, ((R3, 0.12), (R4, 0.18), (R6, 0.70))),
    TeamSpec(
        "independent-reviewing",
        "Independent Reviewing",
        "Quality and Safeguarding",
        0.04,
        False,
        ((R3, 0.12), (R6, 0.88)),
        "Independent Reviewing Officer",
    ),
    TeamSpec(
        "quality-assurance",
        "Quality Assurance",
        "Quality and Safeguarding",
        0.02,
        False,
        ((R4, 0.3), (R6, 0.7)),
        "Quality Assurance Practitioner",
    ),
    TeamSpec(
        "principal-social-worker",
        "Principal Social Worker",
        "Quality and Safeguarding",
        0.01,
        False,
        ((R2, 0.5), (R4, 0.5)),
    ),
)

MANAGER_TITLES = {R1: "Head of Service", R2: "Service Manager", R3: "Team Manager"}
SENIOR_PRACTITIONER_TITLES = ("Senior Social Worker", "Advanced Practitioner")

# Probability a worker in the role holds cases at all (DfE: case holders and most senior practitioners do).
CASE_HOLDING = {R1: 0.0, R2: 0.0, R3: 0.08, R4: 0.85, R5: 1.0, R6: 0.0}
# Cases per FTE relative to the council's average caseload, by role.
CASE_WEIGHT = {R1: 0.2, R2: 0.2, R3: 0.25, R4: 0.85, R5: 1.05, R6: 0.5}

PROMOTION_PER_YEAR = {R5: (R4, 0.10), R4: (R3, 0.06), R3: (R2, 0.03), R2: (R1, 0.03)}
TEAM_MOVE_PER_YEAR = 0.04

INSTITUTIONS = (
    "University of Northgate",
    "Eastbridge University",
    "Westmoor University",
    "University of Southam",
    "Kingsford Metropolitan University",
    "Riverside University",
    "University of Halton Vale",
    "Ashcombe University",
    "Marlow Hill University",
    "University of Cresswell",
    "St Aldric's University College",
    "Brackenfield University",
    "University of the Downs",
    "Harbour City University",
    "Pennine Valley University",
    "Open Learning University",
)
OVERSEAS_INSTITUTIONS = (
    "University of Zimbabwe",
    "University of Lagos",
    "University of Cape Town",
    "Massey University",
)

# Shares of the DfE ethnicity codes (roughly the known-ethnicity mix of child and family social workers, with
# about 11% not known); London councils get a more diverse mix.
ETHNICITY_MIX: tuple[tuple[Ethnicity, float], ...] = (
    (Ethnicity.WBRI, 0.580),
    (Ethnicity.WIRI, 0.015),
    (Ethnicity.WOTH, 0.055),
    (Ethnicity.MWBC, 0.015),
    (Ethnicity.MWBA, 0.008),
    (Ethnicity.MWAS, 0.007),
    (Ethnicity.MOTH, 0.012),
    (Ethnicity.AIND, 0.025),
    (Ethnicity.APKN, 0.020),
    (Ethnicity.ABAN, 0.008),
    (Ethnicity.AOTH, 0.010),
    (Ethnicity.CHNE, 0.003),
    (Ethnicity.BCRB, 0.030),
    (Ethnicity.BAFR, 0.075),
    (Ethnicity.BOTH, 0.010),
    (Ethnicity.OOTH, 0.012),
    (Ethnicity.REFU, 0.030),
    (Ethnicity.NOBT, 0.085),
)
LONDON_ETHNICITY_MIX: tuple[tuple[Ethnicity, float], ...] = (
    (Ethnicity.WBRI, 0.300),
    (Ethnicity.WIRI, 0.020),
    (Ethnicity.WOTH, 0.080),
    (Ethnicity.MWBC, 0.025),
    (Ethnicity.MWBA, 0.012),
    (Ethnicity.MWAS, 0.010),
    (Ethnicity.MOTH, 0.020),
    (Ethnicity.AIND, 0.030),
    (Ethnicity.APKN, 0.015),
    (Ethnicity.ABAN, 0.015),
    (Ethnicity.AOTH, 0.020),
    (Ethnicity.CHNE, 0.005),
    (Ethnicity.BCRB, 0.080),
    (Ethnicity.BAFR, 0.180),
    (Ethnicity.BOTH, 0.025),
    (Ethnicity.OOTH, 0.025),
    (Ethnicity.REFU, 0.040),
    (Ethnicity.NOBT, 0.098),
)

# Where experienced starters come from (newly qualified starters are drawn separately).
EXPERIENCED_ORIGINS: tuple[tuple[StartOrigin, float], ...] = (
    (StartOrigin.OTHER_LA_ENGLAND, 0.38),
    (StartOrigin.AGENCY, 0.16),
    (StartOrigin.OTHER_SW_NON_LA, 0.09),
    (StartOrigin.OUTSIDE_ENGLAND, 0.05),
    (StartOrigin.OTHER_SOCIAL_CARE, 0.08),
    (StartOrigin.NON_SOCIAL_CARE, 0.04),
    (StartOrigin.OTHER, 0.04),
    (StartOrigin.NOT_KNOWN, 0.16),
)

# Why permanent and fixed-term workers leave (retirement is drawn by age, not from here).
LEAVE_REASONS: tuple[tuple[ReasonLeave, float], ...] = (
    (ReasonLeave.RESIGNATION, 0.78),
    (ReasonLeave.VOLUNTARY_REDUNDANCY, 0.01),
    (ReasonLeave.DISMISSED, 0.02),
    (ReasonLeave.MOVED_WITHIN_LA, 0.04),
    (ReasonLeave.OTHER, 0.07),
    (ReasonLeave.NOT_KNOWN, 0.08),
)

# Where resigning workers go; 17% into agency work as in the DfE 2021 attrition release (2.6 of 15.4 points).
RESIGNATION_DESTINATIONS: tuple[tuple[LeaverDestination, float], ...] = (
    (LeaverDestination.OTHER_LA_ENGLAND, 0.29),
    (LeaverDestination.AGENCY, 0.17),
    (LeaverDestination.OTHER_SW_NON_LA, 0.10),
    (LeaverDestination.OUTSIDE_ENGLAND, 0.02),
    (LeaverDestination.OTHER_SOCIAL_CARE, 0.05),
    (LeaverDestination.NON_SOCIAL_CARE, 0.10),
    (LeaverDestination.OTHER, 0.04),
    (LeaverDestination.NOT_KNOWN, 0.23),
)
AGENCY_END_DESTINATIONS: tuple[tuple[LeaverDestination, float], ...] = (
    (LeaverDestination.AGENCY, 0.60),
    (LeaverDestination.OTHER_LA_ENGLAND, 0.08),
    (LeaverDestination.OTHER, 0.05),
    (LeaverDestination.NOT_KNOWN, 0.27),
)

# Agency contract lengths in weeks (mean about 38 weeks, so agency workers churn more than once a year).
AGENCY_CONTRACT_WEEKS = (8, 12, 13, 16, 26, 26, 26, 39, 52, 52, 78, 104)

# FTE of part-time workers: 18.5, 22.2, 25, 30 and 33.3 hours of a 37-hour week.
PART_TIME_FTE = ("0.5", "0.6", "0.675676", "0.8", "0.810811", "0.9")

OTHER_ALLOWANCES = (
    None,
    None,
    "Market supplement for social workers in child protection and assessment teams",
    "Essential car user allowance; professional registration fee paid",
    "Golden hello for experienced social workers, repayable within two years",
    "Weekend duty allowance for emergency duty team cover",
)

# ---- practice and development (synthetic/development.py) -------------------------------------------------------

# The council's grade scale: (grade, rank, job titles that mean it). Practitioners' titles follow it over time:
# "<title> (ASYE)" in the ASYE year, "<title>" on grade 9, "Experienced <title>" on grade 10.
GRADED_PRACTITIONER_TITLES = ("Social Worker", "Supervising Social Worker")
ASYE_TITLE = "{} (ASYE)"
GRADE_10_TITLE = "Experienced {}"
GRADE_SCALE: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("Social worker (ASYE)", 1, tuple(ASYE_TITLE.format(t) for t in GRADED_PRACTITIONER_TITLES)),
    ("Grade 9", 2, GRADED_PRACTITIONER_TITLES),
    ("Grade 10", 3, tuple(GRADE_10_TITLE.format(t) for t in GRADED_PRACTITIONER_TITLES)),
    (
        "Advanced practitioner",
        4,
        (*SENIOR_PRACTITIONER_TITLES, "Independent Reviewing Officer", "Quality Assurance Practitioner"),
    ),
    ("Team manager", 5, ("Team Manager",)),
    ("Service manager", 6, ("Service Manager", "Principal Social Worker")),
    ("Head of service", 7, ("Head of Service",)),
)

# Performance review ratings on the council's own scale, (rating, successful or higher, weight).
REVIEW_RATINGS: tuple[tuple[str, bool, float], ...] = (
    ("Outstanding", True, 0.10),
    ("Exceeds expectations", True, 0.27),
    ("Successful", True, 0.56),
    ("Requires improvement", False, 0.06),
    ("Unsatisfactory", False, 0.01),
)


@dataclass(frozen=True, slots=True)
class CourseSpec:
    key: str
    title: str
    provider: str  # "{university}" is the council's first partner university
    mandatory: bool = False
    validity_months: int | None = None
    post_qualifying: bool = False
    practice_educator: bool = False
    days: int = 1  # from the course date to its completion


COURSES: tuple[CourseSpec, ...] = (
    CourseSpec("safeguarding-l3", "Safeguarding children (level 3)", "Safeguarding Children Partnership", True, 36),
    CourseSpec("data-protection", "Data protection and information security", "Council e-learning", True, 12),
    CourseSpec("equality-diversity", "Equality, diversity and inclusion", "Council e-learning", True, 36),
    CourseSpec("domestic-abuse", "Domestic abuse: risk assessment and MARAC", "Safeguarding Children Partnership"),
    CourseSpec("court-skills", "Court skills and writing for court", "Legal Services"),
    CourseSpec("practice-model", "Relational and restorative practice", "Social Work Academy"),
    CourseSpec("motivational-interviewing", "Motivational interviewing", "Social Work Academy"),
    CourseSpec("exploitation", "Child exploitation and contextual safeguarding", "Social Work Academy"),
    CourseSpec("supervision-skills", "Supervision skills for managers", "Social Work Academy"),
    CourseSpec(
        "pq-child-protection", "Post-qualifying award: child protection", "{university}", post_qualifying=True, days=240
    ),
    CourseSpec(
        "pq-leadership", "Post-qualifying award: leading practice", "{university}", post_qualifying=True, days=300
    ),
    CourseSpec(
        "peps-1",
        "Practice Educator Professional Standards, stage 1",
        "{university}",
        post_qualifying=True,
        practice_educator=True,
        days=150,
    ),
    CourseSpec(
        "peps-2",
        "Practice Educator Professional Standards, stage 2",
        "{university}",
        post_qualifying=True,
        practice_educator=True,
        days=180,
    ),
)
OPTIONAL_COURSES = ("domestic-abuse", "court-skills", "practice-model", "motivational-interviewing", "exploitation")

PLACEMENT_DAY_TARIFF = "20.00"  # pounds per placement day (the education support grant's daily rate)
FIRST_PLACEMENT_DAYS, FINAL_PLACEMENT_DAYS = 70, 100
