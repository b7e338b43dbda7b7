"""The reader site, as a reader (and a previewing editor) sees it."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from articles.sitemaps import SITEMAPS
from tests.clock import clock_at
from tests.factories import (
    make_article,
    make_author,
    make_dateline,
    make_photo,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    section = make_section(name="World News", slug="world")
    author = make_author(name="Simon Corlett", slug="simon-corlett", job_title="Moscow correspondent")
    tag = make_tag(name="Russia", slug="russia")
    return section, author, tag


def page(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_story_page_prints_like_a_wire_story(client, newsroom):
    section, author, tag = newsroom
    second = make_author(name="Ana Ruiz")
    helper = make_author(name="Li Wei")
    photo = make_photo(credit="Samiullah Popal/EPA-EFE", is_file_photo=True, caption="A street in Moscow.")
    article = make_article(
        section=section,
        kicker="Analysis",
        headline="Russia moves on grain deal",
        dek="The deal ends a long standoff.",
        body="<p>Russia has agreed to the terms.</p><p>Second paragraph.</p>",
        dateline=make_dateline(place="MOSCOW"),
        dateline_source="UPI",
        published_at=datetime(2025, 7, 4, 17, 43, tzinfo=UTC),
        first_published_at=datetime(2025, 7, 4, 17, 43, tzinfo=UTC),
        lead_photo=photo,
        authors=[author, second, (helper, "Additional reporting by")],
        tags=[tag],
        revised_at=datetime(2025, 7, 5, 13, 10, tzinfo=UTC),
        is_update_shown=True,
    )
    assert article.get_absolute_url() == "/world/2025/07/04/" + article.slug + "/"
    status, html = page(client, article.get_absolute_url())
    assert status == 200
    order = [
        '<a href="/world/">World News</a>',
        "Analysis",
        "<h1",
        "Russia moves on grain deal",
        "The deal ends a long standoff.",
        'By <a href="/authors/simon-corlett/" rel="author">Simon Corlett</a> and',
        "Additional reporting by",
        "July 4, 2025 / 1:43 PM",
        "Updated",
        "July 5, 2025 / 9:10 AM",
        "<figure",
        "A street in Moscow.",
        "File Photo by Samiullah Popal/EPA-EFE",
        '<p><span class="dateline">MOSCOW, July 4 (UPI) --</span> Russia has agreed to the terms.</p>',
    ]
    story = html[html.index('<article class="story">'):]
    positions = [story.index(fragment) for fragment in order]
    assert positions == sorted(positions), "story page elements are out of order"
    assert f'alt="{photo.alt_text}"' in html
    assert '<a href="/tags/russia/" rel="tag">Russia</a>' in html


def test_regular_photo_credit_and_dateline_without_place(client, newsroom):
    section, author, _ = newsroom
    article = make_article(
        section=section,
        body="<p>Markets rose.</p>",
        dateline_source="UPI",
        published_at=datetime(2025, 9, 2, 14, 0, tzinfo=UTC),
        first_published_at=datetime(2025, 9, 2, 14, 0, tzinfo=UTC),
        lead_photo=make_photo(credit="Jane Doe/Ledger", is_file_photo=False),
    )
    _, html = page(client, article.get_absolute_url())
    assert "Photo by Jane Doe/Ledger" in html and "File Photo" not in html
    assert '<p><span class="dateline">Sept. 2 (UPI) --</span> Markets rose.</p>' in html


def test_scheduled_story_appears_everywhere_when_its_minute_passes(client, newsroom):
    section, author, tag = newsroom
    now = timezone.now().replace(microsecond=0)
    make_article(section=section, authors=[author], tags=[tag], headline="Already out")
    scheduled = make_article(
        section=section,
        authors=[author],
        tags=[tag],
        headline="Scheduled grain story",
        published_at=now + timedelta(minutes=1),
        first_published_at=now + timedelta(minutes=1),
    )
    listing_urls = ["/", section.get_absolute_url(), author.get_absolute_url(), tag.get_absolute_url()]

    for url in listing_urls:
        status, html = page(client, url)
        assert status == 200 and "Already out" in html
        assert "Scheduled grain story" not in html, url
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    with clock_at(now + timedelta(minutes=1, seconds=1)):
        for url in listing_urls:
            assert "Scheduled grain story" in page(client, url)[1], url
        assert client.get(scheduled.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN])
def test_unpublished_story_is_a_plain_404_for_readers(client, newsroom, status):
    article = make_article(section=newsroom[0], status=status, headline="Secret draft headline")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Secret draft headline" not in response.content.decode()
    assert "Page not found" in response.content.decode()


def test_editor_previews_a_draft_with_a_banner_and_no_caching(client, newsroom):
    article = make_article(section=newsroom[0], status="draft", headline="Draft for the desk")
    editor = User.objects.create_user("desk", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft for the desk" in html and "Preview" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_staff_without_edit_permission_cannot_preview(client, newsroom):
    article = make_article(section=newsroom[0], status="draft")
    client.force_login(User.objects.create_user("viewer", password="pw", is_staff=True))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_old_section_or_date_in_the_address_redirects_permanently(client, newsroom):
    article = make_article(section=newsroom[0])
    old = make_section(slug="old-world")
    day = article.url_date
    stale_section = f"/old-world/{day:%Y/%m/%d}/{article.slug}/"
    stale_date = f"/world/2001/01/01/{article.slug}/"
    for url in (stale_section, stale_date):
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert old.pk


def test_section_front_paginates_newest_first(client, newsroom, settings):
    section = newsroom[0]
    now = timezone.now()
    for i in range(settings.NEWSROOM_PAGE_SIZE + 3):
        make_article(section=section, headline=f"Story number {i:02d}", published_at=now - timedelta(minutes=i))
    first = page(client, section.get_absolute_url())[1]
    older = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = page(client, section.get_absolute_url() + older)[1]
    assert first.index("Story number 00") < first.index("Story number 01")
    assert "Story number 22" not in first and "Story number 22" in second
    assert "Older stories" not in second and "Newer stories" in second
    assert client.get(section.get_absolute_url() + "?older=nonsense").status_code == 404


def test_home_front_pins_top_stories_in_editor_order(client, newsroom):
    section = newsroom[0]
    make_article(section=section, headline="Unpinned newest")
    days_ago = timezone.now() - timedelta(days=2)
    make_article(section=section, headline="Second pin", home_position=2, published_at=days_ago)
    make_article(section=section, headline="Lead pin", home_position=1, published_at=days_ago - timedelta(days=1))
    html = page(client, "/")[1]
    assert html.index("Lead pin") < html.index("Second pin") < html.index("Unpinned newest")
    assert html.count("Lead pin") == 1


def test_author_page_shows_profile_but_never_email(client, newsroom):
    _, author, _ = newsroom
    author.bio = "Covers Russia and Central Asia."
    author.email = "simon@newsroom.example"
    author.portrait = make_photo(alt_text="Simon Corlett portrait")
    author.save()
    make_article(section=newsroom[0], authors=[author], headline="By Simon")
    status, html = page(client, author.get_absolute_url())
    assert status == 200
    for text in ("Simon Corlett", "Moscow correspondent", "Covers Russia and Central Asia.", "By Simon",
                 "Simon Corlett portrait"):
        assert text in html
    assert "simon@newsroom.example" not in html


def test_inactive_section_leaves_navigation_and_its_front_404s(client, newsroom):
    section = newsroom[0]
    make_section(name="Retired Desk", slug="retired", is_active=False)
    html = page(client, "/")[1]
    assert 'href="/world/"' in html and "Retired Desk" not in html
    assert client.get("/retired/").status_code == 404
    assert section.pk


def test_unknown_addresses_are_404_not_500(client, newsroom):
    for url in ("/nope/", "/authors/nobody/", "/tags/none/", "/world/2025/13/40/x/", "/world/2025/07/04/missing/"):
        assert client.get(url).status_code == 404, url


def test_healthz_answers_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and "Disallow: /admin/" in response.content.decode()


def test_uploaded_media_is_served_with_long_cache_and_no_path_escape(client):
    photo = make_photo()
    response = client.get(photo.rendition_url("thumb"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and "public, max-age" in response["Cache-Control"]
    assert client.get("/media/../manage.py").status_code == 404
    assert client.get("/media/renditions/nothing-here.jpg").status_code == 404


def test_originals_are_for_staff_only_because_they_carry_camera_metadata(client):
    photo = make_photo()
    assert client.get(photo.image.url).status_code == 404
    client.force_login(User.objects.create_user("desk", password="pw", is_staff=True))
    response = client.get(photo.image.url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")


# --- Query counts ----------------------------------------------------------------


def _fill(count, section, author, tag):
    for i in range(count):
        make_article(
            section=section,
            authors=[author, make_author()],
            tags=[tag],
            lead_photo=make_photo(),
            home_position=1 if i < 3 else None,
        )


def _queries(client, url):
    """SQL queries the page itself runs: rendered afresh, with the cache's publication window known."""
    from articles.caching import content_version, publication_window

    cache.clear()
    publication_window(timezone.now(), content_version())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["home", "section", "author", "tag", "story"])
