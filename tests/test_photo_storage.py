"""Media on S3-compatible object storage, end to end against a real S3 server (moto's,
started here on 127.0.0.1): upload, render, serve, expire, delete; originals never public."""

import socket
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

moto_server = pytest.importorskip("moto.server", reason="moto[server] is in requirements-dev.txt")
boto3 = pytest.importorskip("boto3")
pytest.importorskip("storages.backends.s3")

from articles.models import Rendition  # noqa: E402
from articles.services.photos import photo_create  # noqa: E402
from newsroom.settings import s3_media_storage  # noqa: E402
from tests.factories import image_bytes, make_article  # noqa: E402
from tests.metadata_jpegs import photo_bytes  # noqa: E402

pytestmark = pytest.mark.django_db
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    """A fresh private bucket as the site's media storage; yields (boto3 client, bucket name)."""
    name = f"newsroom-{uuid.uuid4().hex[:10]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    client.create_bucket(Bucket=name)
    storage = s3_media_storage(name)
    storage["OPTIONS"].update(
        endpoint_url=s3_endpoint, access_key="testing", secret_key="testing", region_name="us-east-1"
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return client, name


def keys(client, name, prefix=""):
    listing = client.list_objects_v2(Bucket=name, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def upload(capture):
    with capture(execute=True):  # renditions are made after the commit, as in production
        return photo_create(
            file=SimpleUploadedFile("kabul.jpg", photo_bytes(iptc={(2, 80): "Samiullah Popal"}, size=(1600, 1000))),
            alt_text="Women queue for flour.",
        )


def test_upload_render_serve_expire_and_delete_on_object_storage(
    client, bucket, django_capture_on_commit_callbacks, settings
):
    s3, name = bucket
    photo = upload(django_capture_on_commit_callbacks)

    # Upload: the original is in the bucket; so is every rendition.
    assert keys(s3, name, "photos/") == [photo.image.name]
    renditions = keys(s3, name, f"renditions/{photo.pk}/")
    assert photo.rendition_name("card", "webp") in renditions and photo.rendition_name("hero") in renditions
    assert len(renditions) == Rendition.objects.filter(photo=photo).count() > 0

    # Serve: readers get renditions through the site, read from the bucket.
    article = make_article(lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert photo.rendition_url("card") in page and photo.rendition_url("card").startswith(settings.MEDIA_URL)
    response = client.get(photo.rendition_url("card"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    body = b"".join(response.streaming_content)
    assert body == s3.get_object(Bucket=name, Key=photo.rendition_name("card"))["Body"].read()

    # A rendition missing from the bucket is made on the first request, into the bucket.
    s3.delete_object(Bucket=name, Key=photo.rendition_name("square"))
    Rendition.objects.filter(photo=photo, spec="square", ext="jpg").delete()
    assert client.get(photo.rendition_url("square")).status_code == 200
    assert photo.rendition_name("square") in keys(s3, name, "renditions/")

    # Expire: the picture is gone for readers at once; the story stays.
    photo.expires_at = timezone.now() - timedelta(seconds=1)
    photo.save()
    assert client.get(photo.rendition_url("card")).status_code == 404
    story = client.get(article.get_absolute_url())
    assert story.status_code == 200 and photo.rendition_url("card") not in story.content.decode()

    # Delete: the original and every rendition leave the bucket.
    article.delete()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert keys(s3, name) == []


def test_originals_are_private_in_the_bucket(client, bucket, django_capture_on_commit_callbacks):
    s3, name = bucket
    photo = upload(django_capture_on_commit_callbacks)
    grants = s3.get_object_acl(Bucket=name, Key=photo.image.name)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")], "no public grant on the original"
    # The only URL the storage gives for it is signed and short-lived, and the
    # site's /media/ answers 404 to readers for it.
    url = photo.image.url
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    assert client.get(f"/media/{photo.image.name}").status_code == 404


def test_a_refused_upload_leaves_nothing_in_the_bucket(bucket):
    s3, name = bucket
    with pytest.raises(ValidationError, match="GIF files are not accepted"):
        photo_create(file=SimpleUploadedFile("a.gif", image_bytes(fmt="GIF")))
    assert keys(s3, name) == []
