"""Sign-in attempts to the newsroom admin, limited per account and per address.

Failed attempts are counted in the shared cache (Redis, or the file cache all
workers share), so every worker and every host sees the same counts. Past a
limit the sign-in form refuses before checking the password, and says why
and for how long; a successful sign-in clears the account's count.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError


def _key(kind, value) -> str:
    # Hashed: usernames and addresses stay out of cache keys and their logs.
    return f"newsroom:login-failures:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _keys(username, address):
    return {"account": _key("account", username.strip().lower()), "address": _key("address", address)}


def limits():
    return {
        "account": settings.NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT,
        "address": settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS,
    }


def is_locked(username, address) -> bool:
    counts = cache.get_many(list(_keys(username, address).values()))
    return any(counts.get(key, 0) >= limits()[kind] for kind, key in _keys(username, address).items())


def record_failure(username, address) -> None:
    for key in _keys(username, address).values():
        cache.add(key, 0, settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS)


def clear_account(username) -> None:
    cache.delete(_key("account", username.strip().lower()))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


class RateLimitedAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "too_many_attempts": (
            "Too many failed sign-in attempts for this account or from this address. "
            "Wait %(minutes)s minutes and try again, or ask an administrator to reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if is_locked(username, address):
            raise ValidationError(
                self.error_messages["too_many_attempts"],
                code="too_many_attempts",
                params={"minutes": max(1, settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS // 60)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            record_failure(username, address)
            raise
        clear_account(username)
        return cleaned
