"""Nothing an editor typed is ever lost: every save is a revision, and a save
made from an older copy of a story is refused, then merged (DESIGN rule 3).

A revision's snapshot is the whole story as saved: every editorial field,
the bylines in printed order, the tags and the lead photo. Snapshots hold
plain JSON values (ids for related rows, ISO times), so two of them compare
field by field and one can be written back to the story.

History is kept here rather than with django-reversion or
django-simple-history: the `ArticleRevision` table with JSON snapshots and a
per-story version number already existed, the stale-copy check locks and
reads that version, and bylines (an ordered inline with roles) are part of a
story's text here, which those libraries would store as separate rows.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from articles.body_merge import merge_body
from articles.models import Article, ArticleRevision

# What a revision keeps, in the order of the story form, and how an editor would name each part.
TRACKED_FIELDS = {
    "section_id": "section",
    "kicker": "kicker",
    "headline": "headline",
    "slug": "slug",
    "dek": "dek",
    "body": "body",
    "dateline_id": "dateline",
    "dateline_source": "dateline credit",
    "origin": "origin",
    "lead_photo_id": "lead photo",
    "lead_photo_caption": "photo caption",
    "status": "status",
    "published_at": "publish time",
    "embargo_until": "embargo",
    "expires_at": "expiry",
    "home_position": "top story position",
    "revised_at": "update time",
    "is_update_shown": "show as updated",
    "seo_description": "SEO description",
}
RELATED_PARTS = {"bylines": "bylines", "tags": "tags"}
ALL_PARTS = {**TRACKED_FIELDS, **RELATED_PARTS}
# The workflow state in a snapshot: what a restore leaves as it is (changing it is a
# workflow action, with rights of its own). Every other part is written back.
WORKFLOW_PARTS = {"status", "published_at", "embargo_until", "expires_at", "home_position"}


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def article_snapshot(article: Article) -> dict:
    """The whole story as it is in the database, as JSON-ready values."""
    snapshot = {name: _plain(getattr(article, name)) for name in TRACKED_FIELDS}
    snapshot["bylines"] = [
        [b.author_id, b.role, b.affiliation] if b.affiliation else [b.author_id, b.role]
        for b in article.bylines.order_by("position", "id")
    ]
    snapshot["tags"] = sorted(article.tags.values_list("pk", flat=True))
    return snapshot


TIME_PARTS = {"published_at", "embargo_until", "expires_at", "revised_at"}


def same_moment(a: datetime | None, b: datetime | None) -> bool:
    """Whether two times are the same moment to an editor: equal once fractions of a second are dropped.

    The form shows and posts whole seconds while the database may hold
    microseconds, so 10:00:00.9 is the 10:00:00 the form showed, and
    10:00:01.1 is a second later. The one rule for saving and for history.
    """
    if a is None or b is None:
        return a is b
    return a.replace(microsecond=0) == b.replace(microsecond=0)


def same(key, a, b) -> bool:
    """Whether two snapshot values say the same thing to an editor.

    Times compare by `same_moment`, and an empty text is the same as a
    missing one.
    """
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str) and key in TIME_PARTS:
        try:
            return same_moment(datetime.fromisoformat(a), datetime.fromisoformat(b))
        except ValueError:
            return False
    return a in ("", None, []) and b in ("", None, [])


def changed_parts(before: dict, after: dict) -> list[str]:
    """Editor-facing names of what differs between two snapshots."""
    return [label for key, label in ALL_PARTS.items() if not same(key, before.get(key), after.get(key))]


def changed_keys(before: dict, after: dict) -> list[str]:
    return [key for key in ALL_PARTS if key in after and not same(key, before.get(key), after.get(key))]


@dataclass
class FieldMerge:
    """One part of the story in a three-way merge: as opened, as the other person saved it, as this editor has it."""

    key: str
    label: str
    base: object
    theirs: object
    mine: object

    @property
    def theirs_changed(self):
        return not same(self.key, self.base, self.theirs)

    @property
    def mine_changed(self):
        return not same(self.key, self.base, self.mine)

    @property
    def is_conflict(self):
        """Both changed it, to different values: only the editor can say which to keep."""
        return self.theirs_changed and self.mine_changed and not same(self.key, self.theirs, self.mine)

    @property
    def merged(self):
        """This editor's value where they changed it, else the other person's."""
        return self.mine if self.mine_changed else self.theirs


class BodyMerge(FieldMerge):
    """The body, merged paragraph by paragraph (articles/body_merge.py): when both changed it, only
    the paragraphs both changed differently are a conflict; the rest of each side's edits are kept."""

    @cached_property
    def blocks(self):
        return merge_body(self.base or "", self.theirs or "", self.mine or "")

    @property
    def both_changed(self):
        return self.theirs_changed and self.mine_changed and not same(self.key, self.theirs, self.mine)

    @property
    def is_conflict(self):
        return self.both_changed and bool(self.blocks.conflicts)

    @property
    def merged(self):
        """Both sides' edits; where both changed the same paragraph, this editor's version of it."""
        return self.blocks.html() if self.both_changed else super().merged


