"""A keyboard reader: Tab reaches the skip link, the navigation and every story, with a visible focus ring."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_page_ready

pytestmark = pytest.mark.browser

# What the test needs to know about the element that has focus after a Tab.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        html: el.outerHTML.slice(0, 120),
        href: el.getAttribute("href"),
        className: el.className,
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        onScreen: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight,
    };
}"""


def tab_through(page, limit=250):
    """Press Tab until focus leaves the page; return what had focus at each stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            return stops
        stops.append(focused)
    raise AssertionError(f"Tab did not leave the page after {limit} stops")


def hrefs(page, selector):
    return page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("front", ["home", "section"])
def test_tab_reaches_skip_link_navigation_and_every_story_with_a_focus_ring(page, newsroom, front):
    page.goto("/" if front == "home" else newsroom["world"].get_absolute_url())
    assert_page_ready(page)
    nav_links = hrefs(page, ".site-nav a")
    story_links = hrefs(page, "main .card-headline a")
    assert len(nav_links) == 7 and len(story_links) >= 20

    stops = tab_through(page)

    assert "skip-link" in stops[0]["className"], f"the first Tab stop is not the skip link: {stops[0]['html']}"
    reached = [stop["href"] for stop in stops]
    assert [href for href in nav_links if href not in reached] == []
    assert [href for href in story_links if href not in reached] == []
    no_ring = [s["html"] for s in stops if s["outlineStyle"] == "none" or s["outlineWidth"] < 2]
    assert no_ring == [], "focused without a visible outline:\n" + "\n".join(no_ring)
    off_screen = [s["html"] for s in stops if not s["onScreen"]]
    assert off_screen == [], "focused but not scrolled into view:\n" + "\n".join(off_screen)


def test_skip_link_moves_focus_past_the_navigation(page, newsroom):
    page.goto(newsroom["lead"].get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab lands in the story, not back in the navigation.
    page.keyboard.press("Tab")
    expect(page.locator(".story-section a")).to_be_focused()
