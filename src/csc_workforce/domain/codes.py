"""Code lists used by the CSWW census and the workforce records.

Each code list is an enum whose value is the census code and whose ``label`` is the meaning, as in
DfE's CSWW census guide. ``StartOrigin`` and ``LeaverDestination`` look alike but are
shifted by one (no "newly qualified" destination), so they are kept apart on purpose.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Self, cast


class CodeList(str, Enum):  # noqa: UP042 -- members carry a label as well as the code
    """A census code list: ``member.value`` is the code, ``member.label`` its meaning."""

    label: str

    def __new__(cls, code: str, label: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def of(cls, code: str) -> Self:
        """The member for ``code``; ValueError if the code is not in the list."""
        member = cls._value2member_map_.get(code)
        if member is None:
            raise ValueError(f"{code!r} is not a valid {cls.__name__} code")
        return cast(Self, member)

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value for m in cls]

    def __str__(self) -> str:
        return str(self.value)

    def __reduce_ex__(self, proto: Any) -> Any:
        return self.__class__, (self.value,)


class ContractType(CodeList):
    PERMANENT = ("permanent", "Permanent")
    FIXED_TERM = ("fixed_term", "Fixed-term")
    AGENCY = ("agency", "Agency or self-employed (not paid directly by the council)")

    @property
    def is_agency(self) -> bool:
        return self is ContractType.AGENCY


class Sex(CodeList):
    """Recorded sex or gender. Census 2017-2023 used ``GenderCurrent`` (0/1/2/9); 2024 on uses ``Sex`` (M/F)."""

    MALE = ("M", "Male")
    FEMALE = ("F", "Female")
    NOT_KNOWN = ("0", "Not known")
    NOT_SPECIFIED = ("9", "Not specified")


class Ethnicity(CodeList):
    WBRI = ("WBRI", "White British")
    WIRI = ("WIRI", "White Irish")
    WOTH = ("WOTH", "Any other White background")
    MWBC = ("MWBC", "White and Black Caribbean")
    MWBA = ("MWBA", "White and Black African")
    MWAS = ("MWAS", "White and Asian")
    MOTH = ("MOTH", "Any other Mixed background")
    AIND = ("AIND", "Indian")
    APKN = ("APKN", "Pakistani")
    ABAN = ("ABAN", "Bangladeshi")
    AOTH = ("AOTH", "Any other Asian background")
    CHNE = ("CHNE", "Chinese")
    BCRB = ("BCRB", "Black Caribbean")
    BAFR = ("BAFR", "Black African")
    BOTH = ("BOTH", "Any other Black background")
    OOTH = ("OOTH", "Any other ethnic group")
    REFU = ("REFU", "Declared not stated or refused")
    NOBT = ("NOBT", "Information not yet obtained")

    @property
    def major_group(self) -> str:
        """The EES "Ethnicity major" group, or "Not known"."""
        return _MAJOR_GROUPS.get(self.value[0], "Not known") if self.value not in ("REFU", "NOBT") else "Not known"


_MAJOR_GROUPS = {
    "W": "White",
    "M": "Mixed / Multiple ethnic groups",
    "A": "Asian / Asian British",
    "C": "Asian / Asian British",
    "B": "Black / African / Caribbean / Black British",
    "O": "Other ethnic group",
}


class QualLevel(CodeList):
    UNDERGRADUATE = ("1", "Under-graduate")
    POSTGRADUATE = ("2", "Post-graduate")
    OTHER = ("3", "Other")


class OrgRole(CodeList):
    """DfE role within the organisation, 1 (most senior) to 6."""

    SENIOR_MANAGER = ("1", "Senior manager")
    MIDDLE_MANAGER = ("2", "Middle manager")
    FIRST_LINE_MANAGER = ("3", "First line manager")
    SENIOR_PRACTITIONER = ("4", "Senior practitioner")
    CASE_HOLDER = ("5", "Case holder")
    QUALIFIED_WITHOUT_CASES = ("6", "Qualified without cases")

    @property
    def is_manager(self) -> bool:
        return self.value in ("1", "2", "3")


class StartOrigin(CodeList):
    NEWLY_QUALIFIED = ("1", "Newly qualified social worker")
    OTHER_LA_ENGLAND = ("2", "Social worker role in a different local authority in England")
    OUTSIDE_ENGLAND = ("3", "Social worker role outside England")
    AGENCY = ("4", "Agency or consultancy in social work (in England)")
    OTHER_SW_NON_LA = ("5", "Other social work role, non-local authority (in England)")
    OTHER_SOCIAL_CARE = ("6", "Other social care role in a local authority or elsewhere (in England)")
    NON_SOCIAL_CARE = ("7", "Non-social care role, any role outside England, no employment or career break")
    OTHER = ("8", "Other")
    NOT_KNOWN = ("9", "Not known")
    NOT_YET_COLLECTED = ("10", "Not yet collected")


class LeaverDestination(CodeList):
    OTHER_LA_ENGLAND = ("1", "Social worker role in a different local authority in England")
    OUTSIDE_ENGLAND = ("2", "Social worker role outside England")
    AGENCY = ("3", "Agency or consultancy in social work (in England)")
    OTHER_SW_NON_LA = ("4", "Other social work role, non-local authority (in England)")
    OTHER_SOCIAL_CARE = ("5", "Other social care role in a local authority or elsewhere (in England)")
    NON_SOCIAL_CARE = ("6", "Non-social care role, any role outside England, no employment or career break")
    OTHER = ("7", "Other")
    NOT_KNOWN = ("8", "Not known")
    NOT_YET_COLLECTED = ("9", "Not yet collected")


class ReasonLeave(CodeList):
    RESIGNATION = ("1", "Resignation")
    VOLUNTARY_REDUNDANCY = ("2", "Voluntary redundancy")
    COMPULSORY_REDUNDANCY = ("3", "Compulsory redundancy")
    DISMISSED = ("4", "Dismissed")
    RETIRED = ("5", "Retired")
    DECEASED = ("6", "Deceased")
    MOVED_WITHIN_LA = ("7", "Moved to a non-child and family social work role within the council")
    OTHER = ("8", "Other")
    NOT_KNOWN = ("9", "Not known")
    NOT_YET_COLLECTED = ("10", "Not yet collected")


class AbsenceReason(CodeList):
    MATERNITY_PATERNITY = ("MAT", "Maternity or paternity leave")
    OTHER_PAID = ("OTH", "Other paid authorised absence")
    PUBLIC_DUTIES = ("PUB", "Paid absence for public duties")
    SICKNESS = ("SIC", "Sick leave")
    TRAINING = ("TRN", "Training")
    UNAUTHORISED = ("UNA", "Unauthorised absence")
    UNPAID = ("UNP", "Unpaid authorised absence")


class SicknessCause(CodeList):
    """What a sickness absence was for, in the broad groups councils' HR systems report (the council's own list
    maps onto these through its mapping's translations)."""

    STRESS = ("stress", "Stress, anxiety, depression and other mental health")
    MUSCULOSKELETAL = ("musculoskeletal", "Back, neck and other musculoskeletal problems")
    INFECTIONS = ("infections", "Colds, flu, COVID-19 and other infections")
    RESPIRATORY = ("respiratory", "Chest and respiratory problems")
    DIGESTIVE = ("digestive", "Stomach, liver, kidney and digestion")
    CANCER = ("cancer", "Cancer")
    HEART = ("heart", "Heart, blood pressure and circulation")
    NEUROLOGICAL = ("neurological", "Headache, migraine and neurological problems")
    INJURY = ("injury", "Injury and fracture")
    SURGERY = ("surgery", "Operation and recovery")
    PREGNANCY = ("pregnancy", "Pregnancy related (not maternity leave)")
    OTHER = ("other", "Other known cause")
    NOT_KNOWN = ("not_known", "Not known or not given")


