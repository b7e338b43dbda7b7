from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import timezone

from articles import printstyle

AP_EXPECTED = {
    1: "Jan.", 2: "Feb.", 3: "March", 4: "April", 5: "May", 6: "June",
    7: "July", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec.",
}


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def new_york():
    with override_settings(TIME_ZONE="America/New_York"), timezone.override("America/New_York"):
        yield




@pytest.mark.parametrize("month", range(1, 13))
def test_dateline_with_place_uses_ap_month_for_every_month(month):
    moment = utc(2025, month, 4, 17, 0)  # noon or 1 PM in New York, same day
    printed = printstyle.dateline(place="MOSCOW", source="UPI", moment=moment)
    assert printed == f"MOSCOW, {AP_EXPECTED[month]} 4 (UPI) --"


@pytest.mark.parametrize("month", range(1, 13))
def test_dateline_without_place_starts_with_the_date(month):
    moment = utc(2025, month, 4, 17, 0)
    assert printstyle.dateline(place="", source="UPI", moment=moment) == f"{AP_EXPECTED[month]} 4 (UPI) --"


def test_dateline_without_source_has_no_parentheses():
    assert printstyle.dateline(place="KABUL, Afghanistan", source="", moment=utc(2025, 7, 4, 17)) == (
        "KABUL, Afghanistan, July 4 --"
    )


def test_dateline_date_is_the_newsroom_day_not_the_utc_day():
    # 02:30 UTC on July 5 is still the evening of July 4 in New York.
    assert printstyle.dateline(place="WASHINGTON", source="UPI", moment=utc(2025, 7, 5, 2, 30)) == (
        "WASHINGTON, July 4 (UPI) --"
    )


def test_wire_time_line_prints_date_slash_time_in_newsroom_zone():
    assert printstyle.ap_datetime(utc(2025, 7, 4, 17, 43)) == "July 4, 2025 / 1:43 PM"
    assert printstyle.ap_datetime(utc(2025, 9, 12, 4, 5)) == "Sept. 12, 2025 / 12:05 AM"
    assert printstyle.ap_datetime(utc(2025, 12, 1, 17, 0)) == "Dec. 1, 2025 / 12:00 PM"


def test_times_follow_the_configured_time_zone():
    with timezone.override("Europe/Moscow"):
        assert printstyle.ap_datetime(utc(2025, 7, 4, 17, 43)) == "July 4, 2025 / 8:43 PM"


@pytest.mark.parametrize(
    "names, printed",
    [
        (["Simon Corlett"], "Simon Corlett"),
        (["Simon Corlett", "Ana Ruiz"], "Simon Corlett and Ana Ruiz"),
        (["Simon Corlett", "Ana Ruiz", "Li Wei"], "Simon Corlett, Ana Ruiz and Li Wei"),
    ],
)
def test_names_join_without_serial_comma(names, printed):
    assert printstyle.join_names(names) == printed


def _bylines(*pairs):
    return [SimpleNamespace(author=SimpleNamespace(name=name), role=role) for name, role in pairs]


def test_one_two_and_three_bylines():
    assert printstyle.byline_text(_bylines(("Simon Corlett", ""))) == "By Simon Corlett"
    assert printstyle.byline_text(_bylines(("A Smith", ""), ("B Jones", ""))) == "By A Smith and B Jones"
    assert printstyle.byline_text(_bylines(("A Smith", ""), ("B Jones", ""), ("C Lee", ""))) == (
        "By A Smith, B Jones and C Lee"
    )


def test_role_bylines_print_on_their_own_line_after_the_main_byline():
    bylines = _bylines(("C Lee", "Additional reporting by"), ("A Smith", ""), ("D Kim", "Additional reporting by"))
    assert printstyle.byline_groups(bylines)[0][0] == "By"
    assert printstyle.byline_text(bylines) == "By A Smith. Additional reporting by C Lee and D Kim"


def test_file_photo_and_regular_credits():
    assert printstyle.photo_credit(credit="Samiullah Popal/EPA-EFE", is_file_photo=True) == (
        "File Photo by Samiullah Popal/EPA-EFE"
    )
    assert printstyle.photo_credit(credit="Samiullah Popal/EPA-EFE", is_file_photo=False) == (
        "Photo by Samiullah Popal/EPA-EFE"
    )
    assert printstyle.photo_credit(credit="", is_file_photo=True) == ""
