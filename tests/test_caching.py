"""Cached reader pages never outlive the truth (DESIGN rule 2)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status
from articles.services import publishing
from tests.clock import clock_at
from tests.factories import make_article, make_author, make_editor, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    return make_section(name="World", slug="world")


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_repeat_visit_is_served_from_the_cache_without_queries(client, section):
    make_article(section=section, headline="Cached story", authors=[make_author()])
    first, first_queries = get(client, "/")
    again, again_queries = get(client, "/")
    assert first_queries >= 4 and again_queries == 0
    assert again.content == first.content and b"Cached story" in again.content
    assert "public" in again["Cache-Control"] and "max-age=60" in again["Cache-Control"]


def test_an_edit_drops_cached_pages_at_once(client, section):
    article = make_article(section=section, headline="First headline")
    for url in ("/", section.get_absolute_url(), article.get_absolute_url()):
        assert b"First headline" in client.get(url).content
    article.headline = "Corrected headline"
    article.save()
    for url in ("/", section.get_absolute_url(), article.get_absolute_url()):
        html = client.get(url).content
        assert b"Corrected headline" in html and b"First headline" not in html, url


def test_withdrawing_a_story_removes_it_from_cached_pages(client, section):
    article = make_article(section=section, headline="Story to withdraw")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert b"Story to withdraw" in client.get("/").content
    publishing.article_withdraw(article=article)
    assert client.get(article.get_absolute_url()).status_code == 410  # gone: its address says it was withdrawn
    assert b"Story to withdraw" not in client.get("/").content


def test_a_scheduled_story_appears_at_its_second_through_the_cache(client, section):
    now = timezone.now().replace(microsecond=0)
    make_article(section=section, headline="Due in a minute", published_at=now + timedelta(minutes=1))
    with clock_at(now):
        response = client.get("/")
        assert b"Due in a minute" not in response.content
        assert "max-age=60" in response["Cache-Control"]
    with clock_at(now + timedelta(seconds=59)):
        response = client.get("/")
        assert b"Due in a minute" not in response.content
        assert "max-age=1" in response["Cache-Control"], "browsers and CDNs must not keep it past go-live"
    with clock_at(now + timedelta(minutes=1)):
        assert b"Due in a minute" in client.get("/").content


def test_staff_previews_are_never_cached_nor_served_from_the_cache(client, section):
    draft = make_article(section=section, headline="Desk draft", status=Status.DRAFT)
    make_article(section=section, headline="Live story")
    assert b"Desk draft" not in client.get("/").content  # a reader's copy is now cached

    client.force_login(make_editor())
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and b"Preview" in preview.content
    assert "private" in client.get("/")["Cache-Control"]

    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_tag_and_byline_changes_drop_cached_pages(client, section):
    article = make_article(section=section, headline="Tagged story")
    author = make_author(name="Late Addition")
    assert b"Late Addition" not in client.get("/").content
    article.bylines.create(author=author, position=0)
    assert b"Late Addition" in client.get("/").content


def test_the_publication_window_matches_published_and_scheduled(section):
    now = timezone.now()
    make_article(section=section, published_at=now - timedelta(hours=2))
    newest = make_article(section=section, published_at=now - timedelta(minutes=5))
    soon = make_article(section=section, published_at=now + timedelta(minutes=3))
    make_article(section=section, published_at=now + timedelta(hours=3))
    make_article(section=section, status=Status.DRAFT, published_at=now + timedelta(seconds=10))
    assert Article.objects.publication_window(at=now) == (newest.published_at, soon.published_at)
    assert newest.published_at == max(a.published_at for a in Article.objects.published(at=now))
    assert soon.published_at == min(a.published_at for a in Article.objects.scheduled(at=now))


def test_the_page_cache_can_be_switched_off_for_measuring(client, section, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    make_article(section=section, headline="Uncached story")
    first, first_queries = get(client, "/")
    again, again_queries = get(client, "/")
    assert first_queries > again_queries >= 1, "each visit renders the page again (only its story list is read)"
    assert "max-age=60" in again["Cache-Control"]
