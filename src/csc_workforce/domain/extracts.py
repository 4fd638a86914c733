"""The kinds of extract the importers read (:class:`Kind`) and those whose files may state the date their data is
complete from: names only.

Kept in the domain, on the standard library alone, so that the command line's help (which every command builds)
can list the kinds without loading the importers; ``importers/kinds.py``, which gives each kind its fields, takes
both from here.
"""

from __future__ import annotations

from enum import StrEnum


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
    ALLOCATIONS = "allocations"
    INTERVIEWS = "interviews"
    SURVEY_WAVES = "survey_waves"
    SURVEY_ANSWERS = "survey_answers"
    # agency placements and costs (issue 12), and the price caps the council or its region loads
    AGENCY_PLACEMENTS = "agency_placements"
    AGENCY_COSTS = "agency_costs"
    AGENCY_CAPS = "agency_caps"
    CAMPAIGNS = "campaigns"
    APPLICATIONS = "applications"
    # a strategy's action plan (issue 13): its actions and their dated updates
    ACTIONS = "actions"
    ACTION_UPDATES = "action_updates"


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
    Kind.ALLOCATIONS,
    Kind.INTERVIEWS,
    Kind.AGENCY_PLACEMENTS,
    Kind.AGENCY_COSTS,
    Kind.CAMPAIGNS,
    Kind.APPLICATIONS,
)
