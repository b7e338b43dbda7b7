"""The database in production: no request may pin it, and its absence is a plain 503.

`DatabaseGuardMiddleware` runs each request's SQL under a time limit: a
reader request (GET or HEAD outside the admin) gets
NEWSROOM_READER_STATEMENT_TIMEOUT_MS, any other request
NEWSROOM_STAFF_STATEMENT_TIMEOUT_MS, so no query goes on after gunicorn has
given up on its worker.
- PostgreSQL: `statement_timeout`, set on the connection only when it
  changes (one round trip per connection, not per request).
- SQLite: a progress handler that interrupts the statement past its deadline.

A request that meets a database error it could not handle (the database is
down, or a statement ran out of time) gets a plain 503 page that needs no
database, instead of a 500 traceback page.

A PostgreSQL server that stops answering (its host alive, its process hung
or swamped, a proxy in front of it stuck) would otherwise hold the worker
until gunicorn kills it: nothing in TCP notices, since the kernel still
acknowledges every byte. So the connection gives up on the server itself
(`AnswerDeadlineConnection`): during a request, a statement's answer is
awaited for its time limit plus NEWSROOM_DB_CONNECT_TIMEOUT (the server stops
a statement at its limit and says so; silence past that means it is gone),
and the health check of a connection kept from an earlier request for
NEWSROOM_DB_CONNECT_TIMEOUT. Then the connection is closed and the request
gets the 503. Management commands (migrations building an index for
minutes) wait as long as it takes. A host that vanishes altogether is
noticed by TCP keepalives and tcp_user_timeout (newsroom/settings.py).
"""

import contextlib
import sqlite3
import sys
import time

import psycopg
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views import defaults

# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"
# SQLite runs the progress handler every this many virtual-machine steps (a few µs).
SQLITE_STEPS = 10_000

UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body><h1>Temporarily unavailable</h1>
<p>This page cannot be shown right now. Please try again in a minute.</p></body></html>
"""


@receiver(connection_created, dispatch_uid="newsroom-forget-statement-timeout")
def forget_statement_timeout(sender, connection, **kwargs):
    """A new connection has the server's default time limit, whatever the last one had."""
    connection.__dict__.pop("_newsroom_statement_timeout", None)


class AnswerDeadlineConnection(psycopg.Connection):
    """A psycopg connection that gives up on a server that has not answered within `answer_timeout` seconds.

    Every exchange with the server (a statement, a fetch, a commit, Django's
    health check) goes through `wait()`; psycopg bounds it when given a
    timeout. Past it the conversation is out of step, so the connection is
    closed and an OperationalError raised: Django reconnects on next use.
    """

    answer_timeout = None  # seconds; None waits as long as it takes (management commands)

    def wait(self, gen, *args, timeout=None, **kwargs):
        timeout = self.answer_timeout if timeout is None else timeout
        try:
            return super().wait(gen, *args, timeout=timeout, **kwargs)
        except psycopg.errors._WaitTimeout:
            self.close()
            raise psycopg.OperationalError(f"the database did not answer within {timeout:g} s") from None


@receiver(connection_created, dispatch_uid="newsroom-answer-deadline")
def give_up_on_a_silent_server(sender, connection, **kwargs):
    # Django makes a plain psycopg.Connection; this one only adds the deadline to wait().
    if connection.vendor == "postgresql" and type(connection.connection) is psycopg.Connection:
        connection.connection.__class__ = AnswerDeadlineConnection


def expect_answers_within(db, seconds) -> None:
    if isinstance(db.connection, AnswerDeadlineConnection):
        db.connection.answer_timeout = seconds


def is_statement_timeout(exc) -> bool:
    """True when `exc` is a statement stopped by this module's time limit."""
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == QUERY_CANCELED:
        return True
    return isinstance(exc, OperationalError) and str(exc) == "interrupted"


def is_reader_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")


class StatementTimeout:
    """An execute wrapper that puts every statement of a request under `ms` milliseconds."""

    def __init__(self, ms):
        self.ms = ms
        self.deadline = None

    def __call__(self, execute, sql, params, many, context):
        db = context["connection"]
        if db.vendor == "postgresql":
            self.limit_postgresql(db)
            expect_answers_within(db, self.ms / 1000 + settings.NEWSROOM_DB_CONNECT_TIMEOUT)
        elif db.vendor == "sqlite":
            self.deadline = time.monotonic() + self.ms / 1000
            db.connection.set_progress_handler(self.past_deadline, SQLITE_STEPS)
        return execute(sql, params, many, context)

    def limit_postgresql(self, db):
        # Set once per connection and limit; a new connection starts from the
        # server's default again (forget_statement_timeout below). Not keyed
        # by id(): a closed connection's id is often reused by the next one.
        if getattr(db, "_newsroom_statement_timeout", None) != self.ms:
            with db.connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{self.ms}ms"])
            db._newsroom_statement_timeout = self.ms

    def past_deadline(self):
        return self.deadline is not None and time.monotonic() > self.deadline


def unavailable_response():
    response = HttpResponse(UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response


def is_database_trouble(exc) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, DatabaseError) and is_statement_timeout(exc)
    )


def server_error(request):
    """handler500: a 503 when the database is the cause (it needs none), else the usual 500 page."""
    if is_database_trouble(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request)


class DatabaseGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ms = (
            settings.NEWSROOM_READER_STATEMENT_TIMEOUT_MS
            if is_reader_request(request)
            else settings.NEWSROOM_STAFF_STATEMENT_TIMEOUT_MS
        )
        # A connection kept from an earlier request is checked before its first use (conn_health_checks):
        # a server that does not answer that SELECT 1 in this time is gone. Left so for the next request too.
        expect_answers_within(connection, settings.NEWSROOM_DB_CONNECT_TIMEOUT)
        try:
            with connection.execute_wrapper(StatementTimeout(ms)):
                return self.get_response(request)
        finally:
            expect_answers_within(connection, settings.NEWSROOM_DB_CONNECT_TIMEOUT)
            if connection.vendor == "sqlite" and connection.connection is not None:
                # Closed during the request (after a database error) inside an
                # outer transaction, which keeps the closed handle: nothing to reset.
                with contextlib.suppress(sqlite3.ProgrammingError):
                    connection.connection.set_progress_handler(None, 0)

    def process_exception(self, request, exception):
        return unavailable_response() if is_database_trouble(exception) else None
