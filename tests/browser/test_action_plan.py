"""A strategy's action plan in the browser: an analyst adds an action (reading the errors first), the manager
who owns it adds an update, and the plan shows it with its rating as text. Every page on the way is checked
with axe-core; the pages are also saved as /tmp/action-*.png for a person to look at."""

from __future__ import annotations

from datetime import date

from tests.browser.conftest import assert_accessible, sign_in

PLAN = "/councils/990/strategies/slough-2014-17/actions/"


def test_an_action_is_added_then_updated_by_its_owner(page, site, browser) -> None:  # type: ignore[no-untyped-def]
    from csc_workforce.store import models as m

    sign_in(page, site, "analyst", PLAN)
    assert page.get_by_role("heading", name="Action plan").is_visible()
    assert page.get_by_text("0 actions as at").is_visible()
    assert_accessible(page, "action-plan-empty")

    with page.expect_navigation():
        page.get_by_role("link", name="Add an action").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the action").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link").all_inner_texts() == [
        "Enter the reference",
        "Select the outcome the action is under",
        "Enter what the action is",
        "Select the action's status",
    ]
    page.screenshot(path="/tmp/action-add-errors.png", full_page=True)
    assert_accessible(page, "action-add-errors")
    summary.get_by_role("link", name="Enter what the action is").click()
    assert page.evaluate("() => document.activeElement.id") == "id_title", "the link moves to the field"

    page.get_by_label("Reference").fill("1.1")
    page.get_by_label("A sufficient and stable workforce of appropriate skills and competency").check()
    page.get_by_label("What the action is").fill("Rolling recruitment campaign for permanent posts")
    page.get_by_label("Owner (optional)").fill("manager")
    page.get_by_label("Not started").check()
    page.get_by_label("Average caseload figures (caseload_weighted)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the action").click()
    assert "Added action 1.1." in page.locator(".govuk-notification-banner").inner_text()
    row = page.get_by_role("row", name="1.1")
    assert "Not started" in row.inner_text() and "Green" in row.inner_text()  # no start or due date: not late
    page.screenshot(path="/tmp/action-plan.png", full_page=True)
    assert_accessible(page, "action-plan")

    # the manager who owns it updates it
    owner = browser.new_context(viewport={"width": 1280, "height": 900})
    other = owner.new_page()
    other.problems = []
    sign_in(other, site, "manager", PLAN)
    assert other.get_by_role("link", name="Edit action 1.1").count() == 0, "a manager does not edit actions"
    with other.expect_navigation():
        other.get_by_role("link", name="Update action 1.1").click()
    assert_accessible(other, "action-update")
    today = date.today()
    other.get_by_label("Day").fill(str(today.day))
    other.get_by_label("Month").fill(str(today.month))
    other.get_by_label("Year").fill(str(today.year))
    other.get_by_label("At risk").check()
    other.get_by_label("Note (optional)").fill("Fewer applications than planned")
    with other.expect_navigation():
        other.get_by_role("button", name="Add the update").click()
    assert "Added the update of" in other.locator(".govuk-notification-banner").inner_text()
    row = other.get_by_role("row", name="1.1")
    assert "Amber" in row.inner_text() and "Fewer applications than planned (manager)" in row.inner_text()
    other.screenshot(path="/tmp/action-plan-updated.png", full_page=True)
    assert_accessible(other, "action-plan-updated")
    owner.close()

    update = m.ActionUpdate.objects.get()
    assert (update.by, update.status, update.source.kind) == ("manager", "at_risk", "manual")
    assert m.AuditEvent.objects.filter(action="add-action-update", username="manager").count() == 1
    assert m.AuditEvent.objects.filter(action="save-action", username="analyst").count() == 1
