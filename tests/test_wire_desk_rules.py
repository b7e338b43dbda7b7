"""Wire copy and the desk's decisions: a withdrawal stands, an embargo holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

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
    run(wire_item(tmp_path, version="2", headlines=[{"role": "main", "value": "Updated headline"}]),
        "--section", "world", "--publish")
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and story.headline != "Updated headline"
    assert client.get(story.get_absolute_url()).status_code == 404
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
