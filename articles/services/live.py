"""Live coverage: a story that gains short, timestamped updates while the news is still happening.

Who may do what is asked of articles/permissions.py: any reporter may post to
a live story and correct or delete their own updates; editors mark a story
live, end its coverage, and edit, pin, unpin or remove anyone's update.

Every change is written in the story's history as a workflow entry that keeps
the story's state (ArticleTransition, from and to the same state) with a note
saying what happened, so the History page lists updates beside publishing.
Saving or deleting an update moves the story's `updated_at` and the cache's
content version (articles/signals.py), so no cached page or fragment keeps
an old stream; the CDN in front is purged by surrogate key (articles/purging.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import permissions, purging, surrogate_keys
from articles.models import Article, ArticleTransition, Coverage, LiveUpdate, PhotoAsset, Status
from articles.sanitize import clean_body_html, strip_tags_safely
from articles.services.photos import lead_photo_refusal

# Leave the photo as it is (live_update_edit's default).
UNCHANGED = object()


def _story(article) -> str:
    return f"\u201c{article.headline}\u201d"


def _refuse_permission(article, reason):
    raise PermissionDenied(f"{_story(article)}: {reason}")


def _refuse(article, reason):
    raise ValidationError(f"{_story(article)}: {reason}")


def _record(article, note, by):
    """The story's history: a workflow entry that keeps its state, with what happened."""
    ArticleTransition.objects.create(
        article=article, from_status=article.status, to_status=article.status, note=note, by=by
    )


def purge_story(article) -> None:
    """After an update is posted, corrected, pinned or removed: drop the story's own pages from every cache.

    Its page, its poll and its feed of updates carry the story's surrogate key
    (articles/surrogate_keys.py); nothing else prints an update, so the fronts
    and other stories stay cached. Only for a story readers see: a draft's
    updates reach no cache. One decision drives the site's page cache and the
    CDN (purging.purge_after_commit).
    """
    if article.status == Status.PUBLISHED:
        purging.purge_after_commit({surrogate_keys.story(article.pk)})


def _clean_body(article, body) -> str:
    cleaned = clean_body_html(body or "")
    if not strip_tags_safely(cleaned).strip():
        _refuse(article, "an update needs some text.")
    return cleaned


def _check_photo(article, photo):
    if photo is None:
        return None
    if not isinstance(photo, PhotoAsset):
        photo = PhotoAsset.objects.get(pk=photo)
    reason = lead_photo_refusal(photo, role="the update's photo")
    if reason:
        _refuse(article, reason)
    return photo


def _locked(article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def live_update_create(*, article, body, by=None, photo=None, is_pinned=False, at=None) -> LiveUpdate:
    """Post an update to a live story now (or at `at`, a past moment: the demo, an import); return it.

    Refused (PermissionDenied) for someone who may not post, and
    (ValidationError) when the story is not live, is withdrawn, or the
    update has no text or a photo readers may not see.
    """
    article = _locked(article)
    if not permissions.can_post_live_update(by, article):
        _refuse_permission(article, "you may not post updates to this story.")
    if article.coverage != Coverage.LIVE:
        _refuse(article, "the story is not live; an editor marks it live first.")
    if article.status == Status.WITHDRAWN:
        _refuse(article, "the story was withdrawn.")
    if is_pinned and not permissions.can_run_coverage(by, article):
        _refuse_permission(article, "only an editor pins key points.")
    now = timezone.now()
    if at is not None and at > now:
        _refuse(article, "an update is posted now; it cannot wait for a later time.")
    update = LiveUpdate(
        article=article, body=_clean_body(article, body), photo=_check_photo(article, photo),
        created_by=by, published_at=at or now, is_pinned=is_pinned,
    )
    update.full_clean()
    update.save()
    _record(article, f"Live update {update.pk} posted: {update.excerpt}", by)
    purge_story(article)
    return update


def _check_change(update, by):
    if not permissions.can_change_live_update(by, update):
        _refuse_permission(update.article, "you may change only your own updates.")


@transaction.atomic
def live_update_edit(*, update, body, photo=UNCHANGED, by=None) -> LiveUpdate:
    """Correct an update's text (and photo); its time stays, its edit time is now."""
    article = _locked(update.article)
    update = LiveUpdate.objects.select_for_update().get(pk=update.pk)
    update.article = article
    _check_change(update, by)
    update.body = _clean_body(article, body)
    if photo is not UNCHANGED:
        update.photo = _check_photo(article, photo)
    update.edited_at = timezone.now()
    update.full_clean()
    update.save()
    _record(article, f"Live update {update.pk} corrected: {update.excerpt}", by)
    purge_story(article)
    return update


@transaction.atomic
def live_update_delete(*, update, by=None) -> None:
    """Remove an update from the story."""
    article = _locked(update.article)
    update.article = article
    _check_change(update, by)
    number, text = update.pk, update.excerpt
    update.delete()
    _record(article, f"Live update {number} removed: {text}", by)
    purge_story(article)


@transaction.atomic
def live_update_pin(*, update, pinned=True, by=None) -> LiveUpdate:
    """Pin an update above the stream as a key point (or unpin it). Editors only."""
    article = _locked(update.article)
    update = LiveUpdate.objects.select_for_update().get(pk=update.pk)
    update.article = article
    if not permissions.can_run_coverage(by, article):
        _refuse_permission(article, "only an editor pins or unpins key points.")
    if update.is_pinned == pinned:
        return update
    update.is_pinned = pinned
    update.save(update_fields=["is_pinned"])
    _record(article, f"Live update {update.pk} {'pinned' if pinned else 'unpinned'}: {update.excerpt}", by)
    purge_story(article)
    return update


def _set_coverage(article, coverage, *, by, note, ended_at=None) -> Article:
    article = _locked(article)
    if not permissions.can_run_coverage(by, article):
        _refuse_permission(article, "only an editor starts or ends live coverage.")
    if article.coverage == coverage:
        return article
    if article.status == Status.WITHDRAWN:
        _refuse(article, "the story was withdrawn.")
    article.coverage = coverage
    article.coverage_ended_at = ended_at
    article.save(update_fields=["coverage", "coverage_ended_at", "updated_at"])
    _record(article, note, by)
    purging.article_purge(article)  # its card on the fronts says "Live" (or no longer)
    return article


@transaction.atomic
def article_start_coverage(*, article, by=None) -> Article:
    """Mark a story live: reporters may post updates to it, and its open pages follow them."""
    return _set_coverage(article, Coverage.LIVE, by=by, note="Live coverage started.")


@transaction.atomic
def article_end_coverage(*, article, by=None) -> Article:
    """End a story's live coverage: its page says so and stops following updates; no new ones."""
    if article.coverage == Coverage.ORDINARY:
        _refuse(article, "the story is not live.")
    return _set_coverage(article, Coverage.ENDED, by=by, note="Live coverage ended.", ended_at=timezone.now())
