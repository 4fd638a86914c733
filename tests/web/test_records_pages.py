"""Every page of figures from dated records (store/services/records_pages.py, PAGES) on a synthetic council that
holds every kind of record: each page and each of its tables opens for every role, every part has figures (none
says its records are not held), and a viewer's tables show withheld cells and no worker or placement key."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from csc_workforce.store import models as m
from csc_workforce.store.services.records_pages import PAGES
from tests.web.conftest import MakeUser

LA = "992"


@pytest.fixture
def council(db: None) -> m.Council:
    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code=LA,
        name="Eastmoor",
        region="North West",
        first_year=2023,
        last_year=2025,
        seed=3,
        size=60,
        development=True,
    )
    demo_load(
        records=records,
        description="Synthetic test council",
        recorded_by="tests",
        now=datetime(2025, 10, 1, tzinfo=UTC),
    )
    return m.Council.objects.get(la_code=LA)


@pytest.mark.parametrize("role", ["analyst", "manager", "viewer"])
def test_every_page_and_table_opens_for_every_role_with_every_part_shown(
    client: Client, make_user: MakeUser, council: m.Council, role: str
) -> None:
    team = m.Team.objects.filter(council=council).order_by("name").first()
    assert team is not None
    client.force_login(make_user(f"u-{role}", role, la_code=LA, teams=[team.name] if role == "manager" else None))
    for key, spec in PAGES.items():
        response = client.get(f"/councils/{LA}/{key}/?as_at=2025-09-30")
        assert response.status_code == 200, key
        page = response.content.decode()
        for kind, _heading, _method in spec.parts:
            assert f'id="{kind}"' in page, (key, kind)
        assert "records are held for" not in page, key
        tables = set(re.findall(rf"/councils/{LA}/{key}/download/([a-z0-9-]+)\.csv", page))
        assert tables, key
        for table in tables:
            download = client.get(f"/councils/{LA}/{key}/download/{table}.csv?as_at=2025-09-30")
            assert download.status_code == 200, (key, table)
        if role == "viewer":
            keys = m.AgencyPlacement.objects.filter(council=council).values_list("key", flat=True)
            assert not any(k in page for k in keys), "a viewer sees no placement"
