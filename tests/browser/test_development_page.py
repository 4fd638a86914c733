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
    "Recruitment and agency": [
        "Recruitment",
        "Agency placements",
        "Agency spend and the regional return",
        "The cost of turnover",
    ],
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
        assert figure.locator("xpath=following-sibling::*[1][self::div[@role='region']]/table").count() == 1
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


def test_an_analyst_changes_the_cost_of_turnover_s_assumptions(page, site) -> None:  # type: ignore[no-untyped-def]
    """From the cost of turnover to its assumptions: a mistake is named in the error summary and at the box, the
    corrected assumptions are saved and the part says who set them."""
    _with_development(site)
    sign_in(page, site, "analyst", "/councils/992/recruitment-agency/#turnover")
    assert page.get_by_role("table", name="The cost of turnover,").is_visible()
    assert page.get_by_text("The stated defaults: the council has not set its own.").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Change the assumptions").click()
    assert page.get_by_role("heading", name="The cost of turnover: assumptions", level=1).is_visible()
    assert_accessible(page, "turnover-assumptions")
    page.get_by_label("Employer's on-costs, per cent of salary").fill("thirty")
    page.get_by_label("Salary, case holder (£ a year)").fill("44,500")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the assumptions").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and page.title().startswith("Error: ")
    assert "The employer's on-costs must be a number, like 30" in summary.inner_text()
    assert_accessible(page, "turnover-assumptions-error")
    page.get_by_label("Employer's on-costs, per cent of salary").fill("28")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the assumptions").click()
    assert page.get_by_text("Saved the assumptions").is_visible()
    assumptions = page.get_by_role("table", name="The assumptions in force")
    assert "£44,500 a year" in assumptions.inner_text() and "28% of salary" in assumptions.inner_text()
    page.get_by_role("heading", name="The cost of turnover", level=2).scroll_into_view_if_needed()
    assert_accessible(page, "turnover-analyst")


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
