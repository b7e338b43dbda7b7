"""What the photo desk may upload: used by the model field, the forms and the services alike."""

from django.conf import settings
from django.core.exceptions import ValidationError

from articles.imaging import ImageFacts, ImageRefused, inspect_image


def photo_file_facts(file) -> ImageFacts:
    """Format, upright size and content hash of an acceptable photo; ValidationError otherwise."""
    try:
        return inspect_image(
            file, max_bytes=settings.NEWSROOM_PHOTO_MAX_BYTES, max_pixels=settings.NEWSROOM_PHOTO_MAX_PIXELS
        )
    except ImageRefused as refusal:
        reason = str(refusal)
        raise ValidationError(reason[:1].upper() + reason[1:], code="photo_refused") from None


def validate_photo_file(file) -> None:
    """Model-field validator: a whole JPEG, PNG, WebP or AVIF within the size and pixel limits."""
    # A file already in storage was checked when it came in; reading it
    # back (perhaps from object storage) on every edit would only cost time.
    if getattr(file, "_committed", False):
        return
    photo_file_facts(file)
