""""Import wire copy" as a task: the upload is stored and answered at once, the report fills in item by
item, and a run cut short resumes where it stopped."""

import json

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.models import Article, WireImport, WireImportLine
from articles.services.wire import wire_import_run, wire_import_start
from tests.factories import make_editor, make_section

pytestmark = pytest.mark.django_db


def items(count):
    return json.dumps([
        {"uri": f"urn:wire:{n}", "version": "1", "type": "text", "headlines": [{"value": f"Story {n}"}],
         "bodies": [{"value": "<p>Ships left.</p>"}]}
        for n in range(1, count + 1)
    ]).encode()


def test_the_report_page_reloads_itself_until_the_import_is_done(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(make_editor())
    wire_import = wire_import_start(files=[("feed.json", items(2))], section=make_section(), publish=False,
                                    photos=False)
    url = reverse("admin:articles_wire_import_report", args=[wire_import.pk])

    waiting = client.get(url)
    assert '<meta http-equiv="refresh" content="2">' in waiting.content.decode()
    assert "no-store" in waiting["Cache-Control"]

    wire_import_run(wire_import=wire_import)
    done = client.get(url).content.decode()
    assert "Report: 2 items, 0 refused" in done and "http-equiv=\"refresh\"" not in done
    assert "<td>feed.json [item 2 urn:wire:2]</td>" in done and "<td>created " in done


def test_the_stored_files_are_deleted_once_imported():
    wire_import = wire_import_start(files=[("a.json", items(1)), ("b.json", b"{nope")], section=make_section(),
                                    publish=False, photos=False)
    stored = [entry["stored"] for entry in wire_import.files]
    assert all(default_storage.exists(name) for name in stored)

    wire_import_run(wire_import=wire_import)

    assert not any(default_storage.exists(name) for name in stored)
    assert [str(line) for line in wire_import.lines.all()][1].startswith("b.json: refused: not valid JSON")


def test_a_run_cut_short_resumes_after_the_last_item_reported(monkeypatch):
    wire_import = wire_import_start(files=[("feed.json", items(3))], section=make_section(), publish=False,
                                    photos=False)
    create = WireImportLine.objects.create
    calls = []

    def killed_after_one(**fields):
        calls.append(fields["item_index"])
        if len(calls) == 2:  # the worker dies after importing item 2, before reporting it
            raise SystemExit("killed")
        return create(**fields)

    monkeypatch.setattr(WireImportLine.objects, "create", killed_after_one)
    with pytest.raises(SystemExit):
        wire_import_run(wire_import=wire_import)
    monkeypatch.setattr(WireImportLine.objects, "create", create)
    assert WireImport.objects.get().state == WireImport.State.RUNNING
    assert Article.objects.count() == 2

    wire_import_run(wire_import=WireImport.objects.get())

    lines = [" ".join(str(line).split()) for line in WireImport.objects.get().lines.all()]
    assert len(lines) == 3
    assert lines[0].startswith("feed.json [item 1 urn:wire:1]: created")
    assert lines[1].startswith("feed.json [item 2 urn:wire:2]: unchanged")
    assert lines[2].startswith("feed.json [item 3 urn:wire:3]: created")
    assert Article.objects.count() == 3
    assert WireImport.objects.get().state == WireImport.State.DONE
