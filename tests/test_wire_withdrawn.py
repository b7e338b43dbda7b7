"""A withdrawn story stays withdrawn: a later wire version does not bring it back."""

import pytest

from articles.models import Article, ArticleTransition, Status
from articles.services import publishing
from tests.factories import make_editor, make_section
from tests.test_wire_import import run, wire_item

pytestmark = pytest.mark.django_db


def test_a_new_wire_version_of_a_story_an_editor_withdrew_leaves_it_withdrawn(client, tmp_path):
    make_section(slug="world")
    assert run(wire_item(tmp_path), "--section", "world", "--publish")[0]
    story = Article.objects.get()
    publishing.article_withdraw(article=story, note="Legal: injunction.", by=make_editor())
    ok, out = run(wire_item(tmp_path, version="2", headlines=[{"role": "main", "value": "Updated headline"}]),
                  "--section", "world", "--publish")
    assert ok, out
    assert "kept withdrawn" in out
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and story.headline != "Updated headline"
    assert client.get(story.get_absolute_url()).status_code == 404
    assert ArticleTransition.objects.get(article=story, to_status=Status.WITHDRAWN).note == "Legal: injunction."

