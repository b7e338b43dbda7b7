"""Renditions of big pictures are made by a task, never in a reader's or the desk's request.

Until a big original's renditions exist, its rendition addresses answer at
once with a stand-in nobody caches, and the task is queued (once). A picture
too big for a worker's memory budget is refused at upload, with the reason.
"""

import io
import os

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import default_task_backend
from django.urls import reverse
from PIL import Image

from articles.models import PhotoAsset
from articles.services.photos import rendition_get_or_create
from articles.tasks import make_renditions
from tests.factories import make_article, make_photo, make_photo_desk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue_only(settings):
    """Tasks are queued and not run, as when the worker has not got to them yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def jpeg(size):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buffer, "JPEG", quality=40)
    return buffer.getvalue()


def big_photo():
    """5 megapixels: more than a request may render (articles/media.py); leading a story readers see."""
    photo = make_photo(image=SimpleUploadedFile("big.jpg", jpeg((2500, 2000))))
    make_article(lead_photo=photo)
    return photo


def queued_renditions():
    return [result.args for result in default_task_backend.results if result.task.func == make_renditions.func]


def stored_files():
    return sorted(
        os.path.relpath(os.path.join(folder, name), settings.MEDIA_ROOT)
        for folder, _, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    )


def test_a_missing_rendition_of_a_big_picture_answers_a_placeholder_at_once_and_queues_the_task(client):
    photo = big_photo()

    response = client.get(photo.rendition_url("hero"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert b'width="1600" height="900"' in response.content
    assert not default_storage.exists(photo.rendition_name("hero"))
    assert queued_renditions() == [[photo.pk]]


def test_the_task_is_queued_once_however_many_readers_ask(client):
    photo = big_photo()
    for spec in ("hero", "card", "hero", "square"):
        assert client.get(photo.rendition_url(spec)).status_code == 200
    assert queued_renditions() == [[photo.pk]]


def test_once_the_task_has_run_the_real_rendition_is_served_and_cached(client):
    photo = big_photo()
    client.get(photo.rendition_url("hero"))

    assert make_renditions.call(photo.pk) == 16

    response = client.get(photo.rendition_url("hero"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (1600, 900)


def test_a_smaller_rendition_of_the_same_shape_stands_in_while_the_big_one_is_made(client):
    photo = big_photo()
    card = rendition_get_or_create(photo=photo, spec="card")  # 960×540, 16:9 like "hero"

    response = client.get(photo.rendition_url("hero"))

    assert response.status_code == 302
    assert response["Location"] == f"{settings.MEDIA_URL}{card.image.name}" == photo.rendition_url("card")
    assert "no-store" in response["Cache-Control"]
    assert queued_renditions() == [[photo.pk]]


def test_a_small_picture_s_missing_rendition_is_still_made_in_the_request(client):
    photo = make_photo()  # 64×48
    make_article(lead_photo=photo)

    response = client.get(photo.rendition_url("card"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert queued_renditions() == []


def test_a_picture_too_big_for_the_worker_s_memory_budget_is_refused_at_upload_with_the_reason(client, settings):
    settings.NEWSROOM_RENDITION_MAX_PIXELS = 1_000_000
    client.force_login(make_photo_desk())
    before = stored_files()

    response = client.post(
        reverse("admin:articles_photoasset_upload"), {"image": SimpleUploadedFile("wide.jpg", jpeg((1500, 1000)))}
    )

    assert response.status_code == 400
    assert response.json()["error"] == (
        "The picture is 1500×1000 (1.5 megapixels), too big to make its web sizes from: "
        "at most 1 megapixels can be. Scale it down and upload it again."
    )
    assert not PhotoAsset.objects.exists()
    assert stored_files() == before
    assert queued_renditions() == []
