"""A council's page by role, and its downloads (audited)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import resolve
from openpyxl import load_workbook

from csc_workforce.store import models as m
from csc_workforce.store.services.dashboard import COUNCIL_PARTS, CouncilPart, Dashboard, council_dashboard
from tests.web.conftest import MakeUser


def _client(client: Client, make_user: MakeUser, role: str, **profile: object) -> Client:
    client.force_login(make_user(f"a-{role}", role, **profile))
    return client


@pytest.mark.parametrize("role", ["admin", "analyst", "manager", "viewer"])
def test_every_role_sees_the_council_page(client: Client, make_user: MakeUser, councils: list[str], role: str):
    response = _client(client, make_user, role).get("/councils/990/")
    assert response.status_code == 200
    assert b"Headline measures" in response.content


# --- the sub-pages -------------------------------------------------------------------------------------

SUB_PAGES = [p for p in COUNCIL_PARTS if p.key and p.key != "sickness"]  # 990 records no causes of sickness
LINKED = re.compile(r'href="/councils/990/download/([a-z0-9_-]+)\.csv"')


def _board(role: str) -> Dashboard:
    """The dashboard as ``role`` sees it (the keys of its tables are the same for every role)."""
    from datetime import date

    suppress = role in ("viewer", "manager")
    return council_dashboard(council=m.Council.objects.get(la_code="990"), today=date.today(), suppress=suppress)


@pytest.mark.parametrize("role", ["admin", "analyst", "manager", "viewer"])
@pytest.mark.parametrize("part", SUB_PAGES, ids=lambda p: p.key)
def test_each_sub_page_opens_for_each_role_and_holds_only_its_own_tables(
    client: Client, make_user: MakeUser, councils: list[str], role: str, part: CouncilPart
):
    response = _client(client, make_user, role).get(f"/councils/990/{part.key}/")
    assert response.status_code == 200
    html = response.content.decode()
    name = m.Council.objects.get(la_code="990").name
    assert f"<title>{part.title}: {name} – " in html
    assert re.search(rf"<h1[^>]*>{re.escape(part.title)}: {name}</h1>", html)
    current = re.findall(r'<a [^>]*href="([^"]+)" aria-current="page">([^<]+)</a>', html)
    assert current == [(f"/councils/990/{part.key}/", part.title)]  # the sub-navigation marks this page alone
    expected = set(part.tables(_board(role)))
    assert expected and set(LINKED.findall(html)) == expected
    for key in expected:  # each table is on the page, with its caption, as it downloads
        assert f">{_board(role).tables()[key].title}</caption>" in html
    assert "Census year to 30 September 2025" in html  # the as-at and basis notes, as on the overview
    assert f'href="/councils/990/{part.key}/download/all.xlsx"' in html
    assert 'href="/councils/990/download/all.xlsx"' in html
    assert ("Counts from 1 to 4 are shown as" in html) is (role in ("viewer", "manager"))


def test_the_overview_links_to_every_sub_page_and_the_sub_pages_hold_every_table(
    client: Client, make_user: MakeUser, councils: list[str]
):
    analyst = _client(client, make_user, "analyst")
    overview = analyst.get("/councils/990/").content.decode()
    shown: set[str] = set()
    for part in SUB_PAGES:
        assert f'href="/councils/990/{part.key}/"' in overview, part.key
        shown |= set(LINKED.findall(analyst.get(f"/councils/990/{part.key}/").content.decode()))
    assert shown == set(_board("analyst").tables())  # no table of the council is left off every page
    assert not LINKED.findall(overview)  # the overview holds the headlines; their tables are on Trends
    for anchor in ("headlines", "trends", "establishment", "caseloads", "diversity", "stability"):
        assert f'id="{anchor}"' in overview, f"the old page's #{anchor} leads nowhere"  # its sub-page's entry
    current = re.findall(r'<a [^>]*href="([^"]+)" aria-current="page">', overview)
    assert current == ["/councils/990/"]


def test_every_sub_page_has_its_own_address(db: None):
    for part in COUNCIL_PARTS:
        if part.key:  # not shadowed by another page of the council (the records pages share the prefix)
            assert resolve(f"/councils/990/{part.key}/").url_name == f"council-{part.key}"
            assert resolve(f"/councils/990/{part.key}/download/all.xlsx").url_name == f"council-{part.key}-download"


def test_a_sub_pages_tables_download_as_one_workbook_audited_as_that_pages(
    client: Client, make_user: MakeUser, councils: list[str]
):
    response = _client(client, make_user, "viewer").get("/councils/990/people/download/all.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="990-all-people-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    titles = [sheet["A1"].value for sheet in book]
    board = _board("viewer")
    assert titles == [board.section(k).table.title for k in ("age", "sex", "ethnicity")]
    event = m.AuditEvent.objects.get(action="export")
    assert event.detail == {"format": "xlsx", "year": 2025, "page": "people"}


def test_the_sub_pages_keep_to_the_council_restriction(client: Client, make_user: MakeUser, councils: list[str]):
    other = _client(client, make_user, "viewer", la_code="991")
    for part in SUB_PAGES:
        assert other.get(f"/councils/990/{part.key}/").status_code == 403
        assert other.get(f"/councils/990/{part.key}/download/all.xlsx").status_code == 403
        assert other.get(f"/councils/991/{part.key}/").status_code == 200
    assert other.get("/councils/123/trends/").status_code == 404


def test_a_user_of_another_council_is_refused(client: Client, make_user: MakeUser, councils: list[str]):
    response = _client(client, make_user, "analyst", la_code="991").get("/councils/990/")
    assert response.status_code == 403


def test_viewers_are_told_small_numbers_are_withheld(client: Client, make_user: MakeUser, councils: list[str]):
    html = _client(client, make_user, "viewer").get("/councils/990/").content.decode()
    assert "Counts from 1 to 4 are shown as" in html


def test_a_table_downloads_as_csv_with_the_same_figures_and_is_audited(
    client: Client, make_user: MakeUser, councils: list[str]
):
    from datetime import date

    response = _client(client, make_user, "analyst").get("/councils/990/download/trend-turnover_rate_fte.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    board = council_dashboard(council=m.Council.objects.get(la_code="990"), today=date.today())
    trend = next(h for h in board.headlines if h.measure_id == "turnover_rate_fte").trend
    assert lines[0].split(",")[:3] == ["Year", trend.columns[1].label, "England"]
    assert lines[-1].split(",")[0] == "2025"
    event = m.AuditEvent.objects.get(action="export")
    assert event.object_id == "990/trend-turnover_rate_fte" and event.detail["format"] == "csv"


def test_every_table_downloads_as_one_workbook(client: Client, make_user: MakeUser, councils: list[str]):
    response = _client(client, make_user, "analyst").get("/councils/990/download/all.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 6


def test_an_unknown_table_is_not_found(client: Client, make_user: MakeUser, councils: list[str]):
    assert _client(client, make_user, "analyst").get("/councils/990/download/nope.csv").status_code == 404


def test_an_analyst_downloads_the_census_return_written_from_the_records(client, make_user, councils):
    from csc_workforce.census.csww.reader import read_census

    response = _client(client, make_user, "analyst").get("/councils/990/census/2025.xml")
    assert response.status_code == 200
    result = read_census(response.content)
    assert (result.la_code, result.collection_year) == ("990", 2025)
    assert not [i for i in result.issues if i.is_error]
    assert m.AuditEvent.objects.filter(action="export", object_type="census-return").exists()


def test_a_viewer_cannot_download_the_census_return(client, make_user, councils):
    assert _client(client, make_user, "viewer").get("/councils/990/census/2025.xml").status_code == 403


def test_the_measures_table_downloads_with_the_cli_columns(client, make_user, councils):
    response = _client(client, make_user, "viewer").get("/measures/download.csv?year=2025&la=990")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0].startswith("time_period,geographic_level,old_la_code,la_name")


def test_admins_download_the_audit_log(client, make_user, councils):
    client = _client(client, make_user, "admin")
    client.get("/measures/download.csv?year=2025&la=990")
    lines = client.get("/audit/download.csv?action=export").content.decode().splitlines()
    assert lines[0] == "at,username,action,object_type,object_id,detail,ip,user_agent"
    assert any(",export,measures,2025," in line for line in lines[1:])


def _causes(stress: int, back: int) -> None:
    """The HR system's causes on the first sickness absences of census year 2025 that lost a day."""
    from datetime import date

    spells = m.Absence.objects.filter(
        council__la_code="990", reason="SIC", working_days_lost__gt=0, start__gte=date(2024, 10, 1)
    ).order_by("pk")[: stress + back]
    ids = [a.pk for a in spells]
    assert len(ids) == stress + back
    m.Absence.objects.filter(pk__in=ids[:stress]).update(cause="stress")
    m.Absence.objects.filter(pk__in=ids[stress:]).update(cause="musculoskeletal")


