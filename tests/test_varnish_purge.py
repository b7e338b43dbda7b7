"""End to end through a real Varnish running the shipped deploy/varnish.vcl in front of the live site.

varnishd (Debian: `apt-get install varnish varnish-modules`) is started with
a copy of the VCL whose backend is this test's live server, and the site is
configured as the README says (NEWSROOM_PURGE_BACKEND=varnish,
NEWSROOM_PURGE_URLS=<the Varnish>). Where varnishd is missing the tests skip
with one line saying how to install it; with CI set, that is a failure.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from articles.models import Status
from articles.services.editing import correction_add
from articles.services.publishing import article_schedule
from tests.cache_server import default_task_backend
from tests.factories import make_article, make_author, make_editor, make_section

VARNISHD = os.environ.get("NEWSROOM_VARNISHD") or shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish.vcl"
INSTALL_HINT = (
    f"varnishd not found at {VARNISHD}; install it with `sudo apt-get install -y varnish varnish-modules` "
    "(or set NEWSROOM_VARNISHD to its path) to run the Varnish tests"
)
# How soon after a change readers must see it through Varnish.
WITHIN = 1.0

pytestmark = pytest.mark.django_db(transaction=True)


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def vcl_for_backend(host, port) -> str:
    """The shipped VCL with its backend pointed at `host`:`port`, edited exactly where its top says to."""
    text = VCL.read_text()
    edited, count = re.subn(
        r'(backend default \{\s*\.host = )"[^"]*";(\s*\.port = )"[^"]*";',
        rf'\g<1>"{host}";\g<2>"{port}";',
        text,
    )
    assert count == 1, "deploy/varnish.vcl no longer starts with the backend block this test edits"
    return edited


@pytest.fixture(scope="module")
def varnish_binary():
    if not (os.path.isfile(VARNISHD) and os.access(VARNISHD, os.X_OK)):
        if running_in_ci():
            pytest.fail(f"{INSTALL_HINT}. CI is set, so a missing Varnish is a failure.", pytrace=False)
        pytest.skip(INSTALL_HINT)
    return VARNISHD


@contextmanager
def running_varnish(binary, vcl_text):
    """varnishd in the foreground with `vcl_text`, on a free port in a temporary working directory: its base URL."""
    workdir = tempfile.mkdtemp(prefix="newsroom-varnish-")
    vcl = Path(workdir) / "site.vcl"
    vcl.write_text(vcl_text)
    port = free_port()
    process = subprocess.Popen(
        [
            binary, "-F", "-j", "none", "-n", str(Path(workdir) / "instance"),
            "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,32m",
        ],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"varnishd stopped at start:\n{process.stdout.read()}", pytrace=False)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("varnishd did not start listening within 30 s", pytrace=False)
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def live_backend(live_server):
    return re.match(r"https?://([^:/]+):(\d+)", live_server.url).groups()


@pytest.fixture
def varnish(varnish_binary, live_server, settings):
    """A Varnish in front of the live server, and the site told to purge it: its base URL."""
    with running_varnish(varnish_binary, vcl_for_backend(*live_backend(live_server))) as url:
        settings.NEWSROOM_PURGE_BACKEND = "varnish"
        settings.NEWSROOM_PURGE_URLS = [url]
        # No task worker here: each purge is sent as it is queued, after the change commits.
        with default_task_backend(ImmediateBackend("default", {})):
            yield url


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.text = status, headers, body.decode("utf-8", "replace")

    @property
    def is_hit(self):
        # Varnish's own mark of a hit: the request's id and the id of the request that stored the object.
        return len(self.headers.get("X-Varnish", "").split()) == 2 and self.headers.get("X-Cache") == "HIT"


def get(base, path, **headers):
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def wait_for(check, *, within, step=0.02):
    """Seconds until `check()` first held, polling; fails if it did not within `within` seconds."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > within:
            pytest.fail(f"not seen through Varnish within {within} s")
        time.sleep(step)


@pytest.fixture
def section():
    return make_section(name="World", slug="world")


