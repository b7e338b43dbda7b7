import pytest

from articles.sanitize import clean_body_html
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_body_is_sanitized_whenever_a_story_is_saved():
    article = make_article(
        body='<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:alert(1)">x</a></p>'
        '<iframe src="https://evil.example"></iframe><img src=x onerror=alert(1)>'
    )
    article.refresh_from_db()
    assert "script" not in article.body and "onclick" not in article.body
    assert "javascript:" not in article.body and "iframe" not in article.body and "onerror" not in article.body
    assert article.body.startswith("<p>Hello ")


def test_allowed_structure_survives_and_links_get_safe_rel():
    html = clean_body_html(
        '<h2>Sub</h2><p><strong>Bold</strong> <a href="https://example.com" target="_blank">link</a></p>'
        "<blockquote><p>Quote</p></blockquote><ul><li>One</li></ul>"
    )
    assert "<h2>Sub</h2>" in html and "<strong>Bold</strong>" in html and "<blockquote>" in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer"' in html
    assert "target" not in html
