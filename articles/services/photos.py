"""Photos: uploading, metadata, rights, renditions. No HTTP here.

Every way a photo comes in (the upload page, the bulk upload, the hot
folder) goes through `photo_prepare`, so they accept the same files and fill
the same fields from the same metadata.
"""

import hashlib
import logging
from pathlib import Path, PureWindowsPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles import printstyle
from articles.imaging import RENDITION_FORMATS, RENDITION_SPECS, read_metadata, render_rendition
from articles.models import Article, Author, PhotoAsset, Rendition, WirePicture
from articles.validators import photo_file_facts

logger = logging.getLogger(__name__)

# Filled from the file only where the desk left them blank.
TEXT_FROM_FILE = [
    "title", "caption", "photographer", "agency", "source", "copyright_notice", "usage_terms", "city", "country",
]


class DuplicatePhoto(ValidationError):
    """The same bytes are already in the library, as `photo`."""

    def __init__(self, photo):
        self.photo = photo
        super().__init__(f"Already in the library as {photo_reference(photo)}.", code="duplicate")


def photo_reference(photo: PhotoAsset) -> str:
    """'photo 12 “Kabul queue” (used in: Aid arrives; Winter is coming)' for messages."""
    text = f"photo {photo.pk} “{photo}”"
    uses = photo_uses(photo)
    if uses:
        text += f" (used in: {'; '.join(str(use) for use in uses)})"
    return text


def photo_uses(photo: PhotoAsset) -> list:
    """The stories that lead with `photo` and the authors it portrays."""
    stories = list(Article.objects.filter(lead_photo=photo).order_by("-published_at", "-id"))
    return stories + list(Author.objects.filter(portrait=photo))


def photo_find_duplicate(*, sha256: str, exclude_pk=None) -> PhotoAsset | None:
    return PhotoAsset.objects.filter(content_hash=sha256).exclude(pk=exclude_pk).first()


def photo_file_name(uploaded_name: str, extension: str) -> str:
    """The name a new original is stored under (the field adds photos/<year>/<month>/).

    Only the uploaded name's stem is kept, as a slug; the extension is the
    decoded format's (DESIGN rule 8): "../story.html" holding a JPEG is
    stored as "story.jpg", so no server or browser ever takes it for a page.
    """
    # PureWindowsPath splits on both "/" and "\", whichever system named the file.
    stem = slugify(PureWindowsPath(uploaded_name or "").stem)[:80].strip("-_")
    return f"{stem or 'photo'}.{extension}"


