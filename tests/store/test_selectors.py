"""The frames built straight from SQL equal the frames built from the stored records."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from csc_workforce.measures import frames_from_records
from csc_workforce.measures.profile_inputs import profile_inputs_from_records
from csc_workforce.store import models as m
from csc_workforce.store.selectors import measure_inputs, profile_inputs
from csc_workforce.store.services.records import records_load, records_store
from csc_workforce.store.services.records import records_with_source as _with_source
from csc_workforce.synthetic import generate_council


@pytest.fixture
def stored() -> m.Council:
    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2023, last_year=2025, seed=3, size=60
    )
    council = m.Council.objects.create(la_code="990", name="Northgate", region="North West")
    source = m.Source.objects.create(council=council, kind="synthetic", name="test", recorded_at=datetime.now(UTC))
    key = f"source:{source.pk}"
    records_store(council=council, records=_with_source(records, key))
    return council


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


@pytest.mark.django_db
def test_measure_frames_from_sql_equal_frames_from_records(stored):
    from_sql = measure_inputs(la_codes=["990"])
    from_records = frames_from_records([records_load(council=stored)])
    for name in ("engagements", "assignments", "absences", "caseloads", "figures", "councils"):
        assert_frame_equal(_sorted(getattr(from_sql, name)), _sorted(getattr(from_records, name)), check_dtypes=True)


@pytest.mark.django_db
def test_profile_frames_from_sql_equal_frames_from_records(stored):
    from_sql = profile_inputs(la_codes=["990"])
    from_records = profile_inputs_from_records([records_load(council=stored)])
    for name in ("people", "engagements", "assignments", "teams", "posts", "caseloads", "councils"):
        assert getattr(from_sql, name).height > 0, name
        assert_frame_equal(_sorted(getattr(from_sql, name)), _sorted(getattr(from_records, name)), check_dtypes=True)
