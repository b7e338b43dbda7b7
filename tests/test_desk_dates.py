"""Dates on the desk's pages in house style ("Dec. 5, 8:58 AM"), and a photo's date taken in the
place's own time with its zone."""

from datetime import UTC, datetime

import pytest

from articles import printstyle
from articles.models import Correction, PendingWireUpdate
from tests.admin_forms import change_url, editor_client
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 5, 13, 58, tzinfo=UTC)  # 8:58 AM in New York
HOUSE = "Dec. 5, 8:58 AM"
DJANGO_DEFAULT = "Dec. 5, 2026, 8:58 a.m."


def test_the_story_form_prints_corrections_and_first_published_in_house_style():
    article = make_article(first_published_at=MOMENT, published_at=MOMENT)
    Correction.objects.create(article=article, text="A name was misspelled.", created_at=MOMENT)
    PendingWireUpdate.objects.create(article=article, version="2", headline="Wire v2", ninjs={}, received_at=MOMENT)
    PendingWireUpdate.objects.filter(article=article).update(received_at=MOMENT)
    html = editor_client("erin").get(change_url(article)).content.decode()
    assert DJANGO_DEFAULT not in html and "a.m." not in html
    first_published = html.split("First published", 1)[1][:300]
    assert HOUSE in first_published
    corrections = html.split("Corrections and editor", 1)[1]
    assert HOUSE in corrections.split("A name was misspelled", 1)[1][:400]
    assert f"“Wire v2”</a>, received {HOUSE}" in html


def test_the_pending_wire_list_prints_received_times_in_house_style():
    article = make_article()
    PendingWireUpdate.objects.create(article=article, version="2", headline="Wire v2", ninjs={})
    PendingWireUpdate.objects.update(received_at=MOMENT)
    html = editor_client("erin").get("/admin/articles/pendingwireupdate/").content.decode()
    assert HOUSE in html and DJANGO_DEFAULT not in html and "a.m." not in html


@pytest.mark.parametrize(
    "minutes, printed", [(270, "UTC+4:30"), (-300, "UTC-5"), (0, "UTC"), (345, "UTC+5:45"), (-210, "UTC-3:30")]
)
def test_a_utc_offset_prints_as_a_zone(minutes, printed):
    assert printstyle.utc_offset(minutes) == printed


def test_a_photos_date_taken_shows_the_places_own_time_and_zone():
    # 1:43 PM in Kabul (UTC+4:30) is 9:13 AM UTC.
    photo = make_photo(title="Kabul queue", taken_at=datetime(2025, 7, 4, 9, 13, tzinfo=UTC), taken_at_utc_offset=270)
    client = editor_client("erin", is_superuser=True)
    form = client.get(f"/admin/articles/photoasset/{photo.pk}/change/").content.decode()
    assert "July 4, 2025, 1:43 PM (UTC+4:30)" in form
    listing = client.get("/admin/articles/photoasset/").content.decode()
    assert "July 4, 2025, 1:43 PM (UTC+4:30)" in listing
    assert "offset 270" not in form and "offset 270" not in listing
