"""Plain Pillow: what the site accepts, renditions cropped around a focal point,
and the metadata agencies and cameras write into photos. No models here.

Files and numbers in, bytes and numbers out, so this is tested without a
database. Every rendition is re-encoded without the original's metadata, so
location data from a phone never reaches readers.
"""

import functools
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from django.utils.crypto import salted_hmac
from PIL import Image, ImageOps, IptcImagePlugin

# --- What the site accepts ---------------------------------------------------------------

# Formats every browser the site serves can show (MPO is how Pillow names a
# JPEG with a second, stereo or depth, frame: still a JPEG).
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF"}
# The extension the site stores each accepted format under, and the one media
# type it is served with: a file's own name and claimed type are never used.
FORMAT_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WebP": "webp", "AVIF": "avif"}
MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}
UPRIGHT_SWAPS = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter
EXIF_ORIENTATION = 0x0112


class ImageRefused(ValueError):
    """A file the photo desk cannot use, with the reason in words."""


@dataclass(frozen=True)
class ImageFacts:
    format: str  # "JPEG", "PNG", "WebP", "AVIF"
    width: int  # upright: after the EXIF orientation is applied
    height: int
    sha256: str

    @property
    def extension(self) -> str:
        """The extension the site stores this picture under: "jpg", "png", "webp" or "avif"."""
        return FORMAT_EXTENSIONS[self.format]


SVG_REFUSAL = "SVG drawings are not accepted; use JPEG, PNG, WebP or AVIF."


