"""Share links: one unpublished story, signed, for 48 hours by default, revocable; 404 after."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ShareLink, Status
from articles.services.publishing import article_publish, article_unpublish, article_withdraw
from articles.services.writing import (
    share_link_create,
    share_link_from_signed_token,
    share_link_revoke,
    share_link_signed_token,
)
from tests.admin_forms import editor_client
from tests.factories import make_article, make_photo_desk, make_reporter

pytestmark = pytest.mark.django_db


def share_url(link):
    return reverse("articles:share-preview", args=[share_link_signed_token(link)])


def test_a_share_link_shows_the_draft_in_the_public_page_marked_as_a_preview(client):
    draft = make_article(status=Status.DRAFT, headline="ZZDRAFT headline")
    other = make_article(status=Status.DRAFT, headline="ZZOTHER draft")
    link = share_link_create(article=draft, by=None)
    assert timedelta(hours=47, minutes=59) < link.expires_at - timezone.now() <= timedelta(hours=48)

    response = client.get(share_url(link))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ZZDRAFT headline" in html and "ZZOTHER" not in html and "preview-banner" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html and response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(other.get_absolute_url()).status_code == 404, "the link opens nothing else"


def test_a_revoked_or_expired_or_forged_link_answers_404(client):
    draft = make_article(status=Status.DRAFT)
    revoked = share_link_create(article=draft, by=None)
    share_link_revoke(link=revoked, by=None)
    short = share_link_create(article=draft, by=None, hours=1)
    ShareLink.objects.filter(pk=short.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(share_url(revoked)).status_code == 404
    assert client.get(share_url(short)).status_code == 404
    good = share_link_signed_token(share_link_create(article=draft, by=None))
    value, signature = good.rsplit(":", 1)
    assert client.get(reverse("articles:share-preview", args=[f"{value}:{signature[::-1]}"])).status_code == 404
    unsigned = ShareLink.objects.latest("created_at").token
    assert client.get(reverse("articles:share-preview", args=[unsigned])).status_code == 404


def test_a_published_story_gets_no_share_link_and_an_old_link_goes_to_its_address(client):
    story = make_article()
    with pytest.raises(ValidationError):
        share_link_create(article=story, by=None)
    draft = make_article(status=Status.DRAFT)
    link = share_link_create(article=draft, by=None)
    draft.status, draft.published_at = Status.PUBLISHED, timezone.now()
    draft.save()
    assert client.get(share_url(link))["Location"] == draft.get_absolute_url()


def test_editors_make_links_with_their_own_lifetime_and_revoke_them():
    draft = make_article(status=Status.DRAFT)
    ana = editor_client("ana")
    page = f"/admin/articles/article/{draft.pk}/share/"
    assert ana.post(page, {"hours": "6", "note": "Legal"}).status_code == 302
    link = ShareLink.objects.get(article=draft)
    assert timedelta(hours=5, minutes=59) < link.expires_at - timezone.now() <= timedelta(hours=6)
    listing = ana.get(page).content.decode()
    # The signed token carries the second it was signed in, so compare what it names, not its text.
    tokens = re.findall(r"/preview/([^/\"]+)/", listing)
    assert [share_link_from_signed_token(token) for token in tokens] == [link] and "Legal" in listing
    assert ana.post(page, {"hours": "100000"}).status_code == 302
    assert ShareLink.objects.filter(article=draft).count() == 1, "an out-of-range lifetime is refused"
    ana.post(f"{page}{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None


# --- A withdrawal ends every link --------------------------------------------------------------


@pytest.mark.parametrize("take_down", ["withdraw", "unpublish"])
def test_withdrawing_or_unpublishing_a_story_revokes_its_links(client, take_down):
    """A link made on the draft must not show the story again once it is taken down ("legal takedown")."""
    draft = make_article(status=Status.DRAFT, headline="ZZLEGAL headline")
    link = share_link_create(article=draft, by=None, hours=720)
    article_publish(article=draft)
    assert client.get(share_url(link)).status_code == 302, "public: the link goes to the story's address"
    if take_down == "withdraw":
        article_withdraw(article=draft, note="Legal takedown.")
    else:
        article_unpublish(article=draft)
    response = client.get(share_url(link))
    assert response.status_code == 404 and "ZZLEGAL" not in response.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_withdrawn_story_is_never_shown_through_a_link_even_one_left_unrevoked(client):
    story = make_article(status=Status.DRAFT, headline="ZZWITHDRAWN headline")
    link = share_link_create(article=story, by=None)
    Article.objects.filter(pk=story.pk).update(status=Status.WITHDRAWN)  # as a script or old release would
    response = client.get(share_url(link))
    assert response.status_code == 404 and "ZZWITHDRAWN" not in response.content.decode()
    with pytest.raises(ValidationError, match="withdrawn"):
        share_link_create(article=Article.objects.get(pk=story.pk), by=None)


# --- Only those who may change the story's text share it ----------------------------------------


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_photo_desk_may_neither_make_nor_revoke_share_links():
    embargoed = make_article(status=Status.DRAFT, embargo_until=timezone.now() + timedelta(days=2))
    desk = make_photo_desk()
    with pytest.raises(PermissionDenied):
        share_link_create(article=embargoed, by=desk, hours=720)
    editors_link = share_link_create(article=embargoed, by=None)
    with pytest.raises(PermissionDenied):
        share_link_revoke(link=editors_link, by=desk)

    client = logged_in(desk)
    page = f"/admin/articles/article/{embargoed.pk}/share/"
    assert client.get(page).status_code == 403, "the page lists working links: not for the photo desk"
    assert client.post(page, {"hours": "720"}).status_code == 403
    assert client.post(f"{page}{editors_link.pk}/revoke/").status_code == 403
    assert ShareLink.objects.filter(article=embargoed).count() == 1
    editors_link.refresh_from_db()
    assert editors_link.revoked_at is None
    assert "/share/" not in client.get(f"/admin/articles/article/{embargoed.pk}/change/").content.decode()


def test_a_reporter_shares_their_own_draft_but_not_someone_elses():
    reporter = make_reporter()
    own = make_article(status=Status.DRAFT, created_by=reporter)
    other = make_article(status=Status.DRAFT)
    client = logged_in(reporter)
    assert client.post(f"/admin/articles/article/{own.pk}/share/", {"hours": "6"}).status_code == 302
    link = ShareLink.objects.get(article=own)
    assert client.post(f"/admin/articles/article/{own.pk}/share/{link.pk}/revoke/").status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    with pytest.raises(PermissionDenied):
        share_link_create(article=other, by=reporter)
    assert client.post(f"/admin/articles/article/{other.pk}/share/", {"hours": "6"}).status_code == 403
    assert not ShareLink.objects.filter(article=other).exists()
