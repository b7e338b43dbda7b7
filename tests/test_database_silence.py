"""A PostgreSQL server that accepts connections but never answers is a quick 503, not a worker held for 30 s.

Two stand-ins for a hung database, both real sockets: a "black hole" that
accepts connections and says nothing, and a forwarder to the real PostgreSQL
that goes silent mid-session (the kernel still acknowledges every byte, as
it does for a hung or swamped server).
"""

import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections

from articles.database import StatementTimeout

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's client settings; CI runs it")

ROOT = Path(__file__).resolve().parent.parent
CONNECT = settings.NEWSROOM_DB_CONNECT_TIMEOUT


@contextmanager
def black_hole():
    """A port that accepts connections (the kernel completes them) and never sends a byte."""
    with closing(socket.socket()) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield server.getsockname()[1]


class Forwarder:
    """A TCP forwarder to PostgreSQL that can stop passing bytes on, both ways, while keeping every socket open."""

    def __init__(self):
        self.target = (connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432))
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.silent = threading.Event()
        self.stopped = threading.Event()
        self.sockets = [self.server]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.sockets.append(client)
            if self.silent.is_set():
                continue  # accepted, and never a word
            upstream = socket.create_connection(self.target)
            self.sockets.append(upstream)
            threading.Thread(target=self.pump, args=(client, upstream), daemon=True).start()

    def pump(self, a, b):
        peers = {a: b, b: a}
        while not self.stopped.is_set():
            ready, _, _ = select.select(list(peers), [], [], 0.1)
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                if not self.silent.is_set():
                    peers[sock].sendall(data)

    def close(self):
        self.stopped.set()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def forwarder():
    forwarder = Forwarder()
    yield forwarder
    forwarder.close()


@pytest.fixture(autouse=True)
def allow_connections(django_db_blocker):
    """These tests make their own connections, outside any test transaction."""
    with django_db_blocker.unblock():
        yield


def wrapper_for(port, alias):
    """A Django connection with the project's settings, to another port."""
    return type(connections["default"])({**connection.settings_dict, "HOST": "127.0.0.1", "PORT": port}, alias)


def finishes_within(seconds, function, on_overrun):
    """Run `function` in a thread; its outcome, or a failure if it has not finished in `seconds`."""
    outcome = {}

    def run():
        started = time.monotonic()
        try:
            outcome["result"] = function()
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        on_overrun()  # let the thread end (the socket closes under it)
        thread.join(5)
        pytest.fail(f"still waiting for the database after {seconds} s")
    return outcome


def test_a_new_connection_to_a_server_that_never_answers_fails_within_the_connect_timeout():
    with black_hole() as port:
        db = wrapper_for(port, "black-hole")
        started = time.monotonic()
        with pytest.raises(OperationalError):
            db.ensure_connection()
        assert time.monotonic() - started < CONNECT + 1


def test_the_connection_asks_the_kernel_to_watch_the_database_host():
    """Keepalives and tcp_user_timeout: a vanished host is noticed even while no statement runs."""
    db = wrapper_for(connection.settings_dict["PORT"], "watched")
    db.ensure_connection()
    try:
        options = {option.keyword.decode(): option.val for option in db.connection.pgconn.info}
    finally:
        db.close()
    assert options["keepalives"] == b"1" and int(options["keepalives_idle"]) <= 10
    assert int(options["keepalives_count"]) * int(options["keepalives_interval"]) <= 10
    assert int(options["tcp_user_timeout"]) == CONNECT * 1000


def test_a_statement_on_a_connection_whose_server_goes_silent_fails_within_its_time_limit(forwarder):
    db = wrapper_for(forwarder.port, "silent")
    db.inc_thread_sharing()  # the stalled query runs in a thread, so that the test can give up on it
    limit = StatementTimeout(500)

    def query():
        with db.execute_wrapper(limit), db.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0]

    try:
        assert query() == 1
        forwarder.silent.set()
        stalled = finishes_within(CONNECT + 5, query, on_overrun=forwarder.close)
        assert isinstance(stalled.get("error"), OperationalError), stalled
        assert stalled["seconds"] < 0.5 + CONNECT + 1
        assert "did not answer" in str(stalled["error"])
    finally:
        db.close()
        db.dec_thread_sharing()


@pytest.mark.django_db
def test_healthz_and_reader_pages_answer_503_quickly_when_the_database_stops_answering(forwarder, tmp_path):
    """A served site whose workers hold connections: /healthz and an uncached page say 503 within seconds."""
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@127.0.0.1:{forwarder.port}"
        f"/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "NEWSROOM_CACHE_DIR": str(tmp_path / "cache"),
        "NEWSROOM_ACCESS_LOG": "0",
    }
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = (
        "import sys; from wsgiref.simple_server import make_server, WSGIRequestHandler\n"
        "from newsroom.wsgi import application\n"
        "class Quiet(WSGIRequestHandler):\n    def log_message(self, *args): pass\n"
        f"server = make_server('127.0.0.1', {port}, application, handler_class=Quiet)\n"
        "print('ready', flush=True); server.serve_forever()\n"
    )
    server = subprocess.Popen([sys.executable, "-c", serve], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready"

        def get(path):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=CONNECT * 2 + 10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            return status, time.monotonic() - started

        assert get("/healthz")[0] == 200  # the worker now holds a connection
        assert get("/no-such-section/")[0] == 404
        forwarder.silent.set()
        for path in ("/healthz", "/no-such-section/"):
            status, seconds = get(path)
            # The kept connection's check gets no answer (the connect timeout), nor does a new one.
            assert status == 503 and seconds < 2 * CONNECT + 1.5, (path, status, seconds)
    finally:
        server.kill()
        server.wait()
