"""Which version of authors' and tags' names story cards and story pages print.

Cards (templatetags/cards.py) and a story page's head and <article>
(story_fragments.py) are kept under keys made from the story's own row, so
they are reused across unrelated edits. A change to one story's bylines or
tags moves that story's `updated_at` (signals.py). Renaming an author or a
tag, or deleting a tag, would move it on every story the name is printed on:
at a million stories the busiest tag is on 200,000, and that UPDATE took a
minute, past any request's time limit. Those changes move this version
instead: it is in every card's and fragment's key, so each is rendered
afresh the next time it is asked for. Renames are rare; a story's own edits
are not.

The version lives in the shared cache, like the content version. A reader
request reads it with the content version and window in one round trip
(caching.cached_state) and holds it here for the request's length.
"""

import uuid
from contextvars import ContextVar

from django.core.cache import cache

KEY = "newsroom:printed-names-version"
_current: ContextVar[str | None] = ContextVar("printed_names_version", default=None)


def stored_version() -> str:
    """The version in the shared cache, made on first use."""
    version = cache.get(KEY)
    if version is None:
        # add(), not set(): two first readers at once agree on one version.
        cache.add(KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(KEY)
    return version


def current_version() -> str:
    """The version this request prints (outside a reader request: the stored one)."""
    return _current.get() or stored_version()


def hold(version: str | None):
    """Print `version` for the rest of this request; returns a token for `release`."""
    return _current.set(version or stored_version())


def release(token) -> None:
    _current.reset(token)


def bump_printed_names() -> None:
    """An author or tag name changed: every card and story fragment is rendered afresh when next asked for."""
    cache.set(KEY, uuid.uuid4().hex, timeout=None)
