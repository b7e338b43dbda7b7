"""What readers see of a live story: its key points and updates, on its page and from its poll.

The page and the poll print the same fragment (articles/includes/live_stream.html)
from `live_stream`, so what an open page swaps in is what a fresh page shows.
Visibility is the story's: both start from a story `published()` lets readers
see (or a staff preview), and an update never shows before its own time.
"""

from django.conf import settings
from django.utils import timezone

from articles.models import LIVE_UPDATES_SHOWN, Coverage


def live_poll_path(article) -> str:
    return f"{article.get_absolute_url()}live/"


def live_stream(article, at=None) -> dict | None:
    """The stream's context for a live (or ended) story, in one query; None for an ordinary story."""
    if article.coverage == Coverage.ORDINARY:
        return None
    at = at or timezone.now()
    updates = list(article.live_updates.visible(at).for_stream()[:LIVE_UPDATES_SHOWN])
    return {
        "article": article,
        "updates": updates,
        "pinned": [update for update in updates if update.is_pinned],
        "stream": [update for update in updates if not update.is_pinned],
        "is_live": article.coverage == Coverage.LIVE,
        "ended_at": article.coverage_ended_at,
        "poll_path": live_poll_path(article),
        "poll_ms": settings.NEWSROOM_LIVE_POLL_SECONDS * 1000,
    }


def live_etag(article, updates) -> str:
    """The poll's validator, from the newest update's id and the story's `updated_at`.

    `updated_at` moves with every update saved, corrected, pinned or removed
    (articles/signals.py) and with the coverage's end, so any change a reader
    could see changes the tag.
    """
    stamp = article.updated_at.timestamp() if article.updated_at else 0
    newest = max((update.pk for update in updates), default=0)
    return f'"live-{article.pk}-{article.coverage or "ordinary"}-{newest}-{stamp:.6f}"'
