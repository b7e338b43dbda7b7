"""Around a story being written: autosaves, presence, share links. None of it changes the story.

A share link's address (its signed token) is read by the reader site too, so
it lives in articles/share_links.py; its names are kept here for the desk.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import permissions
from articles.models import Article, ArticleAutosave, ArticlePresence, ShareLink, Status
from articles.sanitize import clean_body_html, plain_text_from_editor
from articles.share_links import share_link_from_signed_token, share_link_signed_token  # noqa: F401 (the desk's names)

# The form fields an autosave keeps: what an editor types. Choices made in
# pickers (section, photo, tags, bylines) are one click to redo and are not kept.
AUTOSAVE_FIELDS = [
    "kicker", "headline", "slug", "dek", "body", "dateline_source", "lead_photo_caption", "seo_description",
]
AUTOSAVE_MAX_CHARS = 500_000


# --- Autosave ---------------------------------------------------------------------------


def autosave_store(*, article: Article, user, fields: dict, base_version: int = 0) -> ArticleAutosave:
    """Keep `user`'s unsaved text of `article` aside; the story itself is not touched."""
    kept = {name: str(fields[name])[:AUTOSAVE_MAX_CHARS] for name in AUTOSAVE_FIELDS if name in fields}
    try:
        autosave, _ = ArticleAutosave.objects.update_or_create(
            article=article, user=user,
            defaults={"fields": kept, "base_version": base_version, "saved_at": timezone.now()},
        )
    except IntegrityError:  # two tabs racing to create it: the other one won; update it
        autosave = ArticleAutosave.objects.get(article=article, user=user)
        autosave.fields, autosave.base_version, autosave.saved_at = kept, base_version, timezone.now()
        autosave.save()
    return autosave


def autosave_of(*, article: Article, user):
    """`user`'s autosave of `article`, or None."""
    return ArticleAutosave.objects.filter(article=article, user=user).first()


def autosave_for(*, article: Article, user):
    """`user`'s autosave of `article` when it still says something the story does not, else None."""
    return autosave_worth_offering(autosave_of(article=article, user=user), article)


def autosave_worth_offering(autosave, article):
    """`autosave` when it still says something the story does not, else None."""
    if autosave is None or not autosave_differences(autosave, article):
        return None
    return autosave


def autosave_differences(autosave, article) -> list[str]:
    """The fields whose autosaved text differs from the saved story's."""
    differing = []
    for name, value in autosave.fields.items():
        current = getattr(article, name, "") or ""
        if name == "body":
            value = clean_body_html(value)
        elif name == "dek":
            value = plain_text_from_editor(value)
        if value.strip() != str(current).strip():
            differing.append(name)
    return differing


def autosave_discard(*, article: Article, user) -> None:
    ArticleAutosave.objects.filter(article=article, user=user).delete()


# --- Presence -------------------------------------------------------------------------------


def _quiet_before(now):
    return now - timedelta(seconds=settings.NEWSROOM_PRESENCE_QUIET_SECONDS)


@transaction.atomic
def presence_beat(*, article: Article, user):
    """Say that `user` has `article` open now; return the others who have it open, earliest first."""
    now = timezone.now()
    presence = ArticlePresence.objects.select_for_update().filter(article=article, user=user).first()
    if presence is None:
        try:
            with transaction.atomic():
                ArticlePresence.objects.create(article=article, user=user, since=now, seen_at=now)
        except IntegrityError:
            ArticlePresence.objects.filter(article=article, user=user).update(seen_at=now)
    else:
        if presence.seen_at < _quiet_before(now):
            presence.since = now  # back after going quiet: a new session
        presence.seen_at = now
        presence.save(update_fields=["since", "seen_at"])
    return presence_others(article=article, user=user, at=now)


def presence_others(*, article: Article, user, at=None):
    """Everyone but `user` whose tab has said, recently, that it has `article` open."""
    at = at or timezone.now()
    return list(
        ArticlePresence.objects.filter(article=article, seen_at__gte=_quiet_before(at))
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )


def presence_leave(*, article: Article, user) -> None:
    ArticlePresence.objects.filter(article=article, user=user).delete()


# --- Share links --------------------------------------------------------------------------

MAX_SHARE_HOURS = 24 * 30


def _refuse_unless_may_share(by, article: Article, doing: str):
    if not permissions.can_share(by, article):
        raise PermissionDenied(f"{by.get_username()} may not {doing} share links to \u201c{article.headline}\u201d.")


def share_link_create(*, article: Article, by, hours=None, note="") -> ShareLink:
    """A link that shows the unpublished `article` to whoever holds it, for `hours` (default 48).

    Only someone who may change the story's text (`by` None: the system) may
    make one; PermissionDenied otherwise.
    """
    _refuse_unless_may_share(by, article, "make")
    if article.status == Status.WITHDRAWN:
        raise ValidationError("This story is withdrawn; it cannot be shared.")
    if article.is_published():
        raise ValidationError("This story is already public; share its address instead.")
    hours = settings.NEWSROOM_SHARE_LINK_HOURS if hours in (None, "") else hours
    if not 1 <= int(hours) <= MAX_SHARE_HOURS:
        raise ValidationError(f"A share link lasts between 1 hour and {MAX_SHARE_HOURS // 24} days.")
    return ShareLink.objects.create(
        article=article, created_by=by, note=note[:120], expires_at=timezone.now() + timedelta(hours=int(hours))
    )


def share_link_revoke(*, link: ShareLink, by) -> ShareLink:
    """Stop `link` working; only someone who may change its story's text (`by` None: the system) may."""
    _refuse_unless_may_share(by, link.article, "revoke")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def share_links_revoke_all(*, article: Article) -> int:
    """Stop every link to `article` working (it was withdrawn or unpublished); return how many were live."""
    return ShareLink.objects.filter(article=article, revoked_at__isnull=True).update(revoked_at=timezone.now())
