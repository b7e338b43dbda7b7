import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.factories import make_author, make_section

pytestmark = pytest.mark.django_db


def test_generate_archive_adds_published_stories_with_bylines_readers_can_open(client):
    make_section(name="World", slug="world")
    make_author()
    out = io.StringIO()
    call_command("generate_archive", "--stories", "50", stdout=out)
    assert "Added 50 stories" in out.getvalue()
    assert Article.objects.published().count() == 50
    assert Article.objects.filter(bylines__isnull=True).count() == 0
    story = Article.objects.published().first()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_generate_archive_refuses_nonsense():
    with pytest.raises(CommandError):
        call_command("generate_archive", "--stories", "0")