def is_svg(data: bytes) -> bool:
    """Whether the bytes are an SVG drawing (XML text with an <svg> element near its start)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<!--")) and b"<svg" in head


def inspect_image(source, *, max_bytes: int, max_pixels: int) -> ImageFacts:
    """Check that `source` (a file) is a whole JPEG, PNG, WebP or AVIF within the limits.

    The format is what the bytes say, not the name; the whole picture is
    decoded, so a truncated file is refused here rather than failing on a
    reader's first request. Raises ImageRefused with a sentence for the desk.
    """
    source.seek(0)
    data = source.read()
    source.seek(0)
    if is_svg(data):
        raise ImageRefused(SVG_REFUSAL)
    if len(data) > max_bytes:
        raise ImageRefused(
            f"the file is {megabytes(len(data))} ({len(data):,} bytes); photos may be at most "
            f"{megabytes(max_bytes)} ({max_bytes:,} bytes)."
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = ACCEPTED_FORMATS.get(image.format or "")
            if kind is None:
                raise ImageRefused(
                    f"{image.format or 'this kind of'} files are not accepted; use JPEG, PNG, WebP or AVIF."
                )
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRefused(
                    f"the picture is {width}×{height} ({width * height / 1e6:g} megapixels); "
                    f"at most {max_pixels / 1e6:g} megapixels are accepted."
                )
            if image.format == "JPEG":
                # Every byte is still decoded, at 1/8 scale: a 99-megapixel upload
                # is checked in a fraction of the time and memory of full size.
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()  # decode every byte: a truncated or corrupt file fails here
            orientation = image.getexif().get(EXIF_ORIENTATION)
    except ImageRefused:
        raise
    except Image.DecompressionBombError:
        raise ImageRefused(f"the picture has more than {max_pixels / 1e6:g} megapixels.") from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken files
        raise ImageRefused(
            "not a whole JPEG, PNG, WebP or AVIF picture (the file is broken, cut short or of another kind)."
        ) from None
    if orientation in UPRIGHT_SWAPS:
        width, height = height, width
    return ImageFacts(format=kind, width=width, height=height, sha256=hashlib.sha256(data).hexdigest())


def upright_size(source) -> tuple[int | None, int | None]:
    """(width, height) of the picture as displayed, after its EXIF orientation; (None, None) if unreadable."""
    try:
        with Image.open(source) as image:
            width, height = image.size
            if image.getexif().get(EXIF_ORIENTATION) in UPRIGHT_SWAPS:
                width, height = height, width
    except Exception:  # noqa: BLE001 - an unreadable file has no size; validation says why
        return None, None
    return width, height


def megabytes(size: int) -> str:
    """'40 MB', '41.1 MB', '2 KB': decimal units (a megabyte is 1,000,000 bytes), as limits are set and stated."""
    value, unit = (size / 1_000_000, "MB") if size >= 1_000_000 else (size / 1000, "KB")
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


# --- Renditions ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RenditionSpec:
    width: int
    height: int
    quality: int = 82
    crop: bool = True  # False: the whole picture, scaled to fit inside width × height


# Named crops templates ask for. "thumb", "card" and "hero" are one 16:9
# shape at three widths (fronts, story pages, social cards); "standard" (4:3)
# and "square" (1:1) are what Google asks for beside 16:9 in NewsArticle;
# "portrait" is an author's square head shot. Every crop keeps the focal point.
RENDITION_SPECS = {
    "thumb": RenditionSpec(480, 270),
    "card": RenditionSpec(960, 540),
    "hero": RenditionSpec(1600, 900),
    "standard": RenditionSpec(1200, 900),
    "square": RenditionSpec(1200, 1200),
    "portrait": RenditionSpec(320, 320),
    # 16:9 at 1200 px, beside "standard" and "square", for search engines' article images (JSON-LD).
    "wide": RenditionSpec(1200, 675),
    # The whole picture, uncropped: the photo desk sets the focal point on it.
    "whole": RenditionSpec(960, 960, crop=False),
}
# Each rendition is written as WebP (smaller; every current browser) and as
# JPEG (the fallback). AVIF is smaller still but takes seconds per picture to
# encode on a small server, for every crop of every upload.
RENDITION_FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
EXIF_COPYRIGHT = 0x8298


def exif_ascii(text: str) -> str:
    """EXIF text tags hold ASCII only: '© EPA-EFE 2025' -> '(c) EPA-EFE 2025'."""
    text = text.replace("©", "(c)").replace("℗", "(p)")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@functools.lru_cache(maxsize=8192)  # asked for every spec and format of a picture on a page
def rendition_key(source_name: str, focal_x: float, focal_y: float, *, secret: str) -> str:
    """A short name for an original and its focal point that only the site can make.

    Moving the focal point or replacing the original names new files, so a
    browser or CDN never keeps serving the old crop. The key is a keyed hash
    (with `secret`, the site's secret key): a photo's id and name are no help
    to guess the address of a picture nobody has been shown yet.
    """
    value = f"{source_name}|{focal_x:.4f},{focal_y:.4f}"
    return salted_hmac("articles.rendition-key", value, secret=secret, algorithm="sha256").hexdigest()[:16]


def fit_within(spec: RenditionSpec, width: int, height: int) -> tuple[int, int]:
    """The spec's size, scaled down (never up) so the crop fits inside the original.

    For an uncropped spec: the original's own shape, scaled down to fit the spec's box.
    """
    if not spec.crop:
        scale = min(1.0, spec.width / max(width, 1), spec.height / max(height, 1))
        return max(1, round(width * scale)), max(1, round(height * scale))
    scale = min(1.0, width / spec.width, height / spec.height)
    return max(1, round(spec.width * scale)), max(1, round(spec.height * scale))


def render_rendition(
    source, spec: RenditionSpec, *, focal=(0.5, 0.5), ext="jpg", copyright_notice=""
) -> tuple[bytes, int, int]:
    """Crop and resize `source` (a path or file) to `spec` around `focal`; return bytes, width, height.

    `ext` is "jpg" or "webp". The original's EXIF, XMP and IPTC (GPS, camera,
    serial numbers) are left behind; only the copyright notice is written.
    """
    pillow_format, _ = RENDITION_FORMATS[ext]
    with Image.open(source) as original:
        if original.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale where the rendition is that much
            # smaller (a 99-megapixel original makes a thumbnail from 1.5 MP):
            # a fraction of the time and memory. A square box of twice the
            # rendition's longer side keeps any crop at least twice the output,
            # whatever the orientation, for LANCZOS to finish.
            longest = max(fit_within(spec, *original.size))
            original.draft(original.mode, (2 * longest, 2 * longest))
        image = ImageOps.exif_transpose(original)  # phones store "rotate me" in EXIF
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        size = fit_within(spec, *image.size)
        if spec.crop:
            fitted = ImageOps.fit(image, size, method=Image.Resampling.LANCZOS, centering=focal)
        else:
            fitted = image.resize(size, Image.Resampling.LANCZOS)
        exif = Image.Exif()
        if copyright_notice:
            exif[EXIF_COPYRIGHT] = exif_ascii(copyright_notice)
        buffer = io.BytesIO()
        if pillow_format == "JPEG":
            fitted.save(buffer, "JPEG", quality=spec.quality, optimize=True, progressive=True, exif=exif)
        else:
            fitted.save(buffer, pillow_format, quality=spec.quality - 4, method=4, exif=exif)
    return buffer.getvalue(), size[0], size[1]


# --- Metadata written by cameras and agencies ------------------------------------------

@dataclass(frozen=True)
class PhotoMetadata:
    title: str = ""  # IPTC Object Name or Headline, XMP dc:title or photoshop:Headline
    caption: str = ""
    photographer: str = ""  # IPTC By-line, XMP dc:creator, EXIF Artist
    agency: str = ""  # IPTC Credit Line, XMP photoshop:Credit
    source: str = ""  # IPTC Source, XMP photoshop:Source
    copyright_notice: str = ""
    usage_terms: str = ""
    city: str = ""
    country: str = ""
    # Aware when the file gives its UTC offset (IPTC 2:60, XMP, EXIF
    # OffsetTimeOriginal); naive otherwise: cameras often record local time only.
    taken_at: datetime | None = None
    alt_text: str = ""  # IPTC's "Alt Text (Accessibility)", where the agency wrote one

    @property
    def credit(self) -> str:
        """Who to credit, as printed: 'Samiullah Popal/EPA-EFE'."""
        return agency_credit(self.photographer, self.agency or self.source)


FIELDS = [name for name in PhotoMetadata.__dataclass_fields__]

IPTC_OBJECT_NAME = (2, 5)
IPTC_HEADLINE = (2, 105)
IPTC_CAPTION = (2, 120)
IPTC_BYLINE = (2, 80)
IPTC_CITY = (2, 90)
IPTC_COUNTRY = (2, 101)
IPTC_CREDIT = (2, 110)
IPTC_SOURCE = (2, 115)
IPTC_COPYRIGHT = (2, 116)
IPTC_DATE = (2, 55)
IPTC_TIME = (2, 60)
EXIF_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_IFD = 0x8769
EXIF_DATE_ORIGINAL = 0x9003
EXIF_OFFSET_ORIGINAL = 0x9011
XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
}


def agency_credit(photographer: str, agency: str) -> str:
    """'Samiullah Popal' + 'EPA-EFE' -> 'Samiullah Popal/EPA-EFE', as wires print it.

    Never names anyone twice: a byline that already holds the agency
    ('EPA-EFE/Samiullah Popal') or an agency line that holds the byline
    ('AFP' in 'AFP via Getty Images') is printed alone.
    """
    photographer, agency = photographer.strip(), agency.strip()
    if photographer and agency and _holds(agency, photographer):
        return agency
    if photographer and agency and not _holds(photographer, agency):
        return f"{photographer}/{agency}"
    return photographer or agency


def _holds(text: str, name: str) -> bool:
    """Whether `name` stands in `text` as words of its own: 'AP' is in 'AP/Evan Vucci', not in 'Applewhite'."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def printed_name(name: str) -> str:
    """'SAMIULLAH POPAL' -> 'Samiullah Popal': agencies write photographers' names in capitals.

    Only a name of two or more words is changed; one word in capitals is an
    agency or a desk ('STRINGER', 'AFP') and is left as written.
    """
    if name.isupper() and len(name.split()) > 1:
        return name.title()  # "JEAN-PIERRE O'NEIL" -> "Jean-Pierre O'Neil"
    return name


