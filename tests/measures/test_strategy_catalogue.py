"""The strategy measure catalogue names every measure the seed strategies name (the list copied in
tests/fixtures/seed-strategies-measures.md), once, and the committed docs/strategy-measures.md is generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.measures.catalogue import MEASURE_IDS as DFE_IDS
from csc_workforce.measures.catalogue import DateBasis as Basis
from csc_workforce.measures.catalogue import Measure, Status, Strategy
from csc_workforce.measures.compute import compute_measures
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.strategy_catalogue import (
    LOCAL_COMPUTED_IDS,
    NEEDS_DATA_IDS,
    STRATEGY_BY_ID,
    STRATEGY_MEASURE_IDS,
    STRATEGY_MEASURES,
    measures_for_strategy,
    render_strategy_markdown,
)

DOC = Path(__file__).parents[2] / "docs" / "strategy-measures.md"
SEED_LIST = Path(__file__).parents[1] / "fixtures" / "seed-strategies-measures.md"

# Derived from tests/fixtures/seed-strategies-measures.md, bullet by bullet, in order: the bullet -> the ids
# that cover it.
EXPECTED_BY_SECTION: dict[str, tuple[str, ...]] = {
    # Workforce profile
    "establishment by team/service area and role": (
        "establishment_fte",
        "establishment_frontline_fte",
        "establishment_by_team_and_role",
    ),
    "in post by contract type, vacancies, by section": (
        "inpost_fte",
        "agency_fte",
        "vacancy_fte",
        "vacancies_by_team",
        "establishment_vacant_fte",
    ),
    "permanency %, % posts held by agency, vacancies not covered": (
        "permanency_rate_fte",
        "permanency_rate_frontline_fte",
        "permanency_rate_managers_fte",
        "agency_rate_fte",
        "vacancies_uncovered_fte",
    ),
    "agency workers": (
        "agency_headcount",
        "agency_over_12_months_pct",
        "agency_placements",
        "agency_spend",
        "agency_pay_rate_vs_cap",
        "agency_in_vacant_posts_fte",
        # issue 12: the agency placements, costs and price caps (Lewisham, Dudley; DfE's statutory guidance)
        "agency_spend_by_month",
        "agency_spend_by_grade",
        "agency_spend_by_team",
        "agency_rates_by_grade",
        "agency_placements_against_caps",
        "agency_over_cap_pct",
        "agency_in_funded_posts",
        "agency_conversions_recorded",
        "agency_pqe_met_pct",
        "agency_references_pct",
        "agency_no_project_team_pct",
    ),
    "diversity": (
        "age_profile",
        "male_pct",
        "male_managers_pct",
        "ethnic_minority_pct",
        "ethnic_minority_managers_pct",
        "ethnicity_against_reference",
    ),
    "stability": ("service_under_2_years_pct", "service_under_5_years_pct"),
    # Flows
    "turnover and retention": (
        "turnover_rate_fte",
        "turnover_rate_12m_fte",
        "turnover_rate_frontline_12m_fte",
        "retention_rate",
    ),
    "leavers by reason, exit interviews": (
        "leavers_by_reason",
        "leavers_resignation_pct",
        "leavers_to_agency_pct",
        "exit_interview_themes",
    ),
    "starters by route": (
        "starters_by_route",
        "nq_starters",
        "nq_starters_pct",
        "agency_to_permanent_conversions",
        "step_up_frontline_starters",
        "apprenticeship_starters",
    ),
    "recruitment": (
        "recruitment_applications",
        "recruitment_source_channel",
        "offer_to_dbs_clearance_days",
        "recruitment_cost",
        "recruitment_and_turnover_cost",
    ),
    "student placements": (
        "student_placements",
        "students_per_year",
        "placement_funnel",
        "placement_conversion_pct",
        "placement_income",
        "placement_income_by_year",
    ),
    "ASYE": (
        "asye_starts",
        "asye_completions",
        "asye_pass_pct",
        "asye_retention_1y_pct",
        "asye_retention_2y_pct",
        "asye_retention_3y_pct",
        "asye_cohorts",
        "nq_starters_retained_pct",
        "career_progression",
        "internal_promotions",
        "aspirant_manager_scheme",
        "progression_steps",
        "months_to_grade",
        "appointments_by_grade",
    ),
    # Practice conditions
    "caseloads": (
        "caseload_fte",
        "caseload_average_per_worker",
        "caseload_max",
        "caseload_team_spread",
        "caseload_weighted",
        "caseload_weighted_max",
        "caseload_asye_max",
        "asye_over_protected_caseload",
        "asye_caseloads",
    ),
    "protected development time": ("protected_development_time",),
    "supervision": ("supervision_on_time_pct", "workers_supervised_last_month_pct", "supervision_by_team"),
    "performance reviews": (
        "appraisals_in_timescale_pct",
        "appraisal_rating_successful_pct",
        "appraisal_objectives_set_pct",
        "reviews_by_team",
    ),
    "sickness and HR cases": (
        "absence_rate_fte",
        "working_days_lost_fte",
        "sickness_days_per_fte",
        "sickness_long_term_days",
        "sickness_short_term_days",
        "sickness_long_term_pct",
        "sickness_by_cause",
        "open_hr_cases",
    ),
    "training": (
        "training_take_up_pct",
        "training_completion_pct",
        "mandatory_training_completion_pct",
        "mandatory_training_in_date_pct",
        "post_qualifying_completions",
        "practice_educator_awards",
        "training_by_course",
        "training_by_team",
    ),
    "practice quality": (
        "audits_good_or_better_pct",
        "audits_inadequate_pct",
        "assessments_within_45_days_pct",
        "cp_lac_visits_in_timescale_pct",
        "iro_midway_visits_pct",
        "children_max_3_social_workers_pct",
        "compliments_vs_complaints",
    ),
    "staff voice": (
        "health_check_survey",
        "standards_for_employers_rank",
        "reasons_for_joining",
        "staff_feedback_themes",
        "family_feedback",
    ),
}
EXPECTED_IDS = {i for ids in EXPECTED_BY_SECTION.values() for i in ids}

NEEDS_DATA_KINDS = (
    "Standards for Employers self-assessment",
    "practitioner forum's action log",
    "children's and families' feedback",
)


def test_docs_strategy_measures_md_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_strategy_markdown(), (
        "docs/strategy-measures.md is out of date: run "
        "python -c 'from csc_workforce.measures.strategy_catalogue import render_strategy_markdown; "
        'open("docs/strategy-measures.md", "w").write(render_strategy_markdown())\''
    )


def seed_list_bullets() -> list[str]:
    """The bullets of the copied list, each joined onto one line."""
    bullets: list[str] = []
    for line in SEED_LIST.read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            bullets.append(line[2:])
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
    return bullets


def test_each_bullet_of_the_seed_list_has_its_entry_in_order() -> None:
    bullets = seed_list_bullets()
    assert len(bullets) == len(EXPECTED_BY_SECTION) == 20
    for bullet, section in zip(bullets, EXPECTED_BY_SECTION, strict=True):
        assert section.split()[0].lower() in bullet.lower(), (section, bullet)


@pytest.mark.parametrize("section", sorted(EXPECTED_BY_SECTION))
def test_every_measure_in_seed_strategies_md_is_declared(section: str) -> None:
    missing = [i for i in EXPECTED_BY_SECTION[section] if i not in STRATEGY_BY_ID]
    assert not missing, f"{section}: {missing}"


def test_every_declared_measure_is_accounted_for_and_declared_once() -> None:
    assert len(STRATEGY_MEASURE_IDS) == len(set(STRATEGY_MEASURE_IDS))
    extra = set(STRATEGY_MEASURE_IDS) - EXPECTED_IDS - set(DFE_IDS)
    assert not extra, f"declared but not derived from the seed list: {sorted(extra)}"


def test_the_22_dfe_indicators_are_declared_once_and_follow_dfe() -> None:
    dfe = [m for m in STRATEGY_MEASURES if m.dfe]
    assert [m.id for m in dfe] == list(DFE_IDS)
    assert all(m.source == "DfE CSWW indicators" and m.computed_by is compute_measures for m in dfe)
    assert all(not m.dfe and m.source == "council records" for m in STRATEGY_MEASURES if m not in dfe)


def test_ids_are_stable_snake_case() -> None:
    for m in STRATEGY_MEASURES:
        assert m.id == m.id.lower() and " " not in m.id and m.id.replace("_", "").isalnum()


def test_needs_data_measures_name_the_missing_data_and_cover_every_kind() -> None:
    needs = [STRATEGY_BY_ID[i].needs for i in NEEDS_DATA_IDS]
    assert all(needs)
    for kind in NEEDS_DATA_KINDS:
        assert any(kind in text for text in needs), kind


def test_computed_measures_name_their_function() -> None:
    for m in STRATEGY_MEASURES:
        assert (m.status is Status.COMPUTED) == callable(m.computed_by)
        assert m.definition and m.title and m.formula, m.id
    local = [m.id for m in STRATEGY_MEASURES if m.computed_by is local_measures]
    assert tuple(local) == LOCAL_COMPUTED_IDS
    assert STRATEGY_BY_ID["vacancies_by_team"].computed_by_name == "local.vacancies_by_team"


def test_declaration_rejects_needs_data_without_needs() -> None:
    with pytest.raises(ValueError, match="says what data it needs"):
        Measure("x", "X", "", "", "", STRATEGY_MEASURES[0].unit, None, Basis.AS_AT, 1, strategies=(Strategy.DUDLEY,))
    with pytest.raises(ValueError, match="not both"):
        Measure(
            "x",
            "X",
            "",
            "",
            "",
            STRATEGY_MEASURES[0].unit,
            None,
            Basis.AS_AT,
            1,
            strategies=(Strategy.DUDLEY,),
            computed_by=local_measures,
            needs="data",
        )


def test_every_strategy_names_measures_and_key_attributions_hold() -> None:
    for strategy in Strategy:
        assert measures_for_strategy(strategy)
    assert Strategy.WORCESTERSHIRE in STRATEGY_BY_ID["agency_over_12_months_pct"].strategies
    assert Strategy.SLOUGH in STRATEGY_BY_ID["caseload_weighted"].strategies
    assert Strategy.BEXLEY in STRATEGY_BY_ID["retention_rate"].strategies
    assert Strategy.DUDLEY in STRATEGY_BY_ID["agency_in_vacant_posts_fte"].strategies
    assert Strategy.LEWISHAM in STRATEGY_BY_ID["ethnicity_against_reference"].strategies


def test_rolling_measures_say_so() -> None:
    assert STRATEGY_BY_ID["turnover_rate_12m_fte"].date_basis is Basis.ROLLING_12_MONTHS
    assert STRATEGY_BY_ID["permanency_rate_fte"].date_basis is Basis.AS_AT
    assert STRATEGY_BY_ID["turnover_rate_fte"].date_basis is Basis.YEAR_TO
