"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One Chromium for the whole browser run, a fresh context (cookies, viewport)
for every test. Where Chromium is missing the tests skip with one line that
says how to install it; with CI set, a missing browser is a failure instead.
"""

import os
from datetime import timedelta

# Playwright's sync API keeps an asyncio loop running in this thread, which
# makes Django refuse ORM calls from the test code (SynchronousOnlyOperation).
# The calls really are synchronous, so tell Django so.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from articles.models import AuthorLink, Section  # noqa: E402
from tests.browser.helpers import DESKTOP, EDITOR_PASSWORD, PHONE, photo_file  # noqa: E402
from tests.factories import (  # noqa: E402
    make_article,
    make_author,
    make_dateline,
    make_editor,
    make_photo,
    make_section,
    make_tag,
)

expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
# Playwright's own browser download cannot work here; these are the flags
# Debian's Chromium needs to run headless on this machine and in CI.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}; install it with `sudo apt-get install -y chromium` "
    "(or set NEWSROOM_CHROMIUM to its path) to run the browser tests"
)


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def chromium_available():
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


# --- Browser ------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every "Chromium not found" skip at one place, so -ra prints one line, not one per test."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and INSTALL_HINT in report.longrepr[2]:
        report.longrepr = (__file__, None, report.longrepr[2])
    return report



@pytest.fixture(scope="package")
def browser():
    """One Chromium for every browser test.

    Package scope rather than session: the browser, and the asyncio loop the
    sync API keeps running, close as soon as the last browser test is done,
    so the rest of the suite runs without them.
    """
    if not chromium_available():
        if running_in_ci():
            pytest.fail(f"{INSTALL_HINT}. CI is set, so a missing browser is a failure.", pytrace=False)
        pytest.skip(INSTALL_HINT)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        timezone_id=settings.TIME_ZONE,  # the admin warns when browser and server clocks differ
        **options,
    )
    # Generous: the machine is shared and noisy; a healthy page answers in well under a second.
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.bad_responses = []
    page.csp_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text),
    )
    page.on(
        "response",
        lambda response: response.status >= 400 and page.bad_responses.append((response.status, response.url)),
    )
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh profile, 1280 px wide."""
    context, page = _new_page(browser, live_server, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page in a fresh profile on a 390 px phone (mobile viewport rules, touch)."""
    context, page = _new_page(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open more pages in their own profiles: a reader beside a logged-in editor."""
    contexts = []

    def open_page(**options):
        context, page = _new_page(browser, live_server, viewport=options.pop("viewport", DESKTOP), **options)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()


# --- People -----------------------------------------------------------------------------


@pytest.fixture
def editor(transactional_db):
    """A desk editor: a staff user in the Editors group, with no more rights than that."""
    return make_editor(username="desk", email="desk@example.org", password=EDITOR_PASSWORD)


# --- Content: a small, realistic newspaper ------------------------------------------------


HEADLINES = [
    "Aid convoys reach border towns after weeks of delay",
    "Flooding forces thousands from homes along the Danube",
    "Central bank holds rates, signals cuts later this year",
    "Election officials certify results after weeklong recount",
    "Drought pushes grain prices to a three-year high",
    "New rail link cuts journey between capitals to two hours",
    "Parliament approves sweeping overhaul of pension rules",
    "Wildfires spread across southern hills as winds pick up",
    "Negotiators agree framework for shared river management",
    "Opposition leader returns from exile to cheering crowds",
    "Port strike ends after dockworkers accept new contract",
    "Scientists map coral recovery on the northern reef",
    "Mayors of three coastal cities pledge joint flood defenses",
    "Court orders release of detained journalists",
    "Heat wave strains power grids across the region",
    "Fishing fleets idle as talks over quotas stall",
    "Refugee agency appeals for winter funding",
    "Island nation votes to keep its monarchy",
    "Border crossing reopens after landslide cleared",
    "Archaeologists uncover Roman road beneath market square",
    "Teachers' unions call off planned national strike",
    "Summit ends with pledge to phase out coal by 2040",
    "Ferry operator suspends routes after engine failures",
    "Museum returns looted bronzes to their city of origin",
    "Health ministers agree to pool vaccine purchases",
    "Record turnout as capital elects its first woman mayor",
    "Lawmakers reject plan to sell state airline",
    "Earthquake drill brings millions to a standstill",
    "Orchestra plays on in bombed concert hall",
]

PHOTOS = [
    (
        (70, 110, 160),
        (60, 70, 60),
        {
            "caption": "Delegates arrive for the talks in Geneva on Tuesday.",
            "alt_text": "Delegates in dark coats walk past a row of flags toward the conference hall.",
            "credit": "Martial Trezzini/Keystone",
        },
    ),
    (
        (150, 120, 90),
        (90, 70, 50),
        {"caption": "Floodwater covers a street in Novi Sad.", "alt_text": "A flooded street.", "credit": "Reuters"},
    ),
    (
        (90, 140, 170),
        (40, 80, 60),
        {"caption": "Traders at the exchange.", "alt_text": "Traders watch their screens.", "credit": "AP"},
    ),
]

BODY = (
    "<p>Diplomats from both sides returned to the table on Tuesday, hours before a ceasefire was due to "
    "lapse, in what mediators called the last realistic chance to extend it.</p>"
    "<p>\u201cNobody in this room wants to go back to where we were in the spring,\u201d the chief mediator "
    "told reporters outside the Palais des Nations. \u201cBut wanting is not the same as agreeing.\u201d</p>"
    "<h2>What is on the table</h2>"
    "<p>The draft under discussion would extend the truce by ninety days, open two more crossings for aid "
    "convoys and set up a joint commission to investigate violations.</p>"
    "<blockquote><p>We have come further this week than in the last six months.</p></blockquote>"
    "<p>Officials cautioned that several points remain unresolved, including the sequencing of prisoner "
    "exchanges and who would monitor the crossings. Talks are expected to continue into the night.</p>"
    # Long unbroken words: on a phone they must wrap, not widen the page.
    '<p>The draft is published at <a href="https://example.org/">https://example.org/documents/2026/'
    "ceasefire-extension-agreement-draft-final-revised.pdf</a>. Its German text cites the "
    "Grenzüberschreitungsüberwachungsaufgabenübertragungsgesetz of 2019.</p>"
)


@pytest.fixture
def newsroom(transactional_db):
    """Sections, authors, photos and stories: enough for every page a reader uses.

    The World section holds 23 stories, so its front has a page 2 at
    NEWSROOM_PAGE_SIZE = 20.
    """
    assert settings.NEWSROOM_PAGE_SIZE == 20
    now = timezone.now()
    world = make_section(name="World", slug="world", position=1, description="News from around the globe.")
    sections = [world] + [
        make_section(name=name, slug=name.lower(), position=position)
        for position, name in enumerate(["Politics", "Business", "Science", "Sport", "Culture", "Opinion"], start=2)
    ]
    photos = [
        make_photo(image=photo_file(f"lead-{n}.jpg", sky=sky, ground=ground), title=f"Library photo {n}", **text)
        for n, (sky, ground, text) in enumerate(PHOTOS)
    ]
    portrait = make_photo(
        image=photo_file("portrait.jpg", sky=(120, 100, 90), ground=(60, 50, 45), size=(400, 400)),
        alt_text="Portrait of Simon Corlett",
        caption="",
        credit="",
    )
    simon = make_author(
        name="Simon Corlett",
        slug="simon-corlett",
        job_title="Diplomatic correspondent",
        bio="Simon Corlett covers diplomacy and conflict from Geneva. He joined the paper in 2014.",
        portrait=portrait,
    )
    AuthorLink.objects.create(author=simon, label="Website", url="https://example.org/simon")
    ana = make_author(name="Ana Petrović", slug="ana-petrovic", job_title="Staff writer")
    geneva = make_dateline(place="GENEVA", country="Switzerland")
    diplomacy = make_tag(name="Diplomacy", slug="diplomacy")
    ceasefire = make_tag(name="Ceasefire", slug="ceasefire")

    lead = make_article(
        headline="Ceasefire talks resume in Geneva as deadline nears",
        slug="ceasefire-talks-resume-in-geneva",
        kicker="Diplomacy",
        dek="Mediators say the next 48 hours will decide whether a fragile truce holds through the winter.",
        body=BODY,
        section=world,
        dateline=geneva,
        dateline_source="",
        lead_photo=photos[0],
        home_position=1,
        published_at=now - timedelta(minutes=20),
        authors=[simon, (ana, "Additional reporting by")],
        tags=[diplomacy, ceasefire],
    )
    others = []
    for n in range(22):  # 23 in World with the lead: two pages of 20
        others.append(
            make_article(
                headline=HEADLINES[n],
                slug=f"world-story-{n}",
                dek="A short summary of the story, as the desk wrote it for the front." if n % 3 == 0 else "",
                section=world,
                lead_photo=photos[n % 3] if n % 2 == 0 else None,
                home_position=n + 2 if n < 3 else None,
                published_at=now - timedelta(hours=n + 1),
                authors=[simon if n % 2 else ana],
                tags=[diplomacy] if n % 4 == 0 else [],
            )
        )
    for n, section in enumerate(sections[1:]):
        make_article(
            headline=HEADLINES[22 + n],
            slug=f"{section.slug}-story",
            section=section,
            lead_photo=photos[n % 3] if n % 2 else None,
            published_at=now - timedelta(hours=2 * n + 3),
            authors=[ana],
        )
    return {
        "world": world,
        "sections": Section.objects.active(),
        "lead": lead,
        "world_stories": [lead, *others],
        "author": simon,
        "tag": diplomacy,
        "photo": photos[0],
    }
