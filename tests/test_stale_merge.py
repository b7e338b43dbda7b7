"""A save from a stale copy is refused, then applied on top of the other person's: nobody's change is lost."""

from unittest import mock

import pytest
from django.db.models import QuerySet

from articles.models import ArticleRevision
from articles.services.revisions import merge_snapshots
from tests.admin_forms import add_byline, change_url, editor_client, opened_form, reshown, save
from tests.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db


def test_saving_the_reshown_form_keeps_the_other_editors_change():
    """The reported bug: B's dek survived A's second save."""
    article = make_article(headline="Original headline", dek="Original dek")
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy = opened_form(ana, article)
    ben_copy = opened_form(ben, article)

    assert save(ben, article, {**ben_copy, "dek": "Ben's new dek"}).status_code == 302
    refused = save(ana, article, {**ana_copy, "headline": "Ana's headline"})
    assert refused.status_code == 200
    article.refresh_from_db()
    assert (article.headline, article.dek) == ("Original headline", "Ben's new dek"), "nothing saved on refusal"

    assert save(ana, article, reshown(refused)).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.dek) == ("Ana's headline", "Ben's new dek")


def test_the_refusal_shows_theirs_mine_and_conflicts_field_by_field():
    article = make_article(headline="Original headline", dek="Original dek", kicker="Old")
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)
    save(ben, article, {**ben_copy, "dek": "Ben's dek", "kicker": "Ben's kicker"})
    refused = save(ana, article, {**ana_copy, "headline": "Ana's headline", "kicker": "Ana's kicker"})

    merge = {row.key: row for row in refused.context["stale_merge"]}
    assert set(merge) == {"dek", "headline", "kicker"}
    assert (merge["dek"].kind, merge["headline"].kind, merge["kicker"].kind) == ("theirs", "mine", "conflict")
    kicker = merge["kicker"]
    assert (kicker.base, kicker.theirs, kicker.mine) == ("Old", "Ben's kicker", "Ana's kicker")
    html = refused.content.decode()
    assert "Changed by ben" in html and "Your change" in html and "Both changed" in html
    assert 'name="resolve-kicker"' in html
    assert "<del>Ben&#x27;s</del>" in html and "<ins>Ana&#x27;s</ins>" in html, "a conflict shows theirs against yours"


def test_a_field_both_changed_needs_an_explicit_choice():
    article = make_article(headline="Original headline", dek="Original dek")
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)
    save(ben, article, {**ben_copy, "headline": "Ben's headline", "dek": "Ben's dek"})
    refused = save(ana, article, {**ana_copy, "headline": "Ana's headline", "body": "<p>Ana's body.</p>"})

    again = reshown(refused)
    unchosen = save(ana, article, again)
    assert unchosen.status_code == 200 and "Choose whose headline to keep" in unchosen.content.decode()

    assert save(ana, article, {**again, "resolve-headline": "theirs"}).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.dek, article.body) == ("Ben's headline", "Ben's dek", "<p>Ana's body.</p>")


def test_choosing_mine_for_a_conflict_keeps_this_editors_text():
    article = make_article(headline="Original headline")
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)
    save(ben, article, {**ben_copy, "headline": "Ben's headline"})
    refused = save(ana, article, {**ana_copy, "headline": "Ana's headline"})
    assert save(ana, article, {**reshown(refused), "resolve-headline": "mine"}).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Ana's headline"


def test_bylines_and_tags_merge_like_fields():
    simon, maria = make_author(name="Simon"), make_author(name="Maria")
    politics = make_tag(name="Politics")
    article = make_article(headline="Original", authors=[simon])
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)

    save(ben, article, add_byline(ben_copy, maria, role="Additional reporting by"))
    refused = save(ana, article, {**ana_copy, "tags": [str(politics.pk)], "headline": "Ana's"})
    assert refused.status_code == 200
    assert save(ana, article, reshown(refused)).status_code == 302

    article.refresh_from_db()
    assert article.headline == "Ana's"
    assert [(b.author.name, b.role) for b in article.bylines.order_by("position", "id")] == [
        ("Simon", ""),
        ("Maria", "Additional reporting by"),
    ]
    assert list(article.tags.all()) == [politics]


def test_a_byline_removed_by_the_other_editor_stays_removed():
    simon, maria = make_author(name="Simon"), make_author(name="Maria")
    article = make_article(authors=[simon, maria])
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)
    save(ben, article, {**ben_copy, "bylines-1-DELETE": "on"})
    refused = save(ana, article, {**ana_copy, "dek": "Ana's dek"})
    assert save(ana, article, reshown(refused)).status_code == 302
    article.refresh_from_db()
    assert [b.author.name for b in article.bylines.all()] == ["Simon"] and article.dek == "Ana's dek"


