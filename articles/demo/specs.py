"""The demo newsroom as named specs, read from the TOML files in `data/`.

The files are for writers (see data/README.md); this module reads them with
the standard library's tomllib, refuses a misspelt field or a name that
points nowhere with a message naming the file and the story, and puts a
story's body together from its own paragraphs and its beat's shared ones.
"""

import tomllib
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from html import escape
from pathlib import Path

from django.utils.text import capfirst, slugify

from articles.models import Origin

DATA = Path(__file__).resolve().parent / "data"
POOL_PARTS = {"context", "subheads", "closing"}


class DemoDataError(ValueError):
    """A data file is malformed or names something that is not there."""


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class DatelineSpec:
    place: str  # as printed
    country: str


@dataclass(frozen=True)
class AuthorSpec:
    slug: str
    name: str
    job_title: str
    bio: str
    palette: str  # the portrait's background, from articles.demo.images.PALETTES
    links: dict = field(default_factory=dict)  # label: url, in printed order

    @property
    def email(self):
        return f"{self.slug.replace('-', '.')}@dailyledger.example"


@dataclass(frozen=True)
class PhotoSpec:
    key: str  # stable: names the file; a story's `photo` refers to it
    title: str  # stable: the library row is found by it
    scene: str  # from articles.demo.images.SCENES
    palette: str
    alt_text: str
    caption: str
    credit: str
    taken_days_ago: float
    is_file_photo: bool = False


@dataclass(frozen=True)
class StorySpec:
    section: str  # from the file's name
    headline: str
    dek: str
    topic: str  # a noun phrase the shared paragraphs use mid-sentence: "the grain agreement"
    lead: str
    detail: str
    quote: str  # without closing punctuation: it is printed as “…,” said <speaker>.
    speaker: str
    tags: tuple[str, ...]
    bylines: tuple[tuple[str, str], ...]  # (author slug, role); role "" for a plain byline
    pool: str  # the beat in shared-paragraphs.toml
    dateline: str = ""
    source: str = ""
    origin: str = "staff"
    photo: str = ""
    kicker: str = ""
    extra: tuple[str, ...] = ()  # more paragraphs of the story's own, after the quote
    ending: str = ""  # the story's own last paragraph, instead of one from the pool
    home_position: int | None = None
    revised_hours_later: float | None = None
    schedule_in_minutes: int | None = None
    coverage: str = ""  # "live" or "ended": live coverage, with these updates, oldest first
    live_updates: tuple["LiveUpdateSpec", ...] = ()

    @property
    def slug(self):
        """The headline's slug, cut at a word boundary: short addresses, stable across runs."""
        slug = ""
        for word in slugify(self.headline).split("-"):
            if len(slug) + len(word) + 1 > 70:
                break
            slug = f"{slug}-{word}" if slug else word
        return slug


@dataclass(frozen=True)
class LiveUpdateSpec:
    text: str  # one paragraph
    by: str = "reporter"  # the demo login that posts it: "reporter" or "editor"
    pinned: bool = False  # a key point (pinned by the editor)


@dataclass(frozen=True)
class DemoData:
    sections: tuple[SectionSpec, ...]  # in the navigation's order
    tags: tuple[str, ...]
    datelines: tuple[DatelineSpec, ...]
    authors: tuple[AuthorSpec, ...]
    reporter_author: str  # the author whose byline the demo "reporter" login writes under
    portrait_credit: str
    photos: tuple[PhotoSpec, ...]
    pools: dict
    stories: tuple[StorySpec, ...]  # each section's newest first, sections in order, scheduled ones last

    @property
    def live_stories(self):
        return tuple(story for story in self.stories if not story.schedule_in_minutes)

    @property
    def scheduled_stories(self):
        return tuple(story for story in self.stories if story.schedule_in_minutes)


def read_toml(root, name):
    try:
        with (root / name).open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{name}: {error}") from None


def build(spec_class, table, where, **given):
    """`spec_class(**table, **given)`, refusing unknown or missing fields by name."""
    known = {f.name: f for f in fields(spec_class)}
    unknown = sorted(set(table) - set(known) - set(given))
    missing = sorted(
        name
        for name, f in known.items()
        if name not in table and name not in given and f.default is MISSING and f.default_factory is MISSING
    )
    if unknown or missing:
        problems = [f"unknown field {', '.join(unknown)}"] if unknown else []
        problems += [f"missing {', '.join(missing)}"] if missing else []
        raise DemoDataError(f"{where}: {'; '.join(problems)}")
    values = {name: tuple(value) if isinstance(value, list) else value for name, value in table.items()}
    return spec_class(**values, **given)


def byline(entry, where):
    """A byline is an author's slug, or a table naming the author and a role line."""
    if isinstance(entry, str):
        return (entry, "")
    if isinstance(entry, dict) and set(entry) <= {"author", "role"} and "author" in entry:
        return (entry["author"], entry.get("role", ""))
    raise DemoDataError(f'{where}: a byline is "author-slug" or {{ author = "author-slug", role = "..." }}')


def read_pools(root):
    """{beat: {"context": [...], "subheads": [...], "closing": [...]}}, each list non-empty."""
    pools = read_toml(root, "shared-paragraphs.toml")
    for beat, pool in pools.items():
        if not isinstance(pool, dict) or set(pool) != POOL_PARTS or not all(pool[part] for part in POOL_PARTS):
            raise DemoDataError(f"shared-paragraphs.toml, [{beat}]: needs context, subheads and closing, none empty")
    return pools


