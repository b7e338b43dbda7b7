"""Every public page names what it shows in the headers CDNs read, and a cached copy names it too."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler

from articles.front_cache import FrontCache
from tests.factories import make_article, make_author, make_photo, make_section, make_tag
from tests.test_front_cache import connection_kept

pytestmark = pytest.mark.django_db


def keys(response):
    """The keys a page carries, read from each of the three headers, which must agree."""
    fastly = set(response["Surrogate-Key"].split(" "))
    varnish = set(response["xkey"].split(" "))
    cloudflare = set(response["Cache-Tag"].split(","))
    assert fastly == varnish == cloudflare
    return fastly


@pytest.fixture
def story(newsroom):
    section, author, tag = newsroom
    return make_article(
        section=section, headline="Kremlin talks", authors=[author], tags=[tag], lead_photo=make_photo()
    )


def test_a_story_page_names_the_story_its_section_authors_tags_and_photo(client, story, newsroom):
    section, author, tag = newsroom
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert keys(response) >= {
        f"story-{story.pk}", f"section-{section.pk}", f"author-{author.pk}", f"tag-{tag.pk}",
        f"photo-{story.lead_photo_id}", "nav",
    }
    assert response["Surrogate-Key"] == " ".join(sorted(keys(response)))
    assert response["Cache-Tag"] == ",".join(sorted(keys(response)))


def test_a_story_page_rendered_from_kept_fragments_still_names_its_authors_and_tags(client, story, newsroom):
    _, author, tag = newsroom
    client.get(story.get_absolute_url())
    cache.clear()  # the page cache is gone; the worker still holds the story's fragments
    again = client.get(story.get_absolute_url())
    assert {f"author-{author.pk}", f"tag-{tag.pk}"} <= keys(again)


def test_a_page_served_from_the_page_cache_carries_the_same_keys(client, story):
    first = client.get("/")
    again = client.get("/")
    assert again.status_code == 200
    assert again["Surrogate-Key"] == first["Surrogate-Key"] and again["Cache-Tag"] == first["Cache-Tag"]
    assert {"home", f"story-{story.pk}"} <= keys(again)


def test_the_front_cache_replays_the_keys_without_django(story):
    def call(app):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_HOST": "testserver"}
        setup_testing_defaults(environ)
        started = {}
        body = b"".join(app(environ, lambda status, headers, exc_info=None: started.update(headers=dict(headers))))
        return started["headers"], body

    with connection_kept():
        app = FrontCache(WSGIHandler())
        first, _ = call(app)
        again, _ = call(app)
    assert "home" in first["Surrogate-Key"].split()
    assert again["Surrogate-Key"] == first["Surrogate-Key"] and again["xkey"] == first["xkey"]
    assert again["Cache-Tag"] == first["Cache-Tag"]


def test_home_names_each_card_with_its_authors_even_when_the_cards_are_remembered(client, newsroom):
    section, author, _ = newsroom
    other = make_author(name="Ana Ruiz")
    article = make_article(section=section, authors=[author, other])
    client.get("/")
    cache.clear()  # the page is rendered again, its cards come from the worker's memory
    again = client.get("/")
    assert {"home", f"story-{article.pk}", f"section-{section.pk}", f"author-{author.pk}",
            f"author-{other.pk}"} <= keys(again)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("section", "section-{section}"),
        ("author", "author-{author}"),
        ("tag", "tag-{tag}"),
        ("archive", "section-{section}"),
        ("feed", "feeds"),
        ("section-feed", "section-{section}"),
        ("author-feed", "author-{author}"),
        ("tag-feed", "tag-{tag}"),
        ("sitemap", "sitemaps"),
        ("sitemap-stories", "sitemaps"),
        ("api", "api"),
        ("api-item", "story-{story}"),
        ("search", "search"),
    ],
)
def test_each_public_surface_names_what_it_lists(client, story, newsroom, page, expected):
    section, author, tag = newsroom
    urls = {
        "section": section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "archive": f"/{section.slug}/{story.published_at.year}/",
        "feed": "/feeds/rss/",
        "section-feed": f"/feeds/{section.slug}/rss/",
        "author-feed": f"/feeds/authors/{author.slug}/atom/",
        "tag-feed": f"/feeds/tags/{tag.slug}/rss/",
        "sitemap": "/sitemap.xml",
        "sitemap-stories": "/sitemap-stories.xml",
        "api": "/api/v2/articles/",
        "api-item": f"/api/v1/articles/{story.pk}/",
        "search": "/search/?q=Kremlin",
    }
    response = client.get(urls[page])
    assert response.status_code == 200, urls[page]
    assert expected.format(section=section.pk, author=author.pk, tag=tag.pk, story=story.pk) in keys(response)


def test_lists_name_the_stories_they_show(client, story, newsroom):
    section, author, tag = newsroom
    for url in (section.get_absolute_url(), author.get_absolute_url(), tag.get_absolute_url()):
        assert f"story-{story.pk}" in keys(client.get(url)), url


def test_a_signed_in_editors_page_carries_no_keys(client, story):
    from tests.factories import make_editor

    client.force_login(make_editor())
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Surrogate-Key" not in response and "Cache-Tag" not in response


def test_a_missing_page_carries_no_keys(client):
    make_section(slug="world")
    response = client.get("/world/2020/01/01/nothing-here/")
    assert response.status_code == 404
    assert "Surrogate-Key" not in response


def test_a_story_in_another_section_is_not_named_on_this_sections_front(client, story, newsroom):
    other = make_article(section=make_section(), tags=[make_tag()])
    assert f"story-{other.pk}" not in keys(client.get(newsroom[0].get_absolute_url()))
