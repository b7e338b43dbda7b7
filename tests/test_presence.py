"""Who is editing: a heartbeat shows others "Being edited by NAME since 10:31"; quiet or closed tabs drop out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import printstyle
from articles.models import ArticlePresence
from tests.admin_forms import change_url, editor_client, opened_form, save
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def beat(client, article):
    return client.post(change_url(article).replace("change/", "presence/")).json()["others"]


def test_others_see_who_has_the_story_open_and_since_when():
    article = make_article()
    ana, ben = editor_client("ana", first_name="Ana", last_name="Petrović"), editor_client("ben")
    assert beat(ana, article) == []
    since = printstyle.clock_time(ArticlePresence.objects.get(user__username="ana").since)
    assert beat(ben, article) == [{"name": "Ana Petrović", "since": since}]
    assert f"Being edited by Ana Petrović since {since}" in ben.get(change_url(article)).content.decode()
    # Ben's own start time, not the clock now: the minute may turn between the two.
    ben_since = printstyle.clock_time(ArticlePresence.objects.get(user__username="ben").since)
    assert beat(ana, article) == [{"name": "ben", "since": ben_since}]


def test_a_closed_tab_or_a_quiet_one_stops_showing():
    article = make_article()
    ana, ben = editor_client("ana"), editor_client("ben")
    beat(ana, article)
    ana.post(change_url(article).replace("change/", "presence/leave/"))
    assert beat(ben, article) == []

    beat(ana, article)
    ArticlePresence.objects.filter(user__username="ana").update(seen_at=timezone.now() - timedelta(minutes=5))
    assert beat(ben, article) == []


def test_presence_never_locks():
    article = make_article(headline="Old")
    ana, ben = editor_client("ana"), editor_client("ben")
    beat(ana, article)
    assert save(ben, article, {**opened_form(ben, article), "headline": "Ben's"}).status_code == 302
