"""IPTC ninjs 2.1, both ways: our stories out as ninjs, wire copy in.

Print style (bylines, datelines) comes from `printstyle`, so the API says what
the page says. Schema: articles/schemas/ninjs-schema_2.1.json (MIT, by IPTC).
"""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

from django.urls import reverse
from jsonschema import Draft202012Validator

from articles import printstyle

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "ninjs-schema_2.1.json"


@cache
def ninjs_validator():
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
        association["copyrightnotice"] = photo.copyright_notice or photo.credit_line
    if photo.usage_terms:
        association["usageterms"] = photo.usage_terms
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
    photo = article.shown_lead_photo  # an expired or restricted picture is not offered
    if photo is not None:
        item["associations"] = [
            photo_association(photo, caption=article.photo_caption, build_absolute_uri=build_absolute_uri)
        ]
    return {key: value for key, value in item.items() if value not in (None, [], "")}


# --- Wire copy in ----------------------------------------------------------------------

HTML_BODY_TYPES = {"text/html", "application/xhtml+xml", "body_xhtml", "xhtml", "html"}
# "GROSSETO, Italy (AP) -- ", "MOSCOW, July 4 (UPI) -- ": a wire dateline opening a body.
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]+(?:, [A-Z][A-Za-z .'’-]+)?)?"
    r"(?:,? (?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)\.? \d{1,2})?"
    r" ?\((?P<source>[^)]{1,40})\) ?(?:--|—|–) ?"
)


@dataclass
class WireStory:
    uri: str
    version: str
    headline: str
    body: str
    dek: str = ""
    kicker: str = ""
    authors: list = field(default_factory=list)
    place: str = ""
    source: str = ""
    tags: list = field(default_factory=list)
    published_at: datetime | None = None
    embargoed: datetime | None = None
    withdrawn: bool = False


def _role_value(entries, *roles):
    """The value of the first entry with one of `roles`, else the first entry's."""
    entries = entries or []
    for role in roles:
        for entry in entries:
            if entry.get("role") == role and entry.get("value"):
                return entry["value"].strip()
    return entries[0]["value"].strip() if entries and entries[0].get("value") else ""


def _body_html(bodies) -> str:
    for body in bodies or []:
        if (body.get("contenttype") or "").lower() in HTML_BODY_TYPES:
            return body["value"]
    text = _role_value(bodies, "main")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if p.strip()] or ([text] if text else [])
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _split_dateline(body_html: str):
    """Take a wire dateline off the body's first paragraph: (place, source, body)."""
    match = re.match(r"^\s*<p>", body_html)
    start = match.end() if match else 0
    dateline = WIRE_DATELINE.match(body_html[start:])
    if not dateline:
        return "", "", body_html
    rest = body_html[start + dateline.end():]
    return (dateline["place"] or "").strip(), dateline["source"].strip(), body_html[:start] + rest


def byline_names(by: str) -> list[str]:
    """'By Paulo Santalucia and Frances d'Emilio' -> ['Paulo Santalucia', "Frances d'Emilio"]."""
    by = re.sub(r"^\s*by\s+", "", by or "", flags=re.IGNORECASE).split(".")[0]
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", by)
    return [name.strip() for name in names if name.strip()][:10]


def _datetime(text):
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def ninjs_to_wire_story(item: dict) -> WireStory:
    """Map one schema-valid ninjs text item to what a story needs; ValueError says what is missing."""
    if item.get("type", "text") != "text":
        raise ValueError(f"a {item['type']} item cannot become a story; only text items can")
    headline = _role_value(item.get("headlines"), "main")
    if not headline:
        raise ValueError("it has no headline")
    body = _body_html(item.get("bodies"))
    if not body:
        raise ValueError("it has no body")
    place, source, body = _split_dateline(body)
    infosource = next((s.get("name") for s in item.get("infosources", []) if s.get("role") == "source"), "")
    return WireStory(
        uri=item["uri"],
        version=str(item.get("version") or item.get("versioncreated") or ""),
        headline=headline[:200],
        kicker=_role_value([h for h in item.get("headlines", []) if h.get("role") == "kicker"])[:60],
        dek=_role_value(item.get("descriptions"), "summary", "abstract"),
        body=body,
        authors=byline_names(item.get("by", "")),
        place=(item.get("located") or place)[:80],
        source=(infosource or source)[:40],
        tags=[s["name"][:80] for s in item.get("subjects", []) if s.get("name")],
        published_at=_datetime(item.get("versioncreated")) or _datetime(item.get("firstcreated")),
        embargoed=_datetime(item.get("embargoed")),
        withdrawn=item.get("pubstatus") in {"withheld", "canceled"},
    )
