"""Serve uploads from MEDIA_ROOT when gunicorn runs alone.

WhiteNoise only knows the files present at start-up, so uploads need their
own view. Behind object storage and a CDN, set NEWSROOM_SERVE_MEDIA=0.
"""

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_GET

# Uploaded files are never rewritten in place (a new upload gets a new name),
# so browsers and CDNs may keep them for a long time.
MEDIA_MAX_AGE = 60 * 60 * 24 * 30


@require_GET
def serve_media(request, path):
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except Exception:  # SuspiciousFileOperation: a path outside MEDIA_ROOT
        raise Http404("No such file.") from None
    try:
        handle = open(full_path, "rb")  # noqa: SIM115 - FileResponse closes it
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        raise Http404("No such file.") from None
    content_type, _ = mimetypes.guess_type(full_path)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
