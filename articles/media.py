"""Serve uploads through Django's storage when gunicorn runs alone.

WhiteNoise only knows the files present at start-up, so uploads need their
own view. Files are read with the storage API (never from MEDIA_ROOT), so
the same view works in front of object storage. Behind a CDN that reads the
bucket directly, set NEWSROOM_SERVE_MEDIA=0 (and keep originals private there).

Every file is an image the site decoded and named (DESIGN rule 8): it is
served with the type of its extension (JPEG, PNG, WebP or AVIF; any other
name answers 404), `nosniff`, and a policy of its own that lets nothing in it
run, so a picture that is also a web page is only ever a picture.

Readers get renditions only, and only of photos readers are shown: one
leading a story readers may see (`Article.objects.published()`) or an
author's portrait, and not expired or restricted; anything else answers 404.
Signed-in staff also get renditions of photos not shown yet (a story being
edited), and so does the holder of a share link for its story's lead photo
(`share_link_shows`), never stored by a shared cache. Uploaded originals (under photos/)
may carry the camera's metadata, GPS included, so only signed-in staff may
fetch them; staged uploads of refused forms are never served.

Renditions are made by a background task (articles/tasks.py). Until a big
original's are made, its rendition addresses answer at once with a stand-in
that nobody caches (see `rendition_pending`), never by rendering in the request.
"""

import logging
import math
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_safe

from articles.imaging import MEDIA_TYPES, RENDITION_FORMATS, RENDITION_SPECS
from articles.models import PhotoAsset, Status
from articles.services.photos import rendition_get_or_create
from articles.services.writing import share_link_from_signed_token
from articles.tasks import make_renditions

logger = logging.getLogger(__name__)

ORIGINALS_PREFIX = "photos/"
PRIVATE_PREFIXES = ("staging/",)
RENDITION_PATH = re.compile(
    r"^renditions/(?P<photo>[0-9]+)/(?P<spec>[a-z]+)-(?P<key>[0-9a-f]{16})\.(?P<ext>[a-z]+)$"
)
# Set on every answer of this view, so the site's own policy (for its pages)
# is not added: nothing in a file may run, load or be framed as a document.
MEDIA_CSP = "default-src 'none'; sandbox"

# Uploaded files are never rewritten in place (a new upload or focal point
# gets a new name), so browsers and CDNs may keep them for a long time; a
# photo whose licence ends sooner is kept no longer than that.
MEDIA_MAX_AGE = 60 * 60 * 24 * 30
# A picture readers are not shown yet, fetched by staff or from a share link's
# preview: no shared cache may keep it, or readers would get it from there
# before the story is out (nor may a browser, once the link is revoked).
NOT_FOR_READERS = "private, no-store"

# A missing rendition of an original up to this size is made in the request
# (a few tens of milliseconds); a bigger one is left to the task worker.
INLINE_RENDITION_MAX_PIXELS = 4_000_000
# While a photo's renditions are pending, its task is queued again at most this often.
RENDITION_REQUEUE_SECONDS = 60
PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    '<rect width="100%" height="100%" fill="#e9e7e2"/></svg>'
)


@require_safe
def serve_media(request, path):
    if path.startswith(PRIVATE_PREFIXES) or ".." in path.split("/") or media_type(path) is None:
        return not_found()
    if path.startswith(ORIGINALS_PREFIX):
        if not request.user.is_staff:
            return not_found()
        return file_response(path, cache_control=f"private, max-age={MEDIA_MAX_AGE}")
    match = RENDITION_PATH.match(path)
    if match is None or match["spec"] not in RENDITION_SPECS or match["ext"] not in RENDITION_FORMATS:
        return not_found()
    # One query: the photo, and whether readers are shown it anywhere.
    photo = PhotoAsset.objects.with_public_use().filter(pk=match["photo"]).first()
    if photo is None or not constant_time_compare(photo.rendition_key, match["key"]) or not photo.is_showable():
        return not_found()
    if not photo.is_in_public_use and not request.user.is_staff and not share_link_shows(request, photo):
        return not_found()
    if not default_storage.exists(path):
        # Renditions are made by a task queued when the photo is saved; this
        # covers a task still queued or running, a new spec, or a lost task.
        if not renders_quickly(photo):
            return rendition_pending(photo, match["spec"], match["ext"])
        rendition_get_or_create(photo=photo, spec=match["spec"], ext=match["ext"])
    if not photo.is_in_public_use:
        return file_response(path, cache_control=NOT_FOR_READERS)
    max_age = MEDIA_MAX_AGE
    if photo.expires_at is not None:
        max_age = min(max_age, math.floor((photo.expires_at - timezone.now()).total_seconds()))
    return file_response(path, cache_control=f"public, max-age={max(0, max_age)}")


