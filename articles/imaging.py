"""Plain Pillow: renditions cropped around a focal point. No models here.

Files and numbers in, bytes and numbers out, so this is tested without a
database. Every rendition is re-encoded without the original's metadata, so
location data from a phone never reaches readers.
"""

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps


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
