"""Nothing an editor typed is ever lost: every save is a revision, and a save
made from an older copy of a story is refused (DESIGN rule 3)."""

from django.db import transaction
from django.db.models import Max

from articles.models import Article, ArticleRevision

# What a revision keeps, and how an editor would name each part.
TRACKED_FIELDS = {
    "headline": "headline",
    "kicker": "kicker",
    "dek": "dek",
    "body": "body",
    "section_id": "section",
    "dateline_id": "dateline",
    "dateline_source": "dateline credit",
    "lead_photo_id": "lead photo",
    "lead_photo_caption": "photo caption",
    "status": "status",
    "published_at": "publish time",
    "home_position": "top story position",
    "seo_description": "SEO description",
}


def article_snapshot(article: Article) -> dict:
    snapshot = {name: getattr(article, name) for name in TRACKED_FIELDS}
    snapshot["published_at"] = article.published_at.isoformat() if article.published_at else None
    snapshot["bylines"] = [[b.author_id, b.role] for b in article.bylines.order_by("position", "id")]
    snapshot["tags"] = sorted(article.tags.values_list("pk", flat=True))
    return snapshot


def changed_parts(before: dict, after: dict) -> list[str]:
    """Editor-facing names of what differs between two snapshots."""
    names = {**TRACKED_FIELDS, "bylines": "bylines", "tags": "tags"}
    return [label for key, label in names.items() if before.get(key) != after.get(key)]


def current_version(article_pk) -> int:
    """The number of the story's latest revision (0 before its first save)."""
    return ArticleRevision.objects.filter(article_id=article_pk).aggregate(v=Max("version"))["v"] or 0


def article_lock_version(*, article_pk) -> int:
    """The story's current version, with its row locked until this transaction ends.

    Checking and saving under the lock means two editors' saves cannot both
    pass the "is this copy current?" test.
    """
    list(Article.objects.select_for_update().filter(pk=article_pk).values_list("pk", flat=True))
    return current_version(article_pk)


@transaction.atomic
def article_record_revision(*, article: Article, by=None) -> ArticleRevision:
    """Keep what `article` says after a save, as its next version."""
    version = article_lock_version(article_pk=article.pk) + 1
    snapshot = article_snapshot(article)
    return ArticleRevision.objects.create(article=article, version=version, saved_by=by, snapshot=snapshot)


def newer_revisions(*, article_pk, since_version: int):
    return ArticleRevision.objects.filter(article_id=article_pk, version__gt=since_version).select_related("saved_by")
