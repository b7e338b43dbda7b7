"""Test settings: the project's settings, made fast and self-contained."""

import atexit
import os
import shutil
import tempfile

from newsroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploads and renditions made by the tests; removed when the test run ends.
# A task worker started by a test (tests/test_task_worker.py) is handed the
# run's folder instead, and leaves it to the run.
if os.environ.get("NEWSROOM_TEST_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["NEWSROOM_TEST_MEDIA_ROOT"]
else:
    MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "articles.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# With REDIS_URL set (as in CI's PostgreSQL run) the shared Redis cache is
# exercised; its keys get their own prefix so tests never meet the site's.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "newsroom-tests"  # noqa: F405
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TIME_ZONE = "America/New_York"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Serve static files straight from the apps (no collectstatic in tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One access-log line per request would drown the test output; its own test turns it on.
NEWSROOM_ACCESS_LOG = False
# Tasks run inside the call that queues them; the tests of the real worker
# (tests/test_task_worker.py) switch to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if os.environ.get("NEWSROOM_TEST_WORKER"):  # a worker started by a test: the real queue
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# On SQLite the test database is a file, not memory, so a worker started as a
# separate process (tests/test_task_worker.py) sees the same database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _TEST_DB_DIR = tempfile.mkdtemp(prefix="newsroom-test-db-")
    atexit.register(shutil.rmtree, _TEST_DB_DIR, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": f"{_TEST_DB_DIR}/test.sqlite3"}  # noqa: F405