def _text(value) -> str:
    """An IPTC or EXIF value as clean text (IPTC repeats some fields: take the first)."""
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        value = _decoded(value)
    return str(value or "").strip().strip("\x00")


def _decoded(raw: bytes) -> str:
    """IIM text: UTF-8 from today's writers; older ones wrote their platform's code page without saying so.

    Windows-1252 before Latin-1: its curly quotes and dashes (0x91-0x97)
    would be invisible control codes in Latin-1. A byte Windows-1252 leaves
    undefined falls back to Latin-1, which decodes anything.
    """
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _naive_or_aware(text: str, *formats) -> datetime | None:
    """Parse a date in any of `formats`, ISO 8601 (with or without a zone) last."""
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def utc_offset(text: str) -> timezone | None:
    """'+0430', '+04:30', '-05:00', 'Z' -> a fixed zone; None for anything else."""
    text = text.strip().replace(":", "")
    if text in ("Z", "+0000", "-0000"):
        return UTC
    if len(text) != 5 or text[0] not in "+-" or not text[1:].isdigit():
        return None
    minutes = int(text[1:3]) * 60 + int(text[3:5])
    return timezone(timedelta(minutes=minutes if text[0] == "+" else -minutes))


def _iptc_taken_at(date: str, time: str) -> datetime | None:
    """IPTC 2:55 'CCYYMMDD' and 2:60 'HHMMSS±HHMM': the zone, when written, is kept."""
    if not date:
        return None
    moment = _naive_or_aware(date + time[:6], "%Y%m%d%H%M%S", "%Y%m%d")
    zone = utc_offset(time[6:]) if len(time) > 6 else None
    return moment.replace(tzinfo=zone) if moment and zone else moment


