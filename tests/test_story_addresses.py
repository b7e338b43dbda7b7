"""Story addresses: an old one answers 301 to the current one; an unknown one is a 404, never a 500."""

import pytest

from articles.services.publishing import article_remember_old_slug
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_old_section_or_date_in_the_address_redirects_permanently(client, newsroom):
    article = make_article(section=newsroom[0])
    make_section(slug="old-world")  # the story's old section, still there
    day = article.url_date
    stale_section = f"/old-world/{day:%Y/%m/%d}/{article.slug}/"
    stale_date = f"/world/2001/01/01/{article.slug}/"
    for url in (stale_section, stale_date):
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_renamed_story_old_address_redirects_permanently(client, newsroom):
    article = make_article(section=newsroom[0], slug="first-try")
    old_url = article.get_absolute_url()
    article.slug = "better-headline"
    article.save()
    article_remember_old_slug(article=article, old_slug="first-try")
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_unknown_addresses_are_404_not_500(client, newsroom):
    for url in ("/nope/", "/authors/nobody/", "/tags/none/", "/world/2025/13/40/x/", "/world/2025/07/04/missing/"):
        assert client.get(url).status_code == 404, url


def test_a_draft_that_took_a_renamed_story_s_old_slug_leaves_readers_the_redirect(client, newsroom):
    article = make_article(section=newsroom[0], slug="first-try")
    old_url = article.get_absolute_url()
    article.slug = "better-headline"
    article.save()
    article_remember_old_slug(article=article, old_slug="first-try")
    make_article(section=newsroom[0], slug="first-try", status="draft")  # a new draft reuses the freed slug
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_a_renamed_section_s_stories_and_front_move_with_it(client, newsroom):
    article = make_article(section=newsroom[0])
    before = article.get_absolute_url()
    section = article.section
    section.slug = "global"
    section.save()
    article.refresh_from_db()
    assert article.get_absolute_url() == before.replace("/world/", "/global/", 1)
    assert section.get_absolute_url() == "/global/"
    assert client.get(article.get_absolute_url()).status_code == 200
