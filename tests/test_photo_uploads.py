"""Uploads that are safe: only whole JPEG, PNG, WebP and AVIF pictures within the limits,
sized upright, credited from their metadata, never stored twice, and nothing left behind
by a refused file."""

import hashlib
import io
import os
import struct
import threading
import time
import zlib
from datetime import UTC, datetime
from pathlib import PurePosixPath

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from PIL import Image

from articles.models import PhotoAsset
from articles.services.photos import DuplicatePhoto, photo_create, photos_fill_missing_hashes
from tests.factories import html_jpeg_bytes, make_article, make_photo
from tests.metadata_jpegs import photo_bytes, xmp_packet

pytestmark = pytest.mark.django_db

AGENCY = {
    (2, 120): "Women wait for food aid in Kabul.", (2, 80): "Samiullah Popal", (2, 110): "EPA-EFE",
    (2, 115): "EPA", (2, 116): "© EPA-EFE 2025", (2, 90): "Kabul", (2, 101): "Afghanistan",
    (2, 55): "20250704", (2, 60): "134300+0430",
}


def encoded(fmt, size=(120, 80), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 60)).save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def stored_files():
    return sorted(
        os.path.relpath(os.path.join(folder, name), settings.MEDIA_ROOT)
        for folder, _, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    )


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("desk", "desk@example.com", "pw"))
    return client


# --- What is accepted ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt, name", [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("AVIF", "a.avif")])
def test_jpeg_png_webp_and_avif_are_accepted(fmt, name):
    photo = photo_create(file=upload(name, encoded(fmt)))
    assert (photo.width, photo.height) == (120, 80)
    assert len(photo.content_hash) == 64


def test_the_format_is_what_the_bytes_say_not_the_name():
    photo = photo_create(file=upload("really-a-png.jpg", encoded("PNG")))
    assert photo.pk
    with pytest.raises(ValidationError, match="GIF files are not accepted"):
        photo_create(file=upload("really-a-gif.jpg", encoded("GIF")))


def test_an_orientation_6_picture_is_recorded_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # stored 1200×800, displayed turned a quarter: 800×1200
    photo = photo_create(file=upload("phone.jpg", encoded("JPEG", size=(1200, 800), exif=exif)))
    assert (photo.width, photo.height) == (800, 1200)
    assert (PhotoAsset.objects.get().width, PhotoAsset.objects.get().height) == (800, 1200)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("cut.jpg", encoded("JPEG", size=(400, 300))[:-600], "Not a whole JPEG, PNG, WebP or AVIF picture"),
        ("drawing.svg", SVG, "SVG drawings are not accepted; use JPEG, PNG, WebP or AVIF."),
        ("anim.gif", encoded("GIF"), "GIF files are not accepted"),
        ("scan.tif", encoded("TIFF"), "TIFF files are not accepted"),
        ("old.bmp", encoded("BMP"), "BMP files are not accepted"),
    ],
)
def test_refused_files_leave_no_row_and_no_file(name, data, reason):
    before = stored_files()
    with pytest.raises(ValidationError) as refused:
        photo_create(file=upload(name, data))
    assert reason in refused.value.messages[0]
    assert PhotoAsset.objects.count() == 0 and stored_files() == before


def test_the_size_limit_is_a_setting(settings):
    before = stored_files()
    settings.NEWSROOM_PHOTO_MAX_BYTES = 2000
    data = encoded("PNG", size=(200, 200), compress_level=0)
    with pytest.raises(ValidationError, match=r"photos may be at most 2 KB"):
        photo_create(file=upload("big.png", data))
    assert PhotoAsset.objects.count() == 0 and stored_files() == before


def test_a_pixel_bomb_is_refused_before_it_is_decoded(settings):
    before = stored_files()
    settings.NEWSROOM_PHOTO_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError, match=r"200×100 \(0.02 megapixels\); at most 0.01 megapixels are accepted"):
        photo_create(file=upload("bomb.png", encoded("PNG", size=(200, 100))))  # 20,000 pixels
    assert PhotoAsset.objects.count() == 0 and stored_files() == before


def png_header_only(width, height):
    """A PNG that claims `width`×`height`: what a pixel bomb looks like before it is decoded."""
    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 100)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_a_real_pixel_bomb_a_small_file_of_huge_dimensions_is_refused():
    # 30,000 × 30,000 = 900 megapixels in a few hundred bytes: the header says so.
    data = png_header_only(30000, 30000)
    with pytest.raises(ValidationError, match="megapixels"):
        photo_create(file=upload("bomb.png", data))
    assert PhotoAsset.objects.count() == 0