def field_merge(key, label, base, theirs, mine) -> FieldMerge:
    return (BodyMerge if key == "body" else FieldMerge)(key, label, base, theirs, mine)


def merge_snapshots(base: dict, theirs: dict, mine: dict) -> list[FieldMerge]:
    """The parts that either side changed since `base`, in form order.

    Only keys present in `mine` take part: a field this editor cannot edit
    (publishing fields without the right) is never merged from their side.
    """
    merges = [
        field_merge(key, label, base.get(key), theirs.get(key), mine[key])
        for key, label in ALL_PARTS.items()
        if key in mine
    ]
    return [m for m in merges if m.theirs_changed or m.mine_changed]


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
def article_record_revision(*, article: Article, by=None, base_version=None, note="") -> ArticleRevision:
    """Keep what `article` says after a save, as its next version.

    `base_version` is the version the editor opened; `note` says what else
    happened (a refused stale save merged, a restore).
    """
    version = article_lock_version(article_pk=article.pk) + 1
    snapshot = article_snapshot(article)
    return ArticleRevision.objects.create(
        article=article, version=version, saved_by=by, snapshot=snapshot, base_version=base_version, note=note
    )


def article_newer_version(*, article_pk, opened_version: int) -> int | None:
    """The story's current version if someone saved it after the copy at `opened_version` was opened, else None.

    The stale-copy check a form asks before saving. The story's row stays
    locked until the transaction ends, so the save that follows the check
    (the admin's change view is one transaction) cannot be overtaken.
    A copy opened before the story had any revision is `opened_version` 0.
    """
    current = article_lock_version(article_pk=article_pk)
    return current if opened_version < current else None


def article_record_baseline(*, article: Article) -> ArticleRevision:
    """Keep a story that has no revision yet (made by a script) as its version 1, as stored, before a save changes it.

    Called by the first save that changes such a story, never by opening it:
    a stale save from anyone who opened it before is merged against this.
    """
    return ArticleRevision.objects.create(
        article=article, version=1, saved_by=None, snapshot=article_snapshot(article), note="as first opened"
    )


def newer_revisions(*, article_pk, since_version: int):
    return ArticleRevision.objects.filter(article_id=article_pk, version__gt=since_version).select_related("saved_by")


def snapshot_at(*, article_pk, version: int) -> dict | None:
    revision = ArticleRevision.objects.filter(article_id=article_pk, version=version).first()
    return revision.snapshot if revision else None


def _related_or_refuse(model, pk, label, version):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError(f"Version {version} cannot be restored: its {label} no longer exists.")
    return found


@transaction.atomic
def article_restore_revision(*, article: Article, version: int, by=None) -> ArticleRevision:
    """Make the story say again what it said in `version`, as a new revision (history is never rewritten).

    The text, bylines, tags, photo, dateline and update flags come back; the
    workflow state (status, publish time, embargo, expiry, pinning) stays as
    it is, since changing that is a transition with rights of its own. It is
    saved through `article_save`, the one write path, so restoring needs the
    same rights as making the same changes in the form (PermissionDenied
    otherwise).
    """
    from articles.models import Author, Dateline, PhotoAsset, Section, Tag
    from articles.services.editing import article_save

    article = Article.objects.select_for_update().get(pk=article.pk)
    revision = ArticleRevision.objects.filter(article=article, version=version).first()
    if revision is None:
        raise ValidationError(f"This story has no version {version}.")
    snapshot = revision.snapshot
    opened = current_version(article.pk)
    article.section = _related_or_refuse(Section, snapshot.get("section_id"), "section", version) or article.section
    article.dateline = _related_or_refuse(Dateline, snapshot.get("dateline_id"), "dateline", version)
    article.lead_photo = _related_or_refuse(PhotoAsset, snapshot.get("lead_photo_id"), "lead photo", version)
    for key in TRACKED_FIELDS:
        if key.endswith("_id") or key in WORKFLOW_PARTS or key not in snapshot:
            continue
        value = snapshot[key]
        if key in TIME_PARTS and value:
            value = datetime.fromisoformat(value)
        setattr(article, key, value)
    bylines = None
    if "bylines" in snapshot:
        # [author, role] or, with an affiliation, [author, role, affiliation].
        authors = set(Author.objects.filter(pk__in=[b[0] for b in snapshot["bylines"]]).values_list("pk", flat=True))
        bylines = [tuple(byline) for byline in snapshot["bylines"] if byline[0] in authors]
    tags = list(Tag.objects.filter(pk__in=snapshot["tags"])) if "tags" in snapshot else None
    article_save(
        article=article, by=by, bylines=bylines, tags=tags, base_version=opened, note=f"restored v{version}"
    )
    return ArticleRevision.objects.filter(article=article).order_by("-version").first()
