"""Wire copy in: ninjs items become stories and photos, with the newsroom's rules. No HTTP views here.

Each item is imported or refused on its own, in its own transaction, and
every item gets one line in the report. Nothing the desk typed is
overwritten: a newer wire version of a story the desk has edited waits as a
pending update for an editor. Stories are written only through the editing
and workflow services, as the importing user (None: the system), so that
user's rights are checked and every change is a revision.
"""

import functools
import hashlib
import http.client
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import permissions
from articles.imaging import megabytes
from articles.models import (
    Article,
    Author,
    Dateline,
    Origin,
    PendingWireUpdate,
    PhotoAsset,
    Section,
    Status,
    Tag,
    WireImport,
    WireImportLine,
    WirePicture,
    WireStory,
)
from articles.models.wire import report_line
from articles.ninjs import WireItem, WireRefusal, ninjs_refusal, ninjs_to_wire_item
from articles.ninjs import WirePicture as WirePictureData
from articles.services.editing import article_save
from articles.services.photos import DuplicatePhoto, lead_photo_refusal, photo_create
from articles.services.publishing import article_publish, article_withdraw

logger = logging.getLogger(__name__)

MAX_NINJS_BYTES = 20_000_000  # "20 MB": decimal, as every limit is stated (imaging.megabytes)
FETCH_TIMEOUT_SECONDS = 10
FETCH_ATTEMPTS = 3  # renditions tried per picture, largest first
MAX_REDIRECTS = 5
READ_CHUNK_BYTES = 256 * 1024
# An item is started only with this much of an upload's picture budget left.
ITEM_RESERVE_SECONDS = 3
REDIRECT_CODES = {301, 302, 303, 307, 308}


# --- The report -------------------------------------------------------------------------


@dataclass
class ItemReport:
    """What happened to one item: one line for the desk."""

    source: str
    label: str
    outcome: str
    detail: str = ""
    notes: list = field(default_factory=list)
    refused: bool = False

    def __str__(self):
        return report_line(self)


class WireFileRefusal(ValueError):
    pass


# --- Reading files ----------------------------------------------------------------------


