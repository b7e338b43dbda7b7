"""Changing what a story says: its text, bylines, tags, photo and placement. No HTTP here.

`article_save()` is the one way a story's content is saved, by the admin form,
a restored revision, a wire update, a command or the shell. It checks, field
by field, that the person saving may change what they changed, then saves
and records the revision. The story's state (draft, ready, published,
withdrawn) is never changed here: that is the workflow actions' job
(articles/services/publishing.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import permissions
from articles.models import Article, Author, Byline, Correction, CorrectionKind, Status
from articles.models.fields import SanitizedHTMLField
from articles.purging import article_purge
from articles.sanitize import clean_body_html
from articles.services.photos import lead_photo_refusal
from articles.services.publishing import article_remember_old_slug, stamp_first_published, story_name
from articles.services.revisions import (
    article_record_baseline,
    article_record_revision,
    current_version,
    same_moment,
)

# Who may change which fields. Everything else a form or the wire can set is
# the story's text, for those who may change the story.
PHOTO_FIELDS = {"lead_photo", "lead_photo_caption"}
PLACEMENT_FIELDS = {"published_at", "home_position", "embargo_until", "expires_at"}
# Kept by the system, never taken from a caller.
SYSTEM_FIELDS = {"id", "status", "first_published_at", "created_by", "created_at", "updated_at"}


def _same(field, a, b) -> bool:
    if field.get_internal_type() == "DateTimeField" and a is not None and b is not None:
        return same_moment(a, b)
    if isinstance(field, SanitizedHTMLField) and a != b:
        # Stored HTML is clean; the same text as an editor's widget posts it may not be yet.
        return clean_body_html(a or "") == clean_body_html(b or "")
    return a == b


def changed_fields(stored: Article | None, article: Article) -> set[str]:
    """Names of the fields whose value in `article` differs from the stored row."""
    fields = [f for f in Article._meta.concrete_fields if f.name not in SYSTEM_FIELDS]
    if stored is None:
        return {f.name for f in fields if f.value_from_object(article) not in (None, "", f.get_default())}
    return {
        f.name for f in fields if not _same(f, f.value_from_object(stored), f.value_from_object(article))
    }


def _byline_pairs(bylines) -> list[tuple[int, str, str]]:
    """[(author id, role, affiliation)] from authors, (author, role) or (author, role, affiliation)."""
    pairs = []
    for entry in bylines:
        author, role, affiliation = (*entry, "", "")[:3] if isinstance(entry, (tuple, list)) else (entry, "", "")
        pairs.append((author.pk if isinstance(author, Author) else int(author), role or "", affiliation or ""))
    return pairs


def check_article_save(*, stored: Article | None, article: Article, by, changed: set[str]):
    """Refuse with PermissionDenied or ValidationError if `by` may not make these changes."""
    # The story as the desk knows it, not as the refused edit would rename it.
    name = story_name(stored or article)
    who = by.get_username() if by is not None else "The system"
    if stored is None:
        if not permissions.can_add(by):
            raise PermissionDenied(f"{who} may not write stories.")
        if changed & PLACEMENT_FIELDS and not permissions.can_publish(by):
            raise PermissionDenied(f"{who} may not decide when or where {name} is published.")
        return
    if article.status != stored.status:
        raise ValidationError(f"{name}: change a story's state with the workflow actions, not by saving it.")
    text = changed - PHOTO_FIELDS - PLACEMENT_FIELDS
    if text and not permissions.can_change(by, stored):
        if not by.has_perm(permissions.CHANGE):
            reason = "they may not change stories' text"
        elif stored.status != Status.DRAFT:
            reason = f"it is {Status(stored.status).label.lower()}, and reporters change only drafts"
        else:
            reason = "it is neither theirs nor bylined to them"
        raise PermissionDenied(f"{who} may not change {name}: {reason}.")
    if changed & PHOTO_FIELDS and not permissions.can_set_lead_photo(by, stored):
        raise PermissionDenied(f"{who} may not change the lead photo of {name}.")
    if changed & PLACEMENT_FIELDS and not permissions.can_publish(by, stored):
        raise PermissionDenied(f"{who} may not change when or where {name} is published.")
    if "lead_photo" in changed and stored.status == Status.PUBLISHED:
        # Publishing refuses a lead photo the story may not go live with; a live or
        # scheduled story is held to the same rule when its photo is changed.
        # (A photo already leading a live story that expires later is not a reason
        # to refuse its edits: readers stop seeing it by PhotoAsset.objects.showable().)
        now, goes_live = timezone.now(), article.goes_live_at
        refusal = lead_photo_refusal(article.lead_photo, at=max(now, goes_live) if goes_live else now)
        if refusal:
            raise ValidationError({"lead_photo": f"{name}: {refusal}"})
    if "published_at" in changed and stored.status == Status.PUBLISHED:
        if stored.is_published():
            raise ValidationError(f"{name} is live; its publish time stays. Unpublish it to schedule it again.")
        if article.published_at is None or article.published_at <= timezone.now():
            raise ValidationError(f"{name}: to publish it now, use Publish; a new scheduled time must be ahead.")


@transaction.atomic
def article_save(
    *, article: Article, by=None, bylines=None, tags=None, substantive: bool = False, revised_at=None,
    base_version=None, note="",
) -> Article:
    """Save the edits `article` carries, with `bylines` [(author, role[, affiliation]), ...] and `tags` when given.

    `by` is the person saving (None: the system). A new story starts as a
    draft recorded as created by `by`. `substantive` marks a substantive update
    of a live story: the page prints "Updated" with the time; a typo fix
    changes neither. `revised_at` is when that update happened if not now
    (the wire's own version time; never later than now). `base_version` and
    `note` go into the revision (the version the editor opened; "merged: …").
    A save that changes nothing (a story that already has a revision) writes
    nothing, not even a revision. Raises PermissionDenied or ValidationError
    naming the story and the reason; then nothing is saved.
    """
    stored = Article.objects.select_for_update().filter(pk=article.pk).first() if article.pk else None
    changed = changed_fields(stored, article)
    new_bylines = _byline_pairs(bylines) if bylines is not None else None
    if new_bylines is not None and stored is not None:
        old = list(stored.bylines.order_by("position", "id").values_list("author_id", "role", "affiliation"))
        if old != new_bylines:
            changed.add("bylines")
    old_tags = set(stored.tags.values_list("pk", flat=True)) if stored is not None else set()
    if tags is not None and stored is not None and {t.pk for t in tags} != old_tags:
        changed.add("tags")
    if stored is None and by is not None:
        article.status = Status.DRAFT
        article.created_by = by
    check_article_save(stored=stored, article=article, by=by, changed=changed)
    updating = substantive and stored is not None and stored.is_published()
    if stored is not None and not current_version(article.pk):
        # The first recorded save of a story made without one: what it said until now is version 1.
        article_record_baseline(article=stored)
    if stored is not None and not changed and not updating:
        # Nothing to keep: no save, no empty revision, nothing for caches to drop.
        return article
    if len({author for author, _, _ in new_bylines or []}) != len(new_bylines or []):
        raise ValidationError(f"{story_name(article)}: an author can have only one byline on a story.")

    if updating:
        now = timezone.now()
        article.revised_at, article.is_update_shown = min(revised_at or now, now), True
    stamp_first_published(article)
    article.full_clean()
    article.save()
    if tags is not None:
        article.tags.set(tags)
    if new_bylines is not None and (stored is None or "bylines" in changed):
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, author_id=author_id, role=role, affiliation=affiliation, position=position)
            for position, (author_id, role, affiliation) in enumerate(new_bylines)
        )
    if stored is not None and stored.slug != article.slug:
        article_remember_old_slug(article=article, old_slug=stored.slug)
    article_record_revision(article=article, by=by, base_version=base_version, note=note)
    article_purge(article, previous=stored)  # a live or scheduled story's pages, after the commit
    return article


@transaction.atomic
def correction_add(*, article: Article, text: str, kind=CorrectionKind.CORRECTION, by=None) -> Correction:
    """Print a dated correction, clarification, retraction or editor's note with the story."""
    if not permissions.can_add_correction(by, article):
        who = by.get_username() if by is not None else "The system"
        raise PermissionDenied(f"{who} may not add corrections to {story_name(article)}.")
    correction = Correction(article=article, kind=kind, text=(text or "").strip(), created_by=by)
    correction.full_clean()
    correction.save()
    article_purge(article)
    return correction
