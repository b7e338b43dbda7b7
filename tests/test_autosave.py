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
    assert autosave(client, article, headline="x").status_code == 401
    assert not ArticleAutosave.objects.exists()
    assert reverse("admin:articles_article_autosave", args=[article.pk]).endswith("/autosave/")


# --- Signed out while writing: the form's script must be told, not sent to the login page ---------


def assert_signed_out_answer(response):
    """A JSON 401 the script can act on; a redirect would be followed by fetch and read as the login page."""
    assert response.status_code == 401, response.status_code
    assert response["Content-Type"] == "application/json"
    assert "Location" not in response
    assert response.json()["signed_out"] is True
    assert "no-cache" in response["Cache-Control"]


def test_a_signed_out_autosave_is_answered_401_in_json_and_keeps_nothing():
    article = make_article(status=Status.DRAFT)
    ana = editor_client("ana")
    ana.logout()  # the session ended (expired, or signed out in another tab)
    response = ana.post(reverse("admin:articles_article_autosave", args=[article.pk]), {"headline": "Typed"},
                        headers={"accept": "application/json"})
    assert_signed_out_answer(response)
    assert not ArticleAutosave.objects.exists()


def test_the_presence_heartbeat_and_discard_answer_a_signed_out_script_in_json(client):
    article = make_article(status=Status.DRAFT)
    for name in ["presence", "presence_leave", "autosave_discard"]:
        url = reverse(f"admin:articles_article_{name}", args=[article.pk])
        assert_signed_out_answer(client.post(url, headers={"accept": "application/json"}))
    # Discard posted by a plain form (no script) still goes to the login page, as every admin page does.
    response = client.post(reverse("admin:articles_article_autosave_discard", args=[article.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_signed_in_answers_who_is_signed_in_and_a_fresh_token():
    ana_client = editor_client("ana")
    url = reverse("admin:articles_article_signed_in")
    answer = ana_client.get(url, headers={"accept": "application/json"})
    assert answer.status_code == 200 and "no-cache" in answer["Cache-Control"]
    assert answer.json()["user"] == int(ana_client.session["_auth_user_id"])
    assert len(answer.json()["csrf_token"]) == 64
    ana_client.logout()
    assert_signed_out_answer(ana_client.get(url, headers={"accept": "application/json"}))


def test_after_signing_in_again_the_fresh_token_lets_the_open_form_autosave():
    """Signing in rotates the CSRF token, so the open form's token is refused; the one from signed-in/ is not."""
    from django.test import Client

    from tests.factories import make_editor

    article = make_article(status=Status.DRAFT)
    make_editor(username="ana", password="pw")
    browser = Client(enforce_csrf_checks=True)
    browser.login(username="ana", password="pw")
    form_token = browser.get(change_url(article)).context["csrf_token"]
    browser.logout()
    browser.login(username="ana", password="pw")  # in another tab
    browser.get("/admin/")  # the other tab's next page (the rotated cookie is set with it)
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    stale = browser.post(url, {"headline": "Typed"}, headers={"X-CSRFToken": str(form_token)})
    assert stale.status_code == 403

    fresh = browser.get(reverse("admin:articles_article_signed_in")).json()["csrf_token"]
    saved = browser.post(url, {"headline": "Typed"}, headers={"X-CSRFToken": fresh, "accept": "application/json"})
    assert saved.status_code == 200
    assert ArticleAutosave.objects.get(article=article).fields["headline"] == "Typed"
