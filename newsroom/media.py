"""Serve uploads from MEDIA_ROOT when gunicorn runs alone.

WhiteNoise only knows the files present at start-up, so uploads need their
own view. Behind object storage and a CDN, set NEWSROOM_SERVE_MEDIA=0 (and
keep the originals' folder private there too).

Readers get renditions only. Uploaded originals (under photos/) may carry
the camera's metadata, GPS included, so only signed-in staff may fetch them.
"""

import mimetypes
import re

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from articles.imaging import RENDITION_SPECS
from articles.models import PhotoAsset
from articles.services.photos import rendition_get_or_create

ORIGINALS_PREFIX = "photos/"
RENDITION_PATH = re.compile(r"^renditions/(?P<photo>[0-9]+)/(?P<spec>[a-z]+)-(?P<key>[0-9a-f]{8})\.jpg$")

# Uploaded files are never rewritten in place (a new upload gets a new name),
# so browsers and CDNs may keep them for a long time.
MEDIA_MAX_AGE = 60 * 60 * 24 * 30


@require_safe
def serve_media(request, path):
    is_original = path.startswith(ORIGINALS_PREFIX)
    if is_original and not request.user.is_staff:
        raise Http404("No such file.")
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except Exception:  # SuspiciousFileOperation: a path outside MEDIA_ROOT
        raise Http404("No such file.") from None
    try:
        handle = open(full_path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        handle = open_missing_rendition(path, full_path)
    except (IsADirectoryError, NotADirectoryError, PermissionError):
        raise Http404("No such file.") from None
    content_type, _ = mimetypes.guess_type(full_path)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = f"{'private' if is_original else 'public'}, max-age={MEDIA_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def open_missing_rendition(path, full_path):
    """Make a rendition the first time it is asked for, if it is a current one.

    Renditions are normally made right after a photo is saved; this covers a
    new spec, or a save whose after-commit work did not finish.
    """
    match = RENDITION_PATH.match(path)
    if match is None or match["spec"] not in RENDITION_SPECS:
        raise Http404("No such file.")
    photo = PhotoAsset.objects.filter(pk=match["photo"]).first()
    if photo is None or photo.rendition_key != match["key"]:
        raise Http404("No such file.")
    rendition_get_or_create(photo=photo, spec=match["spec"])
    return open(full_path, "rb")  # noqa: SIM115 - FileResponse closes it
