"""Cached reader pages that never outlive the truth (DESIGN rule 2).

A cached page is stored under a key made of:
- the content version, bumped whenever an editor saves or deletes anything a
  page can show (articles/signals.py), so an edit drops every cached page;
- the visibility epoch: the publish time of the newest story readers may see
  now, and the latest photo licence expiry already passed. When a scheduled
  story's second comes, or a photo's licence ends, the epoch moves and every
  page is rendered afresh, with no worker and no cron job;
- the path and query string.

Browsers and CDNs get `Cache-Control: public, max-age=N`, with N never beyond
the next scheduled publish time or photo licence expiry. Signed-in staff (who may see previews) are
never served from, nor stored in, the cache.
"""

import hashlib
import math
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from articles.models import Article, PhotoAsset

VERSION_KEY = "newsroom:content-version"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(), not set(): two first readers at once agree on one version.
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_content_version() -> None:
    """Forget every cached page: something a reader may see has changed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def publication_window(now, version):
    """(epoch, next moment what readers see changes by itself) at `now`.

    The epoch is (newest visible publish time, latest photo expiry passed);
    the next moment is the sooner of the next scheduled publish time and the
    next photo licence expiry. Kept in the cache under the content version,
    so a reader served from the cache costs no query at all. Between two
    edits what readers see changes only at those moments, so a window stays
    right until its `upcoming` moment; after that it is worked out again.
    """
    key = f"newsroom:window:{version}"
    window = cache.get(key)
    if window is None or (window[1] is not None and now >= window[1]):
        newest, next_publish = Article.objects.publication_window(at=now)
        last_expiry, next_expiry = PhotoAsset.objects.expiry_window(at=now)
        upcoming = min((moment for moment in (next_publish, next_expiry) if moment is not None), default=None)
        window = ((newest, last_expiry), upcoming)
        cache.set(key, window, settings.NEWSROOM_PAGE_CACHE_TIMEOUT)
    return window


def max_age_until(upcoming, now) -> int:
    """Seconds a copy may be kept: the configured maximum, or less if a story is due sooner."""
    max_age = settings.NEWSROOM_CACHE_MAX_AGE
    if upcoming is not None:
        max_age = min(max_age, max(0, math.floor((upcoming - now).total_seconds())))
    return max_age


def page_cache_key(request, version, epoch_moments) -> str:
    epoch = ",".join(moment.isoformat() if moment else "-" for moment in epoch_moments)
    url = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"newsroom:page:{version}:{epoch}:{url}"


def is_reader_request(request) -> bool:
    # A request without a session cookie is an anonymous reader; checking the
    # cookie first spares readers the session lookup.
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def cache_public_page(view):
    """Serve anonymous readers from the shared cache, keyed so it is never stale."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not is_reader_request(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response

        now = timezone.now()
        version = content_version()
        epoch, upcoming = publication_window(now, version)
        key = page_cache_key(request, version, epoch)
        use_cache = settings.NEWSROOM_PAGE_CACHE
        response = cache.get(key) if use_cache else None
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if use_cache and response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, response, settings.NEWSROOM_PAGE_CACHE_TIMEOUT)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=max_age_until(upcoming, now))
            patch_vary_headers(response, ["Cookie"])
        return response

    return cached_view
