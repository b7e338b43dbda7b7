"""The transition table: every state against every action, allowed and refused, and what each records."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article, ArticleRevision, ArticleTransition, Status
from articles.services import publishing
from tests.clock import clock_at
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def editor():
    user = User.objects.create_user("desk", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def story_in(state):
    now = timezone.now()
    return {
        "draft": lambda: make_article(status=Status.DRAFT, headline="The draft"),
        "ready": lambda: make_article(status=Status.READY, headline="The draft"),
        "scheduled": lambda: make_article(published_at=now + HOUR, first_published_at=None, headline="The draft"),
        "live": lambda: make_article(headline="The draft"),
        "withdrawn": lambda: make_article(status=Status.WITHDRAWN, headline="The draft"),
    }[state]()


def run(action, article, by):
    kwargs = {"note": "Check the figures."} if action in ("send_back", "withdraw") else {}
    if action == "schedule":
        kwargs["at"] = timezone.now() + 2 * HOUR
    return getattr(publishing, f"article_{action}")(article=article, by=by, **kwargs)


# (state, action) -> the state it ends in; absent pairs are refused.
ALLOWED = {
    ("draft", "submit"): "ready",
    ("draft", "publish"): "live",
    ("draft", "schedule"): "scheduled",
    ("ready", "send_back"): "draft",
    ("ready", "publish"): "live",
    ("ready", "schedule"): "scheduled",
    ("scheduled", "publish"): "live",
    ("scheduled", "schedule"): "scheduled",
    ("scheduled", "unpublish"): "draft",
    ("scheduled", "withdraw"): "withdrawn",
    ("live", "publish"): "live",  # changes nothing: see below
    ("live", "unpublish"): "draft",
    ("live", "withdraw"): "withdrawn",
    ("withdrawn", "restore"): "draft",
}
STATES = ["draft", "ready", "scheduled", "live", "withdrawn"]
ACTIONS = ["submit", "send_back", "publish", "schedule", "unpublish", "withdraw", "restore"]


def state_of(article):
    article.refresh_from_db()
    if article.status == Status.PUBLISHED:
        return "live" if article.is_published() else "scheduled"
    return article.status


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_from_every_state(editor, state, action):
    article = story_in(state)
    from_status = article.status
    transitions_before = ArticleTransition.objects.count()
    if (state, action) in ALLOWED:
        run(action, article, editor)
        assert state_of(article) == ALLOWED[state, action]
        if (state, action) != ("live", "publish"):
            transition = ArticleTransition.objects.get(article=article)
            assert (transition.by, transition.from_status, transition.to_status) == (
                editor, from_status, article.status
            )
    else:
        with pytest.raises(ValidationError) as refused:
            run(action, article, editor)
        assert "\u201cThe draft\u201d" in refused.value.messages[0], "the refusal names the story"
        assert state_of(article) == state
        assert ArticleTransition.objects.count() == transitions_before


def test_each_transition_records_who_when_from_to_and_the_note_and_a_revision(editor):
    article = make_article(status=Status.READY)
    publishing.article_send_back(article=article, note="Needs a second source.", by=editor)
    transition = ArticleTransition.objects.get(article=article)
    assert (transition.from_status, transition.to_status, transition.note, transition.by) == (
        Status.READY, Status.DRAFT, "Needs a second source.", editor,
    )
    assert abs(transition.at - timezone.now()) < timedelta(seconds=5)
    assert ArticleRevision.objects.filter(article=article, saved_by=editor).count() == 1


def test_publish_now_on_a_live_story_changes_nothing(editor):
    article = make_article()
    published_at = article.published_at
    publishing.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.published_at == published_at
    assert not ArticleTransition.objects.filter(article=article).exists()
    assert not ArticleRevision.objects.filter(article=article).exists()


def test_publish_now_before_the_embargo_schedules_for_the_embargo_and_says_so(editor):
    embargo = (timezone.now() + 3 * HOUR).replace(microsecond=0)
    article = make_article(status=Status.DRAFT, embargo_until=embargo, headline="Jobs report")
    action = publishing.PublishArticle(article, by=editor)
    action.execute()
    article.refresh_from_db()
    assert article.published_at == embargo and article.is_scheduled()
    assert "embargoed until" in action.outcome and "scheduled for then" in action.outcome
    with clock_at(embargo - timedelta(seconds=1)):
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with clock_at(embargo):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_send_back_and_withdraw_need_a_note_from_a_person(editor):
    ready, live = make_article(status=Status.READY), make_article()
    with pytest.raises(ValidationError, match="what to fix"):
        publishing.article_send_back(article=ready, note=" ", by=editor)
    with pytest.raises(ValidationError, match="reason"):
        publishing.article_withdraw(article=live, note="", by=editor)
    assert state_of(ready) == "ready" and state_of(live) == "live"


def test_a_withdrawn_story_keeps_its_reason_and_only_a_restore_brings_it_back(editor):
    article = make_article()
    publishing.article_withdraw(article=article, note="Legal: injunction of Nov. 28.", by=editor)
    for action in ("publish", "unpublish", "submit"):
        with pytest.raises(ValidationError):
            run(action, article, editor)
    assert ArticleTransition.objects.get(article=article, to_status=Status.WITHDRAWN).note == (
        "Legal: injunction of Nov. 28."
    )
    publishing.article_restore(article=article, by=editor)
    assert state_of(article) == "draft"


def test_schedule_needs_a_future_time(editor):
    article = make_article(status=Status.DRAFT)
    with pytest.raises(ValidationError, match="future"):
        publishing.article_schedule(article=article, at=timezone.now() - HOUR, by=editor)


def test_the_check_reads_the_stored_state_not_a_stale_copy(editor):
    article = make_article(status=Status.READY)
    stale = Article.objects.get(pk=article.pk)
    publishing.article_publish(article=article, by=editor)
    # The stale copy still says "ready"; sending it back must be judged on "published".
    with pytest.raises(ValidationError, match="only a story submitted for editing"):
        publishing.article_send_back(article=stale, note="Fix it.", by=editor)


def test_people_without_the_right_are_refused_with_permission_denied():
    reporter = User.objects.create_user("rep", password="pw", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporters"))
    article = make_article(status=Status.READY, headline="Budget vote")
    with pytest.raises(PermissionDenied, match="Budget vote"):
        publishing.article_publish(article=article, by=reporter)
    assert state_of(article) == "ready"


def test_publishing_or_scheduling_past_the_expiry_is_refused_with_the_reason(editor):
    now = timezone.now()
    expired = make_article(status=Status.DRAFT, headline="Old notice", expires_at=now - HOUR)
    with pytest.raises(ValidationError, match="\u201cOld notice\u201d: it expires"):
        publishing.article_publish(article=expired, by=editor)
    soon = make_article(status=Status.DRAFT, headline="Short notice", expires_at=now + HOUR)
    with pytest.raises(ValidationError, match="before it would go live"):
        publishing.article_schedule(article=soon, at=now + 2 * HOUR, by=editor)
    assert state_of(expired) == "draft" and state_of(soon) == "draft"


def test_history_page_lists_every_change_of_state_however_it_was_made(client, editor):
    article = make_article(status=Status.READY, headline="Port strike")
    publishing.article_send_back(article=article, note="Name the union.", by=editor)
    publishing.article_submit(article=article)  # the system, as a command would
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    section = html[html.index("Workflow history"):]
    assert "desk</td><td>Ready for editing</td><td>Draft</td><td>Name the union.</td>" in section
    assert "the system</td><td>Draft</td><td>Ready for editing</td>" in section


def test_buttons_follow_rights_and_state_and_a_time_problem_is_explained_when_pressed(editor):
    expired = make_article(status=Status.DRAFT, expires_at=timezone.now() - HOUR)
    names = [action.name for action in publishing.available_actions(editor, expired)]
    assert names == ["submit", "publish", "schedule"]
    live = make_article()
    assert [a.name for a in publishing.available_actions(editor, live)] == ["unpublish", "withdraw"]
    withdrawn = make_article(status=Status.WITHDRAWN)
    assert [a.name for a in publishing.available_actions(editor, withdrawn)] == ["restore"]
    reporter = User.objects.create_user("rep", password="pw", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporters"))
    own = make_article(status=Status.DRAFT, created_by=reporter)
    assert [a.name for a in publishing.available_actions(reporter, own)] == ["submit"]
    assert publishing.available_actions(reporter, make_article(status=Status.DRAFT)) == []


def test_history_page_lists_a_move_made_in_the_admin_once(admin_client):
    """The log of admin saves and the workflow table are one history: a publish from the form is not told twice."""
    section = make_section()
    admin_client.post(
        "/admin/articles/article/add/",
        {"section": section.pk, "headline": "Pier fire", "slug": "pier-fire", "origin": "staff",
         "_transition": "publish", "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0"},
    )
    article = Article.objects.get(slug="pier-fire")
    admin_client.get("/admin/articles/article/")  # shows, and so clears, the "was published" message
    html = admin_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    saves, workflow = html[: html.index("Workflow history")], html[html.index("Workflow history"):]
    assert "Added." in saves, "the admin's own log of saves is still shown"
    assert "was published" not in saves
    assert "<td>Draft</td><td>Published</td>" in workflow
    # The admin's Recent actions still names the story.
    assert "Pier fire" in admin_client.get("/admin/").content.decode()
