"""axe-core on every page people use: the reader pages and the editors' admin.

Reader pages must have no axe findings at all (we fix the page rather than
switch rules off). Django's admin must have no critical or serious finding
from anything we control; what Django ships and we cannot fix with a small
template override is listed in ADMIN_KNOWN_FINDINGS with the reason.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import PHONE, assert_page_ready, log_in, take_screenshots

pytestmark = pytest.mark.browser

axe = Axe()

# Rules switched off on reader pages, rule id -> reason. None: fix the page instead.
READER_EXCLUDED_RULES = {}

# Serious or critical findings in Django's own admin that we leave alone,
# (rule id, axe target) -> reason. None today: the override
# templates/admin/articles/change_form.html loads articles/admin-a11y.js, which
# fixed all of them on the story form:
#   label (critical), label-title-only (serious): tabular-inline fields (byline
#     position, author, role, delete) are labelled only by column headers;
#     they now get "Role, row 1"-style names.
#   aria-input-field-name (serious): Select2 names its combobox after the
#     current value, empty on a new story; the field's label now comes first.
#   list (serious): Select2 puts its "clear all" <span> inside the <ul> of
#     chosen tags; it is a mouse shortcut (Delete does the same) and is now
#     hidden from assistive technology.
# Moderate and minor admin findings are not asserted. One remains, in Django's
# tabular-inline template: empty-table-header (minor), the blank header over
# the column that shows each existing row's name.
ADMIN_KNOWN_FINDINGS = {}

READER_PAGES = {
    "home": lambda content: "/",
    "section": lambda content: content["world"].get_absolute_url(),
    "story": lambda content: content["lead"].get_absolute_url(),
    "author": lambda content: content["author"].get_absolute_url(),
    "tag": lambda content: content["tag"].get_absolute_url(),
    "search": lambda content: "/search/?q=ceasefire",
    "404": lambda content: "/no-such-section/",
}


def run_axe(page, *, excluded_rules=()):
    options = {"resultTypes": ["violations"]}
    if excluded_rules:
        options["rules"] = {rule: {"enabled": False} for rule in excluded_rules}
    return page_violations(axe.run(page, options=options).response)


def page_violations(response):
    """One entry per (rule, element): {"rule", "impact", "target", "help"}."""
    return [
        {"rule": v["id"], "impact": v["impact"], "target": " ".join(node["target"]), "help": v["help"]}
        for v in response["violations"]
        for node in v["nodes"]
    ]


def report(findings):
    return "\n".join(f"  {f['rule']} ({f['impact']}) {f['target']}: {f['help']}" for f in findings)


def at_least_serious(findings):
    return [f for f in findings if f["impact"] in {"serious", "critical"}]


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_page_has_no_accessibility_violations(page, newsroom, name):
    """No axe finding of any impact, at 1280 px and at 390 px."""
    response = page.goto(READER_PAGES[name](newsroom))
    assert response.status == (404 if name == "404" else 200)
    assert_page_ready(page, allow_status={404} if name == "404" else ())
    take_screenshots(page, name)

    findings = run_axe(page, excluded_rules=READER_EXCLUDED_RULES)
    page.set_viewport_size(PHONE)
    findings += run_axe(page, excluded_rules=READER_EXCLUDED_RULES)

    assert at_least_serious(findings) == [], f"axe on the {name} page:\n{report(findings)}"
    assert findings == [], f"axe on the {name} page (moderate and minor):\n{report(findings)}"


def admin_findings(page):
    assert page.csp_violations == [], f"blocked by the Content Security Policy: {page.csp_violations}"
    findings = at_least_serious(run_axe(page))
    return [f for f in findings if (f["rule"], f["target"]) not in ADMIN_KNOWN_FINDINGS]


def test_admin_login_has_no_serious_accessibility_violations(page):
    page.goto("/admin/login/")
    page.wait_for_load_state("load")
    take_screenshots(page, "admin-login")
    findings = admin_findings(page)
    assert findings == [], f"axe on the admin login:\n{report(findings)}"


@pytest.mark.parametrize("form", ["change", "add"])
def test_admin_story_form_has_no_serious_accessibility_violations(page, newsroom, editor, form):
    log_in(page, editor)
    if form == "change":
        page.goto(f"/admin/articles/article/{newsroom['lead'].pk}/change/")
    else:
        page.goto("/admin/articles/article/add/")
    page.wait_for_load_state("load")
    take_screenshots(page, f"admin-story-{form}")
    findings = admin_findings(page)
    assert findings == [], f"axe on the admin story {form} form:\n{report(findings)}"
