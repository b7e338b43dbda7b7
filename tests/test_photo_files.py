"""No orphan files: a photo's file goes when its row goes, and only then."""

import os
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from articles.models import PhotoAsset
from tests.factories import image_bytes, make_photo, make_photo_desk
from tests.metadata_jpegs import photo_bytes


def file_path(photo_or_name):
    name = getattr(getattr(photo_or_name, "image", None), "name", photo_or_name)
    return Path(settings.MEDIA_ROOT) / name


@pytest.mark.django_db(transaction=True)
def test_deleting_a_photo_deletes_its_file_after_commit():
    photo = make_photo()
    path = file_path(photo)
    assert path.is_file()
    photo.delete()
    assert not path.exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_delete_keeps_the_file():
    photo = make_photo()
    path = file_path(photo)
    with pytest.raises(RuntimeError), transaction.atomic():
        photo.delete()
        raise RuntimeError("the editor's request failed")
    assert path.is_file()


@pytest.mark.django_db(transaction=True)
def test_replacing_the_image_deletes_the_old_file_only():
    photo = make_photo()
    old = file_path(photo)
    photo.image = SimpleUploadedFile("new.jpg", image_bytes(color=(200, 10, 10)), content_type="image/jpeg")
    photo.save()
    assert not old.exists()
    assert file_path(photo).is_file()
    photo.caption = "Only the caption changes"
    photo.save()
    assert file_path(photo).is_file()


@pytest.mark.django_db
def test_a_broken_upload_is_refused_with_a_message_and_leaves_nothing(client):
    client.force_login(make_photo_desk())
    before = sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT))
    broken = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", content_type="image/jpeg")
    response = client.post(
        "/admin/articles/photoasset/add/", {"image": broken, "alt_text": "A photo", "credit": "Someone/Agency"}
    )
    assert response.status_code == 200
    assert "Not a whole JPEG, PNG, WebP or AVIF picture" in response.content.decode()  # the desk's own words
    assert PhotoAsset.objects.count() == 0
    assert sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT)) == before


@pytest.mark.django_db
def test_an_agency_upload_gets_caption_credit_and_date_from_its_iptc(client):
    client.force_login(make_photo_desk())
    iptc = {(2, 120): "Women wait for food aid in Kabul.", (2, 80): "Samiullah Popal", (2, 110): "EPA-EFE",
            (2, 55): "20250704", (2, 60): "134300"}
    upload = SimpleUploadedFile("kabul.jpg", photo_bytes(iptc=iptc), content_type="image/jpeg")
    form = {"image": upload, "alt_text": "Women in a queue", "focal_x": "0.5", "focal_y": "0.5"}
    response = client.post("/admin/articles/photoasset/add/", form)
    assert response.status_code == 302
    photo = PhotoAsset.objects.get()
    assert photo.caption == "Women wait for food aid in Kabul."
    assert photo.credit == "Samiullah Popal/EPA-EFE"
    assert timezone.localtime(photo.taken_at).replace(tzinfo=None) == datetime(2025, 7, 4, 13, 43)


@pytest.mark.django_db
def test_what_the_desk_types_wins_over_the_file(client):

    client.force_login(make_photo_desk())
    upload = SimpleUploadedFile(
        "kabul.jpg", photo_bytes(iptc={(2, 120): "File caption", (2, 80): "File Photographer"}),
        content_type="image/jpeg",
    )
    client.post("/admin/articles/photoasset/add/",
                {"image": upload, "alt_text": "A queue", "caption": "Desk caption", "credit": "", "focal_x": "0.5",
                 "focal_y": "0.5"})
    photo = PhotoAsset.objects.get()
    assert (photo.caption, photo.credit) == ("Desk caption", "File Photographer")
