"""make bench: each reader page against its own static twin, cached and uncached, in one gunicorn.

Builds its own newsroom (SQLite in bench/.data by default; PostgreSQL when
DATABASE_URL names one, Redis when REDIS_URL does): the demo plus
`generate_archive` up to BENCH_STORIES stories (default 20000). Counts SQL
queries per page in-process, saves each page's bytes as a static file (its
"twin", served by WhiteNoise through the same gunicorn), then serves the site
with production settings twice, page cache off and on, and loads every page
and its twin with wrk from 127.0.0.1 (BENCH_SECONDS each, default 5;
BENCH_CONNECTIONS, default 16).

The ratio of a page to its twin, measured minutes apart in one server, is
the figure to quote: the machine is shared, and absolute requests per second
move with whatever else it is doing.

Admin rows (bench/admin_pages.py: the story list, filtered, searched, a
story's form, the photo picker) are measured signed in as an editor, with
the page cache off only (the admin is never cached). The breaking-news rows
(bench/breaking_news.py) load the day's read mix while a desk process
edits, saves drafts and publishes. BENCH_PAGES=reader, admin or breaking
measures only those rows (default: all).

Writes bench/results.json: {"rows": [{page, cached, signed_in, rps, p50_ms, p99_ms,
ratio_to_ceiling, queries, non_2xx, ceiling_rps, ceiling_p50_ms,
ceiling_p99_ms, url}], "breaking_news": [{scenario, rps, p50_ms, p99_ms, hit_ratio,
stale_ratio, share_of_idle, desk_writes, non_2xx}], "stories", "database", "machine", "renditions_ms", ...}.
"""

import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results.json"
STORIES = int(os.environ.get("BENCH_STORIES", 20000))
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
SINGLE_REPEATS = int(os.environ.get("BENCH_SINGLE_REPEATS", 9))
MEASURED = os.environ.get("BENCH_PAGES", "all")  # "all", "reader", "admin" or "breaking"
BREAKING_SECONDS = int(os.environ.get("BENCH_BREAKING_SECONDS", 15))
ONLY = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
CACHED = {"0": (False,), "1": (True,)}.get(os.environ.get("BENCH_CACHED", ""), (False, True))
TWINS = ROOT / "staticfiles" / "bench-twins"
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))  # run as a script from bench/, the project is one folder up

import admin_pages  # noqa: E402  (bench/, beside this script)
import breaking_news  # noqa: E402

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA / 'bench.sqlite3'}"
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_MEDIA_ROOT": str(DATA / "media"),
    "NEWSROOM_CACHE_DIR": str(DATA / "cache"),
    "REDIS_URL": os.environ.get("REDIS_URL", ""),
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)


def prepare_newsroom():
    DATA.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput")
    os.environ.update(ENV)
    import django

    django.setup()
    from articles.models import Article

    if not Article.objects.exists():
        manage("demo", "--image-scale", "0.25")
    manage("collectstatic", "--noinput")
    missing = STORIES - Article.objects.count()
    if missing > 0:
        print(f"Generating {missing} stories…", flush=True)
        started = time.monotonic()
        manage("generate_archive", "--stories", str(missing))
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)


