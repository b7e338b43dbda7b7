"""Feeds and sitemaps: what crawlers and feed readers get."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def stories():
    world = make_section(name="World News", slug="world")
    sport = make_section(name="Sport", slug="sport")
    author = make_author(name="Simon Corlett", slug="simon-corlett")
    helper = make_author(name="Ana Ruiz", slug="ana-ruiz")
    idle = make_author(name="Only Drafts", slug="only-drafts")
    tag = make_tag(name="Russia", slug="russia")
    live = make_article(
        section=world, headline="Grain deal signed", dek="A summary.", authors=[author, helper], tags=[tag],
        published_at=datetime(2025, 7, 4, 17, 43, tzinfo=UTC),
    )
    fresh = make_article(section=sport, headline="Cup final tonight", authors=[author])
    make_article(section=world, headline="Draft never shown", status=Status.DRAFT, authors=[idle])
    make_article(section=world, headline="Scheduled later", published_at=timezone.now() + timedelta(hours=1),
                 authors=[idle])
    return {"world": world, "sport": sport, "live": live, "fresh": fresh}


def xml(response):
    assert response.status_code == 200
    return ElementTree.fromstring(b"".join(response) if response.streaming else response.content)


def test_rss_feed_lists_published_stories_newest_first_with_bylines_and_dates(client, stories):
    channel = xml(client.get("/feeds/rss/")).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Cup final tonight", "Grain deal signed"]
    grain = items[1]
    assert grain.findtext("link").endswith(stories["live"].get_absolute_url())
    assert grain.findtext("description") == "A summary."
    assert parsedate_to_datetime(grain.findtext("pubDate")) == stories["live"].published_at
    assert grain.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Simon Corlett and Ana Ruiz"
    assert {c.text for c in grain.findall("category")} == {"World News", "Russia"}


def test_atom_feed_and_section_feeds(client, stories):
    feed = xml(client.get("/feeds/atom/"))
    assert [e.findtext("a:title", namespaces=ATOM_NS) for e in feed.findall("a:entry", ATOM_NS)] == [
        "Cup final tonight", "Grain deal signed",
    ]
    sport = xml(client.get("/feeds/sport/rss/")).find("channel")
    assert [item.findtext("title") for item in sport.findall("item")] == ["Cup final tonight"]
    assert len(xml(client.get("/feeds/world/atom/")).findall("a:entry", ATOM_NS)) == 1
    assert client.get("/feeds/no-such-section/rss/").status_code == 404


def test_pages_advertise_their_feeds(client, stories):
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in home and 'href="/feeds/rss/"' in home
    assert 'type="application/atom+xml"' in home and 'href="/feeds/atom/"' in home
    assert 'href="/feeds/world/rss/"' in client.get("/world/").content.decode()


def test_feed_queries_do_not_grow_with_items(client, stories):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/feeds/rss/")
        return len(queries)

    few = count()
    for _ in range(10):
        make_article(section=stories["world"], authors=[make_author()], tags=[make_tag()])
    assert count() == few <= 5


def test_sitemap_index_points_at_each_sitemap(client, stories):
    index = xml(client.get("/sitemap.xml"))
    locations = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for name in ("stories", "news", "sections", "authors"):
        assert any(location.endswith(f"/sitemap-{name}.xml") for location in locations), name


def test_story_sitemap_has_only_published_stories_with_lastmod(client, stories):
    urlset = xml(client.get("/sitemap-stories.xml"))
    entries = urlset.findall("s:url", SITEMAP_NS)
    locations = sorted(entry.findtext("s:loc", namespaces=SITEMAP_NS) for entry in entries)
    assert [loc.split("testserver")[1] for loc in locations] == sorted(
        [stories["fresh"].get_absolute_url(), stories["live"].get_absolute_url()]
    )
    assert all(entry.findtext("s:lastmod", namespaces=SITEMAP_NS) for entry in entries)


def test_news_sitemap_has_the_last_two_days_with_news_tags(client, stories):
    urlset = xml(client.get("/sitemap-news.xml"))
    entries = urlset.findall("s:url", SITEMAP_NS)
    assert len(entries) == 1, "the July 2025 story is too old for Google News"
    news = entries[0].find("news:news", SITEMAP_NS)
    assert news.findtext("news:title", namespaces=SITEMAP_NS) == "Cup final tonight"
    assert news.findtext("news:publication/news:name", namespaces=SITEMAP_NS) == settings.NEWSROOM_NAME
    assert news.findtext("news:publication_date", namespaces=SITEMAP_NS).startswith(
        timezone.localtime(stories["fresh"].published_at).strftime("%Y-%m-%dT")
    )


def test_section_and_author_sitemaps(client, stories):
    sections = xml(client.get("/sitemap-sections.xml")).findall("s:url", SITEMAP_NS)
    assert sorted(e.findtext("s:loc", namespaces=SITEMAP_NS).split("testserver")[1] for e in sections) == [
        "/sport/", "/world/",
    ]
    authors = xml(client.get("/sitemap-authors.xml")).findall("s:url", SITEMAP_NS)
    assert sorted(e.findtext("s:loc", namespaces=SITEMAP_NS).split("testserver")[1] for e in authors) == [
        "/authors/ana-ruiz/", "/authors/simon-corlett/",
    ], "an author with only a draft and a scheduled story is not listed"


def test_robots_txt_names_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and "Disallow: /admin/" in response.content.decode()
