"""The body merged paragraph by paragraph: two editors' edits to different paragraphs both stay."""

import pytest

from articles.body_merge import body_blocks, merge_body
from articles.models import ArticleRevision
from articles.services.revisions import merge_snapshots
from tests.admin_forms import editor_client, opened_form, reshown, save
from tests.factories import make_article

BASE = "<p>One.</p><h2>Two.</h2><p>Three <b>bold</b>.</p><ul><li><p>Four.</p></li></ul>"


def test_the_body_splits_into_its_top_level_blocks():
    assert body_blocks(BASE) == ["<p>One.</p>", "<h2>Two.</h2>", "<p>Three <b>bold</b>.</p>",
                                 "<ul><li><p>Four.</p></li></ul>"]
    assert body_blocks("<p>a<br>b</p>\n<blockquote><p>q</p></blockquote>") == [
        "<p>a<br>b</p>", "<blockquote><p>q</p></blockquote>"
    ]
    assert body_blocks("") == [] and body_blocks("plain words") == ["plain words"]


def test_edits_to_different_paragraphs_both_stay():
    theirs = BASE.replace("One.", "One, fixed.")
    mine = BASE + "<p>A closing line.</p>"
    merge = merge_body(BASE, theirs, mine)
    assert merge.conflicts == []
    assert merge.html() == theirs + "<p>A closing line.</p>"


def test_edits_to_neighbouring_paragraphs_both_stay():
    theirs = BASE.replace("Two.", "Two, theirs.")
    mine = BASE.replace("Three <b>bold</b>.", "Three <b>bold</b>, mine.")
    merge = merge_body(BASE, theirs, mine)
    assert merge.conflicts == []
    assert merge.html() == BASE.replace("Two.", "Two, theirs.").replace("<b>bold</b>.", "<b>bold</b>, mine.")


def test_an_edit_beside_a_new_paragraph_and_a_deletion_elsewhere():
    theirs = BASE.replace("<h2>Two.</h2>", "")  # they cut the subhead
    mine = BASE.replace("<p>One.</p>", "<p>One, reworded by me.</p><p>One and a half.</p>")
    merge = merge_body(BASE, theirs, mine)
    assert merge.conflicts == []
    assert body_blocks(merge.html()) == [
        "<p>One, reworded by me.</p>", "<p>One and a half.</p>", "<p>Three <b>bold</b>.</p>",
        "<ul><li><p>Four.</p></li></ul>",
    ]


def test_only_the_paragraph_both_changed_is_a_conflict_with_the_two_versions():
    theirs = BASE.replace("One.", "One, theirs.").replace("Four.", "Four, theirs.")
    mine = BASE.replace("One.", "One, mine.").replace("Two.", "Two, mine.")
    merge = merge_body(BASE, theirs, mine)
    [conflict] = merge.conflicts
    assert (conflict.base, conflict.theirs, conflict.mine) == (
        ["<p>One.</p>"], ["<p>One, theirs.</p>"], ["<p>One, mine.</p>"]
    )
    assert conflict.number == 1 and conflict.key
    # Everything else is merged; the conflict takes the side chosen.
    rest = "<h2>Two, mine.</h2><p>Three <b>bold</b>.</p><ul><li><p>Four, theirs.</p></li></ul>"
    assert merge.html({conflict.key: "theirs"}) == "<p>One, theirs.</p>" + rest
    assert merge.html({conflict.key: "mine"}) == "<p>One, mine.</p>" + rest


def test_the_same_change_on_both_sides_and_an_edit_against_a_deletion():
    same = BASE.replace("Two.", "Two, agreed.")
    assert merge_body(BASE, same, same).conflicts == []
    deleted = BASE.replace("<p>One.</p>", "")
    edited = BASE.replace("One.", "One, edited.")
    [conflict] = merge_body(BASE, deleted, edited).conflicts
    assert conflict.theirs == [] and conflict.mine == ["<p>One, edited.</p>"]


