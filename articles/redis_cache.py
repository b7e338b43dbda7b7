"""Django's Redis cache, keeping one client per connection pool instead of making one per call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for
every cache operation, and redis-py fills a table of some 170 response
callbacks each time. On a front-cache hit, which is one round trip to Redis,
that construction cost more than the round trip itself (measured: 350 µs a
hit against 95 µs with the file cache). A `redis.Redis` is safe to share: its
connection pool hands each command a connection.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
