"""Pasting from Word, Google Docs or a web page stores clean paragraphs, headings, lists and links.

The fixtures are clipboard HTML as those programs put it on the clipboard
(Word 365 on Windows, Google Docs in Chrome, a news site in Chrome).
"""

from pathlib import Path

import pytest

from articles.diffing import word_diff
from articles.models import Status
from articles.sanitize import ALLOWED_TAGS, BODY_EDITOR_EXTENSIONS, clean_body_html
from articles.widgets import plain_text_from_editor
from tests.admin_forms import change_url, editor_client, opened_form
from tests.factories import make_article

FIXTURES = Path(__file__).parent / "paste_fixtures"
DIRT = ["style=", "class=", "<span", "<font", "<o:p", "mso-", "<b ", "<b>", "<i>", "docs-internal", "<div", "<meta"]


def cleaned(name):
    return clean_body_html((FIXTURES / name).read_text())


@pytest.mark.parametrize("name", ["word.html", "google_docs.html", "web_page.html"])
def test_pasted_html_keeps_no_styles_classes_spans_or_fonts(name):
    html = cleaned(name)
    assert [dirt for dirt in DIRT if dirt in html] == []


def test_word_gives_headings_paragraphs_real_lists_and_links():
    html = cleaned("word.html")
    assert "<h2>Council approves flood plan</h2>" in html
    assert "<strong>£40 million</strong>" in html and "<em>after two years of delays</em>" in html
    assert "<ul><li>New walls along the river</li><li>Pumps for the old town</li></ul>" in html
    assert "<ol><li>Consultation opens in May</li><li>Work starts next spring</li></ol>" in html
    assert '<a href="https://example.gov.uk/flood-plan" rel="noopener noreferrer">council website</a>' in html
    assert "·" not in html and "Cambria" not in html


def test_google_docs_wrapper_is_not_bold_but_its_bold_and_italic_runs_are():
    html = cleaned("google_docs.html")
    assert html.startswith("<h2>What the plan covers</h2>")
    assert "The plan is the <strong>largest</strong><em> in a decade</em>, officials said." in html
    assert "<ul><li><p>Flood walls</p></li><li><p>Pumping stations</p></li></ul>" in html
    assert "<strong><h2>" not in html


def test_a_web_page_keeps_its_structure_and_loses_scripts_and_tracking():
    html = cleaned("web_page.html")
    assert "<h3>Why it matters</h3>" in html
    assert "<blockquote><p>We cannot wait another winter.</p></blockquote>" in html
    assert "<ol><li>Sandbags</li><li>Sirens</li></ol>" in html
    assert '<a href="https://news.example.com/topics/riverside" rel="noopener noreferrer">Riverside</a>' in html
    assert "googletag" not in html and "javascript:" not in html and "target=" not in html


def test_the_sanitizer_keeps_exactly_what_the_editor_toolbar_makes():
    assert set(ALLOWED_TAGS) == {"p", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote", "br"}
    assert BODY_EDITOR_EXTENSIONS["Heading"] == {"levels": [2, 3]}
    editor_output = (
        '<h2>Sub</h2><h3>Minor</h3><p><strong>b</strong> <em>i</em> <a href="https://x.org/" title="">l</a><br>x</p>'
        '<ul><li><p>one</p></li></ul><ol start="3"><li><p>three</p></li></ol><blockquote><p>q</p></blockquote>'
    )
    assert clean_body_html(editor_output) == editor_output.replace('title=""', 'title="" rel="noopener noreferrer"')


def test_an_empty_editor_stores_nothing():
    assert clean_body_html("<p></p>") == ""


# --- Whatever is pasted, the save goes through ----------------------------------------------------

NASTY = {
    "a declaration the parser cannot read": '<![><img src="]><img src=x onerror=alert(1)//">',
    "the same inside a word-processor span": '<span><![><img src=x onerror=alert(1)>',
    "an unclosed comment": "<b>bold</b><!--<img src=x onerror=alert(1)>",
    "a comment closing early": "<i>x</i><!--><img src=x onerror=alert(1)>-->",
    "CDATA": "<b>x</b><![CDATA[<img src=x onerror=alert(1)>]]><script>alert(1)</script>",
    "Word's marker never closed": "<p style='mso-list:l0 level1'><![if !supportLists]><img src=x onerror=alert(1)>",
    "a bare <!": "<b>x</b><!",
    "a bare </": "<i>x</i></",
    "an end tag with junk": "<span></ img src=x onerror=alert(1)><script>alert(1)</script>",
    "NUL bytes": "<b>a\x00b</b><scr\x00ipt>alert(1)</script><img src=x onerror\x00=alert(1)>",
    "deeply nested tags": "<span style='font-weight:bold'><b><i>" * 3000 + "<img src=x onerror=alert(1)>",
    "an attribute without a closing quote": '<b title="x><img src=x onerror=alert(1)>',
    "a processing instruction": "<i>x</i><?xml version='1.0'?><img src=x onerror=alert(1)>",
}


@pytest.mark.parametrize("html", list(NASTY.values()), ids=list(NASTY))
def test_any_paste_is_cleaned_without_an_error_and_nothing_runs(html):
    cleaned_html = clean_body_html(html)
    lowered = cleaned_html.lower()
    assert "onerror" not in lowered and "<script" not in lowered and "<img" not in lowered
    assert "\x00" not in cleaned_html


@pytest.mark.django_db
def test_a_story_saved_with_the_fragment_that_crashed_the_cleaner_is_saved_clean():
    editor = editor_client("paste")
    article = make_article(status=Status.DRAFT, body="<p>Old text.</p>")
    data = opened_form(editor, article)
    data["body"] = '<p>Kept words.</p><![><img src="]><img src=x onerror=alert(1)//">'
    response = editor.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert "Kept words." in article.body and "onerror" not in article.body and "<img" not in article.body


@pytest.mark.parametrize("html", list(NASTY.values()), ids=list(NASTY))
def test_the_plain_editors_and_the_compare_take_any_paste_too(html):
    """The dek's and corrections' one-paragraph editors, and the word diff, read pastes with the same parser."""
    plain_text_from_editor(html)  # plain text, printed escaped; a NUL is refused by the form's field first
    diff = word_diff("<p>Before.</p>", html, html=True).lower()
    assert "<del>before." in diff and "<img" not in diff and "<script" not in diff


@pytest.mark.django_db
def test_a_dek_pasted_with_the_fragment_saves_and_an_autosave_of_it_opens():
    editor = editor_client("paste")
    article = make_article(status=Status.DRAFT, dek="Old dek.")
    payload = '<p>Kept dek.</p><![><img src="]><img src=x onerror=alert(1)//">'
    response = editor.post(change_url(article), {**opened_form(editor, article), "dek": payload})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.dek == "Kept dek."

    autosave = editor.post(change_url(article).replace("change/", "autosave/"), {"body": payload, "dek": payload})
    assert autosave.status_code == 200
    page = editor.get(change_url(article))
    assert page.status_code == 200 and "Restore your unsaved changes from" in page.content.decode()
