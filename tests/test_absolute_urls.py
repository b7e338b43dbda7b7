"""Canonical links and social cards carry full addresses, with the scheme and host the reader used."""

import pytest
from django.template import Context, Template

from tests.factories import make_article, make_photo, make_section
from tests.helpers import page

pytestmark = pytest.mark.django_db


def test_a_story_page_names_itself_and_its_picture_in_full(client, newsroom):
    section = newsroom[0]
    photo = make_photo()
    article = make_article(section=section, lead_photo=photo)
    html = page(client, article.get_absolute_url())[1]
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:image" content="http://testserver{photo.rendition_url("hero")}">' in html


def test_a_section_front_and_other_pages_name_themselves_in_full(client, newsroom):
    section, author, _ = newsroom
    make_article(section=section, authors=[author])
    assert '<link rel="canonical" href="http://testserver/world/">' in page(client, "/world/")[1]
    author_page = page(client, author.get_absolute_url())[1]
    assert '<meta property="og:url" content="http://testserver/authors/simon-corlett/">' in author_page


def test_over_https_the_addresses_say_https(client):
    article = make_article(section=make_section(slug="world"))
    html = client.get(article.get_absolute_url(), secure=True).content.decode()
    assert f'<link rel="canonical" href="https://testserver{article.get_absolute_url()}">' in html


def test_without_a_request_the_path_is_kept_rather_than_an_error():
    template = Template('{% load article_tags %}{% absolute_url "/world/" %}')
    assert template.render(Context({})) == "/world/"
