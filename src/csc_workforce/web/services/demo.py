"""The demo council: made-up records loaded as if from the council's HR and case-management systems."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from csc_workforce.domain.records import CouncilRecords
from csc_workforce.web import models as m
from csc_workforce.web.services.records import records_delete, records_store, records_with_source


@transaction.atomic
def demo_load(*, records: CouncilRecords, description: str, recorded_by: str, now: datetime) -> m.Council:
    """Replace everything held for the demo council with ``records`` (one synthetic source)."""
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