def pages():
    """Name → URL of every page measured; deep pages found by counting here, never by the site."""
    from django.db.models import Count

    from articles.models import Article, Author, Section, Tag
    from articles.pagination import encode_cursor

    published = Article.objects.published()
    story = published.filter(lead_photo__isnull=False).newest_first().first() or published.newest_first().first()
    section = Section.objects.active().annotate(n=Count("articles")).order_by("-n").first()
    in_section = published.in_section(section).newest_first()
    section_total = in_section.count()
    deep_page = max(1, min(4000, section_total // 20 - 1))
    deep_cursor = encode_cursor(in_section[deep_page * 20 - 1])
    api_deep = max(1, min(5000, published.count() // 20 - 1))
    api_cursor = encode_cursor(published.newest_first()[api_deep * 20 - 1])
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    tag = Tag.objects.annotate(n=Count("articles")).order_by("-n").first()
    highest = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    sitemap_page = max(1, (highest // 1000) // 2)
    return {
        "home": "/",
        "section p1": section.get_absolute_url(),
        f"section p{deep_page + 1}": f"{section.get_absolute_url()}?older={deep_cursor}",
        "story": story.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "rss": "/feeds/rss/",
        "sitemap index": "/sitemap.xml",
        f"sitemap p{sitemap_page}": f"/sitemap-stories.xml?p={sitemap_page}",
        "search": "/search/?q=harbour+strike",
        "api first": "/api/v1/articles/",
        f"api p{api_deep + 1}": f"/api/v1/articles/?older={api_cursor}",
    }


def query_counts_and_twins(urls, client=None):
    """SQL queries each page runs rendered afresh (publication window known); each page's bytes saved as a twin."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.NEWSROOM_PAGE_CACHE = False
    TWINS.mkdir(parents=True, exist_ok=True)
    client, counts, twins, single_ms = client or Client(), {}, {}, {}
    for name, url in urls.items():
        client.get(url)  # works out the publication window, as any earlier visit would
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Counted now: each request starts by emptying the connection's query log.
        counts[name] = len(queries)
        # One request at a time, uncached: the median of a few, as one alone is at the mercy of the machine.
        times = []
        for _ in range(SINGLE_REPEATS):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        single_ms[name] = round(statistics.median(times), 1)
        assert response.status_code == 200, f"{name} {url}: {response.status_code}"
        extension = {"application/xml": "xml", "application/json": "json", "application/rss+xml": "xml"}.get(
            response["Content-Type"].split(";")[0], "html"
        )
        twin = TWINS / f"{re.sub(r'[^a-z0-9]+', '-', name)}.{extension}"
        twin.write_bytes(response.content)
        twins[name] = f"/static/bench-twins/{twin.name}"
    return counts, twins, single_ms


def rendition_time():
    """Milliseconds to make every named rendition of one photo, from its original."""
    from articles.models import PhotoAsset
    from articles.services.photos import photo_create_renditions

    photo = PhotoAsset.objects.order_by("-width").first()
    if photo is None or not photo.image.storage.exists(photo.image.name):
        return None
    photo.renditions.all().delete()
    started = time.perf_counter()
    photo_create_renditions(photo=photo)
    return round((time.perf_counter() - started) * 1000, 1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(page_cache: bool):
    port = free_port()
    env = {**ENV, "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0"}
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "newsroom.wsgi:application", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def load(url, cookie=None):
    """Requests per second, latency percentiles and non-2xx answers for one URL (signed in with `cookie`)."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", *headers, url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": round(rps, 1), "p50_ms": percentile(50), "p99_ms": percentile(99),
            "non_2xx": int(errors.group(1)) if errors else 0}


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (Debian: apt-get install wrk).")
    prepare_newsroom()
    from django.db import connection

    from articles.models import Article

    if TWINS.exists():
        shutil.rmtree(TWINS)
    urls = pages() if MEASURED in ("all", "reader") else {}
    if ONLY:  # a quick look at a few pages: BENCH_ONLY="story,home"
        urls = {name: url for name, url in urls.items() if name.split(" p")[0] in ONLY}
    counts, twins, single_ms = query_counts_and_twins(urls)
    cookies = {}
    if MEASURED in ("all", "admin"):
        admin_client, cookie = admin_pages.signed_in_client()
        admin_urls = admin_pages.pages()
        admin_counts, admin_twins, admin_ms = query_counts_and_twins(admin_urls, client=admin_client)
        urls, counts, twins, single_ms = (
            {**urls, **admin_urls}, {**counts, **admin_counts}, {**twins, **admin_twins}, {**single_ms, **admin_ms}
        )
        cookies = dict.fromkeys(admin_urls, cookie)
    renditions_ms = rendition_time()
    breaking_warm = breaking_news.write_script() if MEASURED in ("all", "breaking") else []
    connection.close()
    rows = []
    for cached in CACHED:
        # The admin is never cached: with the cache on, only the reader pages are measured.
        measured = {name: url for name, url in urls.items() if not (cached and name in cookies)}
        if not measured:
            continue
        process, base = serve(page_cache=cached)
        try:
            for name, url in measured.items():
                cookie = cookies.get(name)
                for _ in range(2):
                    try:
                        request = urllib.request.Request(base + url, headers={"Cookie": cookie} if cookie else {})
                        urllib.request.urlopen(request).read()  # warm (and, cached, fill the cache)
                    except urllib.error.HTTPError as error:  # wrk counts it among the non-2xx
                        print(f"  {name}: {error.code} while warming", flush=True)
                page = load(base + url, cookie=cookie)
                ceiling = load(base + twins[name])
                rows.append({
                    "page": name, "cached": cached, "signed_in": bool(cookie), **page,
                    "ratio_to_ceiling": round(page["rps"] / ceiling["rps"], 3) if ceiling["rps"] else None,
                    "queries": 0 if cached else counts[name],
                    "ceiling_rps": ceiling["rps"], "ceiling_p50_ms": ceiling["p50_ms"],
                    "ceiling_p99_ms": ceiling["p99_ms"], "ceiling_non_2xx": ceiling["non_2xx"],
                    "single_request_ms": None if cached else single_ms[name],
                    "url": url,
                })
                print(f"  {'cached' if cached else 'uncached':<8} {name:<20} {page['rps']:>8} r/s  "
                      f"ceiling {ceiling['rps']:>8} r/s", flush=True)
        finally:
            process.terminate()
            process.wait()
    breaking = []
    if MEASURED in ("all", "breaking"):
        process, base = serve(page_cache=True)
        try:
            breaking = breaking_news.measure(base, ENV, PYTHON, BREAKING_SECONDS, CONNECTIONS, breaking_warm)
        finally:
            process.terminate()
            process.wait()
    results = {
        "stories": Article.objects.count(),
        "database": connection.vendor,
        "cache": "redis" if ENV["REDIS_URL"] else "file",
        "seconds_per_page": SECONDS,
        "connections": CONNECTIONS,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "renditions_ms": renditions_ms,
        "rows": rows,
        # The reader mix while the desk works (bench/breaking_news.py), BENCH_BREAKING_SECONDS each.
        "breaking_news": breaking,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


def print_table(results):
    print(f"\n{results['stories']:,} stories on {results['database']}, cache: {results['cache']}, "
          f"wrk -t2 -c{results['connections']} -d{results['seconds_per_page']}s")
    print(f"{'page':<20} {'cached':<7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ceiling':>8} {'ratio':>6} "
          f"{'queries':>7} {'non-2xx':>7}")
    for row in results["rows"]:
        ratio = "-" if row["ratio_to_ceiling"] is None else row["ratio_to_ceiling"]
        print(f"{row['page']:<20} {'yes' if row['cached'] else 'no':<7} {row['rps']:>8} {row['p50_ms']:>7} "
              f"{row['p99_ms']:>7} {row['ceiling_rps']:>8} {ratio:>6} {row['queries']:>7} "
              f"{row['non_2xx']:>7}")
    print(f"All renditions of one photo: {results['renditions_ms']} ms")
    if results["breaking_news"]:
        print(f"\n{'while the desk…':<46} {'req/s':>8} {'share':>6} {'p50 ms':>7} {'p99 ms':>7} {'hits':>6}")
        for row in results["breaking_news"]:
            print(f"{row['scenario']:<46} {row['rps']:>8} {row['share_of_idle']:>6} {row['p50_ms']:>7} "
                  f"{row['p99_ms']:>7} {row['hit_ratio']:>6}")


if __name__ == "__main__":
    main()
