"""ninjs out (the API) and in (wire copy): valid IPTC ninjs 2.1, published stories only."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from articles.ninjs import ninjs_errors
from tests.factories import make_article, make_author, make_dateline, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article(
        section=make_section(name="World", slug="world"),
        kicker="Analysis",
        headline="Grain deal signed",
        dek="The deal ends a standoff.",
        body="<p>Russia has agreed.</p>",
        authors=[make_author(name="Simon Corlett", slug="simon-corlett")],
        tags=[make_tag(name="Russia", slug="russia")],
        dateline=make_dateline(place="MOSCOW"),
        dateline_source="UPI",
        lead_photo=make_photo(credit="Samiullah Popal/EPA-EFE", is_file_photo=True, caption="Silos.", alt_text="Silos"),
    )


def test_a_story_exports_as_valid_ninjs_with_print_style(client, story):
    item = client.get(f"/api/v1/articles/{story.pk}/").json()
    assert ninjs_errors(item) == []
    assert item["headlines"] == [
        {"role": "main", "value": "Grain deal signed"}, {"role": "kicker", "value": "Analysis"},
    ]
    assert item["by"] == "By Simon Corlett" and item["located"] == "MOSCOW"
    assert item["bodies"] == [{"role": "main", "contenttype": "text/html", "value": "<p>Russia has agreed.</p>"}]
    assert item["descriptions"] == [{"role": "summary", "value": "The deal ends a standoff."}]
    assert item["infosources"] == [{"name": "UPI", "role": "source"}]
    assert [(s["name"], s["rel"]) for s in item["subjects"]] == [("World", "section"), ("Russia", "about")]
    assert item["altids"] == [{"role": "website", "value": "http://testserver" + story.get_absolute_url()}]
    photo = item["associations"][0]
    assert photo["name"] == "featureimage" and photo["copyrightnotice"] == "File Photo by Samiullah Popal/EPA-EFE"
    assert photo["headlines"] == [{"role": "caption", "value": "Silos."}]
    assert [r["name"] for r in photo["renditions"]] == ["thumb", "card", "hero"]
    assert all("/media/renditions/" in r["href"] for r in photo["renditions"])


def test_the_list_has_published_stories_only_newest_first_and_pages(client, story, settings):
    make_article(headline="Hidden draft", status=Status.DRAFT)
    make_article(headline="Hidden scheduled", published_at=timezone.now() + timedelta(hours=1))
    for i in range(settings.NEWSROOM_PAGE_SIZE):
        make_article(headline=f"Newer {i}", published_at=timezone.now() - timedelta(minutes=i))
    first = client.get("/api/v1/articles/").json()
    headlines = [item["headlines"][0]["value"] for item in first["items"]]
    assert len(headlines) == settings.NEWSROOM_PAGE_SIZE
    assert headlines[0] == "Newer 0" and "Hidden draft" not in headlines and "Hidden scheduled" not in headlines
    assert first["next"].startswith("http://testserver/api/v1/articles/?older=") and first["previous"] is None
    second = client.get(first["next"]).json()
    assert [item["headlines"][0]["value"] for item in second["items"]] == ["Grain deal signed"]
    assert second["next"] is None and second["previous"]
    assert all(ninjs_errors(item) == [] for item in first["items"] + second["items"])
    assert client.get("/api/v1/articles/?older=abc").status_code == 404


def test_unpublished_stories_are_404_in_the_api(client):
    draft = make_article(status=Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(f"/api/v1/articles/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/articles/{scheduled.pk}/").status_code == 404


def test_api_list_queries_do_not_grow_with_items(client, story):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/articles/")
        return len(queries)

    few = count()
    for _ in range(10):
        make_article(authors=[make_author()], tags=[make_tag()], lead_photo=make_photo())
    assert count() == few <= 8
