"""Least privilege, on the server: every role against every action, in the admin, its list actions and preview.

Crafted POSTs (a field the form does not show, a button the page does not
offer, a story the user may only read) are answered 403 or refused, and
change nothing.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleTransition, Correction, Status
from articles.roles import ROLES
from articles.services import publishing
from tests.admin_forms import opened_form
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def person(client_factory, name, group):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = client_factory()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def people():
    return {
        "reporter": person(Client, "rita", "Reporters"),
        "other_reporter": person(Client, "omar", "Reporters"),
        "editor": person(Client, "erin", "Editors"),
        "photo_desk": person(Client, "pia", "Photo desk"),
    }


def form_data(client, article, **changes):
    """What the change form posts back, as this user's browser holds it, with `changes`."""
    return {**opened_form(client, article), **changes}


def own_draft(client, **kwargs):
    kwargs.setdefault("status", Status.DRAFT)
    kwargs.setdefault("headline", "Council approves budget")
    return make_article(created_by=client.user, **kwargs)


# --- Roles exist after migrate ------------------------------------------------------------


def test_migrate_alone_gives_the_four_groups_with_their_permissions():
    """The test database was made by `migrate`, with no demo: the roles are there."""
    groups = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert {"Editors", "Reporters", "Photo desk", "Administrators"} <= set(groups)
    assert {"publish_article", "delete_article", "add_correction"} <= groups["Editors"]
    assert {"add_article", "change_article"} <= groups["Reporters"]
    assert not {"publish_article", "delete_article", "add_correction"} & groups["Reporters"]
    assert "change_article_photo" in groups["Photo desk"] and "change_article" not in groups["Photo desk"]
    assert {"change_user", "add_user", "publish_article"} <= groups["Administrators"]
    assert groups["Administrators"] == set(Permission.objects.values_list("codename", flat=True))
    assert set(ROLES) | {"Administrators"} == set(groups)


def test_migrate_recreates_a_deleted_role():
    Group.objects.filter(name="Reporters").delete()
    call_command("migrate", verbosity=0)
    assert Group.objects.get(name="Reporters").permissions.filter(codename="add_article").exists()


# --- Reporters ------------------------------------------------------------------------------