def test_both_adding_different_closing_paragraphs_is_a_conflict():
    [conflict] = merge_body(BASE, BASE + "<p>Theirs ends.</p>", BASE + "<p>Mine ends.</p>").conflicts
    assert (conflict.theirs, conflict.mine) == (["<p>Theirs ends.</p>"], ["<p>Mine ends.</p>"])


def test_a_conflicts_key_survives_this_editor_reworking_their_version():
    theirs = BASE.replace("One.", "One, theirs.")
    first = merge_body(BASE, theirs, BASE.replace("One.", "One, mine.")).conflicts[0]
    again = merge_body(BASE, theirs, BASE.replace("One.", "One, mine, reworked.")).conflicts[0]
    assert first.key == again.key


def test_the_snapshot_merge_asks_about_the_body_only_when_a_paragraph_clashes():
    base = {"body": BASE, "headline": "H"}
    theirs = {**base, "body": BASE.replace("One.", "One, theirs.")}
    mine = {**base, "body": BASE + "<p>Mine ends.</p>"}
    [body] = merge_snapshots(base, theirs, mine)
    assert not body.is_conflict and body.merged == theirs["body"] + "<p>Mine ends.</p>"
    clash = {**base, "body": BASE.replace("One.", "One, mine.")}
    [body] = merge_snapshots(base, theirs, clash)
    assert body.is_conflict


# --- Through the story form, two editors at once ---------------------------------------------

STORY = "<p>First paragraph, with a typo teh.</p><p>Second paragraph.</p><p>Third paragraph.</p>"


@pytest.mark.django_db
def test_two_editors_changing_different_paragraphs_both_reach_the_story_without_a_choice():
    article = make_article(headline="Harbour", body=STORY)
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)

    fixed = STORY.replace("typo teh", "typo the")
    assert save(ben, article, {**ben_copy, "body": fixed}).status_code == 302
    closing = STORY + "<p>A closing line from Ana.</p>"
    refused = save(ana, article, {**ana_copy, "body": closing})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Both changed different paragraphs: both kept" in html
    assert 'name="resolve-body' not in html and 'name="resolve-body"' not in html, "nothing to choose"

    assert save(ana, article, reshown(refused)).status_code == 302
    article.refresh_from_db()
    assert article.body == fixed + "<p>A closing line from Ana.</p>"
    assert ArticleRevision.objects.filter(article=article).order_by("-version").first().note.startswith("merged")


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["theirs", "mine"])
def test_only_a_paragraph_both_changed_asks_which_to_keep(choice):
    article = make_article(headline="Harbour", body=STORY)
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)

    ben_body = STORY.replace("Second paragraph.", "Second paragraph, Ben.").replace("Third", "Third (Ben)")
    save(ben, article, {**ben_copy, "body": ben_body})
    ana_body = STORY.replace("Second paragraph.", "Second paragraph, Ana.").replace("typo teh", "typo the")
    refused = save(ana, article, {**ana_copy, "body": ana_body})
    [row] = [row for row in refused.context["stale_merge"] if row.key == "body"]
    [paragraph] = row.paragraphs
    assert (paragraph["number"], paragraph["theirs"], paragraph["mine"]) == (
        2, "Second paragraph, Ben.", "Second paragraph, Ana."
    )
    html = refused.content.decode()
    assert f'name="resolve-body-{paragraph["key"]}"' in html
    assert "First paragraph" not in html.split('id="stale-merge-title"')[1].split("</section>")[0], (
        "only the paragraph both changed is shown"
    )

    again = reshown(refused)
    unchosen = save(ana, article, again)
    assert unchosen.status_code == 200 and "Choose whose paragraph 2 of the text to keep" in unchosen.content.decode()
    article.refresh_from_db()
    assert article.body == ben_body, "nothing saved until the choice"

    assert save(ana, article, {**again, f"resolve-body-{paragraph['key']}": choice}).status_code == 302
    article.refresh_from_db()
    second = "Second paragraph, Ben." if choice == "theirs" else "Second paragraph, Ana."
    assert article.body == (
        f"<p>First paragraph, with a typo the.</p><p>{second}</p><p>Third (Ben) paragraph.</p>"
    )
