"""Wire copy changes stories only through the editing and workflow services: rights checked, revisions recorded."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Article, PendingWireUpdate, Status
from articles.services.wire import pending_wire_update_apply, wire_import_bytes
from tests.factories import make_editor, make_reporter
from tests.test_wire_admin import URL, text_item, upload
from tests.test_wire_import import run, wire_item

pytestmark = pytest.mark.django_db

PENDING_LIST = "/admin/articles/pendingwireupdate/"


def import_as(user, item, *, section, publish=False):
    return wire_import_bytes(json.dumps(item).encode(), source="a.json", base_dir=None, section=section,
                             publish=publish, by=user)


def live_story_with_a_pending_update(client, section):
    """A live wire story the desk has edited, and the wire's version 2 waiting for an editor."""
    client.force_login(make_editor())
    client.post(URL, {"section": section.pk, "publish": "on", "files": [upload("a.json", text_item())]})
    story = Article.objects.get()
    story.headline = "Desk's headline"
    story.save()
    client.post(URL, {"section": section.pk, "files": [upload("a.json", text_item(version="2", headline="Wire v2"))]})
    return story, PendingWireUpdate.objects.open().get()


def test_a_wire_update_of_a_live_story_is_a_revision_saved_by_the_system(tmp_path, world):
    assert run(wire_item(tmp_path), "--section", "world", "--publish")[0]
    story = Article.objects.get()
    versions = story.revisions.count()
    ok, out = run(wire_item(tmp_path, version="2", versioncreated="2025-07-04T19:05:00Z",
                            headlines=[{"role": "main", "value": "Grain deal extended to 2026"}]), "--section", "world")
    assert ok and "updated" in out, out
    story.refresh_from_db()
    assert story.revisions.count() == versions + 1
    revision = story.revisions.latest("version")
    assert revision.saved_by is None and revision.note == "From the wire: urn:example:wire:1, version 2"
    assert revision.snapshot["headline"] == "Grain deal extended to 2026"
    # A substantive update of a live story prints "Updated" at the wire's own time.
    assert story.is_update_shown and story.revised_at == datetime(2025, 7, 4, 19, 5, tzinfo=UTC)


def test_a_wire_update_imported_by_an_editor_is_their_revision(client, world):
    editor = make_editor()
    client.force_login(editor)
    client.post(URL, {"section": world.pk, "publish": "on", "files": [upload("a.json", text_item())]})
    client.post(URL, {"section": world.pk, "files": [upload("a.json", text_item(version="2", headline="Wire v2"))]})
    story = Article.objects.get()
    assert story.headline == "Wire v2" and story.is_published() and story.is_update_shown
    revision = story.revisions.latest("version")
    assert revision.saved_by == editor and revision.note == "From the wire: urn:wire:1, version 2"


def test_an_editor_applying_a_pending_update_is_recorded_as_theirs(client, world):
    story, update = live_story_with_a_pending_update(client, world)
    editor = make_editor()
    pending_wire_update_apply(update=update, by=editor)
    story.refresh_from_db()
    assert story.headline == "Wire v2"
    assert story.revisions.latest("version").saved_by == editor
    update.refresh_from_db()
    assert update.resolution == PendingWireUpdate.Resolution.APPLIED and update.resolved_by == editor


def test_a_reporter_cannot_apply_a_wire_update_to_a_live_story(client, world):
    story, update = live_story_with_a_pending_update(client, world)
    versions = story.revisions.count()
    reporter = make_reporter(username="rita")
    with pytest.raises(PermissionDenied, match="rita may not change “Desk's headline”: it is published"):
        pending_wire_update_apply(update=update, by=reporter)
    story.refresh_from_db()
    assert story.headline == "Desk's headline" and story.revisions.count() == versions
    assert PendingWireUpdate.objects.open().get() == update


def test_the_apply_action_tells_a_reporter_why_and_changes_nothing(client, world):
    story, update = live_story_with_a_pending_update(client, world)
    reporter = make_reporter(username="rita")
    # Even a reporter someone let into the wire updates cannot put wire copy over a live story.
    reporter.user_permissions.add(*Permission.objects.filter(
        codename__in=["change_pendingwireupdate", "view_pendingwireupdate"]))
    client.force_login(reporter)
    response = client.post(PENDING_LIST, {"action": "apply_updates", "_selected_action": [update.pk]}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wire version 2 was not applied: rita may not change" in html and "reporters change only drafts" in html
    story.refresh_from_db()
    assert story.headline == "Desk's headline" and PendingWireUpdate.objects.open().get() == update


def test_a_reporters_import_is_a_draft_they_own_and_their_revision(client, world):
    reporter = make_reporter()
    client.force_login(reporter)
    client.post(URL, {"section": world.pk, "files": [upload("a.json", text_item())]})
    story = Article.objects.get()
    assert story.status == Status.DRAFT and story.created_by == reporter
    assert story.revisions.get().saved_by == reporter
    assert [b.author.name for b in story.bylines.all()] == ["Ana Ruiz"]


def test_the_service_refuses_a_reporters_publish_even_past_the_form(world):
    """The form already refuses; the service is the backstop, and the item is not half-imported."""
    [report] = import_as(make_reporter(username="rita"), text_item(), section=world, publish=True)
    assert report.refused and "rita may not publish this story" in str(report)
    assert not Article.objects.exists()


def test_a_reporters_import_keeps_the_wires_embargo(world):
    embargo = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    reporter = make_reporter()
    [report] = import_as(reporter, {**text_item(), "embargoed": embargo.isoformat()}, section=world)
    assert not report.refused, str(report)
    story = Article.objects.get()
    assert story.embargo_until == embargo and story.created_by == reporter
    # The embargo is the wire's rule, set by the system, not a decision of the reporter's.
    assert [r.saved_by for r in story.revisions.order_by("version")] == [reporter, None]


def test_a_reporter_cannot_import_a_new_version_over_a_live_story(client, world):
    client.force_login(make_editor())
    client.post(URL, {"section": world.pk, "publish": "on", "files": [upload("a.json", text_item())]})
    [report] = import_as(make_reporter(username="rita"), text_item(version="2", headline="Wire v2"), section=world)
    assert report.refused and "rita may not change “Grain deal extended”" in str(report)
    story = Article.objects.get()
    assert story.headline == "Grain deal extended" and story.wire_story.version == "1"


def test_a_reporter_cannot_withdraw_a_live_story_by_importing_a_cancellation(client, world):
    client.force_login(make_editor())
    client.post(URL, {"section": world.pk, "publish": "on", "files": [upload("a.json", text_item())]})
    [report] = import_as(make_reporter(username="rita"), {**text_item(version="2"), "pubstatus": "canceled"},
                         section=world)
    assert report.refused and "rita may not change “Grain deal extended”" in str(report)
    assert Article.objects.get().is_published()
