"""Search from a full-text index that the database keeps current; counts that stop at a cap."""

import pytest
from django.db import connection

from articles.apps import keep_search_index
from articles.pagination import CappedPaginator
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def found(client, query):
    response = client.get("/search/" + query)
    assert response.status_code == 200
    return [article.headline for article in response.context["articles"]]


@pytest.fixture
def world():
    return make_section(slug="world")


def test_an_edited_story_is_found_by_its_new_words_only(client, world):
    article = make_article(section=world, headline="Ferry timetable changes", body="<p>Boats.</p>")
    assert found(client, "?q=ferry") == ["Ferry timetable changes"]
    article.headline = "Bridge closure announced"
    article.body = "<p>Cars.</p>"
    article.save()
    assert found(client, "?q=ferry") == [] and found(client, "?q=bridge") == ["Bridge closure announced"]
    article.delete()
    assert found(client, "?q=bridge") == []


def test_words_are_stemmed_so_a_plural_finds_the_singular(client, world):
    make_article(section=world, headline="Harbour strikes spread")
    assert found(client, "?q=strike") == ["Harbour strikes spread"]
    assert found(client, "?q=harbour+strike") == ["Harbour strikes spread"]


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "a OR", "-", "^x", "col:umn", "'); DROP TABLE x; --", "("])
def test_search_syntax_from_readers_is_never_an_error(client, world, query):
    from urllib.parse import urlencode

    make_article(section=world, headline="Plain story")
    assert client.get("/search/?" + urlencode({"q": query})).status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers; PostgreSQL keeps its own")
def test_sqlite_search_index_comes_back_after_a_table_rebuild(client, world):
    """Django rebuilds a SQLite table to alter it, dropping its triggers; migrate puts them back."""
    make_article(section=world, headline="Before the rebuild")
    with connection.cursor() as cursor:
        for name in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER articles_article_fts_{name}")
    make_article(section=world, headline="Written while the triggers were gone")
    keep_search_index(sender=None, using="default")
    assert found(client, "?q=triggers") == ["Written while the triggers were gone"]
    make_article(section=world, headline="Written after the triggers came back")
    assert found(client, "?q=came") == ["Written after the triggers came back"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index; CI runs it")
def test_postgresql_search_uses_the_gin_index(world):
    make_article(section=world, headline="Harbour strike")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM articles_article "
            "WHERE search_document @@ websearch_to_tsquery('english'::regconfig, 'harbour strike')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_idx" in plan


def test_a_search_matching_more_than_the_cap_says_so_and_stops_paging(client, world, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 5)
    for i in range(8):
        make_article(section=world, headline=f"Harvest story {i}")
    response = client.get("/search/?q=harvest")
    html = response.content.decode()
    assert "More than 5 stories" in html
    assert client.get("/search/?q=harvest&page=3").status_code == 404, "no page beyond the cap"
