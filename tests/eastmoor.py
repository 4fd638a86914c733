"""Eastmoor (992): the small synthetic council holding every kind of record, that the tests of the pages of
figures, the tables command and the reports load. Its records are made once per test run (they are the same
each time: a fixed seed) and loaded into each test's database."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from csc_workforce.domain.records import CouncilRecords
from csc_workforce.store import models as m

LA = "992"


@cache
def eastmoor_records() -> CouncilRecords:
    from csc_workforce.synthetic import generate_council

    return generate_council(
        la_code=LA,
        name="Eastmoor",
        region="North West",
        first_year=2023,
        last_year=2025,
        seed=3,
        size=60,
        development=True,
    )


def load_eastmoor() -> m.Council:
    """Eastmoor's records in the test's database, as the demo loads a council."""
    from csc_workforce.store.services.demo import demo_load

    demo_load(
        records=eastmoor_records(),
        description="Synthetic test council",
        recorded_by="tests",
        now=datetime(2025, 10, 1, tzinfo=UTC),
    )
    return m.Council.objects.get(la_code=LA)
