"""Load the demo newsroom into the database.

What it holds (sections, people, photos, stories) is data, in the TOML files
of `articles/demo/data/`, read by `articles.demo.specs`. Every row is keyed
on a stable slug, name, place, title or username, so running the loader
again updates what it made instead of adding to it, and draws no photo
whose file is already in storage. Publish times are set when a story first
goes live and then left alone, because they are part of the story's
address; the scheduled stories that have not gone live yet are moved to
the same few minutes ahead of the new run.

Stories are written only through the services an editor's save goes
through (`article_save`, `article_publish`, `article_schedule`), as the
system, so each has its revisions and workflow history like any other;
sections, people and photos are plain rows, upserted.
"""

import html
import random
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.demo import images, specs
from articles.demo.specs import StorySpec, compose_body
from articles.models import Article, Author, AuthorLink, CreditType, Dateline, PhotoAsset, Section, Tag
from articles.roles import ensure_roles
from articles.sanitize import clean_body_html
from articles.services.editing import article_save
from articles.services.live import article_end_coverage, article_start_coverage, live_update_create
from articles.services.photos import photo_prepare
from articles.services.publishing import article_publish, article_schedule

# (username, group); the password is always "<username>-demo". No group: superuser.
DEMO_USERS = (("editor", "Editors"), ("reporter", "Reporters"), ("photodesk", "Photo desk"), ("admin", None))

# Published stories are spread over this many hours before the first run.
SPREAD_HOURS = 19 * 24


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    has_demo_password: bool  # False when the account existed before with a password of its own


@dataclass(frozen=True)
class DemoResult:
    counts: dict
    files_written: int
    logins: tuple[DemoLogin, ...]

    def summary(self) -> str:
        c = self.counts
        return (
            f"Demo newsroom: {c['sections']} sections, {c['authors']} authors, {c['datelines']} datelines, "
            f"{c['tags']} tags, {c['photos']} photos ({self.files_written} new image files), "
            f"{c['stories']} stories ({c['live']} live, {c['scheduled']} scheduled), {len(self.logins)} logins."
        )


def demo_password(username):
    return f"{username}-demo"


def upsert(model, lookup, **fields):
    """Return the row matching `lookup`, created or updated to carry `fields`."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    return save_changes(obj, **fields)


def save_changes(obj, *, force=False, **fields):
    """Set `fields` on `obj`; validate and save if it is new, forced, or anything changed.

    Validating first (as the services do) makes a typo in the demo data fail
    loudly; skipping unchanged rows lets a re-run leave `updated_at` alone.
    Related rows are left out of validation: the loader has just fetched or
    created them, so checking that they exist would only cost a query each.
    """
    changed = force or obj._state.adding or any(differs(obj, name, value) for name, value in fields.items())
    if changed:
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.full_clean(exclude=[field.name for field in obj._meta.fields if field.is_relation])
        obj.save()
    return obj


def differs(obj, name, value):
    """Whether field `name` of `obj` holds something other than `value`, without loading related rows."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


class PhotoLoader:
    """Creates PhotoAssets, drawing an image only when the row or its file is missing."""

    def __init__(self, *, scale, now):
        self.scale = scale
        self.now = now
        self.written = []  # storage names of files written by this run

    def size(self, full):
        return (max(16, round(full[0] * self.scale)), max(16, round(full[1] * self.scale)))

    def load(self, *, title, filename, draw, taken_days_ago=None, is_file_photo=False, **fields):
        fields["credit_type"] = CreditType.FILE_PHOTO if is_file_photo else CreditType.PHOTO
        photo = PhotoAsset.objects.filter(title=title).first() or PhotoAsset(title=title)
        drawn = not photo.image or not photo.image.storage.exists(photo.image.name)
        if drawn:
            photo.image.save(filename, ContentFile(images.jpeg_bytes(draw())), save=False)
            self.written.append(photo.image.name)
            photo_prepare(photo=photo)  # upright size and content hash, as for any upload
        if taken_days_ago is not None:
            # Fixed on the first run, like a real photo's date.
            fields["taken_at"] = photo.taken_at or self.now - timedelta(days=taken_days_ago)
        return save_changes(photo, force=drawn, **fields)

    def discard_written(self):
        """Delete this run's files; called when the transaction rolls back, so no orphans remain."""
        for name in self.written:
            default_storage.delete(name)


def load_sections(data):
    return {
        spec.slug: upsert(
            Section, {"slug": spec.slug}, name=spec.name, description=spec.description, position=(i + 1) * 10
        )
        for i, spec in enumerate(data.sections)
    }


