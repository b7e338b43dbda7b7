"""The desk's day in a browser: a reporter files, an editor sends back, schedules and corrects.

The reporter and the editor each have their own browser profile, as two
people at two desks do; a third profile is the reader.
"""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import printstyle
from articles.models import Article, Status
from tests.browser.helpers import EDITOR_PASSWORD, assert_page_ready, log_in, take_screenshots
from tests.browser.test_accessibility import admin_findings, report
from tests.factories import make_reporter

pytestmark = pytest.mark.browser

HEADLINE = "Council approves the harbour budget after late-night vote"


@pytest.fixture
def reporter(transactional_db):
    return make_reporter(username="rita", password=EDITOR_PASSWORD)


def write_body(page, text):
    """Replace the story's text in the rich-text editor, as a reporter types it."""
    # The editor replaces the plain field once its script has loaded; on a
    # busy machine that can take a while, so wait for the editor itself.
    body = page.locator('.ProseMirror[contenteditable=true][aria-label="Body"]')
    expect(body).to_be_visible(timeout=60_000)
    body.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def autocomplete(page, field_id, search, choice):
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-container--open .select2-results__option", has_text=choice).click()


def press(page, button):
    page.get_by_role("button", name=button, exact=True).click()


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def leave_quietly(*pages):
    """Close the pages, then let requests they already sent (the story form's presence and autosave) finish
    before the database is reset under them."""
    for page in pages:
        page.close()
    time.sleep(0.5)


def uncached_reader(new_page):
    reader = new_page()
    devtools = reader.context.new_cdp_session(reader)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return reader


def test_reporter_files_editor_sends_back_reporter_resubmits_editor_schedules(
    page, new_page, newsroom, editor, reporter
):
    # The reporter writes the story and submits it: there is no Publish button for them.
    log_in(page, reporter, next_url="/admin/articles/article/add/")
    autocomplete(page, "id_section", "Wor", "World")
    page.get_by_label("Headline:").fill(HEADLINE)
    page.get_by_label("Headline:").press("Tab")
    write_body(page, "The council approved the budget on Tuesday.")
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    press(page, "Submit for editing")
    expect(page.locator(".messagelist")).to_contain_text("was submitted for editing")
    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Status.READY and story.created_by == reporter

    # The editor finds it on the desk and sends it back with a note.
    desk = new_page()
    log_in(desk, editor, next_url="/admin/")
    desk.locator(".desk-dashboard").get_by_role("link", name=HEADLINE).click()
    expect(desk).to_have_url(re.compile(re.escape(change_url(story)) + "$"))
    desk.get_by_label("Note:", exact=True).fill("Add the vote count, please.")
    press(desk, "Send back")
    expect(desk.locator(".messagelist")).to_contain_text("was sent back to its reporter")

    # The reporter sees the note on their desk, fixes the story and resubmits.
    page.goto("/admin/")
    expect(page.locator(".desk-dashboard")).to_contain_text("Add the vote count, please.")
    page.locator(".desk-dashboard").get_by_role("link", name=HEADLINE).click()
    write_body(page, "The council approved the budget 7-2 on Tuesday.")
    press(page, "Submit for editing")
    expect(page.locator(".messagelist")).to_contain_text("was submitted for editing")

    # The editor schedules it a minute ahead; the history shows every step.
    desk.goto(change_url(story))
    go_live = timezone.localtime() + timedelta(minutes=1)
    desk.locator("#id_published_at_0").fill(go_live.strftime("%Y-%m-%d"))
    desk.locator("#id_published_at_1").fill(go_live.strftime("%H:%M:%S"))
    press(desk, "Schedule")
    expect(desk.locator(".messagelist")).to_contain_text("is scheduled for")
    desk.goto(change_url(story))
    history = desk.locator(".field-workflow_history")
    expect(history).to_contain_text("desk · Ready for editing → Published")
    expect(history).to_contain_text("desk · Ready for editing → Draft: Add the vote count, please.")
    expect(history).to_contain_text("rita · Draft → Ready for editing")

    story.refresh_from_db()
    reader = uncached_reader(new_page)
    assert reader.goto(story.get_absolute_url()).status == 404
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", lambda: real_now() + timedelta(minutes=2)):
        reader.bad_responses.clear()
        reader.goto("/")
        assert_page_ready(reader)
        reader.get_by_role("link", name=HEADLINE).click()
        expect(reader.locator(".story-body")).to_contain_text("7-2")
    leave_quietly(page, desk, reader)


def test_reporter_cannot_save_a_live_story(page, newsroom, reporter):
    live = newsroom["lead"]
    log_in(page, reporter, next_url=change_url(live))
    # Read-only: the text is shown, there is nothing to type in and no Save.
    expect(page.locator(".field-headline")).to_contain_text(live.headline)
    expect(page.get_by_label("Headline:")).to_have_count(0)
    expect(page.locator("input[name=_save]")).to_have_count(0)
    # A post crafted by hand is refused and changes nothing.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        change_url(live),
        form={"csrfmiddlewaretoken": token, "headline": "Rewritten", "section": str(live.section_id)},
        headers={"Referer": page.url},
    )
    assert response.status == 403
    live.refresh_from_db()
    assert live.headline != "Rewritten"
    leave_quietly(page)


def test_editor_adds_a_correction_and_readers_see_it_dated_at_the_foot(page, new_page, newsroom, editor):
    live = newsroom["lead"]
    log_in(page, editor, next_url=change_url(live))
    page.locator("#corrections-group .add-row a").click()
    page.locator("#id_corrections-0-kind").select_option(label="Correction")
    page.locator("#corrections-0 .ProseMirror").click()  # the plain one-paragraph editor
    page.keyboard.type("An earlier version of this story misspelled the mediator's name.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader = uncached_reader(new_page)
    reader.goto(live.get_absolute_url())
    assert_page_ready(reader)
    expect(reader.locator(".story-corrections")).to_contain_text(f"Correction, {printstyle.ap_date(timezone.now())}:")
    expect(reader.locator(".story-corrections")).to_contain_text("misspelled the mediator's name")
    leave_quietly(page, reader)


def test_the_desk_dashboard_and_history_have_no_serious_accessibility_violations(page, newsroom, editor):
    story = newsroom["lead"]
    log_in(page, editor, next_url="/admin/")
    expect(page.locator(".desk-dashboard")).to_contain_text("Recently published")
    take_screenshots(page, "admin-desk-dashboard")
    findings = admin_findings(page)
    assert findings == [], f"axe on the desk's dashboard:\n{report(findings)}"
    page.goto(f"/admin/articles/article/{story.pk}/history/")
    findings = admin_findings(page)
    assert findings == [], f"axe on a story's history:\n{report(findings)}"
