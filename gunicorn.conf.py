"""Gunicorn settings for the embedded (one machine) setup; env vars override.

Measured with `make bench` on 2 cores: sync workers, one per core plus one,
answer cached pages fastest (threads add a lock and a context switch per
request and gain nothing while a request is pure CPU); set GUNICORN_THREADS
for slow upstreams (a remote database) where a worker waits on I/O.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# Django's persistent database connections are one per worker thread: with
# PostgreSQL keep hosts × workers × threads under its max_connections (docs/deploy.md).
timeout = 30
graceful_timeout = 20
keepalive = 5
# Requests are logged by the app itself, one JSON line each (articles/front_cache.py).
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG") else None
errorlog = "-"
# Recycle a worker now and then so a slow leak never takes the site down, but
# rarely: at thousands of cached answers a second, 2,000 requests restarted a
# worker every second and every restart showed in p99.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 200_000))
max_requests_jitter = max_requests // 10