def test_sickness_by_cause_is_shown_only_for_a_council_recording_causes(client, make_user, councils):
    analyst = _client(client, make_user, "analyst")
    assert 'href="/councils/990/sickness/"' not in analyst.get("/councils/990/").content.decode()
    assert analyst.get("/councils/990/sickness/").status_code == 404
    assert analyst.get("/councils/990/sickness/download/all.xlsx").status_code == 404
    _causes(stress=6, back=2)
    from csc_workforce.store.services.records import data_changed

    data_changed()  # the page's cache follows the data version, as an upload moves it
    overview = analyst.get("/councils/990/").content.decode()
    assert 'href="/councils/990/sickness/"' in overview and 'id="sickness"' in overview
    html = analyst.get("/councils/990/sickness/").content.decode()
    assert "Sickness absence by cause, the year to 30 September 2025" in html and 'id="sickness"' in html
    rows = analyst.get("/councils/990/download/sickness-cause.csv").content.decode().splitlines()
    assert rows[0] == 'Cause,Spells,Working days lost,"Of them, long-term",Percent of days lost'
    assert rows[1].startswith('"Stress, anxiety, depression and other mental health",6,')
    assert any(r.startswith('"Back, neck and other musculoskeletal problems",2,') for r in rows)


def test_a_viewer_sees_a_cause_of_1_to_4_spells_withheld_and_the_next_smallest_with_it(client, make_user, councils):
    _causes(stress=6, back=2)
    viewer = _client(client, make_user, "viewer")
    rows = viewer.get("/councils/990/download/sickness-cause.csv").content.decode().splitlines()
    back = next(r for r in rows if r.startswith('"Back, neck'))
    stress = next(r for r in rows if r.startswith('"Stress'))
    assert back.split('",')[1] == "c,c,c,c"  # 2 spells: a health condition of two people
    assert stress.split('",')[1] == "c,c,c,c"  # else the total less the rest would give the 2 back
