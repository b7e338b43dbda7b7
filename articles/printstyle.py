"""How the newsroom prints dates, datelines, bylines and credits.

Pages, feeds, JSON-LD and the API all call these functions, so a story reads
the same everywhere. Times are stored in UTC and printed in the newsroom's
TIME_ZONE. Months follow AP style: Jan., Feb., Aug., Sept., Oct., Nov. and
Dec. are abbreviated; March through July are spelled out.
"""

import datetime as dt
import re

from django.utils import timezone

AP_MONTHS = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)
DATELINE_DASH = "--"


def _local(moment):
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def ap_month_day(moment) -> str:
    """'July 4', 'Sept. 12'."""
    moment = _local(moment)
    return f"{AP_MONTHS[moment.month - 1]} {moment.day}"


def ap_date(moment) -> str:
    """'July 4, 2025', 'Sept. 12, 2025'."""
    moment = _local(moment)
    return f"{ap_month_day(moment)}, {moment.year}"


def clock_time(moment) -> str:
    """'1:43 PM', '12:05 AM'."""
    moment = _local(moment)
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def ap_datetime(moment) -> str:
    """'July 4, 2025 / 1:43 PM': the time line under a headline."""
    return f"{ap_date(moment)} / {clock_time(moment)}"


def ap_month_day_time(moment) -> str:
    """'July 4, 1:43 PM': a compact form for the desk (admin lists)."""
    return f"{ap_month_day(moment)}, {clock_time(moment)}"


def utc_offset(minutes: int) -> str:
    """'UTC+4:30', 'UTC-5', 'UTC': a zone given as minutes east of UTC (Kabul: 270)."""
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_time_there(moment, offset_minutes: int | None) -> str:
    """'July 4, 1:43 PM (UTC+4:30)': a moment in the place's own time, with its zone.

    Without a known offset, the newsroom's time, said as such.
    """
    if offset_minutes is None:
        return f"{ap_month_day_time(moment)} (newsroom time)"
    # Printed as it reads there: not through _local, which would move it to the newsroom's zone.
    there = moment.astimezone(dt.timezone(dt.timedelta(minutes=offset_minutes))).replace(tzinfo=None)
    return f"{ap_date(there)}, {clock_time(there)} ({utc_offset(offset_minutes)})"


def dateline(*, place: str, source: str, moment) -> str:
    """The wire-style opening of a story.

    'MOSCOW, July 4 (UPI) --' with a place and a source; 'July 4 (UPI) --'
    with no place; 'MOSCOW, July 4 --' with no source.
    """
    text = ap_month_day(moment)
    if place:
        text = f"{place}, {text}"
    if source:
        text = f"{text} ({source})"
    return f"{text} {DATELINE_DASH}"


def correction_lead(*, kind_label: str, moment) -> str:
    """'Correction, Nov. 28, 2026', "Editor's note, Nov. 28, 2026": what opens a printed correction."""
    return f"{kind_label}, {ap_date(moment)}"


def join_names(names) -> str:
    """'A', 'A and B', 'A, B and C' (no serial comma, as AP prints it)."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# How a photo's credit line opens, by `PhotoAsset.credit_type`.
CREDIT_PREFIXES = {
    "photo": "Photo by",
    "file_photo": "File Photo by",
    "illustration": "Photo illustration by",
    "handout": "Handout photo via",
    "courtesy": "Courtesy of",
}


# A credit that already opens the way print style does ("Photograph by Jane Roe", "Photo: Jane Roe"),
# as agencies often write it: the opening is printed once, ours.
CREDIT_OPENING = re.compile(r"^\s*(?:photo(?:graph)?s?|pictures?|images?|foto|bild)\s*(?:by\b|:)\s*", re.IGNORECASE)


def credit_without_opening(credit: str) -> str:
    """'Photograph by Jane Roe/Getty Images' -> 'Jane Roe/Getty Images'; any other credit as it is."""
    return CREDIT_OPENING.sub("", credit or "", count=1).strip()


def photo_credit(*, credit: str, credit_type: str = "photo", is_file_photo: bool | None = None) -> str:
    """'Photo by Samiullah Popal/EPA-EFE', 'File Photo by …', 'Courtesy of …'; '' with no credit."""
    credit = credit_without_opening(credit)
    if not credit:
        return ""
    if is_file_photo is not None:
        credit_type = "file_photo" if is_file_photo else "photo"
    return f"{CREDIT_PREFIXES.get(credit_type, CREDIT_PREFIXES['photo'])} {credit}"


def byline_groups(bylines):
    """Group ordered bylines into printed lines.

    Bylines with no role make the main line ("By A, B and C"); each distinct
    role ("Additional reporting by") makes a line of its own, in the order it
    first appears. Returns [(lead_text, [authors...]), ...].
    """
    groups = {"By": []}
    for byline in bylines:
        lead = byline.role.strip() if byline.role else "By"
        groups.setdefault(lead, []).append(byline.author)
    return [(lead, authors) for lead, authors in groups.items() if authors]


def byline_lines(bylines):
    """As `byline_groups`, each author with their affiliation: [(lead_text, [(author, affiliation), ...]), ...].

    An affiliation prints after the name ("Aaron J. Staples, Michigan State
    University"); it is never an author of its own.
    """
    groups = {"By": []}
    for byline in bylines:
        lead = byline.role.strip() if byline.role else "By"
        groups.setdefault(lead, []).append((byline.author, (getattr(byline, "affiliation", "") or "").strip()))
    return [(lead, entries) for lead, entries in groups.items() if entries]


def printed_byline_name(name: str, affiliation: str = "") -> str:
    """'Aaron J. Staples, Michigan State University'; the name alone without an affiliation."""
    return f"{name}, {affiliation}" if affiliation else name


def lead_authors(bylines) -> list:
    """The authors of the main "By" line, in order (role lines left out)."""
    return dict(byline_groups(bylines)).get("By", [])


def byline_text(bylines) -> str:
    """The bylines as plain text: 'By A and B. Additional reporting by C'."""
    return ". ".join(
        f"{lead} {join_names([printed_byline_name(a.name, place) for a, place in entries])}"
        for lead, entries in byline_lines(bylines)
    )
