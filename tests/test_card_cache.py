"""Story cards are kept per worker, keyed by what they print: an edit anywhere on a card shows at once."""

import pytest

from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached_pages(settings):
    settings.NEWSROOM_PAGE_CACHE = False  # only the cards' own memory is left


def test_a_renamed_author_or_section_and_a_new_photo_show_on_every_card(client, uncached_pages):
    section = make_section(name="World", slug="world")
    author = make_author(name="Ana Ruiz")
    article = make_article(section=section, authors=[author], headline="Grain deal")
    assert "Ana Ruiz" in client.get("/world/").content.decode()
    author.name = "Ana Ruiz-Vega"
    author.save()
    section.name = "World News"
    section.save()
    assert 'class="card-photo"' not in client.get("/").content.decode()
    article.lead_photo = make_photo()
    article.save()
    html = client.get("/").content.decode()
    assert "Ana Ruiz-Vega" in html and "World News" in html and 'class="card-photo"' in html


def test_an_edited_headline_shows_on_the_card(client, uncached_pages):
    article = make_article(section=make_section(slug="world"), headline="First headline")
    client.get("/world/")
    article.headline = "Second headline"
    article.save()
    html = client.get("/world/").content.decode()
    assert "Second headline" in html and "First headline" not in html
