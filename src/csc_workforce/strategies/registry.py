"""Which measure ids a strategy may name, with the title and unit used in sentences.

The registry is a plain ``Mapping[str, MeasureInfo]`` passed to the loader and to :func:`evaluate`, so the
measure catalogue can supply its own declarations later. :data:`KNOWN_MEASURES` holds the 22 DfE measures
(titles and units from ``measures.catalogue``), ``permanency_rate_fte`` and the local ids the seed strategies
use, listed in ``docs/strategies.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from csc_workforce.measures.catalogue import MEASURES, Unit

PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    id: str
    title: str
    unit: str  # "percent" prints as "89.7%"; any other unit prints after the number ("16.0 cases per FTE")
    qualitative: bool = False  # survey themes, free text: never computed as a number


PERMANENCY = MeasureInfo("permanency_rate_fte", "Permanency rate – FTE", PERCENT)

# Local measures named by the seed strategies (id, title, unit); qualitative ones are marked.
_LOCAL: tuple[tuple[str, str, str], ...] = (
    ("retention_rate", "Retention rate", PERCENT),
    ("length_of_service_under_5_years_rate", "Social workers with under 5 years' service", PERCENT),
    ("training_completion_rate", "Training take-up and completion", PERCENT),
    ("supervision_on_time_rate", "Supervision completed on time", PERCENT),
    ("agency_placements_count", "Agency worker placements in the year", "placements"),
    ("agency_hourly_pay_rate", "Average agency hourly pay rate", "pounds an hour"),
    ("bme_rate", "Social workers from Black and Minority Ethnic backgrounds", PERCENT),
    ("bme_team_manager_rate", "Team managers from Black and Minority Ethnic backgrounds", PERCENT),
    ("asye_completions_count", "Newly qualified social workers completing the ASYE", "social workers"),
    ("student_placements_count", "Social work student placements", "students"),
    ("permanency_rate_managers", "Permanent social work managers", PERCENT),
    ("agency_over_12_months_rate", "Agency social workers with the council over 12 months", PERCENT),
    ("turnover_rate_frontline", "Turnover of frontline social workers", PERCENT),
    ("sickness_days_lost_per_person", "Sickness days lost per person", "days"),
    ("open_hr_cases_count", "Open HR cases (absence, conduct, performance)", "cases"),
    ("performance_reviews_on_time_rate", "Staff performance reviews within timescale", PERCENT),
    ("performance_rating_successful_rate", "Staff rated successful or higher", PERCENT),
    ("supervision_compliance_rate", "Monthly supervision compliance", PERCENT),
    ("health_check_supervised_rate", "Health check: received dedicated supervision", PERCENT),
    ("health_check_listened_to_rate", "Health check: feel listened to by their manager", PERCENT),
    ("health_check_practice_standards_rate", "Health check: find the Practice Standards useful", PERCENT),
    ("health_check_valued_rate", "Health check: feel valued in work", PERCENT),
    ("asye_cohort_count", "Newly qualified social workers through the ASYE since 2017", "social workers"),
    ("recruitment_advertising_cost", "Advertising, agency and printing costs of recruitment", "pounds"),
    ("recruitment_turnover_cost", "Cost of recruitment and staff turnover", "pounds"),
    ("agency_in_permanent_posts_count", "Agency workers occupying permanent posts", "workers"),
    ("caseload_max", "Maximum social worker caseload", "children"),
    ("children_social_worker_changes", "Changes of social worker per child", "changes"),
    ("compliments_to_complaints_ratio", "Compliments for each complaint", "compliments per complaint"),
    ("audits_good_or_outstanding_count", "Audits judged good or outstanding", "audits"),
    ("asye_to_grade9_count", "ASYE social workers progressing to grade 9", "social workers"),
    (
        "grade9_progression_count",
        "Grade 9 social workers progressing to grade 10 or advanced practitioner",
        "social workers",
    ),
    ("aspirant_manager_count", "Social workers on the aspirant manager scheme", "social workers"),
    ("internal_promotions_count", "Internal promotions", "promotions"),
    ("casework_audit_good_rate", "Audited casework judged good or better", PERCENT),
    ("casework_audit_inadequate_rate", "Audited casework judged inadequate", PERCENT),
    ("casework_audit_contact_good_rate", "Contact element of audited casework judged good or better", PERCENT),
    ("assessments_within_45_days_rate", "Assessments completed within 45 days", PERCENT),
    ("cp_lac_visits_in_timescale_rate", "Child protection and looked-after children visits in timescale", PERCENT),
    ("students_count", "Social work students in the year", "students"),
    ("nqsw_student_average_caseload", "Average caseload of newly qualified social workers and students", "children"),
    ("nqsw_protected_development_time_rate", "Protected development time for newly qualified social workers", PERCENT),
    ("children_max_three_social_workers_rate", "Children with at most 3 social workers", PERCENT),
    ("iro_midway_visit_rate", "Children with an IRO mid-way review visit", PERCENT),
)
_QUALITATIVE: tuple[tuple[str, str], ...] = (
    ("leaver_reasons", "Reasons staff left (exit and retention interviews)"),
    ("new_recruit_reasons", "Reasons new recruits applied"),
    ("health_check_survey", "Social work health check survey"),
    ("staff_feedback", "Staff feedback (practitioner forums, exit interviews)"),
    ("family_feedback", "Feedback from children, young people and families"),
)


def _dfe() -> dict[str, MeasureInfo]:
    units = {Unit.PERCENT: PERCENT}
    return {m.id: MeasureInfo(m.id, m.title, units.get(m.unit, str(m.unit))) for m in MEASURES}


def _build() -> Mapping[str, MeasureInfo]:
    known = _dfe()
    known[PERMANENCY.id] = PERMANENCY
    known.update({i: MeasureInfo(i, t, u) for i, t, u in _LOCAL})
    known.update({i: MeasureInfo(i, t, "text", qualitative=True) for i, t in _QUALITATIVE})
    return MappingProxyType(known)


KNOWN_MEASURES: Mapping[str, MeasureInfo] = _build()
LOCAL_MEASURE_IDS: tuple[str, ...] = tuple(i for i, _, _ in _LOCAL) + tuple(i for i, _ in _QUALITATIVE)


def info(measure: str, registry: Mapping[str, MeasureInfo] | None = None) -> MeasureInfo:
    """The registry's entry, or a plain one (title = id, unit unknown) for an id it does not know."""
    found = (registry or KNOWN_MEASURES).get(measure)
    return found if found is not None else MeasureInfo(measure, measure.replace("_", " ").capitalize(), "")
