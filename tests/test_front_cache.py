"""The front cache: cached pages answered before Django, with the same keys, lifetimes and invalidation."""

import json
import logging
import re
from contextlib import contextmanager
from datetime import timedelta
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.front_cache import FrontCache
from tests.clock import clock_at
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


@contextmanager
def connection_kept():
    """As Django's test client does: the test's transaction keeps its connection between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def app():
    with connection_kept():
        yield FrontCache(WSGIHandler())


@pytest.fixture
def section():
    return make_section(name="World", slug="world")


class Answer:
    def __init__(self, status, headers, body, queries):
        self.status, self.body, self.queries = status, body, queries
        self.headers = {}
        for name, value in headers:
            self.headers.setdefault(name.lower(), []).append(value)

    def __getitem__(self, name):
        return ", ".join(self.headers[name.lower()])

    def has(self, name):
        return name.lower() in self.headers


def call(app, path, method="GET", host="testserver", scheme="http", **headers):
    path_info, _, query = path.partition("?")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path_info, "QUERY_STRING": query, "HTTP_HOST": host}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    setup_testing_defaults(environ)
    environ["wsgi.url_scheme"] = scheme
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=response_headers)

    with CaptureQueriesContext(connection) as queries:
        result = app(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    return Answer(started["status"], started["headers"], body, len(queries))


def test_a_repeat_visit_is_answered_without_django_or_the_database(app, section):
    make_article(section=section, headline="Front story", authors=[make_author()])
    first = call(app, "/")
    again = call(app, "/")
    assert first.status == again.status == 200 and first.queries >= 3
    assert again.queries == 0 and again.body == first.body and b"Front story" in again.body
    # The headers the middleware added are kept with the page.
    for name in ("Content-Security-Policy", "X-Frame-Options", "Vary", "Content-Type"):
        assert again[name] == first[name], name
    assert again["Content-Length"] == str(len(again.body))


def test_etag_and_last_modified_give_304_without_a_body(app, section):
    make_article(section=section)
    first = call(app, "/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    by_etag = call(app, "/", if_none_match=etag)
    assert by_etag.status == 304 and by_etag.body == b"" and by_etag["ETag"] == etag
    assert "max-age" in by_etag["Cache-Control"]
    assert call(app, "/", if_modified_since=modified).status == 304
    assert call(app, "/", if_none_match='"something-else"').status == 200


def test_the_key_holds_host_and_scheme(app, section):
    make_article(section=section)
    call(app, "/", host="localhost")
    assert call(app, "/", host="localhost").queries == 0
    other_host = call(app, "/", host="127.0.0.1")
    assert other_host.queries > 0, "a page stored for one host was served for another"
    assert b"http://127.0.0.1/" in other_host.body and b"http://localhost/" not in other_host.body
    assert call(app, "/", host="localhost", scheme="https").queries > 0, "an http page was served over https"


def test_an_edit_drops_the_front_cached_page(app, section):
    article = make_article(section=section, headline="Old front headline")
    call(app, "/")
    article.headline = "New front headline"
    article.save()
    assert b"New front headline" in call(app, "/").body


def test_a_scheduled_story_appears_through_the_front_cache_at_its_second(app, section):
    due = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    make_article(section=section, headline="Earlier story", published_at=due - timedelta(hours=1))
    make_article(section=section, headline="Story due at ten", published_at=due)
    with clock_at(due - timedelta(seconds=1)):
        before = call(app, "/")
        assert b"Story due at ten" not in before.body
        assert call(app, "/").queries == 0, "the page is served by the front cache before the story is due"
        max_age = int(re.search(r"s-maxage=(\d+)", before["Cache-Control"]).group(1))
        stale = int(re.search(r"stale-while-revalidate=(\d+)", before["Cache-Control"]).group(1))
        assert max_age + stale <= 1, "a CDN could keep the page past the story's second"
    with clock_at(due):
        assert b"Story due at ten" in call(app, "/").body
        assert b"Story due at ten" in call(app, "/").body


def test_cache_control_is_for_browsers_and_cdns_with_bounded_staleness(app, section, settings):
    settings.NEWSROOM_CACHE_MAX_AGE, settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = 60, 30
    make_article(section=section)
    answer = call(app, "/")
    assert answer["Cache-Control"] == "public, max-age=60, s-maxage=60, stale-while-revalidate=30"
    make_article(section=section, published_at=timezone.now() + timedelta(seconds=75))
    bounded = call(app, "/")["Cache-Control"]
    max_age = int(re.search(r"s-maxage=(\d+)", bounded).group(1))
    stale = int(re.search(r"stale-while-revalidate=(\d+)", bounded).group(1))
    assert max_age == 60 and max_age + stale <= 75


def test_a_response_setting_a_cookie_is_never_shared_cached():
    def inner(environ, start_response):
        environ["newsroom.front_cache"] = {"key": "cookie-page", "window": (None, None)}
        start_response("200 OK", [("Cache-Control", "public, max-age=60"), ("Set-Cookie", "csrftoken=abc; Path=/")])
        return [b"page with a cookie"]

    front = FrontCache(inner)
    first = call(front, "/cookie/")
    assert first["Cache-Control"] == "private, no-cache" and first.has("Set-Cookie")
    from django.core.cache import cache

    assert cache.get("newsroom:front:cookie-page") is None


def test_signed_in_staff_are_never_served_from_the_front_cache(app, section, client, django_user_model):
    make_article(section=section, headline="Public story")
    call(app, "/")
    user = django_user_model.objects.create_user("desk", password="pw", is_staff=True)
    client.force_login(user)
    session = client.cookies["sessionid"].value
    staff = call(app, "/", cookie=f"sessionid={session}")
    assert staff.queries > 0 and "private" in staff["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/", "/world/", "/feeds/rss/", "/api/v1/articles/", "/sitemap.xml", "/sitemap-stories.xml",
             "/search/?q=grain", "/robots.txt", "/healthz"],
)
def test_head_works_wherever_get_does(app, section, path):
    article = make_article(section=section, headline="Grain deal")
    for url in (path, article.get_absolute_url()):
        get = call(app, url)
        head = call(app, url, method="HEAD")
        again = call(app, url, method="HEAD")  # from the front cache where the page is cached
        assert get.status == head.status == again.status == 200, url
        assert head.body == b"" and again.body == b""
        assert head["Content-Type"] == get["Content-Type"]


def test_one_access_log_line_per_request_without_secrets(app, section, caplog, settings):
    settings.NEWSROOM_ACCESS_LOG = True
    make_article(section=section)
    with caplog.at_level(logging.INFO, logger="newsroom.access"):
        call(app, "/search/?q=private+words", cookie="sessionid=secret-session; csrftoken=secret-token")
        call(app, "/")
        call(app, "/")
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "newsroom.access"]
    assert [line["path"] for line in lines] == ["/search/", "/", "/"]
    assert [line["cache"] for line in lines] == ["pass", "miss", "hit"]
    assert all(line["status"] == 200 and line["ms"] >= 0 for line in lines)
    text = caplog.text
    for secret in ("secret-session", "secret-token", "private"):
        assert secret not in text


def test_a_hit_reuses_the_worker_s_recent_reading_of_the_version(app, section, monkeypatch, settings):
    """The shared-cache read is most of a hit's cost: a worker reuses it for a fraction of a second."""
    from django.core.cache import cache

    settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS = 60
    make_article(section=section, headline="Front story")
    call(app, "/")  # rendered: the window worked out anew, so the next hit reads the state afresh
    call(app, "/")
    reads = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: reads.append(keys) or real_get_many(keys, *a, **k))
    for _ in range(3):
        assert call(app, "/").queries == 0
    assert reads == [], "hits within the period ask the shared cache for nothing"


