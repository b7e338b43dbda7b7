"""Settings for the newsroom, read from the environment.

Local defaults work with no variables set (debug on, SQLite, an in-process
cache). Production sets DJANGO_DEBUG=0, a real DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL and usually REDIS_URL and DJANGO_HTTPS=1.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", default=True)

_INSECURE_KEY = "django-insecure-local-development-only"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = _INSECURE_KEY
elif not DEBUG and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too short or a known placeholder.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "The Daily Ledger")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves static files the same way gunicorn does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_filters",
    # Static files of the story editor (ProseMirror); articles/widgets.py loads them.
    "django_prose_editor",
    # The task queue's table and its admin (DBTaskResult): the database backend of django.tasks.
    "django_tasks_db",
    "articles",
]

MIDDLEWARE = [
    # First, so every query of a request (sessions included) runs under its time limit.
    "articles.database.DatabaseGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
            # The desk's dashboard tags read admin-side modules: registered from the admin package, not
            # from articles/templatetags/, whose libraries any page may load.
            "libraries": {"desk_tags": "articles.admin.desk_tags"},
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# Seconds to reach PostgreSQL, and for an idle connection to answer again: a database
# that cannot be reached, or stops answering, is a plain 503 after that (articles/database.py).
NEWSROOM_DB_CONNECT_TIMEOUT = int(os.environ.get("NEWSROOM_DB_CONNECT_TIMEOUT", 2))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=NEWSROOM_DB_CONNECT_TIMEOUT,
        # A database host that vanishes (a crash, a cut network) sends nothing back, not even
        # TCP acknowledgements: the kernel notices an idle connection within 5 + 3 × 1 s, and
        # one whose request goes unacknowledged within the connect timeout, instead of
        # waiting on it for minutes. A server that acknowledges but never answers is given
        # up on by articles/database.py (AnswerDeadlineConnection).
        keepalives=1,
        keepalives_idle=5,
        keepalives_interval=1,
        keepalives_count=3,
        tcp_user_timeout=NEWSROOM_DB_CONNECT_TIMEOUT * 1000,
    )
    # Prepared statements: a reader page runs the same few query shapes over and
    # over, and PostgreSQL planning them afresh was a tenth of an uncached story
    # page. Parameters travel apart from the SQL (server-side binding), so a shape
    # is prepared on a connection's second use. Set NEWSROOM_DB_PREPARED_STATEMENTS=0
    # behind a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
    if env_flag("NEWSROOM_DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets gunicorn workers read while the admin writes; IMMEDIATE
        # avoids "database is locked" upgrades from read to write locks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# For every app: ids are 64-bit. Set here only, not again in an AppConfig.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "articles.redis_cache.SharedClientRedisCache", "LOCATION": REDIS_URL}}
else:
    # One machine without Redis: a file cache, shared by every gunicorn worker
    # (an in-process cache would let one worker drop a page after an edit
    # while the others kept serving the old one).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("NEWSROOM_CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Auth -------------------------------------------------------------------
# Staff sign in at the admin's login page. After signing in with no `next`, or
# one that is refused (another site), they land on the desk, not on Django's
# default /accounts/profile/, which this site does not have.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin sign-in (articles/login_limits.py): this many failures on one account from one
# address lock that account for that address only; an address that keeps failing waits
# longer after each failure, and this many failures from it refuse it, for the lockout time.
NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT", 5))
NEWSROOM_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("NEWSROOM_LOGIN_FAILURES_PER_ADDRESS", 20))
NEWSROOM_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("NEWSROOM_LOGIN_LOCKOUT_SECONDS", 15 * 60))

# The reverse proxies (addresses or networks) whose X-Forwarded-For is believed for the
# client's address (articles/client_address.py): sign-in limits and the access log.
# Nobody else's is. Empty: REMOTE_ADDR is the client (gunicorn facing readers directly).
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES")
for _proxy in NEWSROOM_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"NEWSROOM_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network (e.g. 10.0.0.0/8, 127.0.0.1)."
        ) from None

# --- Time -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
# The newsroom's zone: stored times are UTC, printed times are in this zone.
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "articles.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_media_storage(bucket):
    """Uploads and renditions in a private S3-compatible bucket (django-storages).

    Nothing in the bucket is public: readers get renditions through the site's
    /media/ view, which checks the photo's rights first (and makes a missing
    rendition), and a CDN in front of the site keeps them as Cache-Control
    allows. Originals have no public URL; staff get a short-lived signed one.
    Credentials come from the usual AWS_* variables or the machine's role.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("NEWSROOM_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }


