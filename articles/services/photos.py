"""Photos: importing, metadata, renditions. No HTTP here."""

import logging
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import UnidentifiedImageError

from articles.forms import PhotoUploadForm
from articles.imaging import RENDITION_SPECS, read_metadata, render_rendition
from articles.models import PhotoAsset, Rendition

logger = logging.getLogger(__name__)


def photo_fill_from_metadata(*, photo: PhotoAsset) -> PhotoAsset:
    """Fill a blank caption, credit or date taken from the file's IPTC, XMP or EXIF.

    What the photo desk typed always wins; the file only fills gaps. Camera
    times without a zone are taken as the newsroom's local time.
    """
    photo.image.seek(0)
    meta = read_metadata(photo.image)
    photo.image.seek(0)
    photo.caption = photo.caption or meta.caption
    photo.credit = photo.credit or meta.credit
    if photo.taken_at is None and meta.taken_at is not None:
        taken = meta.taken_at
        photo.taken_at = taken if timezone.is_aware(taken) else timezone.make_aware(taken)
    return photo


def photo_import(*, path: Path) -> PhotoAsset:
    """Import one photo from a file, as the upload page would; raise ValidationError if refused.

    Alt text comes from the file's IPTC "Alt Text (Accessibility)", else its
    caption; a file with neither is refused, because every photo readers see
    needs a description. Nothing is left behind when a file is refused.
    """
    data = path.read_bytes()
    try:
        meta = read_metadata(SimpleUploadedFile(path.name, data))
    except (UnidentifiedImageError, OSError):
        raise ValidationError("not an image Pillow can read (broken, or not a photo).") from None
    alt_text = meta.alt_text or meta.caption
    if not alt_text:
        raise ValidationError("no alt text or caption in the file; upload it on the photo page and describe it there.")
    form = PhotoUploadForm(
        data={"alt_text": alt_text[:300], "focal_x": 0.5, "focal_y": 0.5, "title": path.stem},
        files={"image": SimpleUploadedFile(path.name, data)},
    )
    if not form.is_valid():
        raise ValidationError([f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()])
    photo = photo_fill_from_metadata(photo=form.save(commit=False))
    try:
        with transaction.atomic():
            photo.save()
    except Exception:
        if photo.image.name:  # the file was stored before the row failed
            photo.image.storage.delete(photo.image.name)
        raise
    return photo


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
