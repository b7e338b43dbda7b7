"""The photo desk's upload and edit form.

The rules of what may be uploaded live in articles/validators.py and
`photo_prepare`; the form only asks them, so the upload page, the bulk upload
and the hot folder accept and refuse the same files.

A form refused for another reason (a bad date, a focal point out of frame)
keeps the picture the desk gave it: the upload is put in a private staging
area and the form carries a signed token for it, so the desk does not pick
the file again, and sees the caption and credit read from it.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import format_html

from articles.models import CreditType, PhotoAsset
from articles.services import photos as photo_services

STAGING_PREFIX = "staging/"
STAGING_SALT = "articles.photo-staging"
STAGING_LIFETIME = timedelta(days=1)


def drop_stale_staged(*, now=None) -> None:
    """Delete staged uploads of forms abandoned more than a day ago."""
    cutoff = (now or timezone.now()) - STAGING_LIFETIME
    try:
        _, names = default_storage.listdir(STAGING_PREFIX.rstrip("/"))
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        try:
            if default_storage.get_modified_time(STAGING_PREFIX + name) < cutoff:
                default_storage.delete(STAGING_PREFIX + name)
        except (OSError, NotImplementedError):  # gone already, or a storage that cannot tell
            continue


def stage_upload(upload) -> str:
    """Keep an upload of a refused form; return a signed token naming it."""
    drop_stale_staged()
    upload.seek(0)
    suffix = PurePath(upload.name).suffix.lower()[:6]
    name = default_storage.save(f"{STAGING_PREFIX}{uuid.uuid4().hex}{suffix}", ContentFile(upload.read()))
    return signing.dumps({"name": name, "original": PurePath(upload.name).name}, salt=STAGING_SALT)


def staged_upload(token: str):
    """The staged file a token names, as an upload; None for a bad or stale token."""
    try:
        staged = signing.loads(token, salt=STAGING_SALT, max_age=STAGING_LIFETIME)
    except signing.BadSignature:
        return None
    name = staged.get("name", "")
    if not name.startswith(STAGING_PREFIX) or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return SimpleUploadedFile(staged.get("original") or PurePath(name).name, handle.read())


def drop_staged(token: str) -> None:
    try:
        name = signing.loads(token, salt=STAGING_SALT).get("name", "")
    except signing.BadSignature:
        return
    if name.startswith(STAGING_PREFIX):
        default_storage.delete(name)


def duplicate_message(error: photo_services.DuplicatePhoto):
    from django.urls import reverse

    url = reverse("admin:articles_photoasset_change", args=[error.photo.pk])
    return format_html('{} <a href="{}">Open it</a>.', error.messages[0], url)


class PhotoForm(forms.ModelForm):
    staged_image = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PhotoAsset
        fields = [
            "image", "title", "alt_text", "caption", "credit_type", "photographer", "agency", "source", "credit",
            "copyright_notice", "usage_terms", "expires_at", "is_restricted", "taken_at", "taken_at_utc_offset",
            "city", "country", "focal_x", "focal_y",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A staged upload stands in for the file field; checked in clean().
        self.fields["image"].required = False
        self.fields["credit_type"].required = False  # blank means the usual "Photo by"
        if self.instance.pk:
            # The admin's "Currently: … Change:" widget leaves the file input itself unnamed.
            self.fields["image"].widget.attrs["aria-label"] = "Replace the picture with another file"
        self.staged_token = ""

    def clean_credit_type(self):
        return self.cleaned_data.get("credit_type") or CreditType.PHOTO

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("image")
        is_new = bool(image) and not getattr(image, "_committed", False) and "image" in self.changed_data
        if not is_new and cleaned.get("staged_image"):
            image = staged_upload(cleaned["staged_image"])
            if image is not None:
                self.staged_token = cleaned["staged_image"]
                cleaned["image"] = image
                is_new = True
        if not image and not (self.instance.pk and self.instance.image):
            if "image" not in self.errors:  # a refused file already says why
                self.add_error("image", "Choose a picture to upload.")
            return cleaned
        if is_new:
            try:
                probe = PhotoAsset(image=image, pk=self.instance.pk)
                photo_services.photo_prepare(photo=probe)
            except photo_services.DuplicatePhoto as error:
                self.add_error("image", duplicate_message(error))
            except ValidationError as error:
                self.add_error("image", error)
            else:
                self.read_from_file = probe
        return cleaned

    @property
    def has_new_image(self):
        return getattr(self, "read_from_file", None) is not None

    def _post_clean(self):
        # The image was checked whole in clean(); a staged one is assigned here.
        if "image" in self.cleaned_data and self.cleaned_data["image"] is not None:
            self.instance.image = self.cleaned_data["image"]
        super()._post_clean()

    def full_clean(self):
        super().full_clean()
        if self._errors and getattr(self, "read_from_file", None) is not None:
            self.keep_upload_for_retry(self.read_from_file)

    def keep_upload_for_retry(self, probe):
        """On a refused form: stage a good upload and show what was read from it."""
        token = self.staged_token or stage_upload(probe.image)
        data = self.data.copy()
        data[self.add_prefix("staged_image")] = token
        for name in ("caption", "photographer", "agency", "source", "credit", "copyright_notice", "alt_text"):
            key = self.add_prefix(name)
            if not data.get(key):
                data[key] = getattr(probe, name)
        self.data = data
        kept = f"Kept from your upload: {PurePath(probe.image.name).name}. Choose another file only to replace it."
        self.fields["image"].help_text = self["image"].help_text = kept
