"""Keyset ("older stories →") pagination: every page costs the same, however deep.

A page is found from the last story of the page before it (its publish time
and id, the listing's own order), never by counting or skipping rows, so page
4,000 of a section is one index range scan of 21 rows like page 1. Links
carry that position as an opaque cursor: `?older=<cursor>` or `?newer=<cursor>`.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(article) -> str:
    """'<microseconds since 1970>.<id>' of a story: exact, short and safe in a URL."""
    micros = (article.published_at - EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{article.pk}"


def decode_cursor(text):
    """(published_at, id), or None for anything that is not a cursor we wrote."""
    try:
        micros, pk = text.split(".")
        return EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except (AttributeError, ValueError, OverflowError):
        return None


@dataclass
class KeysetPage:
    articles: list = field(default_factory=list)
    older: str | None = None  # cursor for the next, older page
    newer: str | None = None  # cursor for the previous, newer page
    is_first: bool = True

    @property
    def has_other_pages(self):
        return bool(self.older or self.newer or not self.is_first)


def keyset_page(articles, params, size, time="published_at", pk="pk"):
    """One page of `articles` (newest first) at the position `params` names.

    `params` is the request's query dict: `older` pages back in time from a
    cursor, `newer` pages forward. Returns None for a cursor we did not write
    (the view answers 404). Two queries at most: the page, plus its bylines.
    `time` and `pk` name what orders the listing: the story's own columns, or
    the copies a byline or story–tag row keeps (`ArticleQuerySet.listed_by_author()`),
    which hold the same values for every published story.
    """
    older, newer = params.get("older"), params.get("newer")
    if older is not None or newer is not None:
        position = decode_cursor(older if older is not None else newer)
        if position is None:
            return None
    if older is not None:
        at, key = position
        # The plain `published_at <= at` beside the tie-break lets the index
        # range start at the cursor; without it PostgreSQL walked from the
        # newest story down (10 s for page 4,000 of a million).
        older_rows = articles.filter(
            Q(**{f"{time}__lt": at}) | Q(**{time: at, f"{pk}__lt": key}), **{f"{time}__lte": at}
        )
        rows = list(older_rows.order_by(f"-{time}", f"-{pk}")[: size + 1])
        page = KeysetPage(rows[:size], is_first=False)
        page.older = encode_cursor(rows[size - 1]) if len(rows) > size else None
        page.newer = encode_cursor(rows[0]) if rows else None
        return page
    if newer is not None:
        at, key = position
        rows = list(
            articles.filter(
                Q(**{f"{time}__gt": at}) | Q(**{time: at, f"{pk}__gt": key}), **{f"{time}__gte": at}
            ).order_by(time, pk)[: size + 1]
        )
        reached_newest = len(rows) <= size
        rows = list(reversed(rows[:size]))
        page = KeysetPage(rows, is_first=reached_newest)
        page.older = encode_cursor(rows[-1]) if rows else None
        page.newer = None if reached_newest else encode_cursor(rows[0])
        return page
    rows = list(articles.order_by(f"-{time}", f"-{pk}")[: size + 1])
    page = KeysetPage(rows[:size])
    page.older = encode_cursor(rows[size - 1]) if len(rows) > size else None
    return page


class CappedPaginator(Paginator):
    """Numbered pages over at most CAP results: search counts up to a limit, never the whole archive.

    Past the cap the page says "more than 1,000 stories" and offers no deeper
    page, so no reader request counts or skips more than CAP rows.
    """

    CAP = 1000

    @cached_property
    def count(self):
        return self.object_list[: self.CAP + 1].count()

    @property
    def is_capped(self):
        return self.count > self.CAP

    @cached_property
    def num_pages(self):
        return max(1, math.ceil(min(self.count, self.CAP) / self.per_page))
