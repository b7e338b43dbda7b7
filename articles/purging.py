"""Telling the caches in front of the site what changed: purge by surrogate key.

Every reader page carries the keys of what it shows (articles/surrogate_keys.py).
When an editor publishes, corrects, withdraws or unpublishes a story, hides a
photo or renames an author, tag or section, the write path calls
`purge_after_commit(keys)`: once the transaction commits, a `purge_keys` task
is queued (django.tasks) and sends the keys to the configured backend, the
way Wagtail's `frontend_cache` offers them:

- `varnish`: a `PURGE` request with the keys in an `xkey-purge` header to each
  of NEWSROOM_PURGE_URLS (deploy/varnish.vcl drops every object tagged with
  one of them);
- `fastly`: the purge-by-surrogate-key API (service id and API token);
- `cloudflare`: the purge-by-cache-tag API (zone id and API token);
- `cloudfront`: an invalidation of paths, since CloudFront has no tags: each
  key becomes the paths it stands for (a story's address, a section's
  pages, `/`, `/feeds/*`...), see `cloudfront_paths`.

Off (NEWSROOM_PURGE_BACKEND empty) nothing is queued. A purge never breaks
the save that asked for it: queueing it is after the commit and guarded, and
a purge that fails is logged and, under a task worker, retried with backoff
(`retry_delays`); meanwhile the caches still drop the page by its own
`s-maxage`. A change that happens by itself later (a scheduled story going
live, an embargo ending, a licence or story expiring) is purged at its second
by a task queued with `run_after` when the task backend can defer; the
immediate backend cannot, and then the pages' own lifetimes, which never
outlast the next scheduled change (articles/caching.py), do it instead.
"""

import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles import page_purges, surrogate_keys
from articles.caching import new_content_version
from articles.models import Article, Author, Section, Status, Tag
from articles.task_retries import retried

logger = logging.getLogger(__name__)

FASTLY_API = "https://api.fastly.com"
CLOUDFLARE_API = "https://api.cloudflare.com/client/v4"
FASTLY_MAX_KEYS = 256  # per request (Fastly's limit)
CLOUDFLARE_MAX_TAGS = 30  # per request (Cloudflare's limit on every plan)
# Paths beyond this in one CloudFront invalidation: the whole distribution instead.
CLOUDFRONT_MAX_PATHS = 100
# Seconds between attempts of a failed purge (read by the task worker's retry bookkeeping).
RETRY_DELAYS = (5, 30, 120, 600)


class PurgeFailed(Exception):
    """A cache did not take the purge; the message says which and why (never a token)."""


# --- Queueing -----------------------------------------------------------------------------


def is_enabled() -> bool:
    return bool(settings.NEWSROOM_PURGE_BACKEND)


# The purge waiting for the current transaction's commit, on its database connection (one per thread).
PENDING = "newsroom_purge_pending"


def purge_after_commit(keys, *, at=None, hard=False) -> None:
    """Drop the pages carrying `keys`: the site's own cache now and at the commit, the CDN's once committed.

    One decision for both caches. The site's page cache (articles/page_purges.py)
    drops them at once, so this process's next page is fresh, and again when the
    transaction commits, so a page rendered from the old rows meanwhile is not
    kept; `hard` (a story withdrawn, unpublished or deleted; a photo
    restricted) forbids serving a stale copy while the page is rendered again.
    A purge at `at` (a scheduled change) is left to the pages' publication
    window there. Every CDN purge asked for in one transaction (an admin save
    that edits the story, adds a correction and publishes it) goes in one
    task; none when purging is off. Never raises: a purge is the caches'
    business, not the editor's.
    """
    keys = set(keys)
    if not keys:
        return
    if at is None:
        record_page_purge(keys, hard=hard)
        transaction.on_commit(lambda: record_page_purge(keys, hard=hard), robust=True)
    if not is_enabled():
        return
    if at is not None:
        transaction.on_commit(lambda: enqueue_purge(sorted(keys), at=at), robust=True)
        return
    connection = transaction.get_connection()
    batch = getattr(connection, PENDING, None)
    # Still waiting for this transaction's commit? (Django drops the callbacks of a
    # transaction or savepoint rolled back, and those it has run; then a new batch starts.)
    if batch is not None and connection.in_atomic_block and any(
        func is batch["send"] for _, func, _ in connection.run_on_commit
    ):
        batch["keys"].update(keys)
        return
    batch = {"keys": keys}
    batch["send"] = lambda: enqueue_purge(sorted(batch["keys"]))
    setattr(connection, PENDING, batch)
    transaction.on_commit(batch["send"], robust=True)


