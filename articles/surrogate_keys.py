"""The keys of what a public page shows: one name per thing, for CDNs and the site's own page cache.

A reader page carries the keys of everything it printed (DESIGN, "a page
remembers what it showed"); a change purges the keys of what it changed,
and every page that printed it goes, and nothing else. The names:

- `story-<id>`: the story's page, and any list, card or API item showing it;
- `section-<id>`, `author-<id>`, `tag-<id>`: every page and card printing
  the name (the front or page itself, the story pages), so a rename needs
  one key;
- `section-<id>-list`, `author-<id>-list`, `tag-<id>-list`: the pages listing
  that subject's stories (front, archives, feeds): purged when a story on
  them changes, without dropping every story page printing the name;
- `story-<id>-headline`: the story's headline and address as the "more in"
  box of other story pages prints them, purged when those change;
- `section-<id>-newest`: the "more in" box on the section's story pages,
  purged only when the section's newest stories may change (a story
  published, taken down, moved or re-dated), not on an edit;
- `photo-<id>`: pages and cards showing the photo (the lead photo, an
  author's portrait); `dateline-<id>`: story pages printing the dateline;
- `home`, `feeds`, `sitemaps`, `api`, `search`: those surfaces whole, which
  list the newest stories and so change whenever one is published;
- `nav`: every HTML page, which prints the sections' navigation.

Keys are collected while a page renders, from objects it loads anyway (no
query of their own): views and template tags call `add()`, and
`cache_public_page` (articles/caching.py) writes them into the response's
`Surrogate-Key` (Fastly), `xkey` (Varnish) and `Cache-Tag` (Cloudflare)
headers before the response is stored, so a cached copy replays them.
What a change purges is worked out by the `*_purge_keys` functions below,
used by articles/purging.py.
"""

from contextvars import ContextVar

HOME, FEEDS, SITEMAPS, API, SEARCH, NAV = "home", "feeds", "sitemaps", "api", "search", "nav"
# The surfaces that list the newest stories: a story going live, changing or going away changes each.
LISTINGS = (HOME, FEEDS, SITEMAPS, API, SEARCH)
# Response headers that carry the keys, and how each joins them.
HEADERS = (("Surrogate-Key", " "), ("xkey", " "), ("Cache-Tag", ","))

_collected: ContextVar[set | None] = ContextVar("surrogate_keys", default=None)


def story(pk) -> str:
    return f"story-{pk}"


def section(pk) -> str:
    return f"section-{pk}"


def story_headline(pk) -> str:
    """A story's headline and address where another story's page lists it ("more in")."""
    return f"story-{pk}-headline"


def section_list(pk) -> str:
    return f"section-{pk}-list"


def section_newest(pk) -> str:
    return f"section-{pk}-newest"


def author_list(pk) -> str:
    return f"author-{pk}-list"


def tag_list(pk) -> str:
    return f"tag-{pk}-list"


def author(pk) -> str:
    return f"author-{pk}"


def tag(pk) -> str:
    return f"tag-{pk}"


def photo(pk) -> str:
    return f"photo-{pk}"


def dateline(pk) -> str:
    return f"dateline-{pk}"


# --- Collecting the keys of the page being rendered ---------------------------------------


def collect():
    """Start collecting for this request; returns a token for `collected()`."""
    return _collected.set(set())


def add(*keys) -> None:
    """Note that the page being rendered shows these keys (outside a reader page: nothing)."""
    found = _collected.get()
    if found is not None:
        found.update(keys)


def collected(token) -> set:
    """Stop collecting; the keys noted since `collect()`."""
    keys = _collected.get() or set()
    _collected.reset(token)
    return keys


def set_headers(response, keys) -> None:
    """Write `keys` into the headers CDNs read (sorted, so one page always sends the same bytes)."""
    if not keys:
        return
    ordered = sorted(keys)
    for name, separator in HEADERS:
        response.headers[name] = separator.join(ordered)


def card_keys(article) -> tuple:
    """What a story card prints: the story, its section (in its address), its bylines' authors, its photo.

    The bylines only if they are loaded (a card rendered afresh always has them).
    """
    keys = [story(article.pk), section(article.section_id)]
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    if "bylines" in prefetched:
        keys += [author(byline.author_id) for byline in prefetched["bylines"]]
    if article.lead_photo_id:
        keys.append(photo(article.lead_photo_id))
    return tuple(keys)


def story_page_keys(article) -> tuple:
    """What a story page prints, from the story with its bylines and tags loaded."""
    return (
        *card_keys(article),
        *(tag(t.pk) for t in article.tags.all()),
        *((dateline(article.dateline_id),) if article.dateline_id else ()),
    )


# --- What a change purges ----------------------------------------------------------------


def article_purge_keys(article, *, author_ids=(), tag_ids=(), section_ids=(), reordered=True,
                       retitled=True) -> list[str]:
    """A story published, corrected, changed, unpublished or withdrawn: its pages and every list it is (or was) on.

    Pages that showed it carry its own key; the lists it newly joins are
    named here: its section's, authors' and tags' lists (`*_ids` adds those
    it had before an edit), and the site-wide listings. Story pages printing
    the section, author or tag names are not dropped. `reordered` (published,
    taken down, moved or re-dated) also drops the section's "more in" boxes;
    `retitled` (a new headline or address), the boxes listing it.
    """
    section_ids = {article.section_id, *section_ids}
    keys = {story(article.pk), *LISTINGS}
    keys.update(section_list(pk) for pk in section_ids)
    if reordered:
        keys.update(section_newest(pk) for pk in section_ids)
    if reordered or retitled:
        keys.add(story_headline(article.pk))
    keys.update(author_list(pk) for pk in author_ids)
    keys.update(tag_list(pk) for pk in tag_ids)
    return sorted(keys)


def section_purge_keys(pk) -> list[str]:
    """A section renamed, moved or hidden: its pages and every page's navigation."""
    return sorted({section(pk), section_list(pk), section_newest(pk), NAV, FEEDS, SITEMAPS, API})


def author_purge_keys(pk) -> list[str]:
    """An author renamed: their page, every story and card bylined to them, the feeds and API printing them."""
    return sorted({author(pk), author_list(pk), FEEDS, SITEMAPS, API})


def tag_purge_keys(pk) -> list[str]:
    return sorted({tag(pk), tag_list(pk), FEEDS, SITEMAPS, API})


def dateline_purge_keys(pk) -> list[str]:
    """A dateline's place or country corrected: the story pages printing it, the feeds and the API."""
    return sorted({dateline(pk), FEEDS, API})


def photo_purge_keys(pk, *, in_use=True) -> list[str]:
    """A photo hidden, restricted, expired or re-credited: pages showing it (and feeds and API, if a story uses it)."""
    keys = {photo(pk)}
    if in_use:
        keys.update((FEEDS, API))
    return sorted(keys)
