"""Wire copy in, as agencies send it: every ninjs version, bad input, versions, the wire's own times."""

import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Author, PendingWireUpdate, Status
from articles.ninjs import byline_names, ninjs_errors, ninjs_refusal, ninjs_version, split_dateline
from articles.services.wire import pending_wire_update_apply
from tests.factories import make_author
from tests.helpers import run_import_ninjs as run

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "ninjs_examples"
ALL_EXAMPLES = sorted(EXAMPLES.glob("*/*.json"))


def write(tmp_path, content, name="item.json"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def item(**changes):
    data = {
        "uri": "urn:example:wire:7",
        "type": "text",
        "version": "1",
        "firstcreated": "2025-07-04T17:43:00Z",
        "versioncreated": "2025-07-04T17:43:00Z",
        "by": "By John Q. Public and Ana Ruiz",
        "headlines": [{"role": "main", "value": "Grain deal extended"}],
        "bodies": [{"role": "main", "contenttype": "text/html",
                    "value": "<p>LONDON, July 4 (Reuters) - Russia agreed to extend the deal.</p><p>More.</p>"}],
    }
    data.update(changes)
    return data


def test_the_three_example_sets_are_all_copied():
    assert {path.parent.name for path in ALL_EXAMPLES} == {"1.6", "2.2", "3.1"} and len(ALL_EXAMPLES) == 21


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_iptc_example_imports_or_is_refused_with_a_reason(world, path):
    ok, out = run(path, "--publish")
    lines = [line for line in out.splitlines() if line.startswith(str(path))]
    assert len(lines) == 1, out  # one line for the one item
    line = lines[0]
    assert "Traceback" not in out
    if ok:
        assert any(word in line for word in ("created", "photo")), line
    else:
        assert "refused:" in line and len(line.split("refused:", 1)[1].strip()) > 10, line


@pytest.mark.parametrize("version", ["1.6", "2.2", "3.1"])
def test_the_simple_text_article_reads_the_same_in_every_version(world, version):
    ok, out = run(EXAMPLES / version / "004_simple_text_article.json", "--publish")
    assert ok, out
    story = Article.objects.get()
    assert story.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert [b.author.name for b in story.bylines.all()] == ["Paulo Santalucia", "Frances d'Emilio"]
    assert (story.dateline.place, story.dateline_source) == ("GROSSETO, Italy", "AP")
    assert not story.body.startswith("<p>GROSSETO") and "(AP)" not in story.body
    assert story.published_at == datetime(2013, 7, 9, 10, 37, tzinfo=UTC), "the wire's time, not the import's"


def test_versions_are_detected_from_schema_or_field_names():
    assert ninjs_version({"uri": "x", "versionCreated": "2025-01-01T00:00:00Z"}) == "3.1"
    assert ninjs_version({"uri": "x", "headline_main": "H"}) == "1.6"
    assert ninjs_version({"uri": "x", "headlines": []}) == "2.2"
    assert ninjs_version({"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json", "uri": "x"}) == "2.1"
    assert ninjs_version({"uri": "x", "standard": {"name": "ninjs", "version": "3.0"}}) == "3.0"


def test_a_3x_item_with_camel_case_names_and_extra_fields_imports(tmp_path, world):
    data = {
        "uri": "urn:agency:3", "type": "text", "version": "4", "versionCreated": "2025-07-04T17:43:00Z",
        "firstCreated": "2025-07-04T15:00:00Z", "pubStatus": "usable", "by": "BY JANE DOE, AP Science Writer",
        "located": "Nairobi, Kenya",
        "headlines": [{"role": "main", "contentType": "text/plain", "value": "Rains return"}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": "First line.\nSecond line."}],
        "agencyExtension": {"anything": [1, 2, 3]},
    }
    ok, out = run(write(tmp_path, data), "--publish")
    assert ok, out
    story = Article.objects.get()
    assert [b.author.name for b in story.bylines.all()] == ["Jane Doe"]
    assert story.dateline.place == "NAIROBI, Kenya" and story.body == "<p>First line.</p><p>Second line.</p>"
    assert story.published_at == datetime(2025, 7, 4, 15, 0, tzinfo=UTC)


def test_an_agency_2x_item_with_body_html_and_a_numeric_version_imports(tmp_path, world):
    data = {"uri": "urn:ap:1", "version": 3, "type": "text", "headline": "Storm hits coast",
            "body_html": "<p>MIAMI (AP) — The storm arrived.</p>", "body_text": "ignored", "headlines": []}
    ok, out = run(write(tmp_path, data), "--publish")
    assert ok, out
    story = Article.objects.get()
    assert (story.headline, story.dateline.place, story.dateline_source) == ("Storm hits coast", "MIAMI", "AP")
    assert story.body == "<p>The storm arrived.</p>" and story.source_version == "3"


def test_the_geojson_reference_resolves_offline(monkeypatch):
    """Regression: a valid item with GeoJSON crashed with `Unresolvable: https://geojson.org/schema/GeoJSON.json#`."""
    def no_network(*args, **kwargs):
        raise AssertionError("validation tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    geo = {"type": "Point", "coordinates": [10.9, 42.8]}
    valid = {"uri": "urn:geo", "places": [{"name": "Giglio", "geojson": geo}]}
    assert ninjs_errors(valid, "2.1") == [] and ninjs_refusal(valid) is None
    assert ninjs_errors({"uri": "urn:geo", "places": [{"name": "x", "geojson": {"type": "Point"}}]}, "2.2")
    assert ninjs_errors({"uri": "urn:geo", "places": [{"name": "x", "geoJSON": geo}]}, "3.1") == []


def test_a_schema_refusal_lists_the_first_problems_with_their_paths(tmp_path, world):
    bad = item(headlines="Not a list", urgency="high", subjects=[{"name": 5}], version=None, pubstatus="maybe")
    ok, out = run(write(tmp_path, bad))
    assert not ok
    assert "refused: not valid ninjs 2.2:" in out
    assert "headlines: 'Not a list' is not of type 'array'" in out and "subjects/0/name: 5 is not of type" in out


FUZZ = [
    b"",
    b"   \n",
    b'{"uri": "urn:x", "type": "text",',
    b"\xff\xd8\xff\xe0 binary \x00\x01",
    b"[]",
    b"[1, 2, 3]",
    b'"just a string"',
    b"null",
    b'{"uri": "urn:x", "version": ' + b"9" * 5000 + b"}",
    b'{"uri": "urn:x", "urgency": 1e999}',
    b"[" * 100000 + b"]" * 100000,
    json.dumps({"uri": "urn:x", "associations": [{"name": "a", "uri": "b"}] * 3, "x": [[[[[[[[[[[]]]]]]]]]]]}).encode(),
    json.dumps({"uri": "urn:deep", "headlines": [{"value": "Deep"}], "bodies": [{"value": "Deep."}],
                "extra": json.loads("[" * 500 + "]" * 500)}).encode(),
    json.dumps({"uri": ["not", "a", "string"], "headlines": {"value": 1}, "bodies": None, "by": 42,
                "renditions": "none", "associations": 7, "firstcreated": 3}).encode(),
    json.dumps({"uri": "urn:x", "headlines": [{"value": "H"}], "bodies": [{"value": "B"}],
                "versioncreated": "yesterday"}).encode(),
    json.dumps({"uri": "urn:x", "headlines": [{"value": "H"}], "bodies": [{"value": "B"}],
                "associations": [{"name": "p", "uri": "u", "type": "picture",
                                  "renditions": [{"name": "r", "href": "nope://x", "width": -5}]}]}).encode(),
    json.dumps({"uri": "urn:x", "body_html": 5, "headline": ["x"], "byline": {}, "renditions": {"a": 1}}).encode(),
]


@pytest.mark.parametrize("content", FUZZ, ids=range(len(FUZZ)))
def test_no_input_ends_in_a_traceback(tmp_path, world, content):
    path = write(tmp_path, content, name="fuzz.json")
    ok, out = run(path, "--publish", "--photos")
    assert "Traceback" not in out and "could not be imported (" not in out, out
    for line in out.splitlines()[:-1]:
        assert line.startswith(str(path)), line
    assert ok or "refused" in out


def test_one_bad_item_does_not_sink_the_others_and_every_item_is_reported(tmp_path, world):
    good = item(uri="urn:good")
    items = [good, {"uri": 5}, item(uri="urn:nohead", headlines=[])]
    ok, out = run(write(tmp_path, items))
    assert not ok
    assert f"{tmp_path / 'item.json'} [item 1 urn:good]: created" in out
    assert "[item 2]: refused: not valid ninjs 2.2: uri: 5 is not of type 'string'" in out
    assert "[item 3 urn:nohead]: refused: it has no headline" in out
    assert list(Article.objects.values_list("source_uri", flat=True)) == ["urn:good"]
    assert "1 created; 2 refused." in out


def test_reimporting_changes_nothing_and_an_older_version_is_ignored(tmp_path, world):
    run(write(tmp_path, item(version="3")), "--publish")
    story = Article.objects.get()
    revisions = story.revisions.count()
    ok, out = run(write(tmp_path, item(version="3")))
    assert ok and "unchanged" in out and "version 3 is not newer than 3" in out
    ok, out = run(write(tmp_path, item(version="2", headlines=[{"value": "Older headline"}])))
    assert ok and "unchanged" in out and "version 2 is not newer than 3" in out
    story.refresh_from_db()
    assert story.headline == "Grain deal extended" and story.revisions.count() == revisions
    assert Article.objects.count() == 1 and Author.objects.count() == 2


def test_a_newer_version_updates_and_prints_the_wire_update_time(tmp_path, world):
    run(write(tmp_path, item()), "--publish")
    later = "2025-07-04T19:05:00Z"
    ok, out = run(write(tmp_path, item(version="2", versioncreated=later,
                                       headlines=[{"role": "main", "value": "Grain deal extended to 2026"}])))
    assert ok and "updated" in out, out
    story = Article.objects.get()
    assert story.headline == "Grain deal extended to 2026"
    assert story.is_update_shown and story.revised_at == datetime(2025, 7, 4, 19, 5, tzinfo=UTC)
    assert story.published_at == datetime(2025, 7, 4, 17, 43, tzinfo=UTC)


def test_versions_without_numbers_compare_by_versioncreated(tmp_path, world):
    run(write(tmp_path, item(version="abc", versioncreated="2025-07-04T17:43:00Z")), "--publish")
    ok, out = run(write(tmp_path, item(version="abd", versioncreated="2025-07-04T16:00:00Z",
                                       headlines=[{"value": "Stale"}])))
    assert "unchanged" in out and Article.objects.get().headline == "Grain deal extended"


def test_a_withdrawn_story_is_not_resurrected(client, tmp_path, world):
    run(write(tmp_path, item()), "--publish")
    ok, out = run(write(tmp_path, item(version="2", pubstatus="canceled")))
    assert "withdrawn" in out
    story = Article.objects.get()
    assert story.status == Status.WITHDRAWN
    ok, out = run(write(tmp_path, item(version="3", headlines=[{"value": "Back again"}])), "--publish")
    assert ok and "unchanged" in out and "withdrawn" in out
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and story.headline == "Grain deal extended"
    assert client.get(story.get_absolute_url()).status_code == 410


def test_a_withheld_item_we_never_had_is_skipped(tmp_path, world):
    ok, out = run(write(tmp_path, item(pubstatus="withheld")))
    assert ok and "skipped" in out and Article.objects.count() == 0


def test_a_desk_edited_story_gets_a_pending_update_instead_of_being_overwritten(tmp_path, world):
    run(write(tmp_path, item()), "--publish")
    story = Article.objects.get()
    story.body = "<p>The desk rewrote this.</p>"
    story.save()
    ok, out = run(write(tmp_path, item(version="2", headlines=[{"value": "Wire's new headline"}])))
    assert ok and "kept for review" in out, out
    story.refresh_from_db()
    assert story.body == "<p>The desk rewrote this.</p>" and story.headline == "Grain deal extended"
    pending = PendingWireUpdate.objects.open().get()
    assert (pending.article, pending.version, pending.headline) == (story, "2", "Wire's new headline")
    run(write(tmp_path, item(version="2", headlines=[{"value": "Wire's new headline"}])))
    assert PendingWireUpdate.objects.count() == 1, "the same version is kept once"
    run(write(tmp_path, item(version="3", headlines=[{"value": "Wire's third headline"}])))
    assert PendingWireUpdate.objects.open().get().version == "3", "only the newest waits"
    pending.refresh_from_db()
    assert pending.resolution == PendingWireUpdate.Resolution.SUPERSEDED
    pending = PendingWireUpdate.objects.open().get()

    pending_wire_update_apply(update=pending)
    story.refresh_from_db()
    assert story.headline == "Wire's third headline" and not PendingWireUpdate.objects.open().exists()


def test_an_archive_import_keeps_its_dates(client, tmp_path, world):
    ok, out = run(write(tmp_path, item(firstcreated="2025-07-04T17:43:00Z")), "--publish")
    story = Article.objects.get()
    assert story.published_at == story.first_published_at == datetime(2025, 7, 4, 17, 43, tzinfo=UTC)
    assert "/2025/07/04/" in story.get_absolute_url()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_future_wire_time_publishes_now_and_an_embargo_is_a_floor(client, tmp_path, world):
    embargo = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    run(write(tmp_path, item(embargoed=embargo.isoformat())), "--publish")
    story = Article.objects.get()
    # The embargo is a floor: the wire's earlier firstcreated gives way to the embargo's end.
    assert story.embargo_until == embargo and story.published_at == embargo
    assert not story.is_published() and client.get(story.get_absolute_url()).status_code == 404
    future = (timezone.now() + timedelta(days=1)).isoformat()
    run(write(tmp_path, item(uri="urn:future", firstcreated=future, versioncreated=future)), "--publish")
    assert Article.objects.get(source_uri="urn:future").published_at <= timezone.now()


def test_bylines_split_on_commas_and_and_only_keeping_initials(world):
    assert byline_names("By John Q. Public and Ana Ruiz") == ["John Q. Public", "Ana Ruiz"]
    assert byline_names("By A. B. Smith, Jo Lee and Kim Ng") == ["A. B. Smith", "Jo Lee", "Kim Ng"]
    assert byline_names("Paulo Santalucia and Frances d'Emilio") == ["Paulo Santalucia", "Frances d'Emilio"]
    assert byline_names("By SETH BORENSTEIN, AP Science Writer") == ["Seth Borenstein"]
    assert byline_names("") == [] and byline_names(None) == []


def test_byline_authors_match_existing_ones_case_insensitively(tmp_path, world):
    existing = make_author(name="Ana Ruiz", slug="ana-ruiz")
    run(write(tmp_path, item(by="By john q. public and ANA RUIZ")), "--publish")
    authors = [b.author for b in Article.objects.get().bylines.all()]
    assert authors[1] == existing and authors[0].name == "john q. public" and Author.objects.count() == 2


@pytest.mark.parametrize(
    "body, place, source, rest",
    [
        ("<p>GROSSETO, Italy (AP) -- The trial.</p>", "GROSSETO, Italy", "AP", "<p>The trial.</p>"),
        ("<p>MOSCOW, July 4 (UPI) -- Russia.</p>", "MOSCOW", "UPI", "<p>Russia.</p>"),
        ("<p>LONDON, July 4 (Reuters) - Shares fell.</p>", "LONDON", "Reuters", "<p>Shares fell.</p>"),
        ("<p>WASHINGTON (AP) — The Senate.</p>", "WASHINGTON", "AP", "<p>The Senate.</p>"),
        ("<p>July 4 (UPI) -- No place.</p>", "", "UPI", "<p>No place.</p>"),
        ("<p>Nothing (here) -- at all.</p>", "", "", "<p>Nothing (here) -- at all.</p>"),
    ],
)
def test_wire_datelines_in_agency_styles_leave_the_body(body, place, source, rest):
    assert split_dateline(body) == (place, source, rest)


def test_a_missing_file_is_one_refused_line(tmp_path, world):
    ok, out = run(tmp_path / "nope.json")
    assert not ok and f"{tmp_path / 'nope.json'}: refused: cannot be read" in out


def test_a_wire_item_is_read_without_the_network(tmp_path, world):
    with mock.patch.object(socket, "create_connection", side_effect=AssertionError("network")):
        ok, out = run(EXAMPLES / "3.1" / "005_complex_text_article.json")
    assert ok, out


def test_agency_habits_are_forgiven(tmp_path, world):
    """Capitalised enums, a string urgency and an AP-style `bylines` list still import."""
    data = {"uri": "urn:ap:9", "type": "Text", "pubstatus": "Usable", "urgency": "3", "headline": "Quake",
            "bylines": [{"by": "By JANE DOE", "title": "Associated Press"}, {"by": "By Kim Ng"}],
            "body_html": "<p>TOKYO (AP) — The ground shook.</p>"}
    ok, out = run(write(tmp_path, data))
    assert ok, out
    assert [b.author.name for b in Article.objects.get().bylines.all()] == ["Jane Doe", "Kim Ng"]


def test_a_story_the_models_rules_refuse_is_one_line_with_their_reason(tmp_path, world, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ValidationError("Section: this section is closed.")

    monkeypatch.setattr(Article, "full_clean", refuse)
    ok, out = run(write(tmp_path, item()))
    assert not ok and "[item urn:example:wire:7]: refused: Section: this section is closed." in out
    assert Article.objects.count() == 0


def test_each_wire_import_is_a_revision_that_says_where_it_came_from(tmp_path, world):
    run(write(tmp_path, item(version="1")))
    run(write(tmp_path, item(version="2", headlines=[{"value": "Second take"}])))
    notes = list(Article.objects.get().revisions.order_by("version").values_list("note", flat=True))
    assert notes == ["From the wire: urn:example:wire:7, version 1", "From the wire: urn:example:wire:7, version 2"]


def test_a_newer_version_with_the_same_text_does_not_print_updated(tmp_path, world):
    run(write(tmp_path, item()), "--publish")
    ok, out = run(write(tmp_path, item(version="2", versioncreated="2025-07-04T19:05:00Z", subjects=[{"name": "New"}])))
    assert ok and "updated" in out
    story = Article.objects.get()
    assert not story.is_update_shown and [t.name for t in story.tags.all()] == ["New"]


def test_an_oversized_file_is_refused_unread(tmp_path, world, monkeypatch):
    monkeypatch.setattr("articles.services.wire.MAX_NINJS_BYTES", 100)
    ok, out = run(write(tmp_path, item()))
    assert not ok and "item.json: refused: larger than" in out and Article.objects.count() == 0
