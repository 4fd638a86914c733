"""The live server serves /static/ (as WhiteNoise does in production), so the pages under test have GOV.UK
Frontend's styles and scripts, with the Content-Security-Policy in force."""

from __future__ import annotations


def test_styles_and_scripts_load_and_govuk_frontend_starts(page, site) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(site("/sign-in/"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for path, kind in [
        ("/static/govuk/govuk-frontend.min.css", "text/css"),
        ("/static/css/app.css", "text/css"),
        ("/static/govuk/govuk-frontend.min.js", "javascript"),
        ("/static/js/app.js", "javascript"),
    ]:
        asset = page.request.get(site(path))
        assert asset.status == 200 and kind in asset.headers["content-type"], path
    # GOV.UK Frontend's JavaScript ran (it marks the body), and its styles apply (the skip link is hidden until
    # focused; the button is not the browser's grey one), and our system-font override too.
    page.wait_for_function("() => document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate("() => document.styleSheets.length") >= 2
    assert page.locator(".govuk-skip-link").evaluate("e => e.getBoundingClientRect().width") <= 1
    assert page.locator(".govuk-button").evaluate("e => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "rgb(239, 239, 239)",
    )
    assert "GDS Transport" not in page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert page.problems == [], page.problems
