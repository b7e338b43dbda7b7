"""The home front, section fronts, author and tag pages: what they list, in what order, and when."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.clock import clock_at
from tests.factories import make_article, make_photo, make_section
from tests.helpers import page

pytestmark = pytest.mark.django_db


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
    make_section(name="Retired Desk", slug="retired", is_active=False)
    html = page(client, "/")[1]
    assert 'href="/world/"' in html and "Retired Desk" not in html
    assert client.get("/retired/").status_code == 404


def test_pinning_and_unpinning_show_on_the_home_page_at_once(client, newsroom, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the worker's own memory of pinned ids is all that is left
    world = newsroom[0]
    make_article(section=world, headline="Plain news")
    pinned = make_article(section=world, headline="Harbour strike ends")

    def top_stories():
        html = client.get("/").content.decode()
        if 'class="top-stories"' not in html:
            return ""
        return html.split('class="top-stories"', 1)[1].split("</section>", 1)[0]

    assert "Harbour strike ends" not in top_stories()
    pinned.home_position = 1
    pinned.save()
    assert "Harbour strike ends" in top_stories()
    pinned.home_position = None
    pinned.save()
    assert "Harbour strike ends" not in top_stories()
