"""The practice and development records are stored, read back in one order, and deleted with their council's
records."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime

import pytest

from csc_workforce.domain import records as r
from csc_workforce.measures.inputs import DATED_FRAMES
from csc_workforce.store import models as m
from csc_workforce.store.services.records import records_delete, records_load, records_store
from csc_workforce.store.services.records import records_with_source as _with_source
from csc_workforce.synthetic import generate_council
from tests.development_records import with_development

# the development frames that are CouncilRecords fields (audit_elements: the audits' element grades)
RECORD_FRAMES = tuple(kind for kind in DATED_FRAMES if kind != "audit_elements")

DEVELOPMENT_MODELS = (
    m.SupervisionSession,
    m.SupervisionStandard,
    m.PerformanceReview,
    m.Course,
    m.TrainingRecord,
    m.ProgrammeSpell,
    m.Grade,
    m.StudentPlacement,
    m.PlacementIncome,
    m.CaseAuditElement,
    m.CaseAllocation,
)


def _kinds(records: r.CouncilRecords) -> dict[str, set[object]]:
    return {f.name: set(getattr(records, f.name)) for f in fields(records) if f.name not in ("council", "provenance")}


@pytest.fixture
def council_and_records() -> tuple[m.Council, r.CouncilRecords]:
    base = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2024, last_year=2024, seed=5, size=20
    )
    council = m.Council.objects.create(la_code="990", name="Northgate", region="North West")
    source = m.Source.objects.create(council=council, kind="upload", name="test", recorded_at=datetime.now(UTC))
    records = _with_source(with_development(replace(base, provenance=())), f"source:{source.pk}")
    return council, records


@pytest.mark.django_db
def test_every_kind_is_stored_and_read_back_as_it_was(council_and_records):
    council, records = council_and_records
    records_store(council=council, records=records)
    loaded = records_load(council=council)
    assert _kinds(loaded) == _kinds(records)
    assert all(getattr(loaded, kind) for kind in RECORD_FRAMES)  # every kind is held, none lost
    assert {p.key: p.staff_ref for p in loaded.people}[records.people[0].key] == "HR 00417"
    assert next(g for g in loaded.grades if g.name == "Grade 9").titles == ("Social worker", "Social Worker (ASYE)")


@pytest.mark.django_db
def test_records_are_read_in_one_order_whatever_order_they_were_stored_in(council_and_records):
    """Stored once as given and once with every kind reversed, they read back identically (tuples, in order)."""
    council, records = council_and_records
    records_store(council=council, records=records)
    first = records_load(council=council)
    records_delete(council=council)
    reversed_parts = {kind: tuple(reversed(getattr(records, kind))) for kind in _kinds(records)}
    records_store(council=council, records=replace(records, **reversed_parts))
    assert records_load(council=council) == first


@pytest.mark.django_db
def test_deleting_a_councils_records_deletes_its_development_records_and_nothing_else(council_and_records):
    council, records = council_and_records
    other = m.Council.objects.create(la_code="991", name="Southbridge")
    records_store(council=council, records=records)
    records_store(council=other, records=replace(records, council=r.Council("991", "Southbridge")))
    records_delete(council=council)
    assert all(not model.objects.filter(council=council).exists() for model in DEVELOPMENT_MODELS)
    assert all(model.objects.filter(council=other).exists() for model in DEVELOPMENT_MODELS)


@pytest.mark.django_db
def test_deleting_one_kind_of_source_deletes_only_its_development_records(council_and_records):
    council, records = council_and_records
    census = m.Source.objects.create(council=council, kind="census_return", name="c", recorded_at=datetime.now(UTC))
    by_census = _with_source(
        replace(records, **{kind: () for kind in _kinds(records) if kind not in RECORD_FRAMES}),
        f"source:{census.pk}",
    )
    records_store(
        council=council, records=replace(records, **{kind: getattr(by_census, kind) for kind in RECORD_FRAMES})
    )
    records_delete(council=council, source_kind="census_return")
    left = records_load(council=council)
    assert not any(getattr(left, kind) for kind in RECORD_FRAMES)
    assert left.engagements == tuple(sorted(records.engagements, key=lambda e: e.key))
