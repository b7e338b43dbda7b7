"""Search as a reader uses it: words, section, dates; nothing unpublished; bad input is harmless."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    world = make_section(name="World", slug="world")
    sport = make_section(name="Sport", slug="sport")
    return {
        "world": world,
        "grain": make_article(
            section=world, headline="Grain deal signed in Moscow", body="<p>Wheat exports resume.</p>",
            published_at=datetime(2025, 7, 4, 17, 0, tzinfo=UTC), authors=[make_author()],
        ),
        "wheat": make_article(
            section=sport, headline="Cup final tonight", dek="Fans travel by wheat train.",
            published_at=datetime(2025, 9, 2, 17, 0, tzinfo=UTC),
        ),
        "draft": make_article(section=world, headline="Grain draft", status=Status.DRAFT),
        "scheduled": make_article(
            section=world, headline="Grain scheduled", published_at=timezone.now() + timedelta(hours=1)
        ),
    }


def found(client, query):
    response = client.get("/search/" + query)
    assert response.status_code == 200
    return [article.headline for article in response.context["articles"]]


def test_words_match_headline_dek_or_body_and_all_must_match(client, archive):
    assert found(client, "?q=grain") == ["Grain deal signed in Moscow"]
    assert sorted(found(client, "?q=wheat")) == ["Cup final tonight", "Grain deal signed in Moscow"]
    assert found(client, "?q=grain+moscow") == ["Grain deal signed in Moscow"]
    assert found(client, "?q=grain+football") == []


def test_search_never_finds_drafts_or_scheduled_stories(client, archive):
    html = client.get("/search/?q=grain").content.decode()
    assert "Grain draft" not in html and "Grain scheduled" not in html


def test_section_and_date_range_narrow_the_results(client, archive):
    assert found(client, "?q=wheat&section=sport") == ["Cup final tonight"]
    assert found(client, "?section=world") == ["Grain deal signed in Moscow"]
    assert found(client, "?published_after=2025-08-01") == ["Cup final tonight"]
    assert found(client, "?published_before=2025-08-01") == ["Grain deal signed in Moscow"]


@pytest.mark.parametrize(
    "query", ["?section=no-such-section", "?published_after=yesterday", "?author=nobody", "?dateline=abc"]
)
def test_bad_parameters_give_an_empty_list_not_an_error(client, archive, query):
    assert found(client, query) == []


def test_an_empty_search_shows_the_form_and_no_list(client, archive):
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200 and 'role="search"' in html
    assert list(response.context["articles"]) == [] and "search-count" not in html


def test_result_count_and_pagination_keep_the_query(client, archive, settings):
    for i in range(settings.NEWSROOM_PAGE_SIZE + 1):
        make_article(section=archive["world"], headline=f"Harvest report {i}")
    html = client.get("/search/?q=harvest").content.decode()
    assert f"{settings.NEWSROOM_PAGE_SIZE + 1} stories for &ldquo;harvest&rdquo;" in html
    assert 'href="?q=harvest&amp;page=2"' in html
    assert len(found(client, "?q=harvest&page=2")) == 1


def test_search_queries_do_not_grow_with_results(client, archive):
    def count():
        # The search's own queries: the publication window, worked out once per
        # edit for every page (a few index reads), is known already.
        from django.utils import timezone

        from articles.caching import content_version, publication_window

        publication_window(timezone.now(), content_version())
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/?q=harvest")
        return len(queries)

    make_article(section=archive["world"], headline="Harvest one", authors=[make_author()])
    few = count()
    for i in range(10):
        make_article(section=archive["world"], headline=f"Harvest {i}", authors=[make_author()])
    assert count() == few <= 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search; CI runs it")
def test_postgres_ranks_headline_matches_first_and_stems_words(client, archive):
    make_article(section=archive["world"], headline="Markets", body="<p>Harvests were late this year.</p>")
    make_article(section=archive["world"], headline="Harvests late across the region")
    assert found(client, "?q=harvest") == ["Harvests late across the region", "Markets"]
    assert found(client, '?q="deal+signed"') == ["Grain deal signed in Moscow"]
    assert found(client, "?q=grain+-moscow") == []
