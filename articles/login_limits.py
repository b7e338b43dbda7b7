"""Sign-in attempts to the newsroom admin: a stranger's failures slow down the stranger, never the newsroom.

Failed attempts are counted in the shared cache (Redis, or the file cache all
workers of a machine share), so every worker and every host sees the same
counts. The client's address is read through the trusted reverse proxies
(articles/client_address.py); an IPv6 client counts by its /64, which one
machine usually holds whole.

- An account is locked for the address that failed on it
  (`NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT` failures), and only for that address:
  its owner still signs in from anywhere else. A successful sign-in clears
  that count.
- An address that keeps failing, on any accounts, waits before its next
  attempt is even checked: one second after its sixth failure, then 2, 4,
  8 s... (never longer than the lockout), and at
  `NEWSROOM_LOGIN_FAILURES_PER_ADDRESS` failures it is refused for the
  lockout time. Only that address: a right password from an address that has
  not been failing is always checked.

Each count runs for `NEWSROOM_LOGIN_LOCKOUT_SECONDS` from its latest failure.
Past a limit the form refuses before checking the password, and says why and
for how long.

Kept here rather than in django-axes: these few functions on the cache need
no tables, no middleware and no authentication backend, and the trusted
proxies are the same ones the access log reads.
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from articles.client_address import client_address, parse_address

# Failures an address may make (typos, a forgotten password) before it starts to wait.
FREE_FAILURES_PER_ADDRESS = 5

PREFIX = "newsroom:login-failures"


def _hash(*parts) -> str:
    # Hashed: usernames and addresses stay out of cache keys and their logs.
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def limited_address(address: str) -> str:
    """The address as counted: an IPv6 address stands for its /64."""
    parsed = parse_address(address)
    if parsed is not None and parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def _keys(username: str, address: str) -> dict:
    account, address = username.strip().lower(), limited_address(address)
    return {
        "pair": f"{PREFIX}:pair:{_hash(account, address)}",
        "address": f"{PREFIX}:address:{_hash(address)}",
        "wait": f"{PREFIX}:wait:{_hash(address)}",
    }


def _duration(seconds: float) -> str:
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    seconds = max(1, math.ceil(seconds))
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def refusal(username: str, address: str) -> str | None:
    """How long this account must wait from this address before its password is checked ("15 minutes"), or None."""
    keys = _keys(username, address)
    found = cache.get_many(list(keys.values()))
    if (
        found.get(keys["pair"], 0) >= settings.NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT
        or found.get(keys["address"], 0) >= settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS
    ):
        return _duration(settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS)
    wait = found.get(keys["wait"], 0) - time.time()
    return _duration(wait) if wait > 0 else None


def _count(key: str) -> int:
    lockout = settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS
    cache.add(key, 0, lockout)
    try:
        count = cache.incr(key)  # atomic on Redis: workers racing on one key all count
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, lockout)
        count = 1
    # From the latest failure, on every backend: the file cache's incr() forgets the timeout.
    cache.touch(key, lockout)
    return count


def record_failure(username: str, address: str) -> None:
    keys = _keys(username, address)
    _count(keys["pair"])
    failures = _count(keys["address"])
    if failures > FREE_FAILURES_PER_ADDRESS:
        wait = min(2 ** (failures - FREE_FAILURES_PER_ADDRESS - 1), settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS)
        cache.set(keys["wait"], time.time() + wait, math.ceil(wait))


def clear_failures(username: str, address: str) -> None:
    """A right password clears that account's count for that address (never the address's own count)."""
    cache.delete(_keys(username, address)["pair"])


class RateLimitedAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "too_many_attempts": (
            "Too many failed sign-in attempts for this account or from this address. "
            "Wait %(wait)s and try again, or ask an administrator to reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request.META) if self.request is not None else ""
        wait = refusal(username, address)
        if wait:
            raise ValidationError(
                self.error_messages["too_many_attempts"], code="too_many_attempts", params={"wait": wait}
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            record_failure(username, address)
            raise
        clear_failures(username, address)
        return cleaned