def record_page_purge(keys, *, hard=False) -> None:
    """Drop the site's cached pages carrying `keys`, and move the content version (navigation, lists, window)."""
    try:
        new_content_version()
        page_purges.record(keys, hard=hard)
    except Exception:  # noqa: BLE001 - the pages' own lifetime still bounds them; never fail a save
        logger.exception("Could not drop the cached pages of %s", " ".join(sorted(keys)))


def enqueue_purge(keys, *, at=None):
    """Queue the `purge_keys` task for `keys` (deferred to `at` when given and ahead); None if it could not be."""
    try:
        now = timezone.now()
        if at is not None and at > now:
            if not purge_keys.get_backend().supports_defer:
                # The immediate backend: the pages' own lifetimes end at `at` (articles/caching.py).
                logger.debug("Purge of %s at %s left to the pages' lifetimes", " ".join(keys), at.isoformat())
                return None
            return purge_keys.using(run_after=at).enqueue(keys)
        return purge_keys.enqueue(keys, changed_at=now.timestamp())
    except Exception:  # noqa: BLE001 - a queue that fails must not fail the save that committed
        logger.exception("Could not queue a purge of %s", " ".join(keys))
        return None


@task()
@retried(*RETRY_DELAYS)
def purge_keys(keys: list[str], changed_at: float | None = None) -> int:
    """Tell the configured caches to drop every page carrying one of `keys`; return how many keys were sent.

    Idempotent: a purge sent twice drops nothing more. `changed_at` (epoch
    seconds) is when the change was committed: the purge waits until every
    site worker can no longer serve its previous copy of the content version
    (NEWSROOM_FRONT_CACHE_STATE_SECONDS), so a cache refilled at once is
    refilled with the new pages. Raises PurgeFailed, logged, for the worker
    to retry.
    """
    backend = settings.NEWSROOM_PURGE_BACKEND
    keys = sorted(set(keys))
    if not backend or not keys:
        return 0
    if changed_at is not None:
        wait = changed_at + settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS - time.time()
        if wait > 0:
            time.sleep(min(wait, settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS))
    try:
        BACKENDS[backend](keys)
    except Exception as exc:
        logger.error("Purge of %s through %s failed: %s", " ".join(keys), backend, exc)
        raise
    logger.info("Purged %s through %s", " ".join(keys), backend)
    return len(keys)


# --- What each change purges ----------------------------------------------------------------


def article_purge(article, *, previous=None) -> None:
    """After a change to a story readers see (or will, or did): purge its pages and the lists it joins.

    `previous` is the stored story before an edit. A story taken down is a
    hard purge (never served stale). A story due later (a schedule, an
    embargo) is purged again at its go-live second, and one that expires at
    its expiry.
    """
    was_published = previous is not None and previous.status == Status.PUBLISHED
    if article.status != Status.PUBLISHED and not was_published:
        return  # a draft, a story in editing, a withdrawn one restored as a draft: no reader saw or sees it
    reordered = not was_published or article.status != Status.PUBLISHED or (
        previous.section_id != article.section_id or previous.published_at != article.published_at
    )
    retitled = previous is None or (previous.headline, previous.slug) != (article.headline, article.slug)
    keys = surrogate_keys.article_purge_keys(
        article,
        author_ids=article.bylines.values_list("author_id", flat=True),
        tag_ids=article.tags.values_list("pk", flat=True),
        section_ids=[previous.section_id] if previous is not None else (),
        reordered=reordered,
        retitled=retitled,
    )
    purge_after_commit(keys, hard=was_published and article.status != Status.PUBLISHED)
    if article.status == Status.PUBLISHED and is_enabled():
        for moment in (article.goes_live_at, article.expires_at):
            if moment is not None and moment > timezone.now():
                purge_after_commit(keys, at=moment)