def test_defaults_are_40_mb_and_100_megapixels():
    assert settings.NEWSROOM_PHOTO_MAX_BYTES == 40_000_000  # a megabyte is 1,000,000 bytes, as stated
    assert settings.NEWSROOM_PHOTO_MAX_PIXELS == 100_000_000


# --- What is read from the file -----------------------------------------------------------

def test_agency_metadata_fills_credit_rights_place_and_time_with_its_zone():
    photo = photo_create(file=upload("kabul.jpg", photo_bytes(iptc=AGENCY)))
    assert (photo.photographer, photo.agency, photo.source) == ("Samiullah Popal", "EPA-EFE", "EPA")
    assert photo.credit == "Samiullah Popal/EPA-EFE"
    assert photo.credit_line == "Photo by Samiullah Popal/EPA-EFE"
    assert (photo.copyright_notice, photo.city, photo.country) == ("© EPA-EFE 2025", "Kabul", "Afghanistan")
    assert photo.taken_at == datetime(2025, 7, 4, 9, 13, tzinfo=UTC), "13:43 in Kabul is 09:13 UTC"
    assert photo.taken_at_utc_offset == 270
    assert photo.alt_text == "", "the caption is never copied into alt text"


def test_an_agency_file_names_the_photo_and_its_capitals_byline_prints_as_a_name():
    iptc = {(2, 5): "AFGHANISTAN-AID", (2, 80): "SAMIULLAH POPAL", (2, 110): "EPA-EFE",
            (2, 120): b"\x93Aid\x94 arrives in Kabul \x96 July 4, 2025."}
    photo = photo_create(file=upload("kabul.jpg", photo_bytes(iptc=iptc)))
    assert photo.title == "AFGHANISTAN-AID"
    assert photo.credit == "Samiullah Popal/EPA-EFE"
    assert photo.caption == "\u201cAid\u201d arrives in Kabul \u2013 July 4, 2025."


def test_alt_text_comes_from_the_files_accessibility_field_and_usage_terms_from_xmp():
    xmp = xmp_packet(description="Talks in Geneva.", creator="Martial Trezzini", credit="Keystone",
                     alt_text="Delegates walk past flags.")
    xmp = xmp.replace(
        b"</rdf:Description>",
        b'<xmpRights:UsageTerms xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"><rdf:Alt>'
        b'<rdf:li xml:lang="x-default">Editorial use only.</rdf:li></rdf:Alt></xmpRights:UsageTerms></rdf:Description>',
    )
    photo = photo_create(file=upload("geneva.jpg", photo_bytes(xmp=xmp)))
    assert photo.alt_text == "Delegates walk past flags."
    assert photo.usage_terms == "Editorial use only."
    assert photo.credit == "Martial Trezzini/Keystone"


def test_xmp_with_an_entity_bomb_is_ignored_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="&b;"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    photo = photo_create(file=upload("bomb.jpg", photo_bytes(xmp=bomb)))
    assert photo.agency == "" and photo.credit == ""


# --- Duplicates -------------------------------------------------------------------------

def test_the_same_file_twice_points_to_the_photo_and_the_stories_using_it():
    data = photo_bytes(iptc=AGENCY)
    first = photo_create(file=upload("kabul.jpg", data), title="Kabul queue")
    make_article(headline="Aid arrives in Kabul", lead_photo=first)
    before = stored_files()
    with pytest.raises(DuplicatePhoto) as duplicate:
        photo_create(file=upload("kabul-again.jpg", data))
    assert duplicate.value.photo == first
    assert f"photo {first.pk} “Kabul queue”" in duplicate.value.messages[0]
    assert "Aid arrives in Kabul" in duplicate.value.messages[0]
    assert PhotoAsset.objects.count() == 1 and stored_files() == before


def test_the_hot_folder_skips_a_file_already_in_the_library(tmp_path):
    data = photo_bytes(iptc=AGENCY)
    existing = photo_create(file=upload("kabul.jpg", data), title="Kabul queue")
    (tmp_path / "kabul-copy.jpg").write_bytes(data)
    out = io.StringIO()
    call_command("import_photos", str(tmp_path), stdout=out)
    assert f"Skipped {tmp_path / 'kabul-copy.jpg'}: Already in the library as photo {existing.pk}" in out.getvalue()
    assert "0 imported, 0 refused. 1 already in the library." in out.getvalue()
    assert PhotoAsset.objects.count() == 1


