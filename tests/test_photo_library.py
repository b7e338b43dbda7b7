"""The photo desk's library: small thumbnails, search, filters, "used in", and no deleting a photo in use."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import PhotoAsset
from articles.services.photos import photo_delete
from tests.factories import make_article, make_author, make_photo

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/articles/photoasset/"


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("desk", "desk@example.com", "pw"))
    return client


def listed(client, query=""):
    response = client.get(LIBRARY + query)
    assert response.status_code == 200
    return {photo.pk for photo in response.context["cl"].result_list}


def test_the_list_shows_rendition_thumbnails_never_originals(desk):
    photo = make_photo()
    html = desk.get(LIBRARY).content.decode()
    assert photo.rendition_url("thumb") in html
    assert photo.image.url not in html


def test_search_by_caption_credit_photographer_and_agency(desk):
    kabul = make_photo(caption="Women queue for flour", photographer="Samiullah Popal", agency="EPA-EFE",
                       credit="Samiullah Popal/EPA-EFE")
    geneva = make_photo(caption="Talks in Geneva", photographer="Martial Trezzini", agency="Keystone",
                        credit="Martial Trezzini/Keystone")
    assert listed(desk, "?q=flour") == {kabul.pk}
    assert listed(desk, "?q=Trezzini") == {geneva.pk}
    assert listed(desk, "?q=Keystone") == {geneva.pk}
    assert listed(desk, "?q=Popal/EPA") == {kabul.pk}


def test_filters_by_agency_rights_use_and_date_taken(desk):
    now = timezone.now()
    epa = make_photo(agency="EPA-EFE", taken_at=now - timedelta(days=400))
    expired = make_photo(agency="Reuters", expires_at=now - timedelta(days=1))
    expiring = make_photo(expires_at=now + timedelta(days=3))
    restricted = make_photo(is_restricted=True)
    used = make_photo()
    make_article(lead_photo=used)
    portrait = make_photo()
    make_author(portrait=portrait)
    assert listed(desk, "?agency=EPA-EFE") == {epa.pk}
    assert listed(desk, "?rights=expired") == {expired.pk}
    assert listed(desk, "?rights=expiring") == {expiring.pk}
    assert listed(desk, "?rights=restricted") == {restricted.pk}
    assert listed(desk, "?use=used") == {used.pk, portrait.pk}
    assert listed(desk, "?use=unused") == {epa.pk, expired.pk, expiring.pk, restricted.pk}
    assert epa.pk not in listed(desk, "?taken_at__gte=" + (now - timedelta(days=7)).date().isoformat())


def test_the_list_marks_expired_expiring_and_restricted_pictures(desk):
    make_photo(title="Gone", expires_at=timezone.now() - timedelta(days=1))
    make_photo(title="Soon", expires_at=timezone.now() + timedelta(days=2))
    make_photo(title="Held", is_restricted=True)
    html = desk.get(LIBRARY).content.decode()
    assert "<strong>Expired</strong>" in html and "<strong>Restricted</strong>" in html and "Expires " in html


def test_the_photo_page_lists_the_stories_and_authors_using_it(desk):
    photo = make_photo()
    article = make_article(headline="Aid arrives in Kabul", lead_photo=photo)
    author = make_author(name="Simon Corlett", portrait=photo)
    html = desk.get(f"{LIBRARY}{photo.pk}/change/").content.decode()
    assert "Aid arrives in Kabul" in html and f"/admin/articles/article/{article.pk}/change/" in html
    assert "Simon Corlett" in html and f"/admin/articles/author/{author.pk}/change/" in html


def test_a_photo_in_use_cannot_be_deleted(desk):
    photo = make_photo()
    make_article(headline="Aid arrives in Kabul", lead_photo=photo)
    with pytest.raises(ValidationError, match="in use and cannot be deleted: Aid arrives in Kabul"):
        photo_delete(photo=photo)
    refused = desk.get(f"{LIBRARY}{photo.pk}/delete/").content.decode()
    assert "Cannot delete photo" in refused and "Aid arrives in Kabul" in refused
    assert "cannot be deleted" in desk.get(f"{LIBRARY}{photo.pk}/change/").content.decode()
    unused = make_photo()
    response = desk.post(LIBRARY, {"action": "delete_selected", "_selected_action": [photo.pk, unused.pk]})
    assert "Cannot delete photo" in response.content.decode() and "Aid arrives in Kabul" in response.content.decode()
    portrait = make_photo()
    make_author(name="Simon Corlett", portrait=portrait)
    response = desk.post(LIBRARY, {"action": "delete_selected", "_selected_action": [portrait.pk, unused.pk]})
    assert "Cannot delete photo" in response.content.decode() and "Author portrait: " in response.content.decode()
    # Confirming anyway deletes nothing.
    desk.post(LIBRARY, {"action": "delete_selected", "_selected_action": [portrait.pk, unused.pk], "post": "yes"})
    assert set(PhotoAsset.objects.values_list("pk", flat=True)) == {photo.pk, portrait.pk, unused.pk}
    with pytest.raises(ValidationError, match="Simon Corlett"):
        photo_delete(photo=portrait)


def test_an_unused_photo_can_be_deleted(desk):
    photo = make_photo()
    response = desk.post(f"{LIBRARY}{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not PhotoAsset.objects.exists()
