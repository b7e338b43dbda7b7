"""The photo picker: the admin's autocomplete for photos, with a thumbnail beside each result.

The thumbnail is the photo's "thumb" rendition (a few kilobytes), never its
original, which may be 40 MB. Results come from PhotoAssetAdmin's search
(the words index on PostgreSQL) and its paginator, like any autocomplete.
"""

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect

from articles.models import PhotoAsset


class PhotoPickerJsonView(AutocompleteJsonView):
    """Django's autocomplete answer, plus `thumb`: the rendition's address (None when readers may not see
    the photo, since the media view answers 404 for it), and `credit`."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        showable = bool(obj.image) and obj.is_showable()
        result["thumb"] = obj.rendition_url("thumb") if showable else None
        result["credit"] = obj.credit_line
        return result


class PhotoPickerSelect(AutocompleteSelect):
    """Django's autocomplete select, asking the photo picker's view and drawing thumbnails (photo-picker.js)."""

    url_name = "%s:articles_photoasset_picker"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        # Not "admin-autocomplete": Django's script would set it up without thumbnails first.
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "photo-picker")
        return attrs

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
