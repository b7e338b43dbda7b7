"""A table pasted from Word into the story editor keeps its cells apart."""

import pytest
from playwright.sync_api import expect

from articles.models import Status
from tests.browser.helpers import log_in
from tests.browser.test_writing import open_story, paste
from tests.factories import make_article
from tests.test_paste_tables import WORD_TABLE

pytestmark = pytest.mark.browser


def test_a_pasted_word_table_keeps_a_separator_between_cells(page, newsroom, editor):
    story = make_article(headline="Paste target", section=newsroom["world"], body="", status=Status.DRAFT)
    log_in(page, editor)
    body = open_story(page, story)
    paste(body, WORD_TABLE)
    expect(body.locator("p", has_text="Route | Start")).to_have_count(1)
    expect(body.locator("p", has_text="Riverside | 8:00 from the bridge")).to_have_count(1)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    story.refresh_from_db()
    assert "<p>Route | Start</p>" in story.body and "RouteStart" not in story.body
