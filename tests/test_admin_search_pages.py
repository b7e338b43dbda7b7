"""The admin search on PostgreSQL pages headline matches, then the rest, each through its own index.

The single query that put headline matches first read and sorted every story
with the words anywhere (0.3 s at 200,000 stories for one common word). The
pages must hold the same stories in the same order as before, and no query
may sort the matches by "in the headline?" (docs/performance.md).
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import make_article, make_editor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the headline index is PostgreSQL's"),
]

LIST = "/admin/articles/article/"
START = datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def editor_client(client, monkeypatch):
    monkeypatch.setattr(admin.site.get_model_admin(Article), "list_per_page", 4)
    client.force_login(make_editor())
    return client


def listed(client, query, page):
    response = client.get(LIST, {"q": query, "p": page})
    assert response.status_code == 200
    return [story.headline for story in response.context["cl"].result_list]


def test_pages_list_headline_matches_newest_first_then_the_rest_newest_first(editor_client):
    headlines, others = [], []
    for day in range(6):
        headlines.append(make_article(headline=f"Harbour news {day}", published_at=START + timedelta(days=day)))
        others.append(
            make_article(
                headline=f"Council {day}",
                body="<p>The harbour again.</p>",
                published_at=START + timedelta(days=day, hours=1),
            )
        )
    make_article(headline="Nothing", body="<p>Ships.</p>")
    expected = [a.headline for a in reversed(headlines)] + [a.headline for a in reversed(others)]
    seen = (
        listed(editor_client, "harbour", 1) + listed(editor_client, "harbour", 2) + listed(editor_client, "harbour", 3)
    )
    assert seen == expected


def test_no_query_sorts_the_matches_by_whether_the_headline_has_the_words(editor_client):
    for day in range(6):
        make_article(headline=f"Harbour news {day}", published_at=START + timedelta(days=day))
        make_article(headline=f"Council {day}", body="<p>Harbour.</p>", published_at=START + timedelta(days=day))
    editor_client.get(LIST, {"q": "harbour"})
    with CaptureQueriesContext(connection) as captured:
        assert editor_client.get(LIST, {"q": "harbour", "p": 2}).status_code == 200
    ordered_by_match = [q["sql"] for q in captured if "ORDER BY" in q["sql"] and "@@" in q["sql"].split("ORDER BY")[-1]]
    assert not ordered_by_match


def test_the_headline_matches_come_from_the_headline_index(editor_client):
    for day in range(3):
        make_article(headline=f"Harbour news {day}", published_at=START + timedelta(days=day))
    from articles.admin.paginators import HeadlineFirstPaginator

    paginator = HeadlineFirstPaginator(Article.objects.filter(headline__startswith="Harbour"), 10, words=["harbour"])
    with CaptureQueriesContext(connection) as captured:
        paginator.page(1)
    headline_sql = next(q["sql"] for q in captured if "to_tsvector" in q["sql"] and "NOT" not in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {headline_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_headline_search_idx" in plan
