"""What a reader does: from the front to a story, its author and its section, on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import expect

from articles import printstyle
from tests.browser.helpers import assert_page_ready

pytestmark = pytest.mark.browser


def url_is(path):
    return re.compile(re.escape(path) + "$")


def test_reader_follows_a_story_to_its_author_and_its_section_and_pages_on(page, newsroom):
    lead, author, world = newsroom["lead"], newsroom["author"], newsroom["world"]

    page.goto("/")
    assert_page_ready(page)
    page.locator(".top-stories").get_by_role("link", name=lead.headline, exact=True).click()

    expect(page).to_have_url(url_is(lead.get_absolute_url()))
    assert_page_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(lead.headline)
    dateline = f"GENEVA, {printstyle.ap_month_day(lead.first_published_at)} --"
    expect(page.locator(".story-body .dateline")).to_have_text(dateline)
    expect(page.locator(".story-body p").first).to_contain_text(f"{dateline} Diplomats from both sides")
    expect(page.locator(".story-byline")).to_contain_text("By Simon Corlett")
    expect(page.locator(".story-byline")).to_contain_text("Additional reporting by Ana Petrović")
    photo = page.locator(".story-photo img")
    expect(photo).to_have_attribute("alt", newsroom["photo"].alt_text)
    # The browser picks a rendition (never the original upload) at least as sharp as its slot.
    shown = photo.evaluate("img => ({src: img.currentSrc, natural: img.naturalWidth, slot: img.clientWidth})")
    assert "/media/renditions/" in shown["src"] and shown["natural"] >= shown["slot"] > 600, shown
    expect(page.locator(".story-photo figcaption .caption")).to_have_text(newsroom["photo"].caption)
    expect(page.locator(".story-photo .credit")).to_have_text("Photo by Martial Trezzini/Keystone")

    page.locator(".story-byline").get_by_role("link", name="Simon Corlett").click()
    expect(page).to_have_url(url_is(author.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Simon Corlett")
    expect(page.get_by_role("link", name=lead.headline, exact=True)).to_be_visible()

    page.go_back()
    page.locator(".story-section").get_by_role("link", name="World").click()
    expect(page).to_have_url(url_is(world.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("World")
    expect(page.locator(".site-nav a[aria-current=page]")).to_have_text("World")
    expect(page.locator("main .card")).to_have_count(20)
    expect(page.get_by_role("link", name="Newer stories")).to_have_count(0)

    page.get_by_role("link", name="Older stories").click()
    expect(page).to_have_url(re.compile(re.escape(world.get_absolute_url()) + r"\?older=\d+\.\d+$"))
    expect(page.locator("main .card")).to_have_count(3)  # 23 stories in World
    expect(page.get_by_role("link", name="Older stories")).to_have_count(0)
    oldest = newsroom["world_stories"][-1]
    expect(page.get_by_role("link", name=oldest.headline, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Newer stories")).to_be_visible()


@pytest.mark.parametrize("name", ["home", "section", "story"])
def test_phone_reader_never_scrolls_sideways(phone_page, newsroom, name):
    """At 390 px the page is no wider than the screen."""
    path = {"home": "/", "section": newsroom["world"].get_absolute_url(), "story": newsroom["lead"].get_absolute_url()}
    phone_page.goto(path[name])
    assert_page_ready(phone_page)
    width = phone_page.evaluate(
        "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert width["client"] == 390
    assert width["scroll"] <= width["client"], f"{name} page is {width['scroll']} px wide on a 390 px phone"
