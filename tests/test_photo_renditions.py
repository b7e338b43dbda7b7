"""Modern renditions: <picture> with WebP and a JPEG fallback, several widths, the right
crops, no camera data, and files that appear whole and once."""

import io
import os
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from articles.imaging import RENDITION_SPECS, RenditionSpec, render_rendition
from articles.models import Rendition
from articles.services.photos import rendition_get_or_create
from articles.storage import AtomicFileSystemStorage
from tests.factories import image_bytes, make_article, make_photo


def large_photo(**kwargs):
    return make_photo(image=SimpleUploadedFile("large.jpg", image_bytes(size=(2400, 1600))), **kwargs)


def picture_html(photo, specs, **options):
    args = " ".join(f'{key}="{value}"' for key, value in options.items())
    template = Template("{% load article_tags %}{% picture photo specs " + args + " %}")
    return template.render(Context({"photo": photo, "specs": specs}))


@pytest.mark.django_db
def test_picture_offers_webp_sources_and_a_jpeg_fallback_at_several_widths():
    photo = large_photo()
    html = picture_html(photo, "thumb card hero", sizes="100vw")
    assert html.startswith("<picture>") and html.endswith("</picture>")
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="100vw">', html).group(1)
    assert webp == ", ".join(f"{photo.rendition_url(s, 'webp')} {w}w" for s, w in [("thumb", 480), ("card", 960),
                                                                                ("hero", 1600)])
    img = re.search(r"<img [^>]+>", html).group(0)
    assert f'src="{photo.rendition_url("thumb")}"' in img and f'{photo.rendition_url("hero")} 1600w' in img
    assert 'width="480" height="270"' in img and 'loading="lazy"' in img and 'sizes="100vw"' in img


@pytest.mark.django_db
def test_the_lead_picture_loads_eagerly_with_high_priority_and_cards_lazily(client):
    lead = make_article(lead_photo=large_photo(), home_position=1)
    other = make_article(lead_photo=large_photo())
    story = client.get(lead.get_absolute_url()).content.decode()
    assert re.search(r'<img [^>]*loading="eager"[^>]*fetchpriority="high"', story)
    home = client.get("/").content.decode()
    card = re.search(rf'<img src="{re.escape(other.lead_photo.rendition_url("thumb"))}"[^>]*>', home).group(0)
    assert 'loading="lazy"' in card and "fetchpriority" not in card


def test_crops_are_16_9_4_3_and_1_1():
    shapes = {name: round(spec.width / spec.height, 2) for name, spec in RENDITION_SPECS.items()}
    assert shapes["thumb"] == shapes["card"] == shapes["hero"] == round(16 / 9, 2)
    assert shapes["standard"] == round(4 / 3, 2) and shapes["square"] == shapes["portrait"] == 1.0


@pytest.mark.parametrize("ext, fmt", [("jpg", "JPEG"), ("webp", "WEBP")])
def test_renditions_drop_gps_and_camera_data_but_keep_the_copyright(ext, fmt):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0110] = "Model X"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPS latitude
    source = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 30)).save(source, "JPEG", exif=exif)
    data, *_ = render_rendition(io.BytesIO(source.getvalue()), RenditionSpec(400, 300), ext=ext,
                                copyright_notice="© EPA-EFE 2025")
    out = Image.open(io.BytesIO(data))
    assert out.format == fmt
    kept = dict(out.getexif())
    assert kept == {0x8298: "(c) EPA-EFE 2025"}, "only the copyright notice travels with the picture"
    assert not out.getexif().get_ifd(0x8825)


@pytest.mark.django_db
def test_a_webp_rendition_is_served_as_webp(client):
    photo = large_photo()
    make_article(lead_photo=photo)  # readers get renditions of pictures a published story shows
    response = client.get(photo.rendition_url("card", "webp"))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (960, 540)


# --- Written whole, and once ----------------------------------------------------------------

class WatchedContent(ContentFile):
    """Content that looks at the final name while it is being written."""

    def __init__(self, data, final_path):
        super().__init__(data)
        self.final_path = final_path
        self.seen_mid_write = None

    def chunks(self, chunk_size=None):
        for index, chunk in enumerate(super().chunks(chunk_size=1024)):
            if index == 1:
                self.seen_mid_write = os.path.exists(self.final_path)
            yield chunk


def test_a_file_appears_whole_or_not_at_all(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    content = WatchedContent(b"x" * 10_000, tmp_path / "renditions" / "a.jpg")
    assert storage.save("renditions/a.jpg", content) == "renditions/a.jpg"
    assert content.seen_mid_write is False, "no reader can open a half-written file"
    assert (tmp_path / "renditions" / "a.jpg").read_bytes() == b"x" * 10_000
    assert [p.name for p in (tmp_path / "renditions").iterdir()] == ["a.jpg"], "no temporary file is left"


def test_two_writers_of_one_name_keep_the_first_file(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    barrier = threading.Barrier(4)
    names = []

    def write(n):
        barrier.wait()
        names.append(storage.save("renditions/b.jpg", ContentFile(bytes([n]) * 50_000)))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert names.count("renditions/b.jpg") == 1, "exactly one writer gets the name"
    whole = (tmp_path / "renditions" / "b.jpg").read_bytes()
    assert len(set(whole)) == 1 and len(whole) == 50_000, "one writer's whole file, never a mix"


@pytest.mark.django_db
def test_a_rendition_whose_file_another_request_wrote_is_not_written_twice():
    photo = large_photo()
    name = photo.rendition_name("thumb")
    default_storage.save(name, ContentFile(render_rendition(photo.image.path, RENDITION_SPECS["thumb"])[0]))
    before = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "renditions" / str(photo.pk)).iterdir())
    rendition = rendition_get_or_create(photo=photo, spec="thumb")
    after = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "renditions" / str(photo.pk)).iterdir())
    assert rendition.image.name == name and before == after
    assert rendition_get_or_create(photo=photo, spec="thumb") == rendition
    assert Rendition.objects.filter(photo=photo, spec="thumb", ext="jpg").count() == 1
