"""An editor writes and schedules a story in the admin; readers see it when its time comes."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Status
from tests.browser.helpers import assert_page_ready, log_in, take_screenshots

pytestmark = pytest.mark.browser

HEADLINE = "Mediators win a 90-day extension of the Geneva truce"


def autocomplete(page, field_id, search, choice):
    """Pick `choice` in a Select2 autocomplete after typing `search`, as an editor does."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-container--open .select2-results__option", has_text=choice).click()
    expect(page.locator(f"#select2-{field_id}-container")).to_contain_text(choice)


def test_editor_schedules_a_story_that_readers_see_once_its_time_comes(page, new_page, newsroom, editor):
    log_in(page, editor, next_url="/admin/articles/article/add/")

    autocomplete(page, "id_section", "Wor", "World")
    page.get_by_label("Headline:").fill(HEADLINE)
    page.get_by_label("Headline:").press("Tab")  # the slug fills in from the headline
    expect(page.get_by_label("Slug:")).to_have_value("mediators-win-a-90-day-extension-of-the-geneva-truce")
    body = page.get_by_role("textbox", name="Body")  # the rich-text editor
    body.click()
    page.keyboard.type("Negotiators agreed late on Wednesday to extend the ceasefire by ninety days.")
    page.keyboard.press("Enter")
    page.keyboard.type("The deal opens two more crossings for aid convoys.")
    autocomplete(page, "id_bylines-0-author", "Corl", "Simon Corlett")
    autocomplete(page, "id_dateline", "GEN", "GENEVA")
    autocomplete(page, "id_lead_photo", "Library photo 0", "Library photo 0")
    go_live = timezone.localtime() + timedelta(minutes=1)
    page.locator("#id_published_at_0").fill(go_live.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill(go_live.strftime("%H:%M:%S"))
    take_screenshots(page, "admin-story-add-filled")
    page.get_by_role("button", name="Schedule", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator(".messagelist")).to_contain_text("is scheduled for")
    assert page.csp_violations == [], "the admin's scripts must run under the site's Content Security Policy"
    story = Article.objects.get(slug="mediators-win-a-90-day-extension-of-the-geneva-truce")
    assert story.status == Status.PUBLISHED and story.is_scheduled()
    assert [byline.author.name for byline in story.bylines.all()] == ["Simon Corlett"]
    assert (story.section.name, story.dateline.place, story.lead_photo) == ("World", "GENEVA", newsroom["photo"])

    reader = new_page()
    # The test moves the server's clock, not the browser's: the reader's HTTP
    # cache (pages may be kept until the next go-live, in real seconds) must
    # not answer for the server.
    devtools = reader.context.new_cdp_session(reader)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    reader.goto("/")
    assert_page_ready(reader)
    expect(reader.get_by_role("link", name=HEADLINE)).to_have_count(0)
    assert reader.goto(story.get_absolute_url()).status == 404
    reader.bad_responses.clear()  # that 404 was the point

    # Move the clock past the publish time. The live server is a thread of
    # this process, so it reads the same (patched) clock.
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", lambda: real_now() + timedelta(minutes=2)):
        reader.goto("/")
        assert_page_ready(reader)
        reader.get_by_role("link", name=HEADLINE).click()
        expect(reader).to_have_url(re.compile(re.escape(story.get_absolute_url()) + "$"))
        assert_page_ready(reader)
        expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        expect(reader.locator(".story-byline")).to_have_text("By Simon Corlett")
        expect(reader.locator(".story-body .dateline")).to_contain_text("GENEVA, ")
        expect(reader.locator(".story-photo .credit")).to_have_text("Photo by Martial Trezzini/Keystone")
