"""Writing in the admin: the rich-text editor, clean pastes, autosave, presence, merges, revisions, share links."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import Article, Status
from tests.browser.helpers import log_in
from tests.factories import make_article

pytestmark = pytest.mark.browser

WORD_FIXTURE = Path(__file__).resolve().parent.parent / "paste_fixtures" / "word.html"


def open_story(page, article):
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("load")
    body = page.get_by_role("textbox", name="Body")
    expect(body).to_be_visible()
    return body


def toolbar(page, field="Body"):
    return page.get_by_role("toolbar", name=f"Formatting: {field}")


def test_an_editor_formats_a_story_with_the_toolbar_and_it_prints_that_way(page, new_page, newsroom, editor):
    story = newsroom["lead"]
    log_in(page, editor)
    body = open_story(page, story)
    body.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")

    page.keyboard.type("What the deal says")
    toolbar(page).locator(".prose-menubar__selected").click()  # the block type picker
    page.locator(".prose-menubar__option[data-name=heading2]").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Ninety more days")
    toolbar(page).get_by_role("button", name="unordered list").click()
    page.keyboard.press("Enter")
    page.keyboard.type("Two more crossings")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item leaves the list
    page.keyboard.type("Read the agreement")
    for _ in range(len("agreement")):
        page.keyboard.press("Shift+ArrowLeft")
    toolbar(page).get_by_role("button", name="insert link").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("URL").fill("not a web address")
    dialog.get_by_role("button", name="Update").click()
    expect(dialog).to_be_visible()  # refused: not a web address
    dialog.get_by_label("URL").fill("https://example.org/agreement")
    dialog.get_by_role("button", name="Update").click()
    expect(dialog).to_have_count(0)
    expect(body).to_be_focused()  # the dialog hands the cursor back to the text
    expect(body.locator("a")).to_have_text("agreement")
    # ProseMirror reads a moved cursor from the browser's selectionchange event, a moment after the key:
    # wait for the editor itself to see the cursor after the link before pressing Enter.
    page.keyboard.press("End")
    for _ in range(100):
        if page.evaluate("document.querySelector('#id_body').proseEditor.state.selection.empty"):
            break
        page.wait_for_timeout(50)
    page.keyboard.press("Enter")
    page.keyboard.type("We have come further this week.")
    toolbar(page).get_by_role("button", name="blockquote").click()

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.csp_violations == []
    stored = Article.objects.get(pk=story.pk).body
    assert '<a href="https://example.org/agreement"' in stored, stored

    reader = new_page()
    reader.goto(Article.objects.get(pk=story.pk).get_absolute_url())
    printed = reader.locator(".story-body")
    expect(printed.locator("h2")).to_have_text("What the deal says")
    expect(printed.locator("ul > li")).to_have_text(["Ninety more days", "Two more crossings"])
    expect(printed.locator("a[href='https://example.org/agreement']")).to_have_text("agreement")
    expect(printed.locator("blockquote")).to_have_text("We have come further this week.")


def test_a_pasted_word_fragment_comes_out_clean(page, newsroom, editor):
    story = make_article(headline="Paste target", section=newsroom["world"], body="", status=Status.DRAFT)
    log_in(page, editor)
    body = open_story(page, story)
    body.click()
    html = WORD_FIXTURE.read_text()
    # What the browser does on Ctrl+V: a paste event with the clipboard's text/html.
    body.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "fallback");
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        html,
    )
    expect(body.locator("li")).to_have_count(4)
    stored_in_form = page.locator("#id_body").input_value()
    for dirt in ["style=", "class=", "<span", "<font", "mso-", "<o:p"]:
        assert dirt not in stored_in_form, dirt
    assert "<h2>Council approves flood plan</h2>" in stored_in_form
    assert "<ol" in stored_in_form and "<ul>" in stored_in_form and "·" not in stored_in_form
    assert "<strong>£40 million</strong>" in stored_in_form
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    story.refresh_from_db()
    assert "<li><p>New walls along the river</p></li>" in story.body and "mso" not in story.body