def test_an_edit_made_by_another_worker_reaches_this_one_within_the_period(app, section, settings):
    import time

    from django.core.cache import cache

    from articles.page_purges import PREFIX

    settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS = 0.3
    article = make_article(section=section, headline="Old front headline")
    call(app, "/")
    # Another worker's edit: the rows change and it purges the story's key, with no signal in this one.
    type(article).objects.filter(pk=article.pk).update(headline="New front headline")
    cache.set(f"{PREFIX}story-{article.pk}", (time.time(), False), timeout=None)
    time.sleep(0.35)
    assert b"New front headline" in call(app, "/").body


def test_a_stale_window_is_never_reused_even_within_the_period(app, section, settings):
    settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS = 3600
    due = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    make_article(section=section, headline="Story due at ten", published_at=due)
    with clock_at(due - timedelta(seconds=1)):
        assert b"Story due at ten" not in call(app, "/").body
    with clock_at(due):
        assert b"Story due at ten" in call(app, "/").body


def test_a_live_poll_is_answered_from_the_front_cache_kept_briefly_and_304_when_unchanged(app, section, settings):
    from articles.services.live import article_start_coverage, live_update_create

    settings.NEWSROOM_LIVE_POLL_SECONDS = 5
    story = article_start_coverage(article=make_article(section=section), by=None)
    live_update_create(article=story, body="<p>First.</p>", by=None)
    poll = story.get_absolute_url() + "live/"
    first = call(app, poll)
    assert first.status == 200 and "First." in first.body.decode()
    again = call(app, poll, if_none_match=first["etag"])
    assert (again.status, again.queries) == (304, 0)
    assert "max-age=5," in again["cache-control"] and "stale-while-revalidate=5" in again["cache-control"]
    hit = call(app, poll)
    assert hit.queries == 0 and "max-age=5," in hit["cache-control"]
    live_update_create(article=story, body="<p>Second.</p>", by=None)
    changed = call(app, poll, if_none_match=first["etag"])
    assert changed.status == 200 and "Second." in changed.body.decode()