# NEWSROOM_S3_BUCKET puts media on object storage, as every host of a
# many-machine setup must (no state lives on a web host).
if os.environ.get("NEWSROOM_S3_BUCKET"):
    STORAGES["default"] = s3_media_storage(os.environ["NEWSROOM_S3_BUCKET"])
# The site serves /media/ through a small view that reads the storage (local
# disk or the bucket) and checks each photo's rights; a CDN may sit in front.
NEWSROOM_SERVE_MEDIA = env_flag("NEWSROOM_SERVE_MEDIA", default=True)

# The photo desk's limits: bigger files are almost always a mistake (an
# uncompressed scan, a video still at full sensor size), and a picture of more
# pixels than this takes too much memory to decode (a "pixel bomb"). A megabyte
# here and in every message is 1,000,000 bytes: "40 MB" is 40,000,000 bytes.
NEWSROOM_PHOTO_MAX_BYTES = int(os.environ.get("NEWSROOM_PHOTO_MAX_BYTES", 40_000_000))
NEWSROOM_PHOTO_MAX_PIXELS = int(os.environ.get("NEWSROOM_PHOTO_MAX_PIXELS", 100_000_000))
# A task worker's memory budget for making one photo's renditions, in pixels of
# the original: decoding takes about 3 bytes a pixel and resizing as much again
# (100 megapixels: about 600 MB). A bigger picture is refused at upload with a
# reason, never left half-rendered.
NEWSROOM_RENDITION_MAX_PIXELS = int(os.environ.get("NEWSROOM_RENDITION_MAX_PIXELS", 100_000_000))

# Wire pictures are fetched by the server from the addresses a ninjs file
# names; anyone who may import a file could otherwise make it request the
# machine's own network (SSRF). Loopback, private, link-local, multicast and
# reserved addresses are refused unless their host is listed here (e.g. an
# agency's picture server on the office network).
NEWSROOM_WIRE_PICTURE_HOSTS = [
    host.strip().strip("[]").lower().rstrip(".")
    for host in os.environ.get("NEWSROOM_WIRE_PICTURE_HOSTS", "").split(",")
    if host.strip()
]

# Seconds one item of an "Import wire copy" upload may spend fetching its pictures, all of them
# together, in the import task (a server that drips its bytes never trips a socket timeout).
NEWSROOM_WIRE_UPLOAD_PICTURE_SECONDS = float(os.environ.get("NEWSROOM_WIRE_UPLOAD_PICTURE_SECONDS", 20))

# --- Background tasks (django.tasks) --------------------------------------
# Heavy or slow work (renditions, ...) runs in task workers, never in a request
# (DESIGN rule 9). "database" (the default, on SQLite and PostgreSQL alike) keeps
# the queue in the site's database: `manage.py task_worker` processes run it, as
# many as wanted on as many machines. "immediate" runs each task inside the call
# that enqueues it (tests; a site with no worker). A dotted path names another
# django.tasks backend.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("NEWSROOM_TASKS_BACKEND", "database").strip() or "database"
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_tasks_backend, _tasks_backend)}}
# A task still marked running this many seconds after it started is taken to
# have lost its worker (killed, machine gone) and is queued again; every task is
# idempotent, so running one twice is harmless. A worker restarted with the same
# --worker-id takes back its own unfinished task at once.
NEWSROOM_TASK_ABANDONED_SECONDS = int(os.environ.get("NEWSROOM_TASK_ABANDONED_SECONDS", 30 * 60))

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Everything the site needs comes from the site itself: no CDN, no external
# fonts, no inline scripts. Inline style attributes stay allowed because
# Django's admin widgets set a few.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if env_flag("DJANGO_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging: to stderr, which gunicorn and any supervisor collect ------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_on_one_line": {"()": "newsroom.log_filters.ForbiddenOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # One JSON line per request from articles/front_cache.py: method, path
        # (never the query string), status, duration, bytes, cache outcome.
        "newsroom.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A 403 the site meant to give is one line, not a traceback.
        "django.request": {"filters": ["forbidden_on_one_line"]},
    },
}
NEWSROOM_ACCESS_LOG = env_flag("NEWSROOM_ACCESS_LOG", default=True)

