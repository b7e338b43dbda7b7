"""Serve uploads through Django's storage when gunicorn runs alone.

WhiteNoise only knows the files present at start-up, so uploads need their
own view. Files are read with the storage API (never from MEDIA_ROOT), so
the same view works in front of object storage. Behind a CDN that reads the
bucket directly, set NEWSROOM_SERVE_MEDIA=0 (and keep originals private there).

Readers get renditions only, and only of photos they may see: a rendition
of an expired or restricted photo answers 404. Uploaded originals (under
photos/) may carry the camera's metadata, GPS included, so only signed-in
staff may fetch them; staged uploads of refused forms are never served.
"""

import math
import mimetypes
import re

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles.imaging import RENDITION_FORMATS, RENDITION_SPECS
from articles.models import PhotoAsset
from articles.services.photos import rendition_get_or_create

ORIGINALS_PREFIX = "photos/"
PRIVATE_PREFIXES = ("staging/",)
RENDITION_PATH = re.compile(
    r"^renditions/(?P<photo>[0-9]+)/(?P<spec>[a-z]+)-(?P<key>[0-9a-f]{8})\.(?P<ext>[a-z]+)$"
)

# Uploaded files are never rewritten in place (a new upload or focal point
# gets a new name), so browsers and CDNs may keep them for a long time; a
# photo whose licence ends sooner is kept no longer than that.
MEDIA_MAX_AGE = 60 * 60 * 24 * 30


@require_safe
def serve_media(request, path):
    if path.startswith(PRIVATE_PREFIXES) or ".." in path.split("/"):
        raise Http404("No such file.")
    if path.startswith(ORIGINALS_PREFIX):
        if not request.user.is_staff:
            raise Http404("No such file.")
        return file_response(path, cache_control=f"private, max-age={MEDIA_MAX_AGE}")
    match = RENDITION_PATH.match(path)
    if match is None or match["spec"] not in RENDITION_SPECS or match["ext"] not in RENDITION_FORMATS:
        raise Http404("No such file.")
    photo = PhotoAsset.objects.filter(pk=match["photo"]).first()
    if photo is None or photo.rendition_key != match["key"] or not photo.is_showable():
        raise Http404("No such file.")
    if not default_storage.exists(path):
        # Renditions are normally made right after a photo is saved; this
        # covers a new spec, or a save whose after-commit work did not finish.
        rendition_get_or_create(photo=photo, spec=match["spec"], ext=match["ext"])
    max_age = MEDIA_MAX_AGE
    if photo.expires_at is not None:
        max_age = min(max_age, math.floor((photo.expires_at - timezone.now()).total_seconds()))
    return file_response(path, cache_control=f"public, max-age={max(0, max_age)}")


def file_response(path, *, cache_control):
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, OSError):
        raise Http404("No such file.") from None
    content_type, _ = mimetypes.guess_type(path)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
