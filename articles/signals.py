"""Side effects of saving content: uploaded files and cached pages.

- A photo's file is deleted only after the transaction that deleted or
  replaced the row commits: a rolled-back delete keeps its file, and no file
  outlives its row.
- Renditions follow their photo: those of a replaced original or a moved
  focal point are dropped, and the current ones are made by a background
  task queued when the save commits (articles/tasks.py), so neither the
  desk's upload nor a reader waits for one.
- A change to what readers may see purges the surrogate keys of what it
  changed (articles/purging.py), which drops the cached pages showing it and
  moves the content version (the navigation and lists kept per version): no
  cached page outlives an edit, and a draft drops nothing
  (articles/caching.py, articles/page_purges.py).
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from articles import purging, surrogate_keys
from articles.imaging import RENDITION_FORMATS, RENDITION_SPECS
from articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    Dateline,
    LiveUpdate,
    PhotoAsset,
    Rendition,
    Section,
    Status,
    Tag,
)
from articles.printed_names import bump_printed_names
from articles.rows import row_values
from articles.services.photos import photo_drop_stale_renditions
from articles.tasks import make_renditions

logger = logging.getLogger(__name__)

RENDITIONS_PER_PHOTO = len(RENDITION_SPECS) * len(RENDITION_FORMATS)


def delete_file_after_commit(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=PhotoAsset, dispatch_uid="photoasset-delete-file")
def delete_photo_file(sender, instance, **kwargs):
    delete_file_after_commit(instance.image.storage, instance.image.name)


@receiver(pre_save, sender=PhotoAsset, dispatch_uid="photoasset-remember-file")
def remember_replaced_photo_file(sender, instance, **kwargs):
    if not instance.pk:
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("image", flat=True).first()
    instance._replaced_image_name = previous if previous and previous != instance.image.name else None


@receiver(post_save, sender=PhotoAsset, dispatch_uid="photoasset-delete-replaced-file")
def delete_replaced_photo_file(sender, instance, created, **kwargs):
    replaced = getattr(instance, "_replaced_image_name", None)
    if replaced:
        delete_file_after_commit(instance.image.storage, replaced)
        instance._replaced_image_name = None


@receiver(post_delete, sender=Rendition, dispatch_uid="rendition-delete-file")
def delete_rendition_file(sender, instance, **kwargs):
    delete_file_after_commit(instance.image.storage, instance.image.name)


@receiver(post_save, sender=PhotoAsset, dispatch_uid="photoasset-renditions")
def refresh_renditions(sender, instance, **kwargs):
    if instance.is_restricted:
        # Restricted: its renditions go, so no copy stays reachable (object
        # storage, a CDN); they are made again when the restriction is lifted.
        instance.renditions.all().delete()
        return
    photo_drop_stale_renditions(photo=instance)
    if instance.renditions.filter(focal_key=instance.rendition_key).count() >= RENDITIONS_PER_PHOTO:
        return  # an edit of the text: nothing to make
    # Robust: a queue that cannot be reached must not fail a saved edit (it is
    # logged); the /media/ view queues the task again when a rendition is asked for.
    photo_id = instance.pk
    transaction.on_commit(lambda: make_renditions.enqueue(photo_id), robust=True)


# --- Cached pages: a story saved as a plain row drops what it showed ------------------
#
# The services purge what they change (articles/services/); a story, byline or
# correction saved as a plain row (the shell, an import, a test) is purged here
# the same way. A draft nobody reads drops nothing.


def remember_stored_story(sender, instance, **kwargs):
    stored = None
    if instance.pk:
        fields = ("status", "section_id", "published_at", "headline", "slug")
        stored = sender.objects.filter(pk=instance.pk).only(*fields).first()
    instance._stored_for_purge = stored


def purge_saved_story(sender, instance, created=False, **kwargs):
    purging.article_purge(instance, previous=getattr(instance, "_stored_for_purge", None))


def purge_story_part(sender, instance, **kwargs):
    """A byline or correction added, changed or removed: the story's pages and the author's list."""
    article = Article.objects.filter(pk=instance.article_id).only("status", "section_id").first()
    if article is None or article.status != Status.PUBLISHED:
        return
    keys = [surrogate_keys.story(article.pk), *surrogate_keys.LISTINGS, surrogate_keys.section_list(article.section_id)]
    if getattr(instance, "author_id", None):
        keys.append(surrogate_keys.author_list(instance.author_id))
    purging.purge_after_commit(keys)


def purge_retagged(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    if instance.status == Status.PUBLISHED:
        keys = [surrogate_keys.story(instance.pk), *surrogate_keys.LISTINGS]
        keys += [surrogate_keys.tag_list(pk) for pk in pk_set or ()]
        purging.purge_after_commit(keys)


def purge_author_link(sender, instance, **kwargs):
    purging.purge_after_commit([surrogate_keys.author(instance.author_id)])


def connect_content_signals():
    from django.apps import apps

    pre_save.connect(remember_stored_story, sender=Article, dispatch_uid="purge-remember-story")
    post_save.connect(purge_saved_story, sender=Article, dispatch_uid="purge-saved-story")
    for model in (Byline, Correction):
        post_save.connect(purge_story_part, sender=model, dispatch_uid=f"purge-save-{model.__name__}")
        post_delete.connect(purge_story_part, sender=model, dispatch_uid=f"purge-delete-{model.__name__}")
    m2m_changed.connect(purge_retagged, sender=Article.tags.through, dispatch_uid="purge-retagged")
    link = apps.get_model("articles", "AuthorLink")
    post_save.connect(purge_author_link, sender=link, dispatch_uid="purge-author-link-save")
    post_delete.connect(purge_author_link, sender=link, dispatch_uid="purge-author-link-delete")


# --- A story's updated_at moves when anything printed with it changes ----------------
#
# A story page's head and <article> are kept per version of the rows they are
# made from (articles/story_fragments.py). The story's own row, section,
# dateline and lead photo are read with it anyway; its bylines, tags and
# corrections are not, so a change to any of those touches the story's
# `updated_at` instead. Feeds, sitemaps and the API date the story by it too,
# which is right: a new byline, correction or live update is a change to the story.
# A renamed author or tag, or a deleted tag, is printed on up to hundreds of
# thousands of stories: it moves the printed-names version instead
# (articles/printed_names.py), which every card and fragment key holds.
# Change these rows with save()/delete() or the services; a queryset update()
# sends no signal and must touch the stories itself.


def touch(articles):
    """Touch the stories of a queryset in one UPDATE (with a subquery for a join: a tag may be on 100,000 stories)."""
    articles.update(updated_at=timezone.now())


def touch_article_of(sender, instance, **kwargs):
    touch(Article.objects.filter(pk=instance.article_id))


def remember_printed_row(sender, instance, **kwargs):
    if instance.pk:
        stored = sender.objects.filter(pk=instance.pk).first()
        instance._printed_row_before = row_values(stored) if stored is not None else None


def reprint_names():
    # Now, and again after the commit, as for the content version: a card
    # rendered from the old rows while the transaction was open must not be
    # kept under the new version.
    bump_printed_names()
    transaction.on_commit(bump_printed_names)


def reprint_names_if_row_changed(sender, instance, created, **kwargs):
    if created or getattr(instance, "_printed_row_before", None) == row_values(instance):
        return
    reprint_names()


def touch_tagged_articles(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags added to or taken from a story, from either side of the relation."""
    if action == "pre_clear" and reverse:
        # A tag taken off every story it is on: as many stories as a rename.
        reprint_names()
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            touch(Article.objects.filter(pk=instance.pk))
        elif action != "post_clear" and pk_set:
            touch(Article.objects.filter(pk__in=pk_set))


