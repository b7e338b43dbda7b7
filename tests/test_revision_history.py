"""The story's revisions: listed with who, when and what kind of save; any two compared; any one restored."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.diffing import word_diff
from articles.models import ArticleRevision, Status
from articles.roles import ensure_roles
from tests.admin_forms import editor_client, opened_form, reshown, save
from tests.factories import make_article, make_author, make_tag, make_user

pytestmark = pytest.mark.django_db


def revisions_url(article):
    return f"/admin/articles/article/{article.pk}/revisions/"


def test_word_diff_marks_insertions_and_deletions_and_escapes_text():
    diff = word_diff("<p>The quick fox jumped.</p>", "<p>The slow fox <b>jumped</b>.</p><p>A & B</p>", html=True)
    assert "<del>quick</del>" in diff and "<ins>slow</ins>" in diff
    assert "A &amp; B" in diff and "<b>" not in diff


def test_every_editorial_part_is_in_a_revision():
    simon = make_author(name="Simon")
    tag = make_tag(name="Politics")
    article = make_article(headline="H", authors=[(simon, "Additional reporting by")], tags=[tag])
    ana = editor_client("ana")
    save(ana, article, {**opened_form(ana, article), "dek": "New dek"})
    snapshot = ArticleRevision.objects.filter(article=article).order_by("-version").first().snapshot
    for key in ["slug", "published_at", "revised_at", "is_update_shown", "origin", "lead_photo_id", "embargo_until"]:
        assert key in snapshot
    assert snapshot["bylines"] == [[simon.pk, "Additional reporting by"]] and snapshot["tags"] == [tag.pk]
    assert snapshot["dek"] == "New dek"


def test_history_lists_who_when_and_the_kind_of_save():
    article = make_article(headline="First", status=Status.DRAFT)
    ana = editor_client("ana")
    save(ana, article, {**opened_form(ana, article), "headline": "Second"})
    save(ana, article, {**opened_form(ana, article), "_transition": "publish"})
    html = ana.get(revisions_url(article)).content.decode()
    assert "v3" in html and "ana" in html and "Draft → Published" in html and "first version" in html


def test_two_revisions_compare_side_by_side_with_a_word_diff_of_the_body():
    article = make_article(headline="Old headline", body="<p>Troops crossed the river at dawn.</p>")
    ana = editor_client("ana")
    save(ana, article, {**opened_form(ana, article), "headline": "New headline",
                        "body": "<p>Troops crossed the bridge at dawn.</p>"})
    page = ana.get(revisions_url(article) + "compare/?a=1&b=2").content.decode()
    assert "<del>river</del>" in page and "<ins>bridge</ins>" in page
    assert "<del>Old</del>" in page and "<ins>New</ins>" in page


def test_the_body_compares_side_by_side_paragraph_by_paragraph():
    body = "<p>Troops crossed the river at dawn.</p><p>Officials said little.</p><p>Talks resume Monday.</p>"
    article = make_article(headline="Crossing", body=body)
    ana = editor_client("ana")
    edited = body.replace("river", "bridge").replace("<p>Officials said little.</p>", "") + "<p>A new ending.</p>"
    save(ana, article, {**opened_form(ana, article), "body": edited})
    page = ana.get(revisions_url(article) + "compare/?a=1&b=2")
    rows = [row for row in page.context["rows"] if row["label"] == "body"][0]["paragraphs"]
    assert [row["kind"] for row in rows] == ["changed", "removed", "same", "added"]
    first = rows[0]
    assert "<del>river</del>" in first["before"] and "<ins>" not in first["before"]
    assert "<ins>bridge</ins>" in first["after"] and "<del>" not in first["after"]
    assert rows[1]["after"] == "" and "Officials said little." in rows[1]["before"]
    assert rows[3]["before"] == "" and "<ins>A new ending.</ins>" in rows[3]["after"]
    html = page.content.decode()
    assert html.count('class="revision-paragraph ') == 4
    assert "¶ 2, removed" in html and "¶ 4, added" in html


def test_restore_makes_a_new_revision_and_keeps_the_workflow_state():
    simon, maria = make_author(name="Simon"), make_author(name="Maria")
    article = make_article(headline="Original", authors=[simon])
    ana = editor_client("ana")
    data = opened_form(ana, article)
    save(ana, article, {**data, "headline": "Changed", "bylines-0-author": str(maria.pk)})
    article.refresh_from_db()
    assert article.headline == "Changed"

    response = ana.post(revisions_url(article) + "1/restore/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Original" and [b.author for b in article.bylines.all()] == [simon]
    assert article.is_published()
    latest = ArticleRevision.objects.filter(article=article).order_by("-version").first()
    assert (latest.version, latest.note, latest.saved_by.username) == (3, "restored v1", "ana")
    assert ArticleRevision.objects.filter(article=article).count() == 3, "history is never rewritten"


def test_restore_needs_the_right_to_edit_the_story():
    ensure_roles()
    article = make_article(headline="Original")
    ana = editor_client("ana")
    save(ana, article, {**opened_form(ana, article), "headline": "Changed"})
    viewer = make_user(username="viewer")
    viewer.user_permissions.add(*Group.objects.get(name="Editors").permissions.filter(codename="view_article"))
    client = Client()
    client.force_login(viewer)
    assert client.get(revisions_url(article)).status_code == 200
    assert client.post(revisions_url(article) + "1/restore/").status_code == 403
    article.refresh_from_db()
    assert article.headline == "Changed"


def test_restoring_onto_a_live_story_needs_the_rights_of_editing_it():
    from django.core.exceptions import PermissionDenied

    from articles.services.revisions import article_restore_revision
    from tests.factories import make_reporter

    article = make_article(headline="Original")  # live
    ana = editor_client("ana")
    save(ana, article, {**opened_form(ana, article), "headline": "Changed"})
    reporter = make_reporter(username="rita")
    with pytest.raises(PermissionDenied):
        article_restore_revision(article=article, version=1, by=reporter)
    article.refresh_from_db()
    assert article.headline == "Changed"
    assert ArticleRevision.objects.filter(article=article).count() == 2, "a refused restore records nothing"


def test_history_names_a_substantive_update_and_a_merge():
    article = make_article(headline="Live story")
    ana, ben = editor_client("ana"), editor_client("ben")
    save(ana, article, {**opened_form(ana, article), "body": "<p>New facts.</p>", "is_substantive_update": "on"})
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)
    save(ben, article, {**ben_copy, "dek": "Ben's dek"})
    save(ana, article, reshown(save(ana, article, {**ana_copy, "headline": "Ana's"})))
    html = ana.get(revisions_url(article)).content.decode()
    assert "substantive update" in html
    assert "merged: opened v2, saved over v3 (ben)" in html


def test_restoring_the_version_the_story_already_says_writes_nothing_and_says_so():
    article = make_article(headline="Original")
    ana = editor_client("ana")
    save(ana, article, {**opened_form(ana, article), "headline": "Changed"})
    save(ana, article, {**opened_form(ana, article), "headline": "Original"})  # v3 says what v1 said
    response = ana.post(revisions_url(article) + "1/restore/", follow=True)
    assert "already says what version 1 said; nothing changed" in response.content.decode()
    assert ArticleRevision.objects.filter(article=article).count() == 3


def test_submitting_for_editing_records_no_empty_edit_revision():
    """The form saves on its way to the button; with nothing changed, that save is no version of its own."""
    from tests.factories import make_reporter

    reporter = make_reporter(username="rita")
    article = make_article(headline="Filed", status=Status.DRAFT, created_by=reporter)
    client = Client()
    client.force_login(reporter)
    data = opened_form(client, article)
    before = kept_versions(article)
    assert save(client, article, {**data, "_transition": "submit"}).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.READY
    assert kept_versions(article) == before + 1, "only the transition's revision"
    html = client.get(revisions_url(article)).content.decode()
    assert "Draft → Ready for editing" in html
    assert "no visible change" not in html and "<td>edit</td>" not in html


def test_a_real_edit_with_a_button_is_still_its_own_revision():
    article = make_article(headline="Filed", status=Status.DRAFT)
    ana = editor_client("ana")
    data = opened_form(ana, article)
    before = kept_versions(article)
    save(ana, article, {**data, "headline": "Filed, fixed", "_transition": "submit"})
    assert kept_versions(article) == before + 2


def kept_versions(article):
    """The story's revisions besides version 1 "as first opened", which its first recorded save keeps."""
    return ArticleRevision.objects.filter(article=article).exclude(note="as first opened").count()
