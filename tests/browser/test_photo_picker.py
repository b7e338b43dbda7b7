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


def picker_box(page):
    return page.locator("#id_lead_photo + .select2").bounding_box()


def test_the_lead_photo_picker_is_as_wide_as_the_forms_fields_and_labels_are_readable(page, newsroom, editor):
    """On a new story the picker was 34 px wide (191 px on a saved one), its labels cut off."""
    log_in(page, editor, next_url="/admin/articles/article/add/")
    headline = page.locator("#id_headline").bounding_box()
    picker = picker_box(page)
    assert picker["width"] >= 0.9 * headline["width"], (picker, headline)
    assert picker["width"] >= 400

    page.locator("#id_lead_photo + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Library photo 0")
    result = page.locator(".select2-container--open .select2-results__option", has_text="Library photo 0")
    expect(result.locator(".photo-picker-title")).to_have_text("Library photo 0")
    expect(result.locator(".photo-picker-caption")).to_contain_text("Delegates arrive for the talks")
    expect(result.locator(".photo-picker-credit")).to_contain_text("Martial Trezzini/Keystone")
    thumbnail = result.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    assert thumbnail.bounding_box()["width"] >= 80
    for part in ("title", "caption", "credit"):
        # Not cut off: the text fits in its line (an ellipsis shortens only a long caption).
        text = result.locator(f".photo-picker-{part}")
        assert text.is_visible()
        assert text.evaluate("el => el.getBoundingClientRect().right") <= picker["x"] + picker["width"] + 1
    assert result.locator(".photo-picker-title").evaluate("el => el.scrollWidth <= el.clientWidth")
    assert result.locator(".photo-picker-credit").evaluate("el => el.scrollWidth <= el.clientWidth")
    result.click()

    # The chosen photo is shown the same way: thumbnail, title and credit.
    chosen = page.locator("#id_lead_photo + .select2 .select2-selection")
    expect(chosen.locator(".photo-picker-title")).to_have_text("Library photo 0")
    expect(chosen.locator(".photo-picker-credit")).to_contain_text("Martial Trezzini/Keystone")
    assert picker_box(page)["width"] >= 0.9 * headline["width"]


def test_a_saved_storys_picker_shows_its_photo_readably(page, newsroom, editor):
    log_in(page, editor, next_url=f"/admin/articles/article/{newsroom['lead'].pk}/change/")
    headline = page.locator("#id_headline").bounding_box()
    assert picker_box(page)["width"] >= 0.9 * headline["width"]
    chosen = page.locator("#id_lead_photo + .select2 .select2-selection")
    expect(chosen.locator(".photo-picker-title")).to_have_text("Library photo 0")
    expect(chosen.locator(".photo-picker-caption")).to_contain_text("Delegates arrive for the talks")
    expect(chosen.locator(".photo-picker-credit")).to_contain_text("Martial Trezzini/Keystone")
    thumbnail = chosen.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    assert chosen.locator(".photo-picker-title").evaluate("el => el.scrollWidth <= el.clientWidth")
