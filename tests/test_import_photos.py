"""The hot folder: `manage.py import_photos` takes good files, refuses bad ones, leaves nothing behind."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import PhotoAsset
from tests.metadata_jpegs import photo_bytes, xmp_packet

pytestmark = pytest.mark.django_db

AGENCY = {(2, 120): "Women wait for food aid in Kabul.", (2, 80): "Samiullah Popal", (2, 110): "EPA-EFE"}


def stored_originals():
    folder = Path(settings.MEDIA_ROOT) / "photos"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def run(*paths):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_photos", *map(str, paths), stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


def test_a_hot_folder_imports_good_files_and_refuses_bad_ones_by_name(tmp_path):
    (tmp_path / "kabul.jpg").write_bytes(photo_bytes(iptc=AGENCY))
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "geneva.jpg").write_bytes(
        photo_bytes(xmp=xmp_packet(description="Talks in Geneva.", creator="Martial Trezzini", credit="Keystone",
                                   alt_text="Delegates walk past flags."))
    )
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a photo")
    (tmp_path / "undescribed.jpg").write_bytes(photo_bytes())
    (tmp_path / "notes.txt").write_text("ignored: not a photo file name")
    before = stored_originals()

    ok, out, err = run(tmp_path)

    assert not ok, "any refused file makes the command fail"
    assert "3 imported, 1 refused" in err
    assert "Refused " + str(tmp_path / "broken.jpg") + ": Not a whole JPEG, PNG, WebP or AVIF picture" in err
    kabul = PhotoAsset.objects.get(title="kabul")
    assert (kabul.caption, kabul.credit, kabul.alt_text) == (
        "Women wait for food aid in Kabul.", "Samiullah Popal/EPA-EFE", "",
    ), "the caption is never copied into alt text: screen readers would read it twice"
    assert PhotoAsset.objects.get(title="undescribed").alt_text == "", "left for the desk to describe"
    geneva = PhotoAsset.objects.get(title="geneva")
    assert geneva.alt_text == "Delegates walk past flags." and geneva.credit == "Martial Trezzini/Keystone"
    assert len(stored_originals()) == len(before) + 3, "refused files leave nothing in media/"


def test_all_good_files_exit_cleanly_with_a_summary(tmp_path):
    photo = tmp_path / "one.jpg"
    photo.write_bytes(photo_bytes(iptc=AGENCY))
    ok, out, _ = run(photo)
    assert ok and "1 imported, 0 refused." in out and "Samiullah Popal/EPA-EFE" in out


def test_a_missing_path_is_refused(tmp_path):
    ok, _, err = run(tmp_path / "nope.jpg")
    assert not ok and "no such file" in err


def test_every_file_the_hot_folder_did_not_take_is_named_with_the_reason(tmp_path):
    (tmp_path / "kabul.jpg").write_bytes(photo_bytes(iptc=AGENCY))
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "notes.txt").write_text("call the agency about the Kabul set")

    ok, out, err = run(tmp_path)

    assert not ok, "a file not taken makes the command fail, as a refused one does"
    assert f"Not taken {tmp_path / 'logo.svg'}: not a picture file by its name" in err
    assert f"Not taken {tmp_path / 'notes.txt'}: not a picture file by its name" in err
    assert "1 imported, 0 refused, 2 not taken (not picture files)" in err
    assert PhotoAsset.objects.filter(title="kabul").exists()
