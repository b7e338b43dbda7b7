"""What the photo desk is told about a file: its size in the unit the page states, an SVG named
as such on both upload forms, and the photo's title from the file rather than its name."""

import io
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import PhotoAsset
from articles.services.photos import photo_create, photo_import
from tests.metadata_jpegs import photo_bytes

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80"/></svg>\n'
)
SVG_MESSAGE = "SVG drawings are not accepted; use JPEG, PNG, WebP or AVIF."


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("desk", "desk@example.com", "pw"))
    return client


def padded_png(total_bytes):
    """A real PNG followed by filler up to `total_bytes`: what a large upload weighs."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "PNG")
    data = buffer.getvalue()
    return data + b"\0" * (total_bytes - len(data))


def test_the_stated_40_mb_is_40_000_000_bytes_on_the_page_and_in_the_check(desk):
    page = desk.get("/admin/articles/photoasset/upload/").content.decode()
    assert "up to 40 MB each" in page and 'data-max-bytes="40000000"' in page

    # The file from the report: 41,055,775 bytes was accepted under "up to 40 MB".
    with pytest.raises(ValidationError) as refused:
        photo_create(file=SimpleUploadedFile("big.png", padded_png(41_055_775)))
    assert refused.value.messages[0] == (
        "The file is 41.1 MB (41,055,775 bytes); photos may be at most 40 MB (40,000,000 bytes)."
    )
    assert PhotoAsset.objects.count() == 0


def test_a_file_just_over_the_limit_is_refused_and_one_at_it_is_not():
    limit = settings.NEWSROOM_PHOTO_MAX_BYTES
    with pytest.raises(ValidationError, match="photos may be at most 40 MB"):
        photo_create(file=SimpleUploadedFile("over.png", padded_png(limit + 1)))
    assert photo_create(file=SimpleUploadedFile("at.png", padded_png(limit))).pk


def test_an_svg_is_named_on_the_upload_page(desk):
    response = desk.post("/admin/articles/photoasset/upload/", {"image": SimpleUploadedFile("logo.svg", SVG)})
    assert response.status_code == 400
    assert json.loads(response.content)["error"] == SVG_MESSAGE


def test_an_svg_is_named_on_the_single_photo_form(desk):
    response = desk.post("/admin/articles/photoasset/add/", {"image": SimpleUploadedFile("logo.svg", SVG)})
    html = response.content.decode()
    assert response.status_code == 200
    assert SVG_MESSAGE in html
    assert "Upload a valid image" not in html
    assert PhotoAsset.objects.count() == 0


def test_the_single_photo_form_names_other_refused_kinds_too(desk):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "BMP")
    response = desk.post("/admin/articles/photoasset/add/", {"image": SimpleUploadedFile("old.bmp", buffer.getvalue())})
    html = response.content.decode()
    assert "Upload a valid image" not in html
    response = desk.post("/admin/articles/photoasset/add/", {"image": SimpleUploadedFile("junk.jpg", b"not a picture")})
    html = response.content.decode()
    assert "Not a whole JPEG, PNG, WebP or AVIF picture" in html and "Upload a valid image" not in html
    assert "Choose a picture to upload" not in html, "the refusal is the one message"


def test_an_uploaded_photos_title_is_the_files_headline_not_its_name(desk):
    data = photo_bytes(iptc={(2, 105): "Afghan refugees minister", (2, 120): "The minister in Kabul."})
    response = desk.post(
        "/admin/articles/photoasset/upload/", {"image": SimpleUploadedFile("wire-portrait-kabul.jpg", data)}
    )
    assert response.status_code == 200, response.content
    photo = PhotoAsset.objects.get(pk=json.loads(response.content)["id"])
    assert photo.title == "Afghan refugees minister"


def test_a_file_without_a_title_is_named_after_its_file(desk, tmp_path):
    response = desk.post(
        "/admin/articles/photoasset/upload/", {"image": SimpleUploadedFile("harbour-at-dawn.jpg", photo_bytes())}
    )
    assert PhotoAsset.objects.get(pk=json.loads(response.content)["id"]).title == "harbour-at-dawn"
    path = tmp_path / "wire-portrait-kabul.jpg"
    path.write_bytes(photo_bytes(iptc={(2, 105): "Afghan refugees minister"}, size=(300, 200)))
    assert photo_import(path=path).title == "Afghan refugees minister"
