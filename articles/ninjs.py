"""IPTC ninjs, both ways: our stories out as ninjs 2.1 and 3.1, wire copy in from 1.x, 2.x and 3.x.

Print style (bylines, datelines, credits) comes from `printstyle`, so the API
says what the page says. Schemas: articles/schemas/ (MIT, by IPTC), with a
local copy of the GeoJSON schema they reference, so validating never touches
the network.
"""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml import ElementTree as SafeET
from django.urls import reverse
from jsonschema import validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from articles import printstyle
from articles.imaging import agency_credit
from articles.sanitize import clean_body_html

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_PATH = SCHEMA_DIR / "ninjs-schema_2.1.json"
SCHEMA_VERSIONS = ("1.6", "2.0", "2.1", "2.2", "3.0", "3.1")
OUTPUT_RENDITIONS = ("thumb", "card", "hero")


# --- Schemas, offline ------------------------------------------------------------------


@cache
def schema_registry() -> Registry:
    """The schemas ninjs refers to by URL (GeoJSON), from local copies: no network, ever."""
    geojson = json.loads((SCHEMA_DIR / "geojson" / "GeoJSON.json").read_text())
    resource = Resource.from_contents(geojson, default_specification=DRAFT7)
    return Registry().with_resources(
        [("https://geojson.org/schema/GeoJSON.json", resource), ("http://geojson.org/schema/GeoJSON.json", resource)]
    )


def _without_closed_objects(schema):
    """The schema with `additionalProperties`/`unevaluatedProperties: false` taken out.

    Agencies add fields of their own to every version; those are ignored, not
    refused. The fields ninjs defines must still have the right shape.
    """
    if isinstance(schema, dict):
        return {
            key: _without_closed_objects(value)
            for key, value in schema.items()
            if not (key in ("additionalProperties", "unevaluatedProperties") and value is False)
        }
    if isinstance(schema, list):
        return [_without_closed_objects(value) for value in schema]
    return schema


@cache
def ninjs_validator(version="2.1", *, strict=True):
    """A validator for one ninjs version; `strict` also refuses fields the version does not define."""
    schema = json.loads((SCHEMA_DIR / f"ninjs-schema_{version}.json").read_text())
    if not strict:
        schema = _without_closed_objects(schema)
    cls = validators.validator_for(schema)
    return cls(schema, registry=schema_registry())


def _where(error) -> str:
    return "/".join(map(str, error.absolute_path)) or "item"


def _short(message: str) -> str:
    return message if len(message) <= 160 else message[:157] + "…"


def ninjs_errors(item, version="2.1", *, strict=True) -> list[str]:
    """Schema errors for one ninjs item, each as 'where: what', readable by a desk editor."""
    errors = sorted(
        ninjs_validator(version, strict=strict).iter_errors(item), key=lambda error: list(map(str, error.absolute_path))
    )
    return [f"{_where(error)}: {_short(error.message)}" for error in errors]


# --- Versions --------------------------------------------------------------------------

# Fields ninjs 3.x renamed to camelCase: any of them marks a 3.x item.
CAMEL_FIELDS = {
    "versionCreated", "firstCreated", "contentCreated", "pubStatus", "embargoedUntil", "altIds", "infoSources",
    "copyrightHolder", "copyrightNotice", "usageTerms", "edNote", "representationType", "rightsInfo",
    "trustIndicators", "eventDetails", "plannedCoverage", "digitalSourceType",
}
TWO_FIELDS = {"headlines", "bodies", "descriptions", "subjects", "people", "places", "organisations", "infosources",
              "altids", "genres", "events", "objects", "trustindicators"}
ONE_FIELDS = {"byline", "headline", "subject", "person", "place", "organisation", "infosource", "$standard", "genre"}
ONE_PREFIXES = ("headline_", "body_", "description_")


def _declared_version(item: dict) -> str | None:
    declared = []
    for key in ("$schema", "$standard", "standard"):
        value = item.get(key)
        if isinstance(value, dict):
            declared += [value.get("version"), value.get("schema")]
        else:
            declared.append(value)
    for text in declared:
        if isinstance(text, str) and (match := re.search(r"(?<![\d.])([123])\.(\d+)", text)):
            major, minor = match[1], int(match[2])
            if major == "1":
                return "1.6"
            if major == "2":
                return f"2.{min(minor, 2)}"
            return "3.0" if minor == 0 else "3.1"
    return None


def ninjs_version(item: dict) -> str:
    """Which ninjs an item is written in: from `$schema`/`standard` if it says, else from its field names."""
    declared = _declared_version(item)
    if declared:
        return declared
    # AP writes `altids` as an object, the 1.x form: only a list of them is the 2.x field.
    keys = {key for key in item if not (key == "altids" and isinstance(item[key], dict))}
    nested = [entry for name in ("headlines", "bodies", "descriptions", "renditions")
              for entry in _list(item.get(name))]
    if keys & CAMEL_FIELDS or any(isinstance(entry, dict) and "contentType" in entry for entry in nested):
        return "3.1"
    if keys & TWO_FIELDS or isinstance(item.get("renditions"), list) or isinstance(item.get("associations"), list):
        return "2.2"
    if keys & ONE_FIELDS or any(key.startswith(ONE_PREFIXES) for key in keys) or isinstance(
        item.get("renditions"), dict
    ):
        return "1.6"
    return "2.2"