def ninjs_items(data: bytes) -> list:
    """The items in a ninjs file (one object or a list); WireFileRefusal says why there are none."""
    if len(data) > MAX_NINJS_BYTES:
        raise WireFileRefusal(f"refused: larger than {megabytes(MAX_NINJS_BYTES)}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WireFileRefusal("refused: not UTF-8 text, so not a ninjs JSON file") from None
    if not text.strip():
        raise WireFileRefusal("refused: the file is empty")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise WireFileRefusal(f"refused: not valid JSON ({where}: {error.msg})") from None
    except RecursionError:
        raise WireFileRefusal("refused: JSON nested too deeply to be a news item") from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise WireFileRefusal(f"refused: unreadable JSON ({str(error)[:80]})") from None
    items = parsed if isinstance(parsed, list) else [parsed]
    if not items:
        raise WireFileRefusal("refused: an empty list, no items")
    return items


def _label(number: int, count: int, item) -> str:
    uri = item.get("uri") if isinstance(item, dict) else None
    where = f"item {number}" if count > 1 else "item"
    return f"[{where} {str(uri)[:120]}]" if isinstance(uri, str) and uri else f"[{where}]"


def wire_import_bytes(data: bytes, *, source: str, base_dir: Path | None, section: Section, publish: bool,
                      photos: bool = False, by=None, fetch=None, text_renditions=None) -> list[ItemReport]:
    """Import every item of one ninjs file's bytes; one report per item (or one for an unreadable file).

    `base_dir` is where relative rendition addresses (and file:// ones) are
    read from; None (an uploaded file) reads pictures from http(s) only.
    `text_renditions(href)` gives a text rendition's bytes (AP's NITF body)
    or None; without it, an item whose body is only a rendition is refused.
    """
    return list(wire_import_reports(data, source=source, base_dir=base_dir, section=section, publish=publish,
                                    photos=photos, by=by, fetch=fetch, text_renditions=text_renditions))


def wire_import_reports(data: bytes, *, source: str, base_dir: Path | None, section: Section, publish: bool,
                        photos: bool = False, by=None, fetch=None, skip: int = 0, text_renditions=None):
    """Import the items of one ninjs file one by one, yielding each one's report as it is done.

    `skip` items are passed over (already imported by a run that was cut
    short). A `fetch` with a `prefetch(raw)` method is handed each item first,
    to download its pictures before the item's transaction opens.
    """
    try:
        items = ninjs_items(data)
    except WireFileRefusal as error:
        if not skip:
            yield ItemReport(source, "", str(error), refused=True)
        return
    fetch = fetch or PictureFetcher(base_dir=base_dir)
    for number, raw in enumerate(items, start=1):
        if number <= skip:
            continue
        label = _label(number, len(items), raw)
        left = getattr(fetch, "seconds_left", lambda: None)() if photos else None
        if left is not None and left < ITEM_RESERVE_SECONDS:
            # Better not at all than without its pictures: a later import of the
            # same file skips what arrived and brings the rest.
            yield ItemReport(source, label, "not imported yet:",
                             "this upload ran out of time for pictures; import the file again for the rest")
            continue
        try:
            if hasattr(fetch, "prefetch"):
                fetch.prefetch(raw)
            yield _import_item(raw, source=source, label=label, section=section, publish=publish,
                               photos=photos, by=by, fetch=fetch, text_renditions=text_renditions)
        except WireRefusal as error:
            yield ItemReport(source, label, "refused:", str(error), refused=True)
        except ValidationError as error:  # the story's own rules (full_clean) said no
            yield ItemReport(source, label, "refused:", " ".join(error.messages), refused=True)
        except PermissionDenied as error:  # the person importing may not make this change
            yield ItemReport(source, label, "refused:", str(error), refused=True)
        except RecursionError:
            yield ItemReport(source, label, "refused:", "nested too deeply to be a news item", refused=True)
        except Exception as error:  # never a traceback for the desk; the log keeps it for us
            logger.exception("Wire item %s %s could not be imported", source, label)
            yield ItemReport(source, label, "refused:",
                             f"could not be imported ({type(error).__name__}); nothing was saved", refused=True)


# --- "Import wire copy" in the admin: stored at once, imported by a task -------------------


def wire_import_start(*, files: list[tuple[str, bytes]], section: Section, publish: bool, photos: bool,
                      by=None) -> WireImport:
    """Store uploaded ninjs files (name, bytes) for the import task; return the import whose report fills in.

    The caller queues the import_wire_copy task (articles/tasks.py). The
    files are kept under private names (the /media/ view never serves them)
    until the import is done.
    """
    stored = []
    for name, data in files:
        path = default_storage.save(f"wire-imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.json", ContentFile(data))
        stored.append({"name": name[:200], "stored": path})
    return WireImport.objects.create(created_by=by, section=section, publish=publish, photos=photos, files=stored)


def wire_import_run(*, wire_import: WireImport) -> WireImport:
    """Import a stored upload's items one by one, writing each one's report line as it is done.

    Idempotent: a run cut short (a killed worker) resumes after the last line
    written, and an item imported but not yet reported is only found
    "unchanged" the second time. Pictures are downloaded before each item's
    transaction opens (PrefetchingFetcher), each item's within
    NEWSROOM_WIRE_UPLOAD_PICTURE_SECONDS; the files are deleted when done.
    """
    if wire_import.state == WireImport.State.DONE:
        return wire_import
    WireImport.objects.filter(pk=wire_import.pk).update(state=WireImport.State.RUNNING)
    fetch = PrefetchingFetcher(budget_seconds=settings.NEWSROOM_WIRE_UPLOAD_PICTURE_SECONDS)
    for file_index, entry in enumerate(wire_import.files):
        done = wire_import.lines.filter(file_index=file_index).count()
        try:
            with default_storage.open(entry["stored"], "rb") as handle:
                data = handle.read()
        except OSError:
            if not done:
                WireImportLine.objects.create(wire_import=wire_import, file_index=file_index, item_index=0,
                                              source=entry["name"], outcome="refused: the stored file is gone",
                                              refused=True)
            continue
        reports = wire_import_reports(
            data, source=entry["name"], base_dir=None, section=wire_import.section, publish=wire_import.publish,
            photos=wire_import.photos, by=wire_import.created_by, fetch=fetch, skip=done,
        )
        for item_index, report in enumerate(reports, start=done):
            WireImportLine.objects.create(
                wire_import=wire_import, file_index=file_index, item_index=item_index, source=report.source[:300],
                label=report.label[:200], outcome=report.outcome[:200], detail=report.detail,
                notes=list(report.notes), refused=report.refused,
            )
    wire_import.state, wire_import.finished_at = WireImport.State.DONE, timezone.now()
    wire_import.save(update_fields=["state", "finished_at"])
    for entry in wire_import.files:
        default_storage.delete(entry["stored"])
    return wire_import


def wire_import_path(path: Path, **options) -> list[ItemReport]:
    """Import one ninjs file from disk; pictures with relative addresses are read beside it."""
    try:
        if path.stat().st_size > MAX_NINJS_BYTES:  # not read into memory at all
            return [ItemReport(str(path), "", f"refused: larger than {megabytes(MAX_NINJS_BYTES)}",
                               refused=True)]
        data = path.read_bytes()
    except OSError as error:
        return [ItemReport(str(path), "", f"refused: cannot be read ({error.strerror or error})", refused=True)]
    options.setdefault("text_renditions", TextRenditionsBeside(path))
    return wire_import_bytes(data, source=str(path), base_dir=path.resolve().parent, **options)


class TextRenditionsBeside:
    """A text rendition (AP's NITF story) from the folder of the ninjs file, never from the network.

    A relative address is read from that folder (and only from inside it); for
    an http(s) address, the file the agency's downloader put beside the item:
    named like the JSON file (`story.json` -> `story.xml`, `story.nitf.xml`,
    `story.nitf`), or like the address's last part when that ends in .xml.
    """

    SUFFIXES = (".xml", ".nitf.xml", ".nitf")

    def __init__(self, path: Path):
        self.folder, self.stem = path.resolve().parent, path.stem

    def candidates(self, href: str) -> list[Path]:
        parts = urlsplit(href)
        if not parts.scheme and parts.path:
            return [self.folder / unquote(parts.path)]
        names = [self.stem + suffix for suffix in self.SUFFIXES]
        last = Path(unquote(parts.path)).name
        if last.lower().endswith((".xml", ".nitf")):
            names.append(last)
        return [self.folder / name for name in names]

    def __call__(self, href: str) -> bytes | None:
        for candidate in self.candidates(href):
            try:
                candidate = candidate.resolve()
                if not candidate.is_relative_to(self.folder) or not candidate.is_file():
                    continue
                if candidate.stat().st_size > MAX_NINJS_BYTES:
                    continue
                return candidate.read_bytes()
            except (OSError, ValueError):
                continue
        return None


def _import_item(raw, *, source, label, section, publish, photos, by, fetch, text_renditions=None) -> ItemReport:
    reason = ninjs_refusal(raw)
    if reason:
        raise WireRefusal(reason)
    wire = ninjs_to_wire_item(raw, read_rendition=text_renditions)
    new_files = []
    with deleting_new_files_on_failure(new_files), transaction.atomic():
        if wire.picture is not None:
            if not photos:
                raise WireRefusal("a picture item; import it with --photos to add it to the photo library")
            photo, note = photo_for_wire_picture(picture=wire.picture, fetch=fetch, new_files=new_files)
            if photo is None:
                raise WireRefusal(f"picture not imported: {note}")
            return ItemReport(source, label, f"photo {note}:", f"“{photo}”")
        article, outcome, notes = article_import_wire_item(
            wire=wire, section=section, publish=publish, fetch=fetch, by=by, new_files=new_files
        )
    detail = f"“{article.headline}” ({article.state_label()})" if article is not None else ""
    return ItemReport(source, label, outcome, detail, notes)


@contextmanager
def deleting_new_files_on_failure(new_files: list):
    """No orphan files: when the work fails, its rows are rolled back, so the files they named go too."""
    try:
        yield
    except BaseException:
        for name in new_files:
            PhotoAsset._meta.get_field("image").storage.delete(name)
        raise


# --- Pictures ---------------------------------------------------------------------------


class PictureFetchError(Exception):
    pass


# --- Fetching from the network without reaching the server's own -------------------------
# A ninjs file names the addresses the server fetches; whoever may import one
# must not be able to make the server ask its own network (SSRF): the cloud's
# metadata service, a database, an admin page bound to localhost.


def address_refusal(address: str) -> str:
    """Why the server must not fetch from this IP address, or "" if it may (a public address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # without an IPv6 zone ("fe80::1%eth0")
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
    kinds = (
        ("loopback", ip.is_loopback), ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified), ("reserved", ip.is_reserved), ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    return next((f"{ip} is a {kind} address" for kind, is_kind in kinds if is_kind), "")


def _is_allowed_host(host: str) -> bool:
    return host.lower().rstrip(".") in settings.NEWSROOM_WIRE_PICTURE_HOSTS


def _refused(host: str, refusal: str) -> PictureFetchError:
    where = "" if refusal.startswith(f"{host} ") else f" ({host})"
    return PictureFetchError(
        f"refused: {refusal}{where}, inside the server's network; "
        "list the host in NEWSROOM_WIRE_PICTURE_HOSTS to allow it"
    )


def check_picture_address(href: str) -> None:
    """Raise PictureFetchError unless every address `href`'s host resolves to is public, or the host is allowed."""
    parts = urlsplit(href)
    host = parts.hostname
    if not host:
        raise PictureFetchError("no host in the address")
    if _is_allowed_host(host):
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
    except (OSError, ValueError, UnicodeError) as error:
        raise PictureFetchError(f"unreachable ({host}: {str(error)[:60]})") from None
    for address in sorted(addresses):
        if refusal := address_refusal(address):
            raise _refused(host, refusal)


class _PeerCheckingConnection:
    """Checks the address actually connected to: a name that resolved to a public address a
    moment ago may resolve to an internal one now (DNS rebinding)."""

    def __init__(self, *args, picture_host, **kwargs):
        super().__init__(*args, **kwargs)
        self.picture_host = picture_host

    def connect(self):
        super().connect()
        # Through a proxy the peer is the proxy; the name itself was checked before the request.
        if self.host.lower() != self.picture_host or _is_allowed_host(self.picture_host):
            return
        if refusal := address_refusal(self.sock.getpeername()[0]):
            self.close()
            raise _refused(self.picture_host, refusal)


class _PeerCheckingHTTPConnection(_PeerCheckingConnection, http.client.HTTPConnection):
    pass


class _PeerCheckingHTTPSConnection(_PeerCheckingConnection, http.client.HTTPSConnection):
    pass


class _PeerCheckingHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        host = urlsplit(req.full_url).hostname or ""
        return self.do_open(functools.partial(_PeerCheckingHTTPConnection, picture_host=host), req)


class _PeerCheckingHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        host = urlsplit(req.full_url).hostname or ""
        return self.do_open(
            functools.partial(_PeerCheckingHTTPSConnection, picture_host=host), req, context=self._context
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect comes back as an HTTPError: PictureFetcher checks its address before following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_PeerCheckingHTTPHandler, _PeerCheckingHTTPSHandler, _NoRedirects)


class PictureFetcher:
    """Reads a rendition: a path relative to the ninjs file, file://, or http(s) with a size limit and a timeout.

    http(s) addresses inside the server's network are refused, after every
    redirect too, unless their host is in NEWSROOM_WIRE_PICTURE_HOSTS.

    `budget_seconds` bounds all the downloads of one fetcher together: an
    upload in the admin must answer before the web server gives up on it,
    however slow the agency's picture server is (a server that sends a byte
    every few seconds never trips a socket timeout).
    """

    def __init__(self, *, base_dir: Path | None, timeout=FETCH_TIMEOUT_SECONDS, max_bytes=None, budget_seconds=None):
        self.base_dir, self.timeout = base_dir, timeout
        self.max_bytes = max_bytes or settings.NEWSROOM_PHOTO_MAX_BYTES
        self.deadline = time.monotonic() + budget_seconds if budget_seconds is not None else None

    def seconds_left(self) -> float | None:
        """Seconds left of the budget (None: no budget)."""
        return None if self.deadline is None else self.deadline - time.monotonic()

    def _time_for_one(self) -> float:
        left = self.seconds_left()
        if left is None:
            return self.timeout
        if left <= 0:
            raise PictureFetchError("not fetched: this upload ran out of time for pictures")
        return min(self.timeout, left)

    def __call__(self, href: str) -> bytes:
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            return self._download(href)
        if self.base_dir is None:
            raise PictureFetchError("only http(s) addresses are read for uploaded files")
        if scheme == "file":
            return self._read(Path(unquote(parts.path)))
        if scheme == "" and parts.path:
            return self._read(self.base_dir / unquote(parts.path))
        raise PictureFetchError(f"cannot read a {scheme or 'blank'} address")

    def _too_big(self):
        return PictureFetchError(f"larger than {megabytes(self.max_bytes)}")

    def _read(self, path: Path) -> bytes:
        try:
            if not path.is_file():
                raise PictureFetchError("no such file")
            if path.stat().st_size > self.max_bytes:
                raise self._too_big()
            return path.read_bytes()
        except OSError as error:
            raise PictureFetchError(f"cannot be read ({error.strerror or error})") from None

    def _download(self, href: str) -> bytes:
        for _ in range(MAX_REDIRECTS + 1):
            check_picture_address(href)
            data, location = self._get(href)
            if location is None:
                return data
            href = urljoin(href, location)
            if urlsplit(href).scheme.lower() not in ("http", "https"):
                raise PictureFetchError("redirected to an address that is not http(s)")
        raise PictureFetchError(f"more than {MAX_REDIRECTS} redirects")

    def _get(self, href: str) -> tuple[bytes | None, str | None]:
        """(the picture's bytes, None), or (None, where the server redirects to)."""
        request = urllib.request.Request(href, headers={"User-Agent": "newsroom-wire/1.0", "Accept": "image/*"})
        try:
            with _OPENER.open(request, timeout=self._time_for_one()) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise self._too_big()
                data = self._read_body(response)
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location") if error.code in REDIRECT_CODES else None
            error.close()
            if location:
                return None, location
            raise PictureFetchError(f"the server answered {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise PictureFetchError(f"unreachable ({str(reason)[:80]})") from None
        if len(data) > self.max_bytes:
            raise self._too_big()
        return data, None

    def _read_body(self, response) -> bytes:
        """The body, up to one byte past the size limit, in chunks: the budget is checked between them."""
        chunks, size = [], 0
        while size <= self.max_bytes:
            # read1: whatever has arrived, one receive at most (read() would wait for the whole chunk).
            chunk = response.read1(min(READ_CHUNK_BYTES, self.max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            self._time_for_one()  # raises once the budget is spent
        return b"".join(chunks)


class PrefetchingFetcher:
    """A PictureFetcher for the import task: an item's pictures are downloaded before its transaction opens.

    `prefetch(raw)` downloads, for each picture of the item not yet in the
    library, the first of its candidate renditions that arrives (largest
    first), each item's pictures within `budget_seconds` together (a server
    that drips its bytes cannot hold the import). Inside the transaction,
    calling the fetcher only hands back what was downloaded: the database
    is never kept waiting on another server.
    """

    def __init__(self, *, budget_seconds: float):
        self.budget_seconds = budget_seconds
        self.fetched: dict[str, bytes | PictureFetchError] = {}

    def prefetch(self, raw) -> None:
        self.fetched = {}
        try:
            wire = ninjs_to_wire_item(raw) if not ninjs_refusal(raw) else None
        except WireRefusal:
            wire = None
        if wire is None:
            return
        pictures = [wire.picture] if wire.picture is not None else list(wire.pictures)
        download = PictureFetcher(base_dir=None, budget_seconds=self.budget_seconds)
        for picture in pictures:
            if picture.uri and WirePicture.objects.filter(uri=picture.uri).exists():
                continue  # reused from the library, nothing to download
            for rendition in _candidates(picture)[:FETCH_ATTEMPTS]:
                try:
                    self.fetched[rendition["href"]] = download(rendition["href"])
                    break
                except PictureFetchError as error:
                    self.fetched[rendition["href"]] = error

    def __call__(self, href: str) -> bytes:
        found = self.fetched.get(href)
        if found is None:
            raise PictureFetchError("not tried: a larger rendition arrived first")
        if isinstance(found, PictureFetchError):
            raise found
        return found


def _candidates(picture: WirePictureData) -> list[dict]:
    """Renditions worth trying, largest first: images (or of unknown type) within the size limit."""
    usable = [
        r for r in picture.renditions
        if (not r["contenttype"] or r["contenttype"].startswith("image/"))
        and (r["sizeinbytes"] is None or r["sizeinbytes"] <= settings.NEWSROOM_PHOTO_MAX_BYTES)
    ]
    return sorted(usable, key=lambda r: ((r["width"] or 0) * (r["height"] or 0), r["sizeinbytes"] or 0), reverse=True)


def _file_name(picture: WirePictureData, rendition: dict) -> str:
    stem = slugify(picture.headline or Path(urlsplit(rendition["href"]).path).stem or "wire-photo")[:60] or "wire"
    # Only a stem: photo_prepare stores the picture under its decoded format's extension.
    return stem


def _photo_from_bytes(data: bytes, *, picture: WirePictureData, rendition: dict, new_files: list) -> PhotoAsset:
    """A library photo from a wire picture's bytes, by the photo desk's own rules (photo_create).

    Alt text comes from the item's "alternative" description, else the
    picture's own headline, never from its caption (printed under the
    picture, so screen readers would read it twice); a picture without one
    waits for the desk to write it. A duplicate of a picture already in the library is
    that photo.
    """
    # The picture's own headline ("Silos at the port") is never printed, so it
    # can describe the picture without being read twice; a caption is printed.
    alt_text = picture.alt_text or (picture.headline if picture.headline != picture.caption else "")
    fields = {
        "alt_text": alt_text[:300], "caption": picture.caption, "credit": picture.credit[:200],
        "title": (picture.headline or picture.caption)[:200],
        # The agency's rights win over what the file says, as the desk's typing does.
        "copyright_notice": picture.copyright_notice[:300], "usage_terms": picture.usage_terms,
    }
    try:
        photo = photo_create(file=SimpleUploadedFile(_file_name(picture, rendition), data), **fields)
    except DuplicatePhoto as duplicate:
        return duplicate.photo
    new_files.append(photo.image.name)
    return photo


def photo_for_wire_picture(*, picture: WirePictureData, fetch, new_files: list) -> tuple[PhotoAsset | None, str]:
    """The library photo for a wire picture: the one already imported under its uri, or a new one.

    Tries the largest renditions the photo rules accept first. Returns
    (photo, "added"/"reused") or (None, why not).
    """
    known = WirePicture.objects.filter(uri=picture.uri).select_related("photo").first() if picture.uri else None
    if known is not None:
        return known.photo, "reused"
    candidates = _candidates(picture)
    if not candidates:
        return None, "no image rendition with an address"
    problems = []
    for rendition in candidates[:FETCH_ATTEMPTS]:
        try:
            data = fetch(rendition["href"])
            photo = _photo_from_bytes(data, picture=picture, rendition=rendition, new_files=new_files)
        except PictureFetchError as error:
            problems.append(f"{rendition['href'][:100]}: {error}")
            continue
        except ValidationError as error:
            problems.append(f"{rendition['href'][:100]}: {' '.join(error.messages)}")
            continue
        if WirePicture.objects.filter(photo=photo).exists():
            # The same bytes came from the wire before (or earlier in this item): agencies reissue
            # a picture under a new uri. That photo keeps the record of where it first came from.
            return photo, "reused"
        if picture.uri:
            WirePicture.objects.create(
                photo=photo, uri=picture.uri, version=picture.version, href=rendition["href"][:1000],
                copyright_holder=picture.copyright_holder, copyright_notice=picture.copyright_notice,
                usage_terms=picture.usage_terms,
            )
        return photo, "added"
    return None, "; ".join(problems)


# --- Stories ----------------------------------------------------------------------------


def unique_slug(model, text, *, max_length=200, exclude_pk=None):
    base = slugify(text)[: max_length - 4].strip("-") or "story"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def author_for_wire_name(name: str) -> Author:
    author = Author.objects.filter(name__iexact=name).order_by("pk").first()
    return author or Author.objects.create(name=name, slug=unique_slug(Author, name, max_length=120))


def tag_for_name(name: str) -> Tag:
    tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    return tag or Tag.objects.create(name=name, slug=unique_slug(Tag, name, max_length=80))


def article_fingerprint(article: Article) -> str:
    """A hash of the story's text as printed: it changes when anyone edits the words, bylines or dateline."""
    # A byline with an affiliation counts it too; one without hashes as it always has.
    bylines = [author if not affiliation else [author, affiliation] for author, affiliation
               in article.bylines.order_by("position", "id").values_list("author_id", "affiliation")]
    text = [article.headline, article.kicker, article.dek, article.body, article.dateline_id, article.dateline_source,
            bylines]
    return hashlib.sha256(json.dumps(text, default=str).encode()).hexdigest()


def _version_number(version: str):
    return int(version) if version.isdigit() and len(version) < 18 else None


def is_newer(wire: WireItem, *, version: str, version_created_at) -> bool:
    """Whether `wire` is a later version than the one imported: by version number, else by versioncreated."""
    new, old = _version_number(wire.version), _version_number(version)
    if new is not None and old is not None and new != old:
        return new > old
    if wire.version_created and version_created_at and wire.version_created != version_created_at:
        return wire.version_created > version_created_at
    if new is None and old is None and wire.version and version and wire.version != version:
        return wire.version > version  # neither numbers nor times: the later string, as agencies' ids sort
    return False


# The story's text a wire item can carry, and how an editor names each part.
WIRE_TEXT_FIELDS = {
    "headline": "headline", "kicker": "kicker", "dek": "dek", "body": "body", "dateline_source": "dateline credit",
}


def wire_sent(wire: WireItem) -> dict:
    """The story's text fields this wire item carries: an update over an existing story changes only these.

    A ninjs item cannot say "no kicker any more": a part it leaves out, or
    sends empty, is one the wire did not send, so what the desk set there stays.
    """
    values = {"headline": wire.headline, "kicker": wire.kicker, "dek": wire.dek, "body": wire.body,
              "dateline_source": wire.source}
    return {name: value for name, value in values.items() if value}


def wire_changes(article: Article, wire: WireItem) -> list[str]:
    """Editor-facing names of what applying `wire` as an update would change in `article`."""
    labels = [WIRE_TEXT_FIELDS[name] for name, value in wire_sent(wire).items() if getattr(article, name) != value]
    if wire.place and (article.dateline is None or article.dateline.place != wire.place):
        labels.append("dateline")
    if wire.authors:
        names = list(article.bylines.order_by("position", "id").values_list("author__name", flat=True))
        if names != list(dict.fromkeys(wire.authors)):
            labels.append("bylines")
    return labels


def _substantive(before: Article, wire: WireItem) -> bool:
    sent = wire_sent(wire)
    return any(getattr(before, name) != sent[name] for name in ("headline", "dek", "body") if name in sent)


def _write_wire_text(article: Article, wire: WireItem, *, update=False) -> None:
    """Put the wire's text in the story: all of it for a new story; for an update, only what the wire sent."""
    if update:
        for name, value in wire_sent(wire).items():
            setattr(article, name, value)
        if wire.place:
            article.dateline = Dateline.objects.get_or_create(place=wire.place)[0]
    else:
        article.headline, article.kicker, article.dek, article.body = wire.headline, wire.kicker, wire.dek, wire.body
        article.dateline = Dateline.objects.get_or_create(place=wire.place)[0] if wire.place else None
        article.dateline_source = wire.source
    article.source_version = wire.version


def _save_from_wire(article: Article, wire: WireItem, *, by, embargo, substantive=False, update=False) -> None:
    """Save the wire's version of the story through the editing service, as `by` (None: the system).

    `by`'s rights are checked as for any save. The wire's embargo is the
    agency's rule, not the importer's decision: when `by` may not set
    embargoes (a reporter importing copy), the system sets it, in a revision
    of its own, so an editor who later presses Publish is still held by it.
    """
    # "Aaron J. Staples, Michigan State University": the university prints after the name, as the byline's.
    affiliations = {}
    for name in wire.authors:
        affiliations.setdefault(author_for_wire_name(name), wire.affiliations.get(name, ""))
    bylines = [(author, "", affiliation) for author, affiliation in affiliations.items()]
    tags = [tag_for_name(name) for name in wire.tags]
    if update:
        # None keeps the story's own: an update without bylines or keywords leaves the desk's in place.
        bylines, tags = bylines or None, tags or None
    if permissions.can_publish(by, article):
        article.embargo_until = embargo
    # A substantive update of a live story prints "Updated" at the wire's own version time.
    article_save(article=article, by=by, bylines=bylines, tags=tags, substantive=substantive,
                 revised_at=wire.version_created, note=_revision_note(wire))
    if article.embargo_until != embargo:
        article.embargo_until = embargo
        article_save(article=article, by=None, note=f"From the wire: embargoed until {embargo.isoformat()}"[:200])


def _attach_pictures(article: Article, wire: WireItem, *, fetch, new_files, going_live=False) -> list[str]:
    """Import the item's pictures; the first one that arrives becomes the lead photo. Returns notes.

    For a story going live, the lead is the first picture it may go live
    with (credited, alt text, licence valid): the others wait in the library
    for the desk, and the story goes up without a picture rather than not at all.
    """
    notes, lead = [], None
    for number, picture in enumerate(wire.pictures, start=1):
        photo, outcome = photo_for_wire_picture(picture=picture, fetch=fetch, new_files=new_files)
        if photo is None:
            notes.append(f"picture {number} not imported: {outcome}")
            continue
        notes.append(f"picture {number} {outcome}: credit “{photo.credit or 'none'}”")
        refusal = lead_photo_refusal(photo) if going_live else None
        if refusal:
            notes.append(f"picture {number} is in the library but not the lead photo: {refusal}")
            continue
        lead = lead or photo
    if lead is not None:
        article.lead_photo = lead
    return notes


def _remember_import(article: Article, wire: WireItem) -> None:
    WireStory.objects.update_or_create(
        article=article,
        defaults={"uri": wire.uri, "version": wire.version, "version_created_at": wire.version_created,
                  "fingerprint": article_fingerprint(article)},
    )


def _revision_note(wire: WireItem) -> str:
    return f"From the wire: {wire.uri}, version {wire.version or '(none)'}"[:200]


def _publish_time(wire: WireItem, now):
    """The wire's own time for the story: first created (else version created), never before its
    embargo ran out, when past; else now (publishing holds a story still under embargo until its end)."""
    moment = wire.first_created or wire.version_created
    if moment is not None and wire.embargoed is not None:
        moment = max(moment, wire.embargoed)
    return moment if moment is not None and moment <= now else now


@transaction.atomic
def article_import_wire_item(*, wire: WireItem, section: Section, publish: bool, fetch, by=None,
                             new_files=None) -> tuple[Article | None, str, list[str]]:
    """Create or update the story for one wire text item; return it, what happened, and notes.

    The ninjs uri identifies the item. Only a newer version changes anything;
    a withdrawn story stays withdrawn; a canceled or withheld item takes the
    story down; a story the desk has edited since the last import gets the
    newer version as a pending update instead.
    """
    new_files = [] if new_files is None else new_files
    now = timezone.now()
    article = Article.objects.filter(source_uri=wire.uri).select_related("wire_story").first()
    if article is None:
        if wire.withdrawn:
            return None, "skipped", [f"{wire.pubstatus} before we had the story"]
        return _create_story(wire, section=section, publish=publish, fetch=fetch, by=by, new_files=new_files, now=now)

    record = getattr(article, "wire_story", None)
    seen = (record.version, record.version_created_at) if record else (article.source_version, None)
    if not is_newer(wire, version=seen[0], version_created_at=seen[1]):
        return article, "unchanged", [f"version {wire.version or '(none)'} is not newer than {seen[0] or '(none)'}, "
                                      "the one already imported"]
    if article.status == Status.WITHDRAWN:
        return article, "unchanged", ["the story is withdrawn; the wire's update was not applied"]
    if by is not None and not permissions.can_change(by, article):
        # The same rule as the story form: a reporter's upload cannot rewrite a live or someone else's story.
        raise PermissionDenied(f"{by.get_username()} may not change \u201c{article.headline}\u201d; an editor may.")
    if wire.withdrawn:
        article_withdraw(article=article, by=by, note="The wire canceled or withheld the item.")
        _remember_import(article, wire)
        return article, "withdrawn", [f"the wire marked it {wire.pubstatus}"]
    if record is not None and article_fingerprint(article) != record.fingerprint:
        # Only the newest wire version waits: applying an older one later would go backwards.
        PendingWireUpdate.objects.open().filter(article=article).exclude(version=wire.version).update(
            resolution=PendingWireUpdate.Resolution.SUPERSEDED, resolved_at=now
        )
        PendingWireUpdate.objects.update_or_create(
            article=article, version=wire.version,
            defaults={"version_created_at": wire.version_created, "headline": wire.headline,
                      "ninjs": wire.ninjs, "resolution": "", "resolved_at": None},
        )
        return article, "kept for review", ["the desk has edited this story; an editor applies or dismisses the update"]
    notes = _update_story(article, wire, fetch=fetch, by=by, new_files=new_files)
    return article, "updated", notes


def _create_story(wire, *, section, publish, fetch, by, new_files, now):
    article = Article(section=section, origin=Origin.WIRE, source_uri=wire.uri,
                      slug=unique_slug(Article, wire.headline))
    _write_wire_text(article, wire)
    notes = _attach_pictures(article, wire, fetch=fetch, new_files=new_files, going_live=publish)
    _save_from_wire(article, wire, by=by, embargo=wire.embargoed)
    if publish:
        article_publish(article=article, at=_publish_time(wire, now), by=by)
    _remember_import(article, wire)
    return article, "created", notes


def _update_story(article, wire, *, fetch, by, new_files) -> list[str]:
    substantive = _substantive(article, wire)
    embargo = wire.embargoed or article.embargo_until
    _write_wire_text(article, wire, update=True)
    notes = _attach_pictures(article, wire, fetch=fetch, new_files=new_files,
                             going_live=article.status == Status.PUBLISHED)
    _save_from_wire(article, wire, by=by, embargo=embargo, substantive=substantive, update=True)
    _remember_import(article, wire)
    return notes


# --- Pending updates --------------------------------------------------------------------


@transaction.atomic
def pending_wire_update_apply(*, update: PendingWireUpdate, by=None) -> Article:
    """Apply a kept wire update over the desk's version (an editor's decision), as `by`.

    `by`'s rights are checked as for any save: a reporter cannot put wire copy
    over a live story. A refusal raises PermissionDenied or ValidationError
    and changes nothing.
    """
    wire = ninjs_to_wire_item(update.ninjs)
    article = update.article
    new_files = []
    with deleting_new_files_on_failure(new_files):
        _update_story(article, wire, fetch=PictureFetcher(base_dir=None), by=by, new_files=new_files)
        update.resolution, update.resolved_at, update.resolved_by = (
            PendingWireUpdate.Resolution.APPLIED, timezone.now(), by,
        )
        update.save()
    return article


@transaction.atomic
def pending_wire_update_dismiss(*, update: PendingWireUpdate, by=None) -> PendingWireUpdate:
    """Keep the desk's version; the wire update is marked dismissed (and its version counted as seen)."""
    update.resolution, update.resolved_at, update.resolved_by = (
        PendingWireUpdate.Resolution.DISMISSED, timezone.now(), by,
    )
    update.save()
    WireStory.objects.filter(article=update.article).update(
        version=update.version, version_created_at=update.version_created_at
    )
    return update
