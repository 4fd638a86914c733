"""Laying records over records: the top set wins by key, and nothing distinct is lost."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

from csc_workforce.domain.codes import AbsenceReason, ContractType, SupervisionKind, TrainingStatus
from csc_workforce.domain.overlay import KEYS, is_empty, overlay_records, records_without
from csc_workforce.domain.records import (
    Absence,
    Council,
    CouncilRecords,
    Engagement,
    Grade,
    PerformanceReview,
    SupervisionSession,
    TrainingRecord,
)
from csc_workforce.measures.inputs import DATED_FRAMES
from csc_workforce.synthetic import generate_council
from tests.development_records import with_development

# the development frames that are CouncilRecords fields (audit_elements: the audits' element grades)
RECORD_FRAMES = tuple(kind for kind in DATED_FRAMES if kind != "audit_elements")

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


# -- practice and development records ---------------------------------------------------------------------


def _session(engagement: str, on: date, kind: SupervisionKind = SupervisionKind.ONE_TO_ONE) -> SupervisionSession:
    return SupervisionSession(engagement, on, kind)


def test_every_kind_of_record_has_a_key_so_none_is_lost_by_an_overlay_or_a_removal() -> None:
    """Every field of CouncilRecords that holds records is laid over, removed by source and counted as held."""
    records = with_development(
        generate_council(la_code="990", name="N", region="", first_year=2024, last_year=2025, seed=2, size=12),
        source="upload:1",
    )
    kinds = {f.name for f in fields(CouncilRecords)} - {"council", "provenance"}
    assert set(KEYS) == kinds
    merged = overlay_records(CouncilRecords(COUNCIL), records)
    assert all(set(getattr(merged, kind)) == set(getattr(records, kind)) for kind in kinds)
    without = records_without(records, {"upload:1"})
    assert not any(getattr(without, kind) for kind in RECORD_FRAMES)
    for kind in RECORD_FRAMES:  # a council holding only one development record is not empty
        assert not is_empty(CouncilRecords(COUNCIL, **{kind: getattr(records, kind)[:1]}))


def test_a_file_holding_an_engagement_keeps_its_supervision_and_reviews() -> None:
    """An HR file brings the engagement's own timeline (assignments) but says nothing of its supervision."""
    engagement = Engagement("E1", "P1", ContractType.PERMANENT, date(2020, 1, 6))
    session = _session("E1", date(2024, 5, 1))
    review = PerformanceReview("E1", "2024-25", date(2024, 6, 30), date(2024, 6, 1))
    base = CouncilRecords(COUNCIL, engagements=(engagement,), supervision=(session,), reviews=(review,))
    top = CouncilRecords(COUNCIL, engagements=(replace(engagement, end_date=date(2025, 1, 31)),))
    merged = overlay_records(base, top)
    assert merged.supervision == (session,) and merged.reviews == (review,)
    assert merged.engagements == top.engagements


def test_a_supervision_extract_replaces_an_engagements_sessions_over_the_dates_it_spans_only() -> None:
    """Base: E1 seen 2 Feb 2024 (before the extract), 10 May 2024 (a date the source system has since corrected
    to 13 May); E2 seen 10 May 2024. The extract spans 1 April 2024 to 31 March 2025 (its earliest and latest
    sessions, E1's and E3's) and holds E1 and E3. So E1's 10 May session goes (its correction comes), E1's
    February session stays (before the span), and E2's stays (the extract holds nothing for E2)."""
    before = _session("E1", date(2024, 2, 2))
    moved = _session("E1", date(2024, 5, 10))
    other = _session("E2", date(2024, 5, 10))
    base = CouncilRecords(COUNCIL, supervision=(before, moved, other))
    extract = (_session("E1", date(2024, 4, 1)), _session("E1", date(2024, 5, 13)), _session("E3", date(2025, 3, 31)))
    merged = overlay_records(base, CouncilRecords(COUNCIL, supervision=extract))
    assert set(merged.supervision) == {before, other, *extract}


def test_two_sessions_on_one_day_are_two_records() -> None:
    group, one_to_one = _session("E1", date(2024, 5, 1), SupervisionKind.GROUP), _session("E1", date(2024, 5, 1))
    top = CouncilRecords(COUNCIL, supervision=(group, one_to_one))
    assert set(overlay_records(CouncilRecords(COUNCIL), top).supervision) == {group, one_to_one}
    assert set(overlay_records(top, CouncilRecords(COUNCIL)).supervision) == {group, one_to_one}


def test_a_review_file_replaces_an_engagements_reviews_due_within_its_span_and_its_cycles() -> None:
    """Base: E1's 2023-24 review (due 30 June 2023, before the file's span) and its "2024/25" review due 30 June
    2024 (the same review, the cycle since renamed "2024-25"); the file holds E1's 2024-25 review due 30 June 2024
    and a mid-year one due 31 December 2024. The old cycle is kept, the renamed one replaced."""
    old = PerformanceReview("E1", "2023-24", date(2023, 6, 30), date(2023, 6, 2), "Good", True, True)
    renamed = PerformanceReview("E1", "2024/25", date(2024, 6, 30))
    done = PerformanceReview("E1", "2024-25", date(2024, 6, 30), date(2024, 6, 20), "Good", True, True)
    mid = PerformanceReview("E1", "2024-25 mid-year", date(2024, 12, 31))
    merged = overlay_records(
        CouncilRecords(COUNCIL, reviews=(old, renamed)), CouncilRecords(COUNCIL, reviews=(done, mid))
    )
    assert set(merged.reviews) == {old, done, mid}


def test_a_later_training_file_updates_a_booking_and_keeps_a_refresher() -> None:
    booked = TrainingRecord("P1", "SAFE1", TrainingStatus.BOOKED, date(2024, 1, 8), date(2024, 2, 1))
    refresher = TrainingRecord("P1", "SAFE1", TrainingStatus.COMPLETED, date(2021, 12, 1), date(2022, 1, 10))
    done = replace(booked, status=TrainingStatus.COMPLETED, completed_on=date(2024, 2, 1))
    merged = overlay_records(
        CouncilRecords(COUNCIL, training=(booked, refresher)), CouncilRecords(COUNCIL, training=(done,))
    )
    assert set(merged.training) == {refresher, done}


def test_records_without_a_source_drop_its_development_records_only() -> None:
    kept = _session("E1", date(2024, 5, 1))
    gone = replace(_session("E1", date(2024, 6, 1)), source="upload:2")
    grade = Grade("Grade 9", 1, ("Social worker",), "upload:2")
    left = records_without(CouncilRecords(COUNCIL, supervision=(kept, gone), grades=(grade,)), {"upload:2"})
    assert left.supervision == (kept,) and left.grades == ()
    assert not is_empty(left) and is_empty(replace(left, supervision=()))
