"""Wire pictures are not fetched from the server's own network (SSRF): loopback, private, link-local,
multicast and reserved addresses are refused, redirects included, unless NEWSROOM_WIRE_PICTURE_HOSTS names the host."""

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, PhotoAsset
from articles.services.wire import PictureFetcher, PictureFetchError
from tests.factories import image_bytes, make_editor
from tests.helpers import run_import_ninjs

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A local HTTP server: (base URL, folder served, request log, redirects {path: location})."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "served"
    folder.mkdir()
    requests, redirects = [], {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            requests.append(self.path)
            if self.path in redirects:
                self.send_response(302)
                self.send_header("Location", redirects[self.path])
                self.end_headers()
                return
            super().do_GET()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", folder, requests, redirects
    httpd.shutdown()
    httpd.server_close()


def story_with_picture(href):
    return {
        "uri": "urn:story:ssrf", "type": "composite", "version": "1", "firstcreated": "2025-07-04T17:43:00Z",
        "headlines": [{"value": "Grain ships leave Odesa"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>Ships left.</p>"}],
        "associations": [{
            "name": "mainpic", "uri": "urn:pic:ssrf", "type": "picture", "by": "Samiullah Popal/EPA-EFE",
            "headlines": [{"value": "Silos at the port"}], "descriptions": [{"role": "caption", "value": "Silos."}],
            "renditions": [{"name": "baseImage", "href": href, "width": 800, "height": 600,
                            "contenttype": "image/jpeg"}],
        }],
    }


def run(path):
    """What `import_ninjs PATH --publish` prints."""
    return run_import_ninjs(path, "--publish")[1]


def import_file(tmp_path, href):
    path = tmp_path / "item.json"
    path.write_text(json.dumps(story_with_picture(href)))
    return run(path)


def test_a_picture_on_a_loopback_address_is_refused_and_the_story_still_arrives(tmp_path, world, server, settings):
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = []
    base, folder, requests, _ = server
    (folder / "x.jpg").write_bytes(image_bytes(size=(800, 600)))

    out = import_file(tmp_path, f"{base}/x.jpg")

    assert "picture 1 not imported:" in out and "127.0.0.1 is a loopback address" in out, out
    assert "NEWSROOM_WIRE_PICTURE_HOSTS" in out
    assert requests == []  # not even asked
    article = Article.objects.get()
    assert article.lead_photo is None and article.is_published()
    assert PhotoAsset.objects.count() == 0


def test_a_host_listed_in_the_setting_is_fetched(tmp_path, world, server, settings):
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = ["127.0.0.1"]
    base, folder, requests, _ = server
    (folder / "x.jpg").write_bytes(image_bytes(size=(800, 600)))

    out = import_file(tmp_path, f"{base}/x.jpg")

    assert "picture 1 added" in out, out
    assert Article.objects.get().lead_photo.width == 800 and requests == ["/x.jpg"]


def test_a_redirect_from_an_allowed_host_to_a_private_address_is_refused(tmp_path, world, server, settings):
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = ["127.0.0.1"]
    base, folder, requests, redirects = server
    (folder / "secret.jpg").write_bytes(image_bytes(size=(800, 600)))
    port = base.rsplit(":", 1)[1]
    redirects["/x.jpg"] = f"http://localhost:{port}/secret.jpg"  # the same server under a name not listed

    out = import_file(tmp_path, f"{base}/x.jpg")

    assert "picture 1 not imported:" in out and "is a loopback address" in out, out
    assert requests == ["/x.jpg"]
    assert Article.objects.get().lead_photo is None


def test_a_redirect_that_stays_on_allowed_hosts_is_followed(tmp_path, world, server, settings):
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = ["127.0.0.1"]
    base, folder, requests, redirects = server
    (folder / "x.jpg").write_bytes(image_bytes(size=(800, 600)))
    redirects["/old.jpg"] = "/x.jpg"

    out = import_file(tmp_path, f"{base}/old.jpg")

    assert "picture 1 added" in out, out
    assert requests == ["/old.jpg", "/x.jpg"] and Article.objects.get().lead_photo.width == 800


@pytest.mark.parametrize("href, reason", [
    ("http://169.254.169.254/latest/meta-data/x.jpg", "169.254.169.254 is a link-local address"),
    ("http://10.1.2.3/x.jpg", "10.1.2.3 is a private address"),
    ("http://192.168.0.1/x.jpg", "192.168.0.1 is a private address"),
    ("http://[::1]/x.jpg", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/x.jpg", "127.0.0.1 is a loopback address"),
    ("http://0.0.0.0/x.jpg", "0.0.0.0 is"),
    ("http://224.0.0.1/x.jpg", "224.0.0.1 is a multicast address"),
    ("http://240.0.0.1/x.jpg", "240.0.0.1 is a reserved address"),
    ("http://localhost/x.jpg", "is a loopback address"),
])
def test_internal_addresses_are_refused_before_any_request(href, reason, settings):
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = []
    with pytest.raises(PictureFetchError, match=reason):
        PictureFetcher(base_dir=None)(href)


def test_the_admin_import_page_refuses_internal_addresses_too(client, world, server, settings):
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = []
    base, folder, requests, _ = server
    (folder / "x.jpg").write_bytes(image_bytes(size=(800, 600)))
    client.force_login(make_editor())
    upload = SimpleUploadedFile("item.json", json.dumps(story_with_picture(f"{base}/x.jpg")).encode())

    response = client.post(
        "/admin/articles/pendingwireupdate/import/", {"files": [upload], "section": world.pk}, follow=True
    )

    assert "127.0.0.1 is a loopback address" in response.content.decode()
    assert requests == []


def test_a_name_that_turns_internal_after_the_check_is_refused_on_connecting(server, settings, monkeypatch):
    """DNS rebinding: the address actually connected to is checked too."""
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = []
    base, folder, requests, _ = server
    (folder / "x.jpg").write_bytes(image_bytes(size=(80, 60)))
    monkeypatch.setattr("articles.services.wire.check_picture_address", lambda href: None)  # it said "public"

    with pytest.raises(PictureFetchError, match="127.0.0.1 is a loopback address"):
        PictureFetcher(base_dir=None)(f"{base}/x.jpg")
    assert requests == []


def test_the_allowed_hosts_come_from_the_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        NEWSROOM_WIRE_PICTURE_HOSTS=" Pictures.Agency.lan , 10.0.0.7,[::1],", DJANGO_SETTINGS_MODULE="newsroom.settings"
    )
    code = "from django.conf import settings; print(settings.NEWSROOM_WIRE_PICTURE_HOSTS)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "['pictures.agency.lan', '10.0.0.7', '::1']", result.stderr
