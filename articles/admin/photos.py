"""The photo desk's library."""

from django.contrib import admin
from django.utils.html import format_html

from articles.forms import PhotoUploadForm
from articles.models import PhotoAsset
from articles.services import photos as photo_services


@admin.register(PhotoAsset)
class PhotoAssetAdmin(admin.ModelAdmin):
    form = PhotoUploadForm
    list_display = ["thumbnail", "__str__", "credit", "is_file_photo", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["is_file_photo"]
    search_fields = ["title", "caption", "credit", "alt_text"]
    readonly_fields = ["width", "height", "preview"]
    fields = [
        "image", "preview", "width", "height", "title", "alt_text", "caption", "credit", "is_file_photo", "taken_at",
        "focal_x", "focal_y",
    ]

    def save_model(self, request, obj, form, change):
        if "image" in form.changed_data:
            photo_services.photo_fill_from_metadata(photo=obj)
        super().save_model(request, obj, form, change)

    @admin.display(description="")
    def thumbnail(self, photo):
        if not photo.image:
            return ""
        return format_html('<img src="{}" alt="" style="height:48px;width:auto">', photo.image.url)

    @admin.display(description="Preview")
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:480px;height:auto">', photo.image.url)
