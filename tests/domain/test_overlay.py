"""Laying records over records: the top set wins by key, and nothing distinct is lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from csc_workforce.domain.codes import AbsenceReason, ContractType
from csc_workforce.domain.overlay import overlay_records
from csc_workforce.domain.records import Absence, Council, CouncilRecords, Engagement

COUNCIL = Council("990", "Northgate")


def test_two_absences_starting_on_one_day_both_survive_an_overlay() -> None:
    # a starter's first part-year of sickness and a long absence, both from their start date
    engagement = Engagement("E1", "P1", ContractType.PERMANENT, date(2018, 7, 11))
    sickness = Absence("E1", date(2018, 7, 11), date(2018, 9, 30), AbsenceReason.SICKNESS, Decimal("3.5"))
    long_absence = Absence("E1", date(2018, 7, 11), date(2019, 2, 16), AbsenceReason.OTHER_PAID)
    top = CouncilRecords(COUNCIL, engagements=(engagement,), absences=(sickness, long_absence))
    merged = overlay_records(CouncilRecords(COUNCIL), top)
    assert set(merged.absences) == {sickness, long_absence}


def test_the_top_sets_engagement_brings_its_own_absences() -> None:
    engagement = Engagement("E1", "P1", ContractType.PERMANENT, date(2018, 7, 11))
    below = Absence("E1", date(2018, 10, 1), date(2019, 9, 30), AbsenceReason.SICKNESS, Decimal("9"))
    above = Absence("E1", date(2018, 10, 1), date(2019, 9, 30), AbsenceReason.SICKNESS, Decimal("6.5"))
    base = CouncilRecords(COUNCIL, engagements=(engagement,), absences=(below,))
    top = CouncilRecords(COUNCIL, engagements=(engagement,), absences=(above,))
    assert overlay_records(base, top).absences == (above,)
