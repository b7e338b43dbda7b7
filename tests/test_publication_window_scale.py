"""The publication window (worked out after every edit) costs the same at any archive size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_the_window_reads_indexes_and_never_aggregates_the_archive():
    """One-row index reads and the few waiting stories; no MAX or MIN over every story (seconds at a million)."""
    with CaptureQueriesContext(connection) as queries:
        Article.objects.publication_window()
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "MAX(" not in sql and "MIN(" not in sql and "GREATEST(" not in sql


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
