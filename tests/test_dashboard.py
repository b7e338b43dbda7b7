"""The desk's first page: editors see the day's queue, reporters their own drafts and what came back."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Correction, Status
from articles.services import publishing
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def logged_in(client, name, group):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def test_editors_see_ready_oldest_first_scheduled_in_newsroom_time_embargoed_published_corrected(client):
    editor = logged_in(client, "erin", "Editors")
    older = make_article(status=Status.DRAFT, headline="Filed first")
    newer = make_article(status=Status.DRAFT, headline="Filed second")
    publishing.article_submit(article=older, by=editor)
    publishing.article_submit(article=newer, by=editor)
    at = datetime(2031, 7, 4, 17, 43, tzinfo=UTC)  # 1:43 PM in New York
    make_article(headline="Goes out later", published_at=at, first_published_at=None)
    make_article(status=Status.DRAFT, headline="Held by embargo", embargo_until=timezone.now() + timedelta(hours=3))
    corrected = make_article(headline="Was wrong")
    Correction.objects.create(article=corrected, text="An earlier version misspelled a name.")
    html = client.get("/admin/").content.decode()
    assert html.index("Filed first") < html.index("Filed second")
    assert "Goes out later</a> · goes live July 4, 1:43 PM" in html
    assert "Held by embargo" in html and "Was wrong" in html
    assert html.index("Recently published") < html.index("Was wrong</a> · Correction")


def test_reporters_see_their_own_drafts_and_the_note_they_were_sent_back_with(client):
    reporter = logged_in(client, "rita", "Reporters")
    editor = User.objects.create_user("erin", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    mine = make_article(status=Status.READY, headline="My council story", created_by=reporter)
    publishing.article_send_back(article=mine, note="Needs the vote count.", by=editor)
    make_article(status=Status.DRAFT, headline="Someone else's draft")
    html = client.get("/admin/").content.decode()
    assert "My council story" in html and "Needs the vote count." in html and "sent back" in html
    assert "Someone else" not in html
    assert "Ready for editing (waiting" not in html


def test_editors_see_live_stories_whose_lead_photo_licence_ends_within_a_week(client):
    logged_in(client, "erin", "Editors")
    soon = make_photo(expires_at=timezone.now() + timedelta(days=3))
    later = make_photo(expires_at=timezone.now() + timedelta(days=30))
    make_article(headline="Photo ends soon", lead_photo=soon)
    make_article(headline="Photo ends later", lead_photo=later)
    make_article(headline="Draft with the same photo", lead_photo=soon, status=Status.DRAFT)
    html = client.get("/admin/").content.decode()
    section = html[html.index("Lead photo expiring"):html.index("Recently corrected")]
    assert "Photo ends soon" in section and "photo licence ends" in section
    assert "Photo ends later" not in section and "Draft with the same photo" not in section
