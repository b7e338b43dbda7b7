"""The admin's rows of make bench: what an editor waits for, measured signed in.

An editor (the demo's `editor`, else the first member of Editors) is signed
in once in-process; wrk then sends that session's cookie with every request
(`-H "Cookie: sessionid=..."`). The admin is never cached, so these rows are
measured once, with the page cache off, each beside its own static twin
like the reader pages. Used by bench/run.py; `python bench/admin_pages.py`
times every admin page (and each list filter) one request at a time against
the database DATABASE_URL names, without wrk.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def editor():
    from django.contrib.auth.models import User

    user = User.objects.filter(username="editor", is_active=True).first()
    return user or User.objects.filter(groups__name="Editors", is_active=True).order_by("pk").first()


def signed_in_client():
    """A test client signed in as an editor, and that session's cookie for wrk."""
    from django.conf import settings
    from django.test import Client

    user = editor()
    if user is None:
        raise SystemExit("No editor to sign in as: run `manage.py demo` first.")
    client = Client()
    client.force_login(user)
    return client, f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


PICKER = "&app_label=articles&model_name=article&field_name="


def pages(everything=False):
    """Name → admin URL. `everything`: each list filter, a deep page, both searches and every
    picker too (for timing by hand)."""
    from django.db.models import Count

    from articles.models import Article, Author, Section

    newest = Article.objects.order_by("-published_at", "-id").first()
    rows = {}
    if newest is not None:
        section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
        rows = {
            "admin list": "/admin/articles/article/",
            "admin list section": f"/admin/articles/article/?section__id__exact={section.pk}",
            "admin search": "/admin/articles/article/?q=harbour+strike",
            "admin story form": f"/admin/articles/article/{newest.pk}/change/",
        }
    rows["admin photo picker"] = f"/admin/articles/photoasset/picker/?term={PICKER}lead_photo"
    if not everything:
        return rows
    pickers = {
        "admin photo picker 'harb'": f"/admin/articles/photoasset/picker/?term=harb{PICKER}lead_photo",
        "admin photo picker 'maria k'": f"/admin/articles/photoasset/picker/?term=maria+k{PICKER}lead_photo",
        "admin author picker": "/admin/autocomplete/?term=&app_label=articles&model_name=byline&field_name=author",
        "admin author picker 'ma'": "/admin/autocomplete/?term=ma&app_label=articles&model_name=byline"
        "&field_name=author",
        "admin section picker": f"/admin/autocomplete/?term={PICKER}section",
        "admin tag picker 'ha'": f"/admin/autocomplete/?term=ha{PICKER}tags",
        "admin dateline picker": f"/admin/autocomplete/?term={PICKER}dateline",
    }
    if newest is None:
        return {"admin index (dashboard)": "/admin/", **rows, **pickers}
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    day = newest.published_at
    return {
        "admin index (dashboard)": "/admin/",
        **rows,
        "admin list published": "/admin/articles/article/?state=published",
        "admin list draft": "/admin/articles/article/?state=draft",
        "admin list author": f"/admin/articles/article/?bylines__author__id__exact={author.pk}",
        "admin list year": f"/admin/articles/article/?published_at__year={day.year}",
        "admin list month": f"/admin/articles/article/?published_at__year={day.year}&published_at__month={day.month}",
        "admin list p2000": "/admin/articles/article/?p=2000",
        "admin search 1 word": "/admin/articles/article/?q=harbour",
        "admin search slug": f"/admin/articles/article/?q={newest.slug}",
        **pickers,
    }


def time_pages(client, urls, repeat=3):
    """Name → (best of `repeat` milliseconds, SQL queries, status), one request at a time, in-process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = {}
    for name, url in urls.items():
        best, queries, status = None, 0, None
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
            queries, status = len(captured), response.status_code
        timings[name] = (round(best, 1), queries, status)
    return timings


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    client, _ = signed_in_client()
    for name, (ms, queries, status) in time_pages(client, pages(everything=True)).items():
        print(f"{name:<28} {ms:>8} ms {queries:>4} queries  {status}")


if __name__ == "__main__":
    main()
