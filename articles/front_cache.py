"""The front cache: cached reader pages answered before Django runs, and one access-log line per request.

A WSGI layer around Django. For a GET or HEAD without a session cookie it
reads the content version and the publication window from the shared cache
(one round trip, no database; reused by the worker for a tenth of a second,
see caching.recent_state), works out the page's key with the very
function the views use (articles/caching.py: scheme, host, path and query,
publication window), finds the stored page (kept in the worker's memory
too) and checks that none of the surrogate keys it showed was purged since
it was rendered (articles/page_purges.py: at most one more round trip, for
the keys this worker has not read in the last tenth of a second). A fresh
copy is answered with the stored bytes: `ETag`, `Last-Modified`, a 304 when
the reader already has them, `Cache-Control` worked out afresh for this
second by `cache_lifetime`, and `X-Cache: hit`. A copy dropped by an edit
less than NEWSROOM_PAGE_CACHE_STALE_SECONDS ago is answered (`X-Cache:
stale`, `Cache-Control: no-cache`) while the one worker holding its render
lock renders it afresh; never one dropped by a withdrawal.

On a miss Django runs as usual; a view wrapped in `cache_public_page` puts
the page's key in the environ, and this layer stores the finished response
(every header the middleware added, less any cookie) under it. So the keys,
lifetimes and invalidation rules are those of articles/caching.py, and a
scheduled story appears at its second here too: once the window's next
change has passed, nothing is found and Django works the window out again.

A response that sets a cookie is never stored and never leaves here marked
for shared caches.
"""

import hashlib
import json
import logging
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.utils import timezone
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from articles import page_purges
from articles.caching import (
    FRONT_CACHE_ENVIRON,
    content_version,
    has_session_cookie,
    page_cache_key,
    public_cache_control,
    publication_window,
    recent_state,
    window_holds,
)
from articles.client_address import client_address

access_log = logging.getLogger("newsroom.access")

# Files have their own caching (WhiteNoise, the media view): no page-cache lookups for them.
UNCACHED_PREFIXES = (settings.STATIC_URL, settings.MEDIA_URL)

STORED_PREFIX = "newsroom:front:"
# Headers worked out afresh for each answer, never stored.
FRESH_HEADERS = {"cache-control", "date", "set-cookie", "content-length", "etag", "last-modified", "x-cache"}
# What a 304 repeats of the full answer (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = {"cache-control", "etag", "last-modified", "vary", "content-location", "expires", "x-cache"}


def full_path(environ) -> str:
    """The path and query string exactly as Django's `request.get_full_path()` gives them."""
    script_name, path_info = get_script_name(environ), get_path_info(environ) or "/"
    path = "{}/{}".format(script_name.rstrip("/"), path_info.replace("/", "", 1)) if script_name else path_info
    query = environ.get("QUERY_STRING", "")
    return escape_uri_path(path) + (("?" + iri_to_uri(query)) if query else "")


def not_modified(environ, etag, last_modified) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and since >= last_modified


def without_shared_caching(headers):
    """A response that sets a cookie may be kept by the reader's browser only."""
    if not any(name.lower() == "set-cookie" for name, _ in headers):
        return headers
    return [(n, v) for n, v in headers if n.lower() != "cache-control"] + [("Cache-Control", "private, no-cache")]


