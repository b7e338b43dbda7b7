"""Embargo and expiry in the story form: editors set them; Publish before the embargo schedules for its end."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Status
from tests.clock import clock_at
from tests.factories import make_article
from tests.test_roles import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.user = user
    return client


def split(name, moment):
    local = timezone.localtime(moment)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def test_publish_before_the_embargo_schedules_for_its_end_and_says_so(editor):
    article = make_article(status=Status.READY, headline="Jobs report")
    embargo = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    data = form_data(editor, article, _transition="publish", **split("embargo_until", embargo))
    response = editor.post(f"/admin/articles/article/{article.pk}/change/", data, follow=True)
    assert response.status_code == 200
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "\u201cJobs report\u201d is embargoed until" in messages and "scheduled for then" in messages
    article.refresh_from_db()
    assert article.embargo_until == embargo and article.published_at == embargo and article.is_scheduled()
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_an_expiry_set_in_the_form_takes_the_story_off_the_site(editor, client):
    article = make_article(headline="Road closure")
    expiry = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    data = form_data(editor, article, **split("expires_at", expiry))
    assert editor.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    article.refresh_from_db()
    assert article.expires_at == expiry
    with clock_at(expiry):
        assert not Article.objects.published().filter(pk=article.pk).exists()


def test_an_expiry_before_the_publish_time_is_refused_on_the_form(editor):
    article = make_article(headline="Road closure")
    data = form_data(editor, article, **split("expires_at", article.published_at - timedelta(hours=1)))
    response = editor.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    article.refresh_from_db()
    assert article.expires_at is None
