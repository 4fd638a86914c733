"""The users page, as an administrator uses it: accessible, and a new user's password is shown once."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in


def test_an_admin_adds_a_user(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "admin", "/users/")
    assert_accessible(page, "admin-users")
    page.get_by_label("Username", exact=True).fill("newperson")
    page.get_by_label("Role", exact=True).select_option("viewer")
    with page.expect_navigation():
        page.get_by_role("button", name="Add user").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "The password for newperson is" in banner
    assert_accessible(page, "admin-users-added")
    page.reload()
    assert page.locator(".govuk-notification-banner").count() == 0, "the password is shown once"
    # the same person also works for a second council: a role there, shown beside the first
    page.get_by_label("Their username").fill("newperson")
    page.get_by_label("Role to give").select_option("analyst")
    page.get_by_label("At the council").select_option("991")
    with page.expect_navigation():
        page.get_by_role("button", name="Give role").click()
    assert "newperson is now analyst at 991." in page.locator(".govuk-notification-banner").inner_text()
    row = page.get_by_role("row").filter(has_text="newperson").inner_text()
    assert "viewer at every council" in row and "analyst at 991" in row
    assert_accessible(page, "admin-users-role-given")


def test_an_admin_makes_an_api_token_and_revokes_it(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "admin", "/users/")
    with page.expect_navigation():
        page.get_by_role("button", name="Make API token for admin").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "The API token for admin is cscw_" in banner and "expires in 90 days" in banner
    assert_accessible(page, "admin-users-token")
    with page.expect_navigation():
        page.get_by_role("button", name="Revoke API token").first.click()
    assert "was revoked: it no longer works" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_role("button", name="Revoke API token").count() == 0
    assert_accessible(page, "admin-users-token-revoked")