def load_tags(data):
    return {name: upsert(Tag, {"slug": slugify(name)}, name=name) for name in data.tags}


def load_datelines(data):
    return {spec.place: upsert(Dateline, {"place": spec.place}, country=spec.country) for spec in data.datelines}


def load_photos(data, photo_loader):
    return {
        spec.key: photo_loader.load(
            title=spec.title,
            filename=f"{spec.key}.jpg",
            draw=lambda spec=spec: images.draw_scene(
                spec.scene, palette=spec.palette, seed=spec.key, size=photo_loader.size(images.PHOTO_SIZE)
            ),
            taken_days_ago=spec.taken_days_ago,
            alt_text=spec.alt_text,
            caption=spec.caption,
            credit=spec.credit,
            is_file_photo=spec.is_file_photo,
        )
        for spec in data.photos
    }


def load_author(spec, photo_loader, *, portrait_credit):
    portrait = photo_loader.load(
        title=f"Portrait: {spec.name}",
        filename=f"portrait-{spec.slug}.jpg",
        draw=lambda: images.draw_portrait(
            palette=spec.palette, seed=spec.slug, size=photo_loader.size(images.PORTRAIT_SIZE)
        ),
        alt_text=f"Portrait illustration for {spec.name}: a head-and-shoulders silhouette on a soft background.",
        caption=spec.name,
        credit=portrait_credit,
    )
    author = upsert(
        Author, {"slug": spec.slug},
        name=spec.name, job_title=spec.job_title, bio=spec.bio, email=spec.email, portrait=portrait,
    )
    for position, (label, url) in enumerate(spec.links.items()):
        upsert(AuthorLink, {"author": author, "label": label}, url=url, position=position)
    author.links.exclude(label__in=list(spec.links)).delete()
    return author


def load_authors(data, photo_loader):
    return {spec.slug: load_author(spec, photo_loader, portrait_credit=data.portrait_credit) for spec in data.authors}


def hours_ago_for(spec: StorySpec, rank: int, ranks: int) -> float:
    """How long before the first run a story went live: newest rank first, with a little jitter."""
    jitter = random.Random(spec.slug).uniform(-1.5, 1.5)
    return max(0.5, 1.5 + rank * SPREAD_HOURS / ranks + jitter)


def story_changes(article, *, fields, tags, bylines):
    """Whether the story differs from what the demo data says (its fields, tags or bylines)."""
    if article._state.adding or any(differs(article, name, value) for name, value in fields.items()):
        return True
    # Read from the prefetched rows: no query per story on a re-run.
    if {tag.pk for tag in article.tags.all()} != {tag.pk for tag in tags}:
        return True
    stored = [(b.author_id, b.role) for b in sorted(article.bylines.all(), key=lambda b: (b.position, b.id))]
    return stored != [(author.pk, role) for author, role in bylines]


def go_live(article, spec, *, hours_ago):
    """Publish or schedule the story per its spec, unless it is already live."""
    now = timezone.now()
    if article.is_published(now):
        return article
    if spec.schedule_in_minutes:
        return article_schedule(article=article, at=now + timedelta(minutes=spec.schedule_in_minutes))
    at = now - timedelta(hours=hours_ago)
    article = article_publish(article=article, at=at)
    if spec.revised_hours_later:
        # An update made after it went live, printed "Updated" at that time.
        revised_at = at + timedelta(hours=spec.revised_hours_later)
        article = article_save(article=article, substantive=True, revised_at=revised_at)
    return article


def load_story(spec, *, article, index, hours_ago, pools, sections, tags, datelines, authors, photos):
    """Write the story as its spec says, through the same services as an editor's save (as the system)."""
    fields = {
        "kicker": spec.kicker,
        "headline": spec.headline,
        "dek": spec.dek,
        # As the database stores it, so a re-run can tell an unchanged body.
        "body": clean_body_html(compose_body(spec, index, pools[spec.pool])),
        "section": sections[spec.section],
        "dateline": datelines[spec.dateline] if spec.dateline else None,
        "dateline_source": spec.source,
        "origin": spec.origin,
        "lead_photo": photos[spec.photo] if spec.photo else None,
        "home_position": spec.home_position,
    }
    story_tags = [tags[name] for name in spec.tags]
    bylines = [(authors[slug], role) for slug, role in spec.bylines]
    # Saving only what differs keeps a re-run from adding a revision (and a new
    # `updated_at`) to every story; an edited story is reset, its edit kept in its history.
    if story_changes(article, fields=fields, tags=story_tags, bylines=bylines):
        for name, value in fields.items():
            setattr(article, name, value)
        article = article_save(article=article, tags=story_tags, bylines=bylines)
    return go_live(article, spec, hours_ago=hours_ago)


