"""Sitemaps that cost the same at any archive size: pages are blocks of ids, dated from a row per page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, SitemapPage
from articles.sitemaps import ArticleSitemap
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


# Ids chosen to fall on three pages of 1,000 (pages 3, 4 and 6), the newest alone on its page.
ARCHIVE_IDS = (2001, 2500, 3000, 3001, 3999, 5500)


def page_of(pk):
    return (pk - 1) // ArticleSitemap.limit + 1


@pytest.fixture
def archive():
    section = make_section(slug="world")
    long_ago = timezone.now() - timedelta(days=400)
    stories = [
        make_article(pk=pk, section=section, headline=f"Story {pk}", published_at=long_ago) for pk in ARCHIVE_IDS
    ]
    # All but the newest story were last edited long ago.
    Article.objects.filter(pk__in=ARCHIVE_IDS[:-1]).update(updated_at=long_ago)
    SitemapPage.objects.filter(number__lt=page_of(ARCHIVE_IDS[-1])).update(lastmod=long_ago)
    return stories


def index_entries(client):
    xml = client.get("/sitemap.xml").content.decode()
    return re.findall(r"<loc>([^<]*sitemap-stories\.xml[^<]*)</loc>\s*(?:<lastmod>([^<]*)</lastmod>)?", xml)


def location(page):
    return "http://testserver/sitemap-stories.xml" + (f"?p={page}" if page > 1 else "")


def test_the_index_lists_a_page_per_block_of_ids_each_dated_by_its_newest_edit(client, archive):
    entries = dict(index_entries(client))
    assert list(entries) == [location(page) for page in range(1, page_of(ARCHIVE_IDS[-1]) + 1)]
    today = timezone.localdate().isoformat()
    long_ago = timezone.localtime(archive[0].published_at).date().isoformat()
    assert entries[location(3)].startswith(long_ago) and entries[location(4)].startswith(long_ago)
    assert entries[location(6)].startswith(today)
    # Pages that hold no published story have nothing to date.
    assert entries[location(1)] == entries[location(5)] == ""


def test_every_story_is_on_exactly_one_page(client, archive):
    pages = len(index_entries(client))
    seen = []
    for number in range(1, pages + 1):
        xml = client.get(f"/sitemap-stories.xml?p={number}").content.decode()
        seen += re.findall(r"<loc>([^<]+)</loc>", xml)
    assert sorted(seen) == sorted(f"http://testserver{s.get_absolute_url()}" for s in archive)
    assert client.get(f"/sitemap-stories.xml?p={pages + 1}").status_code == 404


def test_neither_the_index_nor_a_page_counts_or_skips_rows(client, archive, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    for url in ("/sitemap.xml", "/sitemap-stories.xml?p=2"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
        assert not re.search(r"\bOFFSET\b", sql) and "COUNT(" not in sql, url
