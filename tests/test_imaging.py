"""Renditions from plain Pillow: size, focal point, orientation, no metadata leaks."""

import io

import pytest
from PIL import Image

from articles.imaging import RENDITION_SPECS, RenditionSpec, fit_within, render_rendition, rendition_key


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
    assert rendition_key("a.jpg", 0.5, 0.5) == rendition_key("a.jpg", 0.5, 0.5)
    assert rendition_key("a.jpg", 0.5, 0.5) != rendition_key("a.jpg", 0.3, 0.5)
    assert rendition_key("a.jpg", 0.5, 0.5) != rendition_key("b.jpg", 0.5, 0.5)
    assert len(rendition_key("a.jpg", 0.1, 0.9)) == 8


def test_a_broken_file_raises_a_pillow_error():
    from PIL import UnidentifiedImageError

    with pytest.raises(UnidentifiedImageError):
        render_rendition(io.BytesIO(b"not an image"), RenditionSpec(10, 10))