def test_query_count_is_bounded_and_does_not_grow_with_stories(client, newsroom, kind):
    section, author, tag = newsroom
    urls = {
        "home": lambda: "/",
        "section": section.get_absolute_url,
        "author": author.get_absolute_url,
        "tag": tag.get_absolute_url,
        "story": lambda: section.articles.first().get_absolute_url(),
    }
    _fill(5, section, author, tag)
    with_five = _queries(client, urls[kind]())
    _fill(45, section, author, tag)
    with_fifty = _queries(client, urls[kind]())
    assert with_five == with_fifty
    assert with_fifty <= 6


# --- The leak sweep --------------------------------------------------------------


def public_url_patterns():
    """Every named URL pattern readers can reach (everything but the admin)."""
    from django.urls import URLPattern, URLResolver, get_resolver

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
    requested = 0
    for name in names:
        for kwargs in kwargs_for[name]:
            # Search with words the hidden headlines hold (not the marker, which the page echoes back).
            if name == "articles:search":
                queries = ("?q=headline", "?q=draft", "?q=scheduled", "?q=withdrawn", f"?section={section.slug}")
            else:
                queries = ("", "?page=1")
            for query in queries:
                response = client.get(reverse(name, kwargs=kwargs) + query)
                requested += 1
                assert response.status_code < 500
                body = b"".join(response) if response.streaming else response.content
                assert b"ZZLEAK" not in body, f"{name} {kwargs} leaks an unpublished story"
    assert requested >= 2 * len(names)


