"""A story page as a reader sees it: print style, photo credits, social cards and structured data."""

import json
import re
from datetime import UTC, datetime

import pytest

from tests.factories import make_article, make_author, make_dateline, make_photo
from tests.helpers import page

pytestmark = pytest.mark.django_db


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


def test_story_page_carries_social_card_and_json_ld(client, newsroom):
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
    assert [image["url"] for image in data["image"]] == [
        f"http://testserver{photo.rendition_url(shape)}" for shape in ("wide", "standard", "square")
    ]
    assert data["dateline"].startswith("MOSCOW, ") and data["dateline"].endswith("(UPI) --")