def photo_purge(photo) -> None:
    """After a change to a photo (hidden, restricted, re-credited): pages showing it; again when its licence ends."""
    in_use = photo.lead_for.exists() or photo.portrait_for.exists()
    if not in_use and not is_enabled():
        return  # no page shows it: nothing of the site's own cache to drop
    keys = surrogate_keys.photo_purge_keys(photo.pk, in_use=in_use)
    purge_after_commit(keys, hard=True)
    if is_enabled() and photo.expires_at is not None and photo.expires_at > timezone.now():
        purge_after_commit(keys, at=photo.expires_at)


# --- Backends -------------------------------------------------------------------------------


def http_request(url, *, method, headers=None, body=None) -> bytes:
    """One HTTP request with the purge timeout; the answer's body, or PurgeFailed."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=settings.NEWSROOM_PURGE_TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise PurgeFailed(f"{method} {url} answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        raise PurgeFailed(f"{method} {url} failed: {getattr(error, 'reason', error)}") from error


def chunked(items, size):
    return [items[start:start + size] for start in range(0, len(items), size)]


def purge_varnish(keys) -> None:
    """A PURGE with the keys in `xkey-purge` to every Varnish server; each is tried even if another fails."""
    if not settings.NEWSROOM_PURGE_URLS:
        raise PurgeFailed("NEWSROOM_PURGE_URLS names no Varnish server.")
    failures = []
    for url in settings.NEWSROOM_PURGE_URLS:
        try:
            http_request(url, method="PURGE", headers={"xkey-purge": " ".join(keys)})
        except PurgeFailed as failure:
            failures.append(str(failure))
    if failures:
        raise PurgeFailed("; ".join(failures))


def purge_fastly(keys) -> None:
    """Fastly's purge by surrogate key: POST /service/<id>/purge with {"surrogate_keys": [...]}."""
    service, token = settings.NEWSROOM_FASTLY_SERVICE_ID, settings.NEWSROOM_FASTLY_API_TOKEN
    if not (service and token):
        raise PurgeFailed("NEWSROOM_FASTLY_SERVICE_ID and NEWSROOM_FASTLY_API_TOKEN are both needed.")
    for chunk in chunked(keys, FASTLY_MAX_KEYS):
        http_request(
            f"{FASTLY_API}/service/{quote(service, safe='')}/purge",
            method="POST",
            headers={"Fastly-Key": token, "Content-Type": "application/json", "Accept": "application/json"},
            body=json.dumps({"surrogate_keys": chunk}).encode(),
        )


def purge_cloudflare(keys) -> None:
    """Cloudflare's purge by cache tag: POST /zones/<id>/purge_cache with {"tags": [...]}."""
    zone, token = settings.NEWSROOM_CLOUDFLARE_ZONE_ID, settings.NEWSROOM_CLOUDFLARE_API_TOKEN
    if not (zone and token):
        raise PurgeFailed("NEWSROOM_CLOUDFLARE_ZONE_ID and NEWSROOM_CLOUDFLARE_API_TOKEN are both needed.")
    for chunk in chunked(keys, CLOUDFLARE_MAX_TAGS):
        answer = http_request(
            f"{CLOUDFLARE_API}/zones/{quote(zone, safe='')}/purge_cache",
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            body=json.dumps({"tags": chunk}).encode(),
        )
        try:
            result = json.loads(answer)
        except ValueError:
            result = {}
        if not result.get("success"):
            raise PurgeFailed(f"Cloudflare refused the purge: {result.get('errors') or answer[:200]!r}")


