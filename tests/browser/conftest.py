"""Browser tests: Playwright (Python) driving Chromium against the app on a live server.

The Chromium is the one ``scripts/ensure_chromium.py`` finds (``make test`` runs it first, and installs one where
none is found): ``CSC_WORKFORCE_CHROMIUM``, Debian's ``/usr/bin/chromium``, a ``chromium`` on PATH, or
Playwright's own. Without one the browser tests fail, saying what to run; they are never skipped.

Every page a test visits is checked with axe-core for WCAG 2.2 A and AA; screenshots go to
``var/screenshots/`` (kept out of git) so a person can look at what the test saw.

One Chromium per session; each test gets a fresh browser context (no cookies carried over). The app runs on
pytest-django's ``live_server`` (a thread in this process; it serves ``/static/`` itself through Django's
staticfiles handler, as WhiteNoise does in production). Data is seeded with the project's own services.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scripts.ensure_chromium import find_chromium, not_found_in_tests

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# axe's best practices (landmarks, heading order, one main, ...) are not WCAG failures on their own, but they
# are what GOV.UK pages meet and what screen-reader users rely on, so they must pass too.
AXE_TAGS = [*WCAG_TAGS, "best-practice"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
PASSWORD = "Correct-horse-42-battery"
MANAGER_TEAM = "Child Protection"


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One Chromium for all the browser tests, closed when they are done (package scope, so the rest of the
    suite runs without it).

    Playwright's synchronous API keeps an asyncio event loop running in the main thread, and Django refuses
    database calls from a thread with a running loop. The tests' own database calls (seeding) are plain
    synchronous code, so Django's check is switched off while the browser is open, and only then."""
    chromium = find_chromium(os.environ)
    if chromium is None:
        pytest.fail(not_found_in_tests(os.environ))
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A page in a fresh context. Console errors (a Content-Security-Policy violation, a script that fails, an
    asset that does not load) are collected in ``page.problems`` and fail :func:`assert_accessible`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    opened.problems = []

    def console(message) -> None:  # type: ignore[no-untyped-def]
        # A page answered with 403 or 404 is logged as "Failed to load resource"; assets are checked below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            opened.problems.append(message.text)

    def response(answer) -> None:  # type: ignore[no-untyped-def]
        if answer.status >= 400 and answer.request.resource_type != "document":
            opened.problems.append(f"{answer.status} for {answer.url}")

    opened.on("console", console)
    opened.on("response", response)
    opened.on("requestfailed", lambda request: opened.problems.append(f"failed: {request.url}"))
    opened.on("pageerror", lambda error: opened.problems.append(f"uncaught: {error}"))
    yield opened
    context.close()


def assert_accessible(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Run axe-core on the current page (WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices) and save
    a full-page screenshot to ``var/screenshots/<name>.png``; any violation fails the test.

    axe is evaluated through the DevTools protocol rather than added as an inline <script>: the app's
    Content-Security-Policy forbids inline scripts, and the page is tested with that policy in force.
    Also fails on console errors seen so far and on a page whose stylesheets did not load."""
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("() => document.styleSheets.length") >= 2, f"{name}: the stylesheets did not load"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    assert len(result["passes"]) > 20, f"axe-core did not run its rules on {name}"
    problems = [
        f"{v['id']} ({v['impact']}; {', '.join(t for t in v['tags'] if t in AXE_TAGS)}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['failureSummary']}".replace("\n", " ") for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, f"axe-core found accessibility problems on {name}:\n" + "\n".join(problems)
    assert not page.problems, f"console errors on {name}: {page.problems}"


# Seed data: two councils and a user of each role, through the project's services.


@dataclass(frozen=True)
class Site:
    url: str
    councils: tuple[str, ...]

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def council_records():  # type: ignore[no-untyped-def]
    from csc_workforce.synthetic import generate_council

    common = {"region": "North West", "first_year": 2023, "last_year": 2025, "size": 60}
    return [
        generate_council(la_code="990", name="Northgate", seed=1, **common),
        generate_council(la_code="991", name="Southbridge", seed=2, **common),
    ]


USERS = {
    "admin": {"role": "admin"},
    "analyst": {"role": "analyst"},
    "manager": {"role": "manager", "la_code": "990", "teams": [MANAGER_TEAM]},
    "viewer": {"role": "viewer"},
    "analyst991": {"role": "analyst", "la_code": "991"},
}


@pytest.fixture
def site(live_server, transactional_db, council_records, settings) -> Site:  # type: ignore[no-untyped-def]
    """The live app with councils 990 (Northgate) and 991 (Southbridge) and the users in ``USERS``.

    Passwords are hashed with a fast hasher here: Argon2 takes about 0.4 s a user, which is most of the
    seeding time, and the hash algorithm makes no difference to what the browser sees. No role needs a second
    factor here unless a test says so."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The second factor has its own journey (test_sign_in.py); the other journeys sign in with a password only.
    settings.TOTP_REQUIRED_ROLES = []

    from csc_workforce.store.services.accounts import user_create
    from csc_workforce.store.services.demo import demo_load

    cache.clear()
    for records in council_records:
        demo_load(records=records, description="Synthetic test council", recorded_by="tests", now=NOW)
    for username, profile in USERS.items():
        user_create(username=username, password=PASSWORD, created_by="tests", now=NOW, **profile)
    return Site(url=live_server.url, councils=("990", "991"))


def sign_in(page, site: Site, username: str, path: str = "/") -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form (filled, not typed: the keyboard journey is its own test)."""
    page.goto(site(path))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    assert "/sign-in/" not in page.url, f"{username} could not sign in"


# The keyboard


def focused(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The focused element: tag, id, class, text, href and its computed focus styles."""
    return page.evaluate(
        """() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: e.innerText.trim(),
                    href: e.getAttribute('href') || '', outline: s.outlineStyle + ' ' + s.outlineWidth + ' '
                    + s.outlineColor, boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color};
        }"""
    )


def tab_to(page, selector: str, most: int = 30) -> int:  # type: ignore[no-untyped-def]
    """Press Tab until the element matching ``selector`` has focus; returns how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} was not reached with {most} presses of Tab")