class FrontCache:
    def __init__(self, app):
        self.app = app
        # Entries this worker has seen, by key (one page at one publication
        # window); each is checked against its keys' purges like the shared
        # copy, and kept no longer than the shared copy is.
        self.local = OrderedDict()
        self.local_bytes = 0

    def stored(self, key):
        entry = self.local.get(key)
        if entry is not None:
            if time.time() - entry["rendered_at"] > settings.NEWSROOM_PAGE_CACHE_TIMEOUT:
                # As old as the shared copy may be: its keys' purges may be forgotten by now.
                self.forget(key)
                return None
            self.local.move_to_end(key)
            return entry
        entry = cache.get(STORED_PREFIX + key)
        if entry is not None:
            self.remember(key, entry)
        return entry

    def forget(self, key):
        entry = self.local.pop(key, None)
        if entry is not None:
            self.local_bytes -= len(entry["body"])

    def remember(self, key, entry):
        self.forget(key)
        self.local[key] = entry
        self.local_bytes += len(entry["body"])
        while self.local_bytes > settings.NEWSROOM_FRONT_CACHE_LOCAL_BYTES and self.local:
            _, dropped = self.local.popitem(last=False)
            self.local_bytes -= len(dropped["body"])

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        outcome = {"status": "500", "cache": "pass", "bytes": 0}

        def logged_start_response(status, headers, exc_info=None):
            outcome["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        try:
            return self.answer(environ, logged_start_response, outcome)
        finally:
            if settings.NEWSROOM_ACCESS_LOG:
                log_request(environ, outcome, started)

    def answer(self, environ, start_response, outcome):
        method = environ.get("REQUEST_METHOD", "GET")
        if (
            method not in ("GET", "HEAD")
            or not settings.NEWSROOM_PAGE_CACHE
            or environ.get("PATH_INFO", "").startswith(UNCACHED_PREFIXES)
            or has_session_cookie(environ.get("HTTP_COOKIE", ""))
        ):
            return self.pass_through(environ, start_response)

        now = timezone.now()
        path = full_path(environ)
        claimed = None
        try:
            version, window, _names = recent_state(now)
            if window is None or not window_holds(window, now):
                # A new content version (any save) or a window passed: worked out once, then read by all.
                window = publication_window(now, version or content_version())
            key = page_cache_key(environ, path, window)
            entry = self.stored(key)
            if entry is not None:
                state = page_purges.verdict(entry["keys"], entry["rendered_at"])
                if state == page_purges.FRESH:
                    outcome["cache"] = "hit"
                    cache_control = public_cache_control(now, window, entry.get("limit"))
                    return self.serve(entry, environ, start_response, cache_control, outcome)
                if state == page_purges.STALE:
                    # Dropped softly a moment ago: one worker renders it, the others serve this copy
                    # meanwhile (for no one else to keep).
                    if page_purges.claim_render(key):
                        claimed = key
                    else:
                        outcome["cache"] = "stale"
                        return self.serve(entry, environ, start_response, "no-cache", outcome)
                self.forget(key)
        except Exception:  # noqa: BLE001 - a cache that fails must not take the pages down with it
            logging.getLogger(__name__).exception("front cache unavailable; passing the request to Django")
            return self.pass_through(environ, start_response)

        # A miss: let Django answer, and store what a cacheable page gives.
        outcome["cache"] = "miss"
        environ[FRONT_CACHE_ENVIRON] = None
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)
            return lambda data: None  # the body is returned, never written

        rendered_at = time.time()
        try:
            return self.render(environ, start_response, capture, captured, method, rendered_at, outcome)
        finally:
            if claimed:
                page_purges.release_render(claimed)

    def render(self, environ, start_response, capture, captured, method, rendered_at, outcome):
        result = self.app(environ, capture)
        marker = environ.get(FRONT_CACHE_ENVIRON)
        status, headers = captured["status"], captured["headers"]
        storable = (
            method == "GET"
            and marker is not None
            and status.startswith("200")
            and not any(name.lower() == "set-cookie" for name, _ in headers)
        )
        if not storable:
            start_response(status, without_shared_caching(headers))
            return head_only(result) if method == "HEAD" else result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        entry = {
            "status": status,
            "headers": [(n, v) for n, v in headers if n.lower() not in FRESH_HEADERS],
            "body": body,
            "etag": '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"',
            "last_modified": int(time.time()),
            # What it showed and when its render began: dropped when one of those keys is purged after that.
            "keys": marker.get("keys", ()),
            "rendered_at": rendered_at,
            # A shorter lifetime the view asked for (caching.SHORT_LIFETIME_ATTRIBUTE), kept for every hit.
            "limit": marker.get("limit"),
        }
        cache_control = next((v for n, v in headers if n.lower() == "cache-control"), "no-cache")
        cache.set(STORED_PREFIX + marker["key"], entry, settings.NEWSROOM_PAGE_CACHE_TIMEOUT)
        self.remember(marker["key"], entry)
        return self.serve(entry, environ, start_response, cache_control, outcome)

    def pass_through(self, environ, start_response):
        def guarded(status, headers, exc_info=None):
            headers = without_shared_caching(headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, guarded)
        return head_only(result) if environ.get("REQUEST_METHOD") == "HEAD" else result

    def serve(self, entry, environ, start_response, cache_control, outcome):
        headers = [
            *entry["headers"],
            ("Cache-Control", cache_control),
            ("ETag", entry["etag"]),
            ("Last-Modified", http_date(entry["last_modified"])),
            # hit, miss or stale (a copy dropped a moment ago, served while another worker renders it)
            ("X-Cache", outcome["cache"]),
        ]
        if not_modified(environ, entry["etag"], entry["last_modified"]):
            start_response("304 Not Modified", [(n, v) for n, v in headers if n.lower() in NOT_MODIFIED_HEADERS])
            return []
        body = entry["body"]
        start_response(entry["status"], [*headers, ("Content-Length", str(len(body)))])
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []
        outcome["bytes"] = len(body)
        return [body]


def head_only(result):
    """No body for HEAD, whatever the view wrote (servers drop it too; this keeps every path the same)."""
    if hasattr(result, "close"):
        result.close()
    return []


def log_request(environ, outcome, started):
    """One JSON line: what was asked and how it went. Never the query string, cookies or any other header."""
    access_log.info(
        json.dumps(
            {
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO", ""),
                "status": int(outcome["status"]) if outcome["status"].isdigit() else outcome["status"],
                "ms": round((time.perf_counter() - started) * 1000, 2),
                "bytes": outcome["bytes"],
                "cache": outcome["cache"],
                "remote": client_address(environ),
            },
            separators=(",", ":"),
        )
    )
