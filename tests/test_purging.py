"""What each change tells the caches in front of the site, and how each purge backend says it."""

import logging
from datetime import timedelta

import pytest
from botocore.stub import ANY, Stubber
from django.db import connection, transaction
from django.tasks.backends.dummy import DummyBackend
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from articles import purging
from articles.models import Status
from articles.services.editing import article_save, correction_add
from articles.services.publishing import (
    article_publish,
    article_schedule,
    article_submit,
    article_unpublish,
    article_withdraw,
)
from tests.cache_server import RecordingServer, default_task_backend
from tests.factories import (
    make_article,
    make_author,
    make_dateline,
    make_editor,
    make_photo,
    make_section,
)

pytestmark = pytest.mark.django_db

LISTINGS = {"home", "feeds", "sitemaps", "api", "search"}


@pytest.fixture
def varnish(settings):
    with RecordingServer() as server:
        settings.NEWSROOM_PURGE_BACKEND = "varnish"
        settings.NEWSROOM_PURGE_URLS = [server.url]
        settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS = 0
        yield server


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as the end of a real request's transaction does."""

    def run(change):
        # A new request's transaction: nothing from the test's own set-up joins its purge.
        setattr(connection, purging.PENDING, None)
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def draft(newsroom):
    section, author, tag = newsroom
    return make_article(section=section, authors=[author], tags=[tag], status=Status.DRAFT, published_at=None)


@pytest.fixture(autouse=True)
def immediate_tasks():
    """Purges run as they are queued, as under the immediate task backend (no worker)."""
    with default_task_backend(ImmediateBackend("default", {})) as backend:
        yield backend


@pytest.fixture
def deferring_backend():
    """A task backend that can defer (as a worker's queue can), keeping what was queued."""
    with default_task_backend(DummyBackend("default", {})) as backend:
        yield backend


# --- Which changes purge which keys ------------------------------------------------------


def story_keys(article, section, author, tag, *, reordered=True):
    # The lists it is on: not the section, author or tag keys, which every story page printing the name carries;
    # the section's "more in" boxes only when its newest stories may change (not on an edit).
    keys = {f"story-{article.pk}", f"section-{section.pk}-list", f"author-{author.pk}-list", f"tag-{tag.pk}-list",
            *LISTINGS}
    return keys | {f"section-{section.pk}-newest", f"story-{article.pk}-headline"} if reordered else keys


def test_publishing_purges_the_story_its_section_authors_tags_and_the_listings(varnish, committed, draft, newsroom,
                                                                                 editor):
    committed(lambda: article_publish(article=draft, by=editor))
    assert len(varnish.requests) == 1
    request = varnish.requests[0]
    assert request["method"] == "PURGE"
    assert varnish.purged_keys() == story_keys(draft, *newsroom)


@pytest.mark.parametrize("action", ["withdraw", "unpublish"])
def test_taking_a_story_down_purges_its_pages(varnish, committed, newsroom, editor, action):
    section, author, tag = newsroom
    live = make_article(section=section, authors=[author], tags=[tag])
    if action == "withdraw":
        committed(lambda: article_withdraw(article=live, by=editor, note="Legal"))
    else:
        committed(lambda: article_unpublish(article=live, by=editor))
    assert varnish.purged_keys() == story_keys(live, *newsroom)


def test_a_correction_or_an_edit_of_a_live_story_purges_it(varnish, committed, newsroom, editor):
    section, author, tag = newsroom
    live = make_article(section=section, authors=[author], tags=[tag])
    committed(lambda: correction_add(article=live, text="An earlier version misspelt the minister's name.", by=editor))
    assert f"story-{live.pk}" in varnish.purged_keys()
    varnish.requests.clear()
    live.headline = "A better headline"
    committed(lambda: article_save(article=live, by=editor))
    assert varnish.purged_keys() == story_keys(live, *newsroom, reordered=False) | {f"story-{live.pk}-headline"}
    varnish.requests.clear()
    live.dek = "A sharper dek"
    committed(lambda: article_save(article=live, by=editor))
    assert varnish.purged_keys() == story_keys(live, *newsroom, reordered=False), "other story pages print no dek"


