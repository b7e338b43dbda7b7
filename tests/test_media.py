"""/media/: renditions for everyone with long caching, originals for staff only, no path escapes."""


import pytest

from tests.factories import make_photo, make_user

pytestmark = pytest.mark.django_db


def test_uploaded_media_is_served_with_long_cache_and_no_path_escape(client):
    photo = make_photo()
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
