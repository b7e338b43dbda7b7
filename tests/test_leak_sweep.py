"""The leak sweep: no reader URL, present or future, shows a draft, scheduled or withdrawn story."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles.models import Status
from articles.sitemaps import SITEMAPS
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def public_url_patterns():
    """Every named URL pattern readers can reach (everything but the admin)."""
    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                yield from walk(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}"

    return sorted(set(walk(get_resolver().url_patterns)))


def test_leak_sweep_no_reader_url_shows_a_draft_or_scheduled_story(client, newsroom):
    section, author, tag = newsroom
    live = make_article(section=section, authors=[author], tags=[tag], headline="Ordinary live story")
    lead_photo = make_photo()
    hidden = [
        make_article(section=section, authors=[author], tags=[tag], status=Status.DRAFT,
                     headline="ZZLEAK draft headline", lead_photo=lead_photo, home_position=1),
        make_article(section=section, authors=[author], tags=[tag], headline="ZZLEAK scheduled headline",
                     published_at=timezone.now() + timedelta(minutes=5), home_position=1),
        make_article(section=section, authors=[author], tags=[tag], status=Status.WITHDRAWN,
                     headline="ZZLEAK withdrawn headline", home_position=1),
    ]
    # Real arguments for every public URL name; a new URL without an entry here fails the test.
    kwargs_for = {
        "articles:home": [{}],
        "articles:section-detail": [{"slug": section.slug}],
        "articles:author-detail": [{"slug": author.slug}],
        "articles:tag-detail": [{"slug": tag.slug}],
        "articles:article-detail": [
            {"section": a.section.slug, "year": a.url_date.year, "month": a.url_date.month,
             "day": a.url_date.day, "slug": a.slug}
            for a in [live, *hidden]
        ],
        "articles:search": [{}],
        "articles:api-article-list": [{}],
        "articles:api-article-detail": [{"pk": a.pk} for a in [live, *hidden]],
        "articles:feed-latest": [{}],
        "articles:feed-latest-atom": [{}],
        "articles:feed-section": [{"slug": section.slug}],
        "articles:feed-section-atom": [{"slug": section.slug}],
        "sitemap-index": [{}],
        "sitemap-section": [{"section": name} for name in SITEMAPS],
        "healthz": [{}],
        "robots-txt": [{}],
        "media": [{"path": lead_photo.image.name}],
    }
    names = public_url_patterns()
    assert set(names) <= set(kwargs_for), f"add these URLs to the sweep: {set(names) - set(kwargs_for)}"
    seen_live = set()
    for name in names:
        for kwargs in kwargs_for[name]:
            # Search with words the hidden headlines hold (not the marker, which the page echoes back).
            if name == "articles:search":
                queries = ("?q=headline", "?q=draft", "?q=scheduled", "?q=withdrawn", f"?section={section.slug}")
            else:
                queries = ("", "?page=1")
            for query in queries:
                response = client.get(reverse(name, kwargs=kwargs) + query)
                assert response.status_code < 500
                body = b"".join(response) if response.streaming else response.content
                assert b"ZZLEAK" not in body, f"{name} {kwargs} leaks an unpublished story"
                if live.headline.encode() in body:
                    seen_live.add(name)
    # The sweep read real pages: the listings show the live story beside the hidden ones.
    listings = {"articles:home", "articles:section-detail", "articles:author-detail", "articles:tag-detail",
                "articles:search", "articles:api-article-list", "articles:feed-latest", "articles:feed-section"}
    assert listings <= seen_live, f"these listings did not show the live story: {listings - seen_live}"
