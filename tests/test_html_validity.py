"""Reader pages are valid HTML: the Nu HTML Checker (vnu.jar) finds no errors, and every
`datetime` attribute is one HTML accepts (no microseconds, which it rejects).

vnu.jar comes from the `vnu-jar` npm package (`make vnu` puts it in .tools/; CI does
this) and needs Java. Without them that test is skipped with the reason, except in CI
(`CI` set), where it fails; the datetime check runs everywhere.
"""

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Correction, WirePicture
from tests.factories import make_article, make_author, make_dateline, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(os.environ.get("NEWSROOM_VNU_JAR", ROOT / ".tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))

# HTML's "valid global date and time string", "valid date string" and friends: at most
# three digits of fractional seconds, and a zone of Z or ±HH:MM (or ±HHMM).
HTML_DATETIME = re.compile(
    r"^\d{4}-\d{2}(-\d{2})?"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


@pytest.fixture
def pages():
    now = timezone.now()  # with microseconds, as a real clock has
    world = make_section(name="World", slug="world", description="News from everywhere.")
    author = make_author(name="Simon Corlett", slug="simon-corlett", bio="Covers grain.", job_title="Correspondent")
    tag = make_tag(name="Grain", slug="grain")
    story = make_article(
        section=world, headline="Grain ships leave Odesa", kicker="Analysis", dek="The deal holds.",
        body="<p>Ships left.</p><h2>Next</h2><ul><li>One</li></ul><blockquote><p>Quote.</p></blockquote>",
        authors=[author], tags=[tag], dateline=make_dateline(place="ODESA, Ukraine"), dateline_source="AP",
        lead_photo=make_photo(caption="Silos.", credit="Samiullah Popal/EPA-EFE"),
        published_at=now - timedelta(hours=3), revised_at=now - timedelta(hours=1), is_update_shown=True,
    )
    Correction.objects.create(article=story, text="An earlier version misspelled Odesa.")
    for n in range(3):
        make_article(section=world, headline=f"Related {n}", authors=[author], tags=[tag],
                     published_at=now - timedelta(hours=5 + n))
    # A wire picture with a caption and no alt text leads in a figure whose caption describes it.
    wire_photo = make_photo(caption="Waves break on a seawall.", alt_text="", credit="Jemal Countess/UPI")
    WirePicture.objects.create(photo=wire_photo, uri="urn:upi:photo:seawall")
    wire_story = make_article(section=world, headline="Sea levels rise faster", lead_photo=wire_photo,
                              published_at=now - timedelta(hours=2))
    day = story.url_date
    return {
        "wire-story": wire_story.get_absolute_url(),
        "home": "/",
        "section": "/world/",
        "story": story.get_absolute_url(),
        "author": "/authors/simon-corlett/",
        "tag": "/tags/grain/",
        "search": "/search/?q=grain",
        "archive-year": f"/world/{day.year}/",
        "archive-day": f"/world/{day.year}/{day.month:02d}/{day.day:02d}/",
        "not-found": "/no-such-page/",
    }


def fetch_all(client, pages):
    html = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        html[name] = response.content.decode()
    return html


def test_every_datetime_attribute_is_one_html_accepts(client, pages):
    for name, html in fetch_all(client, pages).items():
        values = re.findall(r'\sdatetime="([^"]*)"', html)
        bad = [value for value in values if not HTML_DATETIME.match(value)]
        assert not bad, f"{name}: invalid datetime attributes {bad}"
    assert re.findall(r'\sdatetime="([^"]*)"', fetch_all(client, {"story": pages["story"]})["story"])


def vnu_command():
    java = shutil.which("java")
    missing = ("java" if not java else "") or ("vnu.jar" if not VNU_JAR.is_file() else "")
    if missing:
        reason = f"{missing} not found (run `make vnu`; vnu.jar expected at {VNU_JAR})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def test_reader_pages_pass_the_nu_html_checker(client, pages, tmp_path):
    command = vnu_command()
    files = []
    for name, html in fetch_all(client, pages).items():
        path = tmp_path / f"{name}.html"
        path.write_text(html)
        files.append(str(path))
    result = subprocess.run([*command, *files], capture_output=True, text=True, timeout=300)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]"
        for m in report["messages"] if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
