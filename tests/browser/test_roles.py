"""What each role sees, as the browser shows it (docs/web.md, "Roles")."""

from __future__ import annotations

from tests.browser.conftest import MANAGER_TEAM, sign_in

FORBIDDEN = "You cannot see this page"
TEAM_TABLES = ["Establishment against permanent", "Funded posts (FTE) by team", "Caseloads by team"]


def test_manager_sees_only_their_team_and_no_data_or_audit(page, site, council_records) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "manager", "/councils/990/")
    assert page.get_by_role("heading", level=1).inner_text() == "Northgate"
    assert "Team tables show only the teams you manage" in page.locator(".govuk-inset-text").first.inner_text()
    page.goto(site("/councils/990/establishment/"))  # the team tables' sub-page, with the same notice
    assert "Team tables show only the teams you manage" in page.locator(".govuk-inset-text").first.inner_text()
    other_teams = {team.name for team in council_records[0].teams} - {MANAGER_TEAM}
    assert len(other_teams) > 5
    for caption in TEAM_TABLES:
        table = page.locator("table", has=page.locator("caption", has_text=caption))
        assert table.count() == 1, caption
        assert table.locator("tbody th").all_inner_texts() == [MANAGER_TEAM, "Total"], caption
        text = table.inner_text()
        assert not [name for name in other_teams if name in text], f"{caption}: another team's name is shown"

    navigation = page.get_by_role("navigation", name="Menu")
    assert not navigation.get_by_role("link", name="Data").count()
    assert not navigation.get_by_role("link", name="Audit").count()
    for path in ("/data/", "/audit/"):
        response = page.goto(site(path))
        assert response.status == 403, path
        assert page.get_by_role("heading", level=1).inner_text() == FORBIDDEN


def test_admin_sees_every_team(page, site, council_records) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "admin", "/councils/990/establishment/")
    establishment = page.locator("table", has=page.locator("caption", has_text=TEAM_TABLES[0]))
    shown = set(establishment.locator("tbody th").all_inner_texts())
    assert MANAGER_TEAM in shown and "Total" in shown and len(shown) > 5
    for path in ("/councils/990/establishment/", "/councils/990/people/", "/councils/990/stability/"):
        page.goto(site(path))
        assert not page.get_by_text('shown as "c"').count(), "no suppression notice for an admin"
        cells = [text.strip() for text in page.locator("td.govuk-table__cell").all_inner_texts()]
        assert cells and "c" not in cells, f"{path}: nothing is withheld from an admin"


def test_viewer_sees_the_suppression_notice_and_c(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "viewer", "/councils/990/")
    notice = page.locator(".govuk-inset-text", has_text='Counts from 1 to 4 are shown as "c"')
    assert notice.is_visible()
    page.goto(site("/councils/990/people/"))  # age, sex and ethnicity by role: small numbers
    assert notice.is_visible()
    cells = [text.strip() for text in page.locator("td.govuk-table__cell").all_inner_texts()]
    assert "c" in cells, 'no count is shown as "c" to a viewer'


def test_analyst_of_another_council_gets_403(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst991")
    dashboard = page.get_by_role("table", name="Councils and their latest census-year measures")
    assert dashboard.locator("tbody th").all_inner_texts() == ["Southbridge (991)"]
    response = page.goto(site("/councils/990/"))
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == FORBIDDEN
    assert "only your own council" in page.locator("main").inner_text()
    response = page.goto(site("/councils/990/download/establishment.csv"))
    assert response.status == 403, "nor can its tables be downloaded"
