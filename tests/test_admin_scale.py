"""The admin at archive scale: the story list, its filters and search, the pickers and the desk
cost the same number of queries whatever the archive holds, and still find the right stories."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.admin import paginators
from articles.admin.paginators import EstimatedCountPaginator, planner_estimate, round_estimate
from articles.admin.pickers import PhotoPickerJsonView
from articles.models import Article, Author, Status, WireStory
from tests.factories import make_article, make_author, make_editor, make_photo, make_section, make_user

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


@pytest.fixture
def small_pages(monkeypatch):
    """Five stories a page, so a handful of stories already makes several pages."""
    monkeypatch.setattr(admin.site.get_model_admin(Article), "list_per_page", 5)


def queries_for(client, url):
    client.get(url)  # anything cached on the first request (permissions, content types) is cached now
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def add_stories(count, *, section, author, start):
    for i in range(count):
        make_article(
            section=section, authors=[author], headline=f"Harbour strike day {start + i}",
            published_at=datetime(2024, 3, 1, 12, tzinfo=UTC) + timedelta(days=start + i),
        )


class TestStoryListQueries:
    @pytest.mark.parametrize(
        "query",
        ["", "?state=published", "?section__id__exact={section}", "?bylines__author__id__exact={author}",
         "?published_at__year=2024", "?published_at__year=2024&published_at__month=3", "?q=harbour+strike",
         "?p=2"],
    )
    def test_the_number_of_queries_does_not_grow_with_the_archive(self, editor_client, small_pages, query):
        section, author = make_section(), make_author()
        add_stories(6, section=section, author=author, start=0)
        url = LIST + query.format(section=section.pk, author=author.pk)
        before = queries_for(editor_client, url)
        add_stories(12, section=section, author=author, start=6)
        assert queries_for(editor_client, url) == before

    def test_no_query_counts_every_story(self, editor_client, small_pages):
        section, author = make_section(), make_author()
        add_stories(8, section=section, author=author, start=0)
        editor_client.get(LIST)
        with CaptureQueriesContext(connection) as captured:
            editor_client.get(LIST)
        counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
        assert counts and all("LIMIT" in sql.upper() for sql in counts), counts


class TestEstimatedCountPaginator:
    def test_counts_exactly_up_to_its_limit(self):
        make_article()
        make_article()
        paginator = EstimatedCountPaginator(Article.objects.all(), 1)
        assert paginator.count == 2 and not paginator.is_estimated and paginator.num_pages == 2

    def test_past_its_limit_takes_the_planners_estimate_rounded(self, monkeypatch):
        for _ in range(4):
            make_article()
        monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)
        monkeypatch.setattr(paginators, "planner_estimate", lambda queryset: 1_000_060)
        paginator = EstimatedCountPaginator(Article.objects.all(), 100)
        assert paginator.count == 1_000_000 and paginator.is_estimated
        assert paginator.num_pages == 10_000

    def test_never_says_fewer_than_it_counted(self, monkeypatch):
        for _ in range(4):
            make_article()
        monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)
        monkeypatch.setattr(paginators, "planner_estimate", lambda queryset: 1)
        assert EstimatedCountPaginator(Article.objects.all(), 100).count == 3

    def test_without_an_estimate_counts_everything(self, monkeypatch):
        for _ in range(4):
            make_article()
        monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)
        monkeypatch.setattr(paginators, "planner_estimate", lambda queryset: None)
        paginator = EstimatedCountPaginator(Article.objects.all(), 100)
        assert paginator.count == 4 and not paginator.is_estimated

    def test_the_planner_is_asked_only_on_postgresql(self):
        for _ in range(3):
            make_article()
        estimate = planner_estimate(Article.objects.all())
        if connection.vendor == "postgresql":
            assert isinstance(estimate, int) and estimate >= 0
        else:
            assert estimate is None

    def test_a_page_keeps_the_lists_order(self):
        stories = [make_article(published_at=timezone.now() - timedelta(hours=h)) for h in range(1, 8)]
        paginator = EstimatedCountPaginator(Article.objects.order_by("-published_at", "-id"), 3)
        assert list(paginator.page(2).object_list) == stories[3:6]
        assert list(paginator.page(3).object_list) == stories[6:]

    def test_rounds_to_two_significant_figures(self):
        assert [round_estimate(n) for n in (7, 99, 1_049, 1_000_060, 987_654)] == [7, 99, 1_000, 1_000_000, 990_000]

    def test_the_list_says_about_when_it_estimates(self, editor_client, small_pages, monkeypatch):
        for _ in range(4):
            make_article()
        monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)
        monkeypatch.setattr(paginators, "planner_estimate", lambda queryset: 1_000_060)
        html = editor_client.get(LIST).content.decode()
        assert "about 1,000,000 articles" in html
        assert "total)" not in html  # no second count of every story


class TestAdminSearch:
    def test_finds_every_word_in_headline_or_text_headline_matches_first(self, editor_client):
        in_body = make_article(headline="Council meets", body="<p>The harbour strike goes on.</p>",
                               published_at=timezone.now() - timedelta(minutes=5))
        in_headline = make_article(headline="Harbour strike ends", published_at=timezone.now() - timedelta(days=3))
        make_article(headline="Harbour reopens", body="<p>Ships sail.</p>")
        html = editor_client.get(LIST, {"q": "harbour strike"}).content.decode()
        assert "Harbour reopens" not in html
        assert html.index(in_headline.headline) < html.index(in_body.headline)

    def test_finds_a_story_by_its_exact_slug(self, editor_client):
        make_article(headline="Budget vote", slug="budget-vote-delayed-again")
        make_article(headline="Other story", slug="budget-vote")
        html = editor_client.get(LIST, {"q": "budget-vote-delayed-again"}).content.decode()
        assert "Budget vote" in html and "Other story" not in html

    def test_finds_a_story_by_its_wire_items_uri(self, editor_client):
        wired = make_article(headline="Quake hits coast")
        WireStory.objects.create(article=wired, uri="urn:newsml:example.com:20261128:quake-1", fingerprint="x")
        imported = make_article(headline="Ferry sinks", source_uri="urn:newsml:example.com:20261128:ferry-2")
        make_article(headline="Unrelated")
        html = editor_client.get(LIST, {"q": "urn:newsml:example.com:20261128:quake-1"}).content.decode()
        assert "Quake hits coast" in html and "Unrelated" not in html
        html = editor_client.get(LIST, {"q": "urn:newsml:example.com:20261128:ferry-2"}).content.decode()
        assert imported.headline in html and "Quake hits coast" not in html

    def test_an_exact_slug_comes_before_word_matches(self, editor_client):
        make_article(headline="Harbour news", published_at=timezone.now() - timedelta(minutes=1))
        exact = make_article(headline="Old piece", slug="harbour", published_at=timezone.now() - timedelta(days=9))
        html = editor_client.get(LIST, {"q": "harbour"}).content.decode()
        assert html.index(exact.headline) < html.index("Harbour news")

    def test_search_stays_inside_the_chosen_filters(self, editor_client):
        sport, world = make_section(), make_section()
        make_article(headline="Harbour derby", section=sport)
        make_article(headline="Harbour treaty", section=world)
        html = editor_client.get(LIST, {"q": "harbour", "section__id__exact": sport.pk}).content.decode()
        assert "Harbour derby" in html and "Harbour treaty" not in html


class TestListFilters:
    def test_the_author_filter_shows_that_authors_stories_only(self, editor_client):
        mine, theirs = make_author(name="Simon Corlett"), make_author(name="Ana Ruiz")
        make_article(headline="By Simon", authors=[mine])
        make_article(headline="By both", authors=[theirs, mine])
        make_article(headline="By Ana", authors=[theirs])
        html = editor_client.get(LIST, {"bylines__author__id__exact": mine.pk}).content.decode()
        assert "By Simon" in html and "By both" in html and "By Ana" not in html

    def test_the_author_filter_lists_recent_bylines_and_finds_anyone_by_name(self, editor_client):
        recent = make_author(name="Recent Writer")
        make_author(name="Quiet Columnist")  # no byline on any recent story
        make_article(authors=[recent])
        html = editor_client.get(LIST).content.decode()
        assert "Recent Writer" in html and "Quiet Columnist" not in html
        html = editor_client.get(LIST, {"author_name": "columnist"}).content.decode()
        assert "Quiet Columnist" in html and "Recent Writer" not in html

    def test_the_author_name_box_keeps_the_other_filters(self, editor_client):
        section = make_section()
        html = editor_client.get(LIST, {"state": "draft", "section__id__exact": section.pk}).content.decode()
        assert '<input type="hidden" name="state" value="draft">' in html
        assert f'<input type="hidden" name="section__id__exact" value="{section.pk}">' in html

    def test_a_chosen_author_stays_listed(self, editor_client):
        chosen = make_author(name="Chosen Writer")
        html = editor_client.get(LIST, {"bylines__author__id__exact": chosen.pk}).content.decode()
        assert "Chosen Writer" in html

    def test_the_date_drill_down_runs_from_the_first_year_to_the_last(self, editor_client):
        make_article(headline="Old", published_at=datetime(2019, 6, 1, 12, tzinfo=UTC))
        make_article(headline="New", published_at=datetime(2022, 6, 1, 12, tzinfo=UTC))
        html = editor_client.get(LIST).content.decode()
        for year in (2019, 2020, 2021, 2022):
            assert f"?published_at__year={year}" in html
        html = editor_client.get(LIST, {"published_at__year": 2022}).content.decode()
        assert "New" in html and ">Old<" not in html
        assert "published_at__month=6" in html

    def test_the_month_lists_its_days(self, editor_client):
        make_article(headline="Ides", published_at=datetime(2022, 3, 15, 16, tzinfo=UTC))
        html = editor_client.get(LIST, {"published_at__year": 2022, "published_at__month": 3}).content.decode()
        assert "published_at__day=15" in html and "Ides" in html

    def test_state_and_section_filters_still_narrow(self, editor_client):
        section = make_section()
        make_article(headline="Desk draft", status=Status.DRAFT, section=section)
        make_article(headline="Live elsewhere")
        html = editor_client.get(LIST, {"state": "draft"}).content.decode()
        assert "Desk draft" in html and "Live elsewhere" not in html
        html = editor_client.get(LIST, {"section__id__exact": section.pk}).content.decode()
        assert "Desk draft" in html and "Live elsewhere" not in html


PHOTO_PICKER = "/admin/articles/photoasset/picker/"
PICKING_LEAD_PHOTO = {"app_label": "articles", "model_name": "article", "field_name": "lead_photo"}
PICKING_BYLINE = {"app_label": "articles", "model_name": "byline", "field_name": "author"}


class TestPickers:
    def test_the_photo_picker_shows_renditions_never_originals(self, editor_client):
        photo = make_photo(title="Harbour at dawn")
        results = editor_client.get(PHOTO_PICKER, {"term": "harb", **PICKING_LEAD_PHOTO}).json()["results"]
        assert [r["id"] for r in results] == [str(photo.pk)]
        thumb = results[0]["thumb"]
        assert thumb == photo.rendition_url("thumb") and thumb.startswith("/media/renditions/")
        assert photo.image.name not in thumb

    def test_a_photo_readers_may_not_see_has_no_thumbnail(self, editor_client):
        make_photo(title="Held back", is_restricted=True)
        results = editor_client.get(PHOTO_PICKER, {"term": "held", **PICKING_LEAD_PHOTO}).json()["results"]
        assert results[0]["thumb"] is None

    def test_the_story_form_uses_the_photo_picker(self, editor_client):
        html = editor_client.get("/admin/articles/article/add/").content.decode()
        assert f'data-ajax--url="{PHOTO_PICKER}"' in html and "photo-picker.js" in html

    def test_the_photo_picker_needs_the_right_to_see_photos(self, client):
        assert client.get(PHOTO_PICKER, {"term": "", **PICKING_LEAD_PHOTO}).status_code == 302  # sign in first
        client.force_login(make_user())  # staff, but no rights
        assert client.get(PHOTO_PICKER, {"term": "", **PICKING_LEAD_PHOTO}).status_code == 403

    def test_photo_picker_queries_do_not_grow_with_the_library(self, editor_client, monkeypatch):
        monkeypatch.setattr(PhotoPickerJsonView, "paginate_by", 3)
        for _ in range(4):
            make_photo(title="Harbour view")
        url = f"{PHOTO_PICKER}?term=harbour&app_label=articles&model_name=article&field_name=lead_photo"
        before = queries_for(editor_client, url)
        for _ in range(8):
            make_photo(title="Harbour view")
        assert queries_for(editor_client, url) == before

    def test_author_picker_queries_do_not_grow_with_the_authors(self, editor_client, monkeypatch):
        from django.contrib.admin.views.autocomplete import AutocompleteJsonView

        monkeypatch.setattr(AutocompleteJsonView, "paginate_by", 3)
        Author.objects.bulk_create(Author(name=f"Maria Writer {i}", slug=f"maria-{i}") for i in range(4))
        url = "/admin/autocomplete/?term=maria&app_label=articles&model_name=byline&field_name=author"
        before = queries_for(editor_client, url)
        Author.objects.bulk_create(Author(name=f"Maria Writer {i}", slug=f"maria-{i}") for i in range(4, 12))
        assert queries_for(editor_client, url) == before
        assert editor_client.get(url).json()["pagination"]["more"] is True


class TestDashboard:
    def test_the_desk_costs_the_same_queries_whatever_the_archive_holds(self, editor_client):
        section = make_section()
        for i in range(3):
            make_article(section=section, status=Status.READY, headline=f"Ready {i}")
            make_article(section=section, published_at=timezone.now() + timedelta(hours=i + 1))
        before = queries_for(editor_client, "/admin/")
        for i in range(9):
            make_article(section=section, status=Status.READY, headline=f"More ready {i}")
            make_article(section=section, published_at=timezone.now() + timedelta(hours=i + 1))
            make_article(section=section)
        assert queries_for(editor_client, "/admin/") == before


def test_a_search_that_finds_nothing_says_so(client):
    client.force_login(make_editor())
    make_article(headline="Harbour strike", published_at=datetime(2021, 5, 1, tzinfo=UTC))
    html = client.get(LIST, {"q": "zzyzx"}).content.decode()
    assert "0 articles" in html and "Harbour strike" not in html
    html = client.get(LIST, {"q": "harbour"}).content.decode()
    assert "?published_at__year=2021" in html or "published_at__month=5" in html


def test_the_photo_picker_finds_a_photo_by_its_new_words_after_an_edit(client):
    client.force_login(make_editor())
    photo = make_photo(title="Harbour at dawn")
    photo.title = "Ferry at dusk"
    photo.save()
    found = client.get(PHOTO_PICKER, {"term": "ferr dus", **PICKING_LEAD_PHOTO}).json()["results"]
    assert [r["id"] for r in found] == [str(photo.pk)]
    assert client.get(PHOTO_PICKER, {"term": "harbour", **PICKING_LEAD_PHOTO}).json()["results"] == []


@pytest.mark.parametrize("common_from", [1, 1000])
def test_the_photo_picker_lists_newest_first_for_common_and_rare_words(client, monkeypatch, common_from):
    from articles.admin import search

    monkeypatch.setattr(search, "COMMON_WORDS_FROM", common_from)
    client.force_login(make_editor())
    photos = [make_photo(title=f"Market day {i}") for i in range(3)]
    found = client.get(PHOTO_PICKER, {"term": "market", **PICKING_LEAD_PHOTO}).json()["results"]
    assert [r["id"] for r in found] == [str(p.pk) for p in reversed(photos)]