# --- One shape for every version ----------------------------------------------------------


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _lower_keys(value):
    if isinstance(value, dict):
        return {key.lower() if isinstance(key, str) else key: _lower_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower_keys(item) for item in value]
    return value


HTML_TYPES = {"text/html", "application/xhtml+xml", "body_xhtml", "xhtml", "html", "description_xhtml",
              "application/nitf+xml"}


def _suffix_type(suffix: str) -> str:
    return "text/html" if re.search(r"html|xhtml|rich|nitf", suffix, re.IGNORECASE) else "text/plain"


def _named(value) -> list:
    """A 1.x/2.0 dict of named objects ({"thumb": {...}}) as a 2.x list ([{"name": "thumb", ...}])."""
    if isinstance(value, dict):
        return [{"name": name, **entry} for name, entry in value.items() if isinstance(entry, dict)]
    return _list(value)


def normalise(item: dict) -> dict:
    """Any version's item in one shape: 2.x field names, lists not dicts, `contenttype`.

    Applied after validation, and forgiving: the 1.x forms (`headline_main`,
    `body_html`, `byline`, named renditions) are read from any version,
    because agencies mix them in.
    """
    if ninjs_version(item).startswith("3"):
        item = _lower_keys(item)
        if "embargoeduntil" in item:
            item["embargoed"] = item.pop("embargoeduntil")
    item = dict(item)
    if not item.get("headlines"):
        headlines = [{"role": "main", "value": item["headline"]}] if _text(item.get("headline")) else []
        headlines += [{"role": key[9:], "value": value} for key, value in item.items()
                      if key.startswith("headline_") and _text(value)]
        item["headlines"] = headlines
    for plural, prefix in (("bodies", "body_"), ("descriptions", "description_")):
        if not item.get(plural):
            item[plural] = [{"role": key[len(prefix):], "contenttype": _suffix_type(key[len(prefix):]), "value": value}
                            for key, value in item.items() if key.startswith(prefix) and _text(value)]
    if not _text(item.get("by")) and _text(item.get("byline")):
        item["by"] = item["byline"]
    if not _text(item.get("by")) and isinstance(item.get("bylines"), list):  # [{"by": "JANE DOE", "title": …}]
        names = [_text(b.get("by")) for b in item["bylines"] if isinstance(b, dict)]
        item["by"] = " and ".join(name for name in names if name)
    for plural, singular in (("subjects", "subject"), ("people", "person"), ("places", "place"),
                             ("organisations", "organisation"), ("infosources", "infosource")):
        if not item.get(plural) and isinstance(item.get(singular), list):
            item[plural] = item[singular]
    item["renditions"] = [
        {**rendition, "contenttype": rendition.get("contenttype") or rendition.get("mimetype")}
        for rendition in _named(item.get("renditions"))
    ]
    item["associations"] = [normalise(entry) for entry in _named(item.get("associations"))
                            if isinstance(entry, dict)]
    return item


# --- Wire copy in ----------------------------------------------------------------------