def share_link_shows(request, photo) -> bool:
    """Whether the request comes from a share link's preview of a story that leads with `photo`.

    A share link shows one unpublished story to someone without a login,
    its lead picture included. Browsers name the page an image is shown on
    (Referer: the whole address on the same origin), so the preview page's
    own picture is served to whoever opened it, while its link is usable.
    """
    referer = urlsplit(request.headers.get("Referer", ""))
    if not referer.path or referer.netloc != request.get_host():
        return False
    try:
        match = resolve(referer.path)
    except Resolver404:
        return False
    if match.view_name != "articles:share-preview":
        return False
    link = share_link_from_signed_token(match.kwargs["token"])
    if link is None or link.article.status == Status.WITHDRAWN:  # as the preview page itself (views.py)
        return False
    return link.article.lead_photo_id == photo.pk


def media_type(path):
    """The image type a file the site named is served with; None for any other name."""
    return MEDIA_TYPES.get(PurePosixPath(path).suffix.removeprefix("."))


def renders_quickly(photo) -> bool:
    """Whether a missing rendition of `photo` may be made inside the request (a small original)."""
    return 0 < photo.width * photo.height <= INLINE_RENDITION_MAX_PIXELS


def rendition_pending(photo, spec, ext):
    """Answer for a rendition of a big original not made yet: queue its task, answer at once.

    The answer is never kept by a browser or CDN (no-store), so the next
    request gets the real file once the worker has made it:
    - a smaller rendition of the same shape, if one exists already (302 to it):
      the same crop, only less sharp;
    - otherwise a plain placeholder of the rendition's size (an SVG, 200), so
      the page's layout holds and no broken image shows.
    """
    if cache.add(f"renditions-queued:{photo.pk}:{photo.rendition_key}", 1, timeout=RENDITION_REQUEUE_SECONDS):
        try:
            make_renditions.enqueue(photo.pk)
        except Exception:  # noqa: BLE001 - the queue's trouble must not break a page's pictures
            logger.exception("Could not queue renditions of photo %s", photo.pk)
    stand_in = smaller_same_shape(photo, spec, ext)
    if stand_in is not None:
        # Through this view (MEDIA_URL), never the storage's own address (a private bucket's).
        response = HttpResponseRedirect(f"{settings.MEDIA_URL}{stand_in.image.name}")
    else:
        width, height = photo.rendition_size(spec)
        response = HttpResponse(
            PLACEHOLDER_SVG.format(width=width, height=height), content_type="image/svg+xml"
        )
    add_never_cache_headers(response)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


def smaller_same_shape(photo, spec, ext):
    """The largest existing rendition of `photo` cropped to the same shape as `spec`, in `ext`, or None."""
    wanted = RENDITION_SPECS[spec]
    same_shape = [
        name for name, other in RENDITION_SPECS.items()
        if name != spec and other.crop == wanted.crop and other.width * wanted.height == other.height * wanted.width
    ]
    if not same_shape:
        return None
    made = photo.renditions.filter(spec__in=same_shape, ext=ext, focal_key=photo.rendition_key)
    return max(made, key=lambda rendition: rendition.width, default=None)


def file_response(path, *, cache_control):
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, OSError):
        return not_found()
    response = FileResponse(handle, content_type=media_type(path))
    return guarded(response, cache_control=cache_control)


def not_found():
    # Plain and never stored: a picture of a story not out yet answers 404
    # now, and must not keep answering 404 from a cache once the story is out.
    return guarded(HttpResponseNotFound("No such file.", content_type="text/plain; charset=utf-8"),
                   cache_control="no-store")


def guarded(response, *, cache_control):
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response
