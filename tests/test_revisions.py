"""Nothing an editor typed is ever lost: every save is kept; a stale save is refused, its text kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleRevision, Status
from articles.services.editing import article_save
from articles.services.revisions import article_snapshot, changed_parts
from tests.admin_forms import editor_client, opened_form, save
from tests.factories import make_article, make_author, make_editor, make_tag

pytestmark = pytest.mark.django_db


def test_a_save_from_a_stale_copy_is_refused_with_the_other_changes_shown_and_text_kept():
    article = make_article(headline="Original headline", dek="Original dek")
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)

    assert save(ana, article, {**ana_copy, "headline": "Ana's better headline"}).status_code == 302
    refused = save(ben, article, {**ben_copy, "dek": "Ben's careful new dek"})

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Saved by ana" in html and "Headline" in html and "Ana&#x27;s better headline" in html
    assert "Ben&#x27;s careful new dek" in html, "Ben's text is still in the form"
    article.refresh_from_db()
    assert (article.headline, article.dek) == ("Ana's better headline", "Original dek")

    # Saving the re-shown form again applies Ben's change on top of Ana's.
    again = refused.context["adminform"].form.data.copy()
    assert save(ben, article, again).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.dek) == ("Ana's better headline", "Ben's careful new dek")


def test_every_save_is_a_revision_with_who_and_what():
    article = make_article(headline="First")
    ana = editor_client("ana")
    save(ana, article, {**opened_form(ana, article), "headline": "Second"})
    save(ana, article, {**opened_form(ana, article), "body": "<p>New body.</p>"})
    saved = list(ArticleRevision.objects.filter(article=article).order_by("version"))
    # Version 1 is the story as first opened (it was made by a script, not saved in the admin).
    assert [r.version for r in saved] == [1, 2, 3]
    assert [r.snapshot["headline"] for r in saved] == ["First", "Second", "Second"]
    assert saved[2].snapshot["body"] == "<p>New body.</p>" and saved[2].saved_by.username == "ana"
    history = ana.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "v3 · " in history and "· ana · body</li>" in history


def test_publishing_from_the_list_makes_an_open_copy_stale():
    article = make_article(status=Status.DRAFT)
    ana, ben = editor_client("ana"), editor_client("ben")
    ben_copy = opened_form(ben, article)
    ana.post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]})
    refused = save(ben, article, {**ben_copy, "headline": "Ben's headline"})
    assert refused.status_code == 200 and "Saved by ana" in refused.content.decode()
    article.refresh_from_db()
    assert article.is_published() and article.headline != "Ben's headline"


def test_saving_a_story_unchanged_writes_no_revision():
    """Five saves with no change leave the history as it was: one version, the story as first opened."""
    article = make_article(headline="Quiet day", authors=[make_author()], tags=[make_tag()])
    ana = editor_client("ana")
    for _ in range(5):
        assert save(ana, article, opened_form(ana, article)).status_code == 302
    assert list(ArticleRevision.objects.filter(article=article).values_list("version", flat=True)) == [1]
    history = ana.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "no visible change" not in history
    save(ana, article, {**opened_form(ana, article), "headline": "Busy day"})
    assert ArticleRevision.objects.filter(article=article).count() == 2


def test_the_service_writes_no_revision_for_a_save_that_changes_nothing():
    article = make_article(status=Status.DRAFT, headline="Quiet day", body="<p>Same words.</p>")
    article_save(article=article, by=None)  # the first version
    for _ in range(5):
        article = Article.objects.get(pk=article.pk)
        article_save(article=article, by=None, bylines=[], tags=[])
        article.body = "<p>Same words.</p>\n"  # as an editor's widget may post it: the same once cleaned
        article_save(article=article, by=None)
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_saving_and_history_agree_on_which_times_are_the_same_moment():
    """10:00:00.9 is the 10:00:00 the form showed; 10:00:01.1 is a second later, to the save and to history."""
    tomorrow = timezone.localtime() + timedelta(days=1)
    stored_at = tomorrow.replace(hour=10, minute=0, second=0, microsecond=900_000)
    article = make_article(status=Status.DRAFT, published_at=stored_at)
    editor = make_editor()
    article_save(article=article, by=editor)  # version 1: as stored
    before = article_snapshot(Article.objects.get(pk=article.pk))

    as_shown = Article.objects.get(pk=article.pk)
    as_shown.published_at = stored_at.replace(microsecond=0)
    article_save(article=as_shown, by=editor)
    assert ArticleRevision.objects.filter(article=article).count() == 1, "the time the form showed is no change"

    later = Article.objects.get(pk=article.pk)
    later.published_at = stored_at.replace(second=1, microsecond=100_000)
    article_save(article=later, by=editor)
    stored = Article.objects.get(pk=article.pk)
    assert stored.published_at == later.published_at
    assert ArticleRevision.objects.filter(article=article).count() == 2
    assert changed_parts(before, article_snapshot(stored)) == ["publish time"]
