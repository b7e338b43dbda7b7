"""The page cache drops only the pages showing what changed; a busy page dropped is rendered once, never stale past a
withdrawal (articles/page_purges.py, through the front cache)."""

import time
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone

from articles import page_purges
from articles.front_cache import FrontCache
from articles.models import Status
from articles.services.editing import article_save
from articles.services.publishing import article_unpublish, article_withdraw
from articles.services.revisions import article_record_revision
from articles.services.writing import share_link_create
from tests.admin_forms import change_url, editor_client
from tests.clock import clock_at
from tests.factories import make_article, make_editor, make_photo, make_section
from tests.test_front_cache import call, connection_kept

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    with connection_kept():
        yield FrontCache(WSGIHandler())


@pytest.fixture
def newsroom():
    section = make_section(name="World", slug="world")
    live = make_article(section=section, headline="Live story one")
    # In another section: a story page lists the newest of its own section, which an edit may change.
    other = make_article(section=make_section(name="Sport", slug="sport"), headline="Live story two",
                         published_at=timezone.now() - timedelta(hours=2))
    draft = make_article(section=section, headline="A draft", status=Status.DRAFT, published_at=None)
    return live, other, draft


def warm(app, *paths):
    for path in paths:
        call(app, path)
        assert call(app, path).queries == 0, f"{path} is not served from the cache"


def is_cached(app, path) -> bool:
    return call(app, path)["X-Cache"] == "hit"


def test_the_newsroom_s_own_work_on_unseen_things_drops_no_page(app, newsroom):
    live, other, draft = newsroom
    editor = make_editor(username="desk")
    warm(app, "/", live.get_absolute_url())

    draft.headline = "A draft, saved again"
    article_save(article=draft, by=editor)
    article_record_revision(article=draft, by=editor, note="a revision")
    share_link_create(article=draft, by=editor)
    desk = editor_client("ana")
    assert desk.post(change_url(draft).replace("change/", "autosave/"),
                     {"headline": "Autosaved", "loaded_version": "1"}).status_code == 200
    assert desk.post(change_url(live).replace("change/", "presence/")).status_code == 200
    photo = make_photo()
    photo.caption = "A photo no story uses, re-captioned"
    photo.save()

    assert is_cached(app, "/"), "the home page was dropped by work no reader can see"
    assert is_cached(app, live.get_absolute_url()), "a story page was dropped by work no reader can see"


def test_editing_a_live_story_drops_its_page_and_the_lists_not_other_stories(app, newsroom):
    live, other, _ = newsroom
    warm(app, "/", live.get_absolute_url(), other.get_absolute_url())
    live.headline = "Live story one, corrected"
    article_save(article=live, by=make_editor(username="desk"))
    time.sleep(settings_stale())  # past the moment a stale copy could be served

    assert b"Live story one, corrected" in call(app, live.get_absolute_url()).body
    assert b"Live story one, corrected" in call(app, "/").body
    assert is_cached(app, other.get_absolute_url()), "another story's page was dropped by an edit of this one"


def test_a_story_page_listing_an_edited_story_goes_only_when_what_it_prints_of_it_changes(app, newsroom):
    live, _, _ = newsroom
    sibling = make_article(section=live.section, headline="Sibling story",
                           published_at=timezone.now() - timedelta(hours=3))
    editor = make_editor(username="desk")
    warm(app, sibling.get_absolute_url())
    assert b"Live story one" in call(app, sibling.get_absolute_url()).body, "listed in the sibling's 'more in' box"
    live.dek = "A new dek, printed on its own page only"
    article_save(article=live, by=editor)
    assert is_cached(app, sibling.get_absolute_url())
    live.headline = "Live story one, retitled"
    article_save(article=live, by=editor)
    time.sleep(settings_stale())
    assert b"Live story one, retitled" in call(app, sibling.get_absolute_url()).body


def settings_stale():
    from django.conf import settings

    return settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS


def test_a_scheduled_story_appears_at_its_second_while_pages_stay_cached(app, newsroom):
    live, _, draft = newsroom
    due = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    draft.status, draft.published_at, draft.headline = Status.PUBLISHED, due, "Due at its second"
    draft.save()
    with clock_at(due - timedelta(seconds=1)):
        warm(app, "/")
        assert b"Due at its second" not in call(app, "/").body
    with clock_at(due):
        assert b"Due at its second" in call(app, "/").body


@pytest.mark.parametrize("action", ["withdraw", "unpublish"])
def test_a_story_taken_down_is_never_served_from_the_cache_not_even_stale(app, newsroom, action):
    live, _, _ = newsroom
    # A newer story: taking this one down leaves the publication window (and so the pages' keys) as they were.
    make_article(section=make_section(), headline="Newest story", published_at=timezone.now() - timedelta(minutes=5))
    url = live.get_absolute_url()
    warm(app, url, "/")
    # Another worker is busy rendering these pages afresh (below): a soft drop would be served stale meanwhile.
    editor = make_editor(username="desk")
    if action == "withdraw":
        article_withdraw(article=live, by=editor, note="Legal")
    else:
        article_unpublish(article=live, by=editor)
    holding = [key for key in cache_keys_of_pages(app) if page_purges.claim_render(key)]
    try:
        assert call(app, url).status in (404, 410)
        assert b"Live story one" not in call(app, "/").body
    finally:
        for key in holding:
            page_purges.release_render(key)


def cache_keys_of_pages(app):
    """The keys of the pages this front cache stored (it keeps each in its own memory too)."""
    return list(app.local)


def test_a_dropped_busy_page_is_rendered_once_while_others_get_the_previous_copy(app, newsroom):
    live, _, _ = newsroom
    warm(app, "/")
    live.headline = "Fresh headline"
    live.save()  # a soft purge of the story and the lists it is on
    [key] = [k for k in cache_keys_of_pages(app) if "home" in app.local[k]["keys"]]
    # Another worker won the render lock: this one serves the previous copy, without the database.
    assert page_purges.claim_render(key)
    try:
        answer = call(app, "/")
        assert answer["X-Cache"] == "stale" and b"Fresh headline" not in answer.body
        assert answer["Cache-Control"] == "no-cache", "a stale copy must not be kept by anyone else"
    finally:
        page_purges.release_render(key)
    # The lock free: this worker renders it afresh.
    assert b"Fresh headline" in call(app, "/").body
    assert is_cached(app, "/")


def test_the_verdict_of_soft_and_hard_purges():
    rendered = time.time() - 5
    page_purges.record(["story-990001"], at=rendered + 4.5)
    assert page_purges.verdict(["story-990001", "home"], rendered) == page_purges.STALE
    assert page_purges.verdict(["story-990001"], rendered, now=rendered + 7) == page_purges.DEAD, "stale past a second"
    assert page_purges.verdict(["story-990002"], rendered) == page_purges.FRESH
    page_purges.record(["story-990002"], hard=True)
    assert page_purges.verdict(["story-990002"], rendered) == page_purges.DEAD
    page_purges.record(["story-990002"])  # an edit right after a withdrawal: still never stale
    assert page_purges.verdict(["story-990002"], rendered) == page_purges.DEAD


def test_one_worker_wins_the_render_lock():
    assert page_purges.claim_render("a-page")
    assert not page_purges.claim_render("a-page"), "a second worker would render too"
    page_purges.release_render("a-page")
    assert page_purges.claim_render("a-page")