def test_moving_a_story_purges_the_section_it_left(varnish, committed, newsroom, editor):
    section, author, tag = newsroom
    live = make_article(section=section, authors=[author], tags=[tag])
    elsewhere = make_section()
    live.section = elsewhere
    committed(lambda: article_save(article=live, by=editor))
    assert {f"section-{section.pk}-list", f"section-{elsewhere.pk}-list"} <= varnish.purged_keys()


def test_changes_in_one_transaction_are_purged_in_one_request(varnish, committed, newsroom, editor):
    section, author, tag = newsroom
    live = make_article(section=section, authors=[author], tags=[tag])

    def edit_and_correct():
        with transaction.atomic():
            live.headline = "Edited"
            article_save(article=live, by=editor)
            correction_add(article=live, text="A figure was wrong.", by=editor)
            article_withdraw(article=live, by=editor, note="Legal")

    committed(edit_and_correct)
    assert len(varnish.requests) == 1
    assert varnish.purged_keys() == story_keys(live, *newsroom)


def test_a_change_rolled_back_purges_nothing(varnish, committed):
    def rolled_back_then_another():
        try:
            with transaction.atomic():
                purging.purge_after_commit(["story-41"])
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        purging.purge_after_commit(["story-42"])

    committed(rolled_back_then_another)
    assert varnish.purged_keys() == {"story-42"}


def test_a_draft_saved_or_submitted_purges_nothing(varnish, committed, draft, editor):
    draft.headline = "Still a draft"
    committed(lambda: article_save(article=draft, by=editor))
    committed(lambda: article_submit(article=draft, by=editor))
    assert varnish.requests == []


def test_renaming_an_author_a_tag_or_a_section_purges_its_key(varnish, committed, newsroom):
    section, author, tag = newsroom
    for thing, key in ((author, f"author-{author.pk}"), (tag, f"tag-{tag.pk}"), (section, f"section-{section.pk}")):
        varnish.requests.clear()
        thing.name = f"{thing.name} (renamed)"
        committed(thing.save)
        assert key in varnish.purged_keys(), key
    assert "nav" in varnish.purged_keys(), "a section's name is in every page's navigation"


def test_correcting_a_dateline_purges_the_stories_printing_it(varnish, committed, client, newsroom):
    dateline = make_dateline(place="KYIV")
    story = make_article(section=newsroom[0], dateline=dateline)
    assert f"dateline-{dateline.pk}" in client.get(story.get_absolute_url())["xkey"].split()
    dateline.place = "KHARKIV"
    committed(dateline.save)
    assert f"dateline-{dateline.pk}" in varnish.purged_keys()


def test_deleting_a_live_story_or_a_tag_purges_their_pages(varnish, committed, newsroom):
    section, _, tag = newsroom
    story = make_article(section=section)
    story_pk, tag_pk = story.pk, tag.pk
    committed(story.delete)
    assert {f"story-{story_pk}", f"section-{section.pk}-list", "home"} <= varnish.purged_keys()
    varnish.requests.clear()
    committed(tag.delete)
    assert f"tag-{tag_pk}" in varnish.purged_keys()


def test_saving_an_author_unchanged_purges_nothing(varnish, committed, newsroom):
    committed(newsroom[1].save)
    assert varnish.requests == []


def test_restricting_a_photo_purges_the_pages_showing_it(varnish, committed, newsroom):
    photo = make_photo()
    make_article(section=newsroom[0], lead_photo=photo)
    photo.is_restricted = True
    committed(photo.save)
    assert {f"photo-{photo.pk}", "feeds", "api"} <= varnish.purged_keys()


def test_purging_is_off_by_default(settings, committed, draft, editor):
    with RecordingServer() as server:
        settings.NEWSROOM_PURGE_URLS = [server.url]
        assert settings.NEWSROOM_PURGE_BACKEND == ""
        committed(lambda: article_publish(article=draft, by=editor))
        assert server.requests == []


