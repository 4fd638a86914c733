"""Practice indicators uploaded by month (measures.indicators), worked out by hand.

Indishire (990), as at 15 September 2025 over the year 1 October 2024 to 30 September 2025:

* assessments within 45 working days: October 2024 45 of 50; March 2025 38 of 40; September 2025 (not a whole
  month by 15 September: left out) 10 of 40; September 2024 (before the year) 1 of 10. Over the year: 83 of 90 =
  92.2%.
* visits in timescale: July 2025 270 of 300; August 2025 285 of 300 (the latest whole month to the date: 95.0%);
  September 2025 (not yet whole) 100 of 300.
* IRO mid-way visits: August 2025 0 of 0 (a denominator of 0: null).
* compliments 4 (November 2024) + 5 (June 2025) = 9; complaints 3 (January 2025) + 3 (February 2025) = 6:
  1.5 compliments per complaint.

Plainton (991) holds no indicator: every figure null.
"""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.domain.codes import PracticeIndicator
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import Council, CouncilRecords, IndicatorMonth
from csc_workforce.measures.indicators import INDICATOR_MEASURE_IDS, indicator_counts, indicator_measures
from csc_workforce.measures.inputs import frames_from_records

D = date(2025, 9, 15)
YEAR = Period(date(2024, 10, 1), date(2025, 9, 30))
A, V, IRO = PracticeIndicator.ASSESSMENTS_45_DAYS, PracticeIndicator.CP_LAC_VISITS, PracticeIndicator.IRO_MIDWAY_VISITS
PRAISE, GRUMBLE = PracticeIndicator.COMPLIMENTS, PracticeIndicator.COMPLAINTS
MONTHS = (
    IndicatorMonth(A, date(2024, 10, 1), 45, 50),
    IndicatorMonth(A, date(2025, 3, 1), 38, 40),
    IndicatorMonth(A, date(2025, 9, 1), 10, 40),
    IndicatorMonth(A, date(2024, 9, 1), 1, 10),
    IndicatorMonth(V, date(2025, 7, 1), 270, 300),
    IndicatorMonth(V, date(2025, 8, 1), 285, 300),
    IndicatorMonth(V, date(2025, 9, 1), 100, 300),
    IndicatorMonth(IRO, date(2025, 8, 1), 0, 0),
    IndicatorMonth(PRAISE, date(2024, 11, 1), 4),
    IndicatorMonth(PRAISE, date(2025, 6, 1), 5),
    IndicatorMonth(GRUMBLE, date(2025, 1, 1), 3),
    IndicatorMonth(GRUMBLE, date(2025, 2, 1), 3),
)
INPUTS = frames_from_records(
    [CouncilRecords(Council("990", "Indishire"), indicators=MONTHS), CouncilRecords(Council("991", "Plainton"))]
)


def test_each_indicator_worked_out_by_hand() -> None:
    rows = {r["la_code"]: r for r in indicator_measures(INPUTS, as_at=D, period=YEAR).to_dicts()}
    found = rows["990"]
    assert found["assessments_within_45_days_pct"] == pytest.approx(8300 / 90)  # 92.2%
    assert found["cp_lac_visits_in_timescale_pct"] == pytest.approx(95.0)
    assert found["iro_midway_visits_pct"] is None
    assert found["compliments_vs_complaints"] == pytest.approx(1.5)
    assert all(rows["991"][m] is None for m in INDICATOR_MEASURE_IDS)


def test_the_counts_behind_them() -> None:
    row = indicator_counts(INPUTS, as_at=D, period=YEAR).row(0, named=True)
    assert (row["assessments_45_days_n"], row["assessments_45_days_d"]) == (83, 90)
    assert (row["cp_lac_visits_n"], row["cp_lac_visits_d"]) == (285, 300)
    assert (row["compliments_n"], row["compliments_d"], row["complaints_n"]) == (9, None, 6)


def test_after_the_month_ends_it_counts() -> None:
    # as at 30 September 2025 September is whole: assessments 93 of 130, visits 100 of 300
    found = indicator_measures(INPUTS, as_at=date(2025, 9, 30), period=YEAR).row(0, named=True)
    assert found["assessments_within_45_days_pct"] == pytest.approx(9300 / 130)
    assert found["cp_lac_visits_in_timescale_pct"] == pytest.approx(100 / 3)
