"""Reflow at 320 CSS px (WCAG 2.2 SC 1.4.10, what a 1280 px screen shows at 400% zoom): on each page of the app
that shows figures, at 320 x 640, the page itself never scrolls sideways (``scrollWidth`` of the document is at
most 320); whatever is wider than the screen (a table of many columns, a chart kept at a legible size) is inside
a scrolling region (``.app-scroll``, the one mechanism: ``{% scrolls %}`` in templatetags/figures.py) that is
named, is reached by Tab, shows where the focus is and scrolls with the arrow keys. Each chart's text stays at
least 9 px. Every page is also checked with axe-core; screenshots go to /tmp/reflow-<page>.png and
var/screenshots/reflow-<page>.png for a person to look at."""

from __future__ import annotations

from csc_workforce.store.services.dashboard import COUNCIL_PARTS
from tests.browser.conftest import assert_accessible, focused, sign_in, tab_to
from tests.browser.test_development_page import _with_development
from tests.browser.test_upload_flow import _people_file, _upload

WIDTH, HEIGHT = 320, 640
SMALLEST_CHART_TEXT = 9.0  # px, as drawn: the chart is never scaled down below this
SLACK = 0.5  # px: rounding in the browser's boxes

MEASURE = """width => {
    const root = document.documentElement;
    const beyond = [];
    for (const e of document.body.querySelectorAll('*')) {
        if (e.closest('.app-scroll') || e.closest('.govuk-visually-hidden, .govuk-skip-link')) continue;
        const r = e.getBoundingClientRect();
        if (r.width && r.right > width + 0.5) {
            beyond.push(`${e.tagName.toLowerCase()}.${e.className.baseVal ?? e.className}`
                        + ` "${(e.textContent || '').trim().slice(0, 40)}" right=${Math.round(r.right)}`);
        }
    }
    const regions = [...document.querySelectorAll('.app-scroll')].map(e => {
        const r = e.getBoundingClientRect();
        const labelled = (e.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
            .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
        return {role: e.getAttribute('role'), tabindex: e.getAttribute('tabindex'),
                name: (e.getAttribute('aria-label') || labelled).trim(), right: r.right,
                overflows: e.scrollWidth > e.clientWidth + 1};
    });
    const text = [];
    for (const svg of document.querySelectorAll('svg.app-chart')) {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        text.push({title: svg.querySelector(':scope > title').textContent, smallest: Math.min(...sizes)});
    }
    return {scrollWidth: root.scrollWidth, beyond, regions, text};
}"""


