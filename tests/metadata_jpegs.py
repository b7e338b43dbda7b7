"""JPEGs carrying the metadata agencies and cameras write: IPTC, XMP, EXIF."""

import io
import struct

from PIL import Image


def iptc_block(fields):
    """IPTC-IIM datasets ({(record, dataset): text}) inside a Photoshop APP13 segment."""
    # A value given as bytes is written as it is (an older writer's own encoding).
    encoded = {key: value if isinstance(value, bytes) else value.encode() for key, value in fields.items()}
    iim = b"".join(
        b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value)) + value
        for (record, dataset), value in encoded.items()
    )
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def xmp_packet(*, description="", creator="", credit="", created="", alt_text=""):
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
 photoshop:Credit="{credit}" photoshop:DateCreated="{created}">
<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">{alt_text}</rdf:li></rdf:Alt>
</Iptc4xmpCore:AltTextAccessibility>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>""".encode()


def photo_bytes(*, iptc=None, xmp=None, exif=None, size=(640, 427)):
    """A JPEG with any of the three kinds of metadata."""
    buffer = io.BytesIO()
    options = {}
    if xmp is not None:
        options["xmp"] = xmp
    if exif is not None:
        options["exif"] = exif
    Image.new("RGB", size, (90, 120, 150)).save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    if iptc:
        data = data[:2] + iptc_block(iptc) + data[2:]  # right after the start-of-image marker
    return data


def camera_exif(*, description="", artist="", taken=""):
    exif = Image.Exif()
    if description:
        exif[0x010E] = description
    if artist:
        exif[0x013B] = artist
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    return exif
