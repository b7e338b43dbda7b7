from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Status
from articles.services import publishing
from tests.clock import clock_at
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_schedule_requires_a_future_time():
    article = make_article(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        publishing.article_schedule(article=article, at=timezone.now() - timedelta(seconds=1))
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_scheduled_story_goes_live_at_its_second_without_any_worker():
    now = timezone.now().replace(microsecond=0)
    article = publishing.article_schedule(article=make_article(status=Status.DRAFT), at=now + timedelta(seconds=60))
    with clock_at(now + timedelta(seconds=59)):
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with clock_at(now + timedelta(seconds=60)):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_rescheduling_before_go_live_moves_first_published_but_not_after():
    now = timezone.now()
    article = publishing.article_schedule(article=make_article(status=Status.DRAFT), at=now + timedelta(hours=1))
    article = publishing.article_schedule(article=article, at=now + timedelta(hours=2))
    assert article.first_published_at == now + timedelta(hours=2)

    with clock_at(now + timedelta(hours=3)):
        publishing.article_publish(article=article)
    assert article.first_published_at == now + timedelta(hours=2), "a live story keeps its first-publication time"


def test_publish_rejects_a_future_time():
    with pytest.raises(ValidationError):
        publishing.article_publish(article=make_article(status=Status.DRAFT), at=timezone.now() + timedelta(hours=1))


def test_unpublish_and_withdraw_hide_the_story():
    first = make_article()
    second = make_article()
    publishing.article_unpublish(article=first)
    publishing.article_withdraw(article=second, note="Legal asked us to take it down.")
    assert not Article.objects.published().filter(pk__in=[first.pk, second.pk]).exists()
    assert first.status == Status.DRAFT and second.status == Status.WITHDRAWN