def test_nothing_is_purged_before_the_commit(varnish, django_capture_on_commit_callbacks, draft, editor):
    setattr(connection, purging.PENDING, None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_publish(article=draft, by=editor)
    assert varnish.requests == []
    for callback in callbacks:  # the commit
        callback()
    assert len(varnish.requests) == 1


# --- A purge never breaks the save ----------------------------------------------------------


def test_a_cache_that_refuses_the_purge_is_logged_and_the_story_is_still_published(
    settings, committed, draft, editor, caplog
):
    with RecordingServer(status=500) as server:
        settings.NEWSROOM_PURGE_BACKEND, settings.NEWSROOM_PURGE_URLS = "varnish", [server.url]
        settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS = 0
        with caplog.at_level(logging.ERROR, logger="articles.purging"):
            committed(lambda: article_publish(article=draft, by=editor))
    draft.refresh_from_db()
    assert draft.is_published()
    assert "failed" in caplog.text and "500" in caplog.text


def test_an_unreachable_cache_does_not_break_the_save(settings, committed, draft, editor, caplog):
    settings.NEWSROOM_PURGE_BACKEND, settings.NEWSROOM_PURGE_URLS = "varnish", ["http://127.0.0.1:9"]
    settings.NEWSROOM_FRONT_CACHE_STATE_SECONDS = 0
    with caplog.at_level(logging.ERROR, logger="articles.purging"):
        committed(lambda: article_publish(article=draft, by=editor))
    assert Status(type(draft).objects.get(pk=draft.pk).status) == Status.PUBLISHED
    assert "http://127.0.0.1:9" in caplog.text


def test_a_failed_purge_raises_for_the_worker_to_retry_with_backoff(settings):
    settings.NEWSROOM_PURGE_BACKEND, settings.NEWSROOM_PURGE_URLS = "varnish", ["http://127.0.0.1:9"]
    with pytest.raises(purging.PurgeFailed):
        purging.purge_keys.call(["home"])
    assert purging.purge_keys.func.retry_delays == purging.RETRY_DELAYS


def test_every_varnish_server_is_purged_even_when_one_fails(settings):
    with RecordingServer() as first, RecordingServer() as second:
        settings.NEWSROOM_PURGE_URLS = [first.url, "http://127.0.0.1:9", second.url]
        with pytest.raises(purging.PurgeFailed, match="127.0.0.1:9"):
            purging.purge_varnish(["story-1", "home"])
    assert first.purged_keys() == second.purged_keys() == {"story-1", "home"}


# --- Later changes: at their second, when the task backend can defer -------------------------


def test_scheduling_queues_a_purge_at_the_go_live_second(varnish, committed, draft, editor, deferring_backend):
    at = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    committed(lambda: article_schedule(article=draft, at=at, by=editor))
    queued = {result.task.run_after: result.args[0] for result in deferring_backend.results}
    assert set(queued) == {None, at}
    assert f"story-{draft.pk}" in queued[at] and "home" in queued[at]


def test_a_photo_licence_ending_queues_a_purge_then(varnish, committed, deferring_backend):
    photo = make_photo()
    ends = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    photo.expires_at = ends
    committed(photo.save)
    deferred = [r for r in deferring_backend.results if r.task.run_after == ends]
    assert deferred and f"photo-{photo.pk}" in deferred[0].args[0]


def test_without_a_deferring_backend_a_scheduled_story_is_purged_now_only(varnish, committed, draft, editor):
    at = timezone.now() + timedelta(hours=2)
    committed(lambda: article_schedule(article=draft, at=at, by=editor))
    assert len(varnish.requests) == 1  # the go-live is left to the pages' lifetimes (articles/caching.py)


# --- Request shapes of the CDN backends -------------------------------------------------------


def test_fastly_purges_by_surrogate_key_in_batches_of_256(settings, monkeypatch):
    with RecordingServer(body={"status": "ok"}) as fastly:
        monkeypatch.setattr(purging, "FASTLY_API", fastly.url)
        settings.NEWSROOM_FASTLY_SERVICE_ID, settings.NEWSROOM_FASTLY_API_TOKEN = "SU1Z0isxPaozGVKXdv0eY", "tok"
        keys = [f"story-{n}" for n in range(300)]
        purging.purge_fastly(keys)
    assert [r["path"] for r in fastly.requests] == ["/service/SU1Z0isxPaozGVKXdv0eY/purge"] * 2
    first = fastly.requests[0]
    assert first["method"] == "POST" and first["headers"]["fastly-key"] == "tok"
    assert first["headers"]["content-type"] == "application/json"
    assert fastly.json(0)["surrogate_keys"] + fastly.json(1)["surrogate_keys"] == keys
    assert len(fastly.json(0)["surrogate_keys"]) == 256


def test_fastly_refusing_raises_without_the_token(settings, monkeypatch):
    with RecordingServer(status=401, body={"msg": "Provided credentials are missing or invalid"}) as fastly:
        monkeypatch.setattr(purging, "FASTLY_API", fastly.url)
        settings.NEWSROOM_FASTLY_SERVICE_ID, settings.NEWSROOM_FASTLY_API_TOKEN = "svc", "secret-token"
        with pytest.raises(purging.PurgeFailed, match="401") as failure:
            purging.purge_fastly(["home"])
    assert "secret-token" not in str(failure.value)


def test_cloudflare_purges_by_cache_tag_in_batches_of_30(settings, monkeypatch):
    with RecordingServer(body={"success": True, "errors": [], "result": {"id": "x"}}) as cloudflare:
        monkeypatch.setattr(purging, "CLOUDFLARE_API", cloudflare.url)
        settings.NEWSROOM_CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
        settings.NEWSROOM_CLOUDFLARE_API_TOKEN = "cf"
        keys = [f"tag-{n}" for n in range(45)]
        purging.purge_cloudflare(keys)
    assert [r["path"] for r in cloudflare.requests] == ["/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"] * 2
    assert cloudflare.requests[0]["headers"]["authorization"] == "Bearer cf"
    assert cloudflare.json(0) == {"tags": keys[:30]} and cloudflare.json(1) == {"tags": keys[30:]}


def test_cloudflare_answering_success_false_is_a_failure(settings, monkeypatch):
    with RecordingServer(body={"success": False, "errors": [{"code": 1134, "message": "No tags"}]}) as cloudflare:
        monkeypatch.setattr(purging, "CLOUDFLARE_API", cloudflare.url)
        settings.NEWSROOM_CLOUDFLARE_ZONE_ID, settings.NEWSROOM_CLOUDFLARE_API_TOKEN = "zone", "cf"
        with pytest.raises(purging.PurgeFailed, match="1134"):
            purging.purge_cloudflare(["home"])


def test_cloudfront_invalidates_the_paths_the_keys_stand_for(settings, monkeypatch, newsroom):
    import boto3

    section, author, tag = newsroom
    story = make_article(section=section, authors=[author])
    client = boto3.client("cloudfront", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    expected_paths = sorted({
        story.get_absolute_url(), "/", "/feeds/*", f"/{section.slug}/*", f"/feeds/{section.slug}/*",
        f"/api/v1/articles/{story.pk}/", f"/api/v2/articles/{story.pk}/",
        f"/authors/{author.slug}/*", f"/feeds/authors/{author.slug}/*",
    })
    with Stubber(client) as stubber:
        stubber.add_response(
            "create_invalidation",
            {"Location": "x", "Invalidation": {
                "Id": "I1", "Status": "InProgress", "CreateTime": timezone.now(),
                "InvalidationBatch": {"Paths": {"Quantity": 1, "Items": ["/"]}, "CallerReference": "r"},
            }},
            {
                "DistributionId": "E2QWRUHEXAMPLE",
                "InvalidationBatch": {
                    "Paths": {"Quantity": len(expected_paths), "Items": expected_paths}, "CallerReference": ANY,
                },
            },
        )
        monkeypatch.setattr(boto3, "client", lambda name, **kwargs: client)
        settings.NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID = "E2QWRUHEXAMPLE"
        purging.purge_cloudfront(
            [f"story-{story.pk}", f"section-{section.pk}", f"author-{author.pk}", "home", "feeds"]
        )
        stubber.assert_no_pending_responses()


def test_cloudfront_has_no_tags_so_a_navigation_change_invalidates_everything():
    assert purging.cloudfront_paths(["nav", "section-1", "home"]) == ["/*"]


def test_cloudfront_maps_a_photo_to_the_stories_leading_with_it(newsroom):
    photo = make_photo()
    story = make_article(section=newsroom[0], lead_photo=photo)
    portrait_of = make_author(portrait=photo)
    assert purging.cloudfront_paths([f"photo-{photo.pk}", "api"]) == sorted(
        {story.get_absolute_url(), f"{portrait_of.get_absolute_url()}*", "/api/*"}
    )


def test_cloudfront_invalidates_a_live_storys_poll_and_feed_with_its_page(newsroom):
    story = make_article(section=newsroom[0], coverage="live")
    assert purging.cloudfront_paths([f"story-{story.pk}", "api"]) == sorted(
        {story.get_absolute_url(), f"{story.get_absolute_url()}live/*", "/api/*"}
    )


def test_an_unknown_backend_name_is_refused_at_start(monkeypatch):
    import importlib

    import newsroom.settings

    monkeypatch.setenv("NEWSROOM_PURGE_BACKEND", "akamai")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_PURGE_BACKEND"):
        importlib.reload(newsroom.settings)
    monkeypatch.delenv("NEWSROOM_PURGE_BACKEND")
    importlib.reload(newsroom.settings)


def test_the_varnish_purge_names_the_keys_in_one_header(varnish):
    purging.purge_keys.call(["story-7", "home"])
    assert varnish.requests[0]["method"] == "PURGE"
    assert varnish.requests[0]["headers"]["xkey-purge"] == "home story-7"


def test_the_purge_keys_command_purges_now_and_says_so(varnish):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("purge_keys", "story-12", "home", stdout=out)
    assert varnish.purged_keys() == {"story-12", "home"}
    assert "Purged 2 key(s) through varnish" in out.getvalue()


def test_the_purge_keys_command_fails_loudly(settings):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="NEWSROOM_PURGE_BACKEND"):
        call_command("purge_keys", "home")
    settings.NEWSROOM_PURGE_BACKEND, settings.NEWSROOM_PURGE_URLS = "varnish", ["http://127.0.0.1:9"]
    with pytest.raises(CommandError, match="Purge failed"):
        call_command("purge_keys", "home")


def test_a_live_update_purges_its_story_pages_and_the_poll_carries_the_key(varnish, committed, newsroom, editor,
                                                                          client):
    from articles.services.live import article_start_coverage, live_update_create, live_update_pin

    section, author, tag = newsroom
    story = make_article(section=section, authors=[author], tags=[tag])
    committed(lambda: article_start_coverage(article=story, by=editor))
    assert f"section-{section.pk}-list" in varnish.purged_keys()  # its card on the fronts now says "Live"
    varnish.requests.clear()
    update = committed(lambda: live_update_create(article=story, body="<p>Now.</p>", by=editor))
    assert varnish.purged_keys() == {f"story-{story.pk}"}
    varnish.requests.clear()
    committed(lambda: live_update_pin(update=update, by=editor))
    assert varnish.purged_keys() == {f"story-{story.pk}"}
    poll = client.get(story.get_absolute_url() + "live/")
    assert f"story-{story.pk}" in poll["Surrogate-Key"].split()
    feed = client.get(story.get_absolute_url() + "live/rss/")
    assert f"story-{story.pk}" in feed["Surrogate-Key"].split()