def _check(page, name: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The page as loaded (at 320 px wide), its details opened: no page-level sideways scroll, every scroll region
    named and focusable with a visible focus, one that overflows scrolled by the keyboard, charts' text legible,
    axe."""
    page.wait_for_load_state("load")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")  # what they hide too
    found = page.evaluate(MEASURE, WIDTH)
    problems = [f"{name}: the page is {found['scrollWidth']} px wide"] if found["scrollWidth"] > WIDTH else []
    problems += [f"{name}: wider than the screen, outside a scroll region: {e}" for e in found["beyond"][:8]]
    for n, region in enumerate(found["regions"]):
        if region["role"] != "region" or region["tabindex"] != "0" or not region["name"]:
            problems.append(f"{name}: scroll region {n} is not a named, focusable region: {region}")
        if region["right"] > WIDTH + SLACK:
            problems.append(f"{name}: scroll region {n} ({region['name']}) is wider than the screen")
    for chart in found["text"]:
        if chart["smallest"] < SMALLEST_CHART_TEXT - 0.05:
            problems.append(f"{name}: {chart['title']}: text drawn at {chart['smallest']:.1f} px")
    assert not problems, "\n".join(problems)
    regions = page.locator(".app-scroll")
    for n in range(regions.count()):
        region = regions.nth(n)
        region.focus()
        assert region.evaluate("e => e === document.activeElement"), f"{name}: scroll region {n} takes no focus"
        style = region.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
        assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2, f"{name}: no visible focus {style}"
    overflowing = [n for n, region in enumerate(found["regions"]) if region["overflows"]]
    if overflowing:  # the keyboard scrolls a region that is wider than the screen
        region = regions.nth(overflowing[0])
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
    page.screenshot(path=f"/tmp/reflow-{name}.png", full_page=True)
    assert_accessible(page, f"reflow-{name}")
    return found


def _phone(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_the_council_pages_reflow_at_320_px(page, site) -> None:  # type: ignore[no-untyped-def]
    """The council's overview and every sub-page (Northgate's, and Eastmoor's, whose HR records give the causes
    of sickness), as an analyst sees them (every figure shown: the widest tables)."""
    _with_development(site)
    _phone(page)
    sign_in(page, site, "analyst", "/councils/990/")
    overflowed = 0
    for la_code in ("990", "992"):
        for part in COUNCIL_PARTS:
            if part.key == "sickness" and la_code == "990":
                continue  # Northgate's records give no causes: no sickness sub-page
            path = f"/councils/{la_code}/{part.key + '/' if part.key else ''}"
            page.goto(site(path))
            found = _check(page, f"council-{la_code}-{part.key or 'overview'}")
            overflowed += sum(region["overflows"] for region in found["regions"])
    assert overflowed, "some table or chart is wider than 320 px and scrolls in its region"
    # Tab reaches a region (after the header's links, the sub-navigation and the downloads), which shows its focus
    page.goto(site("/councils/990/trends/"))
    tab_to(page, ".app-scroll", most=40)
    assert focused(page)["outline"].startswith("solid 3px"), focused(page)


def test_strategies_benchmarks_and_records_pages_reflow_at_320_px(page, site) -> None:  # type: ignore[no-untyped-def]
    _with_development(site)
    _phone(page)
    sign_in(page, site, "analyst", "/strategies/")
    for name, path in (
        ("strategies", "/strategies/"),
        ("strategy-bexley", "/strategies/bexley-2020-23/?as_at=2026-01-01"),
        ("strategy-dudley", "/strategies/dudley-2021-23/?as_at=2024-01-01"),
        ("benchmark", "/councils/990/benchmark/"),
        ("benchmark-region", "/councils/209/benchmark/?year=2019"),
        ("development", "/councils/992/development/"),
        ("recruitment-agency", "/councils/992/recruitment-agency/"),
        ("practice-quality", "/councils/992/practice-quality/"),
        ("staff-voice", "/councils/992/staff-voice/"),
        ("reports", "/councils/992/reports/"),
        ("forecast", "/councils/992/forecast/?months=12"),
        ("forecast-scenario", "/councils/992/forecast/scenario/"),
        ("reports-scrutiny", "/councils/992/reports/?kind=scrutiny"),
    ):
        page.goto(site(path))
        found = _check(page, name)
        wide = any(region["overflows"] for region in found["regions"])
        assert wide or name in ("reports", "forecast-scenario"), f"{name}: no table or chart wider than the screen"
    assert page.get_by_role("heading", name="Purpose of the report").is_visible()  # the scrutiny report was shown


def test_the_upload_preview_reflows_at_320_px(page, site) -> None:  # type: ignore[no-untyped-def]
    from csc_workforce.store import models as m

    _phone(page)
    sign_in(page, site, "analyst", "/uploads/")
    _check(page, "uploads")
    in_post = m.Person.objects.filter(council__la_code="990", ethnicity="WBRI", engagements__end_date__isnull=True)
    swe = in_post.exclude(engagements__contract="agency").first().swe_no
    _upload(page, site, _people_file(swe, "31/02/1990"), "staff.csv")
    assert page.get_by_role("table", name="Every problem, in file order").count() == 1
    _check(page, "upload-rejected")
    _upload(page, site, _people_file(swe, "1990-02-28"), "staff-fixed.csv")
    assert page.get_by_role("button", name="Confirm and load").count() == 1
    _check(page, "upload-preview")


def test_the_administrators_and_analysts_pages_reflow_at_320_px(page, site) -> None:  # type: ignore[no-untyped-def]
    """The pages of lists and records: measures, data held, the audit log, users, a reconciliation, an action
    plan, the saved column mappings, the recording of development, the report settings and the cost-of-turnover
    assumptions."""
    _with_development(site)
    _phone(page)
    sign_in(page, site, "admin", "/measures/?year=2025")
    for name, path in (
        ("measures", "/measures/?year=2025"),
        ("data", "/data/"),
        ("audit", "/audit/"),
        ("users", "/users/"),
        ("reconcile", "/councils/990/reconcile/"),
        ("actions", "/councils/990/strategies/slough-2014-17/actions/"),
        ("mappings", "/uploads/mappings/"),
        ("record-workers", "/councils/992/development/record/"),
        ("report-settings", "/councils/992/reports/settings/"),
        ("turnover-assumptions", "/councils/992/turnover-assumptions/"),
    ):
        page.goto(site(path))
        assert page.get_by_role("heading", level=1).count() == 1
        _check(page, name)
