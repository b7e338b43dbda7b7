"""The desk's admin: the story list and writing a scheduled story."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Status
from tests.admin_forms import opened_form
from tests.factories import (
    make_article,
    make_author,
    make_dateline,
    make_editor,
    make_photo,
    make_photo_desk,
    make_reporter,
    make_section,
    make_superuser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_superuser())
    return client


def test_story_list_shows_each_state_with_its_time(admin_client):
    section = make_section()
    make_article(section=section, headline="Draft one", status=Status.DRAFT)
    at = timezone.now() + timedelta(days=1)
    make_article(section=section, headline="Tomorrow's story", published_at=at)
    html = admin_client.get("/admin/articles/article/").content.decode()
    assert "Draft one" in html and "Tomorrow&#x27;s story" in html
    assert "Scheduled for " in html and "Draft" in html


@pytest.mark.parametrize(
    "state, shown, hidden",
    [("scheduled", "Later story", "Live story"), ("published", "Live story", "Later story"),
     ("draft", "Desk draft", "Live story")],
)
def test_story_list_filters_by_state(admin_client, state, shown, hidden):
    section = make_section()
    make_article(section=section, headline="Live story")
    make_article(section=section, headline="Later story", published_at=timezone.now() + timedelta(hours=2))
    make_article(section=section, headline="Desk draft", status=Status.DRAFT)
    html = admin_client.get(f"/admin/articles/article/?state={state}").content.decode()
    assert shown in html and hidden not in html


def test_story_list_searches_headline_dek_and_body(admin_client):
    make_article(headline="Grain deal", body="<p>Wheat prices fell.</p>")
    make_article(headline="Football")
    html = admin_client.get("/admin/articles/article/?q=wheat").content.decode()
    assert "Grain deal" in html and "Football" not in html


def test_writing_a_story_scheduled_two_minutes_ahead(admin_client, client):
    section = make_section(slug="world")
    author = make_author(name="Simon Corlett")
    photo = make_photo()
    dateline = make_dateline(place="MOSCOW")
    at = timezone.localtime(timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    response = admin_client.post(
        "/admin/articles/article/add/",
        {
            "section": section.pk,
            "headline": "Grain talks resume",
            "slug": "grain-talks-resume",
            "body": "<p>Talks resumed on Friday.</p>",
            "dateline": dateline.pk,
            "dateline_source": "UPI",
            "origin": "staff",
            "lead_photo": photo.pk,
            "_transition": "schedule",
            "published_at_0": at.strftime("%Y-%m-%d"),
            "published_at_1": at.strftime("%H:%M:%S"),
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "0",
            "bylines-0-author": author.pk,
            "bylines-0-position": "0",
            "bylines-0-role": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="grain-talks-resume")
    assert article.is_scheduled() and article.published_at == at
    assert article.first_published_at == at
    assert [b.author for b in article.bylines.all()] == [author]
    html = admin_client.get("/admin/articles/article/").content.decode()
    assert "Scheduled for " in html


def test_publish_button_on_a_new_story_means_now(admin_client):
    section = make_section()
    before = timezone.now()
    response = admin_client.post(
        "/admin/articles/article/add/",
        {"section": section.pk, "headline": "Now", "slug": "now", "origin": "staff", "_transition": "publish",
         "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="now")
    assert article.is_published() and article.published_at >= before


def test_publish_and_unpublish_actions_use_the_publishing_rules(admin_client):
    draft = make_article(status=Status.DRAFT)
    live = make_article()
    admin_client.post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [draft.pk]})
    admin_client.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [live.pk]})
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.is_published() and draft.first_published_at is not None
    assert live.status == Status.DRAFT


@pytest.mark.parametrize("model", ["article", "author", "section", "dateline", "tag", "photoasset"])
def test_every_admin_page_opens(admin_client, model):
    assert admin_client.get(f"/admin/articles/{model}/").status_code == 200
    assert admin_client.get(f"/admin/articles/{model}/add/").status_code == 200


def test_autocomplete_finds_authors_for_bylines(admin_client):
    make_author(name="Simon Corlett")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "Simon", "app_label": "articles", "model_name": "byline", "field_name": "author"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Simon Corlett"]


def test_editing_the_slug_in_the_admin_keeps_the_old_address_working(admin_client, client):
    article = make_article(slug="old-slug", headline="Renamed")
    old_url = article.get_absolute_url()
    data = {**opened_form(admin_client, article), "slug": "new-slug"}
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.slug == "new-slug"
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


# --- Roles: only those who may publish decide what readers see ------------------------


@pytest.fixture
def role_client(client):
    def log_in_as(make_user):
        client.force_login(make_user())
        return client

    return log_in_as


def _new_story_post(section, **extra):
    at = timezone.localtime() - timedelta(minutes=5)
    data = {
        "section": section.pk, "headline": "Reporter copy", "slug": "reporter-copy", "origin": "staff",
        "_transition": "publish", "status": "published", "published_at_0": at.strftime("%Y-%m-%d"),
        "published_at_1": at.strftime("%H:%M:%S"), "home_position": "1",
        "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_reporter_files_a_draft_and_cannot_publish_even_with_a_crafted_post(role_client):
    client = role_client(make_reporter)
    section = make_section()
    form_html = client.get("/admin/articles/article/add/").content.decode()
    assert 'name="status"' not in form_html and 'name="published_at_0"' not in form_html
    assert client.post("/admin/articles/article/add/", _new_story_post(section)).status_code == 403
    assert not Article.objects.filter(slug="reporter-copy").exists()
    assert client.post("/admin/articles/article/add/", _new_story_post(section, _transition="")).status_code == 403
    assert not Article.objects.filter(slug="reporter-copy").exists()
    placement = {"published_at_0", "published_at_1", "home_position"}
    response = client.post("/admin/articles/article/add/", {
        key: value for key, value in _new_story_post(section, _transition="").items() if key not in placement
    })
    assert response.status_code == 302
    story = Article.objects.get(slug="reporter-copy")
    assert story.status == Status.DRAFT and story.published_at is None and story.home_position is None
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_reporter_has_no_publish_actions_and_they_do_nothing_if_forced(role_client):
    client = role_client(make_reporter)
    draft = make_article(status=Status.DRAFT)
    changelist = client.get("/admin/articles/article/").content.decode()
    assert "publish_now" not in changelist
    client.post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_may_publish_from_the_form(role_client):
    client = role_client(make_editor)
    response = client.post("/admin/articles/article/add/", _new_story_post(make_section()))
    assert response.status_code == 302
    assert Article.objects.published().filter(slug="reporter-copy", home_position=1).exists()


def test_photo_desk_cannot_open_the_story_form(role_client):
    client = role_client(make_photo_desk)
    assert client.get("/admin/articles/article/add/").status_code == 403
    assert client.get("/admin/articles/photoasset/add/").status_code == 200


# --- Signing in -------------------------------------------------------------------------------


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_signing_in_with_a_refused_or_empty_next_lands_on_the_desk(client, next_url):
    """A `next` pointing off the site is refused; the editor lands on the admin index, not a 404."""
    make_editor(username="lena", password="pw")
    login = f"/admin/login/?next={next_url}"
    assert client.get(login).status_code == 200
    response = client.post(login, {"username": "lena", "password": "pw", "next": next_url}, follow=True)
    assert response.status_code == 200
    assert [url for url, _ in response.redirect_chain] == ["/admin/"]
    assert response.request["PATH_INFO"] == "/admin/" and "Desk" in response.content.decode()


def test_signing_in_with_a_next_on_the_site_goes_there(client):
    make_editor(username="lena", password="pw")
    login = "/admin/login/?next=/admin/articles/article/"
    response = client.post(login, {"username": "lena", "password": "pw", "next": "/admin/articles/article/"},
                           follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/admin/articles/article/"