def test_the_merged_save_records_which_versions_it_joined():
    article = make_article(headline="Original")
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)
    save(ben, article, {**ben_copy, "dek": "Ben's dek"})
    refused = save(ana, article, {**ana_copy, "headline": "Ana's"})
    save(ana, article, reshown(refused))
    latest = ArticleRevision.objects.filter(article=article).order_by("-version").first()
    assert latest.version == 3 and latest.base_version == 1
    assert latest.note == "merged: opened v1, saved over v2 (ben)"


def test_merge_rules_on_snapshots():
    base = {"headline": "A", "dek": "B", "kicker": "K", "tags": [1], "published_at": "2026-01-01T10:00:00.123+00:00"}
    theirs = {**base, "dek": "B2", "kicker": "K2", "tags": [1, 2]}
    mine = {**base, "headline": "A3", "kicker": "K3", "published_at": "2026-01-01T10:00:00+00:00"}
    merges = {m.key: m for m in merge_snapshots(base, theirs, mine)}
    assert set(merges) == {"headline", "dek", "kicker", "tags"}, "a time equal to the second is not a change"
    assert merges["headline"].merged == "A3" and merges["dek"].merged == "B2" and merges["tags"].merged == [1, 2]
    assert merges["kicker"].is_conflict and not merges["dek"].is_conflict
    both_same = merge_snapshots(base, {**base, "dek": "X"}, {**base, "dek": "X"})
    assert [m.is_conflict for m in both_same] == [False], "the same change on both sides is no conflict"
    assert merge_snapshots(base, {**base, "status": "published"}, {"headline": "A"}) == [], "parts not in the form"


@pytest.mark.parametrize("choice", ["theirs", "mine"])
def test_bylines_both_changed_are_an_explicit_choice(choice):
    simon, maria, li = make_author(name="Simon"), make_author(name="Maria"), make_author(name="Li")
    article = make_article(authors=[simon])
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)
    save(ben, article, add_byline(ben_copy, maria))
    refused = save(ana, article, {**add_byline(ana_copy, li, role="Additional reporting by"), "dek": "Ana's dek"})
    merge = {row.key: row for row in refused.context["stale_merge"]}
    assert merge["bylines"].kind == "conflict"
    assert merge["bylines"].theirs == "By Simon; By Maria"
    assert merge["bylines"].mine == "By Simon; Additional reporting by Li"

    again = reshown(refused)
    assert save(ana, article, again).status_code == 200, "no choice made: nothing saved"
    assert save(ana, article, {**again, "resolve-bylines": choice}).status_code == 302
    article.refresh_from_db()
    names = [b.author.name for b in article.bylines.order_by("position", "id")]
    assert names == (["Simon", "Maria"] if choice == "theirs" else ["Simon", "Li"])
    assert article.dek == "Ana's dek"


def test_opening_a_story_writes_no_revision_and_locks_nothing():
    """Only a save keeps the version first opened; two people reading a story never wait on each other."""
    article = make_article(headline="Original headline")
    ana = editor_client("ana")
    locks = []
    select_for_update = QuerySet.select_for_update

    def recording(self, *args, **kwargs):
        locks.append(self.model.__name__)
        return select_for_update(self, *args, **kwargs)

    with mock.patch.object(QuerySet, "select_for_update", recording):
        response = ana.get(change_url(article))

    assert response.status_code == 200
    assert ArticleRevision.objects.filter(article=article).count() == 0
    assert locks == []


def test_a_stale_save_of_a_story_never_saved_in_the_admin_is_merged_against_what_was_opened():
    article = make_article(headline="Original headline", dek="Original dek")
    ana, ben = editor_client("ana"), editor_client("ben")
    ana_copy, ben_copy = opened_form(ana, article), opened_form(ben, article)

    assert save(ben, article, {**ben_copy, "dek": "Ben's new dek"}).status_code == 302
    # Ben's save kept the story as both opened it, then his change.
    assert [(r.version, r.snapshot["dek"]) for r in ArticleRevision.objects.filter(article=article)
            .order_by("version")] == [(1, "Original dek"), (2, "Ben's new dek")]
    refused = save(ana, article, {**ana_copy, "headline": "Ana's headline"})
    html = refused.content.decode()
    assert refused.status_code == 200 and "Saved by ben" in html and "Ben&#x27;s new dek" in html

    assert save(ana, article, reshown(refused)).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.dek) == ("Ana's headline", "Ben's new dek")
