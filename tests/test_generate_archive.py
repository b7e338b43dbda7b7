import io

import pytest
from django.core.management import CommandError, call_command

from articles import sitemap_pages
from articles.models import Article, SitemapPage
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
    # The sitemap's pages are dated by the archive's own dates, not by the moment it was generated.
    newest_edit_per_page = {}
    for pk, updated_at in Article.objects.values_list("pk", "updated_at"):
        page = (pk - 1) // sitemap_pages.PAGE_SIZE + 1
        newest_edit_per_page[page] = max(updated_at, newest_edit_per_page.get(page, updated_at))
    assert dict(SitemapPage.objects.values_list("number", "lastmod")) == newest_edit_per_page


def test_generate_archive_refuses_nonsense():
    with pytest.raises(CommandError):
        call_command("generate_archive", "--stories", "0")
