"""Recruitment figures only where the recruitment records cover the period: campaigns and applications are each
a kind of their own (a council may load one without the other), beginning on the earliest date they mention."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from csc_workforce.domain import records as r
from csc_workforce.domain.periods import census_period, census_reference_date
from csc_workforce.store import models as m
from csc_workforce.store.services.coverage import coverage_for
from csc_workforce.store.services.records import records_store
from csc_workforce.store.services.strategies import _council_table

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
APPLICATION_MEASURES = ("recruitment_applications", "recruitment_source_channel", "offer_to_dbs_clearance_days")


@pytest.mark.django_db
def test_recruitment_measures_are_withheld_for_a_year_the_records_do_not_cover(councils) -> None:
    """Campaigns from 1 March 2024 (the first opening) and applications from 5 November 2024, both to 30
    September 2025 (the extract's date): census year 2024 (1 October 2023 to 30 September 2024) begins before
    them and is withheld; census year 2025 (1 October 2024 to 30 September 2025) shows the £900 of campaigns
    opened in it, but not the application figures: the applications begin on 5 November 2024."""
    council = m.Council.objects.get(la_code="990")
    source = m.Source.objects.create(
        council=council, kind="upload", name="recruitment.csv", recorded_at=NOW, complete_to=date(2025, 9, 30)
    )
    key = f"source:{source.pk}"
    records = r.CouncilRecords(
        r.Council("990", council.name),
        campaigns=(
            r.RecruitmentCampaign("campaign:C1", date(2024, 3, 1), date(2024, 3, 31), cost=Decimal(500), source=key),
            r.RecruitmentCampaign("campaign:C2", date(2024, 11, 1), date(2024, 11, 30), cost=Decimal(900), source=key),
        ),
        applications=(r.JobApplication("application:A1", "campaign:C2", date(2024, 11, 5), source=key),),
    )
    records_store(council=council, records=records)
    coverage = coverage_for(la_codes=["990"])["990"]
    assert coverage.kinds_begin["campaigns"] == date(2024, 3, 1)
    assert coverage.kinds_begin["applications"] == date(2024, 11, 5)
    gaps = coverage.withheld_development(census_reference_date(2024), census_period(2024))
    assert gaps["recruitment_cost"] == (
        "recruitment campaign data for 990 begins on 1 March 2024, after the start of the period (1 October 2023)"
    )
    assert set(APPLICATION_MEASURES) <= set(gaps)
    # applications begin on 5 November 2024, after census year 2025 begins: their figures are withheld, the
    # campaigns' cost is not
    year_2025 = coverage.withheld_development(census_reference_date(2025), census_period(2025))
    assert year_2025["recruitment_applications"] == (
        "job application data for 990 begins on 5 November 2024, after the start of the period (1 October 2024)"
    )
    assert set(APPLICATION_MEASURES) <= set(year_2025) and "recruitment_cost" not in year_2025
    table = {row["year"]: row for row in _council_table("990").to_dicts()}  # type: ignore[union-attr]
    assert table[2024]["recruitment_cost"] is None
    assert table[2025]["recruitment_cost"] == pytest.approx(900)
