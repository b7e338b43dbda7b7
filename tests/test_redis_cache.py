"""The shared Redis cache: one client per connection pool, and it still stores and forgets."""

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL), as in CI's PostgreSQL run")

SHARED = {
    "default": {
        "BACKEND": "articles.redis_cache.SharedClientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "newsroom-tests-client",
    }
}


@override_settings(CACHES=SHARED)
def test_cache_operations_share_one_client_and_round_trip():
    cache = caches["default"]
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.set("k", {"page": b"<html>"}, 30)
    assert cache.get_many(["k", "missing"]) == {"k": {"page": b"<html>"}}
    cache.delete("k")
    assert cache.get("k") is None
