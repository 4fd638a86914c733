"""The practice and development page as people use it: an analyst follows the link from the council page to
a council holding every kind of practice and development record (every chart with its table after it, every
table downloadable), a viewer sees small numbers withheld, a team manager sees only their team's rows. Every page
is checked with axe-core; screenshots go to var/screenshots/ for a person to look at."""

from __future__ import annotations

from tests.browser.conftest import MANAGER_TEAM, NOW, PASSWORD, assert_accessible, sign_in

PARTS = [
    "Supervision",
    "Performance reviews",
    "Training",
    "ASYE: cohorts, outcomes and caseloads",
    "Student placements",
    "Progression",
]
OTHER_PAGES = {  # the other pages of figures from dated records, linked from the council page: their parts
    "Recruitment and agency": ["Recruitment", "Agency placements", "Agency spend and the regional return"],
    "Practice quality": ["Case audits", "Case allocations", "Practice indicators"],
    "Staff voice and wellbeing": ["Exit and retention interviews", "Staff surveys", "HR casework"],
}


def _with_development(site) -> None:  # type: ignore[no-untyped-def]
    """Council 992 (Eastmoor): the synthetic council with its practice and development records, and a manager
    of its Child Protection team."""
    from csc_workforce.store.services.accounts import user_create
    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code="992",
        name="Eastmoor",
        region="North West",
        first_year=2023,
        last_year=2025,
        seed=3,
        size=60,
        development=True,
    )
    demo_load(records=records, description="Synthetic test council", recorded_by="tests", now=NOW)
    user_create(
        username="manager992",
        password=PASSWORD,
        created_by="tests",
        now=NOW,
        role="manager",
        la_code="992",
        teams=[MANAGER_TEAM],
    )


def test_an_analyst_reads_practice_and_development_and_downloads_a_table(page, site) -> None:  # type: ignore[no-untyped-def]
    _with_development(site)
    sign_in(page, site, "analyst", "/councils/992/")
    with page.expect_navigation():
        page.get_by_role("link", name="Practice and development").first.click()
    assert page.get_by_role("heading", name="Practice and development", level=1).is_visible()
    assert page.locator("h2.govuk-heading-l").all_inner_texts() == PARTS
    assert page.locator(".govuk-inset-text", has_text="No ").count() == 0, "every kind is held for Eastmoor"
    charts = page.locator("svg.app-chart")
    assert charts.count() == 3  # the supervision trend, ASYE retention, the placement funnel
    for n in range(charts.count()):  # each chart is followed by the table of its figures
        figure = charts.nth(n).locator("xpath=ancestor::figure[1]")
        assert figure.locator("xpath=following-sibling::table[1]").count() == 1
    supervision = page.get_by_role("table", name="Supervision on time by team,")
    assert supervision.locator("tbody tr").count() > 3
    assert "c" not in supervision.locator("tbody td").all_inner_texts(), "an analyst sees every figure"
    assert_accessible(page, "development-analyst")
    for title, parts in OTHER_PAGES.items():
        page.goto(site("/councils/992/"))
        with page.expect_navigation():
            page.get_by_role("link", name=title).click()
        assert page.get_by_role("heading", name=title, level=1).is_visible()
        assert page.locator("h2.govuk-heading-l").all_inner_texts() == parts
        assert page.locator(".govuk-inset-text", has_text="No ").count() == 0, "every kind is held for Eastmoor"
        assert_accessible(page, f"{title.split()[0].lower()}-analyst")
    page.goto(site("/councils/992/development/"))  # a download aborts the page's request: last
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV file of Supervision on time by team,").click()
    assert download.value.suggested_filename.startswith("992-supervision-team-")


def test_a_viewer_sees_small_numbers_withheld(page, site) -> None:  # type: ignore[no-untyped-def]
    _with_development(site)
    sign_in(page, site, "viewer", "/councils/992/development/")
    assert page.get_by_text('Counts from 1 to 4 are shown as "c"').is_visible()
    cells = page.get_by_role("table", name="ASYE workers' caseloads").locator("tbody td").all_inner_texts()
    assert "c" in cells, "a team's one or two ASYE workers are withheld"
    assert_accessible(page, "development-viewer")


def test_a_manager_sees_only_their_teams_rows(page, site) -> None:  # type: ignore[no-untyped-def]
    _with_development(site)
    sign_in(page, site, "manager992", "/councils/992/development/")
    page.locator("summary", has_text="Supervision on time by your teams and worker group").click()
    table = page.get_by_role("table", name="Supervision on time by your teams and worker group")
    teams = set(table.locator("tbody tr th").all_inner_texts())
    assert teams == {MANAGER_TEAM}
    by_team = page.get_by_role("table", name="Supervision on time by team,")
    assert set(by_team.locator("tbody tr th").all_inner_texts()) == {MANAGER_TEAM, "Total"}
    assert_accessible(page, "development-manager")