def purge_cloudfront(keys) -> None:
    """A CloudFront invalidation of the paths the keys stand for (boto3, with its usual AWS credentials)."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    distribution = settings.NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID
    if not distribution:
        raise PurgeFailed("NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID is needed.")
    paths = cloudfront_paths(keys)
    if not paths:
        return
    try:
        boto3.client("cloudfront").create_invalidation(
            DistributionId=distribution,
            InvalidationBatch={
                "Paths": {"Quantity": len(paths), "Items": paths},
                "CallerReference": f"newsroom-{uuid.uuid4().hex}",
            },
        )
    except (BotoCoreError, ClientError) as error:
        raise PurgeFailed(f"CloudFront refused the invalidation: {error}") from error


def cloudfront_paths(keys) -> list[str]:
    """The paths a CloudFront invalidation needs for `keys` (CloudFront has no tags).

    A story is its address and its API items; a section, author or tag its
    pages and feeds (a wildcard each: `/world/*` covers the front, its
    archives and its stories); a photo the addresses of the stories leading
    with it; `home` is `/`; `feeds`, `sitemaps`, `api` and `search` their
    trees; `nav` (every page) is `/*`. More than CLOUDFRONT_MAX_PATHS, or a
    photo on too many stories, invalidates everything (`/*`): one path, as
    CloudFront counts wildcards.
    """
    by_kind = {}
    for key in keys:
        kind, _, pk = key.partition("-")
        # A subject's lists and boxes: for CloudFront, its pages all the same.
        pk = pk.removesuffix("-list").removesuffix("-newest").removesuffix("-headline")
        by_kind.setdefault(kind, set()).add(int(pk) if pk.isdigit() else pk)
    if surrogate_keys.NAV in by_kind:
        return ["/*"]
    paths = set()
    fixed = {
        surrogate_keys.HOME: ["/"],
        surrogate_keys.FEEDS: ["/feeds/*"],
        surrogate_keys.SITEMAPS: ["/sitemap*"],
        surrogate_keys.API: ["/api/*"],
        surrogate_keys.SEARCH: ["/search/*"],
    }
    for name, name_paths in fixed.items():
        if name in by_kind:
            paths.update(name_paths)
    story_ids = set(by_kind.get("story", ()))
    photo_ids = by_kind.get("photo", set())
    if photo_ids:
        leading = Article.objects.filter(lead_photo__in=photo_ids).values_list("pk", flat=True)
        leading = list(leading[: CLOUDFRONT_MAX_PATHS + 1])
        if len(leading) > CLOUDFRONT_MAX_PATHS:
            return ["/*"]
        story_ids.update(leading)
        paths.update(f"{author.get_absolute_url()}*" for author in Author.objects.filter(portrait__in=photo_ids))
    for article in Article.objects.filter(pk__in=story_ids).select_related("section"):
        paths.add(article.get_absolute_url())
        if article.coverage:
            paths.add(f"{article.get_absolute_url()}live/*")  # its poll and feed of updates (live_stream.py)
        if "api" not in by_kind:
            paths.update(f"/api/{version}/articles/{article.pk}/" for version in ("v1", "v2"))
    for section in Section.objects.filter(pk__in=by_kind.get("section", ())):
        paths.update((f"{section.get_absolute_url()}*", f"/feeds/{section.slug}/*"))
    for author in Author.objects.filter(pk__in=by_kind.get("author", ())):
        paths.update((f"{author.get_absolute_url()}*", f"/feeds/authors/{author.slug}/*"))
    for tag in Tag.objects.filter(pk__in=by_kind.get("tag", ())):
        paths.update((f"{tag.get_absolute_url()}*", f"/feeds/tags/{tag.slug}/*"))
    if len(paths) > CLOUDFRONT_MAX_PATHS:
        return ["/*"]
    return sorted(paths)


BACKENDS = {
    "varnish": purge_varnish,
    "fastly": purge_fastly,
    "cloudflare": purge_cloudflare,
    "cloudfront": purge_cloudfront,
}