# "GROSSETO, Italy (AP) --", "MOSCOW, July 4 (UPI) --", "LONDON, July 4 (Reuters) -",
# "WASHINGTON (AP) —": a wire dateline opening a body.
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]*[A-Z.](?:, [A-Z][A-Za-z .'’-]+?)?)?"
    r",? ?(?:(?:Jan|Feb|Mar|March|Apr|April|May|June|July|Aug|Sept|Sep|Oct|Nov|Dec)\.? \d{1,2}(?:, \d{4})?)?"
    r" ?\((?P<source>[A-Za-z][^()<>]{0,38})\) ?(?:--|—|–|-) ?"
)
# Words that make a byline part a job title or an agency, not a person: "AP Science Writer".
NOT_A_NAME = re.compile(
    r"\b(writer|correspondent|editor|reporter|press|staff|news|agency|bureau|service|wire|reuters|afp|"
    r"contributor|columnist|photographer)\b",
    re.IGNORECASE,
)


class WireRefusal(ValueError):
    """One item cannot be imported; the message says why, for the desk."""


@dataclass
class WirePicture:
    uri: str
    version: str = ""
    headline: str = ""
    caption: str = ""
    alt_text: str = ""
    credit: str = ""
    copyright_holder: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    renditions: list = field(default_factory=list)  # [{"href", "width", "height", "contenttype", "sizeinbytes"}]


@dataclass
class WireItem:
    uri: str
    type: str
    version: str = ""
    version_created: datetime | None = None
    first_created: datetime | None = None
    embargoed: datetime | None = None
    pubstatus: str = "usable"
    headline: str = ""
    kicker: str = ""
    dek: str = ""
    body: str = ""
    authors: list = field(default_factory=list)
    affiliations: dict = field(default_factory=dict)  # author name -> "Michigan State University"
    place: str = ""
    source: str = ""
    tags: list = field(default_factory=list)
    pictures: list = field(default_factory=list)
    picture: WirePicture | None = None  # the item itself, when it is a picture
    ninjs: dict = field(default_factory=dict)  # the item in normalised form, kept for a pending update

    @property
    def withdrawn(self):
        return self.pubstatus in {"withheld", "canceled"}


def _role_value(entries, *roles) -> str:
    """The value of the first entry with one of `roles`, else the first entry's."""
    entries = [entry for entry in _list(entries) if isinstance(entry, dict) and _text(entry.get("value"))]
    for role in roles:
        for entry in entries:
            if entry.get("role") == role:
                return _text(entry["value"])
    return _text(entries[0]["value"]) if entries else ""


def _is_html(entry) -> bool:
    kind = _text(entry.get("contenttype")).lower()
    return kind in HTML_TYPES or kind.endswith(("html", "+xml")) or bool(re.match(r"\s*<[a-zA-Z]", entry["value"]))


def text_to_html(text: str) -> str:
    """Plain wire text as paragraphs: blank lines part them, or single line breaks when there are none."""
    text = text.replace("\r\n", "\n").strip()
    parts = re.split(r"\n\s*\n", text)
    if len(parts) == 1:
        parts = text.split("\n")
    return "".join(f"<p>{html.escape(part.strip())}</p>" for part in parts if part.strip())


def _body_html(bodies) -> str:
    bodies = [entry for entry in _list(bodies) if isinstance(entry, dict) and _text(entry.get("value"))]
    for entry in bodies:
        if _is_html(entry):
            return entry["value"].strip()
    return text_to_html(bodies[0]["value"]) if bodies else ""


# --- Whole documents as bodies (TT's HTML5) and NITF renditions (AP) ----------------------


@dataclass
class EmbeddedPicture:
    """A picture inside a body (<figure><img><figcaption>), taken out of the text."""

    src: str = ""
    alt: str = ""
    uri: str = ""
    ref: str = ""  # TT's data-assoc-ref: the association it shows
    caption: str = ""
    credit: str = ""


@dataclass
class DocumentParts:
    body: str
    kicker: str = ""
    source: str = ""
    bylines: list = field(default_factory=list)
    pictures: list = field(default_factory=list)


class _WireDocument(HTMLParser):
    """Takes what is not story text out of a wire body, keeping it where it belongs.

    TT sends a whole HTML5 document: its <title> and <h1> repeat the
    headline; <div class="dat"> holds the section label (the kicker) and the
    source; the lead is <p>s and <blockquote>s inside an <h4>; each picture
    is a <figure> with its credit in <div class="byline"> and a
    <figcaption>; the writer's byline closes the story in <div class="byline">.
    """

    DROPPED = {"head", "title", "script", "style", "template", "noscript"}
    VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
    CAPTURING = {"h1", "dat", "vignette", "source", "byline", "inside"}

    def __init__(self, headline: str):
        super().__init__(convert_charrefs=True)
        self.headline = " ".join(headline.split()).casefold()
        self.out = []
        self.stack = []  # [tag, role, buffer, extra]
        self.parts = DocumentParts(body="")
        self.figure = None
        self.figure_html = []  # the figure as markup, put back when it shows no picture (a pull quote)

    @staticmethod
    def _classes(attrs) -> set:
        return set((dict(attrs).get("class") or "").split())

    def _role_for(self, tag, attrs) -> str:
        roles = [entry[1] for entry in self.stack]
        if "drop" in roles or tag in self.DROPPED:
            return "drop"
        classes = self._classes(attrs)
        if tag == "figure":
            return "figure"
        if any(role in self.CAPTURING for role in roles) and self.figure is None:
            if "dat" in roles:
                return "vignette" if "vignette" in classes else "source" if "source" in classes else "inside"
            return "inside"
        if self.figure is not None:
            if tag == "figcaption":
                return "caption"
            if "byline" in classes:
                return "credit"
            return "inside"
        if tag == "h1":
            return "h1"
        if "dat" in classes and tag == "div":
            return "dat"
        if "byline" in classes and tag == "div":
            return "byline"
        if tag == "h4":
            return "h4"
        return "emit"

    def handle_starttag(self, tag, attrs):
        role = self._role_for(tag, attrs)
        if self.figure is not None and role in ("inside", "caption", "credit") and tag != "img":
            self.figure_html.append("<p>" if role != "inside" else f"<{tag}>")
        if tag == "img" and self.figure is not None:
            found = dict(attrs)
            self.figure.src = self.figure.src or _text(found.get("src"))
            self.figure.alt = self.figure.alt or _text(found.get("alt"))
            self.figure.uri = self.figure.uri or _text(found.get("data-uri"))
            self.figure.ref = self.figure.ref or _text(found.get("data-assoc-ref"))
            return
        if tag in ("p", "blockquote") and self.stack and self.stack[-1][1] == "h4":
            # A lead written inside a heading: its paragraphs are the story's, the heading goes.
            entry = self.stack[-1]
            if entry[3] is not None:
                self.out[entry[3]] = ""
                entry[3] = None
        if role == "emit":
            written = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs)
            self.out.append(f"<{tag}{written}>")
        if tag in self.VOID:
            return
        extra = None
        if role == "h4":
            self.out.append("<h4>")
            extra = len(self.out) - 1
        if role == "figure":
            self.figure, self.figure_html = EmbeddedPicture(), []
        self.stack.append([tag, role, [], extra])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID or not any(entry[0] == tag for entry in self.stack):
            return
        while self.stack:
            entry = self.stack.pop()
            self._close(entry)
            if entry[0] == tag:
                break

    BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "tr", "td", "th"}

    def _close(self, entry):
        tag, role, buffer, extra = entry
        text = " ".join("".join(buffer).split())
        if self.figure is not None and role in ("inside", "caption", "credit"):
            self.figure_html.append("</p>" if role != "inside" else f"</{tag}>")
        if role == "emit":
            self.out.append(f"</{tag}>")
        elif role == "h4":
            if extra is not None:
                self.out.append("</h4>")
        elif role == "h1" and text and text.casefold() != self.headline:
            self.out.append(f"<h2>{html.escape(text)}</h2>")
        elif role == "vignette":
            self.parts.kicker = self.parts.kicker or text
        elif role == "source":
            self.parts.source = self.parts.source or text
        elif role == "caption" and self.figure is not None:
            self.figure.caption = self.figure.caption or text
        elif role == "credit" and self.figure is not None:
            self.figure.credit = self.figure.credit or text
        elif role == "byline" and text:
            self.parts.bylines.append(text)
        elif role == "figure":
            if self.figure is not None and (self.figure.src or self.figure.uri or self.figure.ref):
                self.parts.pictures.append(self.figure)
            else:  # no picture in it (a pull quote): its words stay in the story
                self.out.extend(self.figure_html)
            self.figure, self.figure_html = None, []
        if self.stack and role not in ("emit", "h4", "figure") and self.stack[-1][1] not in ("emit", "h4", "drop"):
            # The text of an inner element belongs to its holder; a block's is a word apart.
            space = " " if tag in self.BLOCKS else ""
            self.stack[-1][2].append(space + "".join(buffer) + space)

    def _emitting(self) -> bool:
        return not self.stack or self.stack[-1][1] in ("emit", "h4")

    # Comments and Word's conditional markers pass on to the sanitizer, which reads Word's lists by them.
    def handle_comment(self, data):
        if self._emitting():
            self.out.append(f"<!--{data}-->")

    def unknown_decl(self, data):
        if self._emitting():
            self.out.append(f"<![{data}]>")

    def handle_data(self, data):
        if self._emitting():
            self.out.append(html.escape(data, quote=False))
        elif self.stack[-1][1] != "drop":
            self.stack[-1][2].append(data)
            if self.figure is not None:
                self.figure_html.append(html.escape(data, quote=False))

    def close(self):
        super().close()
        while self.stack:
            self._close(self.stack.pop())
        self.parts.body = "".join(self.out)


