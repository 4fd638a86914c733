"""Recording practice and development as people do it in the browser: a team manager records a supervision
session for one of their workers (first with nothing filled in, reading the errors and following one to its
field), and a programme lead updates an ASYE. Every page on the way is checked with axe-core; the forms with
their errors are also saved as /tmp/record-*.png for a person to look at."""

from __future__ import annotations

from datetime import date

from tests.browser.conftest import MANAGER_TEAM, assert_accessible, sign_in


def test_a_manager_records_a_supervision_session_after_reading_the_errors(page, site) -> None:  # type: ignore[no-untyped-def]
    from csc_workforce.store import models as m

    sign_in(page, site, "manager", "/councils/990/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record supervision and reviews").click()
    assert_accessible(page, "manager-record-workers")
    teams = page.get_by_role("table", name="Workers, by team").locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert teams and set(teams) == {MANAGER_TEAM}, "a manager lists only the workers of their own team"

    with page.expect_navigation():
        page.get_by_role("link", name="Supervision session for").first.click()
    assert page.get_by_role("heading", name="Record a supervision session").is_visible()
    assert_accessible(page, "manager-record-supervision")

    with page.expect_navigation():
        page.get_by_role("button", name="Record the session").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link").all_inner_texts() == [
        "Enter the date of the session",
        "Select the kind of supervision",
        "Select yes if it was written up after the deadline",
    ]
    assert page.title().startswith("Error: ")
    page.screenshot(path="/tmp/record-supervision-errors.png", full_page=True)
    assert_accessible(page, "manager-record-supervision-errors")
    summary.get_by_role("link", name="Enter the date of the session").click()
    assert page.evaluate("() => document.activeElement.id") == "id_on", "the link moves to the day box"

    today = date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill("20")  # a two-digit year: one error, against the date
    page.get_by_label("One-to-one supervision").check()
    page.get_by_label("No").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the session").click()
    assert page.locator(".govuk-error-summary").get_by_role("link").all_inner_texts() == [
        "The date of the session must have a year with 4 numbers, for example 2025"
    ]
    assert page.get_by_label("One-to-one supervision").is_checked(), "the answers given are kept"
    page.screenshot(path="/tmp/record-supervision-year-error.png", full_page=True)
    assert_accessible(page, "manager-record-supervision-year-error")

    page.get_by_label("Year").fill(str(today.year))
    with page.expect_navigation():
        page.get_by_role("button", name="Record the session").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert f"Recorded one-to-one supervision on {today.day} {today:%B %Y} for" in banner
    assert_accessible(page, "manager-record-supervision-recorded")
    session = m.SupervisionSession.objects.get()
    assert session.source is not None and session.source.recorded_by == "manager"
    assert m.AuditEvent.objects.filter(action="record-supervision", username="manager").count() == 1


def test_a_programme_lead_updates_an_asye(page, site) -> None:  # type: ignore[no-untyped-def]
    from csc_workforce.store import models as m

    person = m.Person.objects.filter(council__la_code="990", swe_no__isnull=False).order_by("key").first()
    m.ProgrammeSpell.objects.create(
        council=person.council, key="asye-browser", person=person, programme="asye", start=date(2025, 9, 1),
        outcome="ongoing",
    )  # fmt: skip

    sign_in(page, site, "analyst", "/councils/990/development/record/")
    with page.expect_navigation():
        page.get_by_role("link", name="Update an ASYE or another programme").click()
    assert_accessible(page, "analyst-programmes")
    with page.expect_navigation():
        page.get_by_role(
            "link", name=f"Update the Assessed and Supported Year in Employment (ASYE) of {person.swe_no}"
        ).click()  # noqa: E501
    assert page.get_by_role("heading", name="Update an ASYE").is_visible()
    assert_accessible(page, "analyst-update-asye")

    page.get_by_label("Passed or completed").check()
    page.get_by_label("Protected development time, per cent (optional)").fill("10")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the changes").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link").all_inner_texts() == ["Enter the date the programme ended"]
    page.screenshot(path="/tmp/record-asye-errors.png", full_page=True)
    assert_accessible(page, "analyst-update-asye-errors")

    ended = page.get_by_role("group", name="Date the programme ended (optional)")
    ended.get_by_label("Day").fill("31")
    ended.get_by_label("Month").fill("8")
    ended.get_by_label("Year").fill("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the changes").click()
    assert (
        "Updated the Assessed and Supported Year in Employment (ASYE) of"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert_accessible(page, "analyst-programmes-updated")
    spell = m.ProgrammeSpell.objects.get(key="asye-browser")
    assert (spell.outcome, spell.end, str(spell.protected_time_pct)) == ("passed", date(2026, 8, 31), "10.000")