def test_the_upload_page_points_to_the_existing_photo(desk):
    data = photo_bytes(iptc=AGENCY)
    existing = photo_create(file=upload("kabul.jpg", data), title="Kabul queue")
    response = desk.post("/admin/articles/photoasset/add/", {"image": upload("again.jpg", data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Already in the library as photo {existing.pk}" in html
    assert f'href="/admin/articles/photoasset/{existing.pk}/change/"' in html
    assert PhotoAsset.objects.count() == 1


# --- The upload page -------------------------------------------------------------------------

def test_a_refused_upload_page_is_named_and_leaves_nothing(desk):
    before = stored_files()
    response = desk.post("/admin/articles/photoasset/add/", {"image": upload("anim.gif", encoded("GIF"))})
    assert response.status_code == 200
    assert "GIF files are not accepted; use JPEG, PNG, WebP or AVIF." in response.content.decode()
    assert PhotoAsset.objects.count() == 0 and stored_files() == before


def test_a_form_refused_for_another_reason_keeps_the_upload_and_shows_what_was_read(
    desk, django_capture_on_commit_callbacks
):
    form = {"image": upload("kabul.jpg", photo_bytes(iptc=AGENCY)), "focal_x": "7", "focal_y": "0.5"}
    response = desk.post("/admin/articles/photoasset/add/", form)
    assert response.status_code == 200, "refused: the focal point is out of frame"
    html = response.content.decode()
    assert "Kept from your upload: kabul.jpg" in html
    assert "Women wait for food aid in Kabul." in html and 'value="Samiullah Popal/EPA-EFE"' in html
    assert PhotoAsset.objects.count() == 0
    token = response.context["adminform"].form.data["staged_image"]

    fixed = {"staged_image": token, "focal_x": "0.3", "focal_y": "0.5", "alt_text": "Women queue for flour."}
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post("/admin/articles/photoasset/add/", fixed)
    assert response.status_code == 302, "saved without choosing the file again"
    photo = PhotoAsset.objects.get()
    assert (photo.caption, photo.credit, photo.alt_text) == (
        "Women wait for food aid in Kabul.", "Samiullah Popal/EPA-EFE", "Women queue for flour.",
    )
    assert not [name for name in stored_files() if name.startswith("staging")], "the staged copy is gone"


def test_a_forged_staging_token_is_ignored(desk):
    forged = {"staged_image": "photos/../../etc/passwd", "focal_x": "0.5", "focal_y": "0.5"}
    response = desk.post("/admin/articles/photoasset/add/", forged)
    assert response.status_code == 200 and "Choose a picture to upload." in response.content.decode()


def test_staged_uploads_are_never_served(client, desk):
    response = desk.post(
        "/admin/articles/photoasset/add/",
        {"image": upload("kabul.jpg", photo_bytes(iptc=AGENCY)), "focal_x": "7", "focal_y": "0.5"},
    )
    assert response.status_code == 200
    staged = [name for name in stored_files() if name.startswith("staging")]
    assert staged
    assert desk.get(f"/media/{staged[0]}").status_code == 404


def test_taken_at_in_a_camera_without_zone_is_newsroom_time():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2025:09:02 06:15:00"
    photo = photo_create(file=upload("camera.jpg", photo_bytes(exif=exif)))
    assert photo.taken_at_utc_offset is None
    assert photo.taken_at == datetime(2025, 9, 2, 10, 15, tzinfo=UTC), "06:15 in New York"


def test_abandoned_staged_uploads_are_dropped_after_a_day(desk):
    stale = default_storage.save("staging/abandoned.jpg", ContentFile(b"old"))
    day_old = time.time() - 25 * 3600
    os.utime(os.path.join(settings.MEDIA_ROOT, stale), (day_old, day_old))
    fresh = default_storage.save("staging/recent.jpg", ContentFile(b"new"))
    desk.post(
        "/admin/articles/photoasset/add/",
        {"image": upload("kabul.jpg", photo_bytes(iptc=AGENCY)), "focal_x": "7", "focal_y": "0.5"},
    )
    assert not default_storage.exists(stale) and default_storage.exists(fresh)


def test_photos_stored_before_duplicate_checks_get_their_hash_after_migrate():
    first = make_photo(image=upload("a.jpg", encoded("JPEG")))
    same = make_photo(image=upload("b.jpg", encoded("JPEG")))
    assert first.content_hash is None
    photos_fill_missing_hashes()
    first.refresh_from_db()
    same.refresh_from_db()
    assert first.content_hash == hashlib.sha256(encoded("JPEG")).hexdigest()
    assert same.content_hash is None, "the older copy keeps the hash; no constraint is broken"
    with pytest.raises(DuplicatePhoto):
        photo_create(file=upload("c.jpg", encoded("JPEG")))


# --- The name the site gives a file ------------------------------------------------------

BULK_UPLOAD = "/admin/articles/photoasset/upload/"


def assert_served_as_a_jpeg_only(client, photo):
    assert photo.image.name.startswith("photos/") and photo.image.name.endswith(".jpg"), photo.image.name
    assert ".html" not in photo.image.name
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_jpeg_that_is_also_a_web_page_uploaded_as_html_is_stored_and_served_as_a_jpeg(desk):
    before = set(stored_files())
    response = desk.post(BULK_UPLOAD, {"image": upload("story.html", html_jpeg_bytes())})
    assert response.status_code == 200, response.content
    photo = PhotoAsset.objects.get(pk=response.json()["id"])
    assert photo.title == "story", "the desk's name for it is kept as its title"
    assert_served_as_a_jpeg_only(desk, photo)
    assert not [name for name in set(stored_files()) - before if name.endswith(".html")]


def test_the_upload_page_names_the_file_from_its_decoded_format(desk, django_capture_on_commit_callbacks):
    # The form refuses a name ending in .html itself; a JPEG named .png is still a JPEG.
    form = {"image": upload("story.png", html_jpeg_bytes()), "focal_x": "0.5", "focal_y": "0.5",
            "alt_text": "A purple square."}
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post("/admin/articles/photoasset/add/", form)
    assert response.status_code == 302
    assert_served_as_a_jpeg_only(desk, PhotoAsset.objects.get())


def test_the_hot_folder_names_the_file_from_its_decoded_format(desk, tmp_path):
    (tmp_path / "story.js").write_bytes(html_jpeg_bytes())
    call_command("import_photos", str(tmp_path / "story.js"), stdout=io.StringIO())
    photo = PhotoAsset.objects.get()
    assert photo.title == "story"
    assert_served_as_a_jpeg_only(desk, photo)


@pytest.mark.parametrize("fmt, name, ext", [
    ("PNG", "really-a-png.jpg", ".png"), ("WEBP", "photo.JPEG", ".webp"), ("AVIF", "x.svg", ".avif"),
    ("JPEG", "no-extension", ".jpg"),
])
def test_the_stored_extension_is_the_decoded_format_not_the_uploaded_one(fmt, name, ext):
    photo = photo_create(file=upload(name, encoded(fmt)))
    assert PurePosixPath(photo.image.name).suffix == ext
    assert default_storage.exists(photo.image.name)


# --- Two uploads of one new picture at once -----------------------------------------------

def test_an_upload_racing_another_of_the_same_picture_is_told_it_is_a_duplicate(desk, monkeypatch):
    """The duplicate check runs before the insert: two uploads at once both pass it, and one meets the constraint."""
    data = photo_bytes(iptc=AGENCY)
    first = photo_create(file=upload("kabul.jpg", data), title="Kabul queue")
    before = stored_files()
    monkeypatch.setattr("articles.services.photos.photo_find_duplicate", lambda **kwargs: None)
    response = desk.post(BULK_UPLOAD, {"image": upload("kabul-again.jpg", data)})
    assert response.status_code == 409
    assert f"Already in the library as photo {first.pk}" in response.json()["error"]
    assert PhotoAsset.objects.count() == 1 and stored_files() == before, "no orphan file"


def test_the_photo_form_racing_another_upload_of_the_same_picture_points_to_it(desk, monkeypatch):
    data = photo_bytes(iptc=AGENCY)
    first = photo_create(file=upload("kabul.jpg", data), title="Kabul queue")
    before = stored_files()
    monkeypatch.setattr("articles.services.photos.photo_find_duplicate", lambda **kwargs: None)
    form = {"image": upload("kabul-again.jpg", data), "focal_x": "0.5", "focal_y": "0.5", "alt_text": "Flour."}
    response = desk.post("/admin/articles/photoasset/add/", form, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/articles/photoasset/{first.pk}/change/"
    assert f"Already in the library as photo {first.pk}" in response.content.decode()
    assert PhotoAsset.objects.count() == 1 and stored_files() == before, "no orphan file"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time: no race to lose")
def test_four_uploads_of_one_new_picture_at_once_make_one_photo_and_three_409s():
    User.objects.create_superuser("desk", "desk@example.com", "pw")
    data = photo_bytes(iptc=AGENCY)
    start = threading.Barrier(4)
    statuses = []
    before = set(stored_files())

    def post():
        client = Client(raise_request_exception=False)  # a 500 is an answer too
        client.login(username="desk", password="pw")
        start.wait()
        statuses.append(client.post(BULK_UPLOAD, {"image": upload("kabul.jpg", data)}).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409, 409, 409]
    photo = PhotoAsset.objects.get()
    originals = [name for name in set(stored_files()) - before if name.startswith("photos/")]
    assert originals == [photo.image.name], "the losers' files are gone"
