"""Long- and short-term sickness need spells: a census return's sickness total for the year (``year_total``)
says nothing of how long each spell was, so where one lost days in the period the split is absent, never a
guess (before this, every year's total counted as one long-term spell: 100% long-term).

Period 1 October 2024 to 30 September 2025. 990 holds HR spells only: E1 40 calendar days, 20 working days lost
(long-term); E2 5 days, 3 lost (short-term): 20 long, 3 short, 87.0% long-term. 991 holds E3's census total of
12 days for the year: no split. 992 holds no sickness: 0 and 0, no share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.domain.codes import AbsenceReason, ContractType, SicknessCause
from csc_workforce.domain.periods import twelve_months_to
from csc_workforce.domain.records import Absence, Council, CouncilRecords, Engagement, Person
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.local import local_measures, sickness_by_cause

D = date(2025, 9, 30)
P = twelve_months_to(D)
SIC = AbsenceReason.SICKNESS


def _council(la: str, absences: tuple[Absence, ...], keys: tuple[str, ...]) -> CouncilRecords:
    return CouncilRecords(
        Council(la, f"Council {la}"),
        people=tuple(Person(f"p:{k}") for k in keys),
        engagements=tuple(Engagement(k, f"p:{k}", ContractType.PERMANENT, date(2020, 1, 6)) for k in keys),
        absences=absences,
    )


RECORDS = [
    _council(
        "990",
        (
            Absence("E1", date(2025, 1, 6), date(2025, 2, 14), SIC, Decimal(20), cause=SicknessCause.STRESS),
            Absence("E2", date(2025, 3, 3), date(2025, 3, 7), SIC, Decimal(3), cause=SicknessCause.INFECTIONS),
        ),
        ("E1", "E2"),
    ),
    _council(
        "991",
        (Absence("E3", P.start, P.end, SIC, Decimal(12), cause=SicknessCause.STRESS, year_total=True),),
        ("E3",),
    ),
    _council("992", (), ("E4",)),
]


def test_the_split_is_given_from_spells_and_absent_over_a_year_s_total() -> None:
    rows = {r["la_code"]: r for r in local_measures(frames_from_records(RECORDS), as_at=D, period=P).to_dicts()}
    spells, totals, none = rows["990"], rows["991"], rows["992"]
    assert (spells["sickness_long_term_days"], spells["sickness_short_term_days"]) == (20, 3)
    assert spells["sickness_long_term_pct"] == pytest.approx(2000 / 23)
    assert totals["sickness_long_term_days"] is None and totals["sickness_short_term_days"] is None
    assert totals["sickness_long_term_pct"] is None
    assert (none["sickness_long_term_days"], none["sickness_short_term_days"]) == (0, 0)
    assert none["sickness_long_term_pct"] is None


def test_causes_over_a_year_s_total_have_no_long_term_days() -> None:
    causes = sickness_by_cause(frames_from_records(RECORDS), as_at=D, period=P)
    by = {(r["la_code"], r["cause"]): r for r in causes.to_dicts()}
    assert by["990", "stress"]["long_term_days"] == 20 and by["990", "infections"]["long_term_days"] == 0
    assert by["991", "stress"]["days"] == 12 and by["991", "stress"]["long_term_days"] is None