# --- The newsroom's own knobs ----------------------------------------------------
NEWSROOM_PAGE_SIZE = 20
NEWSROOM_HOME_TOP_STORIES = 5
NEWSROOM_HOME_LATEST = 24
# How long browsers and CDNs may keep a reader page (less when a story is due
# sooner), and how long the shared cache keeps a rendered page at most.
NEWSROOM_CACHE_MAX_AGE = int(os.environ.get("NEWSROOM_CACHE_MAX_AGE", 60))
NEWSROOM_PAGE_CACHE_TIMEOUT = 600
# Bytes of cached pages each worker also keeps in its own memory (articles/front_cache.py).
NEWSROOM_FRONT_CACHE_LOCAL_BYTES = int(os.environ.get("NEWSROOM_FRONT_CACHE_LOCAL_BYTES", 32 * 1024 * 1024))
# Seconds a worker reuses the content version and window it read for the front cache: an edit
# made in another worker reaches this one within that time (articles/caching.py, recent_state).
NEWSROOM_FRONT_CACHE_STATE_SECONDS = float(os.environ.get("NEWSROOM_FRONT_CACHE_STATE_SECONDS", 0.1))
# Seconds a page dropped by an edit may still be served while one worker renders it afresh
# (no stampede); never after a story is withdrawn or unpublished (articles/page_purges.py).
NEWSROOM_PAGE_CACHE_STALE_SECONDS = float(os.environ.get("NEWSROOM_PAGE_CACHE_STALE_SECONDS", 1))
# How long a CDN may go on serving a copy while it fetches a fresh one (never
# past the next scheduled publish time).
NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("NEWSROOM_CACHE_STALE_WHILE_REVALIDATE", 30))
# No reader request may keep the database busy longer than this (search that
# matches half the archive included); staff pages get up to gunicorn's timeout.
NEWSROOM_READER_STATEMENT_TIMEOUT_MS = int(os.environ.get("NEWSROOM_READER_STATEMENT_TIMEOUT_MS", 2000))
NEWSROOM_STAFF_STATEMENT_TIMEOUT_MS = int(os.environ.get("NEWSROOM_STAFF_STATEMENT_TIMEOUT_MS", 30000))
# Off only to measure what caching saves (make bench); the headers stay the same.
NEWSROOM_PAGE_CACHE = env_flag("NEWSROOM_PAGE_CACHE", default=True)
# A live story's open page asks for new updates this often, and its page and poll
# are kept by browsers and CDNs no longer than this (articles/services/live.py).
NEWSROOM_LIVE_POLL_SECONDS = int(os.environ.get("NEWSROOM_LIVE_POLL_SECONDS", 5))

# --- Telling a CDN or Varnish what changed (articles/purging.py) ------------------
# Off ("") by default. "varnish": a PURGE with the keys in an `xkey-purge` header
# to each of NEWSROOM_PURGE_URLS (deploy/varnish.vcl); "fastly", "cloudflare":
# purge by surrogate key / cache tag through their APIs; "cloudfront": an
# invalidation of the changed paths (CloudFront has no tags), with boto3's own
# AWS credentials. See docs/deploy.md.
NEWSROOM_PURGE_BACKEND = os.environ.get("NEWSROOM_PURGE_BACKEND", "").strip().lower()
if NEWSROOM_PURGE_BACKEND not in {"", "varnish", "fastly", "cloudflare", "cloudfront"}:
    raise ImproperlyConfigured(
        f"NEWSROOM_PURGE_BACKEND={NEWSROOM_PURGE_BACKEND!r}: use varnish, fastly, cloudflare, cloudfront or nothing."
    )
NEWSROOM_PURGE_URLS = env_list("NEWSROOM_PURGE_URLS")
NEWSROOM_PURGE_TIMEOUT = float(os.environ.get("NEWSROOM_PURGE_TIMEOUT", 5))
NEWSROOM_FASTLY_SERVICE_ID = os.environ.get("NEWSROOM_FASTLY_SERVICE_ID", "")
NEWSROOM_FASTLY_API_TOKEN = os.environ.get("NEWSROOM_FASTLY_API_TOKEN", "")
NEWSROOM_CLOUDFLARE_ZONE_ID = os.environ.get("NEWSROOM_CLOUDFLARE_ZONE_ID", "")
NEWSROOM_CLOUDFLARE_API_TOKEN = os.environ.get("NEWSROOM_CLOUDFLARE_API_TOKEN", "")
NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID", "")

# --- Writing tools in the admin ---------------------------------------------------
# A share link's default lifetime; each link can be given its own.
NEWSROOM_SHARE_LINK_HOURS = 48
# How often an open story form saves its text aside, and says "I am still here".
NEWSROOM_AUTOSAVE_SECONDS = 5
NEWSROOM_PRESENCE_SECONDS = 15
# Someone whose tab has not said so for this long is no longer shown as editing.
NEWSROOM_PRESENCE_QUIET_SECONDS = 35
