"""The admin's searches, answered from indexes: stories from the reader search's full-text
index (articles/search_index.py), photos from the picker's words index
(articles/photo_search_index.py).

Django's admin search is `icontains` on every search field, a scan of every
row for every search: 6 seconds for one word at a million stories.
"""

import re

from django.db import connections
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from articles import photo_search_index, search_index
from articles.models import Article, WireStory

MAX_WORDS = 12


def search_words(text):
    """The words of `text` as the indexes know them: letters and digits, nothing read as query syntax."""
    return re.findall(r"[^\W_]+", text)[:MAX_WORDS]


def exact_story_ids(text):
    """Stories whose slug, or whose wire item's uri, is exactly `text`: unique-index reads, one query."""
    own = Article.objects.filter(Q(slug=text) | Q(source_uri=text)).order_by().values_list("pk", flat=True)
    wire = WireStory.objects.filter(uri=text).order_by().values_list("article_id", flat=True)
    return sorted(set(own.union(wire).order_by()))


def search_stories(stories, text):
    """`stories` that have every word of `text` (stemmed) in headline, dek or body, or whose slug or
    wire uri is `text`: exact matches first, then headline matches, then the list's own order.

    Only narrows `stories`: whoever may not see a story does not find it here either.
    """
    text = text.strip()[:200]
    if not text:
        return stories
    exact = exact_story_ids(text)
    words = search_words(text)
    ordering = list(stories.query.order_by) or list(Article._meta.ordering)
    if connections[stories.db].vendor == "postgresql":
        in_text, headline_hit = _postgresql_matches(words)
    else:
        in_text, headline_hit = _sqlite_matches(words)
    found = Q(pk__in=exact) if exact else Q(pk__in=[])
    if in_text is not None:
        found |= in_text
    stories = stories.filter(found).annotate(headline_hit=headline_hit)
    first = ["-headline_hit"]
    if exact:
        stories = stories.annotate(
            exact_hit=Case(When(pk__in=exact, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        first.insert(0, "-exact_hit")
    return stories.order_by(*first, *ordering)


def headline_first_words(stories, text):
    """The words whose matches `HeadlineFirstPaginator` pages through two indexes (PostgreSQL),
    or None where the single sorted query stays (another database, no words, an exact match)."""
    text = text.strip()[:200]
    words = search_words(text)
    if connections[stories.db].vendor != "postgresql" or not words or exact_story_ids(text):
        return None
    return words


def _postgresql_matches(words):
    if not words:
        return None, Value(False, output_field=BooleanField())
    # All the words, stemmed, anywhere: the GIN index on search_document answers it.
    every_word = RawSQL(
        "articles_article.search_document @@ plainto_tsquery('english'::regconfig, %s)",
        [" ".join(words)], output_field=BooleanField(),
    )
    # The same words in the headline (weight A of the document), for the order only.
    in_headline = RawSQL(
        "articles_article.search_document @@ to_tsquery('english'::regconfig, %s)",
        [" & ".join(f"{word}:A" for word in words)], output_field=BooleanField(),
    )
    return Q(every_word), in_headline


def _sqlite_matches(words):
    if not words:
        return None, Value(False, output_field=BooleanField())
    # Each word quoted (no FTS5 syntax from the search box), as a word or the start of one.
    match = " ".join(f'"{word}"*' for word in words)
    in_headline = RawSQL(search_index.SQLITE_MATCH, [f"headline : ({match})"])
    return (
        Q(pk__in=RawSQL(search_index.SQLITE_MATCH, [match])),
        Case(When(pk__in=in_headline, then=Value(True)), default=Value(False), output_field=BooleanField()),
    )


# More photos than this match: the words are common, and newest first through the index finds a
# page of them within a few hundred photos. Fewer: read just the matches and sort them. The same
# bound as the photo list's exact count (PhotoAssetAdmin), so both ask the same question.
COMMON_WORDS_FROM = 1000


def search_photos(photos, text):
    """Photos with every word of `text` as the start of a word in their title, caption, credit,
    photographer, agency, source or alt text (PostgreSQL, from the words index), or None to
    let the admin run its own search (other databases)."""
    if connections[photos.db].vendor != "postgresql":
        return None
    query = photo_search_index.prefix_query(text)
    if query is None:
        return photos
    found = photos.filter(RawSQL(photo_search_index.MATCH, [query], output_field=BooleanField()))
    if list(photos.query.order_by)[:1] not in ([], ["-created_at"]):
        return found  # an order the editor chose
    # PostgreSQL cannot tell how many photos match a prefix, and guessed wrong both ways: walking
    # the newest-first index testing each photo took 0.9 s at 100,000 photos for a word none has;
    # reading and sorting every match took 1 s for "a". So count up to a bound (a few ms), then
    # choose: newest first through the index for common words, else through an expression no
    # index holds, which reads only what the words index found.
    common = found.order_by().values("pk")[: COMMON_WORDS_FROM + 1].count() > COMMON_WORDS_FROM
    if common:
        return found.order_by("-created_at", "-pk")
    unindexed = Coalesce("created_at", "created_at")
    return found.order_by(unindexed.desc(), "-pk")
