"""A withdrawn story's address answers 410 Gone, saying it was withdrawn and why, never what it said."""

import pytest

from articles.models import Status
from articles.services.publishing import article_withdraw
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def test_a_withdrawn_storys_address_answers_410_with_the_reason(client):
    article = make_article(headline="Minister resigns over contracts", body="<p>Secret words.</p>")
    url = article.get_absolute_url()
    article_withdraw(article=article, note="The report relied on a forged document.", by=make_editor())

    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This story was withdrawn" in html
    assert "The report relied on a forged document." in html
    assert "Minister resigns" not in html and "Secret words" not in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_withdrawn_story_without_a_recorded_reason_still_answers_410(client):
    article = make_article(status=Status.WITHDRAWN)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "This story was withdrawn" in response.content.decode()
    assert "Why:" not in response.content.decode()


def test_a_draft_is_still_a_plain_404(client):
    article = make_article(status=Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404
