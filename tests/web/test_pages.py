"""What the pages show: the dashboard's councils and headline measures, a council's page, census returns held,
and the audit log with its filters and pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from csc_workforce.store import models as m
from csc_workforce.store.services.audit import audit_record
from csc_workforce.store.services.measures import measures_rows
from tests.web.conftest import NOW, MakeUser


@pytest.fixture
def admin_client(client: Client, make_user: MakeUser) -> Client:
    client.force_login(make_user("boss", "admin"))
    return client


def test_the_dashboard_lists_each_council_with_its_latest_census_year_measures(
    admin_client: Client, councils: list[str]
):
    html = admin_client.get("/").content.decode()
    for code in councils:
        row = measures_rows(year=2025, la_codes=[code])[0]
        assert f'href="/councils/{code}/"' in html
        assert f">{row['turnover_rate_fte']:,.1f}<" in html
    assert "Turnover rate – FTE" in html


def test_the_dashboard_says_what_to_do_when_no_council_is_held(admin_client: Client):
    assert "csc-workforce census import" in admin_client.get("/").content.decode()


def test_a_councils_page_shows_headlines_trends_and_the_profile(admin_client: Client, councils: list[str]):
    html = admin_client.get("/councils/990/").content.decode()
    row = measures_rows(year=2025, la_codes=["990"])[0]
    assert "Census year to 30 September 2025" in html
    assert f"{row['turnover_rate_fte']:,.1f}%" in html
    assert 'href="/councils/990/trends/#trend-turnover_rate_fte"' in html  # each headline's trend
    trends = admin_client.get("/councils/990/trends/").content.decode()  # the sub-pages hold the charts
    assert ">2024</th>" in trends and ">2025</th>" in trends  # the trend tables, a row per census year
    assert 'role="img"' in trends  # charts, each followed by its table
    assert 'href="/councils/990/download/trend-turnover_rate_fte.csv"' in trends
    assert 'id="trend-turnover_rate_fte"' in trends
    profile = admin_client.get("/councils/990/people/").content.decode()
    assert "Age of social workers in post by role" in profile


def test_the_data_page_lists_census_returns_with_provenance(admin_client: Client, councils: list[str]):
    html = admin_client.get("/data/").content.decode()
    source = m.Source.objects.get(council__la_code="990", collection_year=2025)
    assert "990-2025.xml" in html and "loader" in html
    assert f">{source.sha256[:12]}</code>" in html
    assert "30 Sep 2025" in html and "30 Sep 2024" in html  # each return is complete to its 30 September
    assert "Complete from" in html and "1 Apr 2025" not in html
    source.complete_from = date(2025, 4, 1)  # as a practice and development extract may state
    source.save()
    assert "1 Apr 2025" in admin_client.get("/data/").content.decode()


def test_the_measures_page_shows_an_error_summary_for_a_bad_year(admin_client: Client, councils: list[str]):
    html = admin_client.get("/measures/?year=abc").content.decode()
    assert "govuk-error-summary" in html and 'href="#id_year"' in html
    assert "govuk-input--error" in html


def test_the_audit_log_filters_by_user_action_and_dates(admin_client: Client):
    audit_record(action="export", username="ann", object_type="census_return", object_id="990-2025", now=NOW)
    audit_record(action="upload", username="ann", now=NOW - timedelta(days=10))
    audit_record(action="export", username="bob", now=NOW)
    html = admin_client.get("/audit/?username=ann&action=export").content.decode()
    assert "1 event," in html and "census_return 990-2025" in html
    from_date = (NOW - timedelta(days=1)).date().isoformat()
    html = admin_client.get(f"/audit/?date_from={from_date}&username=ann").content.decode()
    assert "1 event," in html and ">export<" in html


def test_the_audit_log_reports_a_bad_date_in_an_error_summary(admin_client: Client):
    html = admin_client.get("/audit/?date_from=31/03/2025").content.decode()
    assert "govuk-error-summary" in html and "YYYY-MM-DD" in html


def test_the_audit_log_is_paged_50_at_a_time_and_keeps_the_filters(admin_client: Client):
    for n in range(120):
        audit_record(action="export", username="ann", object_id=str(n), now=NOW + timedelta(seconds=n))
    first = admin_client.get("/audit/?username=ann").content.decode()
    assert "120 events" in first and 'class="govuk-pagination"' in first
    assert "?username=ann&amp;page=2" in first
    last = admin_client.get("/audit/?username=ann&page=3").content.decode()
    assert last.count('<td class="govuk-table__cell">ann</td>') == 20
