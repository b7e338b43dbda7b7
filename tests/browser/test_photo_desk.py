"""The photo desk in a real browser: many files uploaded at once, each with its own fate,
and the focal point set by clicking the picture or with the keyboard."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from articles.models import PhotoAsset
from articles.roles import ensure_roles
from articles.services.photos import photo_create
from tests.browser.helpers import EDITOR_PASSWORD, log_in, take_screenshots
from tests.browser.test_accessibility import admin_findings, report
from tests.metadata_jpegs import photo_bytes, xmp_packet

pytestmark = pytest.mark.browser

UPLOAD_PAGE = "/admin/articles/photoasset/upload/"
KABUL = {(2, 120): "Women wait for food aid in Kabul.", (2, 80): "Samiullah Popal", (2, 110): "EPA-EFE"}


@pytest.fixture
def photo_desk(transactional_db):
    """A member of the Photo desk group, with no more rights than that."""
    ensure_roles()
    user = get_user_model().objects.create_user("photos", "photos@example.org", EDITOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Photo desk"))
    return user


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 0, 0)).save(buffer, "GIF")
    return buffer.getvalue()


def test_several_files_upload_at_once_each_reviewed_or_refused_by_name(page, photo_desk):
    log_in(page, photo_desk, next_url="/admin/articles/photoasset/")
    page.get_by_role("link", name="Upload several photos").click()
    page.wait_for_url(f"**{UPLOAD_PAGE}")

    geneva = xmp_packet(description="Talks in Geneva.", creator="Martial Trezzini", credit="Keystone",
                        alt_text="Delegates walk past flags.")
    page.get_by_label("Photos (JPEG, PNG, WebP or AVIF").set_input_files([
        {"name": "kabul.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes(iptc=KABUL, size=(1600, 1067))},
        {"name": "geneva.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes(xmp=geneva, size=(1200, 800))},
        {"name": "banner.gif", "mimeType": "image/gif", "buffer": gif_bytes()},
        {"name": "cut-short.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes(size=(800, 600))[:-400]},
    ])

    items = page.locator(".upload-item")
    expect(items).to_have_count(4)
    kabul, geneva_item, gif, cut = (items.nth(i) for i in range(4))
    expect(kabul.locator(".upload-status")).to_have_text("Uploaded.")
    expect(kabul).to_contain_text("Women wait for food aid in Kabul.")
    expect(kabul).to_contain_text("Photo by Samiullah Popal/EPA-EFE")
    expect(kabul.locator("dd.missing")).to_contain_text("write one before a story leads with it")
    expect(geneva_item).to_contain_text("Delegates walk past flags.")
    expect(gif.locator(".upload-status")).to_have_text(
        "Refused: GIF files are not accepted; use JPEG, PNG, WebP or AVIF."
    )
    expect(cut.locator(".upload-status")).to_contain_text("Refused: Not a whole JPEG")
    expect(page.locator(".upload-item progress")).to_have_count(0)  # every bar finished
    assert sorted(PhotoAsset.objects.values_list("title", flat=True)) == ["geneva", "kabul"]
    assert page.csp_violations == []

    # The same picture dropped again points to the photo already in the library.
    again = page.evaluate_handle(
        """([name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "image/jpeg"}));
            return transfer;
        }""",
        ["kabul-again.jpg", list(photo_bytes(iptc=KABUL, size=(1600, 1067)))],
    )
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": again})
    expect(items).to_have_count(5)
    expect(items.nth(4)).to_contain_text("Already in the library as photo")
    expect(items.nth(4).get_by_role("link", name="Open the photo already in the library")).to_be_visible()
    take_screenshots(page, "admin-photo-upload")
    assert PhotoAsset.objects.count() == 2


def test_the_focal_point_is_set_by_a_click_or_the_arrow_keys(page, photo_desk):
    photo = photo_create(
        file=SimpleUploadedFile("harbour.jpg", photo_bytes(iptc=KABUL, size=(1600, 900))),
        alt_text="A harbour at dawn.",
    )
    log_in(page, photo_desk, next_url=f"/admin/articles/photoasset/{photo.pk}/change/")
    picture = page.locator(".focal-picker img")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})

    focal_x, focal_y = page.locator("#id_focal_x"), page.locator("#id_focal_y")
    assert abs(float(focal_x.input_value()) - 0.25) < 0.02
    assert abs(float(focal_y.input_value()) - 0.75) < 0.02
    crosshair_left = page.locator(".focal-crosshair").evaluate("node => node.style.left")
    assert crosshair_left.startswith("2"), "the crosshair moved to the click"
    crop = page.locator(".crop-square img").evaluate("node => node.style.objectPosition")
    assert crop.startswith("2"), "the crop previews follow the point"
    expect(page.locator(".focal-status")).to_contain_text("across")

    # Keyboard: Tab to the picture, then the arrow keys move the point.
    page.locator(".focal-picker").focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("ArrowUp")
    assert abs(float(focal_x.input_value()) - 0.35) < 0.02
    assert abs(float(focal_y.input_value()) - 0.73) < 0.02
    take_screenshots(page, "admin-photo-focal-point")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    photo.refresh_from_db()
    assert abs(photo.focal_x - 0.35) < 0.02 and abs(photo.focal_y - 0.73) < 0.02
    assert page.csp_violations == []


@pytest.mark.parametrize("where", ["upload", "change", "library"])
def test_photo_desk_pages_have_no_serious_accessibility_violations(page, photo_desk, where):
    photo = photo_create(file=SimpleUploadedFile("harbour.jpg", photo_bytes(iptc=KABUL, size=(1600, 900))))
    url = {
        "upload": UPLOAD_PAGE,
        "change": f"/admin/articles/photoasset/{photo.pk}/change/",
        "library": "/admin/articles/photoasset/",
    }[where]
    log_in(page, photo_desk, next_url=url)
    page.wait_for_load_state("load")
    findings = admin_findings(page)
    assert findings == [], f"axe on the photo desk's {where} page:\n{report(findings)}"