def test_renamed_story_old_address_redirects_permanently(client, newsroom):
    from articles.services.publishing import article_remember_old_slug

    article = make_article(section=newsroom[0], slug="first-try")
    old_url = article.get_absolute_url()
    article.slug = "better-headline"
    article.save()
    article_remember_old_slug(article=article, old_slug="first-try")
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_story_page_carries_social_card_and_json_ld(client, newsroom):
    import json
    import re

    section, author, _ = newsroom
    photo = make_photo(alt_text="Grain silos at dusk")
    article = make_article(
        section=section, headline='Grain "deal" </script><script>alert(1)</script>', dek="Talks end.",
        authors=[author], lead_photo=photo, dateline=make_dateline(place="MOSCOW"), dateline_source="UPI",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Grain &quot;deal&quot; &lt;/script&gt;' in html
    assert f'<meta property="og:image" content="http://testserver{photo.rendition_url("hero")}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "<script>alert(1)</script>" not in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle" and data["headline"] == article.headline
    assert data["author"] == [{"@type": "Person", "name": "Simon Corlett", "url": "http://testserver/authors/simon-corlett/"}]
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["image"] == [f"http://testserver{photo.rendition_url('hero')}"]
    assert data["dateline"].startswith("MOSCOW, ") and data["dateline"].endswith("(UPI) --")


def test_healthz_answers_503_when_the_cache_or_database_fails(client):
    from unittest import mock

    with mock.patch("articles.views.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "error: ConnectionError"
    with mock.patch("articles.views.connection.cursor", side_effect=OSError("db down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error: OSError"
