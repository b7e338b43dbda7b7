"""However slow the agency's picture server, the admin's upload answers at once (the import is a task),
and a server that drips its bytes cannot hold an item's pictures past their time budget."""

import http.server
import json
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, WireImport
from articles.services.wire import PictureFetcher, PictureFetchError
from articles.tasks import import_wire_copy
from tests.factories import image_bytes, make_editor, make_section

pytestmark = pytest.mark.django_db
URL = "/admin/articles/pendingwireupdate/import/"


@pytest.fixture
def slow_server(monkeypatch, settings):
    """A picture server that waits `delay` seconds before each answer, or drips its body a byte at a time."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    settings.NEWSROOM_WIRE_PICTURE_HOSTS = ["127.0.0.1"]
    picture = image_bytes()
    behaviour = {"delay": 0.0, "drip": False}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            time.sleep(behaviour["delay"])
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(picture)))
            self.end_headers()
            try:
                if behaviour["drip"]:
                    for byte in picture[:40]:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.1)
                else:
                    self.wfile.write(picture)
            except (BrokenPipeError, ConnectionResetError):
                pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", behaviour
    httpd.shutdown()
    httpd.server_close()


def item_with_picture(number, base):
    return {
        "uri": f"urn:story:{number}", "type": "composite", "version": "1", "firstcreated": "2025-07-04T17:43:00Z",
        "headlines": [{"value": f"Story {number}"}], "bodies": [{"value": "<p>Ships left.</p>"}],
        "associations": [{
            "name": "mainpic", "uri": f"urn:pic:{number}", "type": "picture", "by": "Samiullah Popal/EPA-EFE",
            "descriptions": [{"role": "caption", "value": "Silos."}],
            "renditions": [{"name": "baseImage", "href": f"{base}/{number}.jpg", "contenttype": "image/jpeg"}],
        }],
    }


def test_a_slow_picture_server_never_holds_the_upload_and_every_story_gets_its_picture(
    client, slow_server, settings
):
    base, behaviour = slow_server
    behaviour["delay"] = 0.6
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run yet
    client.force_login(make_editor())
    section = make_section(name="World", slug="world")
    items = [item_with_picture(n, base) for n in (1, 2, 3)]
    upload = SimpleUploadedFile("feed.json", json.dumps(items).encode())

    started = time.monotonic()
    response = client.post(URL, {"section": section.pk, "photos": "on", "files": [upload]}, follow=True)
    assert time.monotonic() - started < 1.5, "the upload answers at once, before any picture is fetched"
    html = response.content.decode()
    assert "Importing… 0 items so far" in html and "Waiting for a task worker" in html
    assert Article.objects.count() == 0

    wire_import = WireImport.objects.get()
    assert import_wire_copy.call(wire_import.pk) == 3  # what the worker runs
    html = client.get(response.redirect_chain[-1][0]).content.decode()
    assert "Report: 3 items, 0 refused" in html
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Story 1", "Story 2", "Story 3"]
    assert all(article.lead_photo_id for article in Article.objects.all()), "no story went in without its picture"


def test_a_server_that_drips_its_picture_is_cut_off_at_the_budget(slow_server):
    base, behaviour = slow_server
    behaviour["drip"] = True  # one byte every 0.1 s: no single read ever waits past a socket timeout
    fetch = PictureFetcher(base_dir=None, budget_seconds=1.0)
    started = time.monotonic()
    with pytest.raises(PictureFetchError, match="ran out of time"):
        fetch(f"{base}/slow.jpg")
    assert time.monotonic() - started < 2.5
