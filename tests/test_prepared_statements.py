"""PostgreSQL keeps a reader page's queries prepared, so a page read again is not planned again."""

import pytest
from django.db import connection

from tests.factories import make_article

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's; CI runs them"
)


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_a_story_page_read_again_runs_a_prepared_statement(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = make_article()
    before = prepared_statements()
    for _ in range(3):
        assert client.get(story.get_absolute_url()).status_code == 200
    new = [sql for sql in prepared_statements() if sql not in before]
    assert any('FROM "articles_article"' in sql and '"articles_article"."slug" = $1' in sql for sql in new), new


@pytest.mark.django_db
def test_prepared_statements_can_be_turned_off_for_a_pooler(monkeypatch):
    import importlib

    import newsroom.settings

    monkeypatch.setenv("NEWSROOM_DB_PREPARED_STATEMENTS", "0")
    options = importlib.reload(newsroom.settings).DATABASES["default"]["OPTIONS"]
    monkeypatch.undo()
    importlib.reload(newsroom.settings)
    assert "prepare_threshold" not in options and "server_side_binding" not in options
