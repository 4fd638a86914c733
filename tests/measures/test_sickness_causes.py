"""Sickness absence by cause (measures.local.sickness_by_cause), worked out by hand.

Causeshire (990), the year 1 October 2024 to 30 September 2025, council-employed workers E1, E2, E3 and an
agency worker A1:

* E1: stress, 1 to 10 November 2024, 6 working days lost: 6 (short-term);
  stress, 1 September to 30 October 2024 (60 calendar days, long-term), 40 days lost: 30 of its 60 days are
  in the year, so 40 x 30 / 60 = 20;
* E2: musculoskeletal, 3 to 5 February 2025, 3 days; sickness with no cause recorded, 1 March 2025, 1 day;
* E3: sickness on 10 April 2025 losing 0 days (no spell); maternity leave with a cause given by mistake in an
  older system (not sickness: not counted);
* A1 (agency): stress, 5 days: not council-employed, not counted.

Stress: 2 spells, 26 days, 20 long-term, 26 / 30 = 86.7%; musculoskeletal: 1 spell, 3 days, 10.0%; not recorded:
1 spell, 1 day, 3.3%; total: 4 spells, 30 days, 20 long-term. Plainton (991) records no cause: no rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.domain.codes import AbsenceReason, ContractType, SicknessCause
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import Absence, Council, CouncilRecords, Engagement, Person
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.local import CAUSE_COLUMNS, sickness_by_cause
from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID

YEAR = Period(date(2024, 10, 1), date(2025, 9, 30))
SIC, MAT = AbsenceReason.SICKNESS, AbsenceReason.MATERNITY_PATERNITY


def _council(la: str, absences: tuple[Absence, ...]) -> CouncilRecords:
    people = tuple(Person(k) for k in ("P1", "P2", "P3", "P4"))
    engagements = (
        Engagement("E1", "P1", ContractType.PERMANENT, date(2020, 1, 1)),
        Engagement("E2", "P2", ContractType.PERMANENT, date(2020, 1, 1)),
        Engagement("E3", "P3", ContractType.PERMANENT, date(2020, 1, 1)),
        Engagement("A1", "P4", ContractType.AGENCY, date(2024, 6, 1)),
    )
    return CouncilRecords(Council(la, la), people=people, engagements=engagements, absences=absences)


def _sick(eng: str, start: date, end: date, days: str, cause: SicknessCause | None) -> Absence:
    return Absence(eng, start, end, SIC, Decimal(days), cause=cause)


CAUSESHIRE = _council(
    "990",
    (
        _sick("E1", date(2024, 11, 1), date(2024, 11, 10), "6", SicknessCause.STRESS),
        _sick("E1", date(2024, 9, 1), date(2024, 10, 30), "40", SicknessCause.STRESS),
        _sick("E2", date(2025, 2, 3), date(2025, 2, 5), "3", SicknessCause.MUSCULOSKELETAL),
        _sick("E2", date(2025, 3, 1), date(2025, 3, 1), "1", None),
        _sick("E3", date(2025, 4, 10), date(2025, 4, 10), "0", SicknessCause.INFECTIONS),
        Absence("E3", date(2025, 5, 1), date(2025, 8, 31), MAT, None, cause=SicknessCause.PREGNANCY),
        _sick("A1", date(2025, 1, 6), date(2025, 1, 10), "5", SicknessCause.STRESS),
    ),
)
PLAINTON = _council("991", (_sick("E1", date(2025, 1, 6), date(2025, 1, 7), "2", None),))


@pytest.fixture(scope="module")
def table() -> list[dict[str, object]]:
    inputs = frames_from_records([CAUSESHIRE, PLAINTON])
    return sickness_by_cause(inputs, as_at=YEAR.end, period=YEAR).to_dicts()


def test_days_lost_by_cause_pro_rata_in_the_year_most_first_then_not_recorded_then_the_total(table) -> None:
    assert list(table[0]) == list(CAUSE_COLUMNS)
    rows = [(r["cause_label"], r["spells"], r["days"], r["long_term_days"], round(r["percent"], 1)) for r in table]
    assert rows == [
        (SicknessCause.STRESS.label, 2, 26.0, 20.0, 86.7),
        (SicknessCause.MUSCULOSKELETAL.label, 1, 3.0, 0.0, 10.0),
        ("Not recorded", 1, 1.0, 0.0, 3.3),
        ("Total", 4, 30.0, 20.0, 100.0),
    ]
    assert [r["cause"] for r in table] == ["stress", "musculoskeletal", None, None]
    assert [r["is_total"] for r in table] == [False, False, False, True]


def test_a_council_recording_no_cause_has_no_rows(table) -> None:
    assert {r["la_code"] for r in table} == {"990"}


def test_only_days_up_to_the_date_count() -> None:
    # as at 31 October 2024: E1's long spell's 30 days in October (20 days lost) and nothing after
    inputs = frames_from_records([CAUSESHIRE])
    rows = sickness_by_cause(inputs, as_at=date(2024, 10, 31), period=YEAR).to_dicts()
    assert [(r["cause_label"], r["spells"], r["days"]) for r in rows] == [
        (SicknessCause.STRESS.label, 1, 20.0),
        ("Total", 1, 20.0),
    ]


def test_the_strategy_measure_is_computed_by_the_table() -> None:
    assert STRATEGY_BY_ID["sickness_by_cause"].computed_by is sickness_by_cause
