"""Renditions from plain Pillow: size, focal point, orientation, no metadata leaks."""

import functools
import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image, UnidentifiedImageError

from articles.imaging import (
    RENDITION_SPECS,
    RenditionSpec,
    agency_credit,
    fit_within,
    read_metadata,
    render_rendition,
    rendition_key,
)
from tests.metadata_jpegs import camera_exif, photo_bytes, xmp_packet


def jpeg(size=(1600, 1000), color=(40, 90, 160), exif=None, draw=None):
    image = Image.new("RGB", size, color)
    if draw:
        draw(image)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif) if exif is not None else image.save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def opened(data):
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize("name", RENDITION_SPECS)
def test_each_spec_gives_its_exact_size_from_a_large_original(name):
    spec = RENDITION_SPECS[name]
    data, width, height = render_rendition(jpeg((2400, 2400)), spec)
    assert (width, height) == (spec.width, spec.height) == opened(data).size


def test_a_small_original_is_never_upscaled_but_keeps_the_shape():
    assert fit_within(RenditionSpec(960, 640), 480, 480) == (480, 320)
    data, width, height = render_rendition(jpeg((480, 480)), RenditionSpec(960, 640))
    assert (width, height) == (480, 320)


def test_the_crop_keeps_the_focal_point():
    def red_left_edge(image):
        image.paste((255, 0, 0), (0, 0, 200, 1000))  # a red band on the far left

    spec = RenditionSpec(400, 400)  # square from a wide photo: the sides are cut
    left, _, _ = render_rendition(jpeg(draw=red_left_edge), spec, focal=(0.0, 0.5))
    centre, _, _ = render_rendition(jpeg(draw=red_left_edge), spec, focal=(0.5, 0.5))
    assert opened(left).getpixel((5, 200))[0] > 200, "focal point on the left keeps the red band"
    assert opened(centre).getpixel((5, 200))[0] < 100, "a centred crop cuts it away"


def test_exif_rotation_is_applied_and_metadata_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS

    def red_top_edge(image):
        image.paste((255, 0, 0), (0, 0, 1600, 150))

    data, width, height = render_rendition(
        jpeg((1600, 1000), exif=exif, draw=red_top_edge), RenditionSpec(400, 640)
    )
    out = opened(data)
    assert (width, height) == out.size == (400, 640), "the stored landscape displays as a portrait"
    assert out.getpixel((395, 320))[0] > 200 and out.getpixel((5, 320))[0] < 100, "the top edge turned to the right"
    assert dict(out.getexif()) == {}, "no EXIF (and so no GPS) in what readers download"


def test_rendition_key_is_stable_and_changes_with_the_point_or_the_original():
    key = functools.partial(rendition_key, secret="s" * 50)
    assert key("a.jpg", 0.5, 0.5) == key("a.jpg", 0.5, 0.5)
    assert key("a.jpg", 0.5, 0.5) != key("a.jpg", 0.3, 0.5)
    assert key("a.jpg", 0.5, 0.5) != key("b.jpg", 0.5, 0.5)
    assert len(key("a.jpg", 0.1, 0.9)) == 16


def test_rendition_key_cannot_be_made_without_the_sites_secret():
    assert rendition_key("a.jpg", 0.5, 0.5, secret="s" * 50) != rendition_key("a.jpg", 0.5, 0.5, secret="t" * 50)


def test_a_broken_file_raises_a_pillow_error():
    with pytest.raises(UnidentifiedImageError):
        render_rendition(io.BytesIO(b"not an image"), RenditionSpec(10, 10))


# --- Metadata ---------------------------------------------------------------------------

AGENCY_IPTC = {
    (2, 120): "Afghan women wait for food aid in Kabul, Afghanistan, on July 4, 2025.",
    (2, 80): "Samiullah Popal",
    (2, 110): "EPA-EFE",
    (2, 55): "20250704",
    (2, 60): "134300+0430",
}


def test_iptc_from_an_agency_gives_caption_credit_and_date():
    meta = read_metadata(io.BytesIO(photo_bytes(iptc=AGENCY_IPTC)))
    assert meta.caption.startswith("Afghan women wait for food aid")
    assert meta.credit == "Samiullah Popal/EPA-EFE"
    kabul = timezone(timedelta(hours=4, minutes=30))
    assert meta.taken_at == datetime(2025, 7, 4, 13, 43, tzinfo=kabul), "13:43 in Kabul, not in the newsroom"


def test_xmp_is_read_when_there_is_no_iptc():
    xmp = xmp_packet(description="Talks in Geneva.", creator="Martial Trezzini", credit="Keystone",
                     created="2025-07-04T09:10:00")
    meta = read_metadata(io.BytesIO(photo_bytes(xmp=xmp)))
    assert (meta.caption, meta.credit, meta.taken_at) == (
        "Talks in Geneva.", "Martial Trezzini/Keystone", datetime(2025, 7, 4, 9, 10),
    )


