"""Live coverage: who may post, pin, correct and end; what readers see; the poll an open page asks."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.caching import content_version, publication_window
from articles.models import ArticleTransition, Coverage, LiveUpdate, Status
from articles.services.live import (
    article_end_coverage,
    article_start_coverage,
    live_update_create,
    live_update_delete,
    live_update_edit,
    live_update_pin,
)
from articles.services.publishing import article_withdraw
from tests.factories import make_article, make_author, make_editor, make_photo, make_photo_desk, make_reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def reporter():
    return make_reporter()


@pytest.fixture
def live_story(editor):
    article = make_article(headline="Storm makes landfall")
    return article_start_coverage(article=article, by=editor)


def post(article, by, text="<p>Winds reach 120 mph.</p>", **kwargs):
    return live_update_create(article=article, body=text, by=by, **kwargs)


# --- The write path: rights per role ------------------------------------------------


class TestLiveServices:
    def test_a_reporter_posts_to_a_live_story_and_it_is_in_the_history(self, live_story, reporter):
        update = post(live_story, reporter, "<p>Power is out <script>x()</script>across the coast.</p>")
        assert update.created_by == reporter
        assert "<script>" not in update.body
        note = ArticleTransition.objects.filter(article=live_story).first().note
        assert note.startswith(f"Live update {update.pk} posted: Power is out")

    def test_nobody_posts_to_an_ordinary_story(self, editor):
        with pytest.raises(ValidationError, match="not live"):
            post(make_article(), editor)

    def test_the_photo_desk_may_not_post(self, live_story):
        with pytest.raises(PermissionDenied):
            post(live_story, make_photo_desk())

    def test_an_empty_update_is_refused(self, live_story, reporter):
        with pytest.raises(ValidationError, match="needs some text"):
            post(live_story, reporter, "<p> </p>")

    def test_a_photo_follows_the_lead_photo_rights_rule(self, live_story, reporter):
        with pytest.raises(ValidationError, match="restricted"):
            post(live_story, reporter, photo=make_photo(is_restricted=True))
        with pytest.raises(ValidationError, match="no credit"):
            post(live_story, reporter, photo=make_photo(credit=""))
        assert post(live_story, reporter, photo=make_photo()).photo is not None

    def test_a_reporter_corrects_and_deletes_only_their_own(self, live_story, reporter):
        own = post(live_story, reporter)
        other = post(live_story, make_reporter())
        live_update_edit(update=own, body="<p>Winds reach 130 mph.</p>", by=reporter)
        own.refresh_from_db()
        assert "130 mph" in own.body and own.edited_at is not None
        with pytest.raises(PermissionDenied):
            live_update_edit(update=other, body="<p>Mine now.</p>", by=reporter)
        with pytest.raises(PermissionDenied):
            live_update_delete(update=other, by=reporter)
        live_update_delete(update=own, by=reporter)
        assert list(LiveUpdate.objects.filter(article=live_story)) == [other]

    def test_an_editor_edits_pins_unpins_and_removes_any(self, live_story, reporter, editor):
        update = post(live_story, reporter)
        live_update_edit(update=update, body="<p>Edited by the desk.</p>", by=editor)
        assert live_update_pin(update=update, pinned=True, by=editor).is_pinned
        assert not live_update_pin(update=update, pinned=False, by=editor).is_pinned
        live_update_delete(update=update, by=editor)
        assert not LiveUpdate.objects.exists()
        notes = list(ArticleTransition.objects.filter(article=live_story).values_list("note", flat=True))
        assert any("pinned" in n for n in notes) and any("unpinned" in n for n in notes)
        assert any("removed" in n for n in notes) and any("corrected" in n for n in notes)

    def test_a_reporter_may_not_pin_or_end_or_start(self, live_story, reporter):
        update = post(live_story, reporter)
        with pytest.raises(PermissionDenied):
            live_update_pin(update=update, by=reporter)
        with pytest.raises(PermissionDenied):
            article_end_coverage(article=live_story, by=reporter)
        with pytest.raises(PermissionDenied):
            article_start_coverage(article=make_article(), by=reporter)

    def test_ended_coverage_takes_no_new_updates(self, live_story, editor, reporter):
        article = article_end_coverage(article=live_story, by=editor)
        assert article.coverage == Coverage.ENDED and article.coverage_ended_at is not None
        with pytest.raises(ValidationError, match="not live"):
            post(article, reporter)

    def test_a_history_entry_keeps_the_story_state(self, live_story, reporter):
        post(live_story, reporter)
        entry = ArticleTransition.objects.filter(article=live_story).first()
        assert entry.from_status == entry.to_status == Status.PUBLISHED


# --- Readers --------------------------------------------------------------------------


def at_local(hour, minute):
    zone = ZoneInfo(timezone.get_current_timezone_name())
    return datetime.now(zone).replace(hour=hour, minute=minute, second=0, microsecond=0)


class TestReaderPage:
    def test_pinned_first_then_newest_first_with_anchors_times_and_bylines(self, client, live_story, editor):
        author = make_author(name="Ana Reyes", user=make_reporter())
        first = post(live_story, author.user, "<p>First update.</p>")
        second = post(live_story, editor, "<p>Second update.</p>")
        key = post(live_story, editor, "<p>The key point.</p>")
        live_update_pin(update=key, by=editor)
        LiveUpdate.objects.filter(pk=first.pk).update(published_at=at_local(1, 43) - timedelta(days=1))
        cache.clear()
        html = client.get(live_story.get_absolute_url()).content.decode()
        order = [html.index(f'id="update-{u.pk}"') for u in (key, second, first)]
        assert order == sorted(order)
        assert "Key points" in html
        assert re.search(rf'href="#update-{first.pk}"><time datetime="[^"]+">1:43 AM</time>', html)
        assert "By Ana Reyes" in html
        assert 'aria-live="polite"' in html
        assert "articles/live.js" in html

    def test_ended_coverage_says_so_and_does_not_poll(self, client, live_story, editor):
        post(live_story, editor)
        article_end_coverage(article=live_story, by=editor)
        html = client.get(live_story.get_absolute_url()).content.decode()
        assert "Live coverage has ended" in html
        assert "articles/live.js" not in html

    def test_an_unpublished_story_shows_readers_nothing(self, client, editor):
        article = article_start_coverage(article=make_article(status=Status.DRAFT), by=editor)
        post(article, editor, "<p>Secret update.</p>")
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(article.get_absolute_url() + "live/").status_code == 404

    def test_an_update_shows_at_once_on_a_cached_page(self, client, live_story, editor):
        url = live_story.get_absolute_url()
        assert "No updates yet" in client.get(url).content.decode()
        post(live_story, editor, "<p>Fresh from the scene.</p>")
        assert "Fresh from the scene." in client.get(url).content.decode()

    def test_a_live_page_is_kept_only_briefly(self, client, live_story, settings):
        settings.NEWSROOM_LIVE_POLL_SECONDS = 5
        assert "max-age=5," in client.get(live_story.get_absolute_url())["Cache-Control"]

    def test_json_ld_is_a_live_blog_posting_with_its_updates(self, client, live_story, editor):
        updates = [post(live_story, editor, f"<p>Update number {n}.</p>") for n in range(3)]
        html = client.get(live_story.get_absolute_url()).content.decode()
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert data["@type"] == "LiveBlogPosting"
        assert data["coverageStartTime"]
        assert "coverageEndTime" not in data
        assert len(data["liveBlogUpdate"]) == 3
        assert data["liveBlogUpdate"][0]["url"].endswith(f"#update-{updates[-1].pk}")
        article_end_coverage(article=live_story, by=editor)
        html = client.get(live_story.get_absolute_url()).content.decode()
        assert '"coverageEndTime"' in html

    def test_story_page_queries_do_not_grow_with_updates(self, client, live_story, editor):
        def queries():
            cache.clear()
            publication_window(timezone.now(), content_version())
            with CaptureQueriesContext(connection) as captured:
                assert client.get(live_story.get_absolute_url()).status_code == 200
            return len(captured)

        for n in range(3):
            post(live_story, editor, f"<p>{n}</p>", photo=make_photo())
        queries()  # the navigation, kept by the worker, is read once
        with_three = queries()
        for n in range(20):
            post(live_story, make_reporter(), f"<p>{n}</p>")
        assert queries() == with_three <= 7


class TestFeed:
    def test_a_live_story_has_a_feed_of_its_updates_newest_first(self, client, live_story, editor):
        first = post(live_story, editor, "<p>First &amp; early.</p>")
        second = post(live_story, editor, "<p>Second.</p>")
        page = client.get(live_story.get_absolute_url()).content.decode()
        feed_url = live_story.get_absolute_url() + "live/rss/"
        assert f'href="{feed_url}"' in page
        response = client.get(feed_url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
        xml = response.content.decode()
        assert xml.index(f"#update-{second.pk}") < xml.index(f"#update-{first.pk}")
        assert "<title>First &amp; early.</title>" in xml

    def test_an_ordinary_or_withdrawn_story_has_no_feed_of_updates(self, client, live_story, editor):
        assert client.get(make_article().get_absolute_url() + "live/rss/").status_code == 404
        article_withdraw(article=live_story, note="Legal", by=editor)
        assert client.get(live_story.get_absolute_url() + "live/rss/").status_code == 404


class TestFronts:
    def test_the_home_and_section_fronts_mark_a_live_story_until_it_ends(self, client, live_story, editor):
        for url in ("/", live_story.section.get_absolute_url()):
            assert 'class="card-live"' in client.get(url).content.decode()
        article_end_coverage(article=live_story, by=editor)
        for url in ("/", live_story.section.get_absolute_url()):
            assert 'class="card-live"' not in client.get(url).content.decode()


class TestPoll:
    def test_new_update_appears_and_an_unchanged_stream_is_a_304(self, client, live_story, editor):
        url = live_story.get_absolute_url() + "live/"
        first = client.get(url)
        assert first.status_code == 200
        assert "max-age=" in first["Cache-Control"] and "public" in first["Cache-Control"]
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
        update = post(live_story, editor, "<p>Polls close.</p>")
        second = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 200
        assert f'id="update-{update.pk}"' in second.content.decode()
        assert "<html" not in second.content.decode()
        assert client.get(url, headers={"If-None-Match": second["ETag"]}).status_code == 304

    def test_a_withdrawn_story_is_a_404_at_once(self, client, live_story, editor):
        url = live_story.get_absolute_url() + "live/"
        assert client.get(url).status_code == 200
        article_withdraw(article=live_story, note="Legal", by=editor)
        assert client.get(url).status_code == 404

    def test_an_ordinary_story_has_no_poll(self, client):
        assert client.get(make_article().get_absolute_url() + "live/").status_code == 404

    def test_ended_coverage_tells_the_page_to_stop(self, client, live_story, editor):
        article_end_coverage(article=live_story, by=editor)
        body = client.get(live_story.get_absolute_url() + "live/").content.decode()
        assert 'data-live-state="ended"' in body


# --- The live desk in the admin ------------------------------------------------------


def desk_url(article, tail=""):
    return f"/admin/articles/article/{article.pk}/live/{tail}"


class TestLiveDesk:
    def test_a_reporter_sees_the_desk_on_a_live_story_and_posts_with_the_csrf_token(self, live_story, reporter):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(reporter)
        page = client.get(f"/admin/articles/article/{live_story.pk}/change/")
        html = page.content.decode()
        assert 'id="live-desk-form"' in html and "Ctrl+Enter" in html
        assert "articles/live-desk.js" in html and "Pin as a key point" not in html
        token = client.cookies["csrftoken"].value
        refused = client.post(desk_url(live_story), {"body": "<p>No token.</p>"})
        assert refused.status_code == 403
        answer = client.post(desk_url(live_story), {"body": "<p>Crowds gather.</p>"}, headers={"X-CSRFToken": token})
        assert answer.status_code == 200
        data = answer.json()
        assert f'id="update-{data["id"]}"' in data["html"] and "Crowds gather." in data["html"]
        assert 'data-live-action="pin"' not in data["html"]

    def test_a_reporter_may_not_pin_and_is_told_why(self, client, live_story, reporter):
        update = post(live_story, reporter)
        client.force_login(reporter)
        answer = client.post(desk_url(live_story, f"{update.pk}/"), {"action": "pin"})
        assert answer.status_code == 403
        assert "editor" in answer.json()["error"]

    def test_an_empty_update_is_refused_with_a_message(self, client, live_story, reporter):
        client.force_login(reporter)
        answer = client.post(desk_url(live_story), {"body": ""})
        assert answer.status_code == 400 and "needs some text" in answer.json()["error"]

    def test_an_editor_pins_corrects_and_ends(self, client, live_story, reporter, editor):
        update = post(live_story, reporter)
        client.force_login(editor)
        assert client.post(desk_url(live_story, f"{update.pk}/"), {"action": "pin"}).status_code == 200
        answer = client.post(desk_url(live_story, f"{update.pk}/"), {"action": "edit", "body": "<p>Fixed.</p>"})
        assert "Fixed." in answer.json()["html"]
        answer = client.post(desk_url(live_story, "coverage/"), {"action": "end"})
        assert answer.json()["coverage"] == "ended"
        update.refresh_from_db()
        assert update.is_pinned and "Fixed." in update.body

    def test_an_editor_marks_an_ordinary_story_live_from_its_page(self, client, editor):
        article = make_article()
        client.force_login(editor)
        html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
        assert "Mark this story live" in html
        assert client.post(desk_url(article, "coverage/"), {"action": "start"}).json()["coverage"] == "live"

    def test_a_reporter_sees_no_desk_on_an_ordinary_story(self, client, reporter):
        article = make_article(status=Status.DRAFT, created_by=reporter)
        client.force_login(reporter)
        html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
        assert "live-desk" not in html
