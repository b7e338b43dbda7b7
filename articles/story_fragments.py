"""A story page's own parts, rendered once for each version of what they print.

The head (meta, Open Graph, JSON-LD) and the <article> of a story page are a
pure function of stored rows: the story, its section, dateline and lead photo,
its bylines with their authors, its tags and its corrections. Their key is a
digest of every stored value of the first four; a change to one story's
bylines, tags or corrections moves its `updated_at` (articles/signals.py), and
a renamed author or tag moves the printed-names version that is in every key
(articles/printed_names.py). So any edit (a typo fixed, an author renamed, a
photo re-credited) makes a new key and the old fragment is simply never asked
for again; nothing has to be dropped. A page
read again costs one query: the story with its section, dateline and photo.

Anything they print that depends on more than those rows is in the key too:
whether the lead photo may be shown at this moment (its licence can end while
nothing is saved), its renditions' key (made with the site's secret), the
scheme and host of absolute links, and whether this is a staff preview. What
is around them on the page (navigation, "More in", the preview banner) is
rendered for each request as before.

Fragments live in the shared cache (Redis or the file cache), so one worker's
rendering serves every worker; they are looked up in one round trip. Each
worker also keeps the ones it served most recently in its own memory: a key
names its content for good, so a copy there never needs dropping, and a story
read again costs no round trip at all.
"""

import hashlib
import pickle
from collections import OrderedDict

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles import printed_names, surrogate_keys
from articles.models import CorrectionKind, bylines_prefetch
from articles.rows import row_values
from articles.structured_data import article_json_ld, script_safe_json

FRAGMENT_TIMEOUT = 24 * 60 * 60
# Stories whose fragments a worker keeps in memory, least recently read first out (a few MB).
MAX_REMEMBERED = 200
_remembered: OrderedDict = OrderedDict()
TEMPLATES = {"head": "articles/includes/story_head.html", "body": "articles/includes/story_body.html"}


def story_key(article, *, origin, is_preview) -> str:
    """A digest of everything the story's head and <article> are made from.

    The bylines, authors, tags and corrections are not read for it: a change
    to them moves the story's `updated_at` (in its row) or, for a renamed
    author or tag, the printed-names version.
    """
    photo = article.lead_photo
    printed = (
        row_values(article),
        row_values(article.section),
        row_values(article.dateline),
        row_values(photo),
        photo is not None and photo.is_showable(),
        # Rendition addresses are keyed with the site's secret: a new secret names new files.
        photo.rendition_key if photo is not None else None,
        origin,
        is_preview,
        printed_names.current_version(),
    )
    digest = hashlib.blake2b(pickle.dumps(printed, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).hexdigest()
    # "keys": fragments stored since they carry their surrogate keys (a deploy never reads older ones).
    return f"newsroom:story:keys:{article.pk}:{digest}"


def story_context(article, request, *, is_preview, live_updates=None):
    corrections = list(article.corrections.all())
    lead_photo = article.shown_lead_photo
    context = {
        "article": article,
        "is_preview": is_preview,
        "lead_photo": lead_photo,
        # An editor's note prints above the body; corrections, dated, at its foot.
        "editors_notes": [c for c in corrections if c.kind == CorrectionKind.EDITORS_NOTE],
        "corrections": [c for c in corrections if c.kind != CorrectionKind.EDITORS_NOTE],
        "json_ld": script_safe_json(
            article_json_ld(article, build_absolute_uri=request.build_absolute_uri, live_updates=live_updates)
        ),
        "request": request,
    }
    # Social cards and search engines get the hero rendition: sized, and with
    # the original's metadata (GPS included) stripped.
    if lead_photo is not None:
        context["og_image_url"] = lead_photo.rendition_url("hero")
        context["og_image_width"], context["og_image_height"] = lead_photo.rendition_size("hero")
    return context


def story_fragments(article, request, *, is_preview, live_updates=None) -> dict:
    """{"head": html, "body": html} for this version of the story, rendered only if no worker has yet.

    `live_updates` are a live story's shown updates (articles/live_stream.py), for its
    JSON-LD; any change to them moves the story's `updated_at`, so the key follows.
    """
    key = story_key(article, origin=f"{request.scheme}://{request.get_host()}", is_preview=is_preview)
    fragments = _remembered.get(key)
    if fragments is not None:
        _remembered.move_to_end(key)
        return fragments
    fragments = cache.get(key)
    if fragments is None:
        prefetch_related_objects([article], bylines_prefetch(), "tags", "corrections")
        context = story_context(article, request, is_preview=is_preview, live_updates=live_updates)
        fragments = {part: render_to_string(name, context, request) for part, name in TEMPLATES.items()}
        # What they print, as surrogate keys: the page names its authors and tags without reading them again.
        fragments["keys"] = surrogate_keys.story_page_keys(article)
        cache.set(key, fragments, FRAGMENT_TIMEOUT)
    # Rendered (and escaped) by the template engine, here or by whichever worker stored them.
    keys = fragments["keys"]
    fragments = {part: mark_safe(fragments[part]) for part in TEMPLATES}
    fragments["keys"] = keys
    _remembered[key] = fragments
    if len(_remembered) > MAX_REMEMBERED:
        _remembered.popitem(last=False)
    return fragments
