"""The site's own page cache, dropped by surrogate key: only the pages showing what changed.

One decision drives both caches: `purging.purge_after_commit(keys)` sends the
keys to the CDN (when one is configured) and records them here. Each key
purged gets a "purged at" moment in the shared cache
(`newsroom:purged:<key>` -> (epoch seconds, hard)). A stored page carries the
keys it showed and the moment its render began; it is good while none of its
keys was purged after that moment (`verdict`).

A page dropped by a *soft* purge (an edit of a live story, a new story on a
list) may still be served for NEWSROOM_PAGE_CACHE_STALE_SECONDS while one
worker renders it afresh (the one that wins `cache.add` on the page's lock):
no stampede on a busy page. A *hard* purge (a story withdrawn, unpublished or
deleted; a photo restricted) is never served stale.

Reading the moments costs one `get_many` for the keys this worker has not read
in the last NEWSROOM_FRONT_CACHE_STATE_SECONDS (the hot keys, `home`, `nav`, a
section's list, are read once per worker per period, like the content
version); a purge made in this worker is seen at once.
"""

import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "newsroom:purged:"
LOCK_PREFIX = "newsroom:render-lock:"
FRESH, STALE, DEAD = "fresh", "stale", "dead"

# This worker's recent readings: key -> (monotonic time read, (purged at, hard) or None).
_recent = {}


def record(keys, *, hard=False, at=None) -> None:
    """Note that `keys` were purged now (or at `at`, epoch seconds): pages rendered before then are dropped.

    A hard purge stays hard: a later soft purge of the same key within the
    stale period does not allow stale serving again.
    """
    keys = sorted(set(keys))
    if not keys:
        return
    at = time.time() if at is None else at
    if not hard:
        previous = cache.get_many([PREFIX + key for key in keys])
        hard_now = {key for key in keys if (previous.get(PREFIX + key) or (0, False))[1]
                    and at - previous[PREFIX + key][0] < settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS}
    else:
        hard_now = set(keys)
    # Kept as long as a page rendered before it may be: no stored page outlives NEWSROOM_PAGE_CACHE_TIMEOUT.
    cache.set_many({PREFIX + key: (at, key in hard_now) for key in keys}, timeout=lifetime())
    for key in keys:
        _recent.pop(key, None)


def lifetime() -> int:
    return settings.NEWSROOM_PAGE_CACHE_TIMEOUT + 60


def drop_every_page() -> None:
    """After rows written without signals (a bulk import): every page carries one of these keys."""
    from articles import surrogate_keys

    record([surrogate_keys.NAV, *surrogate_keys.LISTINGS], hard=True)


def forget_recent() -> None:
    _recent.clear()


def purged(keys) -> dict:
    """{key: (purged at, hard)} for those of `keys` ever purged; one round trip at most, none for keys read lately."""
    now = time.monotonic()
    period = settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS
    found, missing = {}, []
    for key in keys:
        reading = _recent.get(key)
        if reading is not None and now - reading[0] < period:
            if reading[1] is not None:
                found[key] = reading[1]
        else:
            missing.append(key)
    if missing:
        fetched = cache.get_many([PREFIX + key for key in missing])
        if len(_recent) > 50_000:
            _recent.clear()
        for key in missing:
            value = fetched.get(PREFIX + key)
            _recent[key] = (now, value)
            if value is not None:
                found[key] = value
    return found


def verdict(keys, rendered_at, *, now=None) -> str:
    """FRESH if none of `keys` was purged since `rendered_at`; STALE if softly, within the stale period; else DEAD."""
    now = time.time() if now is None else now
    latest, hard = None, False
    for purged_at, is_hard in purged(keys).values():
        if purged_at >= rendered_at:
            hard = hard or is_hard
            latest = purged_at if latest is None else max(latest, purged_at)
    if latest is None:
        return FRESH
    if hard or now - latest >= settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS:
        return DEAD
    return STALE


def claim_render(page_key) -> bool:
    """True for the one worker that renders a stale page afresh; the others serve the stale copy meanwhile."""
    timeout = max(1, int(settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS + 1))
    return cache.add(LOCK_PREFIX + page_key, 1, timeout=timeout)


def release_render(page_key) -> None:
    cache.delete(LOCK_PREFIX + page_key)
