"""Stored files named by the site, from what they are (DESIGN rule 8).

- An original stored under an extension other than its decoded format's
  (a JPEG uploaded as story.html, a PNG as .jpg, a JPEG as .jpeg) is copied to
  the same name with the right extension, its row updated, and the old file
  deleted. A missing or unreadable file is left as it is: the media view
  serves no name that is not an image's.
- Renditions named with the old key (8 hex digits, made from the file's name
  and focal point alone, so anyone could work it out) are dropped with their
  files; the new keys are keyed with the site's secret, and the renditions are
  made again when next asked for.

Written against the historical models only; Pillow reads just each file's header.
"""

import posixpath

from django.db import migrations
from django.db.models.functions import Length
from PIL import Image

# Pillow's format names, and the extension the site stores each under (articles/imaging.py).
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
OLD_KEY_LENGTH = 8


def decoded_extension(storage, name):
    try:
        with storage.open(name, "rb") as handle, Image.open(handle) as image:
            return EXTENSIONS.get(image.format or "")
    except Exception:  # noqa: BLE001 - missing, unreadable or not a picture: left alone
        return None


def rename_originals(apps, schema_editor):
    PhotoAsset = apps.get_model("articles", "PhotoAsset")
    storage = PhotoAsset._meta.get_field("image").storage
    for pk, name in PhotoAsset.objects.exclude(image="").order_by("pk").values_list("pk", "image").iterator():
        extension = decoded_extension(storage, name)
        root, current = posixpath.splitext(name)
        if extension is None or current == f".{extension}":
            continue
        try:
            with storage.open(name, "rb") as handle:
                renamed = storage.save(f"{root}.{extension}", handle)
        except OSError:  # gone since it was read: nothing to rename
            continue
        PhotoAsset.objects.filter(pk=pk).update(image=renamed)
        storage.delete(name)


def drop_guessable_renditions(apps, schema_editor):
    Rendition = apps.get_model("articles", "Rendition")
    storage = Rendition._meta.get_field("image").storage
    old = Rendition.objects.alias(key_length=Length("focal_key")).filter(key_length=OLD_KEY_LENGTH)
    batch = []
    for pk, name in old.order_by("pk").values_list("pk", "image").iterator():
        if name:
            try:
                storage.delete(name)
            except OSError:
                pass
        batch.append(pk)
        if len(batch) == 1000:
            Rendition.objects.filter(pk__in=batch).delete()
            batch = []
    Rendition.objects.filter(pk__in=batch).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0012_sitemap_pages"),
    ]

    operations = [
        migrations.RunPython(rename_originals, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(drop_guessable_renditions, migrations.RunPython.noop, elidable=True),
    ]
