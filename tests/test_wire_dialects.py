"""Wire copy as agencies really send it: Superdesk, AP Media API JSON (with NITF), TT's TTNINJS, UPI.

Each test imports a small item of one dialect from tests/wire_dialects/ (the
pictures beside it are made here) with `manage.py import_ninjs`, then looks
at what the desk and readers get: the command's lines, the story page, the
author pages, the photo library.
"""

import json
import shutil
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.models import Article, Author, PhotoAsset, WirePicture
from tests.factories import make_section
from tests.helpers import page
from tests.helpers import run_import_ninjs as run
from tests.metadata_jpegs import photo_bytes

pytestmark = pytest.mark.django_db

DIALECTS = Path(__file__).resolve().parent / "wire_dialects"


@pytest.fixture
def world():
    return make_section(name="World", slug="world")


def delivered(tmp_path, *names, pictures=()):
    """The named dialect files copied into a fresh folder, with a JPEG for each of `pictures`."""
    for name in names:
        shutil.copy(DIALECTS / name, tmp_path / name)
    for picture in pictures:  # each a different picture: the library keeps one photo per picture
        (tmp_path / picture).write_bytes(photo_bytes(size=(600 + zlib.crc32(picture.encode()) % 400, 427)))
    return tmp_path


def edited(tmp_path, name, **changes):
    """One dialect item with some fields changed (None removes one), written beside the others."""
    item = json.loads((DIALECTS / name).read_text())
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    path = tmp_path / name
    path.write_text(json.dumps(item))
    return path


# --- Superdesk --------------------------------------------------------------------------


def test_a_superdesk_item_with_a_guid_and_no_uri_is_imported(tmp_path, world):
    folder = delivered(tmp_path, "superdesk_conversation.json", pictures=["hops-field.jpg"])
    ok, out = run(folder / "superdesk_conversation.json", "--publish")
    assert ok, out
    assert "created" in out and "required property" not in out
    article = Article.objects.get(source_uri="urn:newsml:theconversation.com:20261203:hops-brewers-0a1b2c")
    assert article.headline == "Why craft brewers are planting their own hops"
    # Imported again: the guid finds the same story.
    ok, out = run(folder / "superdesk_conversation.json", "--publish")
    assert ok and "unchanged" in out and Article.objects.count() == 1


def test_a_superdesk_association_left_as_null_is_ignored(tmp_path, world):
    item = json.loads((DIALECTS / "superdesk_conversation.json").read_text())
    item["associations"]["editor_1"] = None
    (tmp_path / "sd.json").write_text(json.dumps(item))
    delivered(tmp_path, pictures=["hops-field.jpg"])
    ok, out = run(tmp_path / "sd.json", "--publish")
    assert ok, out
    assert Article.objects.get().lead_photo is not None


def test_an_item_with_neither_uri_nor_guid_is_refused_saying_so(tmp_path, world):
    path = edited(tmp_path, "superdesk_conversation.json", guid=None)
    ok, out = run(path)
    assert not ok
    assert "refused: it has neither a uri nor a guid to identify it" in out
    assert Article.objects.count() == 0


def test_a_description_html_dek_is_stored_and_printed_as_plain_text(client, tmp_path, world):
    folder = delivered(tmp_path, "superdesk_conversation.json", pictures=["hops-field.jpg"])
    ok, out = run(folder / "superdesk_conversation.json", "--publish")
    assert ok, out
    article = Article.objects.get()
    assert article.dek == "Brewers are turning to home-grown hops – and the flavour of a region & its soil."
    status, html = page(client, article.get_absolute_url())
    assert status == 200
    assert "&lt;p&gt;" not in html and "&amp;#8211;" not in html
    assert "Brewers are turning to home-grown hops – and the flavour of a region &amp; its soil." in html


def test_an_affiliation_prints_after_the_author_and_is_never_an_author(client, tmp_path, world):
    folder = delivered(tmp_path, "superdesk_conversation.json", pictures=["hops-field.jpg"])
    ok, out = run(folder / "superdesk_conversation.json", "--publish")
    assert ok, out
    assert list(Author.objects.values_list("name", flat=True)) == ["Aaron J. Staples"]
    article = Article.objects.get()
    byline = article.bylines.get()
    assert byline.affiliation == "Michigan State University"
    status, html = page(client, article.get_absolute_url())
    assert status == 200
    assert 'rel="author">Aaron J. Staples</a>, Michigan State University' in html
    assert page(client, "/authors/michigan-state-university/")[0] == 404


