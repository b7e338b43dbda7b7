"""IPTC ninjs 2.1, both ways: our stories out as ninjs, wire copy in.

Print style (bylines, datelines) comes from `printstyle`, so the API says what
the page says. Schema: articles/schemas/ninjs-schema_2.1.json (MIT, by IPTC).
"""

import json
from functools import cache
from pathlib import Path

from django.urls import reverse

from articles import printstyle

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "ninjs-schema_2.1.json"


@cache
def ninjs_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))


def ninjs_errors(item) -> list[str]:
    """Schema errors for one ninjs item, each as 'where: what', readable by a desk editor."""
    errors = sorted(ninjs_validator().iter_errors(item), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(map(str, error.absolute_path)) or 'item'}: {error.message}" for error in errors]


def _iso(moment):
    return moment.isoformat() if moment else None


def photo_association(photo, *, caption, build_absolute_uri) -> dict:
    renditions = []
    for spec in ("thumb", "card", "hero"):
        renditions.append(
            {"name": spec, "href": build_absolute_uri(photo.rendition_url(spec)), "contenttype": "image/jpeg"}
        )
    association = {
        "name": "featureimage",
        "uri": build_absolute_uri(photo.rendition_url("hero")),
        "type": "picture",
        "renditions": renditions,
        "descriptions": [{"role": "alternative", "value": photo.alt_text}],
    }
    if caption:
        association["headlines"] = [{"role": "caption", "value": caption}]
    if photo.credit:
        association["by"] = photo.credit
        association["copyrightnotice"] = printstyle.photo_credit(credit=photo.credit, is_file_photo=photo.is_file_photo)
    return association


def article_to_ninjs(article, *, build_absolute_uri) -> dict:
    """One published story as a ninjs 2.1 text item."""
    bylines = list(article.bylines.all())
    item = {
        "uri": build_absolute_uri(reverse("articles:api-article-detail", kwargs={"pk": article.pk})),
        "type": "text",
        "representationtype": "full",
        "version": str(int(article.updated_at.timestamp())),
        "firstcreated": _iso(article.first_published_at or article.published_at),
        "versioncreated": _iso(article.updated_at),
        "contentcreated": _iso(article.published_at),
        "pubstatus": "usable",
        "language": "en",
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": article.body}],
        "altids": [{"role": "website", "value": build_absolute_uri(article.get_absolute_url())}],
        "subjects": [
            {"name": tag.name, "rel": "about", "uri": build_absolute_uri(tag.get_absolute_url())}
            for tag in article.tags.all()
        ],
        "people": [
            {"name": b.author.name, "rel": "author", "uri": build_absolute_uri(b.author.get_absolute_url())}
            for b in bylines
        ],
    }
    if article.kicker:
        item["headlines"].append({"role": "kicker", "value": article.kicker})
    if article.dek:
        item["descriptions"] = [{"role": "summary", "value": article.dek}]
    if bylines:
        item["by"] = printstyle.byline_text(bylines)
    if article.dateline is not None:
        item["located"] = article.dateline.place
    if article.dateline_source:
        item["infosources"] = [{"name": article.dateline_source, "role": "source"}]
    if article.lead_photo is not None:
        item["associations"] = [
            photo_association(article.lead_photo, caption=article.photo_caption, build_absolute_uri=build_absolute_uri)
        ]
    return {key: value for key, value in item.items() if value not in (None, [], "")}