class PracticeIndicator(CodeList):
    """An indicator the case-management system computes each month, uploaded as its numerator and denominator
    (a count alone for compliments and complaints)."""

    ASSESSMENTS_45_DAYS = ("assessments_45_days", "Assessments completed within 45 working days")
    CP_LAC_VISITS = ("cp_lac_visits", "Child protection and looked-after visits in timescale")
    IRO_MIDWAY_VISITS = ("iro_midway_visits", "IRO mid-way visits")
    COMPLIMENTS = ("compliments", "Compliments received")
    COMPLAINTS = ("complaints", "Complaints received")


class AuditGrade(CodeList):
    """A case audit's overall judgement, on Ofsted's four-point scale."""

    OUTSTANDING = ("outstanding", "Outstanding")
    GOOD = ("good", "Good")
    REQUIRES_IMPROVEMENT = ("requires_improvement", "Requires improvement")
    INADEQUATE = ("inadequate", "Inadequate")


class AuditElement(CodeList):
    """An element of a case audit graded on its own (on the overall grade's scale, :class:`AuditGrade`): the
    elements councils' audit tools most often grade (Slough's target on contact with the child among them). A
    council's own names for them are header aliases of the audits file (``importers.kinds.AUDITS``)."""

    CONTACT = ("contact", "Contact with the child")
    VOICE = ("voice", "Voice of the child")
    OVERSIGHT = ("oversight", "Management oversight")
    PLANNING = ("planning", "Planning")
    RISK = ("risk", "Risk assessment")