def test_camera_exif_fills_what_iptc_and_xmp_leave_blank():
    exif = camera_exif(description="Harbour at dawn", artist="Lena Marsh", taken="2025:09:02 06:15:00")
    meta = read_metadata(io.BytesIO(photo_bytes(exif=exif)))
    assert (meta.caption, meta.credit, meta.taken_at) == ("Harbour at dawn", "Lena Marsh", datetime(2025, 9, 2, 6, 15))
    both = read_metadata(io.BytesIO(photo_bytes(iptc={(2, 120): "From IPTC"}, exif=exif)))
    assert (both.caption, both.credit) == ("From IPTC", "Lena Marsh"), "IPTC first, EXIF for the rest"


def test_a_photo_without_metadata_gives_blanks():
    meta = read_metadata(io.BytesIO(photo_bytes()))
    assert (meta.caption, meta.credit, meta.taken_at) == ("", "", None)


def test_malformed_xmp_is_ignored_not_fatal():
    meta = read_metadata(io.BytesIO(photo_bytes(xmp=b"<x:xmpmeta><unclosed>")))
    assert meta.caption == ""


@pytest.mark.parametrize(
    "photographer, agency, printed",
    [("Samiullah Popal", "EPA-EFE", "Samiullah Popal/EPA-EFE"), ("", "Reuters", "Reuters"),
     ("Jane Doe", "", "Jane Doe"), ("Jane Doe/Reuters", "Reuters", "Jane Doe/Reuters")],
)
def test_agency_credit_prints_photographer_slash_agency(photographer, agency, printed):
    assert agency_credit(photographer, agency) == printed


# --- What real agency files carry -------------------------------------------------------


def test_iptc_text_from_an_older_windows_writer_keeps_its_quotes_and_dashes():
    # Photoshop on Windows wrote IIM in Windows-1252, with no character set declared:
    # 0x93/0x94 are curly quotes and 0x96 an en dash there, invisible control codes in Latin-1.
    caption = b"\x93Peace first\x94 \x96 delegates arrive in Doha, July 4, 2025."
    meta = read_metadata(io.BytesIO(photo_bytes(iptc={(2, 120): caption, (2, 80): b"Ren\xe9e Dupr\xe9"})))
    assert meta.caption == "\u201cPeace first\u201d \u2013 delegates arrive in Doha, July 4, 2025."
    assert meta.photographer == "Ren\u00e9e Dupr\u00e9"


def test_xmp_language_alternatives_prefer_the_default_language():
    xmp = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:description><rdf:Alt><rdf:li xml:lang="de">Gespraeche in Genf.</rdf:li>
<rdf:li xml:lang="x-default">Talks in Geneva.</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>"""
    assert read_metadata(io.BytesIO(photo_bytes(xmp=xmp))).caption == "Talks in Geneva."


def test_an_all_capitals_byline_is_printed_as_a_name():
    # EPA and AFP write photographers' names in capitals.
    iptc = {(2, 80): "SAMIULLAH POPAL", (2, 110): "EPA-EFE"}
    assert read_metadata(io.BytesIO(photo_bytes(iptc=iptc))).credit == "Samiullah Popal/EPA-EFE"
    iptc = {(2, 80): "JEAN-PIERRE O'NEIL", (2, 110): "AFP"}
    assert read_metadata(io.BytesIO(photo_bytes(iptc=iptc))).photographer == "Jean-Pierre O'Neil"
    # A one-word byline in capitals is an agency or a desk, left as written.
    assert read_metadata(io.BytesIO(photo_bytes(iptc={(2, 80): "STRINGER"}))).photographer == "STRINGER"


def test_the_file_s_title_names_the_photo_in_the_library():
    iptc = {(2, 5): "AFGHANISTAN-AID", (2, 120): "Afghan women wait for food aid."}
    assert read_metadata(io.BytesIO(photo_bytes(iptc=iptc))).title == "AFGHANISTAN-AID"
    headline_only = {(2, 105): "Food aid in Kabul"}
    assert read_metadata(io.BytesIO(photo_bytes(iptc=headline_only))).title == "Food aid in Kabul"


@pytest.mark.parametrize(
    "photographer, agency, printed",
    [("AFP", "AFP via Getty Images", "AFP via Getty Images"),
     ("EPA-EFE/Samiullah Popal", "EPA-EFE", "EPA-EFE/Samiullah Popal")],
)
def test_a_credit_never_names_the_agency_twice(photographer, agency, printed):
    assert agency_credit(photographer, agency) == printed
