"""A tiny local HTTP server standing in for a CDN's API or a Varnish server: it records what it was sent."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.tasks import task_backends


@contextmanager
def default_task_backend(backend):
    """Run this thread's tasks on `backend` (whatever TASKS says): the immediate one runs a purge as it is queued."""
    connections = task_backends._connections
    previous = getattr(connections, "default", None)
    connections.default = backend
    try:
        yield backend
    finally:
        if previous is None:
            del connections.default
        else:
            connections.default = previous


class RecordingServer:
    """Answers every request with `status` and `body` (JSON when a dict), and keeps each request it got."""

    def __init__(self, *, status=200, body=None):
        self.status, self.body = status, body
        self.requests = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                recorder.requests.append({
                    "method": self.command,
                    "path": self.path,
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                    "body": self.rfile.read(length) if length else b"",
                })
                payload = recorder.body
                data = json.dumps(payload).encode() if isinstance(payload, dict) else (payload or b"")
                self.send_response(recorder.status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PURGE = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def json(self, index):
        return json.loads(self.requests[index]["body"])

    def purged_keys(self):
        """Every key sent in Varnish purges so far."""
        return {key for request in self.requests for key in request["headers"].get("xkey-purge", "").split()}
