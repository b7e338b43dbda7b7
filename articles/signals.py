"""Side effects of saving content: uploaded files and cached pages.

- A photo's file is deleted only after the transaction that deleted or
  replaced the row commits: a rolled-back delete keeps its file, and no file
  outlives its row.
- Renditions follow their photo: those of a replaced original or a moved
  focal point are dropped, and the current ones are made after the commit, so
  readers never wait for one.
- Any change to what readers may see bumps the cache's content version, so
  no cached page outlives an edit (see articles/caching.py).
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.caching import bump_content_version
from articles.models import PhotoAsset, Rendition
from articles.services.photos import photo_create_renditions, photo_drop_stale_renditions

logger = logging.getLogger(__name__)


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

    def make_renditions():
        try:
            photo_create_renditions(photo=instance)
        except Exception:  # the /media/ view makes any still missing; never fail a saved edit
            logger.exception("Could not make renditions for photo %s", instance.pk)

    transaction.on_commit(make_renditions)


# --- Cached reader pages: any change to what readers may see drops them -------------

CONTENT_MODELS = ("Article", "Byline", "Correction", "Section", "Author", "AuthorLink", "Dateline", "Tag", "PhotoAsset")


def content_changed(sender, **kwargs):
    # Now, so this process's next page is fresh; and again after the commit,
    # so a page rendered from the old rows while the transaction was open is
    # not kept under the new version.
    bump_content_version()
    transaction.on_commit(bump_content_version)


def connect_content_signals():
    from django.apps import apps

    for name in CONTENT_MODELS:
        model = apps.get_model("articles", name)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"content-changed-save-{name}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-changed-delete-{name}")
    m2m_changed.connect(content_changed, sender=apps.get_model("articles", "Article").tags.through,
                        dispatch_uid="content-changed-tags")
