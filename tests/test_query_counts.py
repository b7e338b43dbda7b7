"""Every reader page runs a fixed number of SQL queries, however many stories it lists."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.caching import content_version, publication_window
from tests.factories import make_article, make_author, make_photo

pytestmark = pytest.mark.django_db


def _fill(count, section, author, tag):
    for i in range(count):
        make_article(
            section=section,
            authors=[author, make_author()],
            tags=[tag],
            lead_photo=make_photo(),
            home_position=1 if i < 3 else None,
        )


def _queries(client, url):
    """SQL queries the page itself runs: rendered afresh, with the cache's publication window known."""
    cache.clear()
    publication_window(timezone.now(), content_version())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["home", "section", "author", "tag", "story"])
def test_query_count_is_bounded_and_does_not_grow_with_stories(client, newsroom, kind):
    section, author, tag = newsroom
    urls = {
        "home": lambda: "/",
        "section": section.get_absolute_url,
        "author": author.get_absolute_url,
        "tag": tag.get_absolute_url,
        "story": lambda: section.articles.first().get_absolute_url(),
    }
    _fill(5, section, author, tag)
    with_five = _queries(client, urls[kind]())
    _fill(45, section, author, tag)
    with_fifty = _queries(client, urls[kind]())
    assert with_five == with_fifty
    assert with_fifty <= 6
