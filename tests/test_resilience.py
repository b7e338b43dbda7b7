"""Production behaviour: time limits on the database, a plain 503 without it, admin sign-in limits."""

import time
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import DatabaseError, OperationalError, connection, connections
from django.db.models.expressions import RawSQL

from articles import filters
from articles.front_cache import FrontCache
from tests.factories import make_article, make_section
from tests.test_front_cache import call, connection_kept

# A statement that would run for minutes: counting to a hundred million.
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT max(x) FROM c"


def slow_search(articles, text):
    return articles.filter(pk__in=RawSQL(ENDLESS, []))


@pytest.fixture
def short_time_limit(settings):
    """A reader time limit short enough to test; the connection that learned it is closed afterwards."""
    settings.NEWSROOM_READER_STATEMENT_TIMEOUT_MS = 200
    yield
    connection.close()


# On PostgreSQL a cancelled statement ends the test's transaction, so these
# tests run outside one (the friendly page then reads the sections again).
@pytest.mark.django_db(transaction=True)
def test_a_search_that_runs_out_of_time_answers_a_friendly_page(client, short_time_limit, monkeypatch):
    make_article(section=make_section(slug="world"), headline="Harbour strike")
    monkeypatch.setattr(filters, "search_words", slow_search)
    started = time.monotonic()
    response = client.get("/search/?q=harbour+strike")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    html = response.content.decode()
    assert "Try a narrower search" in html and 'value="harbour strike"' in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # The connection is fine afterwards: the next search answers.
    monkeypatch.undo()
    assert client.get("/search/?q=harbour").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_time_limit_stops_the_statement_in_the_database_too(short_time_limit):
    """The statement itself is stopped, not just the request: no query outlives its reader."""
    from django.test import RequestFactory

    from articles.database import DatabaseGuardMiddleware, is_statement_timeout

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute(ENDLESS)
        raise AssertionError("the statement should have been stopped")

    started = time.monotonic()
    with pytest.raises(DatabaseError) as stopped:
        DatabaseGuardMiddleware(view)(RequestFactory().get("/world/"))
    assert time.monotonic() - started < 3 and is_statement_timeout(stopped.value)


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_gets_the_time_limit_again(short_time_limit):
    """The limit belongs to a connection: after a reconnect it is set afresh, not assumed."""
    from django.test import RequestFactory

    from articles.database import DatabaseGuardMiddleware

    def quick(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def endless(request):
        with connection.cursor() as cursor:
            cursor.execute(ENDLESS)

    request = RequestFactory().get("/world/")
    for _ in range(3):  # a reconnect may well reuse the old connection's memory (and id)
        DatabaseGuardMiddleware(quick)(request)
        connection.close()
        started = time.monotonic()
        with pytest.raises(DatabaseError):
            DatabaseGuardMiddleware(endless)(request)
        assert time.monotonic() - started < 3
        connection.close()


def database_down():
    """Every query fails as it would with PostgreSQL stopped."""
    return mock.patch.object(type(connections["default"]), "cursor", side_effect=OperationalError("connection refused"))


@pytest.mark.django_db
def test_cached_pages_keep_answering_while_the_database_is_down(client):
    with connection_kept():
        section = make_section(slug="world")
        make_article(section=section, headline="Still here")
        app = FrontCache(WSGIHandler())
        assert call(app, "/").status == 200
        assert client.get("/").status_code == 200  # Django's own page cache, for servers without the front layer
        with database_down():
            cached = call(app, "/")
            assert cached.status == 200 and b"Still here" in cached.body
            assert client.get("/").status_code == 200
            uncached = call(app, "/world/")
            assert uncached.status == 503
            health = client.get("/healthz")
            assert health.status_code == 503
            assert health.json()["database"].startswith("error") and health.json()["cache"] == "ok"


@pytest.mark.django_db
def test_a_signed_in_editor_gets_the_503_too_when_sessions_cannot_be_read(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("desk", password="pw", is_staff=True))
    client.raise_request_exception = False
    with database_down():
        response = client.get("/admin/")
    assert response.status_code == 503 and b"Temporarily unavailable" in response.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="connect timeout is a PostgreSQL setting; CI runs it")
def test_postgresql_gives_up_connecting_within_two_seconds():
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] <= 2


# --- Admin sign-in limits ----------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="right-password", is_staff=True)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_an_account_is_locked_after_five_failures_with_a_clear_message(client, editor, settings):
    settings.NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT = 5
    for _ in range(5):
        assert "Too many failed" not in sign_in(client, "editor", "wrong").content.decode()
    refused = sign_in(client, "editor", "right-password")
    html = refused.content.decode()
    assert refused.status_code == 200 and "Too many failed sign-in attempts" in html and "15 minutes" in html
    assert "_auth_user_id" not in client.session
    # Another account from another address is not affected.
    other = sign_in(client, "someone", "x", address="198.51.100.9").content.decode()
    assert "Too many failed" not in other


@pytest.mark.django_db
def test_one_address_is_limited_across_accounts(client, editor, settings):
    settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS = 3
    for name in ("a", "b", "c"):
        sign_in(client, name, "wrong")
    assert "Too many failed" in sign_in(client, "editor", "right-password").content.decode()
    ok = sign_in(client, "editor", "right-password", address="198.51.100.9")
    assert ok.status_code == 302


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_accounts_failures(client, editor, settings):
    settings.NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT = 3
    sign_in(client, "editor", "wrong")
    sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", "right-password").status_code == 302
    client.logout()
    sign_in(client, "editor", "wrong")
    sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", "right-password").status_code == 302
