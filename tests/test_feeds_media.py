"""Feeds as feed readers see them: per author and per tag, full text, and the credited lead photo."""

import feedparser
import pytest

from articles.models import Status
from tests.factories import make_article, make_author, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    author = make_author(name="Simon Corlett", slug="simon-corlett")
    tag = make_tag(name="Grain", slug="grain")
    photo = make_photo(credit="Samiullah Popal/EPA-EFE", caption="Silos at the port.")
    story = make_article(
        headline="Grain ships leave Odesa", body="<p>Ships <em>left</em> the port.</p>", dek="Summary.",
        section=make_section(name="World", slug="world"), authors=[author], tags=[tag], lead_photo=photo,
    )
    make_article(headline="Someone else's story", authors=[make_author()])
    make_article(headline="Hidden draft", status=Status.DRAFT, authors=[author], tags=[tag])
    return author, tag, story


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return feed


@pytest.mark.parametrize("url", ["/feeds/authors/simon-corlett/rss/", "/feeds/tags/grain/rss/",
                                 "/feeds/authors/simon-corlett/atom/", "/feeds/tags/grain/atom/"])
def test_author_and_tag_feeds_list_only_their_published_stories(client, newsroom, url):
    feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == ["Grain ships leave Odesa"]


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/world/rss/", "/feeds/tags/grain/rss/", "/feeds/atom/"])
def test_items_carry_the_full_body_and_the_credited_lead_photo(client, newsroom, url):
    entry = next(e for e in parse(client, url).entries if e.title == "Grain ships leave Odesa")
    assert entry.content[0].value == "<p>Ships <em>left</em> the port.</p>"
    media = entry.media_content[0]
    assert media["medium"] == "image" and "/media/renditions/" in media["url"] and media["url"].startswith("http")
    assert entry.media_credit[0]["content"] == "Samiullah Popal/EPA-EFE"
    assert '<media:description type="plain">Silos at the port.</media:description>' in client.get(url).text


def test_unknown_author_or_tag_feeds_are_404(client, newsroom):
    assert client.get("/feeds/authors/nobody/rss/").status_code == 404
    assert client.get("/feeds/tags/nothing/atom/").status_code == 404


def test_author_and_tag_pages_advertise_their_feeds(client, newsroom):
    assert 'href="/feeds/authors/simon-corlett/rss/"' in client.get("/authors/simon-corlett/").text
    assert 'href="/feeds/tags/grain/atom/"' in client.get("/tags/grain/").text
