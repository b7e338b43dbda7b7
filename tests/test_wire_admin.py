"""The admin's "Import wire copy" page and the pending wire updates on a story."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, PendingWireUpdate, Status
from tests.factories import make_editor, make_reporter, make_section

pytestmark = pytest.mark.django_db

URL = "/admin/articles/pendingwireupdate/import/"


def upload(name, data):
    return SimpleUploadedFile(name, data if isinstance(data, bytes) else json.dumps(data).encode())


def text_item(uri="urn:wire:1", version="1", headline="Grain deal extended"):
    return {"uri": uri, "version": version, "type": "text", "headlines": [{"value": headline}],
            "bodies": [{"value": "MOSCOW, July 4 (UPI) -- Russia agreed."}], "by": "By Ana Ruiz"}


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


def test_the_import_page_shows_one_line_per_item(editor):
    section = make_section(name="World", slug="world")
    page = editor.get(URL)
    assert page.status_code == 200 and "Import wire copy" in page.content.decode()
    response = editor.post(URL, {
        "section": section.pk, "publish": "on",
        "files": [upload("good.json", [text_item(), {"uri": 5}]), upload("broken.json", b"{nope")],
    }, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith(URL)  # the report page of this upload
    assert "Report: 3 items, 2 refused" in html
    assert "good.json [item 1 urn:wire:1]" in html and "created" in html
    assert "good.json [item 2]" in html and "uri: 5 is not of type" in html
    assert "broken.json" in html and "not valid JSON (line 1, column 2" in html
    story = Article.objects.get()
    assert story.is_published() and story.dateline_source == "UPI"


def test_an_uploaded_file_cannot_read_the_servers_files(editor, tmp_path):
    section = make_section(name="World", slug="world")
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"x")
    item = {**text_item(), "associations": [{"name": "p", "uri": "urn:p", "type": "picture",
                                              "renditions": [{"name": "r", "href": secret.as_uri()}]}]}
    html = editor.post(URL, {"section": section.pk, "files": [upload("a.json", item)]}, follow=True).content.decode()
    assert "only http(s) addresses are read for uploaded files" in html
    assert Article.objects.get().lead_photo is None


def test_reporters_import_drafts_only(client):
    section = make_section(name="World", slug="world")
    client.force_login(make_reporter())
    html = client.post(URL, {"section": section.pk, "publish": "on",
                             "files": [upload("a.json", text_item())]}).content.decode()
    assert "Only editors may publish" in html and Article.objects.count() == 0
    client.post(URL, {"section": section.pk, "files": [upload("a.json", text_item())]})
    assert Article.objects.get().status == Status.DRAFT


def test_a_pending_update_shows_on_the_story_and_an_editor_applies_it(editor):
    section = make_section(name="World", slug="world")
    editor.post(URL, {"section": section.pk, "publish": "on", "files": [upload("a.json", text_item())]})
    story = Article.objects.get()
    story.headline = "Desk's headline"
    story.save()
    editor.post(URL, {"section": section.pk, "files": [upload("a.json", text_item(version="2", headline="Wire v2"))]})
    page = editor.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Wire updates waiting for an editor" in page and "Version 2: “Wire v2”" in page
    update = PendingWireUpdate.objects.open().get()
    editor.post("/admin/articles/pendingwireupdate/", {"action": "apply_updates", "_selected_action": [update.pk]})
    story.refresh_from_db()
    assert story.headline == "Wire v2" and not PendingWireUpdate.objects.open().exists()
    page = editor.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Wire updates waiting for an editor" not in page


def test_a_pending_update_page_says_what_the_wire_changed(editor):
    section = make_section(name="World", slug="world")
    editor.post(URL, {"section": section.pk, "files": [upload("a.json", text_item())]})
    story = Article.objects.get()
    story.dek = "Desk's summary."
    story.save()
    editor.post(URL, {"section": section.pk, "files": [upload("a.json", text_item(version="2", headline="Wire v2"))]})
    update = PendingWireUpdate.objects.get()
    html = editor.get(f"/admin/articles/pendingwireupdate/{update.pk}/change/").content.decode()
    # The wire sent no summary: applying it keeps the desk's, so the dek is not among what it changes.
    assert "headline, dek" not in html
    assert '<div class="readonly">headline</div>' in html
    assert "<strong>Wire v2</strong>" in html and "<p>Russia agreed.</p>" in html


def test_a_wire_update_over_a_desk_edit_changes_only_what_the_wire_sent(editor):
    """The desk's kicker, summary and byline survive a wire update that carries none of them."""
    section = make_section(name="World", slug="world")
    item = {**text_item(), "by": ""}
    editor.post(URL, {"section": section.pk, "publish": "on", "files": [upload("a.json", item)]})
    story = Article.objects.get()
    story.kicker, story.dek = "Exclusive", "The desk's own summary."
    story.save()
    v2 = {**item, "version": "2", "headlines": [{"value": "Grain deal extended to March"}],
          "bodies": [{"value": "MOSCOW, July 5 (UPI) -- Russia agreed again."}]}
    editor.post(URL, {"section": section.pk, "files": [upload("a.json", v2)]})
    update = PendingWireUpdate.objects.open().get()
    html = editor.get(f"/admin/articles/pendingwireupdate/{update.pk}/change/").content.decode()
    assert '<div class="readonly">headline, body</div>' in html, "kicker and dek are not listed as changed"

    editor.post("/admin/articles/pendingwireupdate/", {"action": "apply_updates", "_selected_action": [update.pk]})
    story.refresh_from_db()
    assert story.headline == "Grain deal extended to March" and "agreed again" in story.body
    assert (story.kicker, story.dek) == ("Exclusive", "The desk's own summary.")
