"""The reports page: choose a report, read it on the page, download it in each format (audited); a viewer's
report withholds small numbers whatever they ask; a mistake is named in the error summary."""

from __future__ import annotations

import io

import docx
import pytest
from django.test import Client

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser
from tests.web.test_records_pages import LA, council  # noqa: F401 -- the synthetic council that holds everything

pytestmark = pytest.mark.usefixtures("council")
URL = f"/councils/{LA}/reports/"


def test_an_analyst_reads_the_scrutiny_report_and_downloads_it(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user("lead", "analyst", la_code=LA))
    assert "Reports: committee papers" in client.get(f"/councils/{LA}/").content.decode()
    page = client.get(URL, {"kind": "scrutiny", "year": "2025"}).content.decode()
    assert "Purpose of the report" in page and "Turnover and vacancies: 2025 against 2024" in page
    assert "report.docx?kind=scrutiny&amp;year=2025" in page
    response = client.get(f"/councils/{LA}/reports/report.docx", {"kind": "scrutiny", "year": "2025"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-scrutiny-2025-09-30.docx"')
    word = docx.Document(io.BytesIO(response.content))
    assert "Turnover and vacancies" in [p.text for p in word.paragraphs]
    event = m.AuditEvent.objects.get(object_type="report")
    assert (event.username, event.object_id, event.detail["format"]) == ("lead", f"{LA}/scrutiny", "docx")
    for fmt in ("pdf", "html", "xlsx"):
        assert client.get(f"/councils/{LA}/reports/report.{fmt}", {"kind": "scrutiny"}).status_code == 200


def test_a_viewer_s_report_withholds_small_numbers(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user("v", "viewer", la_code=LA))
    page = client.get(URL, {"kind": "scrutiny", "withhold": ""}).content.decode()
    assert 'Counts from 1 to 4 are shown as "c" in your reports' in page
    assert "Counts from 1 to 4 are withheld (c) throughout." in page
    assert 'name="withhold"' not in page  # nothing to choose: always withheld


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ({"kind": "strategy-progress"}, "Choose the strategy the report is on"),
        ({"kind": "scrutiny", "year": "2001"}, "Choose a census year the council holds"),
        ({"kind": "strategy-progress", "strategy": "dudley-2021-23", "as_at": "30/09/2025"}, "Enter the date as"),
        ({"kind": ""}, "Choose a report"),
    ],
)
def test_a_mistake_is_named(client: Client, make_user: MakeUser, asked: dict[str, str], message: str) -> None:
    client.force_login(make_user("lead", "analyst", la_code=LA))
    page = client.get(URL, asked).content.decode()
    assert "govuk-error-summary" in page and message in page
    assert client.get(f"/councils/{LA}/reports/report.pdf", asked).status_code == 200  # the form, not a file
    assert not m.AuditEvent.objects.filter(object_type="report").exists()


def test_another_council_s_reports_are_refused(client: Client, make_user: MakeUser) -> None:
    m.Council.objects.create(la_code="993", name="Elsewhere")
    client.force_login(make_user("other", "analyst", la_code="993"))
    assert client.get(URL, {"kind": "scrutiny"}).status_code == 403
    assert client.get(f"/councils/{LA}/reports/report.docx", {"kind": "scrutiny"}).status_code == 403


def test_the_papers_due_are_listed_soonest_first_with_links_that_build_them(
    client: Client, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 7 December 2026, Bexley's cycle (applied to Eastmoor, which has no strategy of its own, as the strategy
    pages apply every seed): its 10-weekly Senior Leadership Team from 20 January 2020 next meets on 14 December
    2026 (2520 days on: 36 x 70), its paper as at 30 November 2026; its monthly workforce strategy group on the 15th."""
    from datetime import date, datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 7))
    client.force_login(make_user("lead", "analyst", la_code=LA))
    page = client.get(URL).content.decode()
    assert "Papers due" in page
    rows = page[page.index('id="meetings"') : page.index('id="choose"')].split("<tr")[2:]
    assert len(rows) == 6
    dates = [r[r.index('scope="row"') :].split(">")[1].split("<")[0] for r in rows]
    as_dates = [datetime.strptime(d, "%d %B %Y").date() for d in dates]
    assert as_dates == sorted(as_dates)
    slt = next(r for r in rows if "Senior Leadership Team (Performance Management meetings)" in r)
    assert "14 December 2026" in slt
    assert "?kind=strategy-progress&amp;strategy=bexley-2020-23&amp;as_at=2026-11-30#report" in slt
