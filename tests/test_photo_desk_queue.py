"""The photo desk's own queue, and what a photo save says: which live stories lose a photo made
hidden, no "in use" notice on every save, and refusals that name the photo once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.admin.writing import raw_field_data
from articles.models import Status
from articles.services.publishing import article_publish
from tests.admin_forms import editor_client
from tests.factories import make_article, make_photo, make_photo_desk

pytestmark = pytest.mark.django_db


def photo_desk_client(client):
    client.force_login(make_photo_desk(username="pia"))
    return client


def photo_form(client, photo):
    """What the photo's change form posts back unchanged."""
    form = client.get(f"/admin/articles/photoasset/{photo.pk}/change/").context["adminform"].form
    data = {}
    for name in form.fields:
        if name == "image":
            continue
        data.update({key: value for key, value in raw_field_data(form, name).items() if value is not None})
    return data


def test_the_photo_desks_dashboard_is_its_own_queue(client):
    make_photo(title="No credit here", credit="")
    make_photo(title="No alt text here", alt_text="")
    make_photo(title="Fine photo")
    make_photo(title="Licence ends soon", expires_at=timezone.now() + timedelta(days=2))
    hidden = make_photo(title="Pulled by legal", is_restricted=True)
    make_article(headline="Story without its picture", lead_photo=hidden)
    html = photo_desk_client(client).get("/admin/").content.decode()
    assert "The photo desk" in html
    queue = html.split("The photo desk", 1)[1]
    assert "No credit here</a> · missing credit" in queue
    assert "No alt text here</a> · missing alt text" in queue
    assert "Fine photo" not in queue
    assert "Licence ends soon</a> · licence ends" in queue
    assert "Story without its picture</a> · live without its photo" in queue and "restricted" in queue


def test_editors_see_live_stories_whose_lead_photo_is_hidden():
    editor = editor_client("erin")
    expired = make_photo(title="Old licence", expires_at=timezone.now() - timedelta(hours=1))
    make_article(headline="Runs bare", lead_photo=expired)
    make_article(headline="Runs with its picture", lead_photo=make_photo())
    html = editor.get("/admin/").content.decode()
    hidden = html.split("Lead photos hidden from readers", 1)[1].split("<h3>", 1)[0]
    assert "Runs bare" in hidden and "licence ended" in hidden
    assert "Runs with its picture" not in hidden


def test_restricting_a_photo_names_the_live_stories_that_lose_it(client):
    photo = make_photo(title="Zurich skyline")
    for n in range(3):
        make_article(headline=f"Live story {n}", lead_photo=photo)
    make_article(headline="A draft using it", lead_photo=photo, status=Status.DRAFT)
    desk = photo_desk_client(client)
    page = desk.get(f"/admin/articles/photoasset/{photo.pk}/change/").content.decode()
    assert "3 live stories lead with it and would run without a picture" in page

    data = {**photo_form(desk, photo), "is_restricted": "on"}
    response = desk.post(f"/admin/articles/photoasset/{photo.pk}/change/", data, follow=True)
    html = response.content.decode()
    assert "Readers no longer see “Zurich skyline”: 3 live stories now run without a lead photo" in html
    for n in range(3):
        assert f"“Live story {n}”" in html
    assert "A draft using it”" not in html.split("Readers no longer see", 1)[1].split("</li>", 1)[0]

    # Saving it again (already hidden) warns no more.
    again = desk.post(f"/admin/articles/photoasset/{photo.pk}/change/", data, follow=True).content.decode()
    assert "Readers no longer see" not in again


def test_saving_a_photo_in_use_does_not_repeat_that_it_cannot_be_deleted(client):
    photo = make_photo(title="Harbour")
    for n in range(3):
        make_article(headline=f"Story {n}", lead_photo=photo)
    desk = photo_desk_client(client)
    data = {**photo_form(desk, photo), "caption": "A new caption."}
    response = desk.post(f"/admin/articles/photoasset/{photo.pk}/change/", {**data, "_continue": "1"}, follow=True)
    html = response.content.decode()
    assert "was changed successfully" in html
    assert "In use (3)" not in html and "so it cannot be deleted" not in html
    assert "Used 3 times: it cannot be deleted while in use." in html, "said once, where the uses are listed"


def test_the_publish_refusal_names_the_photo_without_nested_brackets():
    photo = make_photo(title="latin1-zurich", alt_text="")
    make_article(headline="Another story using it", lead_photo=photo)
    article = make_article(status=Status.DRAFT, lead_photo=photo, headline="Franc hits record")
    with pytest.raises(ValidationError) as refused:
        article_publish(article=article)
    [message] = refused.value.messages
    assert message == (
        f"“Franc hits record”: the lead photo, photo {photo.pk} “latin1-zurich”, has no alt text for readers "
        "who cannot see it."
    )
