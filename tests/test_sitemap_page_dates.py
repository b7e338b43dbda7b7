"""The sitemap index dates each page of stories by the last change a crawler could see on it.

The dates are kept by the database (triggers on the articles table), so
every way of writing a story counts: a save, a queryset update, a delete.
Stories that appear or leave by the clock (a publish time, an embargo, an
expiry) date their page at that moment, and never before it.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, SitemapPage, Status
from articles.sitemaps import ArticleSitemap
from tests.clock import clock_at
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def page_of(story):
    return (story.pk - 1) // ArticleSitemap.limit + 1


def index_dates(client):
    """Page number → lastmod (a datetime, or None) as the index prints them."""
    xml = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<loc>[^<]*sitemap-stories\.xml(?:\?p=(\d+))?</loc>(?:<lastmod>([^<]*)</lastmod>)?", xml)
    return {int(page or 1): datetime.fromisoformat(lastmod) if lastmod else None for page, lastmod in entries}


def page_date(client, story):
    return index_dates(client)[page_of(story)]


def settle(story):
    """Make the story and its page look untouched for a long time, so any later change shows."""
    Article.objects.filter(pk=story.pk).update(updated_at=LONG_AGO)
    SitemapPage.objects.filter(number=page_of(story)).update(lastmod=LONG_AGO)


@pytest.fixture
def story():
    story = make_article(section=make_section(slug="world"), published_at=LONG_AGO - timedelta(days=1))
    settle(story)
    return story


def test_publishing_a_story_dates_its_page(client):
    before = timezone.now()
    story = make_article(section=make_section(slug="world"))
    assert page_date(client, story) >= before.replace(microsecond=0)


def test_an_edit_through_save_dates_the_page_by_the_edit(client, story):
    assert page_date(client, story) == LONG_AGO
    story.headline = "Corrected headline"
    story.save()
    story.refresh_from_db()
    assert page_date(client, story) == story.updated_at


def test_an_update_without_save_dates_the_page_too(client, story):
    # Renamed tags and authors, bulk imports and other queryset writes skip save() and its signals.
    moment = datetime(2025, 7, 4, 13, 43, tzinfo=UTC)
    Article.objects.filter(pk=story.pk).update(updated_at=moment)
    assert page_date(client, story) == moment


def test_unpublishing_or_deleting_a_story_dates_its_page(client, story):
    before = timezone.now().replace(microsecond=0)
    Article.objects.filter(pk=story.pk).update(status=Status.DRAFT)
    assert page_date(client, story) >= before

    other = make_article(section=story.section, published_at=LONG_AGO)
    settle(other)
    page, before = page_of(other), timezone.now().replace(microsecond=0)
    other.delete()
    assert index_dates(client)[page] >= before


def test_a_draft_edit_does_not_date_the_page(client):
    # Readers see nothing of a draft, so its page has not changed for them.
    story = make_article(pk=4001, section=make_section(slug="world"), published_at=LONG_AGO)
    settle(story)
    draft = make_article(pk=4002, section=story.section, status=Status.DRAFT)
    draft.headline = "Still a draft"
    draft.save()
    assert page_of(draft) == page_of(story)
    assert page_date(client, story) == LONG_AGO


def test_an_update_across_many_pages_dates_each_of_them(client):
    section = make_section(slug="world")
    stories = [make_article(pk=pk, section=section, published_at=LONG_AGO) for pk in (7001, 7002, 8500, 9999)]
    for story in stories:
        settle(story)
    moment = datetime(2025, 7, 4, 13, 43, tzinfo=UTC)
    Article.objects.filter(pk__in=[s.pk for s in stories]).update(updated_at=moment)
    dates = index_dates(client)
    assert [dates[page] for page in (8, 9, 10)] == [moment, moment, moment]


def scheduled_story(at, **fields):
    """A story saved at `at` and left alone since, its clock fields set as given."""
    with clock_at(at):
        return make_article(**fields)


def test_a_scheduled_story_dates_its_page_when_it_goes_live_and_not_before(client):
    saved = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    goes_live = saved + timedelta(hours=9)
    story = scheduled_story(saved, published_at=goes_live)
    with clock_at(goes_live - timedelta(minutes=1)):
        # Before its time the page shows no trace of it: the date is its last save, never the schedule.
        assert page_date(client, story) == saved
    with clock_at(goes_live + timedelta(hours=1)):
        assert page_date(client, story) == goes_live


def test_a_lifted_embargo_and_an_expiry_date_their_pages_when_they_happen(client):
    saved = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    embargoed = scheduled_story(saved, published_at=saved, embargo_until=saved + timedelta(hours=2))
    expiring = scheduled_story(saved, published_at=saved, expires_at=saved + timedelta(hours=3))
    assert page_of(embargoed) == page_of(expiring)  # one page: its date is the later of the two
    with clock_at(saved + timedelta(hours=2, minutes=30)):
        assert page_date(client, embargoed) == saved + timedelta(hours=2)
    with clock_at(saved + timedelta(hours=4)):
        assert page_date(client, expiring) == saved + timedelta(hours=3)


def test_the_index_reads_page_dates_in_a_fixed_number_of_queries(client):
    section = make_section(slug="world")
    make_article(pk=1500, section=section)
    with CaptureQueriesContext(connection) as few_pages:
        client.get("/sitemap.xml")
    for pk in (12001, 25001, 39001):
        make_article(pk=pk, section=section)
    with CaptureQueriesContext(connection) as many_pages:
        entries = index_dates(client)
    assert len(entries) == 40
    assert len(many_pages) == len(few_pages)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's row triggers; PostgreSQL keeps its own")
def test_sqlite_page_dates_come_back_after_a_table_rebuild(client):
    """Django rebuilds a SQLite table to alter it, dropping its triggers; migrate puts them back and re-dates."""
    from articles.apps import keep_sitemap_pages

    with connection.cursor() as cursor:
        for event in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER articles_sitemap_page_{event}")
    moment = datetime(2025, 7, 4, 13, 43, tzinfo=UTC)
    story = make_article(pk=6001, section=make_section(slug="world"), published_at=LONG_AGO)
    Article.objects.filter(pk=story.pk).update(updated_at=moment)
    assert page_of(story) not in dict(SitemapPage.objects.values_list("number", "lastmod"))
    keep_sitemap_pages(sender=None, using="default")
    assert page_date(client, story) == moment, "written while the triggers were gone, dated once they are back"
    story.save()
    story.refresh_from_db()
    assert page_date(client, story) == story.updated_at


def test_the_index_reads_the_pages_dates_again_only_when_one_has_moved(client):
    story = make_article(pk=3001, section=make_section(slug="world"), published_at=LONG_AGO)
    settle(story)

    def page_rows_read():
        with CaptureQueriesContext(connection) as queries:
            dates = index_dates(client)
        reads = [q for q in queries.captured_queries if '"articles_sitemappage"."lastmod"' in q["sql"]]
        return dates, len(reads)

    page_rows_read()
    dates, reads = page_rows_read()
    assert reads == 0 and dates[page_of(story)] == LONG_AGO, "nothing moved: the lines this worker has are right"
    moment = datetime(2025, 7, 4, 13, 43, tzinfo=UTC)
    Article.objects.filter(pk=story.pk).update(updated_at=moment)
    dates, reads = page_rows_read()
    assert reads == 1 and dates[page_of(story)] == moment
