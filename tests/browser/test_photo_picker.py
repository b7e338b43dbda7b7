"""The photo picker on the story form: each result is drawn with its thumbnail rendition."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def test_the_lead_photo_picker_shows_thumbnail_renditions(page, newsroom, editor):
    log_in(page, editor, next_url="/admin/articles/article/add/")
    page.locator("#id_lead_photo + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Library photo")
    result = page.locator(".select2-container--open .select2-results__option", has_text="Library photo 0")
    thumbnail = result.locator("img")
    expect(thumbnail).to_have_attribute("src", re.compile(r"^/media/renditions/"))  # never photos/<original>
    # Loaded: the media view made the rendition and served it.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    result.click()
    expect(page.locator("#select2-id_lead_photo-container")).to_contain_text("Library photo 0")
