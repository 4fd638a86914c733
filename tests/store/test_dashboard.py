"""The council dashboard: headline measures against England and the region, and profile tables."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from csc_workforce.store import models as m
from csc_workforce.store.services.dashboard import HEADLINE_MEASURES, council_dashboard
from csc_workforce.store.services.measures import measures_rows
from csc_workforce.store.services.records import records_store
from csc_workforce.store.services.records import records_with_source as _with_source
from csc_workforce.synthetic import generate_council

TODAY = date(2025, 10, 15)


@pytest.fixture
def council() -> m.Council:
    records = generate_council(
        la_code="990", name="Northgate", region="West Midlands", first_year=2023, last_year=2025, seed=5, size=80
    )
    council = m.Council.objects.create(la_code="990", name="Northgate", region="West Midlands")
    source = m.Source.objects.create(
        council=council, kind="synthetic", name="test", recorded_at=datetime.now(UTC), complete_to=date(2025, 9, 30)
    )
    records_store(council=council, records=_with_source(records, f"source:{source.pk}"))
    return council


@pytest.mark.django_db
def test_headlines_are_the_latest_census_year_measures_beside_england_and_the_region(council):
    board = council_dashboard(council=council, today=TODAY)
    assert board.year == 2025
    row = measures_rows(year=2025, la_codes=["990"])[0]
    assert [h.measure_id for h in board.headlines] == list(HEADLINE_MEASURES)
    turnover = next(h for h in board.headlines if h.measure_id == "turnover_rate_fte")
    assert turnover.value == row["turnover_rate_fte"]
    # DfE 2025: England turnover 11.8%, West Midlands 11.5%
    assert (turnover.england, turnover.region) == (11.8, 11.5)
    assert "England (11.8%)" in turnover.sentence and "West Midlands (11.5%)" in turnover.sentence
    assert [r[0] for r in turnover.trend.rows] == ["2023", "2024", "2025"]
    assert turnover.chart.startswith("<svg") and 'role="img"' in turnover.chart


@pytest.mark.django_db
def test_profile_tables_cover_every_team_for_analysts_and_only_given_teams_for_managers(council):
    everyone = council_dashboard(council=council, today=TODAY).section("establishment").table
    names = [r[0] for r in everyone.rows]
    assert len(names) > 3 and names[-1] == "Total"
    mine = frozenset(names[:1])
    managed = council_dashboard(council=council, today=TODAY, teams=mine).section("establishment").table
    assert [r[0] for r in managed.rows] == [names[0], "Total"]


@pytest.mark.django_db
def test_viewers_see_small_counts_withheld(council):
    shown = council_dashboard(council=council, today=TODAY).section("age").table
    hidden = council_dashboard(council=council, today=TODAY, suppress=True).section("age").table
    counts = [r[2] for r in shown.rows]
    withheld = [r[2] for r in hidden.rows]
    assert any(1 <= c <= 4 for c in counts), "the test council should have some small counts"
    for before, after in zip(counts, withheld, strict=True):
        if 1 <= before <= 4:
            assert after == "c"
        else:  # shown as it is, or withheld so that a small count cannot be worked out from the totals
            assert after in (before, "c")
    assert any(after == "c" and before >= 5 for before, after in zip(counts, withheld, strict=True))


@pytest.mark.django_db
def test_cached_dashboard_is_rebuilt_only_when_the_councils_data_changes(council, monkeypatch):
    from csc_workforce.store.services import dashboard

    built = []
    real = dashboard.council_dashboard
    monkeypatch.setattr(dashboard, "council_dashboard", lambda **kw: built.append(kw) or real(**kw))
    dashboard.cached_council_dashboard(council=council, today=TODAY)
    dashboard.cached_council_dashboard(council=council, today=TODAY)
    assert len(built) == 1
    from csc_workforce.domain.records import Council, CouncilRecords, Team

    records = CouncilRecords(Council("990", "Northgate", "West Midlands"), teams=(Team("team:new", "New team"),))
    records_store(council=council, records=records)  # any write to the records
    dashboard.cached_council_dashboard(council=council, today=TODAY)
    assert len(built) == 2
    managed = dashboard.cached_council_dashboard(council=council, today=TODAY, teams=frozenset({"nobody's team"}))
    assert len(built) == 3  # a manager's view is its own entry
    assert [r[0] for r in managed.section("establishment").table.rows] == ["Total"]


@pytest.mark.django_db
def test_latest_figures_appear_only_when_the_data_is_complete_beyond_the_census_year(council):
    from decimal import Decimal

    from csc_workforce.domain.codes import ContractType, OrgRole
    from csc_workforce.domain.records import Assignment, Council, CouncilRecords, Engagement, Person

    assert council_dashboard(council=council, today=TODAY).as_at is None  # data complete to 30 September 2025
    # a record dated after that, from no source that says how far it goes, does not move the date
    engagement = m.Engagement.objects.filter(council=council, end_date__isnull=True).first()
    m.CaseloadSnapshot.objects.create(council=council, engagement=engagement, on=date(2025, 12, 31), cases=9)
    assert council_dashboard(council=council, today=date(2026, 2, 1)).as_at is None
    # an extract stated to be complete to 31 December 2025, holding a starter in November
    extract = m.Source.objects.create(
        council=council, kind="upload", name="hr.csv", recorded_at=datetime.now(UTC), complete_to=date(2025, 12, 31)
    )
    key = f"source:{extract.pk}"
    starter = CouncilRecords(
        Council("990", "Northgate", "West Midlands"),
        people=(Person("hr:new", source=key),),
        engagements=(Engagement("hr:new/P", "hr:new", ContractType.PERMANENT, date(2025, 11, 3), source=key),),
        assignments=(Assignment("hr:new/P", date(2025, 11, 3), None, OrgRole.CASE_HOLDER, Decimal("1"), source=key),),
    )
    records_store(council=council, records=starter)
    board = council_dashboard(council=council, today=date(2026, 2, 1))
    assert board.as_at == date(2025, 12, 31)  # the date the data is complete to, not today
    expected = measures_rows(year=2026, la_codes=["990"], as_at=date(2025, 12, 31))[0]
    turnover = next(h for h in board.headlines if h.measure_id == "turnover_rate_fte")
    assert turnover.latest == expected["turnover_rate_fte"]
    assert board.year == 2025
    # and never past today
    assert council_dashboard(council=council, today=date(2025, 11, 30)).as_at == date(2025, 11, 30)


@pytest.mark.django_db
def test_staff_counts_are_described_by_their_change_not_compared_with_england(council):
    board = council_dashboard(council=council, today=TODAY)
    inpost = next(h for h in board.headlines if h.measure_id == "inpost_fte")
    rows = {r["time_period"]: r["inpost_fte"] for y in (2024, 2025) for r in measures_rows(year=y, la_codes=["990"])}
    change = rows["2025"] - rows["2024"]
    assert inpost.england is None and [c.label for c in inpost.trend.columns] == ["Year", "Northgate"]
    assert f"{abs(change):,.1f}" in inpost.sentence and ("up" if change > 0 else "down") in inpost.sentence
