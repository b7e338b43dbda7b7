"""Wire pictures: credited photos from relative paths, file:// and a local HTTP server."""

import functools
import http.server
import json
import threading

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from articles.models import Article, PhotoAsset, WirePicture
from tests.factories import html_jpeg_bytes, image_bytes, make_user
from tests.helpers import run_import_ninjs as run

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture_server(tmp_path, monkeypatch):
    """A local HTTP server for the folder `served/`, its host allowed: (base URL, folder, request log)."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # a proxy set for the machine cannot reach our 127.0.0.1
    folder = tmp_path / "served"
    folder.mkdir()
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # Addresses inside the server's network are refused unless their host is listed.
    with override_settings(NEWSROOM_WIRE_PICTURE_HOSTS=["127.0.0.1"]):
        yield f"http://127.0.0.1:{server.server_address[1]}", folder, requests
    server.shutdown()
    server.server_close()


def picture(href, *, uri="urn:pic:1", width=800, height=600, **changes):
    data = {
        "name": "mainpic", "uri": uri, "type": "picture", "by": "Samiullah Popal/EPA-EFE",
        "copyrightholder": "EPA-EFE", "copyrightnotice": "© 2025 EPA-EFE", "usageterms": "Editorial use only.",
        "headlines": [{"value": "Silos at the port"}],
        "descriptions": [{"role": "caption", "value": "Grain silos at the port of Odesa."}],
        "renditions": [
            {"name": "thumbnail", "href": "missing-thumb.jpg", "width": 80, "height": 60, "contenttype": "image/jpeg"},
            {"name": "baseImage", "href": href, "width": width, "height": height, "contenttype": "image/jpeg"},
            {"name": "preview", "href": "https://example.invalid/x.mp4", "contenttype": "video/mp4"},
        ],
    }
    data.update(changes)
    return data


def story(*pictures, uri="urn:story:1", version="1"):
    return {
        "uri": uri, "type": "composite", "version": version, "firstcreated": "2025-07-04T17:43:00Z",
        "headlines": [{"value": "Grain ships leave Odesa"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>ODESA, Ukraine (AP) — Ships left.</p>"}],
        "associations": list(pictures),
    }


def write(path, data):
    path.write_text(json.dumps(data))
    return path


def test_a_picture_beside_the_json_file_becomes_the_credited_lead_photo(tmp_path, world):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "silos.jpg").write_bytes(image_bytes(size=(800, 600)))
    ok, out = run(write(tmp_path / "item.json", story(picture("pics/silos.jpg"))), "--publish")
    assert ok and "picture 1 added: credit “Samiullah Popal/EPA-EFE”" in out, out
    photo = Article.objects.get().lead_photo
    # Alt text is the picture's own (unprinted) headline, never the printed caption read twice.
    assert (photo.caption, photo.credit, photo.alt_text) == (
        "Grain silos at the port of Odesa.", "Samiullah Popal/EPA-EFE", "Silos at the port",
    )
    assert (photo.width, photo.height) == (800, 600)
    rights = photo.wire_picture
    assert (rights.copyright_holder, rights.copyright_notice, rights.usage_terms) == (
        "EPA-EFE", "© 2025 EPA-EFE", "Editorial use only.",
    )


def test_pictures_come_from_a_web_server_largest_accepted_rendition_first(tmp_path, world, picture_server):
    base, folder, requests = picture_server
    (folder / "big.jpg").write_bytes(image_bytes(size=(1200, 800)))
    (folder / "small.jpg").write_bytes(image_bytes(size=(300, 200)))
    pic = picture(f"{base}/big.jpg", width=1200, height=800)
    pic["renditions"].append({"name": "small", "href": f"{base}/small.jpg", "width": 300, "height": 200})
    ok, out = run(write(tmp_path / "item.json", story(pic)), "--publish")
    assert ok, out
    assert Article.objects.get().lead_photo.width == 1200 and requests == ["/big.jpg"]


@pytest.mark.parametrize("served_as", ["story.html", "story.js"])
def test_a_picture_whose_address_ends_in_html_or_js_is_stored_and_served_as_a_jpeg(
    tmp_path, world, picture_server, client, served_as
):
    base, folder, _ = picture_server
    (folder / served_as).write_bytes(html_jpeg_bytes(size=(800, 600)))
    pic = picture(f"{base}/{served_as}")
    pic["renditions"][1]["contenttype"] = ""  # the item says nothing of the type
    ok, out = run(write(tmp_path / "item.json", story(pic)), "--publish")
    assert ok, out
    photo = Article.objects.get().lead_photo
    assert photo.image.name.endswith(".jpg") and served_as not in photo.image.name, photo.image.name
    client.force_login(make_user())
    response = client.get(photo.image.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_refused_rendition_falls_back_to_the_next_largest(tmp_path, world, picture_server):
    base, folder, _ = picture_server
    (folder / "broken.jpg").write_bytes(b"not a jpeg at all")
    (folder / "ok.jpg").write_bytes(image_bytes(size=(400, 300)))
    pic = picture(f"{base}/broken.jpg", width=4000, height=3000)
    pic["renditions"].append({"name": "ok", "href": f"{base}/ok.jpg", "width": 400, "height": 300})
    ok, out = run(write(tmp_path / "item.json", story(pic)))
    assert ok, out
    assert Article.objects.get().lead_photo.width == 400
    assert PhotoAsset.objects.count() == 1


def test_an_unreachable_picture_does_not_stop_the_story(tmp_path, world, picture_server):
    base, _, _ = picture_server
    ok, out = run(write(tmp_path / "item.json", story(picture(f"{base}/gone.jpg"))), "--publish")
    assert ok, out
    assert "picture 1 not imported:" in out and "the server answered 404" in out
    article = Article.objects.get()
    assert article.lead_photo is None and article.is_published()
    assert PhotoAsset.objects.count() == 0


def test_the_same_picture_uri_is_reused_not_duplicated(tmp_path, world):
    (tmp_path / "silos.jpg").write_bytes(image_bytes(size=(800, 600)))
    run(write(tmp_path / "one.json", story(picture("silos.jpg"), uri="urn:story:1")))
    ok, out = run(write(tmp_path / "two.json", story(picture("silos.jpg"), uri="urn:story:2")))
    assert ok and "picture 1 reused" in out
    assert PhotoAsset.objects.count() == 1 == WirePicture.objects.count()
    assert {a.lead_photo_id for a in Article.objects.all()} == {PhotoAsset.objects.get().pk}


def test_the_same_picture_under_a_new_uri_is_the_photo_already_in_the_library(tmp_path, world):
    # Agencies reissue a picture under a new uri (a new package, a corrected caption): the same bytes.
    (tmp_path / "silos.jpg").write_bytes(image_bytes(size=(800, 600)))
    run(write(tmp_path / "one.json", story(picture("silos.jpg", uri="urn:pic:1"), uri="urn:story:1")))
    ok, out = run(write(tmp_path / "two.json", story(picture("silos.jpg", uri="urn:pic:2"), uri="urn:story:2")))
    assert ok and "picture 1 reused" in out, out
    assert PhotoAsset.objects.count() == 1 == WirePicture.objects.count()
    assert {a.lead_photo_id for a in Article.objects.all()} == {PhotoAsset.objects.get().pk}


def test_the_first_picture_that_arrives_is_the_lead(tmp_path, world):
    (tmp_path / "a.jpg").write_bytes(image_bytes(size=(640, 480)))
    (tmp_path / "b.jpg").write_bytes(image_bytes(size=(320, 240)))
    ok, out = run(write(tmp_path / "item.json", story(
        picture("nowhere.jpg", uri="urn:pic:0"), picture("a.jpg", uri="urn:pic:a"), picture("b.jpg", uri="urn:pic:b"),
    )))
    assert ok and "picture 1 not imported" in out and "picture 2 added" in out and "picture 3 added" in out
    assert Article.objects.get().lead_photo.wire_picture.uri == "urn:pic:a"


def test_a_file_url_is_read(tmp_path, world):
    (tmp_path / "silos.jpg").write_bytes(image_bytes(size=(800, 600)))
    ok, out = run(write(tmp_path / "item.json", story(picture((tmp_path / "silos.jpg").as_uri()))))
    assert ok and "picture 1 added" in out, out


def test_picture_items_go_to_the_library_with_photos(tmp_path, world):
    (tmp_path / "silos.jpg").write_bytes(image_bytes(size=(800, 600)))
    item = {k: v for k, v in picture("silos.jpg").items() if k != "name"}
    ok, out = run(write(tmp_path / "pic.json", item))
    assert not ok and "--photos" in out and PhotoAsset.objects.count() == 0
    ok, out = run(write(tmp_path / "pic.json", item), "--photos")
    assert ok and "photo added" in out, out
    assert PhotoAsset.objects.get().credit == "Samiullah Popal/EPA-EFE" and Article.objects.count() == 0


def test_a_story_refused_after_its_picture_was_stored_leaves_no_file(tmp_path, world, monkeypatch):
    (tmp_path / "silos.jpg").write_bytes(image_bytes(size=(800, 600)))
    before = set(_stored_files())

    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("articles.services.editing.article_record_revision", fail)
    ok, out = run(write(tmp_path / "item.json", story(picture("silos.jpg"))))
    assert not ok and "could not be imported (RuntimeError); nothing was saved" in out
    assert PhotoAsset.objects.count() == 0 and Article.objects.count() == 0
    assert set(_stored_files()) == before


def _stored_files():
    def walk(folder):
        if not default_storage.exists(folder):
            return
        dirs, files = default_storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}"
        for name in dirs:
            yield from walk(f"{folder}/{name}")

    return list(walk("photos"))


def test_associations_as_a_dict_in_a_2x_item_are_read(tmp_path, world):
    """Some agencies send 2.x associations (and renditions) keyed by name, as 1.x did."""
    (tmp_path / "silos.jpg").write_bytes(image_bytes(size=(800, 600)))
    pic = picture("silos.jpg")
    pic["renditions"] = {r.pop("name"): r for r in pic.pop("renditions")}
    pic.pop("name")
    item = story()
    item["associations"] = {"main": pic}
    item["version"] = 2
    ok, out = run(write(tmp_path / "item.json", item))
    assert ok and "picture 1 added" in out, out
    assert Article.objects.get().source_version == "2"