def read_stories(root, sections):
    """Every section's stories, in the order of the sections; scheduled ones last."""
    slugs = [section.slug for section in sections]
    for path in sorted((root / "stories").glob("*.toml")):
        if path.stem not in slugs:
            raise DemoDataError(f"stories/{path.name}: no section has the slug {path.stem!r} (see desk.toml)")
    stories = []
    for slug in slugs:
        name = f"stories/{slug}.toml"
        if not (root / name).exists():
            continue
        for number, table in enumerate(read_toml(root, name).get("story", []), start=1):
            where = f"{name}, story {number} ({table.get('headline', 'no headline')})"
            table = {**table, "bylines": [byline(entry, where) for entry in table.get("bylines", [])]}
            if "live_updates" in table:
                table["live_updates"] = [
                    build(LiveUpdateSpec, entry, f"{where}, live update {n}")
                    for n, entry in enumerate(table["live_updates"], start=1)
                ]
            if table.get("coverage", "") not in ("", "live", "ended"):
                raise DemoDataError(f'{where}: coverage is "live" or "ended"')
            stories.append(build(StorySpec, table, where, section=slug))
    # A scheduled story's place in its section varies its body; keeping them
    # after the live ones means scheduling one never changes another's text.
    return tuple(sorted(stories, key=lambda story: bool(story.schedule_in_minutes)))


def check_references(data):
    """Every name a story or an author uses points to something in the files."""
    known = {
        "section": {section.slug for section in data.sections},
        "tag": set(data.tags),
        "dateline": {dateline.place for dateline in data.datelines},
        "author": {author.slug for author in data.authors},
        "photo": {photo.key for photo in data.photos},
        "pool": set(data.pools),
        "origin": set(Origin.values),
    }
    file_of = {"section": "desk.toml", "tag": "desk.toml", "dateline": "desk.toml", "author": "authors.toml",
               "photo": "photos.toml", "pool": "shared-paragraphs.toml", "origin": "articles.models.Origin"}

    def check(kind, name, where):
        if name not in known[kind]:
            raise DemoDataError(f"{where}: no {kind} {name!r} in {file_of[kind]}")

    check("author", data.reporter_author, "authors.toml, reporter_author")
    for story in data.stories:
        where = f"stories/{story.section}.toml, story {story.headline!r}"
        for tag in story.tags:
            check("tag", tag, where)
        for author, _role in story.bylines:
            check("author", author, where)
        if story.dateline:
            check("dateline", story.dateline, where)
        if story.photo:
            check("photo", story.photo, where)
        check("pool", story.pool, where)
        check("origin", story.origin, where)
        if not story.bylines:
            raise DemoDataError(f"{where}: a story needs at least one byline")


@cache
def read(root=DATA):
    """The demo newsroom from the data files in `root`, checked; read once per process."""
    desk, people, library = (read_toml(root, name) for name in ("desk.toml", "authors.toml", "photos.toml"))
    sections = tuple(build(SectionSpec, t, f"desk.toml, section {n}") for n, t in enumerate(desk["section"], 1))
    data = DemoData(
        sections=sections,
        tags=tuple(desk["tags"]),
        datelines=tuple(build(DatelineSpec, t, f"desk.toml, dateline {n}") for n, t in enumerate(desk["dateline"], 1)),
        authors=tuple(build(AuthorSpec, t, f"authors.toml, author {n}") for n, t in enumerate(people["author"], 1)),
        reporter_author=people["reporter_author"],
        portrait_credit=people["portrait_credit"],
        photos=tuple(build(PhotoSpec, t, f"photos.toml, photo {n}") for n, t in enumerate(library["photo"], 1)),
        pools=read_pools(root),
        stories=read_stories(root, sections),
    )
    check_references(data)
    return data


def paragraph(text):
    return f"<p>{escape(text, quote=False)}</p>"


def compose_body(spec: StorySpec, index: int, pool: dict) -> str:
    """Return the story's HTML body: 4 to 8 paragraphs, the same every time for the same `index`.

    `index` is the story's place within its section; it varies the length,
    which shared paragraphs of its beat (`pool`) appear, and whether the quote
    is set as a blockquote, so neighboring stories do not read alike.
    """
    as_blockquote = index % 3 == 1
    own = 2 + (2 if as_blockquote else 1) + len(spec.extra) + 1  # lead, detail, quote, extra, closing
    shared = max(0, min(index % 5 - len(spec.extra), 8 - own))
    start = (index * 2) % len(pool["context"])
    context = [pool["context"][(start + i) % len(pool["context"])] for i in range(shared)]
    closing = spec.ending or pool["closing"][index % len(pool["closing"])]

    parts = [paragraph(spec.lead), paragraph(spec.detail)]
    if as_blockquote:
        parts.append(
            f"<blockquote>{paragraph(spec.quote + '.')}{paragraph('— ' + capfirst(spec.speaker))}</blockquote>"
        )
    else:
        parts.append(paragraph(f"“{spec.quote},” said {spec.speaker}."))
    parts.extend(paragraph(text) for text in spec.extra)
    # A subhead only where there is enough copy below it to deserve one.
    if len(context) >= 2:
        parts.append(f"<h2>{escape(pool['subheads'][index % len(pool['subheads'])], quote=False)}</h2>")
    parts.extend(paragraph(text.format(topic=spec.topic)) for text in context)
    parts.append(paragraph(closing.format(topic=spec.topic)))
    return "\n".join(parts)
