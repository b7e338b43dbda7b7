"""What search engines and social networks read about a story: JSON-LD and Open Graph.

Built from the same fields and print-style functions as the page itself, so
a card on a social network says what the story page says.
"""

import json

from django.conf import settings

from articles import printstyle

# Characters that could end a <script> block or start markup, escaped as JSON
# allows, so a headline can never break out of the JSON-LD block.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_safe_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def article_json_ld(article, *, build_absolute_uri) -> dict:
    """schema.org NewsArticle for one story."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "mainEntityOfPage": build_absolute_uri(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (article.revised_at or article.updated_at).isoformat(),
        "articleSection": article.section.name,
        "author": [
            {"@type": "Person", "name": author.name, "url": build_absolute_uri(author.get_absolute_url())}
            for author in printstyle.lead_authors(article.bylines.all())
        ],
        "publisher": {"@type": "NewsMediaOrganization", "name": settings.NEWSROOM_NAME, "url": build_absolute_uri("/")},
    }
    photo = article.shown_lead_photo
    if photo is not None:
        # Google asks for 16:9, 4:3 and 1:1 crops of the lead image.
        data["image"] = [build_absolute_uri(photo.rendition_url(spec)) for spec in ("hero", "standard", "square")]
    if article.dateline is not None:
        data["dateline"] = article.dateline_text
    return {key: value for key, value in data.items() if value not in (None, "", [])}
