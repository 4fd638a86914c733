"""Signing in and out as a person does, with the keyboard only: Tab to the fields, type, press Enter."""

from __future__ import annotations

from tests.browser.conftest import PASSWORD, focused, tab_to


def test_sign_in_with_the_keyboard_then_sign_out(page, site) -> None:  # type: ignore[no-untyped-def]
    page.goto(site("/councils/990/"))
    assert "/sign-in/" in page.url, "a signed-out visitor is sent to sign in"

    tab_to(page, "#id_username")
    page.keyboard.type("analyst")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == site("/councils/990/"), "signing in returns to the page asked for"
    page.goto(site("/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    councils = page.get_by_role("table", name="Councils and their latest census-year measures")
    assert councils.get_by_role("link", name="Northgate (990)").is_visible()
    assert councils.get_by_role("link", name="Southbridge (991)").is_visible()
    assert "Signed in as analyst (analyst)" in page.locator(".govuk-phase-banner").inner_text()

    tab_to(page, "button.app-link-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site("/sign-in/")
    page.goto(site("/"))
    assert "/sign-in/" in page.url, "signed out: the dashboard asks to sign in again"


def test_wrong_password_shows_an_error_summary_that_takes_focus(page, site) -> None:  # type: ignore[no-untyped-def]
    page.goto(site("/sign-in/"))
    tab_to(page, "#id_username")
    page.keyboard.type("analyst")
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: Sign in")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    assert "Enter a correct username and password" in summary.inner_text()
    # GOV.UK Frontend moves focus to the summary, so screen readers announce it and keyboard users start there.
    page.wait_for_function("() => document.activeElement.classList.contains('govuk-error-summary')")
    assert page.get_by_label("Username").input_value() == "analyst"
    assert page.get_by_label("Password").input_value() == "", "the password is never sent back"
    assert "/sign-in/" in page.url
