"""Every page the app has passes axe-core's WCAG 2.2 A and AA rules (and axe's best practices), for the roles
that can see it. A page whose content does not change with the role is checked once. Screenshots of each page
are saved in var/screenshots/<role>-<page>.png (see docs/accessibility.md)."""

from __future__ import annotations

import pytest

from csc_workforce.store.services.dashboard import COUNCIL_PARTS
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_development_page import _with_development

FORBIDDEN = "You cannot see this page"


def sub_pages(la_code: str, name: str) -> list[tuple[str, str, str]]:
    """The council's sub-pages that these councils' records fill (none records sickness causes: see
    test_the_sickness_sub_page)."""
    return [
        (f"council-{part.key}", f"/councils/{la_code}/{part.key}/", f"{part.title}: {name}")
        for part in COUNCIL_PARTS
        if part.key and part.key != "sickness"
    ]


# (screenshot name, path, the page's <h1>) for each role; the admin sees the most, and the pages every role
# sees alike (measures, 404) are checked as admin.
PAGES = {
    "admin": [
        ("dashboard", "/", "Dashboard"),
        ("council", "/councils/990/", "Northgate"),
        *sub_pages("990", "Northgate"),
        ("measures", "/measures/", "Measures"),
        ("measures-results", "/measures/?year=2025", "Measures"),
        ("measures-one-council", "/measures/?year=2025&la=991", "Measures"),
        ("measures-error", "/measures/?year=not-a-year", "Measures"),
        ("measures-year-not-held", "/measures/?year=2019", "Measures"),
        ("data", "/data/", "Data held"),
        ("reconcile-no-returns", "/councils/990/reconcile/", "Census returns and records"),
        ("audit", "/audit/", "Audit log"),
        ("audit-error", "/audit/?date_from=31-03-2025", "Audit log"),
        ("not-found", "/councils/999/", "Page not found"),
        ("not-found-address", "/no-such-page/", "Page not found"),
    ],
    "analyst": [
        ("dashboard", "/", "Dashboard"),
        ("data", "/data/", "Data held"),
        ("forbidden", "/audit/", FORBIDDEN),
    ],
    "manager": [
        ("dashboard", "/", "Dashboard"),
        ("council", "/councils/990/", "Northgate"),
        *sub_pages("990", "Northgate"),
        ("forbidden", "/data/", FORBIDDEN),
        ("forbidden-reconcile", "/councils/990/reconcile/", FORBIDDEN),
    ],
    "viewer": [
        ("dashboard", "/", "Dashboard"),
        ("council", "/councils/991/", "Southbridge"),
        *sub_pages("991", "Southbridge"),
        ("forbidden", "/audit/", FORBIDDEN),
    ],
    "analyst991": [("forbidden-council", "/councils/990/", FORBIDDEN)],
}


def test_sign_in_page_and_its_error(page, site) -> None:  # type: ignore[no-untyped-def]
    page.goto(site("/sign-in/"))
    assert_accessible(page, "anonymous-sign-in")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "anonymous-sign-in-error")


@pytest.mark.parametrize("role", PAGES)
def test_every_page_for_each_role(page, site, role: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, role)
    for name, path, heading in PAGES[role]:
        page.goto(site(path))
        assert page.get_by_role("heading", level=1).inner_text() == heading, path
        assert_accessible(page, f"{role}-{name}")


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_the_sickness_sub_page(page, site, role: str) -> None:  # type: ignore[no-untyped-def]
    """Eastmoor's HR records give the causes of sickness absence: its sub-page is in the sub-navigation."""
    _with_development(site)
    sign_in(page, site, role, "/councils/992/")
    navigation = page.get_by_role("navigation", name="Eastmoor's figures")
    navigation.get_by_role("link", name="Sickness").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sickness: Eastmoor"
    assert navigation.get_by_role("link", name="Sickness").get_attribute("aria-current") == "page"
    page.get_by_role("table", name="Sickness absence by cause", exact=False).wait_for()
    assert_accessible(page, f"{role}-council-sickness")
