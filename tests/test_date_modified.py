"""dateModified (JSON-LD) and article:modified_time (Open Graph) follow the "substantive update" rule:
the shown "Updated" time, else the publish time; a typo fix moves neither."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.services.editing import article_save
from articles.templatetags.article_tags import html_datetime
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def modified_times(client, article):
    """(JSON-LD dateModified, Open Graph article:modified_time) as the story page prints them."""
    html = client.get(article.get_absolute_url()).content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    og = re.findall(r'<meta property="article:modified_time" content="([^"]*)">', html)
    return json.loads(block).get("dateModified"), og[0] if og else None


def test_a_typo_fix_leaves_the_modified_time_at_the_publish_time(client):
    published_at = timezone.now() - timedelta(hours=3)
    article = make_article(published_at=published_at, body="<p>Teh ships left.</p>")
    editor = make_editor()
    assert modified_times(client, article) == (published_at.isoformat(), html_datetime(published_at))

    article.body = "<p>The ships left.</p>"
    article_save(article=article, by=editor)

    article.refresh_from_db()
    assert article.updated_at > published_at + timedelta(hours=2)  # the row did change
    assert modified_times(client, article) == (published_at.isoformat(), html_datetime(published_at))


def test_a_substantive_update_moves_the_modified_time_to_the_updated_time(client):
    published_at = timezone.now() - timedelta(hours=3)
    article = make_article(published_at=published_at)

    article.body = "<p>The ships left; a fourth followed at noon.</p>"
    article_save(article=article, by=make_editor(), substantive=True)

    article.refresh_from_db()
    assert article.is_update_shown and article.revised_at > published_at
    assert modified_times(client, article) == (article.revised_at.isoformat(), html_datetime(article.revised_at))


def test_an_update_no_longer_shown_gives_back_the_publish_time(client):
    published_at = timezone.now() - timedelta(hours=3)
    article = make_article(
        published_at=published_at, revised_at=published_at + timedelta(hours=1), is_update_shown=False
    )
    assert modified_times(client, article) == (published_at.isoformat(), html_datetime(published_at))
