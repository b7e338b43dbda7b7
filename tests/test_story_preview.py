"""Unpublished stories: a plain 404 for readers, a preview with a banner for staff who may edit."""


import pytest

from articles.models import Status
from tests.factories import make_article, make_editor, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status, code, notice",
    [(Status.DRAFT, 404, "Page not found"), (Status.WITHDRAWN, 410, "This story was withdrawn")],
)
def test_unpublished_story_is_not_shown_to_readers(client, newsroom, status, code, notice):
    """A draft is a plain 404; a withdrawn story is 410 Gone with a notice; neither shows its text."""
    article = make_article(section=newsroom[0], status=status, headline="Secret draft headline")
    response = client.get(article.get_absolute_url())
    assert response.status_code == code
    assert "Secret draft headline" not in response.content.decode()
    assert notice in response.content.decode()



def test_editor_previews_a_draft_with_a_banner_and_no_caching(client, newsroom):
    article = make_article(section=newsroom[0], status="draft", headline="Draft for the desk")
    client.force_login(make_editor())
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft for the desk" in html and "Preview" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]



def test_staff_without_edit_permission_cannot_preview(client, newsroom):
    article = make_article(section=newsroom[0], status="draft")
    client.force_login(make_user())
    assert client.get(article.get_absolute_url()).status_code == 404
