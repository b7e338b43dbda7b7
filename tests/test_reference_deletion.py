"""Deleting a section, author, dateline or tag from the admin: a page that says what would go, at any size."""

import pytest

from articles.admin import deletion
from articles.models import Article, Author, Tag
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_listed(monkeypatch):
    monkeypatch.setattr(deletion, "LISTED", 3)


def test_a_tag_on_more_stories_than_a_page_can_list_is_counted_and_deleted(admin_client, few_listed):
    tag = make_tag(name="Grain", slug="grain")
    section = make_section()
    stories = [make_article(section=section, tags=[tag], headline=f"Grain story {i}") for i in range(5)]
    page = admin_client.get(f"/admin/articles/tag/{tag.pk}/delete/").content.decode()
    assert "5 article-tag relationships" in page
    assert "Article_tags object" not in page and "Article-tag relationship:" not in page, "no line per link"
    response = admin_client.post(f"/admin/articles/tag/{tag.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert Article.objects.filter(pk__in=[s.pk for s in stories]).count() == 5, "the stories stay"


def test_an_author_with_more_bylines_than_a_page_can_list_is_refused_with_a_count(admin_client, few_listed):
    author = make_author(name="Ana Ruiz", slug="ana-ruiz")
    section = make_section()
    for i in range(4):
        make_article(section=section, authors=[author], headline=f"Story {i}")
    page = admin_client.get(f"/admin/articles/author/{author.pk}/delete/").content.decode()
    assert "4 bylines" in page and "protected" in page
    admin_client.post(f"/admin/articles/author/{author.pk}/delete/", {"post": "yes"})
    assert Author.objects.filter(pk=author.pk).exists(), "an author who is credited on stories stays"


def test_a_small_deletion_keeps_django_s_own_list(admin_client):
    tag = make_tag(name="Ports", slug="ports")
    make_article(tags=[tag], headline="Harbour strike")
    page = admin_client.get(f"/admin/articles/tag/{tag.pk}/delete/").content.decode()
    assert "Article-tag relationship:" in page, "each link named, as Django does"
