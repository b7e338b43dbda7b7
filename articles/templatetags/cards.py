"""Story cards, rendered once per worker for each version of what they print.

A card is a pure function of the story's printed fields, its section, its
lead photo and its bylines, so those values themselves are the cache key:
any edit that changes what a card prints changes its key, and nothing ever
has to be dropped. The bylines stand in the key as the story's `updated_at`,
which any change to a byline or its author moves (articles/signals.py), so a
page whose cards this worker already has need not read the bylines at all
(`without_cards`); a renamed author or tag moves the printed-names version
in every key instead (articles/printed_names.py). Each worker keeps its
cards in memory (no cache round trip); the least recently used go first.

Anything a card prints that depends on the moment rather than on these
values must be in `card_key`: the lead photo is the one shown now
(`shown_lead_photo`, none once its licence has ended).
"""

from collections import OrderedDict

from django import template
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from articles import printed_names, surrogate_keys
from articles.models import bylines_prefetch

register = template.Library()

CARD_TEMPLATE = "articles/includes/article_card.html"
MAX_CARDS = 5000
_cards: OrderedDict = OrderedDict()


def story_key(article):
    """What a card prints of the story itself, whatever its variant."""
    # The photo the card shows now (none once its licence has ended), not merely the one attached.
    photo = article.shown_lead_photo
    return (
        printed_names.current_version(),
        article.pk, article.updated_at, article.kicker, article.headline, article.dek, article.slug,
        article.url_date, article.published_at, article.section.slug, article.section.name,
        # rendition_key: the renditions' addresses, keyed with the site's secret.
        (photo.pk, photo.rendition_key, photo.width, photo.height, photo.alt_text) if photo else None,
    )


def card_key(article, lead, show_section, level):
    # Worked out once per story object: a page asks for it twice (without_cards, then the card itself).
    if not hasattr(article, "_card_story_key"):
        article._card_story_key = story_key(article)
    return (article._card_story_key, bool(lead), bool(show_section), level)


def without_cards(articles, variants):
    """The stories of `articles` missing one of these card `variants` here: only those need their bylines read.

    A variant is (lead, show_section, level) as the page's template asks for
    it; a variant the view did not name costs that card one query, never a
    wrong byline.
    """
    return [
        article for article in articles
        if any(card_key(article, *variant) not in _cards for variant in variants)
    ]


@register.simple_tag
def card(article, lead=False, show_section=False, level=2):
    """{% card article show_section=True level=3 %}: the story card, from memory when this version was seen."""
    key = card_key(article, lead, show_section, level)
    found = _cards.get(key)
    if found is None:
        if "bylines" not in getattr(article, "_prefetched_objects_cache", {}):
            # A variant the view did not name: one query for the bylines, as the template would run anyway.
            prefetch_related_objects([article], bylines_prefetch())
        html = get_template(CARD_TEMPLATE).render(
            {"article": article, "lead": lead, "show_section": show_section, "level": level}
        )
        # With the surrogate keys of what it printed, so a card served from memory names its authors too.
        found = _cards[key] = (html, surrogate_keys.card_keys(article))
        if len(_cards) > MAX_CARDS:
            _cards.popitem(last=False)
    else:
        _cards.move_to_end(key)
    html, keys = found
    surrogate_keys.add(*keys)
    return mark_safe(html)  # rendered by the template engine, which escaped it
