"""Admin sign-in limits: a stranger's failures slow down the stranger, never the newsroom.

Locks are per account and address pair; an address that keeps failing waits
longer and longer, then is refused on its own; the client's address is read
through the reverse proxies the site trusts (NEWSROOM_TRUSTED_PROXIES) and
from no one else.
"""

import json
import logging
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler

from articles.client_address import client_address
from articles.front_cache import FrontCache
from tests.test_front_cache import call, connection_kept

STRANGER = "198.51.100.66"
EDITOR_DESK = "203.0.113.7"
PROXY = "10.0.0.5"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="right-password", is_staff=True)


def sign_in(client, username, password, address=EDITOR_DESK, **headers):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def via_proxy(client, username, password, forwarded_for):
    return sign_in(client, username, password, address=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def refused(response):
    return "Too many failed sign-in attempts" in response.content.decode()


@pytest.fixture
def behind_proxy(settings):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]


@pytest.fixture
def no_slowdown(monkeypatch):
    """The progressive wait out of the way, for tests of the locks themselves."""
    monkeypatch.setattr("articles.login_limits.FREE_FAILURES_PER_ADDRESS", 10_000)


@pytest.mark.django_db
def test_fifty_failures_from_one_address_do_not_lock_the_account_for_its_owner(client, editor, no_slowdown):
    for _ in range(50):
        sign_in(client, "editor", "wrong", address=STRANGER)
    assert refused(sign_in(client, "editor", "right-password", address=STRANGER))
    signed_in = sign_in(client, "editor", "right-password", address=EDITOR_DESK)
    assert signed_in.status_code == 302 and client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(client, editor, behind_proxy):
    for n in range(25):
        via_proxy(client, f"user{n}", "wrong", forwarded_for=STRANGER)
    assert refused(via_proxy(client, "editor", "right-password", forwarded_for=STRANGER))
    assert via_proxy(client, "editor", "right-password", forwarded_for=EDITOR_DESK).status_code == 302


@pytest.mark.django_db
def test_a_spoofed_x_forwarded_for_from_an_untrusted_address_is_ignored(client, editor, behind_proxy, settings):
    settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS = 3
    # A stranger who is not a proxy makes up a new forwarded address for each try...
    for n in range(3):
        sign_in(client, f"user{n}", "wrong", address=STRANGER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    # ...and is still the one address that failed; nor can it pass as the editor's desk.
    assert refused(sign_in(client, "editor", "right-password", address=STRANGER, HTTP_X_FORWARDED_FOR="192.0.2.99"))
    assert refused(sign_in(client, "editor", "right-password", address=STRANGER, HTTP_X_FORWARDED_FOR=EDITOR_DESK))
    assert sign_in(client, "editor", "right-password", address=EDITOR_DESK).status_code == 302


@pytest.mark.django_db
def test_the_forwarded_address_the_client_wrote_itself_is_not_believed(client, editor, behind_proxy, settings):
    """The proxy appends the address it saw: whatever stands to its left came from the client."""
    settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        via_proxy(client, f"user{n}", "wrong", forwarded_for=f"192.0.2.{n}, {STRANGER}")
    assert refused(via_proxy(client, "editor", "right-password", forwarded_for=f"{EDITOR_DESK}, {STRANGER}"))
    assert via_proxy(client, "editor", "right-password", forwarded_for=EDITOR_DESK).status_code == 302


@pytest.mark.django_db
def test_an_address_that_keeps_failing_waits_longer_each_time_and_others_not_at_all(client, editor):
    from articles.login_limits import FREE_FAILURES_PER_ADDRESS

    for n in range(FREE_FAILURES_PER_ADDRESS):
        assert not refused(sign_in(client, f"user{n}", "wrong", address=STRANGER))
    sign_in(client, "someone", "wrong", address=STRANGER)  # one past the free ones: wait a second
    response = sign_in(client, "editor", "right-password", address=STRANGER)
    assert refused(response) and "Wait 1 second and try again" in response.content.decode()
    assert sign_in(client, "editor", "right-password", address=EDITOR_DESK).status_code == 302
    client.logout()
    time.sleep(1.1)
    # Slowed down, not locked: after the wait a right password from that address is taken.
    assert sign_in(client, "editor", "right-password", address=STRANGER).status_code == 302
    client.logout()
    sign_in(client, "someone", "wrong", address=STRANGER)
    assert "Wait 2 seconds" in sign_in(client, "editor", "right-password", address=STRANGER).content.decode()


@pytest.mark.django_db
def test_an_ipv6_client_is_limited_by_its_slash_64(client, editor, settings):
    """One machine holds a whole /64: a new address in it for each try is still the same client."""
    settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        sign_in(client, f"user{n}", "wrong", address=f"2001:db8:1:2::{n + 1}")
    assert refused(sign_in(client, "editor", "right-password", address="2001:db8:1:2::99"))
    assert sign_in(client, "editor", "right-password", address="2001:db8:1:3::1").status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, STRANGER, STRANGER),
        (PROXY, f"192.0.2.1, {STRANGER}", STRANGER),  # the client's own entries, left of the proxy's
        (PROXY, f"{STRANGER}, 10.1.2.3", STRANGER),  # a second trusted hop is skipped
        (PROXY, "10.9.9.9, 10.1.2.3", "10.9.9.9"),  # every hop trusted: the farthest one
        (PROXY, "", PROXY),
        (PROXY, "unknown", PROXY),
        (PROXY, f"{STRANGER}:52100", STRANGER),
        (PROXY, "[2001:db8::7]:443", "2001:db8::7"),
        ("::1", STRANGER, STRANGER),
        ("::ffff:10.0.0.5", STRANGER, STRANGER),
        (STRANGER, EDITOR_DESK, STRANGER),  # not a proxy: the header is nobody's word
        ("", STRANGER, ""),
    ],
)
def test_client_address(remote, forwarded, expected, behind_proxy):
    assert client_address({"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}) == expected


def test_no_proxy_is_trusted_unless_configured():
    assert client_address({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": STRANGER}) == "127.0.0.1"


@pytest.mark.django_db
def test_the_access_log_names_the_client_not_the_proxy(behind_proxy, settings, caplog):
    settings.NEWSROOM_ACCESS_LOG = True
    front = FrontCache(WSGIHandler())

    def app(environ, start_response):
        return front({**environ, "REMOTE_ADDR": PROXY}, start_response)

    with connection_kept(), caplog.at_level(logging.INFO, logger="newsroom.access"):
        call(app, "/healthz", x_forwarded_for=f"192.0.2.1, {STRANGER}")
    assert json.loads(caplog.records[-1].getMessage())["remote"] == STRANGER


def test_a_trusted_proxy_setting_that_is_not_an_address_stops_the_site(monkeypatch):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import newsroom.settings"],
        env={"NEWSROOM_TRUSTED_PROXIES": "10.0.0.0/8, nginx.local", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "NEWSROOM_TRUSTED_PROXIES" in result.stderr and "nginx.local" in result.stderr
