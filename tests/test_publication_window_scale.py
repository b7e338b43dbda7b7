"""The publication window (worked out after every edit) costs the same at any archive size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_the_window_is_one_query_of_one_row_index_reads():
    """Each moment is the first row of an ordered, limited read; nothing counts or aggregates every story."""
    make_article(section=make_section())
    with CaptureQueriesContext(connection) as queries:
        Article.objects.publication_window()
    assert len(queries) == 1
    sql = queries.captured_queries[0]["sql"].upper()
    assert sql.count("LIMIT 1") >= 7 and "GROUP BY" not in sql and "COUNT(" not in sql


def test_an_embargo_lifting_after_the_publish_time_is_the_moment_a_story_goes_live():
    now = timezone.now().replace(microsecond=0)
    section = make_section()
    make_article(section=section, published_at=now - timedelta(hours=3))
    lifted = make_article(section=section, published_at=now - timedelta(hours=2))
    Article.objects.filter(pk=lifted.pk).update(embargo_until=now - timedelta(hours=1))
    waiting = make_article(section=section, published_at=now - timedelta(hours=2))
    Article.objects.filter(pk=waiting.pk).update(embargo_until=now + timedelta(minutes=5))
    make_article(section=section, published_at=now + timedelta(minutes=10))
    newest, upcoming = Article.objects.publication_window(at=now)
    assert newest == now - timedelta(hours=1)
    assert upcoming == now + timedelta(minutes=5)
