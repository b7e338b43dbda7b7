"""axe on the writing tools' admin pages: no serious or critical finding."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Status
from articles.services.writing import share_link_create
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import admin_findings, report
from tests.factories import make_article

pytestmark = pytest.mark.browser


def test_revisions_compare_and_share_pages_have_no_serious_accessibility_violations(page, newsroom, editor):
    story = newsroom["lead"]
    draft = make_article(headline="A draft to share", section=newsroom["world"], status=Status.DRAFT)
    share_link_create(article=draft, by=editor)
    log_in(page, editor)
    page.goto(f"/admin/articles/article/{story.pk}/change/")  # version 1: the story as first opened
    page.get_by_label("Headline:").fill("A changed headline")
    page.locator("input[name=_save]").click()
    # Save first asks whether the editor is still signed in: wait for the saved page, not just the click.
    expect(page.locator(".messagelist .success")).to_be_visible()
    for url in [
        f"/admin/articles/article/{story.pk}/revisions/",
        f"/admin/articles/article/{story.pk}/revisions/compare/?a=1&b=2",
        f"/admin/articles/article/{draft.pk}/share/",
    ]:
        page.goto(url)
        page.wait_for_load_state("load")
        findings = admin_findings(page)
        assert findings == [], f"axe on {url}:\n{report(findings)}"


def test_the_story_form_with_its_notices_has_no_serious_accessibility_violations(page, newsroom, editor):
    from articles.models import ArticlePresence
    from articles.services.writing import autosave_store
    from tests.factories import make_editor

    story = newsroom["lead"]
    autosave_store(article=story, user=editor, fields={"headline": "An unsaved headline"})
    ArticlePresence.objects.create(article=story, user=make_editor(username="night"))
    log_in(page, editor)
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    page.wait_for_load_state("load")
    page.locator("#autosave-offer summary").click()
    assert page.locator("#presence-notice").is_visible()
    page.locator("#corrections-group .add-row a").click()  # a correction's text gets the plain editor too
    expect(page.locator("#corrections-0 .ProseMirror")).to_have_attribute("aria-label", re.compile(r"Text, row 1"))
    findings = admin_findings(page)
    assert findings == [], f"axe on the story form with its notices:\n{report(findings)}"