def load_stories(data, **rows):
    section_order = [section.slug for section in data.sections]
    per_section = Counter()
    articles = []
    known = {
        article.slug: article
        for article in Article.objects.filter(slug__in=[spec.slug for spec in data.stories]).prefetch_related(
            "tags", "bylines"
        )
    }
    for spec in data.stories:
        index = per_section[spec.section]
        per_section[spec.section] += 1
        # Interleave the sections (rank 0 is each section's newest in turn), so
        # every day of the spread has a mix of beats, as a real front does.
        rank = index * len(section_order) + section_order.index(spec.section)
        hours_ago = hours_ago_for(spec, rank, ranks=len(data.live_stories) + len(section_order))
        article = known.get(spec.slug) or Article(slug=spec.slug)
        articles.append(
            load_story(spec, article=article, index=index, hours_ago=hours_ago, pools=data.pools, **rows)
        )
    return articles


def load_users(reporter_author):
    User = get_user_model()
    groups = ensure_roles()
    logins = []
    for username, group_name in DEMO_USERS:
        password = demo_password(username)
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@dailyledger.example"}
        )
        # Only a new account gets the published demo password: running the demo
        # against a database with a real "admin" must not reset its password.
        if created:
            user.set_password(password)
        user.is_active = True
        user.is_staff = True
        user.is_superuser = group_name is None
        user.save()
        user.groups.set([groups[group_name]] if group_name else [])
        logins.append(
            DemoLogin(username, password, group_name or "superuser", created or user.check_password(password))
        )
        if username == "reporter":
            Author.objects.filter(user=user).exclude(pk=reporter_author.pk).update(user=None)
            if reporter_author.user_id != user.pk:
                reporter_author.user = user
                reporter_author.save(update_fields=["user"])
    return tuple(logins)


def load_live_coverage(data, articles):
    """Mark the stories with `coverage` live and post their updates, spread from publication to now.

    Through the live desk's services, as the demo reporter and editor. A story
    that has its updates already is left as it is, so a re-run adds nothing.
    """
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("reporter", "editor"))}
    by_slug = {article.slug: article for article in articles}
    now = timezone.now()
    for spec in data.stories:
        article = by_slug.get(spec.slug)
        if not spec.coverage or article is None or article.live_updates.exists():
            continue
        article = article_start_coverage(article=article, by=users["editor"])
        start = article.published_at or now
        step = (now - start) / (len(spec.live_updates) + 1)
        for number, update in enumerate(spec.live_updates, start=1):
            live_update_create(
                article=article, body=f"<p>{html.escape(update.text)}</p>",
                # Only an editor pins a key point.
                by=users["editor" if update.pinned else update.by],
                is_pinned=update.pinned, at=min(now, start + step * number),
            )
        if spec.coverage == "ended":
            article_end_coverage(article=article, by=users["editor"])


def count_rows(data, articles, photos, authors):
    slugs = [article.slug for article in articles]
    demo_articles = Article.objects.filter(slug__in=slugs)
    return {
        "sections": len(data.sections),
        "authors": len(authors),
        "datelines": len(data.datelines),
        "tags": len(data.tags),
        "photos": len(photos) + len(authors),  # library photos plus one portrait each
        "stories": demo_articles.count(),
        "live": demo_articles.published().count(),
        "scheduled": demo_articles.scheduled().count(),
    }


def load_demo(data=None, *, image_scale=1.0) -> DemoResult:
    """Load (or refresh) the demo newsroom in one transaction and return what it holds.

    `data` is what `articles.demo.specs.read()` returns, read here if not given.

    `image_scale` draws photos at a fraction of their full size; tests use a
    small one to stay fast.
    """
    data = data or specs.read()
    photo_loader = PhotoLoader(scale=image_scale, now=timezone.now())
    try:
        with transaction.atomic():
            sections = load_sections(data)
            tags = load_tags(data)
            datelines = load_datelines(data)
            photos = load_photos(data, photo_loader)
            authors = load_authors(data, photo_loader)
            articles = load_stories(
                data, sections=sections, tags=tags, datelines=datelines, authors=authors, photos=photos
            )
            logins = load_users(authors[data.reporter_author])
            load_live_coverage(data, articles)
    except BaseException:
        photo_loader.discard_written()
        raise
    return DemoResult(
        counts=count_rows(data, articles, photos, authors), files_written=len(photo_loader.written), logins=logins
    )
