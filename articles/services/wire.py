"""Wire copy in: ninjs items become stories, with the newsroom's rules. No HTTP here."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Author, Byline, Dateline, Origin, Section, Status, Tag
from articles.ninjs import WireStory, ninjs_errors, ninjs_to_wire_story
from articles.services.publishing import article_publish, article_schedule, article_withdraw
from articles.services.revisions import article_record_revision


def unique_slug(model, text, *, max_length=200, exclude_pk=None):
    base = slugify(text)[: max_length - 4] or "story"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def author_for_wire_name(name: str) -> Author:
    author = Author.objects.filter(name__iexact=name).first()
    return author or Author.objects.create(name=name, slug=unique_slug(Author, name, max_length=120))


def tag_for_name(name: str) -> Tag:
    tag = Tag.objects.filter(name__iexact=name).first()
    return tag or Tag.objects.create(name=name, slug=unique_slug(Tag, name, max_length=80))


def read_ninjs_file(path: Path) -> list[WireStory]:
    """Every item of a ninjs file (one item or a list), checked; ValidationError lists every problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValidationError("not UTF-8 text, so not a ninjs JSON file.") from None
    except json.JSONDecodeError as error:
        raise ValidationError(f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).") from None
    items = data if isinstance(data, list) else [data]
    stories, problems = [], []
    for number, item in enumerate(items, start=1):
        where = f"item {number}" if len(items) > 1 else "the item"
        errors = ninjs_errors(item)
        if errors:
            problems.append(f"{where} is not valid ninjs 2.1: {'; '.join(errors[:5])}")
            continue
        try:
            stories.append(ninjs_to_wire_story(item))
        except ValueError as error:
            problems.append(f"{where} was refused: {error}")
    if problems:
        raise ValidationError(problems)
    return stories


@transaction.atomic
def article_import_wire_story(*, story: WireStory, section: Section, publish: bool) -> tuple[Article | None, str]:
    """Create or update the story for one wire item; return it and what happened.

    The ninjs uri identifies the item: a newer version updates the same story
    (shown as updated when it is already live); a canceled or withheld item
    takes it down. With `publish`, a new story goes live now, or at its
    embargo time if that is still ahead.
    """
    article = Article.objects.filter(source_uri=story.uri).first()
    if article is not None and article.source_version == story.version:
        return article, "unchanged"
    if article is not None and article.status == Status.WITHDRAWN:
        # A withdrawal is an editor's decision (often a legal one): no wire update undoes it.
        return article, "kept withdrawn (an editor must restore it first)"
    if story.withdrawn:
        if article is None:
            return None, "skipped (canceled before we had it)"
        return article_withdraw(article=article, note="The wire canceled or withheld the item."), "withdrawn"

    created = article is None
    if created:
        article = Article(section=section, origin=Origin.WIRE, source_uri=story.uri)
        article.slug = unique_slug(Article, story.headline)
    article.headline, article.kicker, article.dek, article.body = story.headline, story.kicker, story.dek, story.body
    article.dateline = Dateline.objects.get_or_create(place=story.place)[0] if story.place else None
    article.dateline_source = story.source
    article.source_version = story.version
    # Held until the wire's embargo whatever anyone presses: published() honours it.
    article.embargo_until = story.embargoed
    if not created and article.is_published():
        article.revised_at, article.is_update_shown = timezone.now(), True
    article.full_clean()
    article.save()

    article.bylines.all().delete()
    for position, name in enumerate(story.authors):
        Byline.objects.create(article=article, author=author_for_wire_name(name), position=position)
    article.tags.set([tag_for_name(name) for name in story.tags])
    article_record_revision(article=article)

    if publish and not article.is_published():
        if story.embargoed and story.embargoed > timezone.now():
            article_schedule(article=article, at=story.embargoed)
        else:
            article_publish(article=article)
    return article, "created" if created else "updated"