def photo_prepare(*, photo: PhotoAsset) -> PhotoAsset:
    """Check a new original and fill the photo's fields from it; raise ValidationError if refused.

    A file not yet stored is renamed from its decoded format (`photo_file_name`).
    Width and height are recorded upright (after the EXIF orientation). Blank
    fields are filled from the file's IPTC, then XMP, then EXIF: what the
    desk typed always wins. Alt text comes only from the file's "Alt Text
    (Accessibility)", never from the caption (screen readers read both).
    """
    facts = photo_file_facts(photo.image)
    duplicate = photo_find_duplicate(sha256=facts.sha256, exclude_pk=photo.pk)
    if duplicate is not None:
        raise DuplicatePhoto(duplicate)
    photo.width, photo.height, photo.content_hash = facts.width, facts.height, facts.sha256
    if not photo.image._committed:  # a file already stored (the demo's) keeps the name it was given
        photo.image.name = photo_file_name(photo.image.name, facts.extension)
    photo.image.seek(0)
    meta = read_metadata(photo.image)
    photo.image.seek(0)
    for name in TEXT_FROM_FILE:
        if not getattr(photo, name):
            setattr(photo, name, getattr(meta, name)[: PhotoAsset._meta.get_field(name).max_length or None])
    photo.credit = photo.credit or photo.joined_credit
    photo.alt_text = photo.alt_text or meta.alt_text[:300]
    if photo.taken_at is None and meta.taken_at is not None:
        taken = meta.taken_at
        if timezone.is_aware(taken):
            photo.taken_at_utc_offset = int(taken.utcoffset().total_seconds() // 60)
        else:  # a camera's clock without a zone: taken as the newsroom's local time
            taken = timezone.make_aware(taken)
        photo.taken_at = taken
    return photo


def photo_create(*, file, fallback_title="", **fields) -> PhotoAsset:
    """Store a new photo from an uploaded file; raise ValidationError (or DuplicatePhoto) if refused.

    `fallback_title` (the file's name) names the photo only when neither the
    desk nor the file's own metadata (IPTC title or headline, XMP) gave one.
    A refused file leaves no row and no file behind. Of two uploads of the
    same new picture at once, both pass the duplicate check; the second to
    insert meets the unique content hash and is refused as a DuplicatePhoto
    of the first, like any later copy.
    """
    photo = PhotoAsset(image=file, **fields)
    photo_prepare(photo=photo)
    photo.title = photo.title or fallback_title[:200]
    # The image was checked whole by photo_prepare, and its hash for duplicates
    # (an insert racing another is refused by the constraint: photo_save_new_file).
    photo.full_clean(exclude=["image", "content_hash"])
    return photo_save_new_file(photo=photo)


def photo_save_new_file(*, photo: PhotoAsset) -> PhotoAsset:
    """Save a photo prepared with a new file; raise DuplicatePhoto if the same bytes won a race to the library.

    Two uploads of one new picture at once both pass the duplicate check;
    the second to insert meets the unique content hash. Whatever fails, the
    file stored for the row is deleted again.
    """
    try:
        with transaction.atomic():
            photo.save()
    except Exception as error:
        if photo.image.name and photo.image._committed:  # the file was stored before the row failed
            photo.image.storage.delete(photo.image.name)
        if isinstance(error, IntegrityError):
            winner = PhotoAsset.objects.filter(content_hash=photo.content_hash).exclude(pk=photo.pk).first()
            if winner is not None:
                raise DuplicatePhoto(winner) from None
        raise
    return photo


def photo_import(*, path: Path) -> PhotoAsset:
    """Import one photo from a file, as the upload page would; raise ValidationError if refused."""
    return photo_create(file=SimpleUploadedFile(path.name, path.read_bytes()), fallback_title=path.stem)


def photos_fill_missing_hashes(**kwargs) -> None:
    """Give photos stored before duplicates were checked their content hash (after `migrate`).

    Only rows without one are read, so this costs nothing once done. Of two
    identical older photos, the first keeps the hash and the second none.
    """
    for photo in PhotoAsset.objects.filter(content_hash__isnull=True).exclude(image="").order_by("pk").iterator():
        try:
            with photo.image.open("rb") as original:
                digest = hashlib.sha256(original.read()).hexdigest()
        except OSError:  # the file is missing: nothing to compare
            continue
        if not PhotoAsset.objects.filter(content_hash=digest).exists():
            PhotoAsset.objects.filter(pk=photo.pk).update(content_hash=digest)


# --- Rights ------------------------------------------------------------------------------

def lead_photo_refusal(photo: PhotoAsset | None, *, at=None, role="the lead photo") -> str | None:
    """Why a story may not go live at `at` leading with `photo`, or None when it may.

    The same rule for any photo readers are about to see (`role` names it: a
    live update's photo).
    """
    if photo is None:
        return None
    at = at or timezone.now()
    # One level of quotation only: the story's own name comes before this in the refusal.
    name = f"{role}, photo {photo.pk} “{photo}”,"
    if photo.is_restricted:
        return f"{name} is restricted."
    if photo.expires_at is not None and photo.expires_at <= at:
        return (
            f"{name} cannot be shown then: its licence expires {printstyle.ap_month_day_time(photo.expires_at)}, "
            "before the story goes live."
        )
    if not photo.credit.strip():
        return f"{name} has no credit."
    if not photo.alt_text.strip() and not is_captioned_wire_photo(photo):
        return f"{name} has no alt text for readers who cannot see it."
    return None


def photo_live_leads(photo: PhotoAsset, at=None) -> list:
    """The stories readers see now that lead with `photo`: they lose their picture if it is hidden."""
    return list(Article.objects.published(at).filter(lead_photo=photo).order_by("-published_at", "-pk"))


def is_captioned_wire_photo(photo: PhotoAsset) -> bool:
    """A picture the wire sent with a caption: it may lead a story before the desk writes its alt text.

    Agencies (UPI, TT, AP) send captions, rarely alt text; the story goes live
    with the picture the wire ran, printed in a <figure> whose caption
    describes it, and the photo desk's dashboard lists it until someone writes
    the alt text. A staff upload has no such exception.
    """
    return bool(photo.caption.strip()) and WirePicture.objects.filter(photo_id=photo.pk).exists()


def photo_delete(*, photo: PhotoAsset) -> None:
    """Delete a photo no story or author uses; raise ValidationError naming the uses otherwise."""
    uses = photo_uses(photo)
    if uses:
        raise ValidationError(f"Photo {photo.pk} is in use and cannot be deleted: {'; '.join(map(str, uses))}.")
    photo.delete()


def photos_in_use_refusal(photos) -> str | None:
    """For a bulk delete: a sentence naming the photos still in use, or None."""
    used = PhotoAsset.objects.filter(pk__in=[p.pk for p in photos]).filter(
        Q(lead_for__isnull=False) | Q(portrait_for__isnull=False)
    ).distinct()
    if not used:
        return None
    return "In use, so not deleted: " + "; ".join(photo_reference(photo) for photo in used) + "."


# --- Renditions ----------------------------------------------------------------------------

def rendition_get_or_create(*, photo: PhotoAsset, spec: str, ext: str = "jpg") -> Rendition:
    """The `spec` rendition of `photo` in `ext` at its current focal point, made if missing.

    Safe when two requests ask at once: the storage writes each file whole
    under a fixed name, only the first writer's file is kept, and the row is
    unique on (photo, spec, ext, focal_key), so the loser of the race finds
    the winner's row.
    """
    focal_key = photo.rendition_key
    existing = Rendition.objects.filter(photo=photo, spec=spec, ext=ext, focal_key=focal_key).first()
    if existing is not None:
        return existing
    storage = photo.image.storage
    name = photo.rendition_name(spec, ext)
    with photo.image.open("rb") as original:
        data, width, height = render_rendition(
            original, RENDITION_SPECS[spec], focal=(photo.focal_x, photo.focal_y), ext=ext,
            copyright_notice=photo.copyright_notice,
        )
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # another request wrote the same file a moment ago
            storage.delete(saved)
    try:
        with transaction.atomic():
            return Rendition.objects.create(
                photo=photo, spec=spec, ext=ext, focal_key=focal_key, image=name, width=width, height=height
            )
    except IntegrityError:
        return Rendition.objects.get(photo=photo, spec=spec, ext=ext, focal_key=focal_key)


def photo_create_renditions(*, photo: PhotoAsset) -> list[Rendition]:
    """Make every named rendition in every format (those missing), smallest first.

    Run by the make_renditions task (articles/tasks.py), never in a request
    for a big original. Smallest first: thumbnails for the desk and a
    smaller stand-in for readers (articles/media.py) are there soonest.
    """
    by_size = sorted(RENDITION_SPECS, key=lambda spec: RENDITION_SPECS[spec].width * RENDITION_SPECS[spec].height)
    return [rendition_get_or_create(photo=photo, spec=spec, ext=ext) for spec in by_size for ext in RENDITION_FORMATS]


def photo_drop_stale_renditions(*, photo: PhotoAsset) -> None:
    """Forget renditions of an older original or focal point (their files go after commit)."""
    photo.renditions.exclude(focal_key=photo.rendition_key).delete()
