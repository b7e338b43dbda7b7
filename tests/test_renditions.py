"""Renditions as readers get them: sized, cropped at the focal point, made once, cleaned up."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.imaging import RENDITION_FORMATS, RENDITION_SPECS
from articles.models import Rendition
from articles.services.photos import rendition_get_or_create
from tests.factories import image_bytes, make_article, make_photo


def large_photo(**kwargs):
    upload = SimpleUploadedFile("large.jpg", image_bytes(size=(2000, 1400)), content_type="image/jpeg")
    return make_photo(image=upload, **kwargs)


def media_file(name):
    return Path(settings.MEDIA_ROOT) / name


@pytest.mark.django_db
def test_pages_link_renditions_never_the_original(client):
    photo = large_photo()
    article = make_article(lead_photo=photo)
    for url in ("/", article.section.get_absolute_url(), article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert photo.image.url not in html, f"{url} links the original upload"
        assert photo.rendition_url("card") in html, url
    story = client.get(article.get_absolute_url()).content.decode()
    assert f'{photo.rendition_url("hero")} 1600w' in story and 'width="480" height="270"' in story


@pytest.mark.django_db
def test_a_rendition_is_made_on_first_request_and_only_once(client):
    photo = large_photo()
    make_article(lead_photo=photo)  # readers get renditions of pictures a published story shows
    response = client.get(photo.rendition_url("thumb"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (480, 270)
    assert client.get(photo.rendition_url("thumb")).status_code == 200
    assert Rendition.objects.filter(photo=photo, spec="thumb").count() == 1
    assert rendition_get_or_create(photo=photo, spec="thumb") == Rendition.objects.get(photo=photo, spec="thumb")


@pytest.mark.django_db
def test_unknown_spec_stale_key_or_photo_is_404(client):
    photo = large_photo()
    url = photo.rendition_url("thumb")
    assert client.get(url.replace("/thumb-", "/giant-")).status_code == 404
    assert client.get(url.replace(photo.rendition_key, "00000000")).status_code == 404
    assert client.get(url.replace(f"/renditions/{photo.pk}/", "/renditions/999999/")).status_code == 404
    assert not Rendition.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_saving_a_photo_makes_every_rendition_after_commit():
    photo = large_photo()
    made = sorted(photo.renditions.values_list("spec", "ext"))
    assert made == sorted((spec, ext) for spec in RENDITION_SPECS for ext in RENDITION_FORMATS)
    for rendition in photo.renditions.all():
        assert media_file(rendition.image.name).is_file()


@pytest.mark.django_db(transaction=True)
def test_moving_the_focal_point_makes_new_crops_and_removes_the_old(client):
    photo = large_photo()
    old_url, old_files = photo.rendition_url("card"), [r.image.name for r in photo.renditions.all()]
    photo.focal_x = 0.1
    photo.save()
    assert photo.rendition_url("card") != old_url
    assert not any(media_file(name).exists() for name in old_files)
    assert photo.renditions.count() == len(RENDITION_SPECS) * len(RENDITION_FORMATS)
    assert client.get(old_url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_deleting_a_photo_deletes_its_renditions():
    photo = large_photo()
    files = [media_file(r.image.name) for r in photo.renditions.all()]
    assert files and all(f.is_file() for f in files)
    photo.delete()
    assert not any(f.exists() for f in files)
