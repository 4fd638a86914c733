"""Signing in and out as a person does, with the keyboard only: Tab to the fields, type, press Enter; and an
admin's second factor, set up and then used."""

from __future__ import annotations

import base64
import time

from tests.browser.conftest import PASSWORD, assert_accessible, focused, tab_to


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


def test_an_admin_sets_up_a_second_factor_then_signs_in_with_a_code(page, site, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_second_factor import totp

    settings.TOTP_REQUIRED_ROLES = ["admin"]
    page.goto(site("/sign-in/"))
    tab_to(page, "#id_username")
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site("/sign-in/set-up-code/")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up an authenticator app"
    assert_accessible(page, "second-factor-set-up")
    key = base64.b32decode(page.locator("#setup-key").inner_text().replace(" ", ""))

    code = page.get_by_label("Code from your authenticator app")
    assert code.get_attribute("autocomplete") == "one-time-code" and code.get_attribute("inputmode") == "numeric"
    code.fill("12345")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "The code must be 6 digits" in summary.inner_text()
    assert page.title().startswith("Error: Set up an authenticator app")
    assert_accessible(page, "second-factor-set-up-error")

    first_step = int(time.time()) // 30
    page.get_by_label("Code from your authenticator app").fill(totp(key))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(site("/sign-in/"))
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url == site("/sign-in/code/")
    assert_accessible(page, "second-factor-code")
    # The first code is used up: the next step's code while the clock is still in the first code's step, else the
    # current one (a first code that crossed a step boundary sets the device's drift back a step, and the next
    # step's code would then be two ahead of what the device expects).
    later = 1 if int(time.time()) // 30 == first_step else 0
    page.get_by_label("Code from your authenticator app").fill(totp(key, later))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