def test_a_photograph_by_credit_prints_photo_by_once(client, tmp_path, world):
    folder = delivered(tmp_path, "superdesk_conversation.json", pictures=["hops-field.jpg"])
    ok, out = run(folder / "superdesk_conversation.json", "--publish")
    assert ok, out
    article = Article.objects.get()
    assert article.lead_photo is not None and article.lead_photo.credit == "Jane Roe/Getty Images"
    html = page(client, article.get_absolute_url())[1]
    assert "Photo by Jane Roe/Getty Images" in html
    assert "Photograph by" not in html and "Photo by Photo" not in html


def test_a_credit_typed_with_its_opening_prints_it_once():
    from articles.printstyle import photo_credit

    assert photo_credit(credit="Photograph by Jane Roe/Getty Images") == "Photo by Jane Roe/Getty Images"
    assert photo_credit(credit="Photo: Jane Roe") == "Photo by Jane Roe"
    assert photo_credit(credit="Foto: Amir Nabizadeh/TT") == "Photo by Amir Nabizadeh/TT"
    assert photo_credit(credit="Photo by Jane Roe", credit_type="file_photo") == "File Photo by Jane Roe"
    assert photo_credit(credit="Photographers' Guild") == "Photo by Photographers' Guild"


# --- AP Media API -----------------------------------------------------------------------


def test_ap_json_with_altids_as_an_object_is_read_as_1x(tmp_path, world):
    folder = delivered(tmp_path, "ap_text.json", "ap_text.xml")
    ok, out = run(folder / "ap_text.json")
    assert ok, out
    assert "is not of type 'array'" not in out and "created" in out


def test_ap_text_takes_its_body_from_the_nitf_file_beside_it_sanitized(client, tmp_path, world):
    folder = delivered(tmp_path, "ap_text.json", "ap_text.xml")
    ok, out = run(folder / "ap_text.json", "--publish")
    assert ok, out
    article = Article.objects.get()
    assert article.body.startswith("<p>The Senate passed a stopgap spending bill")
    assert "<h2>What comes next</h2>" in article.body
    assert "<block" not in article.body and "id=" not in article.body
    assert "Congress-Budget" not in article.body, "the NITF head is not the story"
    assert (article.dateline.place, article.dateline_source) == ("WASHINGTON", "AP")
    html = page(client, article.get_absolute_url())[1]
    assert "averting a shutdown" in html and "Jan. 30 &amp; sends" in html
    assert 'rel="author">Lisa Mascaro</a>' in html


def test_an_nitf_rendition_with_a_relative_href_is_read(tmp_path, world):
    item = json.loads((DIALECTS / "ap_text.json").read_text())
    item["renditions"]["nitf"]["href"] = "stories/senate.xml"
    (tmp_path / "stories").mkdir()
    shutil.copy(DIALECTS / "ap_text.xml", tmp_path / "stories" / "senate.xml")
    (tmp_path / "feed.json").write_text(json.dumps(item))
    ok, out = run(tmp_path / "feed.json")
    assert ok, out
    assert "averting a shutdown" in Article.objects.get().body


def test_ap_text_without_its_nitf_file_is_refused_saying_where_the_body_is(tmp_path, world):
    folder = delivered(tmp_path, "ap_text.json")
    ok, out = run(folder / "ap_text.json")
    assert not ok
    assert "refused: its body is in the NITF rendition" in out
    assert "not valid ninjs" not in out and "it has no body" not in out
    assert Article.objects.count() == 0


def test_an_nitf_rendition_outside_the_folder_is_not_read(tmp_path, world):
    inside = tmp_path / "inbox"
    inside.mkdir()
    shutil.copy(DIALECTS / "ap_text.xml", tmp_path / "secret.xml")
    item = json.loads((DIALECTS / "ap_text.json").read_text())
    item["renditions"]["nitf"]["href"] = "../secret.xml"
    (inside / "feed.json").write_text(json.dumps(item))
    ok, out = run(inside / "feed.json")
    assert not ok and "its body is in the NITF rendition" in out


def test_nitf_with_a_dtd_is_not_expanded():
    from articles.ninjs import nitf_body

    bomb = (b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa">]>'
            b"<nitf><body><body.content><p>&a;</p></body.content></body></nitf>")
    assert nitf_body(bomb) == ""


def test_an_ap_picture_is_credited_and_leads_the_ap_story(client, tmp_path, world):
    folder = delivered(tmp_path, "ap_picture.json", "ap_text.json", "ap_text.xml",
                       pictures=["ap-capitol.jpg", "ap-capitol-thumb.jpg"])
    ok, out = run(folder / "ap_picture.json", "--photos")
    assert ok, out
    photo = PhotoAsset.objects.get()
    assert photo.credit == "J. Scott Applewhite/AP"
    assert photo.usage_terms == (
        "This content is intended for editorial use only.\nFor other uses, additional clearances may be required."
    )
    assert photo.copyright_notice == "Copyright 2026 The Associated Press. All rights reserved."
    ok, out = run(folder / "ap_text.json", "--publish")
    assert ok, out
    article = Article.objects.get()
    assert article.lead_photo == photo, out
    html = page(client, article.get_absolute_url())[1]
    assert "Photo by J. Scott Applewhite/AP" in html