class HRCaseKind(CodeList):
    """What a formal HR case is about, as councils report their open casework."""

    ABSENCE = ("absence", "Attendance or sickness absence management")
    CONDUCT = ("conduct", "Conduct or disciplinary")
    CAPABILITY = ("capability", "Capability or performance")
    GRIEVANCE = ("grievance", "Grievance")
    DIGNITY = ("dignity", "Bullying, harassment or dignity at work")
    OTHER = ("other", "Another kind of case")


class ActionStatus(CodeList):
    """Where an action of a strategy's action plan stands, as its owner or the plan's lead reports it (the
    council's own words, "Complete", "In progress", "Delayed", come in through translations)."""

    NOT_STARTED = ("not_started", "Not started")
    ON_TRACK = ("on_track", "On track")
    AT_RISK = ("at_risk", "At risk")
    OFF_TRACK = ("off_track", "Off track")
    DONE = ("done", "Done")


class CFKSSStatus(CodeList):
    ASYE = ("1", "Assessed and supported year in employment (ASYE)")
    FRONTLINE_PRACTITIONER = ("2", "Frontline practitioner")
    PRACTICE_SUPERVISOR = ("3", "Practice supervisor")
    PRACTICE_LEADER = ("4", "Practice leader")


class Eligibility(CodeList):
    """2025 LA-level pay flags: are the council's social workers eligible for this payment?"""

    NO = ("0", "No")
    ALL = ("1", "Yes, all council-employed social workers")
    SOME = ("2", "Yes, some council-employed social workers")


ELIGIBILITY_ITEMS: tuple[str, ...] = (
    "RecruitmentBonus",
    "RetentionBonus",
    "PerformanceAward",
    "CarAllowance",
    "RelocationPackage",
    "RegionalWeighting",
    "CostSWE",
    "CostDBS",
)


# Practice and development records (supervision, training, programmes, student placements): the project's own
# code lists, not the census's. The value is what a file, the database and the API hold.


class SupervisionKind(CodeList):
    ONE_TO_ONE = ("one_to_one", "One-to-one supervision")
    GROUP = ("group", "Group supervision")
    REFLECTIVE = ("reflective", "Reflective (case discussion or practice) supervision")
    PRACTICE_EDUCATOR = ("practice_educator", "Supervision with a practice educator")


class WorkerGroup(CodeList):
    """Who a line of the supervision policy applies to."""

    NQSW = ("nqsw", "Newly qualified social workers (from the start of their ASYE)")
    ALL = ("all", "Everyone else")


