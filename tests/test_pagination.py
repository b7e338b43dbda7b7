"""Keyset pagination: "older stories" pages that cost the same however deep, and never skip or repeat a story."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(settings):
    """45 stories in one section, by one author, on one tag; five share one publish second."""
    settings.NEWSROOM_PAGE_SIZE = 20
    section, author, tag = make_section(slug="world"), make_author(slug="ana"), make_tag(slug="grain")
    now = timezone.now().replace(microsecond=0)
    for i in range(45):
        # Stories 10-14 share a second: the id breaks the tie, so none is lost between pages.
        at = now - timedelta(minutes=10) if 10 <= i <= 14 else now - timedelta(minutes=i)
        make_article(section=section, authors=[author], tags=[tag], headline=f"Shelf story {i:02d}", published_at=at)
    make_article(section=section, headline="Shelf scheduled", published_at=now + timedelta(hours=1))
    return section, author, tag


def headlines(html):
    return re.findall(r"Shelf story \d\d", html)


def link(html, rel):
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def walk(client, url):
    """Follow "Older stories" to the end; the pages' headlines in order."""
    pages, query = [], ""
    while True:
        response = client.get(url + query)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append(headlines(html))
        query = link(html, "next")
        if query is None:
            return pages, html


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_older_links_walk_every_story_once_newest_first(client, shelf, kind):
    section, author, tag = shelf
    url = {"section": section, "author": author, "tag": tag}[kind].get_absolute_url()
    pages, last = walk(client, url)
    assert [len(p) for p in pages] == [20, 20, 5]
    seen = [h for p in pages for h in p]
    assert len(seen) == len(set(seen)) == 45, "a story was skipped or shown twice across pages"
    assert "Shelf scheduled" not in last


def test_newer_link_goes_back_to_the_page_before(client, shelf):
    section = shelf[0]
    first = client.get(section.get_absolute_url()).content.decode()
    assert link(first, "prev") is None, "the first page has nothing newer"
    second = client.get(section.get_absolute_url() + link(first, "next")).content.decode()
    back = client.get(section.get_absolute_url() + link(second, "prev")).content.decode()
    assert headlines(back) == headlines(first)


def test_a_deep_page_runs_the_same_queries_as_the_first_and_never_counts_or_offsets(client, shelf, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    section = shelf[0]
    # Each page once first: the cache's publication window and the page's story cards, known to any later visit.
    html = client.get(section.get_absolute_url()).content.decode()
    deep = section.get_absolute_url() + link(html, "next")
    client.get(deep)
    with CaptureQueriesContext(connection) as first_queries:
        client.get(section.get_absolute_url())
    with CaptureQueriesContext(connection) as deep_queries:
        client.get(deep)
    assert len(deep_queries) == len(first_queries)
    sql = " ".join(q["sql"] for q in deep_queries.captured_queries).upper()
    assert "COUNT(" not in sql and not re.search(r"\bOFFSET\b", sql)


@pytest.mark.parametrize("query", ["?older=nonsense", "?newer=1.2.3", "?older=99999999999999999999999.1"])
def test_a_cursor_we_did_not_write_is_404_not_500(client, shelf, query):
    assert client.get(shelf[0].get_absolute_url() + query).status_code == 404


def test_a_cursor_past_the_oldest_story_is_404(client, shelf):
    assert client.get(shelf[0].get_absolute_url() + "?older=0.0").status_code == 404


def test_api_cursor_walks_the_whole_archive_counting_no_further_than_the_cap(client, shelf):
    seen, url = [], "/api/v1/articles/"
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        counts = [q["sql"].upper() for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert all("LIMIT 1001" in sql for sql in counts), "only a count capped at 1,000"
        seen += [item["headlines"][0]["value"] for item in body["items"]]
        url = body["next"]
        assert body["count"] == 45 and body["count_is_capped"] is False
    assert len(seen) == len(set(seen)) == 45 and seen[0] == "Shelf story 00"


def test_a_deep_page_bounds_its_index_range_at_the_cursor(shelf):
    """Besides the tie-break (earlier, or the same second and a lower id), a plain `published_at <= cursor`.

    Without it PostgreSQL walked the index from the newest story down to the
    cursor: 10 s for page 4,000 of a million stories.
    """
    from articles.models import Article
    from articles.pagination import decode_cursor, encode_cursor, keyset_page

    articles = Article.objects.published().in_section(shelf[0])
    cursor = encode_cursor(articles.newest_first()[30])
    at = decode_cursor(cursor)[0]
    with CaptureQueriesContext(connection) as queries:
        keyset_page(articles.order_by(), {"older": cursor}, 20)
    sql = queries.captured_queries[0]["sql"]
    # The cursor's moment three times: the plain bound and both halves of the tie-break.
    assert sql.count(at.strftime("%Y-%m-%d %H:%M:%S")) == 3, sql
