"""Rights that are enforced: an expired or restricted picture disappears from every public
surface while its story stays up; a story cannot go live with a lead photo it may not show."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import printstyle
from articles.caching import content_version, publication_window
from articles.models import Article, CreditType, PhotoAsset, Status
from articles.ninjs import ninjs_errors
from articles.services.editing import article_save
from articles.services.photos import lead_photo_refusal
from articles.services.publishing import article_publish, article_schedule
from tests.admin_forms import change_url, editor_client, opened_form
from tests.factories import make_article, make_author, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def expired_photo(**kwargs):
    return make_photo(expires_at=timezone.now() - timedelta(minutes=1), **kwargs)


# --- The rule -------------------------------------------------------------------------------

def test_showable_truth_table():
    now = timezone.now()
    free = make_photo()
    later = make_photo(expires_at=now + timedelta(days=1))
    gone = make_photo(expires_at=now - timedelta(seconds=1))
    restricted = make_photo(is_restricted=True)
    assert set(PhotoAsset.objects.showable(at=now)) == {free, later}
    assert set(PhotoAsset.objects.showable(at=now + timedelta(days=2))) == {free}
    for photo in (free, later, gone, restricted):
        assert photo.is_showable(at=now) == PhotoAsset.objects.showable(at=now).filter(pk=photo.pk).exists()


# --- Every public surface ------------------------------------------------------------------

SURFACES = ["/", "section", "story", "author", "/feeds/rss/", "/feeds/atom/", "/api/v1/articles/", "api-item"]
FEEDS = {"/feeds/rss/", "/feeds/atom/"}  # they carry no pictures today; checked so they never start leaking one


def surface_url(name, article, author):
    return {
        "section": article.section.get_absolute_url(),
        "story": article.get_absolute_url(),
        "author": author.get_absolute_url(),
        "api-item": f"/api/v1/articles/{article.pk}/",
    }.get(name, name)


@pytest.mark.parametrize("hidden_by", ["expiry", "restriction"])
def test_a_picture_readers_may_not_see_is_gone_from_every_surface_and_the_story_stays(client, hidden_by):
    author = make_author()
    photo = make_photo(caption="Silos at dusk", credit="Jane Doe/Ledger")
    author.portrait = photo
    author.save()
    article = make_article(headline="Grain prices rise", lead_photo=photo, authors=[author])
    rendition_url = photo.rendition_url("card")
    for name in set(SURFACES) - FEEDS:
        html = client.get(surface_url(name, article, author)).content.decode()
        assert f"/media/renditions/{photo.pk}/" in html.replace("\\/", "/"), f"{name} shows the photo while allowed"
    assert client.get(rendition_url).status_code == 200

    if hidden_by == "expiry":
        photo.expires_at = timezone.now() - timedelta(seconds=1)
    else:
        photo.is_restricted = True
    photo.save()

    for name in SURFACES:
        response = client.get(surface_url(name, article, author))
        assert response.status_code == 200, name
        html = response.content.decode().replace("\\/", "/")
        assert f"/media/renditions/{photo.pk}/" not in html, f"{name} still shows the photo"
        assert "Jane Doe/Ledger" not in html, f"{name} still credits the photo"
    story = client.get(article.get_absolute_url()).content.decode()
    assert "Grain prices rise" in story and "<figure" not in story and 'og:image"' not in story
    assert '<meta name="twitter:card" content="summary">' in story
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', story, re.S).group(1))
    assert "image" not in data
    assert client.get(rendition_url).status_code == 404


def test_the_page_cache_does_not_outlive_a_photo_licence(client):
    soon = timezone.now() + timedelta(seconds=30)
    photo = make_photo(expires_at=soon)
    article = make_article(lead_photo=photo)
    response = client.get(article.get_absolute_url())
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age <= 30, "browsers and CDNs must not keep the picture past its expiry"
    epoch, upcoming = publication_window(timezone.now(), content_version())
    assert upcoming == soon
    # When the moment passes, the window moves and the cached page is not served.
    later_epoch, _ = publication_window(soon + timedelta(seconds=1), content_version())
    assert later_epoch != epoch


def test_a_cached_page_is_not_served_after_the_photo_expires(client, monkeypatch):
    photo = make_photo(expires_at=timezone.now() + timedelta(seconds=5))
    article = make_article(lead_photo=photo)
    url = article.get_absolute_url()
    assert f"/media/renditions/{photo.pk}/" in client.get(url).content.decode()
    later = timezone.now() + timedelta(seconds=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert f"/media/renditions/{photo.pk}/" not in client.get(url).content.decode()


def test_rendition_cache_lifetime_stops_at_the_licence_expiry(client):
    photo = make_photo(expires_at=timezone.now() + timedelta(hours=1))
    make_article(lead_photo=photo)
    response = client.get(photo.rendition_url("thumb"))
    assert response.status_code == 200
    assert 3500 <= int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) <= 3600


# --- Going live -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "photo_fields, reason",
    [
        ({"credit": ""}, "has no credit"),
        ({"alt_text": ""}, "has no alt text"),
        ({"is_restricted": True}, "is restricted"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "licence expires"),
    ],
)
def test_publishing_is_refused_naming_the_photo(photo_fields, reason):
    photo = make_photo(title="Kabul queue", **photo_fields)
    article = make_article(status=Status.DRAFT, lead_photo=photo)
    with pytest.raises(ValidationError) as refused:
        article_publish(article=article)
    message = " ".join(refused.value.messages)
    assert reason in message and f"photo {photo.pk} “Kabul queue”" in message
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_scheduling_past_the_photos_expiry_is_refused_but_before_it_is_allowed():
    photo = make_photo(expires_at=timezone.now() + timedelta(hours=2))
    article = make_article(status=Status.DRAFT, lead_photo=photo)
    with pytest.raises(ValidationError, match="licence expires"):
        article_schedule(article=article, at=timezone.now() + timedelta(hours=3))
    article_schedule(article=article, at=timezone.now() + timedelta(hours=1))
    assert Article.objects.get(pk=article.pk).is_scheduled()


def test_a_good_lead_photo_or_none_goes_live():
    assert lead_photo_refusal(None) is None
    assert lead_photo_refusal(make_photo()) is None
    article_publish(article=make_article(status=Status.DRAFT, lead_photo=make_photo()))


# --- The desk's warning list --------------------------------------------------------------------

def test_live_stories_whose_lead_photo_expires_within_7_days():
    now = timezone.now()
    soon = make_article(headline="Soon", lead_photo=make_photo(expires_at=now + timedelta(days=2)))
    make_article(headline="Later", lead_photo=make_photo(expires_at=now + timedelta(days=30)))
    make_article(headline="Gone", lead_photo=make_photo(expires_at=now - timedelta(days=1)))
    make_article(headline="Draft", status=Status.DRAFT, lead_photo=make_photo(expires_at=now + timedelta(days=1)))
    make_article(headline="No photo")
    assert list(Article.objects.with_lead_photo_expiring(within=timedelta(days=7), at=now)) == [soon]


# --- Credits ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "credit_type, printed",
    [
        (CreditType.PHOTO, "Photo by Samiullah Popal/EPA-EFE"),
        (CreditType.FILE_PHOTO, "File Photo by Samiullah Popal/EPA-EFE"),
        (CreditType.ILLUSTRATION, "Photo illustration by Samiullah Popal/EPA-EFE"),
        (CreditType.HANDOUT, "Handout photo via Samiullah Popal/EPA-EFE"),
        (CreditType.COURTESY, "Courtesy of Samiullah Popal/EPA-EFE"),
    ],
)
def test_each_credit_type_prints_its_prefix(client, credit_type, printed):
    assert printstyle.photo_credit(credit="Samiullah Popal/EPA-EFE", credit_type=credit_type) == printed
    article = make_article(lead_photo=make_photo(credit="Samiullah Popal/EPA-EFE", credit_type=credit_type))
    assert printed in client.get(article.get_absolute_url()).content.decode()


def test_the_api_carries_the_photos_copyright_notice_and_usage_terms_as_valid_ninjs(client):
    photo = make_photo(copyright_notice="© EPA-EFE 2025", usage_terms="Editorial use only.")
    article = make_article(lead_photo=photo)
    item = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert ninjs_errors(item) == []
    association = item["associations"][0]
    assert association["copyrightnotice"] == "© EPA-EFE 2025"
    assert association["usageterms"] == "Editorial use only."


# --- The story form and the desk's "Publish now" ----------------------------------------------

def test_the_story_form_refuses_to_publish_with_an_uncredited_lead_photo_and_keeps_the_text():
    editor = editor_client("chief")
    photo = make_photo(credit="", title="Kabul queue")
    article = make_article(status=Status.DRAFT, lead_photo=photo, headline="Aid arrives")
    data = opened_form(editor, article)
    data.update(_transition="publish", headline="Aid arrives in Kabul")
    response = editor.post(change_url(article), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"photo {photo.pk} “Kabul queue”" in html and "has no credit" in html
    assert 'value="Aid arrives in Kabul"' in html
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_editing_a_live_story_whose_photo_expired_since_is_not_blocked():
    editor = editor_client("chief")
    article = make_article(lead_photo=make_photo(expires_at=timezone.now() - timedelta(days=1)))
    data = opened_form(editor, article)
    data["headline"] = "A corrected headline"
    assert editor.post(change_url(article), data).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "A corrected headline"


def test_publish_now_names_a_refused_story_and_publishes_the_rest():
    editor = editor_client("chief")
    refused = make_article(status=Status.DRAFT, lead_photo=make_photo(alt_text=""))
    fine = make_article(status=Status.DRAFT, lead_photo=make_photo())
    response = editor.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [refused.pk, fine.pk]}, follow=True
    )
    html = response.content.decode()
    assert "has no alt text" in html and "was published." in html
    assert Article.objects.get(pk=fine.pk).is_published() and not Article.objects.get(pk=refused.pk).is_published()


# --- A live story keeps to the same rule on every save -------------------------------------------

@pytest.mark.parametrize(
    "photo_fields, reason",
    [
        ({"credit": ""}, "has no credit"),
        ({"alt_text": ""}, "has no alt text"),
        ({"is_restricted": True}, "is restricted"),
    ],
)
@pytest.mark.parametrize("state", ["live", "scheduled"])
def test_a_live_or_scheduled_storys_lead_photo_cannot_be_swapped_for_one_it_could_not_go_live_with(
    client, photo_fields, reason, state
):
    published_at = timezone.now() + (timedelta(hours=2) if state == "scheduled" else -timedelta(hours=1))
    good = make_photo(alt_text="Queue at the gate", credit="Samiullah Popal/EPA-EFE")
    article = make_article(lead_photo=good, published_at=published_at, headline="Aid arrives")
    swapped = make_photo(title="Kabul queue", **photo_fields)
    article.lead_photo = swapped
    with pytest.raises(ValidationError) as refused:
        article_save(article=article, by=None)
    message = " ".join(refused.value.messages)
    assert reason in message and f"photo {swapped.pk} “Kabul queue”" in message
    assert Article.objects.get(pk=article.pk).lead_photo == good
    if state == "live":
        assert 'alt="Queue at the gate"' in client.get(article.get_absolute_url()).content.decode()


def test_a_draft_may_hold_any_photo_until_it_is_published():
    article = make_article(status=Status.DRAFT)
    article.lead_photo = make_photo(credit="")
    article_save(article=article, by=None)
    assert Article.objects.get(pk=article.pk).lead_photo == article.lead_photo


def test_the_story_form_shows_the_refusal_on_the_lead_photo_and_keeps_what_was_typed(client):
    editor = editor_client("chief")
    good = make_photo(alt_text="Queue at the gate")
    article = make_article(lead_photo=good, headline="Aid arrives")
    uncredited = make_photo(credit="", title="Kabul queue")
    data = opened_form(editor, article)
    data.update(lead_photo=uncredited.pk, headline="Aid arrives in Kabul", lead_photo_caption="A new caption.")
    response = editor.post(change_url(article), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "has no credit" in " ".join(form.errors["lead_photo"])
    html = response.content.decode()
    assert 'value="Aid arrives in Kabul"' in html and "A new caption." in html
    stored = Article.objects.get(pk=article.pk)
    assert (stored.lead_photo, stored.headline) == (good, "Aid arrives")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt=""' not in page and 'alt="Queue at the gate"' in page
