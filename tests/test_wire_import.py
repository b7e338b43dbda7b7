"""Wire copy in: `manage.py import_ninjs` as the desk uses it."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article, Author, Origin, Status
from tests.clock import clock_at
from tests.helpers import run_import_ninjs as run

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "ninjs_examples" / "2.2"


def wire_item(tmp_path, name="item.json", **changes):
    item = {
        "uri": "urn:example:wire:1",
        "type": "text",
        "version": "1",
        "versioncreated": "2025-07-04T17:43:00Z",
        "by": "By Simon Corlett and Ana Ruiz",
        "headlines": [{"role": "main", "value": "Russia and Ukraine extend grain deal"}],
        "descriptions": [{"role": "summary", "value": "Talks ended late on Friday."}],
        "bodies": [{"role": "main", "contenttype": "text/html",
                    "value": "<p>MOSCOW, July 4 (UPI) -- Russia has agreed to extend the deal.</p><p>More.</p>"}],
        "subjects": [{"name": "Grain"}],
    }
    item.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(item))
    return path


def test_a_wire_story_prints_its_dateline_once_in_our_style(client, tmp_path, world):
    ok, out = run(wire_item(tmp_path), "--publish")
    assert ok, out
    story = Article.objects.get(source_uri="urn:example:wire:1")
    assert (story.origin, story.section, story.dateline.place, story.dateline_source) == (
        Origin.WIRE, world, "MOSCOW", "UPI",
    )
    assert [b.author.name for b in story.bylines.all()] == ["Simon Corlett", "Ana Ruiz"]
    assert [t.name for t in story.tags.all()] == ["Grain"] and story.dek == "Talks ended late on Friday."
    html = client.get(story.get_absolute_url()).content.decode()
    body = html[html.index('<div class="story-body">'):html.index("</article>")]
    assert body.count("(UPI) --") == 1, "the wire's own dateline is replaced, not repeated"
    assert "(UPI) --</span> Russia has agreed to extend the deal.</p>" in html


def test_the_shared_ninjs_examples_import_or_are_refused_with_a_reason(tmp_path, world):
    ok, out = run(EXAMPLES / "004_simple_text_article.json", "--publish")
    assert ok, out
    story = Article.objects.get()
    assert story.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert [b.author.name for b in story.bylines.all()] == ["Paulo Santalucia", "Frances d'Emilio"]
    assert story.dateline_source == "AP" and story.is_published()
    ok, out = run(EXAMPLES / "006_photo_only.json")
    assert not ok and "import it with --photos" in out


def test_reimporting_the_same_version_changes_nothing_and_a_new_version_updates(client, tmp_path, world):
    run(wire_item(tmp_path), "--publish")
    ok, out = run(wire_item(tmp_path))
    assert ok and "unchanged" in out and Article.objects.count() == 1
    run(wire_item(tmp_path, version="2", headlines=[{"role": "main", "value": "Grain deal extended to 2026"}]))
    story = Article.objects.get()
    assert story.headline == "Grain deal extended to 2026" and story.is_update_shown and story.is_published()
    assert Author.objects.filter(name="Simon Corlett").count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"uri": "urn:x", "type": "text",', "not valid JSON (line 1, column"),
        ('{"type": "banana"}', "it has neither a uri nor a guid to identify it, so a later version could not find it; "
                               "also not valid ninjs 2.2: type: 'banana' is not one of"),
        ('{"uri": "urn:nobody", "headlines": [{"value": "No body"}]}', "it has no body"),
    ],
)
def test_bad_files_are_refused_with_a_clear_reason(tmp_path, world, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    ok, out = run(path, "--publish")
    assert not ok and message in out and str(path) in out
    assert Article.objects.count() == 0, "nothing half-imported"


def test_an_embargoed_item_is_scheduled_for_its_embargo(client, tmp_path, world):
    embargo = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    run(wire_item(tmp_path, embargoed=embargo.isoformat()), "--publish")
    story = Article.objects.get()
    assert story.is_scheduled() and story.embargo_until == embargo
    assert client.get(story.get_absolute_url()).status_code == 404
    with clock_at(embargo + timedelta(seconds=1)):
        assert client.get(story.get_absolute_url()).status_code == 200


def test_a_canceled_item_takes_the_story_down(client, tmp_path, world):
    run(wire_item(tmp_path), "--publish")
    story = Article.objects.get()
    run(wire_item(tmp_path, version="2", pubstatus="canceled"))
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and client.get(story.get_absolute_url()).status_code == 410


def test_without_publish_wire_stories_wait_as_drafts_and_plain_text_is_escaped(tmp_path, world):
    run(wire_item(tmp_path, bodies=[{"role": "main", "contenttype": "text/plain",
                                     "value": "First <script>alert(1)</script> para.\n\nSecond para."}]))
    story = Article.objects.get()
    assert story.status == Status.DRAFT
    assert story.body == "<p>First &lt;script&gt;alert(1)&lt;/script&gt; para.</p><p>Second para.</p>"


def test_an_unknown_section_is_a_clear_error(tmp_path, world):
    ok, out = run(wire_item(tmp_path), "--section", "nope")
    assert not ok and "No section with the slug “nope”" in out
