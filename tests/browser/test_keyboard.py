"""Keyboard-only use: the skip link, the header navigation with a visible focus indicator on every stop, and
the council's sub-navigation between its overview and sub-pages."""

from __future__ import annotations

from tests.browser.conftest import focused, sign_in, tab_to

GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"


def has_focus_indicator(style: dict[str, str]) -> bool:
    """GOV.UK's focus state (yellow background, black underline), or any visible outline or box shadow."""
    outline_style, outline_width, *_ = style["outline"].split(" ")
    visible_outline = outline_style != "none" and outline_width != "0px" and "rgba(0, 0, 0, 0)" not in style["outline"]
    return style["background"] == GOVUK_FOCUS_YELLOW or visible_outline or style["boxShadow"] != "none"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "admin", "/measures/")
    page.goto(site("/measures/"))
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to main content" and first["href"] == "#main-content"
    assert page.locator(".govuk-skip-link").is_visible(), "the skip link shows when it has focus"
    assert has_focus_indicator(first), first
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content", "focus moves to the main content"
    # The next Tab goes into the page's content, not back into the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main-content').contains(document.activeElement)")


def test_every_header_link_and_button_is_reached_by_tab_with_visible_focus(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "admin")
    page.goto(site("/"))
    in_header = [t.strip() for t in page.locator("header").locator("a, button").filter(visible=True).all_inner_texts()]
    assert in_header[0] == "csc-workforce" and in_header[-1] == "Sign out"
    assert {"Dashboard", "Data", "Measures", "Audit"} <= set(in_header), in_header
    expected = ["Skip to main content", *in_header]
    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        stop = focused(page)
        assert has_focus_indicator(stop), f"no visible focus indicator on {stop['text']!r}: {stop}"
        reached.append(stop["text"])
    assert reached == expected
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main-content').contains(document.activeElement)")


def test_the_council_sub_navigation_is_used_by_keyboard(page, site) -> None:  # type: ignore[no-untyped-def]
    """Tab reaches the sub-navigation's links, each with a visible focus indicator; Enter opens each sub-page,
    whose heading names it and whose link in the sub-navigation is marked as the current page."""
    sign_in(page, site, "analyst", "/councils/990/")
    navigation = page.get_by_role("navigation", name="Northgate's figures")
    names = [text.strip() for text in navigation.get_by_role("link").all_inner_texts()]
    assert names == ["Overview", "Trends", "Establishment and caseloads", "People", "Stability"]
    tab_to(page, "nav.app-sub-navigation a")
    assert focused(page)["text"] == "Overview", "the first Tab stop of the sub-navigation is its first link"
    for name in names[1:]:
        page.goto(site("/councils/990/"))
        link = page.get_by_role("navigation", name="Northgate's figures").get_by_role("link", name=name, exact=True)
        href = link.get_attribute("href")
        link.focus()
        assert focused(page)["href"] == href and has_focus_indicator(focused(page)), name
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{href}")
        assert page.get_by_role("heading", level=1).inner_text() == f"{name}: Northgate"
        current = page.locator("nav.app-sub-navigation a[aria-current=page]")
        assert current.count() == 1 and current.inner_text() == name
        tab_to(page, "nav.app-sub-navigation a[aria-current=page]")  # and the current page's link is reached
        assert has_focus_indicator(focused(page)), f"{name}: no focus indicator on the current page's link"


def test_the_old_pages_anchors_lead_to_the_sub_pages(page, site) -> None:  # type: ignore[no-untyped-def]
    """A link to the one long page's sections (/councils/990/#caseloads) lands on the overview's entry for the
    sub-page that now holds it, and that entry's link opens it."""
    sign_in(page, site, "analyst", "/councils/990/")
    for anchor, title in (("trends", "Trends"), ("caseloads", "Establishment and caseloads"), ("diversity", "People")):
        page.goto(site(f"/councils/990/#{anchor}"))
        entry = page.locator("li", has=page.locator(f"#{anchor}"))
        top = entry.evaluate("e => e.getBoundingClientRect().top")  # the anchor is in the entry's first line
        assert -5 <= top < 100, f"#{anchor}: its entry is not at the top of the window ({top}px)"
        entry.get_by_role("link", name=title, exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == f"{title}: Northgate"
