"""Per-worker memory of rendered pieces: story cards keyed by what they print, navigation by content version."""

import pytest

from tests.factories import make_article, make_author, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached_pages(settings):
    settings.NEWSROOM_PAGE_CACHE = False  # only the cards' own memory is left


def test_a_renamed_author_or_section_and_a_new_photo_show_on_every_card(client, uncached_pages):
    section = make_section(name="World", slug="world")
    author = make_author(name="Ana Ruiz")
    article = make_article(section=section, authors=[author], headline="Grain deal")
    assert "Ana Ruiz" in client.get("/world/").content.decode()
    author.name = "Ana Ruiz-Vega"
    author.save()
    section.name = "World News"
    section.save()
    assert 'class="card-photo"' not in client.get("/").content.decode()
    article.lead_photo = make_photo()
    article.save()
    html = client.get("/").content.decode()
    assert "Ana Ruiz-Vega" in html and "World News" in html and 'class="card-photo"' in html


def test_an_edited_headline_shows_on_the_card(client, uncached_pages):
    article = make_article(section=make_section(slug="world"), headline="First headline")
    client.get("/world/")
    article.headline = "Second headline"
    article.save()
    html = client.get("/world/").content.decode()
    assert "Second headline" in html and "First headline" not in html


def test_a_renamed_or_retired_section_leaves_the_navigation_at_once(client, uncached_pages):
    world = make_section(name="World", slug="world")
    make_section(name="Sport", slug="sport")
    make_article(section=world)
    assert 'href="/sport/"' in client.get("/").content.decode()
    world.name = "Global"
    world.save()
    sport = world.__class__.objects.get(slug="sport")
    sport.is_active = False
    sport.save()
    html = client.get("/").content.decode()
    assert ">Global<" in html and 'href="/sport/"' not in html


def test_a_page_read_again_reads_no_bylines_and_a_new_byline_still_shows(client, uncached_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Byline

    section = make_section(name="World", slug="world")
    author = make_author(name="Ana Ruiz", slug="ana-ruiz")
    tag = make_tag(name="Grain", slug="grain")
    article = make_article(section=section, authors=[author], tags=[tag])
    for url in ("/", "/world/", "/authors/ana-ruiz/", "/tags/grain/"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any(q["sql"].startswith('SELECT "articles_byline"') for q in queries.captured_queries), url
    Byline.objects.create(article=article, author=make_author(name="Simon Corlett"), position=1)
    for url in ("/", "/world/", "/authors/ana-ruiz/", "/tags/grain/"):
        assert "Simon Corlett" in client.get(url).content.decode(), url