def test_a_story_is_a_hit_on_the_second_request(varnish, section):
    story = make_article(section=section, headline="Ceasefire holds", authors=[make_author()])
    first = get(varnish, story.get_absolute_url())
    second = get(varnish, story.get_absolute_url())
    assert first.status == second.status == 200 and "Ceasefire holds" in second.text
    assert not first.is_hit and second.is_hit
    assert int(second.headers.get("Age", 0)) >= 0
    # The keys are for caches: readers never see them.
    assert "xkey" not in second.headers and "Surrogate-Key" not in second.headers


def test_a_story_withdrawn_in_the_admin_is_gone_through_varnish_within_a_second(varnish, section, client):
    story = make_article(section=section, headline="Libel in the lede")
    url = story.get_absolute_url()
    get(varnish, url)
    assert get(varnish, url).is_hit
    client.force_login(make_editor())
    response = client.post(
        "/admin/articles/article/",
        {"action": "withdraw", "_selected_action": [story.pk], "note": "Legal takedown"},
        follow=True,
    )
    assert response.status_code == 200 and "was withdrawn" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
    waited = wait_for(lambda: get(varnish, url).status in (404, 410), within=WITHIN)
    assert waited < WITHIN
    assert get(varnish, url).status in (404, 410), "a withdrawn story must not come back from the cache"
    assert "Libel in the lede" not in get(varnish, "/").text


def test_a_scheduled_story_appears_through_varnish_within_a_second_of_its_time(varnish, section):
    make_article(section=section, headline="Earlier story")
    draft = make_article(section=section, headline="Due in two seconds", status=Status.DRAFT, published_at=None)
    at = timezone.now() + timedelta(seconds=2)
    article_schedule(article=draft, at=at, by=None)
    url = draft.get_absolute_url()
    assert get(varnish, url).status == 404
    home = get(varnish, "/")
    assert home.status == 200 and "Earlier story" in home.text and "Due in two seconds" not in home.text
    # Varnish keeps the home page, but no longer than the site's s-maxage: whole seconds left before the story.
    max_age = int(re.search(r"s-maxage=(\d+)", home.headers["Cache-Control"]).group(1))
    assert max_age <= 2
    assert get(varnish, "/").is_hit or max_age == 0, "the home page is cached until the story's time"
    # The story page and the home page, each within a second of the publish time, and not before it.
    for path, shows_story in ((url, lambda a: a.status == 200), ("/", lambda a: "Due in two seconds" in a.text)):
        while True:
            asked_at = timezone.now()
            shown = shows_story(get(varnish, path))
            answered_at = timezone.now()
            if shown:
                break
            assert asked_at < at + timedelta(seconds=WITHIN), f"{path} did not show the story within {WITHIN} s"
            time.sleep(0.02)
        assert answered_at >= at, f"{path} showed the story before its time"
        late = (asked_at - at).total_seconds()
        assert late < WITHIN, f"{path} showed the story to a request made {late:.2f} s after its time"


def test_a_correction_shows_through_varnish_within_a_second(varnish, section):
    story = make_article(section=section, headline="Minister resigns")
    url = story.get_absolute_url()
    get(varnish, url)
    assert get(varnish, url).is_hit
    correction_add(article=story, text="An earlier version misnamed the ministry.", by=None)
    waited = wait_for(lambda: "misnamed the ministry" in get(varnish, url).text, within=WITHIN)
    assert waited < WITHIN


def test_signed_in_requests_and_the_admin_are_never_cached(varnish, section, client):
    story = make_article(section=section)
    client.force_login(make_editor())
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        signed_in = get(varnish, story.get_absolute_url(), Cookie=cookie)
        admin = get(varnish, "/admin/login/")
    assert not signed_in.is_hit and not admin.is_hit
    assert "private" in signed_in.headers.get("Cache-Control", "")


def test_purges_are_taken_only_from_the_addresses_in_the_acl(varnish_binary, live_server):
    vcl = vcl_for_backend(*live_backend(live_server))
    vcl, count = re.subn(r'acl purgers \{[^}]*\}', 'acl purgers {\n    "192.0.2.1";\n}', vcl)
    assert count == 1
    story = make_article(section=make_section())
    with running_varnish(varnish_binary, vcl) as url:
        get(url, story.get_absolute_url())
        request = urllib.request.Request(url + "/", method="PURGE", headers={"xkey-purge": f"story-{story.pk}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        assert get(url, story.get_absolute_url()).is_hit