def reprint_names_for_deleted_tag(sender, instance, **kwargs):
    # A deleted tag's links go with it without any signal (Django sends none
    # for an automatic through table).
    reprint_names()


def connect_printed_row_signals():
    tagged = Article.tags.through
    for model in (Byline, Correction, LiveUpdate):
        post_save.connect(touch_article_of, sender=model, dispatch_uid=f"touch-article-save-{model.__name__}")
        post_delete.connect(touch_article_of, sender=model, dispatch_uid=f"touch-article-delete-{model.__name__}")
    for model in (Author, Tag):
        pre_save.connect(remember_printed_row, sender=model, dispatch_uid=f"remember-printed-{model.__name__}")
        post_save.connect(reprint_names_if_row_changed, sender=model, dispatch_uid=f"reprint-names-{model.__name__}")
    m2m_changed.connect(touch_tagged_articles, sender=tagged, dispatch_uid="touch-tagged-articles")
    post_delete.connect(reprint_names_for_deleted_tag, sender=Tag, dispatch_uid="reprint-names-deleted-tag")


# --- Caches in front of the site: purge what a reference row or a photo changed --------
#
# Stories are purged by their services (articles/services/), which know the
# state before and after. Sections, authors, tags and photos are edited as
# plain rows (the admin, the shell), so their purges hang on the rows' own
# signals; each is sent after the commit (articles/purging.py) and only when
# purging is configured.


def purge_section(sender, instance, **kwargs):
    # Created, renamed, moved or hidden: the navigation on every page changes too.
    purging.purge_after_commit(surrogate_keys.section_purge_keys(instance.pk))


def purge_renamed(sender, instance, created=False, **kwargs):
    """An author or tag renamed (or re-slugged, or deleted): its page and every page printing it."""
    if created:
        return
    saved = kwargs.get("signal") is post_save
    if saved and getattr(instance, "_printed_row_before", None) == row_values(instance):
        return  # saved unchanged
    purge_keys = surrogate_keys.author_purge_keys if sender is Author else surrogate_keys.tag_purge_keys
    purging.purge_after_commit(purge_keys(instance.pk))


def purge_dateline(sender, instance, created=False, **kwargs):
    if not created:
        purging.purge_after_commit(surrogate_keys.dateline_purge_keys(instance.pk))


def purge_photo(sender, instance, created=False, **kwargs):
    """A photo changed (restricted, licence moved, caption or credit): pages showing it; again when it expires."""
    if not created:
        purging.photo_purge(instance)


def purge_deleted_story(sender, instance, **kwargs):
    # Through the admin's delete: its bylines and tags are gone with it, but
    # every page that listed it carries its own key.
    if instance.status == Status.PUBLISHED:
        purging.purge_after_commit(surrogate_keys.article_purge_keys(instance), hard=True)


def connect_purge_signals():
    for model in (Author, Tag):
        post_save.connect(purge_renamed, sender=model, dispatch_uid=f"purge-renamed-{model.__name__}")
        post_delete.connect(purge_renamed, sender=model, dispatch_uid=f"purge-deleted-{model.__name__}")
    post_save.connect(purge_section, sender=Section, dispatch_uid="purge-section-save")
    post_delete.connect(purge_section, sender=Section, dispatch_uid="purge-section-delete")
    post_save.connect(purge_photo, sender=PhotoAsset, dispatch_uid="purge-photo")
    post_save.connect(purge_dateline, sender=Dateline, dispatch_uid="purge-dateline")
    post_delete.connect(purge_deleted_story, sender=Article, dispatch_uid="purge-deleted-story")
