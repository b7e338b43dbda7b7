"""What search engines and social networks read about a page: JSON-LD and Open Graph.

Built from the same fields and print-style functions as the page itself, so
a card on a social network says what the story page says. Stories are
NewsArticles (images in 16:9, 4:3 and 1:1, the publisher with its logo,
corrections); section fronts are CollectionPages; author pages ProfilePages.
"""

import json

from django.conf import settings
from django.templatetags.static import static

from articles import printstyle

# Characters that could end a <script> block or start markup, escaped as JSON
# allows, so a headline can never break out of the JSON-LD block.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Search engines ask for an article's image in these three shapes.
IMAGE_SHAPES = ("wide", "standard", "square")
LOGO = "articles/logo.png"


def script_safe_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def _clean(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def publisher(*, build_absolute_uri) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_NAME,
        "url": build_absolute_uri("/"),
        "logo": {"@type": "ImageObject", "url": build_absolute_uri(static(LOGO)), "width": 512, "height": 512},
    }


def photo_images(photo, *, caption, build_absolute_uri) -> list[dict]:
    """The photo in 16:9, 4:3 and 1:1, with its credit, as schema.org ImageObjects."""
    images = []
    for shape in IMAGE_SHAPES:
        width, height = photo.rendition_size(shape)
        images.append(_clean({
            "@type": "ImageObject",
            "url": build_absolute_uri(photo.rendition_url(shape)),
            "width": width,
            "height": height,
            "caption": caption,
            "creditText": photo.credit,
            "copyrightNotice": getattr(photo, "copyright_notice", ""),
        }))
    return images


def live_blog_update(update, *, page_url) -> dict:
    """One update of a live story as a schema.org BlogPosting, at its own address on the page."""
    moment = update.published_at.isoformat()
    return _clean({
        "@type": "BlogPosting",
        "headline": update.excerpt,
        "url": f"{page_url}#{update.anchor}",
        "datePublished": moment,
        "dateModified": update.edited_at.isoformat() if update.edited_at else moment,
        "articleBody": update.plain_text,
        "author": {"@type": "Person", "name": update.byline_name} if update.byline_name else None,
    })


def article_json_ld(article, *, build_absolute_uri, live_updates=None) -> dict:
    """schema.org NewsArticle for one story; a LiveBlogPosting, with its shown updates, for live coverage."""
    is_live_blog = bool(article.coverage)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting" if is_live_blog else "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "mainEntityOfPage": build_absolute_uri(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_at.isoformat() if article.modified_at else None,
        "articleSection": article.section.name,
        "author": [
            {"@type": "Person", "name": author.name, "url": build_absolute_uri(author.get_absolute_url())}
            for author in printstyle.lead_authors(article.bylines.all())
        ],
        "publisher": publisher(build_absolute_uri=build_absolute_uri),
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": f"{correction.get_kind_display()}: {correction.text}",
                "datePublished": correction.created_at.isoformat(),
            }
            for correction in article.corrections.all()
        ],
    }
    photo = article.shown_lead_photo  # an expired or restricted picture is not offered
    if photo is not None:
        data["image"] = photo_images(photo, caption=article.photo_caption, build_absolute_uri=build_absolute_uri)
    if article.dateline is not None:
        data["dateline"] = article.dateline_text
    if is_live_blog:
        page_url = data["mainEntityOfPage"]
        updates = list(live_updates or [])
        started = article.goes_live_at or (updates[-1].published_at if updates else None)
        data["coverageStartTime"] = started.isoformat() if started else None
        data["coverageEndTime"] = article.coverage_ended_at.isoformat() if article.coverage_ended_at else None
        data["liveBlogUpdate"] = [live_blog_update(update, page_url=page_url) for update in updates]
    return _clean(data)


def section_json_ld(section, *, build_absolute_uri) -> dict:
    """schema.org CollectionPage for a section front."""
    return _clean({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": section.name,
        "description": getattr(section, "description", ""),
        "url": build_absolute_uri(section.get_absolute_url()),
        "isPartOf": {"@type": "WebSite", "name": settings.NEWSROOM_NAME, "url": build_absolute_uri("/")},
        "publisher": publisher(build_absolute_uri=build_absolute_uri),
    })


def author_json_ld(author, *, build_absolute_uri) -> dict:
    """schema.org ProfilePage for an author page, about the author as a Person."""
    person = _clean({
        "@type": "Person",
        "name": author.name,
        "url": build_absolute_uri(author.get_absolute_url()),
        "jobTitle": author.job_title,
        "description": author.bio,
        "image": build_absolute_uri(portrait.rendition_url("portrait")) if (portrait := author.shown_portrait)
        else None,
        "worksFor": {"@type": "NewsMediaOrganization", "name": settings.NEWSROOM_NAME, "url": build_absolute_uri("/")},
    })
    return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person}
