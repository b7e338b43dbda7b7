"""Keep uploaded files in step with the rows that own them.

A photo's file is deleted only after the transaction that deleted or replaced
the row commits: a rolled-back delete keeps its file, and no file outlives
its row.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.models import PhotoAsset


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