class TrainingStatus(CodeList):
    BOOKED = ("booked", "Booked")
    ATTENDED = ("attended", "Attended, not yet completed")
    COMPLETED = ("completed", "Completed")
    DID_NOT_ATTEND = ("did_not_attend", "Did not attend")
    CANCELLED = ("cancelled", "Cancelled")


class Programme(CodeList):
    ASYE = ("asye", "Assessed and Supported Year in Employment (ASYE)")
    STEP_UP = ("step_up", "Step Up to Social Work")
    FRONTLINE = ("frontline", "Frontline")
    APPRENTICESHIP = ("apprenticeship", "Social work degree apprenticeship ('grow your own')")
    ASPIRANT_MANAGER = ("aspirant_manager", "Aspirant manager or leadership development scheme")
    NAAS = ("naas", "National Assessment and Accreditation System (NAAS)")
    OTHER = ("other", "Another named programme")


class ProgrammeOutcome(CodeList):
    ONGOING = ("ongoing", "Ongoing")
    PASSED = ("passed", "Passed or completed")
    EXTENDED = ("extended", "Extended")
    FAILED = ("failed", "Failed")
    LEFT = ("left", "Left before the end")


class PlacementOutcome(CodeList):
    ONGOING = ("ongoing", "Ongoing")
    PASSED = ("passed", "Passed")
    FAILED = ("failed", "Failed")
    WITHDRAWN = ("withdrawn", "Withdrawn or ended early")


# Staff voice (issue 12): exit and retention interviews, and staff survey waves.


class InterviewKind(CodeList):
    """An exit interview (a leaver's) or a retention interview (a stayer's: why they stay, what would make them
    go)."""

    EXIT = ("exit", "Exit interview")
    RETENTION = ("retention", "Retention (stay) interview")


class VoiceTheme(CodeList):
    """A theme an exit or retention interview is coded against: the common themes councils report (Slough:
    insufficient support and supervision, workloads too high, no career path). A council's own theme names map
    onto these through its mapping's translations."""

    WORKLOAD = ("workload", "Workload and caseloads")
    SUPERVISION = ("supervision", "Supervision and support")
    MANAGEMENT = ("management", "Management and leadership")
    CAREER = ("career", "Career progression and development")
    PAY = ("pay", "Pay and conditions")
    TRAVEL = ("travel", "Travel and location")
    FLEXIBLE = ("flexible", "Flexible working")
    WELLBEING = ("wellbeing", "Wellbeing and stress")
    CULTURE = ("culture", "Culture and team")
    PERSONAL = ("personal", "Personal or family reasons")
    RETIREMENT = ("retirement", "Retirement")
    RELOCATION = ("relocation", "Relocation (moving away)")
    OTHER = ("other", "Another theme")


class AnswerOption(CodeList):
    """An answer to a staff survey question, and whether it agrees (strongly agree, agree, yes), disagrees (disagree,
    strongly disagree, no) or neither (neither agree nor disagree, don't know). Not applicable is not an answer to
    the question: it is left out of those answering."""

    STRONGLY_AGREE = ("strongly_agree", "Strongly agree")
    AGREE = ("agree", "Agree")
    NEUTRAL = ("neutral", "Neither agree nor disagree")
    DISAGREE = ("disagree", "Disagree")
    STRONGLY_DISAGREE = ("strongly_disagree", "Strongly disagree")
    YES = ("yes", "Yes")
    NO = ("no", "No")
    DONT_KNOW = ("dont_know", "Don't know")
    NOT_APPLICABLE = ("not_applicable", "Not applicable")

    @property
    def answers(self) -> bool:
        """An answer to the question: every option but not applicable."""
        return self is not AnswerOption.NOT_APPLICABLE

    @property
    def agreeing(self) -> bool:
        return self in (AnswerOption.STRONGLY_AGREE, AnswerOption.AGREE, AnswerOption.YES)

    @property
    def disagreeing(self) -> bool:
        return self in (AnswerOption.DISAGREE, AnswerOption.STRONGLY_DISAGREE, AnswerOption.NO)


