"""What the browser tests share besides fixtures: viewports, page checks, screenshots."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # ignored by .gitignore

# Resolves once every image has loaded or failed. A plain evaluate, not
# wait_for_function: Playwright polls that with eval(), which the site's
# Content Security Policy (rightly) forbids.
ALL_IMAGES_SETTLED = """() => Promise.all([...document.images].map(img => img.complete ? null : new Promise(done => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
})))"""

EDITOR_PASSWORD = "correct horse battery staple"


def assert_page_ready(page, *, allow_status=()):
    """The stylesheet applied, every image decoded, and no request answered with an error."""
    page.wait_for_load_state("load")
    # Lazy images below the fold would otherwise stay empty in full-page screenshots.
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    page.evaluate(ALL_IMAGES_SETTLED)
    broken = page.evaluate("[...document.images].filter(img => !img.naturalWidth).map(img => img.src)")
    assert broken == [], f"images that did not load: {broken}"
    # site.css draws the masthead's double rule; without the stylesheet there is none.
    rule = page.evaluate("getComputedStyle(document.querySelector('.masthead')).borderBottomStyle")
    assert rule == "double", "site.css did not load"
    unexpected = [line for status, line in page.bad_responses if status not in allow_status]
    assert unexpected == [], f"requests that failed: {unexpected}"
    assert page.csp_violations == [], f"blocked by the Content Security Policy: {page.csp_violations}"


def take_screenshots(page, name):
    """Write <name>-desktop.png (1280 px wide) and <name>-phone.png (390 px), full page."""
    SCREENSHOTS.mkdir(exist_ok=True)
    original = page.viewport_size
    paths = []
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.evaluate(ALL_IMAGES_SETTLED)
        path = SCREENSHOTS / f"{name}-{label}.png"
        page.screenshot(path=path, full_page=True, animations="disabled")
        paths.append(path)
    page.set_viewport_size(original)
    return paths


def log_in(page, user, *, next_url="/admin/"):
    """Log in through the admin's own form, as an editor does."""
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_url}")


def photo_file(name, *, sky, ground, size=(1200, 800)):
    """A JPEG that reads as a photo in screenshots: a sky gradient over a skyline."""
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.62)
    for y in range(horizon):
        lighten = 0.55 * y / horizon
        draw.line([(0, y), (width, y)], fill=tuple(int(c + (255 - c) * lighten) for c in sky))
    draw.rectangle([0, horizon, width, height], fill=ground)
    for i, x in enumerate(range(40, width, 150)):
        top = horizon - 90 - (i * 37) % 160
        draw.rectangle([x, top, x + 90, horizon], fill=tuple(max(0, c - 40) for c in ground))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
