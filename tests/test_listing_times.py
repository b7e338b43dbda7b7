"""Author and tag pages read their newest stories through the byline and story–tag rows' copy of the publish time.

The copy is kept by database triggers (articles/listing_times.py): these
tests change stories the ways the newsroom does (save, queryset update,
scheduling, withdrawal) and look at the pages readers get.
"""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, Byline, Status
from tests.factories import make_article, make_author, make_tag


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def headlines(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_author_and_tag_pages_list_live_stories_newest_first_and_page_on(client, monkeypatch):
    from articles.views import PublicArticleListView

    monkeypatch.setattr(PublicArticleListView, "page_size", 2)
    author, tag = make_author(), make_tag()
    now = timezone.now()
    # Two stories share a publish time: the id breaks the tie, as on every listing.
    times = [now - timedelta(hours=h) for h in (1, 2, 2, 3, 4)]
    stories = [
        make_article(authors=[author], tags=[tag], published_at=t, headline=f"Story {i}") for i, t in enumerate(times)
    ]
    for url in (author.get_absolute_url(), tag.get_absolute_url()):
        seen, page_url = [], url
        while page_url:
            response = client.get(page_url)
            assert response.status_code == 200
            page = response.context["page"]
            seen += [a.headline for a in page.articles]
            page_url = f"{url}?older={page.older}" if page.older else None
        expected = [s.headline for s in sorted(stories, key=lambda s: (s.published_at, s.pk), reverse=True)]
        assert seen == expected


@pytest.mark.django_db
def test_a_story_unpublished_by_a_queryset_update_leaves_the_author_and_tag_pages(client):
    author, tag = make_author(), make_tag()
    story = make_article(authors=[author], tags=[tag], headline="Harbour strike ends")
    assert "Harbour strike ends" in headlines(client, author.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(status=Status.WITHDRAWN)
    assert "Harbour strike ends" not in headlines(client, author.get_absolute_url())
    assert "Harbour strike ends" not in headlines(client, tag.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(status=Status.PUBLISHED)
    assert "Harbour strike ends" in headlines(client, tag.get_absolute_url())


@pytest.mark.django_db
def test_a_scheduled_story_appears_at_its_second_and_a_moved_one_moves(client):
    author, tag = make_author(), make_tag()
    soon = timezone.now() + timedelta(hours=1)
    story = make_article(authors=[author], tags=[tag], headline="Budget day", published_at=soon)
    assert "Budget day" not in headlines(client, author.get_absolute_url())
    story.published_at = timezone.now() - timedelta(minutes=1)
    story.save()
    assert "Budget day" in headlines(client, author.get_absolute_url())
    assert "Budget day" in headlines(client, tag.get_absolute_url())


@pytest.mark.django_db
def test_an_embargoed_or_expired_story_stays_off_the_pages_though_its_rows_carry_a_time(client):
    author, tag = make_author(), make_tag()
    make_article(authors=[author], tags=[tag], headline="Embargoed", embargo_until=timezone.now() + timedelta(hours=1))
    make_article(authors=[author], tags=[tag], headline="Expired", expires_at=timezone.now() - timedelta(minutes=1))
    for url in (author.get_absolute_url(), tag.get_absolute_url()):
        page = headlines(client, url)
        assert "Embargoed" not in page and "Expired" not in page


@pytest.mark.django_db
def test_a_byline_or_tag_added_later_or_saved_again_keeps_the_story_on_the_page(client):
    author, other, tag = make_author(), make_author(), make_tag()
    story = make_article(authors=[author], headline="Late byline")
    byline = Byline.objects.create(article=story, author=other, position=1)
    story.tags.add(tag)
    # A byline object read before the copy was made, saved again (Django writes every column).
    byline.position = 2
    byline.save()
    assert "Late byline" in headlines(client, other.get_absolute_url())
    assert "Late byline" in headlines(client, tag.get_absolute_url())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["author", "tag"])
def test_the_listing_reads_its_rows_from_the_listing_index(kind):
    author, tag = make_author(), make_tag()
    for _ in range(3):
        make_article(authors=[author], tags=[tag])
    published = Article.objects.published()
    listed = published.listed_by_author(author) if kind == "author" else published.listed_with_tag(tag)
    query = listed.for_cards().order_by("-listing__story_published_at", "-listing__article_id")[:21]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of rows: tell the planner to prefer what it would choose for thousands.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        plan = query.explain()
    index = "byline_author_listing_idx" if kind == "author" else "tag_listing_idx"
    assert index in plan
    # Read in the index's order: no sort of every row of a busy author or tag.
    assert "TEMP B-TREE" not in plan and "Sort " not in plan


@pytest.mark.django_db
def test_a_generated_archive_lists_its_stories_on_author_and_tag_pages(client):
    from django.core.management import call_command

    from tests.factories import make_section

    make_section(name="World", slug="world")
    make_author()
    make_tag()
    call_command("generate_archive", "--stories", "40", stdout=io.StringIO())
    rows = Byline.objects.values_list("story_published_at", "article__published_at")
    assert rows and all(copy == story for copy, story in rows)
    tagged = Article.objects.filter(tags__isnull=False).distinct().count()
    listed = Article.objects.published().filter(tag_listings__story_published_at__isnull=False).distinct().count()
    assert tagged and listed == tagged


@pytest.mark.django_db
def test_author_and_tag_feeds_list_live_stories_newest_first(client):
    author, tag = make_author(), make_tag()
    now = timezone.now()
    make_article(authors=[author], tags=[tag], headline="Older piece", published_at=now - timedelta(hours=3))
    make_article(authors=[author], tags=[tag], headline="Newer piece", published_at=now - timedelta(hours=1))
    make_article(authors=[author], tags=[tag], headline="Pulled piece", status=Status.WITHDRAWN)
    for url in (f"/feeds/authors/{author.slug}/rss/", f"/feeds/tags/{tag.slug}/rss/"):
        feed = headlines(client, url)
        assert feed.index("Newer piece") < feed.index("Older piece")
        assert "Pulled piece" not in feed
