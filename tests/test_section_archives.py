"""Section date archives: a year, a month or a day of one section's published stories."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    world = make_section(name="World", slug="world")
    sport = make_section(name="Sport", slug="sport")
    # 17:43 UTC on July 4 is 1:43 PM in New York; 02:00 UTC on July 5 is still July 4 there.
    make_article(section=world, headline="Grain deal", published_at=datetime(2025, 7, 4, 17, 43, tzinfo=UTC))
    make_article(section=world, headline="Late night vote", published_at=datetime(2025, 7, 5, 2, 0, tzinfo=UTC))
    make_article(section=world, headline="August story", published_at=datetime(2025, 8, 1, 12, 0, tzinfo=UTC))
    make_article(section=world, headline="Last year", published_at=datetime(2024, 12, 31, 12, 0, tzinfo=UTC))
    make_article(section=sport, headline="Other section", published_at=datetime(2025, 7, 4, 12, 0, tzinfo=UTC))
    make_article(section=world, headline="Hidden draft", status=Status.DRAFT,
                 published_at=datetime(2025, 7, 4, 12, 0, tzinfo=UTC))
    return world


def headlines(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [a.headline for a in response.context["articles"]]


def test_year_month_and_day_list_that_sections_published_stories(client, archive):
    assert headlines(client, "/world/2025/") == ["August story", "Late night vote", "Grain deal"]
    assert headlines(client, "/world/2025/07/") == ["Late night vote", "Grain deal"]
    assert headlines(client, "/world/2025/07/04/") == ["Late night vote", "Grain deal"], "the newsroom's day"
    page = client.get("/world/2025/07/04/").content.decode()
    assert "<h1>July 4, 2025</h1>" in page and "Hidden draft" not in page and "Other section" not in page
    assert "<h1>July 2025</h1>" in client.get("/world/2025/07/").content.decode()


@pytest.mark.parametrize("url", ["/world/2023/", "/world/2025/13/", "/world/2025/02/30/", "/nope/2025/",
                                 "/world/0000/", "/world/2025/09/"])
def test_empty_or_impossible_periods_are_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_a_scheduled_story_is_not_in_its_day_until_it_is_live(client, archive):
    soon = timezone.now() + timedelta(minutes=5)
    make_article(section=archive, headline="Scheduled", published_at=soon)
    day = timezone.localtime(soon)
    response = client.get(f"/world/{day.year}/{day.month:02d}/{day.day:02d}/")
    assert response.status_code == 404 or "Scheduled" not in response.content.decode()
