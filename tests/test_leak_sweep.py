"""The leak sweep: no reader URL, present or future, shows a story readers may not see.

Draft, ready, scheduled, embargoed, expired and withdrawn stories are all swept.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles.models import Article, Coverage, LiveUpdate, ShareLink, Status
from articles.services.writing import share_link_create, share_link_revoke, share_link_signed_token
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
        # The desk's states: held by an embargo, past its expiry, waiting for an editor.
        make_article(section=section, authors=[author], tags=[tag], headline="ZZLEAK embargoed headline",
                     embargo_until=timezone.now() + timedelta(hours=2), lead_photo=lead_photo, home_position=1),
        make_article(section=section, authors=[author], tags=[tag], headline="ZZLEAK expired headline",
                     published_at=timezone.now() - timedelta(days=2), expires_at=timezone.now() - timedelta(minutes=1),
                     lead_photo=lead_photo, home_position=1),
        make_article(section=section, authors=[author], tags=[tag], status=Status.READY,
                     headline="ZZLEAK ready headline", home_position=1),
        make_article(section=section, authors=[author], tags=[tag], status=Status.DRAFT,
                     headline="ZZLEAK embargoed draft headline", embargo_until=timezone.now() + timedelta(hours=1)),
    ]
    # Every story runs live coverage: no hidden story's updates reach its page or its poll.
    for article in [live, *hidden]:
        Article.objects.filter(pk=article.pk).update(coverage=Coverage.LIVE)
        text = "An update." if article is live else "ZZLEAK update."
        LiveUpdate.objects.create(article=article, body=f"<p>{text}</p>")
    # Share links that must not open: revoked, expired, forged, unsigned, one left on a withdrawn story (a live
    # one is the point of a link:
    # tests/test_share_links.py checks it opens its own story and nothing else).
    revoked = share_link_create(article=hidden[0], by=None)
    share_link_revoke(link=revoked, by=None)
    expired = share_link_create(article=hidden[0], by=None, hours=1)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    forged = share_link_signed_token(share_link_create(article=hidden[0], by=None))[:-2] + "xx"
    left_on_withdrawn = ShareLink.objects.create(article=hidden[2])  # made before the takedown, never revoked
    share_tokens = [
        share_link_signed_token(revoked), share_link_signed_token(expired), forged, expired.token,
        share_link_signed_token(left_on_withdrawn),
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
        "articles:article-live": [
            {"section": a.section.slug, "year": a.url_date.year, "month": a.url_date.month,
             "day": a.url_date.day, "slug": a.slug}
            for a in [live, *hidden]
        ],
        "articles:feed-live": [
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
        "articles:feed-author": [{"slug": author.slug}],
        "articles:feed-author-atom": [{"slug": author.slug}],
        "articles:feed-tag": [{"slug": tag.slug}],
        "articles:feed-tag-atom": [{"slug": tag.slug}],
        "articles:api3-article-list": [{}],
        "articles:api3-article-detail": [{"pk": a.pk} for a in [live, *hidden]],
        "articles:archive-year": [{"section": a.section.slug, "year": a.url_date.year} for a in [live, *hidden]],
        "articles:archive-month": [
            {"section": a.section.slug, "year": a.url_date.year, "month": a.url_date.month} for a in [live, *hidden]
        ],
        "articles:archive-day": [
            {"section": a.section.slug, "year": a.url_date.year, "month": a.url_date.month, "day": a.url_date.day}
            for a in [live, *hidden]
        ],
        "sitemap-index": [{}],
        "sitemap-section": [{"section": name} for name in SITEMAPS],
        "healthz": [{}],
        "robots-txt": [{}],
        "favicon": [{}],
        "media": [{"path": lead_photo.image.name}],
        "articles:share-preview": [{"token": token} for token in share_tokens],
    }
    names = public_url_patterns()
    assert set(names) <= set(kwargs_for), f"add these URLs to the sweep: {set(names) - set(kwargs_for)}"
    seen_live = set()
    for name in names:
        for kwargs in kwargs_for[name]:
            # Search with words the hidden headlines hold (not the marker, which the page echoes back).
            if name == "articles:search":
                queries = ("?q=headline", "?q=draft", "?q=scheduled", "?q=withdrawn", "?q=embargoed",
                           "?q=expired", "?q=ready", f"?section={section.slug}")
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
                "articles:search", "articles:api-article-list", "articles:feed-latest", "articles:feed-section",
                "articles:feed-author", "articles:feed-tag", "articles:api3-article-list", "articles:archive-year",
                "articles:archive-month", "articles:archive-day"}
    assert listings <= seen_live, f"these listings did not show the live story: {listings - seen_live}"
