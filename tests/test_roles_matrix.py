"""Every role against every workflow action and every kind of edit, asked of the services directly.

The admin (tests/test_roles.py) and the services must agree; these are the
services' answers, so a shell, a command or a future page gets the same ones.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Status
from articles.services import editing, publishing, revisions
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db

ROLES = ["reporter (own story)", "reporter (someone else's)", "photo desk", "editor", "administrator"]

# The state each action starts from, so that only rights decide.
START = {
    "submit": {"status": Status.DRAFT},
    "send_back": {"status": Status.READY},
    "publish": {"status": Status.READY},
    "schedule": {"status": Status.READY},
    "unpublish": {},
    "withdraw": {},
    "restore": {"status": Status.WITHDRAWN},
}
# Who may: reporters submit their own drafts; editors and administrators do everything.
MAY = {
    "submit": {"reporter (own story)", "editor", "administrator"},
    **{action: {"editor", "administrator"} for action in START if action != "submit"},
}


def someone(role):
    group = {"photo desk": "Photo desk", "editor": "Editors", "administrator": "Administrators"}.get(role, "Reporters")
    user = User.objects.create_user(role.split()[0] + str(User.objects.count()), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def story_for(role, user, **fields):
    owner = user if role == "reporter (own story)" else None
    return make_article(created_by=owner, headline="Harbour budget", **fields)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(START))
def test_each_role_against_each_workflow_action(role, action):
    user = someone(role)
    article = story_for(role, user, **START[action])
    before = article.status
    kwargs = {"note": "A reason."} if action in ("send_back", "withdraw") else {}
    if action == "schedule":
        kwargs["at"] = timezone.now() + timedelta(hours=2)
    run = getattr(publishing, f"article_{action}")
    if role in MAY[action]:
        run(article=article, by=user, **kwargs)
        article.refresh_from_db()
        assert article.status != before or action == "schedule"
    else:
        with pytest.raises(PermissionDenied, match="Harbour budget"):
            run(article=article, by=user, **kwargs)
        article.refresh_from_db()
        assert article.status == before


# What each kind of edit touches, and who may make it on a draft and on a live story.
EDITS = {
    "text": lambda article: setattr(article, "headline", "Changed"),
    "lead photo": lambda article: setattr(article, "lead_photo", make_photo()),
    "pin": lambda article: setattr(article, "home_position", 1),
    "embargo": lambda article: setattr(article, "embargo_until", timezone.now() + timedelta(days=1)),
}
MAY_EDIT = {
    ("text", Status.DRAFT): {"reporter (own story)", "editor", "administrator"},
    ("lead photo", Status.DRAFT): {"reporter (own story)", "photo desk", "editor", "administrator"},
    ("text", Status.PUBLISHED): {"editor", "administrator"},
    ("lead photo", Status.PUBLISHED): {"photo desk", "editor", "administrator"},
    **{(edit, state): {"editor", "administrator"} for edit in ("pin", "embargo")
       for state in (Status.DRAFT, Status.PUBLISHED)},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("edit, state", list(MAY_EDIT))
def test_each_role_against_each_kind_of_edit(role, edit, state):
    user = someone(role)
    article = story_for(role, user, status=state)
    EDITS[edit](article)
    if role in MAY_EDIT[edit, state]:
        editing.article_save(article=article, by=user)
        assert article.revisions.filter(saved_by=user).exists()
    else:
        with pytest.raises(PermissionDenied, match="Harbour budget"):
            editing.article_save(article=article, by=user)
        article.refresh_from_db()
        assert (article.headline, article.lead_photo, article.home_position, article.embargo_until) == (
            "Harbour budget", None, None, None,
        )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_restoring_a_revision_of_a_draft(role):
    user = someone(role)
    article = story_for(role, user, status=Status.DRAFT)
    editing.article_save(article=article, by=None)  # v1: "Harbour budget"
    article.headline = "Changed"
    editing.article_save(article=article, by=None)  # v2
    if role in MAY_EDIT["text", Status.DRAFT]:
        revisions.article_restore_revision(article=article, version=1, by=user)
        article.refresh_from_db()
        assert article.headline == "Harbour budget"
    else:
        with pytest.raises(PermissionDenied, match="Changed"):
            revisions.article_restore_revision(article=article, version=1, by=user)
        article.refresh_from_db()
        assert article.headline == "Changed"