class AgencyRule(CodeList):
    """The rule of DfE's statutory guidance on agency child and family social workers (in force for new
    assignments from 31 October 2024) an agency placement falls under: the standard rules, a recorded exception
    (the guidance allows departures in exceptional circumstances, recorded and signed off), or a project team
    (a managed or packaged team, which the guidance says councils should not use)."""

    STANDARD = ("standard", "Standard: the national agency rules apply")
    EXCEPTION = ("exception", "A recorded exception to the rules")
    PROJECT_TEAM = ("project_team", "Project team or packaged model (not allowed by the guidance)")


class CapBasis(CodeList):
    """Which hourly rate a price cap limits: the worker's pay rate (with whatever on-costs the region's cap
    includes) or the charge rate the council pays the supplier."""

    PAY = ("pay", "Pay rate")
    CHARGE = ("charge", "Charge rate")


class RecruitmentChannel(CodeList):
    """Where a post was advertised, and how an applicant heard of it (the council's own names through the
    built-in translations and the mapping's)."""

    COUNCIL_WEBSITE = ("council_website", "The council's website or careers site")
    JOB_BOARD = ("job_board", "A job board (Indeed, Guardian Jobs, Community Care and the like)")
    SOCIAL_MEDIA = ("social_media", "Social media (LinkedIn, Facebook, X and the like)")
    REFERRAL = ("referral", "Referred by someone who works here, or word of mouth")
    AGENCY = ("agency", "A recruitment agency")
    UNIVERSITY = ("university", "A university, student placement or training programme")
    EVENT = ("event", "A recruitment event or careers fair")
    PRESS = ("press", "Newspaper or professional press")
    INTERNAL = ("internal", "Internal advert or intranet")
    OTHER = ("other", "Another channel")
    NOT_KNOWN = ("not_known", "Not known or not given")


class RecruitmentRoute(CodeList):
    """The route an applicant came by."""

    EXPERIENCED = ("experienced", "Experienced social worker")
    NEWLY_QUALIFIED = ("newly_qualified", "Newly qualified (NQSW, into the ASYE)")
    AGENCY_TO_PERMANENT = ("agency_to_permanent", "Agency worker moving to a permanent post")
    INTERNAL = ("internal", "Internal move or promotion")


class RecruitmentCost(CodeList):
    """What a campaign's cost was for."""

    ADVERTISING = ("advertising", "Advertising")
    AGENCY_FEE = ("agency_fee", "Agency finder's fee")
    PRINTING = ("printing", "Printing and materials")
    EVENT = ("event", "Recruitment events")
    OTHER = ("other", "Other recruitment cost")


class ApplicationOutcome(CodeList):
    """How an application that did not end in a start ended."""

    WITHDRAWN = ("withdrawn", "Withdrawn by the applicant (an offer declined included)")
    REJECTED = ("rejected", "Not taken forward by the council")


class ApplicationStage(CodeList):
    """The last step a withdrawn or rejected application reached, in the order they come (none of a later
    step's dates may be given with it)."""

    SIFT = ("sift", "Applied, not shortlisted")
    SHORTLIST = ("shortlist", "Shortlisted, not interviewed")
    INTERVIEW = ("interview", "Interviewed, not offered")
    OFFER = ("offer", "Offered, the offer not accepted")
    CHECKS = ("checks", "Offer accepted, did not start (pre-employment checks)")


class ApplyReason(CodeList):
    """Why an applicant applied, as a council's application form or new starter questionnaire asks (Slough:
    opportunities, place, development, the advert, terms and conditions); the council's own list through
    translations. An application may give several."""

    CAREER = ("career", "Career opportunities and progression")
    DEVELOPMENT = ("development", "Learning, training and development")
    PLACE = ("place", "The council or the area's reputation")
    LOCATION = ("location", "Location and travel")
    PAY = ("pay", "Pay, terms and conditions")
    FLEXIBLE = ("flexible", "Flexible or hybrid working")
    CASELOADS = ("caseloads", "Manageable caseloads")
    PRACTICE = ("practice", "Practice model, culture or support")
    ADVERT = ("advert", "The advert or campaign")
    OTHER = ("other", "Another reason")
