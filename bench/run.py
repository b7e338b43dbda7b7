"""make bench: how fast the reader site answers, with and without the page cache.

Builds its own SQLite newsroom in bench/.data (the demo plus a synthetic
archive, BENCH_STORIES stories, default 20000), counts SQL queries per page
in-process, then serves it with gunicorn twice (page cache off, then on) and
loads each page with wrk from 127.0.0.1. Figures go to bench/results.json.

The machine is shared and noisy, so read the ratios (each page against
/healthz in the same run, cached against uncached) rather than raw numbers.
"""

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results.json"
STORIES = int(os.environ.get("BENCH_STORIES", 20000))
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))  # run as a script from bench/, the project is one folder up

ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DATA / 'bench.sqlite3'}"),
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_MEDIA_ROOT": str(DATA / "media"),
    "NEWSROOM_CACHE_DIR": str(DATA / "cache"),
    "REDIS_URL": "",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)


def prepare_newsroom():
    DATA.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput")
    manage("demo", "--image-scale", "0.25")
    manage("collectstatic", "--noinput")
    os.environ.update(ENV)
    import django

    django.setup()
    from articles.models import Article

    missing = STORIES - (Article.objects.count() - 60)
    if missing > 0:
        manage("generate_archive", "--stories", str(missing))


def pages():
    from articles.models import Article, Author, Section

    story = Article.objects.published().filter(lead_photo__isnull=False).newest_first().first()
    author = Author.objects.filter(bylines__article__status="published").first()
    return {
        "healthz": "/healthz",
        "home": "/",
        "section": Section.objects.active().first().get_absolute_url(),
        "story": story.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search": "/search/?q=harbour",
        "rss": "/feeds/rss/",
        "api": "/api/v1/articles/",
        "sitemap": "/sitemap-stories.xml",
    }


def query_counts(urls):
    """SQL queries each page runs when rendered afresh (page cache off, publication window known)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.NEWSROOM_PAGE_CACHE = False
    client, counts = Client(), {}
    for name, url in urls.items():
        client.get(url)  # works out the publication window, as any earlier visit would
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
    return counts


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
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def load(url):
    """Requests per second and latency percentiles for one URL."""
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{SECONDS}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": round(rps, 1), "p50_ms": percentile(50), "p99_ms": percentile(99),
            "errors": int(errors.group(1)) if errors else 0}


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (Debian: apt-get install wrk).")
    prepare_newsroom()
    urls = pages()
    results = {
        "stories": STORIES,
        "seconds_per_page": SECONDS,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "queries": query_counts(urls),
        "uncached": {},
        "cached": {},
    }
    for mode in ("uncached", "cached"):
        process, base = serve(page_cache=(mode == "cached"))
        try:
            for name, url in urls.items():
                urllib.request.urlopen(base + url).read()  # warm
                results[mode][name] = load(base + url)
        finally:
            process.terminate()
            process.wait()
    results["ratios"] = {
        name: {
            "cached_vs_uncached": round(results["cached"][name]["rps"] / results["uncached"][name]["rps"], 2),
            "uncached_vs_healthz": round(results["uncached"][name]["rps"] / results["uncached"]["healthz"]["rps"], 3),
            "cached_vs_healthz": round(results["cached"][name]["rps"] / results["cached"]["healthz"]["rps"], 3),
        }
        for name in urls
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'page':<9} {'queries':>7} {'uncached r/s':>13} {'cached r/s':>11} {'ratio':>6} {'p99 cached':>11}")
    for name in urls:
        u, c = results["uncached"][name], results["cached"][name]
        print(f"{name:<9} {results['queries'][name]:>7} {u['rps']:>13} {c['rps']:>11} "
              f"{results['ratios'][name]['cached_vs_uncached']:>6} {c['p99_ms']:>9}ms")
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