def document_parts(body_html: str, *, headline: str) -> DocumentParts:
    """A wire body with the document around the story taken off (see _WireDocument)."""
    parser = _WireDocument(headline)
    parser.feed(body_html)
    parser.close()
    return parser.parts


# NITF's own block elements, as the body's.
NITF_TAGS = {"hl1": "h2", "hl2": "h2", "block": "div", "nitf-table": "div", "pre": "p"}
NITF_DROPPED = {"media", "body.head", "body.end", "hedline", "byline", "dateline", "note", "distributor"}


def nitf_body(data: bytes) -> str:
    """The story in an NITF document (<body.content>) as HTML; '' when there is none or it is not NITF.

    Read as every XML from strangers: a DOCTYPE may name NITF's DTD, but it is
    never fetched, and entity declarations (entity bombs) are refused.
    """
    try:
        root = SafeET.fromstring(data)
    except Exception:  # malformed XML, a DTD, an entity bomb: not a body we can use
        return ""
    for element in root.iter():
        element.tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else element.tag
    content = next((element for element in root.iter() if element.tag == "body.content"), None)
    if content is None:
        return ""
    for parent in list(content.iter()):
        for child in list(parent):
            if child.tag in NITF_DROPPED:
                parent.remove(child)
    for element in content.iter():
        element.tag = NITF_TAGS.get(element.tag, element.tag)
        element.attrib = {name: value for name, value in element.attrib.items() if name == "href"}
    text = html.escape(content.text or "", quote=False)
    return text + "".join(ET.tostring(child, encoding="unicode", method="html") for child in content)


