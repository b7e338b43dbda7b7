"""The 403 page, how a refusal is logged, and /favicon.ico."""

import logging

import pytest

from tests.factories import make_article, make_reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(client):
    """A reporter asks to share a live story that is not theirs: a deliberate 403."""
    article = make_article()
    client.force_login(make_reporter(username="rita"))
    return client.get(f"/admin/articles/article/{article.pk}/share/")


def test_a_refusal_gets_the_sites_styled_403_page(refused):
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "You may not do that" in html
    assert "articles/site.css" in html and 'class="masthead"' in html
    assert "Back to the desk" in html


def test_a_deliberate_403_is_logged_as_one_line(client, caplog):
    article = make_article()
    client.force_login(make_reporter(username="rita"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/admin/articles/article/{article.pk}/share/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    line = logging.Formatter().format(record)
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"Forbidden (Permission denied): /admin/articles/article/{article.pk}/share/")


def test_other_errors_keep_their_traceback():
    from newsroom.log_filters import ForbiddenOnOneLine

    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal error", (), sys.exc_info())
    assert ForbiddenOnOneLine().filter(record) and record.exc_info is not None


def test_favicon_answers_with_an_icon_every_page_links(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in response["Cache-Control"]
    home = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/articles/favicon.ico"' in home
