"""The leak sweep for the desk's states: embargoed, expired and ready-for-editing stories reach no public surface."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from articles.sitemaps import SITEMAPS
from tests.factories import make_article, make_author, make_photo, make_section, make_tag
from tests.test_leak_sweep import public_url_patterns

pytestmark = pytest.mark.django_db


def test_no_public_url_shows_an_embargoed_expired_or_unedited_story(client):
    now = timezone.now()
    section = make_section(slug="world")
    author, tag = make_author(slug="simon"), make_tag(slug="russia")
    photo = make_photo()
    common = {"section": section, "authors": [author], "tags": [tag], "home_position": 1, "lead_photo": photo}
    live = make_article(headline="Ordinary live story", section=section, authors=[author], tags=[tag])
    hidden = [
        make_article(headline="ZZLEAK embargoed headline", embargo_until=now + timedelta(hours=2), **common),
        make_article(
            headline="ZZLEAK expired headline", published_at=now - timedelta(days=2),
            expires_at=now - timedelta(minutes=1), **common,
        ),
        make_article(headline="ZZLEAK ready headline", status=Status.READY, **common),
        make_article(
            headline="ZZLEAK embargoed draft headline", status=Status.DRAFT, embargo_until=now + timedelta(hours=1),
            **common,
        ),
    ]
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
        "media": [{"path": photo.image.name}],
    }
    names = public_url_patterns()
    missing = set(names) - set(kwargs_for)
    assert not missing, f"add these URLs to the sweep: {missing}"
    shown_live = False
    for name in names:
        for kwargs in kwargs_for[name]:
            queries = ("?q=headline", "?q=embargoed", "?q=expired", "?q=ready") if name == "articles:search" else ("",)
            for query in queries:
                response = client.get(reverse(name, kwargs=kwargs) + query)
                assert response.status_code < 500
                body = b"".join(response) if response.streaming else response.content
                assert b"ZZLEAK" not in body, f"{name} {kwargs} leaks a story readers may not see"
                shown_live = shown_live or b"Ordinary live story" in body
    assert shown_live, "the sweep must reach pages that do list stories"