def nitf_rendition(item: dict) -> dict | None:
    """The item's NITF rendition (AP puts a text story's body there), if it has one."""
    for rendition in item.get("renditions", []):
        if not isinstance(rendition, dict) or not _text(rendition.get("href")):
            continue
        kind = " ".join(_text(str(rendition.get(key) or "")) for key in ("name", "contenttype", "format", "code"))
        if re.search(r"nitf", kind, re.IGNORECASE) or (
            _text(rendition.get("contenttype")).lower() in ("text/xml", "application/xml")
            and _text(rendition.get("rel")).lower() == "text"
        ):
            return rendition
    return None


def split_dateline(body_html: str):
    """Take a wire dateline off the body's first paragraph: (place, source, body)."""
    match = re.match(r"^\s*<p[^>]*>\s*", body_html)
    start = match.end() if match else 0
    dateline = WIRE_DATELINE.match(body_html[start:])
    if not dateline:
        return "", "", body_html
    rest = body_html[start + dateline.end():].lstrip()
    return (dateline["place"] or "").strip().rstrip(","), dateline["source"].strip(), body_html[:start] + rest


def _name_case(name: str) -> str:
    # "JANE DOE" → "Jane Doe"; mixed case ("Frances d'Emilio", "John Q. Public") stays as sent.
    return name.title() if name.isupper() and len(name) > 3 else name


# A byline part naming where someone works, not a person: "Michigan State University".
AFFILIATION = re.compile(
    r"\b(university|universit[éeä]t|college|institute|institut|school|academy|department|faculty|centre|center|"
    r"hospital|foundation|laboratory|museum|council|society|association|ministry|inc|ltd|llc|gmbh|plc)\b",
    re.IGNORECASE,
)


def byline_people(by: str) -> tuple[list[tuple[str, str]], str]:
    """The people in a wire byline with their affiliations, and the agency it names.

    'By John Q. Public and Ana Ruiz' -> ([('John Q. Public', ''), ('Ana Ruiz', '')], '');
    'Martin Hardenberger/TT' -> ([('Martin Hardenberger', '')], 'TT') (the agency after the slash);
    'Aaron J. Staples, Michigan State University' -> ([('Aaron J. Staples', 'Michigan State University')], '');
    'By Jane Doe, AP Science Writer' -> ([('Jane Doe', '')], '') (titles and agencies are not people).
    """
    by = re.sub(r"^\s*by:?\s+", "", _text(by), flags=re.IGNORECASE)
    people, agency = [], ""
    for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*", by, flags=re.IGNORECASE):
        part = re.sub(r"^by:?\s+", "", part.strip(), flags=re.IGNORECASE)
        part = part.strip(" .;") if not re.search(r"\b[A-Z]\.$", part.strip()) else part.strip(" ;")
        if "/" in part:  # "Martin Hardenberger/TT", "Jane Doe / Reuters"
            part, _, after = (side.strip() for side in part.rpartition("/"))
            agency = agency or after[:40]
        if not part or len(part) > 120 or not any(c.isalpha() for c in part):
            continue
        if AFFILIATION.search(part):
            if people and not people[-1][1]:
                people[-1] = (people[-1][0], part[:120])
            continue
        if not NOT_A_NAME.search(part):
            people.append((_name_case(part), ""))
    seen = {}
    for name, affiliation in people:
        seen.setdefault(name, affiliation)
    return list(seen.items())[:10], agency


def byline_names(by: str) -> list[str]:
    """Names in a wire byline, split on commas and "and" only.

    'By John Q. Public and Ana Ruiz' -> ['John Q. Public', 'Ana Ruiz'];
    'By Jane Doe, AP Science Writer' -> ['Jane Doe'] (titles and agencies are not people).
    """
    return [name for name, _ in byline_people(by)[0]]


def plain_text(value: str) -> str:
    """Text as readers should see it: markup taken out, entities decoded, whitespace collapsed."""
    value = _text(value)
    if _is_html({"value": value}) or re.search(r"</?[a-zA-Z][^>]*>", value):
        value = re.sub(r"<[^>]+>", " ", value)
    return " ".join(html.unescape(value).split())


