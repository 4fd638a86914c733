"""Keyboard-only use: the skip link, the header navigation with a visible focus indicator on every stop, and
the council page's "On this page" links."""

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


def test_on_this_page_links_jump_to_their_sections(page, site) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, "analyst", "/councils/990/")
    contents = page.get_by_role("navigation", name="On this page")
    links = contents.get_by_role("link").filter(has_not_text="Download")
    assert links.count() == 6
    tab_to(page, "nav.app-contents a")
    assert focused(page)["href"] == "#headlines", "the first Tab stop of the contents is its first link"
    for index in range(links.count()):
        link = links.nth(index)
        name, href = link.inner_text(), link.get_attribute("href")
        link.focus()
        assert focused(page)["href"] == href
        assert has_focus_indicator(focused(page))
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{href}")
        section = page.locator(href)
        assert section.evaluate("e => e.tagName") == "H2" and section.inner_text() == name
        top = section.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 100, f"{name}: the section's heading is not at the top of the window ({top}px)"
