"""The practice and development figures withheld from viewers (measures.disclosure.development_withheld): the
rule on hand-made counts, and the counts read from the modules' own tables for hand-built councils."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from csc_workforce.measures.agency import AGENCY_MEASURE_IDS
from csc_workforce.measures.allocations import ALLOCATION_MEASURE_IDS
from csc_workforce.measures.audits import AUDIT_MEASURE_IDS
from csc_workforce.measures.disclosure import (
    DEVELOPMENT_FIGURES,
    SHOWN_TO_EVERY_ROLE,
    development_counts,
    development_withheld,
    local_withheld_ids,
    withhold_development,
)
from csc_workforce.measures.hr_cases import HR_MEASURE_IDS
from csc_workforce.measures.indicators import INDICATOR_MEASURE_IDS
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.placements import PLACEMENT_MEASURE_IDS
from csc_workforce.measures.programmes import ASYE_MEASURE_IDS
from csc_workforce.measures.progression import PROGRESSION_MEASURE_IDS
from csc_workforce.measures.recruitment import RECRUITMENT_MEASURE_IDS
from csc_workforce.measures.supervision import SUPERVISION_MEASURE_IDS
from csc_workforce.measures.training import TRAINING_MEASURE_IDS
from tests.measures.test_supervision import D, P, emptyford, policyton, quietham, supervshire

DEVELOPMENT_IDS = {
    *SUPERVISION_MEASURE_IDS,
    *TRAINING_MEASURE_IDS,
    *ASYE_MEASURE_IDS,
    *PROGRESSION_MEASURE_IDS,
    *PLACEMENT_MEASURE_IDS,
    *HR_MEASURE_IDS,
    *AUDIT_MEASURE_IDS,
    *INDICATOR_MEASURE_IDS,
    *ALLOCATION_MEASURE_IDS,
    *AGENCY_MEASURE_IDS,
    *RECRUITMENT_MEASURE_IDS,
}
COLUMNS = sorted({c for _, *columns in DEVELOPMENT_FIGURES.values() for c in columns})


def test_every_development_figure_is_checked_but_money_which_is_shown() -> None:
    money = {"placement_income", "recruitment_cost", "recruitment_and_turnover_cost"}
    assert set(DEVELOPMENT_FIGURES) == DEVELOPMENT_IDS - money
    assert money <= SHOWN_TO_EVERY_ROLE
    assert {kind for kind, *_ in DEVELOPMENT_FIGURES.values()} == {"count", "rate", "part", "mean"}
    # checked: shown unless development_withheld names them (before, every one of them was withheld)
    assert local_withheld_ids(DEVELOPMENT_IDS, rates_withheld=[]) == frozenset()
    assert local_withheld_ids(DEVELOPMENT_IDS, rates_withheld=["asye_starts"]) == {"asye_starts"}


def _counts(**rows: dict[str, Any]) -> pl.DataFrame:
    """One row per council (la_code: counts), every column of ``DEVELOPMENT_FIGURES`` null unless given."""
    records = [{"la_code": la, **dict.fromkeys(COLUMNS), **given} for la, given in rows.items()]
    return pl.DataFrame(records, schema={"la_code": pl.String, **dict.fromkeys(COLUMNS, pl.Int64)})


def test_the_rule_withholds_small_counts_and_rates_whose_part_or_rest_is_small() -> None:
    counts = _counts(
        A={
            "supervision_met": 139,  # of 144: 5 missed -> shown
            "supervision_due": 144,
            "last_month_supervised": 13,  # of 13: 0 not supervised -> shown (0 says nothing)
            "last_month_workers": 13,
            "reviews_on_time": 97,  # of 100: the 3 late could be told -> withheld
            "reviews_due": 100,
            "reviews_successful": 4,  # 4 of 60 -> withheld
            "reviews_rated": 60,
            "reviews_objectives_set": 3,  # of 3: the denominator is 3 -> withheld
            "reviews_objectives_known": 3,
            "asye_starts": 3,  # a count of 3 -> withheld
            "asye_completions": 0,  # 0 is shown; the pass rate over none is null, nothing to withhold
            "asye_final_outcomes": 0,
            "career_progression": 12,  # shown
            "internal_promotions": 9,  # of the 12 steps: the 3 other steps could be told -> withheld
            "protected_time_spells": 4,  # a mean over 4 people -> withheld
            "students_per_year": 5,  # shown
            "eligible_appointed": 2,  # 2 of 6 -> withheld
            "eligible_for_nqsw": 6,
            "mandatory_in_date": 50,  # of 50 -> shown
            "mandatory_pairs": 50,
            "asye_retention_1y_kept": 4,  # 4 of 10 -> withheld
            "asye_retention_1y_cohort": 10,
            "asye_retention_2y_kept": 6,  # 6 of 10: the 4 who left -> withheld
            "asye_retention_2y_cohort": 10,
            "asye_retention_3y_kept": 5,  # 5 of 10 -> shown
            "asye_retention_3y_cohort": 10,
        },
        B={"supervision_met": 0, "supervision_due": 0, "asye_starts": 0, "post_qualifying_completions": 20},
    )
    withheld = withhold_development(counts)
    assert withheld == {
        "A": {
            "appraisals_in_timescale_pct",
            "appraisal_rating_successful_pct",
            "appraisal_objectives_set_pct",
            "asye_starts",
            "internal_promotions",
            "protected_development_time",
            "placement_conversion_pct",
            "asye_retention_1y_pct",
            "asye_retention_2y_pct",
        }
    }  # B: nothing small, so no entry
    # a threshold of 4 withholds 1 to 3: the 4 successful, the 4 kept, the 4 who left and the 4 people are shown
    assert withhold_development(counts, threshold=4) == {
        "A": {
            "appraisals_in_timescale_pct",
            "appraisal_objectives_set_pct",
            "asye_starts",
            "internal_promotions",  # 12 - 9 = 3
            "placement_conversion_pct",
        }
    }


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_a_count_from_one_to_four_is_withheld_and_five_is_shown(small: int) -> None:
    assert withhold_development(_counts(A={"asye_starts": small})) == {"A": {"asye_starts"}}
    assert withhold_development(_counts(A={"asye_starts": 5})) == {}


def test_the_counts_are_the_supervision_and_review_total_rows() -> None:
    """tests/measures/test_supervision.py's councils (every value worked out there): Supervshire 9 of 11 intervals
    met, 2 of 3 workers supervised last month, reviews 1 of 3 on time, 2 of 3 rated successful, objectives 3 of 4
    known; Policyton 6 of 7 and 1 of 2; Quietham 3 due and 1 worker, no session held (met null); Emptyford nothing
    due. Every one of them has a part, a whole or a rest from 1 to 4."""
    inputs = frames_from_records([supervshire(), policyton(), quietham(), emptyford()])
    counts = {row["la_code"]: row for row in development_counts(inputs, as_at=D, period=P).iter_rows(named=True)}
    supervision = ("supervision_met", "supervision_due", "last_month_supervised", "last_month_workers")
    reviews = (
        "reviews_on_time",
        "reviews_due",
        "reviews_successful",
        "reviews_rated",
        "reviews_objectives_set",
        "reviews_objectives_known",
    )
    assert [counts["911"][c] for c in supervision + reviews] == [9, 11, 2, 3, 1, 3, 2, 3, 3, 4]
    assert [counts["912"][c] for c in supervision] == [6, 7, 1, 2]
    assert [counts["913"][c] for c in supervision] == [None, 3, None, 1]
    assert [counts["914"][c] for c in supervision + reviews] == [0] * 10
    assert all(counts["912"][c] is None for c in reviews)  # Policyton holds no reviews
    withheld = development_withheld(inputs, as_at=D, period=P)
    assert withheld["911"] == set(SUPERVISION_MEASURE_IDS)
    assert withheld["912"] == {"supervision_on_time_pct", "workers_supervised_last_month_pct"}
    assert "914" not in withheld
