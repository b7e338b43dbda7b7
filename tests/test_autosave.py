"""Autosaves: kept per user and story beside the story, offered back, gone on save; readers never see them."""

import pytest
from django.urls import reverse

from articles.models import ArticleAutosave, Status
from tests.admin_forms import change_url, editor_client, opened_form, save
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SECRET = "ZZAUTOSAVED paragraph nobody has saved"


def autosave(client, article, **fields):
    return client.post(change_url(article).replace("change/", "autosave/"), fields)


def test_an_autosave_never_reaches_the_story_or_readers(client):
    article = make_article(headline="Saved headline", body="<p>Saved body.</p>")
    ana = editor_client("ana")
    response = autosave(ana, article, headline="ZZAUTOSAVED headline", body=f"<p>{SECRET}</p>", loaded_version="1")
    assert response.status_code == 200 and "saved_at" in response.json()

    article.refresh_from_db()
    assert (article.headline, article.body) == ("Saved headline", "<p>Saved body.</p>")
    for url in [article.get_absolute_url(), "/", article.section.get_absolute_url(), "/feeds/rss/",
                "/api/v1/articles/", f"/api/v1/articles/{article.pk}/", "/search/?q=nobody+has+saved"]:
        assert b"ZZAUTOSAVED" not in client.get(url).content, url


def test_autosaves_are_per_user_and_offered_back_with_a_compare():
    article = make_article(headline="Saved headline", body="<p>The troops crossed the river.</p>")
    ana, ben = editor_client("ana"), editor_client("ben")
    autosave(ana, article, body="<p>The troops crossed the bridge.</p>")
    autosave(ben, article, headline="Ben's unsaved headline")
    assert ArticleAutosave.objects.filter(article=article).count() == 2

    page = ana.get(change_url(article))
    html = page.content.decode()
    assert "Restore your unsaved changes from" in html
    assert "<del>river.</del>" in html and "<ins>bridge.</ins>" in html
    assert "Ben&#x27;s unsaved headline" not in html, "one editor never sees another's autosave"


def test_saving_the_story_removes_this_editors_autosave_only():
    article = make_article(headline="Saved headline")
    ana, ben = editor_client("ana"), editor_client("ben")
    autosave(ana, article, headline="Ana's draft headline")
    autosave(ben, article, headline="Ben's draft headline")
    assert save(ana, article, {**opened_form(ana, article), "headline": "Ana's draft headline"}).status_code == 302
    assert list(ArticleAutosave.objects.filter(article=article).values_list("user__username", flat=True)) == ["ben"]
    assert "Restore your unsaved changes" not in ana.get(change_url(article)).content.decode()


def test_an_autosave_that_says_what_the_story_says_is_not_offered():
    article = make_article(headline="Same")
    ana = editor_client("ana")
    autosave(ana, article, headline="Same")
    assert "Restore your unsaved changes" not in ana.get(change_url(article)).content.decode()


def test_autosave_needs_the_right_to_edit(client):
    article = make_article(status=Status.DRAFT)
    assert autosave(client, article, headline="x").status_code == 302  # to the login page
    assert not ArticleAutosave.objects.exists()
    assert reverse("admin:articles_article_autosave", args=[article.pk]).endswith("/autosave/")
