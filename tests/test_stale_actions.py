"""A workflow action run on an older copy of a story never writes that copy's text back."""

from unittest import mock

import pytest

from articles.admin.articles import ArticleAdmin
from articles.models import Article, ArticleRevision, Status
from articles.services import editing, publishing
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def edit_text(pk, *, by, headline, body):
    """What another editor does in the form meanwhile: a save through the editing service."""
    article = Article.objects.get(pk=pk)
    article.headline, article.body = headline, body
    editing.article_save(article=article, by=by)


def assert_kept_new_text(pk, *, old_headline):
    stored = Article.objects.get(pk=pk)
    assert stored.headline == "Pier fire: two hurt"
    assert stored.body == "<p>Two people were hurt.</p>"
    last_edit = ArticleRevision.objects.filter(article_id=pk, snapshot__headline="Pier fire: two hurt").first()
    assert last_edit is not None
    later = ArticleRevision.objects.filter(article_id=pk, version__gt=last_edit.version)
    assert [r.snapshot["headline"] for r in later if r.snapshot["headline"] == old_headline] == []


@pytest.mark.parametrize(
    ("action", "status", "kwargs"),
    [
        ("publish", Status.DRAFT, {}),
        ("submit", Status.DRAFT, {}),
        ("unpublish", Status.PUBLISHED, {}),
        ("withdraw", Status.PUBLISHED, {"note": "Legal."}),
    ],
)
def test_an_action_on_an_older_copy_keeps_the_text_saved_since(action, status, kwargs):
    editor = make_editor()
    article = make_article(status=status, headline="Pier fire", body="<p>A fire.</p>")
    stale = Article.objects.get(pk=article.pk)
    edit_text(article.pk, by=editor, headline="Pier fire: two hurt", body="<p>Two people were hurt.</p>")

    getattr(publishing, f"article_{action}")(article=stale, by=editor, **kwargs)

    assert_kept_new_text(article.pk, old_headline="Pier fire")
    assert Article.objects.get(pk=article.pk).status == stale.status


def test_a_list_action_keeps_the_text_saved_after_the_list_was_loaded(client):
    editor = make_editor(username="desk")
    first = make_article(status=Status.DRAFT, headline="Harbour closes")
    second = make_article(status=Status.DRAFT, headline="Pier fire", body="<p>A fire.</p>")
    client.force_login(editor)
    log_change = ArticleAdmin.log_change
    edited = []

    def edit_second_after_first(self, request, obj, message):
        # Between the first story's action and the second's: another editor saves the second.
        if not edited:
            edit_text(second.pk, by=make_editor(), headline="Pier fire: two hurt", body="<p>Two people were hurt.</p>")
            edited.append(True)
        return log_change(self, request, obj, message)

    with mock.patch.object(ArticleAdmin, "log_change", edit_second_after_first):
        response = client.post(
            "/admin/articles/article/", {"action": "publish_now", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert edited
    assert "\u201cPier fire: two hurt\u201d was published." in response.content.decode()
    assert_kept_new_text(second.pk, old_headline="Pier fire")
    assert Article.objects.get(pk=second.pk).is_published()
