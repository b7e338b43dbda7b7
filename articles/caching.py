"""Cached reader pages that never outlive the truth (DESIGN rule 2).

A cached page is stored with the surrogate keys of what it showed
(articles/surrogate_keys.py) and the moment its render began, and is dropped
when one of those keys is purged after that moment (articles/page_purges.py):
an edit drops the pages showing what it changed, a draft drops nothing. It is
stored under a key made of:
- the publication window: the moments up to now at which what readers see
  last changed by itself (the newest visible publish time, the latest photo
  licence expiry passed) and the next such moment (a scheduled story, a
  licence ending). When that next moment comes, the window moves and every
  page is rendered afresh, with no worker and no cron job;
- the scheme, host, path and query string.

Browsers and CDNs get `Cache-Control: public, max-age=N, s-maxage=N,
stale-while-revalidate=M`, with N + M never beyond the window's next moment
(`cache_lifetime`). Signed-in staff (who may see previews) are never served
from, nor stored in, the cache, and a response that sets a cookie is never
public. Each page also carries the surrogate keys of what it shows
(articles/surrogate_keys.py), stored with it, so that a CDN in front can be
told to drop exactly the pages an edit changed (articles/purging.py).
"""

import hashlib
import math
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from articles import page_purges, printed_names, surrogate_keys
from articles.models import Article, PhotoAsset

VERSION_KEY = "newsroom:content-version"
# The WSGI environ entry through which the front cache and the views talk.
FRONT_CACHE_ENVIRON = "newsroom.front_cache"
LATEST_WINDOW_KEY = "newsroom:latest-window"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(), not set(): two first readers at once agree on one version.
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def new_content_version() -> None:
    """A new content version: the navigation and lists kept per version (and the window) are worked out again.

    Cached pages stay: those showing what changed are dropped by key (articles/page_purges.py).
    """
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget_recent_state()


def bump_content_version() -> None:
    """Forget every cached page (a release changing templates, rows written without signals): a new version too."""
    new_content_version()
    page_purges.drop_every_page()


def window_key(version) -> str:
    return f"newsroom:window:{version}"


def publication_window(now, version):
    """(epoch, next moment what readers see changes by itself) at `now`.

    The epoch is (newest visible publish time, latest photo expiry passed);
    the next moment is the sooner of the next scheduled publish time and the
    next photo licence expiry. Kept in the cache under the content version,
    so a reader served from the cache costs no query at all. Between two
    edits what readers see changes only at those moments, so a window stays
    right until its `upcoming` moment; after that it is worked out again.
    """
    key = window_key(version)
    window = cache.get(key)
    if window is None or not window_holds(window, now):
        newest, next_publish = Article.objects.publication_window(at=now)
        last_expiry, next_expiry = PhotoAsset.objects.expiry_window(at=now)
        upcoming = min((moment for moment in (next_publish, next_expiry) if moment is not None), default=None)
        window = ((newest, last_expiry), upcoming)
        # Also as the latest window with its version: the front cache reads it
        # in the same round trip as the version itself.
        cache.set_many({key: window, LATEST_WINDOW_KEY: (version, window)}, settings.NEWSROOM_PAGE_CACHE_TIMEOUT)
        forget_recent_state()
    return window


def cached_state():
    """(content version, publication window, printed-names version) from the cache alone, or Nones.

    One round trip when it can. The printed-names version (printed_names.py)
    comes along so that a reader request need not ask for it again.
    """
    found = cache.get_many([VERSION_KEY, LATEST_WINDOW_KEY, printed_names.KEY])
    version, latest, names = found.get(VERSION_KEY), found.get(LATEST_WINDOW_KEY), found.get(printed_names.KEY)
    if version is None:
        return None, None, names
    if latest is not None and latest[0] == version:
        return version, latest[1], names
    return version, cache.get(window_key(version)), names


# The front cache's copy of cached_state(): (monotonic time read, state).
_recent_state = (float("-inf"), None)


def recent_state(now):
    """cached_state() as read at most NEWSROOM_FRONT_CACHE_STATE_SECONDS ago by this worker, for the front cache.

    That read is most of a cached hit's cost (150 µs of 190 µs in-process
    with Redis). An edit made in this worker, and a window worked out here,
    drop the copy at once; one made in another worker reaches this one within
    that fraction of a second, much less than any browser or CDN keeps a page.
    A copy whose window has passed its next change is never used: a
    scheduled story still appears at its second.
    """
    global _recent_state
    read_at, state = _recent_state
    fresh = time.monotonic() - read_at < settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS
    if state is not None and fresh and state[1] is not None and window_holds(state[1], now):
        return state
    state = cached_state()
    _recent_state = (time.monotonic(), state)
    return state


def forget_recent_state():
    global _recent_state
    _recent_state = (float("-inf"), None)


def next_change(window):
    """The next moment what readers see changes by itself (None if none is known).

    Whatever bounds a page's life (a scheduled story, an expiry, a photo
    licence ending) is folded into this one moment by `publication_window`.
    """
    return window[1]


def window_holds(window, now) -> bool:
    """True while nothing the window knows of has changed by itself since it was worked out."""
    upcoming = next_change(window)
    return upcoming is None or now < upcoming


def max_age_until(upcoming, now) -> int:
    """Seconds a copy may be kept: the configured maximum, or less if a story is due sooner."""
    max_age = settings.NEWSROOM_CACHE_MAX_AGE
    if upcoming is not None:
        max_age = min(max_age, max(0, math.floor((upcoming - now).total_seconds())))
    return max_age


