"""The practice and development page (store/services/records_pages.py, web/views/development.py): each part
over the dates its own records cover, or why not; a manager's teams in full and nothing of the other teams';
a viewer's small numbers withheld; every table downloads.

The council is tests/store/development_support.py (Ann, Dan, Cat in Team A; Bob in Team B; Cat moves to Team B
on 1 July 2025; Dan leaves on 31 October 2025; Ann's ASYE began on 1 January 2024), its workforce records
complete to 31 October 2025 (its extract date). Supervision is loaded here from a second source complete from
1 October 2024 to 31 October 2025 (so its figures may start a month later, on 1 November 2024): Bob has a
session on the 10th of every month from November 2024 to October 2025 but February and March 2025; nobody else
has any. No council supervision policy is held, so the default applies: monthly (Ann's fortnightly NQSW
intervals ended in June 2024), 7 days' grace.

Worked by hand, 1 November 2024 to 31 October 2025 (intervals ending in the period, the worker in post on its
first and last day, by the team on its last day):

* Bob: 12 calendar months due, the February and March intervals missed (no session from 1 February to
  7 March, nor from 1 March to 7 April): 10 of 12.
* Cat: November 2024 to June 2025 in Team A (8), July to October 2025 in Team B (4), none met.
* Ann: 12 in Team A; Dan: 11 in Team A (not in post on 31 October, the day he left), none met.
* Team A 31 due, 0 met; Team B 16 due, 10 met, 62.5%; the council 47 due, 10 met, 21.3%.
* In post through October 2025 (1 and 31 October): Ann (Team A), Bob and Cat (Team B); Bob supervised (50.0%).
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from csc_workforce.store import models as m
from tests.store.development_support import seed_council
from tests.web.conftest import MakeUser

PAGE = "/councils/990/development/"
QUALITY = "/councils/990/practice-quality/"
VOICE = "/councils/990/staff-voice/"
DOWNLOAD = PAGE + "download/"
BOB_SESSIONS = [date(2024, 11, 10), date(2024, 12, 10)] + [date(2025, n, 10) for n in (1, 4, 5, 6, 7, 8, 9, 10)]


def _load_supervision(council: m.Council, complete_from: date) -> None:
    m.Source.objects.filter(council=council, name="hr.csv").update(complete_to=date(2025, 10, 31))  # extract date
    source = m.Source.objects.create(
        council=council,
        kind="upload",
        name="supervision.csv",
        recorded_at=datetime(2025, 11, 3, tzinfo=UTC),
        complete_to=date(2025, 10, 31),
        complete_from=complete_from,
    )
    bob = m.Engagement.objects.get(council=council, key="e-bob")
    for day in BOB_SESSIONS:
        m.SupervisionSession.objects.create(council=council, source=source, engagement=bob, on=day, kind="one_to_one")


@pytest.fixture
def council(db: None) -> m.Council:
    held = seed_council()
    _load_supervision(held, date(2024, 10, 1))
    return held


def _as(client: Client, make_user: MakeUser, role: str, teams: list[str] | None = None) -> Client:
    client.force_login(make_user(f"a-{role}", role, la_code="990", teams=teams))
    return client


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def _table(page: str, caption_start: str) -> list[list[str]]:
    """The rows (header cell first) of the table whose caption starts with ``caption_start``."""
    found = re.search(
        rf'<caption class="govuk-table__caption[^"]*">{re.escape(caption_start)}.*?</caption>(.*?)</table>', page, re.S
    )
    assert found, f"no table {caption_start!r}"
    body = found.group(1).split("<tbody", 1)[1]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        rows.append(
            [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        )
    return rows


def _row(rows: list[list[str]], *first: str) -> list[str]:
    return next(r for r in rows if r[: len(first)] == list(first))


def test_an_analyst_sees_supervision_by_team_as_worked_out_by_hand(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    page = _text(_as(client, make_user, "analyst").get(PAGE))
    teams = _table(page, "Supervision on time by team, 1 November 2024 to 31 October 2025")
    assert _row(teams, "Team A") == ["Team A", "31", "0", "0.0", "1", "0", "0.0"]
    assert _row(teams, "Team B") == ["Team B", "16", "10", "62.5", "2", "1", "50.0"]
    assert _row(teams, "Total") == ["Total", "47", "10", "21.3", "3", "1", "33.3"]
    groups = _table(page, "Supervision on time by team and worker group")
    assert _row(groups, "Team B", "Everyone else")[2:5] == ["16", "10", "62.5"]
    trend = _table(page, "Supervision on time by month, to 31 October 2025")
    assert [r[0] for r in trend] == [
        "November 2024",
        "December 2024",
        *(f"{month} 2025" for month in ("January", "February", "March", "April", "May", "June")),
        *(f"{month} 2025" for month in ("July", "August", "September", "October")),
    ]
    # February: Ann, Cat, Dan and Bob due, Bob missed too; April: four due, Bob's met
    assert _row(trend, "February 2025")[1:] == ["4", "0", "0.0"]
    assert _row(trend, "April 2025")[1:] == ["4", "1", "25.0"]
    assert "<svg" in page  # the trend chart, beside its table


def test_the_page_as_at_an_earlier_date_and_its_downloads_with_it(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    analyst = _as(client, make_user, "analyst")
    page = _text(analyst.get(PAGE + "?as_at=2025-06-30"))
    # as at 30 June 2025, from 1 November 2024 (the supervision records' first month is left out): Team B is Bob
    # alone (Cat moved on 1 July), his November to June intervals 8, February and March missed: 6 of 8; in post
    # through June, and supervised on 10 June
    teams = _table(page, "Supervision on time by team, 1 November 2024 to 30 June 2025")
    assert _row(teams, "Team B") == ["Team B", "8", "6", "75.0", "1", "1", "100.0"]
    assert 'href="/councils/990/development/download/supervision-team.csv?as_at=2025-06-30"' in page
    rows = list(
        csv.reader(io.StringIO(analyst.get(DOWNLOAD + "supervision-team.csv?as_at=2025-06-30").content.decode()))
    )
    assert ["Team B", "8", "6", "75.0", "1", "1", "100.0"] in rows
    # a date past the records: each part as at the latest date its records cover (31 October 2025)
    later = _text(analyst.get(PAGE + "?as_at=2026-01-01"))
    assert "Supervision on time by team, 1 November 2024 to 31 October 2025" in later


def test_a_date_that_is_not_a_date_is_an_error_saying_how_to_write_it(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    response = _as(client, make_user, "analyst").get(PAGE + "?as_at=30/06/2025")
    page = _text(response)
    assert "<title>Error: " in page and 'class="govuk-error-summary"' in page
    assert "Enter the date as YYYY-MM-DD, for example 2024-01-01" in page
    assert "Supervision on time by team" not in page
    assert client.get(DOWNLOAD + "supervision-team.csv?as_at=yesterday").status_code == 404


def test_a_part_whose_records_are_not_held_says_so_instead_of_showing_zeros(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    page = _text(_as(client, make_user, "analyst").get(PAGE))
    assert "No performance review records are held for 990." in page
    assert "No training records are held for 990." in page
    assert "No grade scale is held for this council" in page
    assert "Performance reviews by team" not in page and "Training by course" not in page


def test_a_kind_whose_records_begin_later_covers_only_the_months_they_reach(
    client: Client, make_user: MakeUser, db: None
) -> None:
    held = seed_council()
    _load_supervision(held, date(2025, 5, 1))
    page = _text(_as(client, make_user, "analyst").get(PAGE))
    # Supervision from 1 May 2025: an interval due on 1 June may have begun on 1 May (a session held before the
    # records would have met it), so the figures start on 1 June, 31 days (a month, the longest interval of
    # the default policy) later. Bob June to October, all met (5); Cat July to October in Team B, none (4).
    teams = _table(page, "Supervision on time by team, 1 June 2025 to 31 October 2025")
    assert _row(teams, "Team B")[1:4] == ["9", "5", "55.6"]
    assert "The supervision records begin on 1 May 2025, so the figures over a period cover 1 June 2025 (" in page
    trend = _table(page, "Supervision on time by month")
    assert [r[0] for r in trend][0] == "June 2025" and len(trend) == 5
    # the placement records begin with the one placement, on 6 January 2025: the funnel covers from then
    assert "Student placement funnel: placements that ended 6 January 2025 to 31 October 2025" in page


def test_the_asye_cohort_is_counted_and_its_retention_shown_only_once_known(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    page = _text(_as(client, make_user, "analyst").get(PAGE))
    cohorts = _table(page, "ASYE cohorts by the financial year they began, as at 31 October 2025")
    # Ann's ASYE began on 1 January 2024 (the 2023/24 financial year), ongoing; in post on 1 January 2025; her
    # second anniversary is after the date, so two and three years are not known yet
    assert cohorts == [["2023/24", "1", "0", "0", "0", "0", "1", "100.0", "100.0", "-", "-"]]


def test_a_viewer_sees_small_numbers_withheld_and_the_rest(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    page = _text(_as(client, make_user, "viewer").get(PAGE))
    teams = _table(page, "Supervision on time by team,")
    # sessions due are not small; the 1, 2 and 3 workers in post through October are, and what comes from them
    assert _row(teams, "Team B") == ["Team B", "16", "10", "62.5", "c", "c", "c"]
    assert _row(teams, "Total")[1:4] == ["47", "10", "21.3"]
    cohorts = _table(page, "ASYE cohorts")
    assert cohorts[0][:2] == ["2023/24", "c"] and "100.0" not in cohorts[0]
    assert 'Counts from 1 to 4 are shown as "c"' in page


def test_a_manager_sees_their_teams_in_full_and_no_row_of_another_team(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    page = _text(_as(client, make_user, "manager", teams=["Team A"]).get(PAGE))
    teams = _table(page, "Supervision on time by team,")
    assert [r[0] for r in teams] == ["Team A", "Total"]
    assert _row(teams, "Team A") == ["Team A", "31", "0", "0.0", "1", "0", "0.0"]  # their own 1 worker, shown
    groups = _table(page, "Supervision on time by your teams and worker group")
    assert {r[0] for r in groups} == {"Team A"}
    assert "Team B" not in page
    assert 'href="/councils/990/development/record/"' in page


def test_every_table_downloads_as_csv_and_all_of_them_as_excel_audited(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    analyst = _as(client, make_user, "analyst")
    response = analyst.get(DOWNLOAD + "supervision-team.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Team", "Sessions due", "Held on time", "On time (%)"]
    assert ["Team B", "16", "10", "62.5", "2", "1", "50.0"] in rows
    book = load_workbook(io.BytesIO(analyst.get(DOWNLOAD + "all.xlsx").content), read_only=True)
    assert len(book.sheetnames) >= 5
    assert analyst.get(DOWNLOAD + "no-such-table.csv").status_code == 404
    assert m.AuditEvent.objects.filter(action="export", object_id="990/supervision-team").exists()


def test_a_viewers_download_is_withheld_as_the_page_is(client: Client, make_user: MakeUser, council: m.Council) -> None:
    rows = list(
        csv.reader(
            io.StringIO(_as(client, make_user, "viewer").get(DOWNLOAD + "supervision-team.csv").content.decode())
        )
    )
    assert ["Team B", "16", "10", "62.5", "c", "c", "c"] in rows


def test_the_council_page_links_to_practice_and_development(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    page = _text(_as(client, make_user, "viewer").get("/councils/990/"))
    assert f'href="{PAGE}"' in page
    assert f'href="{QUALITY}"' in page and f'href="{VOICE}"' in page


def test_each_page_holds_its_own_parts_and_downloads_only_its_own_tables(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    analyst = _as(client, make_user, "analyst")
    quality = _text(analyst.get(QUALITY))
    assert "<h1" in quality and "Practice quality" in quality
    assert 'id="audits"' in quality and 'id="indicators"' in quality and 'id="supervision"' not in quality
    assert 'action="/councils/990/practice-quality/"' in quality
    assert "No case audit records are held for 990." in quality  # this council holds none: no table, no download
    assert "/councils/990/practice-quality/download/" not in quality
    development = _text(analyst.get(PAGE))
    assert 'id="supervision"' in development and 'id="audits"' not in development and 'id="hr_cases"' not in development
    assert analyst.get("/councils/990/practice-quality/download/supervision-team.csv").status_code == 404
    assert analyst.get("/councils/990/development/download/supervision-team.csv").status_code == 200


def test_hr_casework_counts_cases_open_and_a_viewer_sees_small_ones_withheld(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    source = m.Source.objects.create(
        council=council, kind="upload", name="cases.csv", recorded_at=datetime(2025, 11, 3, tzinfo=UTC)
    )
    source.complete_to = date(2025, 10, 31)
    source.save()
    common = {"council": council, "source": source}
    # 6 conduct cases open on 31 October 2025, 2 capability (one closed that day: not open), 1 grievance opened and
    # closed in the year
    for n in range(6):
        m.HRCase.objects.create(key=f"case:C{n}", kind="conduct", opened=date(2025, 2, 1 + n), **common)
    m.HRCase.objects.create(key="case:P1", kind="capability", opened=date(2024, 12, 1), **common)
    m.HRCase.objects.create(
        key="case:P2", kind="capability", opened=date(2024, 12, 2), closed=date(2025, 10, 31), **common
    )
    m.HRCase.objects.create(key="case:G1", kind="grievance", opened=date(2025, 3, 1), closed=date(2025, 4, 1), **common)
    analyst = _text(_as(client, make_user, "analyst").get(VOICE))
    table = _table(analyst, "Formal HR cases by kind: open on 31 October 2025")
    assert table == [
        ["Conduct or disciplinary", "6", "6", "0"],
        ["Capability or performance", "1", "2", "1"],
        ["Grievance", "0", "1", "1"],
        ["Total", "7", "9", "2"],
    ]
    client.logout()
    viewer = _text(_as(client, make_user, "viewer").get(VOICE))
    shown = _table(viewer, "Formal HR cases by kind")
    # open: 1 capability case is small, so the next-smallest (6 conduct) goes with it; the total of 7 stays
    assert [r[1] for r in shown] == ["c", "c", "0", "7"]


def test_case_audits_by_team_and_a_viewer_sees_small_teams_withheld(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    source = m.Source.objects.create(
        council=council,
        kind="upload",
        name="audits.csv",
        recorded_at=datetime(2025, 11, 3, tzinfo=UTC),
        complete_to=date(2025, 10, 31),
        complete_from=date(2024, 11, 1),
    )
    team_a, team_b = m.Team.objects.get(key="team-a"), m.Team.objects.get(key="team-b")
    grades = {team_a: ["good"] * 5 + ["outstanding", "inadequate"], team_b: ["requires_improvement", "good"]}
    n = 0
    for team, graded in grades.items():
        for grade in graded:
            n += 1
            m.CaseAudit.objects.create(
                council=council,
                source=source,
                key=f"audit:{n}",
                child_ref=f"CH{n}",
                on=date(2025, 3, n),
                grade=grade,
                team=team,
            )
    # Team A: 7 audits, 6 good or better (85.7%), 1 inadequate (14.3%); Team B: 2, 1 (50.0%), 0; total 9, 7, 1
    page = _text(_as(client, make_user, "analyst").get(QUALITY))
    table = _table(page, "Case audits by team audited, 1 November 2024 to 31 October 2025")
    assert table == [
        ["Team A", "7", "6", "85.7", "1", "14.3"],
        ["Team B", "2", "1", "50.0", "0", "0.0"],
        ["Total", "9", "7", "77.8", "1", "11.1"],
    ]
    client.logout()
    shown = _table(_text(_as(client, make_user, "viewer").get(QUALITY)), "Case audits by team audited")
    # Team B's 2 audits are withheld, so Team A's 7 are too (the total less Team A would give them)
    assert [r[1] for r in shown] == ["c", "c", "9"]


def test_practice_indicators_by_month_and_a_viewer_sees_small_ones_withheld(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    source = m.Source.objects.create(
        council=council,
        kind="upload",
        name="indicators.csv",
        recorded_at=datetime(2025, 11, 3, tzinfo=UTC),
        complete_to=date(2025, 10, 31),
    )
    march = date(2025, 3, 1)
    for indicator, numerator, denominator in (
        ("assessments_45_days", 45, 50),
        ("cp_lac_visits", 290, 300),
        ("iro_midway_visits", 3, 4),
        ("compliments", 6, None),
        ("complaints", 2, None),
    ):
        m.IndicatorMonth.objects.create(
            council=council,
            source=source,
            indicator=indicator,
            month=march,
            numerator=numerator,
            denominator=denominator,
        )
    # March 2025: 90.0% of 50 assessments; 96.7% of visits; IRO 3 of 4 (75.0%); 6 compliments, 2 complaints
    page = _text(_as(client, make_user, "analyst").get(QUALITY))
    table = _table(page, "Practice indicators by month, 1 March 2025 to 31 October 2025")
    assert table == [["March 2025", "90.0", "50", "96.7", "75.0", "6", "2"]]
    client.logout()
    shown = _table(_text(_as(client, make_user, "viewer").get(QUALITY)), "Practice indicators by month")
    # IRO: 3 of 4 (both small) withheld; 2 complaints withheld; 45 of 50 (5 late) and 290 of 300 shown
    assert shown == [["March 2025", "90.0", "50", "96.7", "c", "6", "c"]]