def parse_moment(value, name: str) -> datetime | None:
    """A ninjs date-time as an aware datetime (no zone means UTC); WireRefusal when unreadable."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise WireRefusal(f"{name}: {value!r} is not a date-time")
    try:
        moment = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        raise WireRefusal(f"{name}: “{value[:40]}” is not a date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _located(item) -> str:
    # "Grossetto, Italy" prints as our datelines do: "GROSSETTO, Italy".
    place, _, rest = _text(item.get("located")).partition(",")
    return f"{place.strip().upper()},{rest}" if rest.strip() else place.strip().upper()


def _source(item) -> str:
    for entry in _list(item.get("infosources")):
        if isinstance(entry, dict) and _text(entry.get("name")) and _text(entry.get("role")) in ("source", ""):
            return _text(entry["name"])
    return ""


def _number(value, limit=10**6):
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < limit else None


def _picture_credit(item: dict) -> str:
    """Who to credit for a picture: its by-line, else AP's photographer and credit line, else the holder.

    AP writes `photographer: {"name": "Evan Vucci"}` and the agency as a credit
    line (`creditline`, or `description_creditline`): "Evan Vucci/AP".
    """
    by = printstyle.credit_without_opening(_text(item.get("by")))
    if by:
        return by
    photographer = item.get("photographer")
    name = _text(photographer.get("name")) if isinstance(photographer, dict) else _text(photographer)
    line = _text(item.get("creditline")) or _role_value(
        [d for d in _list(item.get("descriptions")) if isinstance(d, dict) and d.get("role") == "creditline"]
    )
    credit = agency_credit(_name_case(name), printstyle.credit_without_opening(line))
    return credit or _text(item.get("copyrightholder"))


def to_picture(item: dict) -> WirePicture:
    """A normalised picture item (or association) as what the photo library needs."""
    descriptions = [d for d in _list(item.get("descriptions")) if isinstance(d, dict)]
    caption = plain_text(_role_value([d for d in descriptions if d.get("role") != "creditline"],
                                     "caption", "text", "summary", "main"))
    renditions = []
    for rendition in item.get("renditions", []):
        if isinstance(rendition, dict) and _text(rendition.get("href")):
            renditions.append({
                "href": _text(rendition["href"]),
                "width": _number(rendition.get("width")),
                "height": _number(rendition.get("height")),
                "contenttype": _text(rendition.get("contenttype")).lower(),
                "sizeinbytes": _number(rendition.get("sizeinbytes"), limit=10**13),
            })
    return WirePicture(
        uri=_text(item.get("uri"))[:500],
        version=_text(str(item.get("version") or ""))[:100],
        headline=_role_value(item.get("headlines"), "main")[:200],
        caption=caption,
        alt_text=_role_value([d for d in descriptions
                              if d.get("role") in ("alternative", "alt", "alttext", "alt_text")])[:300],
        credit=_picture_credit(item)[:200],
        copyright_holder=_text(item.get("copyrightholder"))[:200],
        copyright_notice=_text(item.get("copyrightnotice"))[:300],
        usage_terms=_text(item.get("usageterms")),
        renditions=renditions,
    )


def _matching_association(pictures: list, names: list, embedded: EmbeddedPicture):
    for picture, name in zip(pictures, names, strict=True):
        hrefs = {rendition["href"] for rendition in picture.renditions}
        if (embedded.ref and embedded.ref == name) or (embedded.uri and embedded.uri == picture.uri) or (
            embedded.src and embedded.src in hrefs
        ):
            return picture
    return None


def _pictures(item: dict, embedded: list) -> list:
    """The item's pictures: its associations, given the captions and credits the body printed for
    them, then pictures only the body shows (TT's <figure>s), each as a wire picture of its own."""
    entries = [entry for entry in item["associations"] if _text(entry.get("type")) == "picture"]
    pictures = [to_picture(entry) for entry in entries]
    names = [_text(entry.get("name")) for entry in entries]
    for found in embedded:
        picture = _matching_association(pictures, names, found)
        if picture is not None:
            picture.caption = picture.caption or found.caption
            picture.credit = picture.credit or printstyle.credit_without_opening(found.credit)[:200]
            picture.alt_text = picture.alt_text or found.alt[:300]
        elif found.src:
            pictures.append(WirePicture(
                uri=(found.uri or found.src)[:500], caption=found.caption, alt_text=found.alt[:300],
                credit=printstyle.credit_without_opening(found.credit)[:200],
                renditions=[{"href": found.src, "width": None, "height": None, "contenttype": "",
                             "sizeinbytes": None}],
            ))
    return pictures


def _wire_body(item: dict, read_rendition) -> str:
    """The item's body as HTML, from its bodies or, for AP, from the NITF rendition given beside it."""
    body = _body_html(item.get("bodies"))
    if body:
        return body
    rendition = nitf_rendition(item)
    if rendition is None:
        return ""
    data = read_rendition(rendition["href"]) if read_rendition is not None else None
    if data is None:
        raise WireRefusal(
            f"its body is in the NITF rendition ({rendition['href'][:120]}), which was not given beside the item; "
            "put the NITF file next to the JSON file (named like it, ending .xml) and import again"
        )
    body = nitf_body(data)
    if not body:
        raise WireRefusal("its body is in the NITF rendition, but that file could not be read as NITF "
                          "with a <body.content>")
    return body


def ninjs_to_wire_item(raw: dict, *, read_rendition=None) -> WireItem:
    """Map one schema-checked ninjs item (any version) to what the desk needs; WireRefusal says why not.

    `read_rendition(href)` returns a text rendition's bytes, or None when it
    is not at hand (AP sends a story's body only as an NITF rendition).
    """
    item = normalise(forgive_agency_slips(raw, ninjs_version(raw)))
    kind = _text(item.get("type")) or "text"
    wire = WireItem(
        uri=_text(item.get("uri"))[:500],
        type=kind,
        version=_text(str(item.get("version") if item.get("version") is not None else ""))[:100],
        version_created=parse_moment(item.get("versioncreated"), "versioncreated"),
        first_created=parse_moment(item.get("firstcreated"), "firstcreated"),
        embargoed=parse_moment(item.get("embargoed"), "embargoed"),
        pubstatus=_text(item.get("pubstatus")) or "usable",
        ninjs=item,
    )
    if not wire.uri:
        raise WireRefusal("it has neither a uri nor a guid to identify it, so a later version could not find it")
    if kind == "picture":
        wire.picture = to_picture(item)
        return wire
    if kind not in ("text", "composite"):
        article = "an" if kind[:1] in "aeiou" else "a"
        raise WireRefusal(f"{article} {kind} item cannot become a story; only text, composite and picture items can")
    wire.pictures = _pictures(item, [])
    if wire.withdrawn:
        return wire  # a kill needs no text
    wire.headline = _role_value(item.get("headlines"), "main", "headline", "simple")[:200]
    if not wire.headline:
        raise WireRefusal("it has no headline")
    body_html = _wire_body(item, read_rendition)
    if not _body_html(item.get("bodies")):  # read from a rendition: kept with the item, for a pending update
        item["bodies"] = [{"role": "main", "contenttype": "text/html", "value": body_html}]
    parts = document_parts(body_html, headline=wire.headline)
    wire.pictures = _pictures(item, parts.pictures)
    # Cleaned as the story field will store it, so comparing versions compares what readers see.
    body = clean_body_html(parts.body)
    if not re.sub(r"<[^>]*>|\s", "", body):
        raise WireRefusal("it has no body")
    place, wire.source, wire.body = split_dateline(body)
    wire.place = (place or _located(item))[:80]
    wire.kicker = _role_value([h for h in item["headlines"] if isinstance(h, dict) and h.get("role") == "kicker"])
    wire.kicker = (wire.kicker or parts.kicker)[:60]
    wire.dek = plain_text(_role_value(
        [d for d in _list(item.get("descriptions")) if isinstance(d, dict) and d.get("role") != "alternative"],
        "summary", "abstract", "teaser", "text", "plain",
    ))
    people, agency = byline_people(_text(item.get("by")) or " and ".join(parts.bylines))
    wire.authors = [name for name, _ in people]
    wire.affiliations = {name: affiliation for name, affiliation in people if affiliation}
    wire.source = (wire.source or _source(item) or parts.source or agency)[:40]
    wire.tags = list(dict.fromkeys(
        _text(subject.get("name"))[:80] for subject in _list(item.get("subjects"))
        if isinstance(subject, dict) and _text(subject.get("name"))
    ))[:30]
    return wire


ENUM_WORDS = {"text", "audio", "video", "picture", "graphic", "composite", "component", "event", "planning",
              "usable", "withheld", "canceled"}


def forgive_agency_slips(item: dict, version: str) -> dict:
    """Harmless shapes agencies send that their version's schema does not allow, put right.

    Superdesk's `guid` where the schema says `uri` (the same identifier); a
    numeric `version` (the number is the version), in the item and in its
    associations; `usageterms` as a list of statements (AP); and, in 2.x/3.x
    items, associations or renditions as a dict of named objects (the 1.x shape).
    """
    item = dict(item)
    if not _text(item.get("uri")) and _text(item.get("guid")):
        item["uri"] = _text(item["guid"])
    if isinstance(item.get("version"), int) and not isinstance(item["version"], bool):
        item["version"] = str(item["version"])
    for name in ("usageterms", "usageTerms"):
        if isinstance(item.get(name), list):
            item[name] = "\n".join(_text(term) for term in item[name] if _text(term))
    for name in ("type", "pubstatus", "pubStatus"):  # "Usable", "TEXT"
        if isinstance(item.get(name), str) and item[name].strip().lower() in ENUM_WORDS:
            item[name] = item[name].strip().lower()
    if isinstance(item.get("urgency"), str) and item["urgency"].strip().isdigit():
        item["urgency"] = int(item["urgency"])
    if version != "1.6":
        for name in ("associations", "renditions"):
            if isinstance(item.get(name), dict):
                item[name] = _named(item[name])
    associations = item.get("associations")
    if isinstance(associations, list):
        item["associations"] = [
            forgive_agency_slips(entry, version) if isinstance(entry, dict) else entry for entry in associations
        ]
    elif isinstance(associations, dict):  # 1.x: {"featuremedia": {...}}; Superdesk leaves removed media as null
        item["associations"] = {
            name: forgive_agency_slips(entry, version) if isinstance(entry, dict) else entry
            for name, entry in associations.items() if entry is not None
        }
    return item


def ninjs_refusal(item) -> str | None:
    """Why an item cannot be read at all (not an object, no identifier, or schema errors), or None."""
    if not isinstance(item, dict):
        return f"not a ninjs object but {type(item).__name__}"
    version = ninjs_version(item)
    errors = ninjs_errors(forgive_agency_slips(item, version), version, strict=False)
    unidentified = item.get("uri") in (None, "") and item.get("guid") in (None, "")
    if unidentified:
        errors = [error for error in errors if error != "item: 'uri' is a required property"]
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    invalid = f"not valid ninjs {version}: {'; '.join(errors[:5])}{more}" if errors else ""
    if unidentified:
        missing = "it has neither a uri nor a guid to identify it, so a later version could not find it"
        return f"{missing}; also {invalid}" if invalid else missing
    return invalid or None


# --- Our stories out -------------------------------------------------------------------


def _iso(moment):
    return moment.isoformat() if moment else None


def photo_association(photo, *, caption, build_absolute_uri) -> dict:
    renditions = []
    for spec in OUTPUT_RENDITIONS:
        width, height = photo.rendition_size(spec)
        renditions.append({
            "name": spec,
            "href": build_absolute_uri(photo.rendition_url(spec)),
            "contenttype": "image/jpeg",
            "width": width,
            "height": height,
        })
    association = {
        "name": "featureimage",
        "uri": build_absolute_uri(photo.rendition_url("hero")),
        "type": "picture",
        "renditions": renditions,
        "descriptions": [{"role": "alternative", "value": photo.alt_text}],
    }
    if caption:
        association["headlines"] = [{"role": "caption", "value": caption}]
        association["descriptions"].insert(0, {"role": "caption", "value": caption})
    if photo.credit:
        association["by"] = photo.credit
        association["copyrightnotice"] = photo.credit_line
    holder = getattr(photo, "wire_picture", None)
    for name, value in (("copyrightholder", getattr(holder, "copyright_holder", "")),
                        ("copyrightnotice", photo.copyright_notice or getattr(holder, "copyright_notice", "")),
                        ("usageterms", photo.usage_terms or getattr(holder, "usage_terms", ""))):
        if value:
            association[name] = value
    return association


def _correction_text(correction) -> str:
    return f"{correction.get_kind_display()} ({printstyle.ap_date(correction.created_at)}): {correction.text}"


def article_to_ninjs(article, *, build_absolute_uri) -> dict:
    """One published story as a ninjs 2.1 text item."""
    bylines = list(article.bylines.all())
    corrections = list(article.corrections.all())
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
            {
                "name": article.section.name, "rel": "section",
                "uri": build_absolute_uri(article.section.get_absolute_url()),
            },
            *(
                {"name": tag.name, "rel": "about", "uri": build_absolute_uri(tag.get_absolute_url())}
                for tag in article.tags.all()
            ),
        ],
        "people": [
            {"name": b.author.name, "rel": "author", "uri": build_absolute_uri(b.author.get_absolute_url())}
            for b in bylines
        ],
    }
    if article.kicker:
        item["headlines"].append({"role": "kicker", "value": article.kicker})
    descriptions = [{"role": "summary", "value": article.dek}] if article.dek else []
    descriptions += [{"role": "correction", "value": _correction_text(c)} for c in corrections]
    item["descriptions"] = descriptions
    if corrections:
        item["ednote"] = " ".join(_correction_text(c) for c in corrections)
    if bylines:
        item["by"] = printstyle.byline_text(bylines)
    if article.dateline is not None:
        item["located"] = article.dateline.place
    if article.dateline_source:
        item["infosources"] = [{"name": article.dateline_source, "role": "source"}]
    if article.embargo_until:
        item["embargoed"] = _iso(article.embargo_until)
    photo = article.shown_lead_photo  # an expired or restricted picture is not offered
    if photo is not None:
        item["associations"] = [
            photo_association(photo, caption=article.photo_caption, build_absolute_uri=build_absolute_uri)
        ]
    return {key: value for key, value in item.items() if value not in (None, [], "")}


# ninjs 3.x spells these fields in camelCase; everything else is the same as 2.1 for what we send.
CAMEL_CASE = {
    "representationtype": "representationType", "firstcreated": "firstCreated", "versioncreated": "versionCreated",
    "contentcreated": "contentCreated", "pubstatus": "pubStatus", "altids": "altIds", "infosources": "infoSources",
    "copyrightnotice": "copyrightNotice", "copyrightholder": "copyrightHolder", "usageterms": "usageTerms",
    "ednote": "edNote", "contenttype": "contentType", "embargoed": "embargoedUntil", "sizeinbytes": "sizeInBytes",
}


def _camel(value):
    if isinstance(value, dict):
        return {CAMEL_CASE.get(key, key): _camel(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_camel(item) for item in value]
    return value


def article_to_ninjs3(article, *, build_absolute_uri) -> dict:
    """One published story as a ninjs 3.1 text item (camelCase field names)."""
    item = _camel(article_to_ninjs(article, build_absolute_uri=build_absolute_uri))
    item["uri"] = build_absolute_uri(reverse("articles:api3-article-detail", kwargs={"pk": article.pk}))
    return item
