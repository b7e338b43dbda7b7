from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
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
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Status.PUBLISHED, published_at=None, first_published_at=None)


@pytest.mark.parametrize(
    "embargo, expiry, visible",
    [
        (None, None, True),
        (timedelta(seconds=-1), None, True),
        (timedelta(0), None, True),
        (timedelta(seconds=1), None, False),
        (None, timedelta(seconds=1), True),
        (None, timedelta(0), False),
        (None, timedelta(seconds=-1), False),
        (timedelta(seconds=-1), timedelta(seconds=1), True),
    ],
)
def test_published_honours_embargo_and_expiry(embargo, expiry, visible):
    """A live story is hidden until its embargo lifts and from its expiry on."""
    at = timezone.now()
    article = make_article(
        published_at=at - timedelta(hours=1),
        embargo_until=at + embargo if embargo is not None else None,
        expires_at=at + expiry if expiry is not None else None,
    )
    assert (article in Article.objects.published(at=at)) is visible
    assert article.is_published(at=at) is visible


def test_an_embargoed_story_counts_as_scheduled_until_the_embargo_lifts():
    at = timezone.now()
    held = make_article(published_at=at - timedelta(hours=1), embargo_until=at + timedelta(minutes=5))
    assert list(Article.objects.scheduled(at=at)) == [held]
    assert held.state_label(at=at).startswith("Scheduled for")
    assert not Article.objects.scheduled(at=at + timedelta(minutes=5)).exists()


def test_the_publication_window_moves_at_embargo_ends_and_expiries():
    at = timezone.now()
    make_article(published_at=at - timedelta(hours=2))
    lifted = at - timedelta(minutes=30)
    make_article(published_at=at - timedelta(hours=3), embargo_until=lifted)
    expiry = at + timedelta(minutes=7)
    make_article(published_at=at - timedelta(hours=4), expires_at=expiry)
    embargo_end = at + timedelta(minutes=9)
    make_article(published_at=at - timedelta(hours=1), embargo_until=embargo_end)
    assert Article.objects.publication_window(at=at) == (lifted, expiry)
    # After the expiry the newest change is that expiry, and the next is the embargo's end.
    assert Article.objects.publication_window(at=expiry) == (expiry, embargo_end)
