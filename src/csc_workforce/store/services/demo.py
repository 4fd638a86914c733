"""The demo council: made-up records loaded as if from the council's HR and case-management systems, and the
census returns it sent, written from those records with the slips real returns have."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from csc_workforce.domain.records import CouncilRecords
from csc_workforce.store import models as m
from csc_workforce.store.locks import council_write_lock
from csc_workforce.store.services.census import ImportOutcome, census_import
from csc_workforce.store.services.records import records_delete, records_store, records_with_source
from csc_workforce.synthetic.returns import demo_returns

DEMO_RETURNS_WRITTEN = datetime(2025, 10, 20, 9, 0)  # when the demo's returns say they were generated


@transaction.atomic
def demo_load(*, records: CouncilRecords, description: str, recorded_by: str, now: datetime) -> m.Council:
    """Replace everything held for the demo council with ``records`` (one synthetic source)."""
    council_write_lock(records.council.la_code)
    council, _ = m.Council.objects.update_or_create(
        la_code=records.council.la_code, defaults={"name": records.council.name, "region": records.council.region}
    )
    records_delete(council=council)
    m.Source.objects.filter(council=council).delete()
    stated = [p.complete_to for p in records.provenance if p.complete_to is not None]
    source = m.Source.objects.create(
        council=council,
        kind="synthetic",
        name=description,
        recorded_by=recorded_by,
        recorded_at=now,
        complete_to=max(stated, default=None),  # none stated: the latest date the records mention
    )
    records_store(council=council, records=records_with_source(records, source.key))
    return council


@transaction.atomic
def demo_load_with_returns(
    *, records: CouncilRecords, years: Sequence[int], description: str, recorded_by: str, now: datetime
) -> list[ImportOutcome]:
    """``demo_load``, then import the council's census returns for ``years`` as it sent them
    (``synthetic.returns.demo_returns``: written from ``records`` with three slips planted, docs/synthetic.md).
    Returns the import's outcomes, one per return (the slips are warnings across returns). One transaction:
    nobody else's write comes between the records and the returns."""
    council_write_lock(records.council.la_code)
    demo_load(records=records, description=description, recorded_by=recorded_by, now=now)
    returns = demo_returns(records, years, generated_at=DEMO_RETURNS_WRITTEN)
    return census_import(
        files=[(f"demo-{year}.xml", data) for year, data in returns.items()], recorded_by=recorded_by, now=now
    )
