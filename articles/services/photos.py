"""Photos: making renditions. No HTTP here."""

import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from articles.imaging import RENDITION_SPECS, render_rendition
from articles.models import PhotoAsset, Rendition

logger = logging.getLogger(__name__)


def rendition_get_or_create(*, photo: PhotoAsset, spec: str) -> Rendition:
    """The `spec` rendition of `photo` at its current focal point, made if missing.

    Safe when two requests ask at once: the file has a fixed name and the row
    is unique on (photo, spec, key), so the loser of the race finds the
    winner's row.
    """
    key = photo.rendition_key
    existing = Rendition.objects.filter(photo=photo, spec=spec, key=key).first()
    if existing is not None:
        return existing
    storage = photo.image.storage
    name = photo.rendition_name(spec)
    with photo.image.open("rb") as original:
        data, width, height = render_rendition(original, RENDITION_SPECS[spec], focal=(photo.focal_x, photo.focal_y))
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # another request wrote the same file a moment ago
            storage.delete(saved)
    try:
        with transaction.atomic():
            return Rendition.objects.create(photo=photo, spec=spec, key=key, image=name, width=width, height=height)
    except IntegrityError:
        return Rendition.objects.get(photo=photo, spec=spec, key=key)


def photo_create_renditions(*, photo: PhotoAsset) -> list[Rendition]:
    """Make every named rendition now, so readers never wait for one."""
    return [rendition_get_or_create(photo=photo, spec=spec) for spec in RENDITION_SPECS]


def photo_drop_stale_renditions(*, photo: PhotoAsset) -> None:
    """Forget renditions of an older original or focal point (their files go after commit)."""
    photo.renditions.exclude(key=photo.rendition_key).delete()
