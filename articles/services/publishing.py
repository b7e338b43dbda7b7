"""Publishing a story: the states, the transitions, scheduling.

Scheduling is a publish time in the future. Nothing runs at go-live: the
`published()` rule compares with the clock on every query.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleSlugHistory, Status
from articles.services.photos import article_check_lead_photo
from articles.services.revisions import article_record_revision


def stamp_first_published(article: Article, *, at=None) -> None:
    """Keep `first_published_at` equal to the moment the story first went live.

    Until a story has actually been seen by readers, its first-publication
    time follows its publish time (rescheduling moves it); after that it
    never changes, so the story's address stays stable.
    """
    at = at or timezone.now()
    if article.status != Status.PUBLISHED or article.published_at is None:
        return
    already_live = article.first_published_at is not None and article.first_published_at <= at
    if not already_live:
        article.first_published_at = article.published_at


def _save_with_revision(article: Article, by) -> Article:
    article.full_clean()
    article.save()
    article_record_revision(article=article, by=by)
    return article


def _set_live_at(article: Article, at, *, now, by) -> Article:
    article_check_lead_photo(article, at=max(at, now))
    article.status = Status.PUBLISHED
    article.published_at = at
    stamp_first_published(article, at=now)
    return _save_with_revision(article, by)


@transaction.atomic
def article_publish(*, article: Article, at=None, by=None) -> Article:
    """Publish now (or at the given past moment)."""
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError("To publish in the future, schedule the story instead.")
    return _set_live_at(article, at, now=now, by=by)


@transaction.atomic
def article_schedule(*, article: Article, at, by=None) -> Article:
    """Publish at a future second; readers see nothing until then."""
    now = timezone.now()
    if at is None or at <= now:
        raise ValidationError("A scheduled time must be in the future.")
    return _set_live_at(article, at, now=now, by=by)


@transaction.atomic
def article_unpublish(*, article: Article, by=None) -> Article:
    """Back to draft: readers get a 404 from now on; the time is kept for reference."""
    article.status = Status.DRAFT
    return _save_with_revision(article, by)


@transaction.atomic
def article_withdraw(*, article: Article, by=None) -> Article:
    """Take a story down for good (legal, error); it stays in the admin."""
    article.status = Status.WITHDRAWN
    return _save_with_revision(article, by)


def article_remember_old_slug(*, article: Article, old_slug: str) -> None:
    """Keep `old_slug` pointing at `article` after an editor changes the slug.

    If the story takes back a slug it had before, that history row goes, so
    the current address is never also a redirect.
    """
    if old_slug and old_slug != article.slug:
        ArticleSlugHistory.objects.update_or_create(slug=old_slug, defaults={"article": article})
    ArticleSlugHistory.objects.filter(slug=article.slug).delete()
