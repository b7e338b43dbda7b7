from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status, offset, visible",
    [
        (Status.PUBLISHED, timedelta(seconds=-1), True),
        (Status.PUBLISHED, timedelta(0), True),
        (Status.PUBLISHED, timedelta(seconds=1), False),
        (Status.DRAFT, timedelta(seconds=-1), False),
        (Status.DRAFT, timedelta(seconds=1), False),
        (Status.WITHDRAWN, timedelta(seconds=-1), False),
        (Status.WITHDRAWN, timedelta(seconds=1), False),
    ],
)
def test_published_truth_table(status, offset, visible):
    at = timezone.now()
    article = make_article(status=status, published_at=at + offset, section=make_section())
    assert (article in Article.objects.published(at=at)) is visible
    assert article.is_published(at=at) is visible


def test_draft_without_time_is_never_published():
    article = make_article(status=Status.DRAFT, published_at=None)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert not article.is_published()


def test_scheduled_is_published_status_with_future_time():
    now = timezone.now()
    later = make_article(published_at=now + timedelta(minutes=1))
    make_article(published_at=now - timedelta(minutes=1))
    assert list(Article.objects.scheduled(at=now)) == [later]
    assert later in Article.objects.published(at=now + timedelta(minutes=1))


def test_published_story_must_have_a_time():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Status.PUBLISHED, published_at=None, first_published_at=None)
