"""Wire copy and the desk's decisions: a withdrawal stands, an embargo holds."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleTransition, Status
from articles.services import publishing
from articles.services.wire import wire_import_bytes
from tests.factories import make_editor, make_reporter, make_section
from tests.test_wire_import import run, wire_item

pytestmark = pytest.mark.django_db


def test_a_new_wire_version_of_a_story_an_editor_withdrew_leaves_it_withdrawn(client, tmp_path):
    make_section(slug="world")
    assert run(wire_item(tmp_path), "--section", "world", "--publish")[0]
    story = Article.objects.get()
    publishing.article_withdraw(article=story, note="Legal: injunction.", by=make_editor())
    run(wire_item(tmp_path, version="2", headlines=[{"role": "main", "value": "Updated headline"}]),
        "--section", "world", "--publish")
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and story.headline != "Updated headline"
    assert client.get(story.get_absolute_url()).status_code == 410
    assert ArticleTransition.objects.get(article=story, to_status=Status.WITHDRAWN).note == "Legal: injunction."



def test_a_wire_embargo_holds_the_story_even_if_an_editor_presses_publish_early(tmp_path):
    make_section(slug="world")
    embargo = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    assert run(wire_item(tmp_path, embargoed=embargo.isoformat()), "--section", "world")[0]
    story = Article.objects.get()
    assert story.status == Status.DRAFT and story.embargo_until == embargo
    publishing.article_publish(article=story, by=make_editor())
    story.refresh_from_db()
    assert story.is_scheduled() and story.goes_live_at == embargo
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_a_reporters_wire_upload_cannot_rewrite_a_live_story_or_take_it_down(client):
    section = make_section(slug="world")
    editor = make_editor()
    item = {"uri": "urn:wire:9", "version": "1", "type": "text", "headlines": [{"value": "Grain deal extended"}],
            "bodies": [{"value": "<p>Russia agreed.</p>"}]}
    wire_import_bytes(json.dumps(item).encode(), source="a.json", base_dir=None, section=section, publish=True,
                      by=editor)
    story = Article.objects.get()
    assert story.is_published()
    reporter = make_reporter()
    for change in ({"version": "2", "headlines": [{"value": "Rewritten"}]}, {"version": "3", "pubstatus": "canceled"}):
        [report] = wire_import_bytes(json.dumps({**item, **change}).encode(), source="b.json", base_dir=None,
                                     section=section, publish=False, by=reporter)
        assert report.refused and "may not change \u201cGrain deal extended\u201d" in str(report)
    story.refresh_from_db()
    assert story.headline == "Grain deal extended" and story.is_published()
