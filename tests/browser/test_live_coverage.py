"""Live coverage in two browsers: a reporter posts with one keystroke, a reader's open page shows it."""

import time

import pytest
from playwright.sync_api import expect

from articles.models import LiveUpdate
from articles.services.live import article_start_coverage, live_update_create
from tests.browser.helpers import EDITOR_PASSWORD, assert_page_ready, log_in
from tests.browser.test_accessibility import READER_EXCLUDED_RULES, admin_findings, report, run_axe
from tests.factories import make_article, make_author, make_reporter

pytestmark = pytest.mark.browser


@pytest.fixture
def reporter(transactional_db):
    user = make_reporter(username="rita", password=EDITOR_PASSWORD, first_name="Rita", last_name="Osei")
    make_author(name="Rita Osei", user=user)
    return user


@pytest.fixture
def live_story(editor):
    story = make_article(headline="Storm makes landfall on the coast")
    article_start_coverage(article=story, by=editor)
    live_update_create(article=story, body="<p>The storm is two hours offshore.</p>", by=editor)
    return story


def test_a_reporter_posts_with_ctrl_enter_and_an_open_reader_page_shows_it_without_reloading(
    page, new_page, live_story, reporter
):
    reader = new_page()
    reader.goto(live_story.get_absolute_url())
    assert_page_ready(reader)
    expect(reader.locator("#live-stream")).to_contain_text("two hours offshore")
    reader.evaluate("window.stillTheSamePage = true")

    log_in(page, reporter, next_url=f"/admin/articles/article/{live_story.pk}/change/")
    editor_box = page.locator('.ProseMirror[contenteditable=true][aria-label="New update"]')
    expect(editor_box).to_be_visible(timeout=60_000)
    page.evaluate("window.stillTheSamePage = true")
    editor_box.click()
    page.keyboard.type("Winds of 120 mph reach the harbour.")
    page.keyboard.press("Control+Enter")

    # The desk shows it as readers will, with no reload, and the editor is empty for the next one.
    expect(page.locator("#live-desk-stream")).to_contain_text("Winds of 120 mph reach the harbour.")
    expect(page.locator("#live-desk-status")).to_have_text("Update posted.")
    assert page.evaluate("window.stillTheSamePage") is True
    expect(editor_box).to_have_text("")
    update = LiveUpdate.objects.get(body__contains="120 mph")
    assert update.created_by == reporter
    posted = time.monotonic()

    # The reader's open page shows it within 10 seconds, newest first, and says so politely.
    new_update = reader.locator(f"#update-{update.pk}")
    expect(new_update).to_contain_text("Winds of 120 mph", timeout=10_000)
    assert time.monotonic() - posted < 10
    expect(new_update).to_contain_text("By Rita Osei")
    expect(reader.locator("#live-announcer")).to_have_text("1 new update")
    assert reader.evaluate("window.stillTheSamePage") is True
    first = reader.locator("#live-stream .live-update").first
    expect(first).to_have_id(f"update-{update.pk}")
    assert reader.csp_violations == [] and page.csp_violations == []


def test_the_address_of_an_update_opens_the_page_at_it(page, live_story):
    update = live_story.live_updates.get()
    page.goto(f"{live_story.get_absolute_url()}#update-{update.pk}")
    target = page.locator(":target")
    expect(target).to_have_id(f"update-{update.pk}")
    expect(target).to_be_in_viewport()


def test_a_live_page_and_the_live_desk_have_no_serious_accessibility_findings(page, new_page, live_story, editor):
    pinned = live_update_create(article=live_story, body="<p>Key point: evacuate.</p>", by=editor, is_pinned=True)
    reader = new_page()
    reader.goto(f"{live_story.get_absolute_url()}#update-{pinned.pk}")
    assert_page_ready(reader)
    findings = run_axe(reader, excluded_rules=READER_EXCLUDED_RULES)
    assert findings == [], f"axe on the live story:\n{report(findings)}"

    log_in(page, editor, next_url=f"/admin/articles/article/{live_story.pk}/change/")
    expect(page.locator('.ProseMirror[aria-label="New update"]')).to_be_visible(timeout=60_000)
    findings = admin_findings(page)
    assert findings == [], f"axe on the live desk:\n{report(findings)}"
