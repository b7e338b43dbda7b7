"""The ninjs API in both versions: 2.1 at /api/v1/, 3.1 at /api/v2/, filters, and 304s for pollers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction, Status, WirePicture
from articles.ninjs import ninjs_errors
from tests.factories import make_article, make_author, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    photo = make_photo(credit="Samiullah Popal/EPA-EFE", caption="Silos.", alt_text="Silos")
    WirePicture.objects.create(photo=photo, uri="urn:pic", copyright_holder="EPA-EFE",
                               copyright_notice="© 2025 EPA-EFE", usage_terms="Editorial use only.")
    article = make_article(
        section=make_section(name="World", slug="world"), headline="Grain deal signed",
        authors=[make_author(name="Simon Corlett", slug="simon-corlett")],
        tags=[make_tag(name="Russia", slug="russia")], lead_photo=photo,
        embargo_until=timezone.now() - timedelta(minutes=1),
    )
    Correction.objects.create(article=article, text="An earlier version misspelled Odesa.")
    return article


def test_v1_is_valid_ninjs_2_1_with_corrections_pictures_and_section(client, story):
    item = client.get(f"/api/v1/articles/{story.pk}/").json()
    assert ninjs_errors(item, "2.1") == []
    assert {"name": "World", "rel": "section", "uri": "http://testserver/world/"} in item["subjects"]
    assert item["descriptions"][-1]["role"] == "correction"
    assert "An earlier version misspelled Odesa." in item["descriptions"][-1]["value"]
    picture = item["associations"][0]
    assert picture["by"] == "Samiullah Popal/EPA-EFE" and picture["copyrightholder"] == "EPA-EFE"
    assert picture["copyrightnotice"] == "© 2025 EPA-EFE" and picture["usageterms"] == "Editorial use only."
    thumb = picture["renditions"][0]
    # Every rendition is a 16:9 crop, here of a small 64 px original.
    assert (thumb["contenttype"], thumb["width"], thumb["height"]) == ("image/jpeg", 64, 36)
    assert thumb["href"].startswith("http://testserver/media/renditions/")


def test_v2_is_valid_ninjs_3_1_in_camel_case(client, story):
    item = client.get(f"/api/v2/articles/{story.pk}/").json()
    assert ninjs_errors(item, "3.1") == [], ninjs_errors(item, "3.1")
    assert item["uri"] == f"http://testserver/api/v2/articles/{story.pk}/"
    assert "versionCreated" in item and "pubStatus" in item and "versioncreated" not in item
    assert item["bodies"][0]["contentType"] == "text/html" and "embargoedUntil" in item
    picture = item["associations"][0]
    assert picture["copyrightHolder"] == "EPA-EFE" and picture["renditions"][0]["contentType"] == "image/jpeg"
    listing = client.get("/api/v2/articles/").json()
    assert len(listing["items"]) == 1 and all(ninjs_errors(i, "3.1") == [] for i in listing["items"])


def test_the_list_filters_like_search(client, story):
    other = make_article(headline="Rain in Kenya", section=make_section(name="Africa", slug="africa"))
    make_article(headline="Hidden draft", status=Status.DRAFT, section=story.section)

    def headlines(query):
        return [i["headlines"][0]["value"] for i in client.get(f"/api/v1/articles/?{query}").json()["items"]]

    assert headlines("section=world") == ["Grain deal signed"]
    assert headlines("author=simon-corlett") == ["Grain deal signed"]
    assert headlines("tag=russia") == ["Grain deal signed"]
    assert headlines("q=kenya") == ["Rain in Kenya"]
    since = (other.published_at - timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    assert "Rain in Kenya" in headlines(f"since={since}")
    assert headlines("until=2000-01-01T00:00:00Z") == []
    assert headlines("section=nope") == [] and headlines("") == ["Rain in Kenya", "Grain deal signed"]


def test_pollers_get_304_with_etag_or_last_modified(client, story):
    for url in (f"/api/v1/articles/{story.pk}/", "/api/v2/articles/"):
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    before = client.get("/api/v1/articles/")
    story.headline = "Grain deal signed, and sealed"
    story.save()
    after = client.get("/api/v1/articles/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]


def test_the_search_page_filters_by_author(client, story):
    """Regression: a real author slug in ?author= was a server error (no field `author` on stories)."""
    make_article(headline="Someone else's story")
    page = client.get("/search/?author=simon-corlett")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Grain deal signed" in html and "Someone else" not in html
