"""Sitemaps that cost the same at any archive size: pages are blocks of ids, dated from an index."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    section = make_section(slug="world")
    long_ago = timezone.now() - timedelta(days=400)
    stories = [make_article(section=section, headline=f"Story {i}", published_at=long_ago) for i in range(7)]
    # All but the newest story were last edited long ago.
    Article.objects.filter(pk__in=[s.pk for s in stories[:-1]]).update(updated_at=long_ago)
    return stories


def index_entries(client):
    xml = client.get("/sitemap.xml").content.decode()
    return re.findall(r"<loc>([^<]*sitemap-stories\.xml[^<]*)</loc>\s*(?:<lastmod>([^<]*)</lastmod>)?", xml)


def test_the_index_lists_a_page_per_block_of_ids_dated_only_when_recently_changed(client, archive):
    first_block = (archive[0].pk - 1) // 3 + 1
    last_block = (archive[-1].pk - 1) // 3 + 1
    entries = index_entries(client)
    assert len(entries) == last_block
    dated = {loc for loc, lastmod in entries if lastmod}
    newest_page = "http://testserver/sitemap-stories.xml" + (f"?p={last_block}" if last_block > 1 else "")
    assert newest_page in dated
    if first_block < last_block:
        assert len(dated) == 1, "a page whose stories were last edited long ago has no lastmod"


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
