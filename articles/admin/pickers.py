"""The photo picker: the admin's autocomplete for photos, with a thumbnail beside each result.

The thumbnail is the photo's "thumb" rendition (a few kilobytes), never its
original, which may be 40 MB. Results come from PhotoAssetAdmin's search
(the words index on PostgreSQL) and its paginator, like any autocomplete.
"""

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.text import Truncator

from articles.models import PhotoAsset

CAPTION_START = 90  # characters of the caption the picker shows, enough to tell two photos apart


def picker_details(photo):
    """What the picker shows beside a photo's title: its thumbnail address (None when readers may not
    see the photo, since the media view answers 404 for it), the start of its caption and its credit."""
    showable = bool(photo.image) and photo.is_showable()
    return {
        "thumb": photo.rendition_url("thumb") if showable else None,
        "caption": Truncator(" ".join(photo.caption.split())).chars(CAPTION_START),
        "credit": photo.credit_line,
    }


class PhotoPickerJsonView(AutocompleteJsonView):
    """Django's autocomplete answer, plus `thumb`, `caption` and `credit` (picker_details)."""

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), **picker_details(obj)}


class PhotoPickerSelect(AutocompleteSelect):
    """Django's autocomplete select, asking the photo picker's view and drawing thumbnails (photo-picker.js)."""

    url_name = "%s:articles_photoasset_picker"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        # Not "admin-autocomplete": Django's script would set it up without thumbnails first.
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "photo-picker")
        return attrs

    def optgroups(self, name, value, attr=None):
        # The chosen photo's option carries what the picker shows for it, so a saved story's
        # photo is drawn like a search result (thumbnail, title, caption start, credit).
        groups = super().optgroups(name, value, attr)
        options = [option for _, group, _ in groups for option in group if option["value"] not in ("", None)]
        photos = PhotoAsset.objects.using(self.db).in_bulk([str(option["value"]) for option in options])
        for option in options:
            photo = photos.get(int(str(option["value"])))
            if photo is not None:
                details = picker_details(photo)
                option["attrs"].update({f"data-{key}": value or "" for key, value in details.items()})
        return groups

    @property
    def media(self):
        # Listed after jquery.init.js, so the merged media load the script once django.jQuery exists.
        return super().media + forms.Media(
            js=["admin/js/jquery.init.js", "articles/photo-picker.js"], css={"all": ["articles/photo-picker.css"]}
        )


class PhotoPickerMixin:
    """For a ModelAdmin: each photo among its autocomplete_fields gets the photo picker."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and db_field.related_model is PhotoAsset:
            kwargs.setdefault("widget", PhotoPickerSelect(db_field, self.admin_site, using=kwargs.get("using")))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
