"""/media/: renditions of pictures readers are shown, originals for staff only, each file served
as the image it is and nothing else, no path escapes."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from articles.imaging import RENDITION_FORMATS, RENDITION_SPECS
from articles.models import PhotoAsset, Rendition, Status
from articles.services.writing import share_link_create, share_link_revoke, share_link_signed_token
from tests.factories import html_jpeg_bytes, image_bytes, make_article, make_author, make_photo, make_user

pytestmark = pytest.mark.django_db

MEDIA_CSP = "default-src 'none'; sandbox"


def every_rendition_url(photo):
    return [photo.rendition_url(spec, ext) for spec in RENDITION_SPECS for ext in RENDITION_FORMATS]


def test_uploaded_media_is_served_with_long_cache_and_no_path_escape(client):
    photo = make_photo()
    make_article(lead_photo=photo)
    response = client.get(photo.rendition_url("thumb"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and "public, max-age" in response["Cache-Control"]
    assert client.get("/media/../manage.py").status_code == 404
    assert client.get("/media/renditions/nothing-here.jpg").status_code == 404


def test_originals_are_for_staff_only_because_they_carry_camera_metadata(client):
    photo = make_photo()
    assert client.get(photo.image.url).status_code == 404
    client.force_login(make_user())
    response = client.get(photo.image.url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")


# --- Every file as the image it is, and nothing that can run ----------------------------------

def test_every_file_is_served_as_its_image_type_with_nosniff_and_a_policy_of_its_own(client):
    photo = make_photo()
    make_article(lead_photo=photo)
    for url, content_type in [(photo.rendition_url("card"), "image/jpeg"), (photo.rendition_url("card", "webp"),
                                                                           "image/webp")]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == MEDIA_CSP, "not the site's page policy"

    png = make_photo(image=ContentFile(image_bytes(fmt="PNG"), name="scan.png"))
    client.force_login(make_user())
    response = client.get(png.image.url)
    assert response.status_code == 200
    assert (response["Content-Type"], response["Content-Security-Policy"]) == ("image/png", MEDIA_CSP)


def test_a_stored_file_named_as_a_web_page_is_never_served(client):
    """Files stored before the site named them from their format: an .html one is not served, even to staff."""
    name = default_storage.save("photos/2026/12/story.html", ContentFile(html_jpeg_bytes()))
    PhotoAsset.objects.filter(pk=make_photo().pk).update(image=name)
    client.force_login(make_user())
    response = client.get(f"/media/{name}")
    assert response.status_code == 404
    assert b"<script>" not in response.content
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == MEDIA_CSP
    default_storage.delete(name)


def test_the_migration_renames_stored_originals_to_their_decoded_format(client):
    migration = importlib.import_module("articles.migrations.0013_media_names_from_format")
    web_page = default_storage.save("photos/2026/12/story.html", ContentFile(html_jpeg_bytes()))
    png_as_jpg = default_storage.save("photos/2026/12/scan.jpg", ContentFile(image_bytes(fmt="PNG")))
    right = default_storage.save("photos/2026/12/right.jpg", ContentFile(image_bytes()))
    photos = {name: make_photo() for name in (web_page, png_as_jpg, right, "photos/2026/12/gone.html")}
    for name, photo in photos.items():
        PhotoAsset.objects.filter(pk=photo.pk).update(image=name)

    migration.rename_originals(apps, None)

    renamed = {name: PhotoAsset.objects.get(pk=photo.pk).image.name for name, photo in photos.items()}
    assert renamed[web_page].endswith(".jpg") and renamed[web_page].startswith("photos/2026/12/story")
    assert renamed[png_as_jpg].endswith(".png")
    assert renamed[right] == right
    assert renamed["photos/2026/12/gone.html"] == "photos/2026/12/gone.html", "a missing file is left alone"
    assert not default_storage.exists(web_page) and not default_storage.exists(png_as_jpg)
    with default_storage.open(renamed[web_page], "rb") as handle:
        assert handle.read() == html_jpeg_bytes()
    client.force_login(make_user())
    assert client.get(f"/media/{renamed[web_page]}")["Content-Type"] == "image/jpeg"


def test_the_migration_drops_renditions_named_with_the_old_guessable_key():
    migration = importlib.import_module("articles.migrations.0013_media_names_from_format")
    photo = make_photo()
    old_name = default_storage.save(f"renditions/{photo.pk}/thumb-0123abcd.jpg", ContentFile(image_bytes()))
    Rendition.objects.create(photo=photo, spec="thumb", ext="jpg", focal_key="0123abcd", image=old_name,
                             width=64, height=48)
    current = Rendition.objects.create(photo=photo, spec="card", ext="jpg", focal_key=photo.rendition_key,
                                       image=photo.rendition_name("card"), width=64, height=48)
    migration.drop_guessable_renditions(apps, None)
    assert list(Rendition.objects.filter(photo=photo)) == [current]
    assert not default_storage.exists(old_name)


# --- Renditions of pictures readers are not shown yet -------------------------------------------

def test_renditions_of_a_photo_only_an_embargoed_story_uses_are_not_for_readers(client):
    photo = make_photo()
    story = make_article(lead_photo=photo, embargo_until=timezone.now() + timedelta(hours=2))
    urls = every_rendition_url(photo)
    assert len(urls) == 16
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    not_found = client.get(urls[0])
    assert "no-store" in not_found["Cache-Control"], "a CDN must not keep the 404 past the embargo"

    client.force_login(make_user())
    response = client.get(urls[0])
    assert response.status_code == 200, "staff see the picture of the story they are editing"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    client.logout()

    type(story).objects.filter(pk=story.pk).update(embargo_until=timezone.now() - timedelta(minutes=1))
    response = client.get(urls[0])
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.READY, Status.WITHDRAWN])
def test_renditions_of_a_photo_only_unpublished_stories_use_are_not_for_readers(client, status):
    photo = make_photo()
    make_article(lead_photo=photo, status=status)
    assert client.get(photo.rendition_url("hero")).status_code == 404


def test_renditions_of_a_photo_no_story_uses_are_not_for_readers(client):
    photo = make_photo()
    assert client.get(photo.rendition_url("thumb")).status_code == 404
    client.force_login(make_user())
    assert client.get(photo.rendition_url("thumb")).status_code == 200, "the library's thumbnails"


def test_a_photo_in_a_live_update_readers_see_is_for_readers(client):
    from articles.models import LiveUpdate

    photo = make_photo()
    story = make_article(lead_photo=None)
    update = LiveUpdate.objects.create(article=story, body="<p>From the scene.</p>", photo=photo,
                                       published_at=timezone.now() + timedelta(hours=1))
    assert client.get(photo.rendition_url("card")).status_code == 404, "an update readers do not see yet"
    LiveUpdate.objects.filter(pk=update.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(photo.rendition_url("card")).status_code == 200


def test_an_authors_portrait_is_for_readers_as_the_author_page_shows_it(client):
    photo = make_photo()
    author = make_author(portrait=photo)
    assert photo.rendition_url("portrait") in client.get(author.get_absolute_url()).content.decode()
    response = client.get(photo.rendition_url("portrait"))
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")


def test_a_rendition_address_cannot_be_worked_out_from_the_photo_id_name_and_focal_point(settings):
    photo = make_photo()
    before = photo.rendition_url("thumb")
    settings.SECRET_KEY = "another-secret-" + "x" * 40
    assert photo.rendition_url("thumb") != before, "the key is made with the site's secret"


def test_a_share_links_preview_shows_its_storys_lead_picture_and_nothing_else(client):
    photo, other_photo = make_photo(), make_photo()
    draft = make_article(status=Status.DRAFT, lead_photo=photo)
    make_article(status=Status.DRAFT, lead_photo=other_photo)
    link = share_link_create(article=draft, by=None)
    preview = reverse("articles:share-preview", args=[share_link_signed_token(link)])
    assert photo.rendition_url("thumb") in client.get(preview).content.decode()

    from_preview = {"HTTP_REFERER": f"http://testserver{preview}"}
    response = client.get(photo.rendition_url("thumb"), **from_preview)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert client.get(other_photo.rendition_url("thumb"), **from_preview).status_code == 404
    assert client.get(photo.rendition_url("thumb")).status_code == 404, "not without the preview page"
    type(draft).objects.filter(pk=draft.pk).update(status=Status.WITHDRAWN)  # a link a script left behind
    assert client.get(photo.rendition_url("thumb"), **from_preview).status_code == 404
    type(draft).objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    assert client.get(photo.rendition_url("thumb"), **from_preview).status_code == 200
    share_link_revoke(link=link, by=None)
    assert client.get(photo.rendition_url("thumb"), **from_preview).status_code == 404


def test_a_reader_gets_a_rendition_in_one_query(client, django_assert_num_queries):
    photo = make_photo()
    make_article(lead_photo=photo)
    client.get(photo.rendition_url("card"))  # made now if the after-commit work did not run
    with django_assert_num_queries(1):
        response = client.get(photo.rendition_url("card"))
    assert response.status_code == 200
