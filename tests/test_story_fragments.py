"""A story page's head and <article> are rendered once per version of what they print.

Each test renders a story, changes one thing the page prints by the usual
means (a save, a service, a relation), and reads the page again with the page
cache off: the change must show at once.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline
from articles.services.editing import article_save, correction_add
from tests.factories import make_article, make_author, make_dateline, make_editor, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    settings.NEWSROOM_PAGE_CACHE = False  # only the story's own fragments are kept


@pytest.fixture
def story():
    return make_article(
        section=make_section(name="World", slug="world"),
        authors=[make_author(name="Ana Ruiz", slug="ana-ruiz")],
        tags=[make_tag(name="Grain", slug="grain")],
        headline="Grain deal signed",
    )


def page(client, article):
    article.refresh_from_db()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_reading_runs_only_the_story_s_own_query(client, story):
    page(client, story)
    url = story.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries]
    assert tables == ['"articles_article"'], tables


def test_a_renamed_author_and_a_changed_byline_show(client, story):
    assert "Ana Ruiz" in page(client, story)
    author = story.bylines.get().author
    author.name = "Ana Ruiz-Vega"
    author.save()
    assert "Ana Ruiz-Vega" in page(client, story)
    second = make_author(name="Simon Corlett")
    Byline.objects.create(article=story, author=second, position=1)
    assert "Simon Corlett" in page(client, story)
    article_save(article=story, bylines=[second], by=make_editor())
    html = page(client, story)
    assert "Simon Corlett" in html and "Ana Ruiz-Vega" not in html
    story.bylines.get().delete()
    assert "Simon Corlett" not in page(client, story)


def test_tags_added_removed_renamed_and_deleted_show(client, story):
    assert ">Grain<" in page(client, story)
    grain = story.tags.get()
    grain.name = "Wheat"
    grain.save()
    assert ">Wheat<" in page(client, story)
    story.tags.add(make_tag(name="Ports", slug="ports"))
    assert ">Ports<" in page(client, story)
    story.tags.remove(grain)
    assert ">Wheat<" not in page(client, story)
    grain.articles.add(story)  # from the tag's side
    assert ">Wheat<" in page(client, story)
    grain.articles.clear()
    assert ">Wheat<" not in page(client, story)
    ports = story.tags.get()
    ports.delete()
    assert ">Ports<" not in page(client, story)


def test_corrections_added_edited_and_removed_show(client, story):
    page(client, story)
    correction = correction_add(article=story, text="An earlier version misspelled Odesa.", by=make_editor())
    assert "misspelled Odesa" in page(client, story)
    correction.text = "An earlier version misspelled Odesa and Izmail."
    correction.save()
    assert "Izmail" in page(client, story)
    correction.delete()
    assert "misspelled" not in page(client, story)


def test_section_dateline_and_photo_changes_show(client, story):
    page(client, story)
    story.dateline = make_dateline(place="ODESA, Ukraine")
    story.lead_photo = make_photo(credit="Samiullah Popal/EPA-EFE")
    story.save()
    html = page(client, story)
    assert "ODESA, Ukraine" in html and "Samiullah Popal/EPA-EFE" in html
    section, dateline, photo = story.section, story.dateline, story.lead_photo
    section.name = "Europe"
    section.save()
    dateline.place = "IZMAIL, Ukraine"
    dateline.save()
    photo.credit = "Jane Doe/Reuters"
    photo.save()
    html = page(client, story)
    assert "Europe" in html and "IZMAIL, Ukraine" in html and "Jane Doe/Reuters" in html


def test_a_photo_whose_licence_ends_leaves_the_page_at_that_moment(client, story):
    story.lead_photo = make_photo(expires_at=timezone.now() + timedelta(seconds=2))
    story.save()
    assert 'class="story-photo"' in page(client, story)
    photo = story.lead_photo
    # Its licence ends without any save: the moment alone takes it off.
    type(photo).objects.filter(pk=photo.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    html = page(client, story)
    assert 'class="story-photo"' not in html and "og:image" not in html


def test_absolute_links_follow_the_host_asked_for(client, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    assert 'href="http://testserver/world/' in page(client, story)
    html = client.get(story.get_absolute_url(), HTTP_HOST="news.example").content.decode()
    assert 'rel="canonical" href="http://news.example/world/' in html


@pytest.mark.parametrize("stories", [3, 40])
def test_renaming_or_deleting_a_tag_or_renaming_an_author_writes_no_story(client, stories):
    """At a million stories the busiest tag is on 200,000: touching each took a minute, past any time limit.

    A rename moves the printed-names version in every card's and fragment's key instead.
    """
    section = make_section(slug="world")
    tag, author = make_tag(name="Grain", slug="grain"), make_author(name="Ana Ruiz", slug="ana-ruiz")
    articles = [make_article(section=section, tags=[tag], authors=[author]) for _ in range(stories)]
    story = articles[-1]
    before = page(client, story)
    assert ">Grain<" in before and "Ana Ruiz" in before and "Ana Ruiz" in client.get("/world/").content.decode()
    edited = dict(Article.objects.values_list("pk", "updated_at"))
    tag.name, author.name = "Wheat", "Ana Ruiz-Vega"
    with CaptureQueriesContext(connection) as queries:
        tag.save()
        author.save()
    written = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    assert not [sql for sql in written if "articles_article" in sql.split(" WHERE ")[0]], written
    html = page(client, story)
    assert ">Wheat<" in html and "Ana Ruiz-Vega" in html
    front = client.get("/world/").content.decode()
    assert "Ana Ruiz-Vega" in front and "Ana Ruiz<" not in front
    tag.delete()
    assert ">Wheat<" not in page(client, story)
    assert dict(Article.objects.values_list("pk", "updated_at")) == edited, "no story was changed"