# --- TT ---------------------------------------------------------------------------------


def test_a_tt_html5_body_prints_as_a_story(client, tmp_path, world):
    folder = delivered(tmp_path, "tt_text.json", pictures=["tt-mall.jpg", "tt-queue.jpg"])
    ok, out = run(folder / "tt_text.json", "--publish")
    assert ok, out
    article = Article.objects.get()
    assert article.kicker == "Ekonomi"
    assert article.dateline_source == "TT"
    body = article.body
    assert body.startswith("<p>Julhandeln kom i gång tidigt i år, enligt Svensk Handel.</p><blockquote>")
    assert "Handeln ökade inför julen" not in body, "neither the document's title nor its h1 repeat the headline"
    assert "EkonomiTT" not in body and "Ekonomi" not in body
    assert "<h3>" not in body, "the lead is paragraphs, not a heading"
    assert "Amir Nabizadeh" not in body and "Besökare på ett köpcentrum" not in body
    assert "Jessica Gow" not in body and "Martin Hardenberger" not in body
    assert "<h2>Leksaker i topp</h2>" in body
    html = page(client, article.get_absolute_url())[1]
    assert html.count("Handeln ökade inför julen</h1>") == 1


def test_tt_pictures_become_the_storys_pictures_with_captions_and_credits(client, tmp_path, world):
    folder = delivered(tmp_path, "tt_text.json", pictures=["tt-mall.jpg", "tt-queue.jpg"])
    ok, out = run(folder / "tt_text.json", "--publish")
    assert ok, out
    article = Article.objects.get()
    lead = article.lead_photo
    assert lead is not None, out
    assert (lead.caption, lead.credit, lead.alt_text) == ("Besökare på ett köpcentrum.", "Amir Nabizadeh/TT", "")
    assert lead.wire_picture.uri == "http://tt.se/media/image/sdlA1b2C3d4"
    # The picture only the body shows is in the library as a wire picture too.
    queue = WirePicture.objects.get(uri="http://tt.se/media/image/sdlE5f6G7h8").photo
    assert (queue.caption, queue.credit) == ("Kö utanför en butik i Stockholm.", "Jessica Gow/TT")
    html = page(client, article.get_absolute_url())[1]
    assert '<span class="caption">Besökare på ett köpcentrum.</span>' in html
    assert "Photo by Amir Nabizadeh/TT" in html


def test_a_slash_agency_byline_is_the_author_and_the_agency(client, tmp_path, world):
    folder = delivered(tmp_path, "tt_text.json", pictures=["tt-mall.jpg", "tt-queue.jpg"])
    ok, out = run(folder / "tt_text.json", "--publish")
    assert ok, out
    assert list(Author.objects.values_list("name", "slug")) == [("Martin Hardenberger", "martin-hardenberger")]
    assert page(client, "/authors/martin-hardenberger/")[0] == 200
    assert page(client, "/authors/martin-hardenbergertt/")[0] == 404


@pytest.mark.parametrize(
    "by, people, agency",
    [
        ("Martin Hardenberger/TT", [("Martin Hardenberger", "")], "TT"),
        ("Aaron J. Staples, Michigan State University", [("Aaron J. Staples", "Michigan State University")], ""),
        ("By Jane Doe and Ana Ruiz, University of Oslo", [("Jane Doe", ""), ("Ana Ruiz", "University of Oslo")], ""),
        ("By JANE DOE, AP Science Writer", [("Jane Doe", "")], ""),
    ],
)
def test_bylines_part_people_affiliations_and_agencies(by, people, agency):
    from articles.ninjs import byline_people

    assert byline_people(by) == (people, agency)


# --- Embargo and wire pictures without alt text -----------------------------------------


def test_an_item_imported_after_its_embargo_is_dated_when_the_embargo_ran_out(tmp_path, world):
    folder = delivered(tmp_path, "upi_embargo.json", pictures=["upi-seawall.jpg"])
    ok, out = run(folder / "upi_embargo.json", "--publish")
    assert ok, out
    article = Article.objects.get()
    assert article.published_at == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    assert article.is_published()


