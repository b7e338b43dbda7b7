"""What the photo desk may upload: used by the model field, the forms and the services alike."""

from django.conf import settings
from django.core.exceptions import ValidationError

from articles.imaging import ImageFacts, ImageRefused, inspect_image, upright_size


def photo_file_facts(file) -> ImageFacts:
    """Format, upright size and content hash of an acceptable photo; ValidationError otherwise.

    Besides the desk's limits, a picture must fit a task worker's memory
    budget (NEWSROOM_RENDITION_MAX_PIXELS): one that could not be rendered is
    refused here, with the reason, rather than stored without renditions.
    """
    render_limit = settings.NEWSROOM_RENDITION_MAX_PIXELS
    if render_limit < settings.NEWSROOM_PHOTO_MAX_PIXELS:
        width, height = upright_size(file)
        file.seek(0)
        if width and height and width * height > render_limit:
            raise ValidationError(
                f"The picture is {width}×{height} ({width * height / 1e6:g} megapixels), too big to make its web "
                f"sizes from: at most {render_limit / 1e6:g} megapixels can be. Scale it down and upload it again.",
                code="photo_refused",
            )
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