def cache_lifetime(now, window, limit=None):
    """(max_age, stale_while_revalidate) for a public copy served at `now`.

    The one place that decides how long browsers and CDNs may keep a page:
    a stale copy, too, must be gone by the next change the window knows of.
    `limit` caps both for a page that must be fresher than the rest (a live
    story and its poll, see `SHORT_LIFETIME_ATTRIBUTE`).
    """
    upcoming = next_change(window)
    max_age = max_age_until(upcoming, now)
    stale = settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE
    if upcoming is not None:
        stale = min(stale, max(0, math.floor((upcoming - now).total_seconds()) - max_age))
    if limit is not None:
        max_age, stale = min(max_age, limit), min(stale, limit)
    return max_age, stale


def public_cache_control(now, window, limit=None) -> str:
    max_age, stale = cache_lifetime(now, window, limit)
    return f"public, max-age={max_age}, s-maxage={max_age}, stale-while-revalidate={stale}"


# A view sets this attribute on its response (seconds) to be kept for less than
# NEWSROOM_CACHE_MAX_AGE: a live story's page and its poll, whose readers expect
# new updates within seconds. The front cache keeps the limit with the page.
SHORT_LIFETIME_ATTRIBUTE = "newsroom_max_age"


def request_origin(meta) -> tuple[str, str]:
    """(scheme, host) of a request from its WSGI environ, the way Django's request reads them."""
    scheme = meta.get("wsgi.url_scheme", "http")
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        forwarded = meta.get(header)
        if forwarded is not None:
            scheme = "https" if forwarded.split(",", 1)[0].strip() == secure_value else "http"
    host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}"
    return scheme, host.lower()


def page_cache_key(meta, full_path, window) -> str:
    """The key of one page: scheme, host, path and query, and publication window.

    The window's every moment is in the key, so a page stored before a
    scheduled story's second is never found after it. (What an edit changed
    is dropped by key, articles/page_purges.py.)
    """
    scheme, host = request_origin(meta)
    epoch_moments, upcoming = window
    epoch = ",".join(moment.isoformat() if moment else "-" for moment in (*epoch_moments, upcoming))
    url = hashlib.sha256(f"{scheme}://{host}{full_path}".encode()).hexdigest()
    return f"newsroom:page:{hashlib.sha256(epoch.encode()).hexdigest()[:16]}:{url}"


def has_session_cookie(cookie_header: str) -> bool:
    name = settings.SESSION_COOKIE_NAME
    return any(part.strip().startswith(f"{name}=") for part in cookie_header.split(";"))


def is_reader_request(request) -> bool:
    # A request without a session cookie is an anonymous reader; checking the
    # cookie first spares readers the session lookup.
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def cache_public_page(view):
    """Serve anonymous readers from the shared cache, keyed so it is never stale.

    Behind the front cache (articles/front_cache.py) this only works out the
    key and the headers: the front layer stores the finished response and
    answers later hits before Django runs at all.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not is_reader_request(request):
            names_token = printed_names.hold(None)  # read once, not once per card
            try:
                response = rendered(view(request, *args, **kwargs))
            finally:
                printed_names.release(names_token)
            patch_cache_control(response, private=True)
            return response

        now = timezone.now()
        # The version and its window in one round trip when the cache has both (as it almost always does).
        version, window, names = cached_state()
        version = version or content_version()
        if window is None or not window_holds(window, now):
            window = publication_window(now, version)
        request.content_version = version  # the navigation is kept per version (context_processors.py)
        request.publication_window = window
        names_token = printed_names.hold(names)
        try:
            return reader_response(request, view, args, kwargs, now=now, version=version, window=window)
        finally:
            printed_names.release(names_token)

    return cached_view


def rendered(response):
    """A template response rendered now, while the request's printed-names version is held."""
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def reader_response(request, view, args, kwargs, *, now, version, window):
    """The page itself: from the shared cache, or rendered (and stored when it may be); with its headers."""
    key = page_cache_key(request.META, request.get_full_path(), window)
    use_cache = settings.NEWSROOM_PAGE_CACHE
    behind_front = FRONT_CACHE_ENVIRON in request.META
    entry = cache.get(key) if use_cache and not behind_front else None
    response, claimed = None, False
    if entry is not None:
        state = page_purges.verdict(entry["keys"], entry["rendered_at"])
        if state == page_purges.FRESH:
            response = entry["response"]
        elif state == page_purges.STALE:
            claimed = page_purges.claim_render(key)
            if not claimed:
                response = entry["response"]  # another worker is rendering it afresh
    if response is None:
        rendered_at = time.time()
        # The keys of what the page shows, noted while it renders (articles/surrogate_keys.py);
        # in the headers before it is stored, so a cached copy carries them too.
        keys_token = surrogate_keys.collect()
        try:
            response = rendered(view(request, *args, **kwargs))
        finally:
            keys = surrogate_keys.collected(keys_token)
        if response.status_code == 200:
            surrogate_keys.set_headers(response, keys)
        storable = response.status_code == 200 and not response.streaming and not response.cookies
        if use_cache and storable:
            if behind_front:
                request.META[FRONT_CACHE_ENVIRON] = {
                    "key": key, "window": window, "keys": sorted(keys),
                    "limit": getattr(response, SHORT_LIFETIME_ATTRIBUTE, None),
                }
            else:
                entry = {"response": response, "keys": sorted(keys), "rendered_at": rendered_at}
                cache.set(key, entry, settings.NEWSROOM_PAGE_CACHE_TIMEOUT)
        if claimed:
            page_purges.release_render(key)
    if response.status_code == 200:
        if response.cookies:
            # A response that sets a cookie is never for a shared cache.
            response.headers["Cache-Control"] = "private, no-cache"
        else:
            limit = getattr(response, SHORT_LIFETIME_ATTRIBUTE, None)
            response.headers["Cache-Control"] = public_cache_control(now, window, limit)
        patch_vary_headers(response, ["Cookie"])
    return response
