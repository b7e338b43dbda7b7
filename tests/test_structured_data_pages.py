"""JSON-LD and Open Graph: article images in three shapes, the publisher's logo, corrections,
CollectionPage for sections and ProfilePage for authors."""

import json
import re

import pytest

from articles.models import Correction
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


@pytest.fixture
def story():
    author = make_author(name="Simon Corlett", slug="simon-corlett", job_title="Correspondent", bio="Covers grain.")
    article = make_article(
        section=make_section(name="World", slug="world", description="News from everywhere."),
        headline="Grain ships </script> leave", authors=[author],
        lead_photo=make_photo(credit="Samiullah Popal/EPA-EFE", caption="Silos."),
    )
    Correction.objects.create(article=article, text="An earlier version misspelled Odesa.")
    return article


def test_a_story_has_three_image_shapes_a_publisher_logo_and_its_corrections(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "NewsArticle" and data["headline"] == "Grain ships </script> leave"
    shapes = [image["url"].rsplit("/", 1)[1].split("-")[0] for image in data["image"]]
    assert shapes == ["wide", "standard", "square"]
    assert all(image["creditText"] == "Samiullah Popal/EPA-EFE" for image in data["image"])
    logo = data["publisher"]["logo"]
    assert logo["url"] == "http://testserver/static/articles/logo.png" and client.get("/static/articles/logo.png")
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert "misspelled Odesa" in data["correction"][0]["text"]
    assert re.search(r'<meta property="article:modified_time" content="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d">',
                     html)


def test_the_json_ld_image_shapes_are_served(client, story):
    data = json_ld(client.get(story.get_absolute_url()).content.decode())
    for image in data["image"]:
        response = client.get(image["url"].replace("http://testserver", ""))
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_section_front_is_a_collection_page(client, story):
    data = json_ld(client.get("/world/").content.decode())
    assert (data["@type"], data["name"], data["url"]) == ("CollectionPage", "World", "http://testserver/world/")
    assert data["publisher"]["logo"]["url"].endswith("/static/articles/logo.png")


def test_an_author_page_is_a_profile_page(client, story):
    data = json_ld(client.get("/authors/simon-corlett/").content.decode())
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"] == {
        "@type": "Person", "name": "Simon Corlett", "url": "http://testserver/authors/simon-corlett/",
        "jobTitle": "Correspondent", "description": "Covers grain.",
        "worksFor": {"@type": "NewsMediaOrganization", "name": "The Daily Ledger", "url": "http://testserver/"},
    }
