"""The photo desk's library, its upload page for many files at once, and the focal point."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import printstyle
from articles.admin.paginators import EstimatedCountPaginator
from articles.admin.pickers import PhotoPickerJsonView
from articles.admin.search import COMMON_WORDS_FROM, search_photos
from articles.forms import PhotoForm, drop_staged, duplicate_message
from articles.imaging import megabytes
from articles.models import PhotoAsset
from articles.services import photos as photo_services


class RightsFilter(admin.SimpleListFilter):
    title = "rights"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("expired", "Expired"), ("expiring", "Expires within 7 days"), ("restricted", "Restricted"),
            ("showable", "Showable"),
        ]

    def queryset(self, request, queryset):
        choices = {
            "expired": queryset.expired,
            "expiring": queryset.expiring,
            "restricted": lambda: queryset.filter(is_restricted=True),
            "showable": queryset.showable,
        }
        return choices[self.value()]() if self.value() in choices else queryset


class UseFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("unused", "Unused"), ("used", "In use")]

    def queryset(self, request, queryset):
        if self.value() == "unused":
            return queryset.unused()
        if self.value() == "used":
            return queryset.in_use()
        return queryset


class AgencyFilter(admin.SimpleListFilter):
    title = "agency"
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        agencies = PhotoAsset.objects.exclude(agency="").order_by("agency").values_list("agency", flat=True).distinct()
        return [(agency, agency) for agency in agencies]

    def queryset(self, request, queryset):
        return queryset.filter(agency=self.value()) if self.value() else queryset


class PhotoLibraryPaginator(EstimatedCountPaginator):
    # Counting a common word's matches runs the words test photo by photo (PostgreSQL prefers that
    # to the index for them): a thousand costs a few milliseconds, ten thousand a quarter second.
    EXACT_UP_TO = COMMON_WORDS_FROM


@admin.register(PhotoAsset)
class PhotoAssetAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "__str__", "credit_line", "rights", "taken", "created_at"]
    list_display_links = ["__str__"]  # the thumbnail has no text of its own to name a link
    list_filter = [RightsFilter, UseFilter, AgencyFilter, "credit_type", ("taken_at", admin.DateFieldListFilter)]
    search_fields = ["title", "caption", "credit", "photographer", "agency", "source", "alt_text"]
    readonly_fields = ["width", "height", "preview", "used_in", "live_leads", "taken"]
    fieldsets = [
        (None, {"fields": ["image", "staged_image", ("width", "height"), "title", "alt_text", "caption"]}),
        ("Credit", {"fields": ["credit_type", "photographer", "agency", "source", "credit"]}),
        ("Rights", {"fields": ["copyright_notice", "usage_terms", "expires_at", "is_restricted", "live_leads"]}),
        ("Where and when", {"fields": ["taken_at", "taken_at_utc_offset", "taken", "city", "country"]}),
        ("Crops", {"fields": ["preview", ("focal_x", "focal_y")]}),
        ("Used in", {"fields": ["used_in"]}),
    ]

    # --- Many files at once ------------------------------------------------------------
    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="articles_photoasset_upload")
        picker = path(
            "picker/", self.admin_site.admin_view(PhotoPickerJsonView.as_view(admin_site=self.admin_site)),
            name="articles_photoasset_picker",
        )
        return [upload, picker, *super().get_urls()]

    # --- At 100,000 photos (docs/performance.md, "Admin at archive scale") ----------------
    paginator = PhotoLibraryPaginator
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        found = search_photos(queryset, search_term)
        if found is None:  # not PostgreSQL: Django's own search
            return super().get_search_results(request, queryset, search_term)
        return found, False

    def upload_view(self, request):
        """GET: the drag-and-drop page. POST: one file, answered in JSON, so each file has its own fate."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.upload_one(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload photos",
            "max_size": megabytes(settings.NEWSROOM_PHOTO_MAX_BYTES),
            "max_bytes": settings.NEWSROOM_PHOTO_MAX_BYTES,
        }
        return TemplateResponse(request, "admin/articles/photoasset/upload.html", context)

    def upload_one(self, request):
        upload = request.FILES.get("image")
        if upload is None:
            return JsonResponse({"ok": False, "error": "No file arrived; try again."}, status=400)
        try:
            photo = photo_services.photo_create(file=upload, fallback_title=PurePath(upload.name).stem)
        except photo_services.DuplicatePhoto as duplicate:
            return JsonResponse(
                {"ok": False, "error": duplicate.messages[0], "existing_url": admin_url(duplicate.photo)}, status=409
            )
        except ValidationError as refusal:
            return JsonResponse({"ok": False, "error": " ".join(refusal.messages)}, status=400)
        self.log_addition(request, photo, [{"added": {}}])
        return JsonResponse({
            "ok": True,
            "id": photo.pk,
            "caption": photo.caption,
            "credit": photo.credit_line,
            "alt_text": photo.alt_text,
            "size": f"{photo.width}×{photo.height}",
            "thumb_url": photo.rendition_url("thumb"),
            "change_url": admin_url(photo),
        })

    def save_model(self, request, obj, form, change):
        stored = PhotoAsset.objects.filter(pk=obj.pk).first() if change else None
        losing = photo_services.photo_live_leads(stored) if stored is not None and stored.is_showable() else []
        if form.has_new_image:
            photo_services.photo_prepare(photo=obj)
            photo_services.photo_save_new_file(photo=obj)  # DuplicatePhoto if the same picture just won a race
        else:
            super().save_model(request, obj, form, change)
        if form.staged_token:
            token = form.staged_token
            transaction.on_commit(lambda: drop_staged(token))
        if losing and not obj.is_showable():
            self.message_user(request, hidden_lead_warning(obj, losing), messages.WARNING)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except photo_services.DuplicatePhoto as duplicate:
            # The same picture was saved by someone else a moment ago (nothing of this one was kept).
            self.message_user(request, duplicate_message(duplicate), messages.ERROR)
            return redirect(admin_url(duplicate.photo))

    # --- Deleting: never a photo in use ---------------------------------------------
    def delete_model(self, request, obj):
        photo_services.photo_delete(photo=obj)

    def get_deleted_objects(self, objs, request):
        """Django's "Cannot delete" page, naming author portraits too (stories are protected already)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for photo in objs:
            for author in photo.portrait_for.all():
                protected.append(format_html('Author portrait: <a href="{}">{}</a>', admin_url(author), author))
        return deleted, counts, perms_needed, protected

    def delete_queryset(self, request, queryset):
        refusal = photo_services.photos_in_use_refusal(queryset)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
        for photo in queryset.unused():
            photo_services.photo_delete(photo=photo)

    # --- Columns -------------------------------------------------------------------------
    @admin.display(description="")
    def thumbnail(self, photo):
        # A small rendition, never the original (which may be 40 MB).
        if not photo.pk or not photo.image:
            return ""
        return format_html(
            '<img src="{}" alt="" width="96" height="54" loading="lazy" class="photo-thumb">',
            photo.rendition_url("thumb"),
        )

    @admin.display(description="Taken (local time there)", ordering="taken_at")
    def taken(self, photo):
        """When the picture was taken, in the place's own time with its zone, not a bare offset in minutes."""
        if not photo.taken_at:
            return "—"
        return printstyle.local_time_there(photo.taken_at, photo.taken_at_utc_offset)

    @admin.display(description="Credit", ordering="credit")
    def credit_line(self, photo):
        return photo.credit_line or format_html('<strong class="errornote">{}</strong>', "No credit")

    @admin.display(description="Rights", ordering="expires_at")
    def rights(self, photo):
        now = timezone.now()
        if photo.is_restricted:
            return format_html('<strong>{}</strong>', "Restricted")
        if photo.expires_at and photo.expires_at <= now:
            return format_html('<strong>{}</strong>', "Expired")
        if photo.is_expiring(at=now):
            return format_html("Expires {}", printstyle.ap_month_day_time(photo.expires_at))
        return "—"

    @admin.display(description="Focal point")
    def preview(self, photo):
        """The whole picture: click it (or use the arrow keys) to set the focal point; crops preview below."""
        if not photo.pk or not photo.image:
            return "—"
        width, height = photo.rendition_size("whole")
        crops = format_html_join(
            "", '<figure class="crop-preview crop-{}"><img src="{}" alt="" width="{}" height="{}">'
            "<figcaption>{}</figcaption></figure>",
            ((shape, photo.rendition_url("whole"), width, height, label)
             for shape, label in (("wide", "16:9"), ("standard", "4:3"), ("square", "1:1"))),
        )
        return format_html(
            '<div class="focal-picker" tabindex="0" role="group" aria-label="{}" '
            'aria-describedby="focal-help" data-x="{}" data-y="{}">'
            '<img src="{}" alt="" width="{}" height="{}" draggable="false">'
            '<span class="focal-crosshair" aria-hidden="true"></span></div>'
            '<p id="focal-help" class="help">{}</p><p class="focal-status" aria-live="polite"></p>'
            '<div class="crop-previews">{}</div>',
            "Focal point: click the picture, or use the arrow keys", photo.focal_x, photo.focal_y,
            photo.rendition_url("whole"), width, height,
            "Click where the subject is, or focus the picture and move the point with the arrow keys "
            "(Shift for larger steps). Every crop keeps it in frame. Save to apply.",
            crops,
        )

    @admin.display(description="Used in")
    def used_in(self, photo):
        uses = photo_services.photo_uses(photo) if photo.pk else []
        if not uses:
            return "Not used by any story or author."
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            f"Used {len(uses)} time{'s' if len(uses) != 1 else ''}: it cannot be deleted while in use.",
            format_html_join("", '<li><a href="{}">{}</a></li>', ((admin_url(use), use) for use in uses)),
        )

    @admin.display(description="Leads live stories")
    def live_leads(self, photo):
        """Before anyone restricts the photo or ends its licence: the live stories that would lose it."""
        stories = photo_services.photo_live_leads(photo) if photo.pk else []
        if not stories:
            return "No live story leads with this photo."
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            f"{len(stories)} live stor{'ies' if len(stories) != 1 else 'y'} lead with it and would run without a "
            "picture if it were restricted or its licence ended:",
            format_html_join("", '<li><a href="{}">{}</a></li>', ((admin_url(s), s.headline) for s in stories)),
        )


def hidden_lead_warning(photo, stories) -> str:
    """The warning when a save hides a photo that live stories lead with."""
    names = "; ".join(f"“{story.headline}”" for story in stories)
    count = f"{len(stories)} live stor{'ies' if len(stories) != 1 else 'y'}"
    return f"Readers no longer see “{photo}”: {count} now run without a lead photo: {names}. Choose another for them."


def admin_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])