def test_a_captioned_wire_picture_without_alt_text_leads_in_a_figure(client, tmp_path, world):
    folder = delivered(tmp_path, "upi_embargo.json", pictures=["upi-seawall.jpg"])
    ok, out = run(folder / "upi_embargo.json", "--publish")
    assert ok, out
    assert "not the lead photo" not in out
    article = Article.objects.get()
    assert article.lead_photo is not None and article.lead_photo.alt_text == ""
    html = page(client, article.get_absolute_url())[1]
    figure = html[html.index('<figure class="story-photo">'):html.index("</figure>")]
    assert "Waves break on a seawall in Lower Manhattan in 2024." in figure
    assert "<figcaption>" in figure
    img = figure[figure.index("<img"):figure.index(">", figure.index("<img"))]
    assert " alt=" not in img, "the caption describes it: no alt attribute, not alt=\"\" (decoration)"
    assert '<meta property="og:image:alt" content="Waves break on a seawall in Lower Manhattan in 2024.' in html


def test_the_photo_desk_lists_live_photos_without_alt_text_oldest_first(client, tmp_path, world):
    from tests.factories import make_article, make_photo, make_photo_desk

    folder = delivered(tmp_path, "upi_embargo.json", "tt_text.json",
                       pictures=["upi-seawall.jpg", "tt-mall.jpg", "tt-queue.jpg"])
    assert run(folder / "upi_embargo.json", "--publish")[0]
    assert run(folder / "tt_text.json", "--publish")[0]
    described = make_photo(title="Described", alt_text="A described picture.")
    make_article(headline="With alt text", lead_photo=described)
    client.force_login(make_photo_desk())
    html = page(client, "/admin/")[1]
    assert "Live photos without alt text (oldest first)" in html
    section = html[html.index("Live photos without alt text"):]
    section = section[:section.index("</ul>")]
    assert section.index("U.N. report warns") < section.index("Handeln ökade inför julen")
    assert "Described" not in section and "Kö utanför" not in section, "only photos leading live stories"


def test_the_same_picture_twice_in_one_item_is_one_photo(tmp_path, world):
    folder = delivered(tmp_path, "tt_text.json", pictures=["tt-mall.jpg"])
    shutil.copy(folder / "tt-mall.jpg", folder / "tt-queue.jpg")
    ok, out = run(folder / "tt_text.json", "--publish")
    assert ok, out
    assert PhotoAsset.objects.count() == 1 and Article.objects.get().lead_photo is not None


def test_a_staff_photo_without_alt_text_still_cannot_lead_a_live_story():
    from django.core.exceptions import ValidationError

    from articles.models import Status
    from articles.services.publishing import article_publish
    from tests.factories import make_article, make_photo

    staff = make_photo(caption="Delegates in Geneva.", alt_text="")
    article = make_article(status=Status.DRAFT, lead_photo=staff)
    with pytest.raises(ValidationError, match="has no alt text"):
        article_publish(article=article)


def test_a_wire_picture_without_caption_or_alt_text_does_not_lead(tmp_path, world):
    item = json.loads((DIALECTS / "upi_embargo.json").read_text())
    item["associations"][0]["descriptions"] = []
    (tmp_path / "upi.json").write_text(json.dumps(item))
    delivered(tmp_path, pictures=["upi-seawall.jpg"])
    ok, out = run(tmp_path / "upi.json", "--publish")
    assert ok, out
    assert "is in the library but not the lead photo" in out and "has no alt text" in out
    assert Article.objects.get().lead_photo is None


def test_a_figure_without_a_picture_keeps_its_words_in_the_story():
    from articles.ninjs import ninjs_to_wire_item

    wire = ninjs_to_wire_item({
        "uri": "urn:test:pull-quote", "type": "text", "headline": "Cup final",
        "body_html": "<p>Before.</p><figure><blockquote><p>We will win.</p></blockquote>"
                     "<figcaption>The <em>coach</em>.</figcaption></figure><p>After.</p>",
    })
    assert wire.body == (
        "<p>Before.</p><blockquote><p>We will win.</p></blockquote><p>The <em>coach</em>.</p><p>After.</p>"
    )
    assert wire.pictures == []


def test_an_editors_save_keeps_a_bylines_affiliation_and_can_change_it(client, tmp_path, world):
    from tests.admin_forms import change_url, editor_client, opened_form

    folder = delivered(tmp_path, "superdesk_conversation.json", pictures=["hops-field.jpg"])
    assert run(folder / "superdesk_conversation.json")[0]
    article = Article.objects.get()
    editor = editor_client("chief")
    data = opened_form(editor, article)
    data["headline"] = "Craft brewers plant their own hops"
    assert editor.post(change_url(article), data).status_code == 302
    assert article.bylines.get().affiliation == "Michigan State University"
    data = opened_form(editor, article)
    data["bylines-0-affiliation"] = "Michigan State University, East Lansing"
    assert editor.post(change_url(article), data).status_code == 302
    assert article.bylines.get().affiliation == "Michigan State University, East Lansing"
    # Restoring the first version brings its affiliation back.
    from articles.services.revisions import article_restore_revision

    article_restore_revision(article=Article.objects.get(), version=1)
    assert article.bylines.get().affiliation == "Michigan State University"
