"""Plain Pillow: renditions cropped around a focal point, and the metadata
agencies and cameras write into photos. No models here.

Files and numbers in, bytes and numbers out, so this is tested without a
database. Every rendition is re-encoded without the original's metadata, so
location data from a phone never reaches readers.
"""

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree

from PIL import Image, ImageOps, IptcImagePlugin


@dataclass(frozen=True)
class RenditionSpec:
    width: int
    height: int
    quality: int = 82


# Named sizes templates ask for. Widths cover a phone (1x and 2x) up to a
# desktop story column; every crop keeps the photo desk's focal point.
RENDITION_SPECS = {
    "thumb": RenditionSpec(480, 320),
    "card": RenditionSpec(960, 640),
    "hero": RenditionSpec(1600, 1067),
    "portrait": RenditionSpec(320, 320),
    # For search engines' article images (JSON-LD): 16:9, 4:3 and 1:1, 1200 px wide.
    "wide": RenditionSpec(1200, 675),
    "standard": RenditionSpec(1200, 900),
    "square": RenditionSpec(1200, 1200),
}


def rendition_key(source_name: str, focal_x: float, focal_y: float) -> str:
    """A short, stable name for an original and its focal point.

    Moving the focal point or replacing the original names new files, so a
    browser or CDN never keeps serving the old crop.
    """
    return hashlib.sha256(f"{source_name}|{focal_x:.4f},{focal_y:.4f}".encode()).hexdigest()[:8]


def fit_within(spec: RenditionSpec, width: int, height: int) -> tuple[int, int]:
    """The spec's size, scaled down (never up) so the crop fits inside the original."""
    scale = min(1.0, width / spec.width, height / spec.height)
    return max(1, round(spec.width * scale)), max(1, round(spec.height * scale))


def render_rendition(source, spec: RenditionSpec, *, focal=(0.5, 0.5)) -> tuple[bytes, int, int]:
    """Crop and resize `source` (a path or file) to `spec` around `focal`; return JPEG bytes, width, height."""
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)  # phones store "rotate me" in EXIF
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        size = fit_within(spec, *image.size)
        fitted = ImageOps.fit(image, size, method=Image.Resampling.LANCZOS, centering=focal)
        buffer = io.BytesIO()
        # No exif= argument: the original's EXIF (GPS included) is dropped.
        fitted.save(buffer, "JPEG", quality=spec.quality, optimize=True, progressive=True)
    return buffer.getvalue(), size[0], size[1]


# --- Metadata written by cameras and agencies ------------------------------------------

@dataclass(frozen=True)
class PhotoMetadata:
    caption: str = ""
    credit: str = ""  # as printed after "Photo by": "Samiullah Popal/EPA-EFE"
    taken_at: datetime | None = None  # often naive: cameras record local time without a zone
    alt_text: str = ""  # IPTC's "Alt Text (Accessibility)", where the agency wrote one


IPTC_CAPTION = (2, 120)
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_SOURCE = (2, 115)
IPTC_DATE = (2, 55)
IPTC_TIME = (2, 60)
EXIF_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_IFD = 0x8769
EXIF_DATE_ORIGINAL = 0x9003
XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}


def agency_credit(photographer: str, agency: str) -> str:
    """'Samiullah Popal' + 'EPA-EFE' -> 'Samiullah Popal/EPA-EFE', as wires print it."""
    photographer, agency = photographer.strip(), agency.strip()
    if photographer and agency and agency.lower() not in photographer.lower():
        return f"{photographer}/{agency}"
    return photographer or agency


def _text(value) -> str:
    """An IPTC or EXIF value as clean text (IPTC repeats some fields: take the first)."""
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")  # older IPTC writers
    return str(value or "").strip()


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


def _from_iptc(image) -> PhotoMetadata:
    info = IptcImagePlugin.getiptcinfo(image) or {}
    date, time = _text(info.get(IPTC_DATE)), _text(info.get(IPTC_TIME))[:6]
    agency = _text(info.get(IPTC_CREDIT)) or _text(info.get(IPTC_SOURCE))
    return PhotoMetadata(
        caption=_text(info.get(IPTC_CAPTION)),
        credit=agency_credit(_text(info.get(IPTC_BYLINE)), agency),
        taken_at=_naive_or_aware(date + time, "%Y%m%d%H%M%S", "%Y%m%d") if date else None,
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


def _xmp_list_item(root, prefix: str, name: str) -> str:
    """The first rdf:li of a list or language alternative (dc:creator, dc:description)."""
    item = root.find(f".//{prefix}:{name}//rdf:li", XMP_NS)
    return (item.text or "").strip() if item is not None else ""


def _from_xmp(image) -> PhotoMetadata:
    packet = image.info.get("xmp")
    if not packet:
        return PhotoMetadata()
    try:
        # Python's expat (2.4.1 and later) refuses entity-expansion bombs.
        root = ElementTree.fromstring(packet)
    except ElementTree.ParseError:
        return PhotoMetadata()
    created = _xmp_property(root, "photoshop", "DateCreated")
    return PhotoMetadata(
        caption=_xmp_list_item(root, "dc", "description"),
        credit=agency_credit(_xmp_list_item(root, "dc", "creator"), _xmp_property(root, "photoshop", "Credit")),
        taken_at=_naive_or_aware(created) if created else None,
        alt_text=_xmp_list_item(root, "Iptc4xmpCore", "AltTextAccessibility"),
    )


def _from_exif(image) -> PhotoMetadata:
    exif = image.getexif()
    original = _text(exif.get_ifd(EXIF_IFD).get(EXIF_DATE_ORIGINAL))
    return PhotoMetadata(
        caption=_text(exif.get(EXIF_DESCRIPTION)),
        credit=_text(exif.get(EXIF_ARTIST)),
        taken_at=_naive_or_aware(original, "%Y:%m:%d %H:%M:%S") if original else None,
    )


def read_metadata(source) -> PhotoMetadata:
    """Caption, credit and date taken from the file: IPTC first, then XMP, then EXIF.

    Agencies write IPTC; editing software mirrors it in XMP; cameras write
    only EXIF. Each field comes from the first of them that has it.
    """
    with Image.open(source) as image:
        readings = [_from_iptc(image), _from_xmp(image), _from_exif(image)]
    return PhotoMetadata(
        caption=next((r.caption for r in readings if r.caption), ""),
        credit=next((r.credit for r in readings if r.credit), ""),
        taken_at=next((r.taken_at for r in readings if r.taken_at), None),
        alt_text=next((r.alt_text for r in readings if r.alt_text), ""),
    )