def _from_iptc(image) -> PhotoMetadata:
    info = IptcImagePlugin.getiptcinfo(image) or {}
    return PhotoMetadata(
        title=_text(info.get(IPTC_OBJECT_NAME)) or _text(info.get(IPTC_HEADLINE)),
        caption=_text(info.get(IPTC_CAPTION)),
        photographer=_text(info.get(IPTC_BYLINE)),
        agency=_text(info.get(IPTC_CREDIT)),
        source=_text(info.get(IPTC_SOURCE)),
        copyright_notice=_text(info.get(IPTC_COPYRIGHT)),
        city=_text(info.get(IPTC_CITY)),
        country=_text(info.get(IPTC_COUNTRY)),
        taken_at=_iptc_taken_at(_text(info.get(IPTC_DATE)), _text(info.get(IPTC_TIME))),
    )


def _xmp_property(root, prefix: str, name: str) -> str:
    """An XMP property written either as an element or as an rdf:Description attribute."""
    element = root.find(f".//{prefix}:{name}", XMP_NS)
    if element is not None and (element.text or "").strip():
        return element.text.strip()
    qualified = f"{{{XMP_NS[prefix]}}}{name}"
    for description in root.iter(f"{{{XMP_NS['rdf']}}}Description"):
        if description.get(qualified):
            return description.get(qualified).strip()
    return ""


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xmp_list_item(root, prefix: str, name: str) -> str:
    """The first rdf:li of a list (dc:creator), or a language alternative's default (dc:description)."""
    items = root.findall(f".//{prefix}:{name}//rdf:li", XMP_NS)
    default = next((item for item in items if item.get(XML_LANG) == "x-default"), None)
    item = default if default is not None else (items[0] if items else None)
    return (item.text or "").strip() if item is not None else ""


def _from_xmp(image) -> PhotoMetadata:
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not packet:
        return PhotoMetadata()
    try:
        # defusedxml refuses entity expansion and external entities outright.
        root = parse_xml(packet, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        return PhotoMetadata()
    created = _xmp_property(root, "photoshop", "DateCreated")
    return PhotoMetadata(
        title=_xmp_list_item(root, "dc", "title") or _xmp_property(root, "photoshop", "Headline"),
        caption=_xmp_list_item(root, "dc", "description"),
        photographer=_xmp_list_item(root, "dc", "creator"),
        agency=_xmp_property(root, "photoshop", "Credit"),
        source=_xmp_property(root, "photoshop", "Source"),
        copyright_notice=_xmp_list_item(root, "dc", "rights"),
        usage_terms=_xmp_list_item(root, "xmpRights", "UsageTerms"),
        city=_xmp_property(root, "photoshop", "City"),
        country=_xmp_property(root, "photoshop", "Country"),
        taken_at=_naive_or_aware(created) if created else None,
        alt_text=_xmp_list_item(root, "Iptc4xmpCore", "AltTextAccessibility"),
    )


def _from_exif(image) -> PhotoMetadata:
    exif = image.getexif()
    details = exif.get_ifd(EXIF_IFD)
    original = _text(details.get(EXIF_DATE_ORIGINAL))
    taken = _naive_or_aware(original, "%Y:%m:%d %H:%M:%S") if original else None
    zone = utc_offset(_text(details.get(EXIF_OFFSET_ORIGINAL)))
    return PhotoMetadata(
        caption=_text(exif.get(EXIF_DESCRIPTION)),
        photographer=_text(exif.get(EXIF_ARTIST)),
        copyright_notice=_text(exif.get(EXIF_COPYRIGHT)),
        taken_at=taken.replace(tzinfo=zone) if taken and zone else taken,
    )


def read_metadata(source) -> PhotoMetadata:
    """What the file says about itself: IPTC first, then XMP, then EXIF.

    Agencies write IPTC; editing software mirrors it in XMP; cameras write
    only EXIF. Each field comes from the first of them that has it.
    """
    with Image.open(source) as image:
        readings = [_from_iptc(image), _from_xmp(image), _from_exif(image)]
    found = {
        name: next((getattr(r, name) for r in readings if getattr(r, name)), None if name == "taken_at" else "")
        for name in FIELDS
    }
    found["photographer"] = printed_name(found["photographer"])
    return PhotoMetadata(**found)
