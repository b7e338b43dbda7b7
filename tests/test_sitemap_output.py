"""What the hand-written sitemap XML says: the same addresses and days Django's templates printed."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from articles.models import Article
from articles.reversing import article_path
from articles.sitemaps import ArticleSitemap
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page_of(story):
    """The stories sitemap's page for a story: its block of ids (ids do not start at 1 on every database)."""
    return (story.pk - 1) // ArticleSitemap.limit + 1


def test_a_story_address_from_its_parts_is_what_reverse_gives_under_any_prefix():
    day = datetime(2025, 7, 4).date()
    try:
        for prefix in ("/", "/news/"):
            set_script_prefix(prefix)
            expected = reverse(
                "articles:article-detail",
                kwargs={"section": "world", "year": "2025", "month": "07", "day": "04", "slug": "moscow-talks"},
            )
            assert article_path("world", day, "moscow-talks") == expected
            assert expected.startswith(prefix)
    finally:
        set_script_prefix("/")


def test_a_page_dates_each_story_by_the_newsroom_s_calendar_day(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = make_article(section=make_section(slug="world"), slug="late-edit")
    # 02:00 UTC on July 5 is still July 4 in New York (the tests' newsroom time).
    Article.objects.filter(pk=story.pk).update(updated_at=datetime(2025, 7, 5, 2, 0, tzinfo=UTC))
    response = client.get(f"/sitemap-stories.xml?p={page_of(story)}")
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    urls = ET.fromstring(response.content).findall("s:url", NS)
    assert [(u.findtext("s:loc", namespaces=NS), u.findtext("s:lastmod", namespaces=NS)) for u in urls] == [
        (f"http://testserver{story.get_absolute_url()}", "2025-07-04")
    ]


def test_the_index_is_well_formed_and_dated_and_an_unknown_page_is_404(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = make_article(section=make_section(slug="world"))
    index = client.get("/sitemap.xml")
    assert index["Content-Type"] == "application/xml"
    ET.fromstring(index.content)  # well-formed
    page = page_of(story)
    location = "http://testserver/sitemap-stories.xml" + (f"?p={page}" if page > 1 else "")
    assert re.search(rf"<loc>{re.escape(location)}</loc><lastmod>\d{{4}}-\d\d-\d\dT".encode(), index.content)
    for number in ("999999", "x", "0"):
        assert client.get(f"/sitemap-stories.xml?p={number}").status_code == 404


def test_the_news_entry_is_dated_by_its_newest_story_without_loading_them(client, settings):
    from django.utils import timezone

    settings.NEWSROOM_PAGE_CACHE = False
    world = make_section(slug="world")
    older = make_article(section=world)
    newer = make_article(section=world)
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(hours=5))
    Article.objects.filter(pk=newer.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    newer.refresh_from_db()
    index = client.get("/sitemap.xml").content.decode()
    expected = timezone.localtime(newer.updated_at).isoformat()
    assert f"<loc>http://testserver/sitemap-news.xml</loc><lastmod>{expected}</lastmod>" in index


def test_the_news_sitemap_prints_each_recent_story_as_google_news_reads_it(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    world = make_section(slug="world")
    story = make_article(section=world, headline='Tom & Jerry <say> "hello"', published_at=timezone.now())
    make_article(section=world, published_at=timezone.now() - timedelta(days=3))  # too old for Google News
    response = client.get("/sitemap-news.xml")
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    news_ns = {**NS, "news": "http://www.google.com/schemas/sitemap-news/0.9"}
    urls = ET.fromstring(response.content).findall("s:url", NS)
    assert [
        (
            url.findtext("s:loc", namespaces=news_ns),
            url.findtext("news:news/news:publication/news:name", namespaces=news_ns),
            url.findtext("news:news/news:publication/news:language", namespaces=news_ns),
            url.findtext("news:news/news:publication_date", namespaces=news_ns),
            url.findtext("news:news/news:title", namespaces=news_ns),
        )
        for url in urls
    ] == [
        (
            f"http://testserver{story.get_absolute_url()}",
            settings.NEWSROOM_NAME,
            "en",
            timezone.localtime(story.published_at).isoformat(),
            'Tom & Jerry <say> "hello"',
        )
    ]