def test_reporter_edits_and_submits_their_own_draft(people):
    reporter = people["reporter"]
    article = own_draft(reporter)
    response = reporter.post(change_url(article), form_data(reporter, article, headline="Council passes budget"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Council passes budget"
    response = reporter.post(change_url(article), form_data(reporter, article, _transition="submit"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.READY


def test_reporter_bylined_on_a_story_may_change_it(people):
    reporter = people["reporter"]
    article = make_article(status=Status.DRAFT, authors=[make_author(user=reporter.user)])
    response = reporter.post(change_url(article), form_data(reporter, article, dek="New dek"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.dek == "New dek"


@pytest.mark.parametrize("whose, state", [
    ("someone else's", Status.DRAFT), ("own", Status.READY), ("own", Status.PUBLISHED), ("own", Status.WITHDRAWN),
])
def test_reporter_gets_read_only_and_a_crafted_post_is_403(people, whose, state):
    reporter = people["reporter"]
    owner = reporter if whose == "own" else people["other_reporter"]
    article = own_draft(owner, status=state, published_at=timezone.now() - timedelta(hours=1))
    page = reporter.get(change_url(article))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="headline"' not in html and 'name="_transition"' not in html
    data = form_data(owner, article, headline="Rewritten by a reporter")
    assert reporter.post(change_url(article), data).status_code == 403
    assert reporter.post(change_url(article), {**data, "_transition": "submit"}).status_code == 403
    article.refresh_from_db()
    assert article.headline == "Council approves budget" and article.status == state


@pytest.mark.parametrize("button", ["publish", "schedule", "unpublish", "withdraw", "send_back", "restore"])
def test_reporter_pressing_an_editors_button_on_their_own_draft_is_403(people, button):
    reporter = people["reporter"]
    article = own_draft(reporter)
    at = timezone.localtime() + timedelta(hours=1)
    data = form_data(reporter, article, _transition=button, transition_note="because",
                     published_at_0=at.strftime("%Y-%m-%d"), published_at_1=at.strftime("%H:%M:%S"))
    assert reporter.post(change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert article.status == Status.DRAFT and not ArticleTransition.objects.filter(article=article).exists()


def test_reporter_cannot_set_publish_time_pin_embargo_or_expiry_even_by_crafting_fields(people):
    reporter = people["reporter"]
    article = own_draft(reporter)
    soon = timezone.localtime() - timedelta(minutes=5)
    crafted = {
        "status": "published", "home_position": "1",
        "published_at_0": soon.strftime("%Y-%m-%d"), "published_at_1": soon.strftime("%H:%M:%S"),
        "expires_at_0": "2030-01-01", "expires_at_1": "00:00:00",
    }
    response = reporter.post(change_url(article), form_data(reporter, article, **crafted))
    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.status, article.published_at, article.home_position, article.expires_at) == (
        Status.DRAFT, None, None, None,
    )


@pytest.mark.parametrize("action", ["publish_now", "unpublish", "withdraw", "restore", "send_back", "delete_selected"])
def test_reporter_list_actions_for_editors_do_nothing(people, action):
    reporter = people["reporter"]
    stories = [own_draft(reporter), own_draft(reporter, status=Status.READY), make_article(), own_draft(
        reporter, status=Status.WITHDRAWN)]
    before = [(s.status, s.published_at) for s in stories]
    assert f'value="{action}"' not in reporter.get(CHANGELIST).content.decode()
    response = reporter.post(CHANGELIST, {"action": action, "_selected_action": [s.pk for s in stories],
                                          "note": "x", "post": "yes"})
    assert response.status_code in (200, 302, 403)
    after = [(s.status, s.published_at) for s in Article.objects.filter(pk__in=[s.pk for s in stories])
             .order_by("pk")]
    assert after == before


def test_reporter_submit_list_action_reports_each_story(people):
    reporter = people["reporter"]
    mine = own_draft(reporter, headline="Mine")
    theirs = own_draft(people["other_reporter"], headline="Theirs")
    response = reporter.post(
        CHANGELIST, {"action": "submit_for_editing", "_selected_action": [mine.pk, theirs.pk]}, follow=True
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "\u201cMine\u201d was submitted for editing" in text
    assert "Refused" in text and "\u201cTheirs\u201d" in text
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Status.READY, Status.DRAFT)


def test_reporter_cannot_delete_a_story(people):
    reporter = people["reporter"]
    article = own_draft(reporter)
    assert reporter.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_add_a_correction_even_with_a_crafted_inline(people):
    reporter = people["reporter"]
    article = own_draft(reporter)
    data = form_data(reporter, article, **{
        "corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0",
        "corrections-0-kind": "correction", "corrections-0-text": "Crafted",
    })
    reporter.post(change_url(article), data)
    assert not Correction.objects.exists()


# --- The photo desk -------------------------------------------------------------------------


def test_photo_desk_sets_lead_photo_and_caption_but_not_the_text(people):
    desk = people["photo_desk"]
    article = make_article(headline="Flood waters rise")
    photo = make_photo()
    html = desk.get(change_url(article)).content.decode()
    assert 'name="lead_photo"' in html and 'name="headline"' not in html and 'name="body"' not in html
    data = form_data(desk, article, lead_photo=photo.pk, lead_photo_caption="Water in the square.")
    assert desk.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.lead_photo, article.lead_photo_caption) == (photo, "Water in the square.")


@pytest.mark.parametrize("crafted", [
    {"headline": "Crafted headline"}, {"body": "<p>Crafted</p>"}, {"slug": "crafted"}, {"home_position": "1"},
])
def test_photo_desk_posting_the_text_it_may_not_change_is_403_and_changes_nothing(people, crafted):
    """Not "changed successfully" with the text quietly dropped: the README's crafted POST is answered 403."""
    desk = people["photo_desk"]
    article = make_article(headline="Flood waters rise")
    data = form_data(desk, article, lead_photo=make_photo().pk, lead_photo_caption="Water in the square.", **crafted)
    response = desk.post(change_url(article), data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.headline, article.lead_photo, article.lead_photo_caption) == ("Flood waters rise", None, "")
    assert "Crafted" not in article.body and article.revisions.count() <= 1


def test_photo_desk_cannot_write_stories_or_change_their_state(people):
    desk = people["photo_desk"]
    article = make_article(status=Status.READY)
    assert desk.get("/admin/articles/article/add/").status_code == 403
    data = form_data(desk, article, _transition="publish")
    assert desk.post(change_url(article), data).status_code == 403
    desk.post(CHANGELIST, {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.READY


# --- Editors --------------------------------------------------------------------------------


def test_editor_sends_back_with_a_note_and_the_note_is_required(people):
    editor = people["editor"]
    article = own_draft(people["reporter"], status=Status.READY)
    response = editor.post(change_url(article), form_data(editor, article, _transition="send_back"))
    assert response.status_code == 200 and "say what to fix" in response.content.decode()
    response = editor.post(change_url(article), form_data(
        editor, article, _transition="send_back", transition_note="Needs a second source."
    ))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.transitions.get().note == "Needs a second source."


def test_editor_changes_any_story_and_sees_every_allowed_button(people):
    editor = people["editor"]
    article = own_draft(people["reporter"], status=Status.READY)
    html = editor.get(change_url(article)).content.decode()
    for button in ("send_back", "publish", "schedule"):
        assert f'value="{button}"' in html
    assert 'value="withdraw"' not in html, "a story not yet published cannot be withdrawn"
    response = editor.post(change_url(article), form_data(editor, article, headline="Edited", _transition="publish"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Edited" and article.is_published()


def test_editor_list_action_reports_done_and_refused_and_survives_a_crash(people, monkeypatch):
    editor = people["editor"]
    draft, withdrawn, crashing = (
        make_article(status=Status.DRAFT, headline="Fine"),
        make_article(status=Status.WITHDRAWN, headline="Pulled"),
        make_article(status=Status.DRAFT, headline="Crashes"),
    )
    real_apply = publishing.PublishArticle.apply

    def apply(self):
        real_apply(self)
        if self.article.headline == "Crashes":
            raise RuntimeError("disk full")

    monkeypatch.setattr(publishing.PublishArticle, "apply", apply)
    response = editor.post(CHANGELIST, {"action": "publish_now",
                                        "_selected_action": [draft.pk, withdrawn.pk, crashing.pk]}, follow=True)
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert "\u201cFine\u201d was published" in text
    assert "\u201cPulled\u201d" in text and "\u201cCrashes\u201d: not changed" in text
    states = dict(Article.objects.values_list("headline", "status"))
    assert states == {"Fine": Status.PUBLISHED, "Pulled": Status.WITHDRAWN, "Crashes": Status.DRAFT}
    assert not ArticleTransition.objects.filter(article=crashing).exists()


def test_editor_adds_a_correction_on_the_story_form(people):
    editor = people["editor"]
    article = make_article()
    data = form_data(editor, article, **{
        "corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0",
        "corrections-0-kind": "correction", "corrections-0-text": "An earlier version misspelled the mayor's name.",
    })
    assert editor.post(change_url(article), data).status_code == 302
    correction = Correction.objects.get(article=article)
    assert correction.created_by == editor.user and "misspelled" in correction.text


# --- Preview follows the rule for changing ---------------------------------------------------


@pytest.mark.parametrize("who, sees", [
    ("reporter", True), ("other_reporter", False), ("editor", True), ("photo_desk", True), ("anonymous", False),
])
def test_preview_of_a_draft_follows_the_rule_for_changing_it(people, client, who, sees):
    article = own_draft(people["reporter"], section=make_section())
    viewer = client if who == "anonymous" else people[who]
    response = viewer.get(article.get_absolute_url())
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert b"Preview" in response.content


def test_editor_schedules_several_stories_from_the_list_at_one_time(people):
    editor = people["editor"]
    stories = [make_article(status=Status.DRAFT), make_article(status=Status.READY)]
    at = (timezone.localtime() + timedelta(hours=3)).replace(second=0, microsecond=0)
    editor.post(CHANGELIST, {"action": "schedule", "_selected_action": [s.pk for s in stories],
                             "at": at.strftime("%Y-%m-%d %H:%M")})
    for story in stories:
        story.refresh_from_db()
        assert story.is_scheduled() and story.published_at == at


def test_schedule_from_the_list_without_a_time_is_refused_per_story(people):
    editor = people["editor"]
    story = make_article(status=Status.DRAFT, headline="No time given")
    response = editor.post(CHANGELIST, {"action": "schedule", "_selected_action": [story.pk]}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "\u201cNo time given\u201d: a scheduled time must be in the future." in text
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_reporter_autocomplete_reaches_authors_but_not_user_accounts(people):
    reporter = people["reporter"]
    make_author(name="Simon Corlett")
    authors = reporter.get("/admin/autocomplete/", {
        "term": "Simon", "app_label": "articles", "model_name": "byline", "field_name": "author",
    })
    assert authors.status_code == 200 and [r["text"] for r in authors.json()["results"]] == ["Simon Corlett"]
    users = reporter.get("/admin/autocomplete/", {
        "term": "e", "app_label": "articles", "model_name": "author", "field_name": "user",
    })
    assert users.status_code == 403


@pytest.mark.parametrize("who", ["photo_desk", "other_reporter"])
def test_restoring_a_revision_needs_the_right_to_change_the_text(people, who):
    reporter = people["reporter"]
    article = own_draft(reporter, headline="First words")
    reporter.post(change_url(article), form_data(reporter, article, headline="Second words"))
    response = people[who].post(f"/admin/articles/article/{article.pk}/revisions/1/restore/")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Second words"
    assert reporter.post(f"/admin/articles/article/{article.pk}/revisions/1/restore/").status_code == 302
    article.refresh_from_db()
    assert article.headline == "First words"
