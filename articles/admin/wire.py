"""The wire desk: "Import wire copy" (uploaded ninjs files, the same per-item report as
`import_ninjs`) and the wire updates waiting for an editor."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.admin.display import desk_time_column
from articles.imaging import megabytes
from articles.models import PendingWireUpdate, Section, WireImport
from articles.ninjs import WireRefusal, ninjs_to_wire_item
from articles.services.wire import (
    MAX_NINJS_BYTES,
    pending_wire_update_apply,
    pending_wire_update_dismiss,
    wire_changes,
    wire_import_start,
)
from articles.tasks import import_wire_copy


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,application/json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        return [single(item, initial) for item in data] if isinstance(data, (list, tuple)) else [single(data, initial)]


class WireImportForm(forms.Form):
    files = MultipleFileField(
        label="ninjs files", help_text="One or more .json files from the wire, each with one item or a list."
    )
    section = forms.ModelChoiceField(Section.objects.active(), help_text="Where new stories go.")
    publish = forms.BooleanField(
        required=False, help_text="Publish new stories at the wire's own time, held until any embargo lifts."
    )
    photos = forms.BooleanField(required=False, label="Import picture items into the photo library")

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if upload.size > MAX_NINJS_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than {megabytes(MAX_NINJS_BYTES)}.")
        return files


@admin.register(PendingWireUpdate)
class PendingWireUpdateAdmin(admin.ModelAdmin):
    list_display = ["article_link", "version", "headline", "received", "resolution"]
    list_filter = ["resolution"]
    list_select_related = ["article"]
    readonly_fields = ["article", "version", "version_created", "received", "resolution", "resolved",
                       "resolved_by", "changes", "wire_text", "ninjs"]
    fields = readonly_fields
    actions = ["apply_updates", "dismiss_updates"]

    def has_add_permission(self, request):
        return False

    version_created = desk_time_column("version_created_at", "version created at")
    received = desk_time_column("received_at", "received at", ordering="received_at")
    resolved = desk_time_column("resolved_at", "resolved at")

    @admin.display(description="story", ordering="article__headline")
    def article_link(self, update):
        url = reverse("admin:articles_article_change", args=[update.article_id])
        return format_html('<a href="{}">{}</a>', url, update.article.headline)

    @admin.display(description="what the wire changed")
    def changes(self, update):
        try:
            wire = ninjs_to_wire_item(update.ninjs)
        except WireRefusal as error:
            return str(error)
        # The same rule applying it follows: only what the wire sent, where it differs.
        return ", ".join(wire_changes(update.article, wire)) or "nothing in the text"

    @admin.display(description="the wire's version")
    def wire_text(self, update):
        try:
            wire = ninjs_to_wire_item(update.ninjs)
        except WireRefusal as error:
            return str(error)
        # The body went through clean_body_html when it was read: safe to show as HTML.
        paragraphs = format_html_join("", "{}", [(mark_safe(wire.body),)])  # noqa: S308
        return format_html("<strong>{}</strong><p>{}</p>{}", wire.headline, wire.dek, paragraphs)

    @admin.action(description="Apply the wire's version over the desk's", permissions=["change"])
    def apply_updates(self, request, queryset):
        for update in queryset.open().select_related("article"):
            try:
                pending_wire_update_apply(update=update, by=request.user)  # its own transaction
            except (PermissionDenied, ValidationError) as error:
                reason = " ".join(getattr(error, "messages", None) or [str(error)])
                self.message_user(request, f"Wire version {update.version} was not applied: {reason}", messages.ERROR)
                continue
            self.message_user(request, f"Applied wire version {update.version} to “{update.article}”.")

    @admin.action(description="Dismiss: keep the desk's version", permissions=["change"])
    def dismiss_updates(self, request, queryset):
        for update in queryset.open().select_related("article"):
            pending_wire_update_dismiss(update=update, by=request.user)
        self.message_user(request, "Kept the desk's version.", messages.INFO)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="articles_wire_import"),
            path("import/<int:pk>/", self.admin_site.admin_view(self.import_report_view),
                 name="articles_wire_import_report"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """"Import wire copy": upload ninjs files; the import runs as a task and its report page fills in."""
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        form = WireImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            publish = form.cleaned_data["publish"]
            if publish and not request.user.has_perm("articles.publish_article"):
                form.add_error("publish", "Only editors may publish; import as drafts instead.")
            else:
                wire_import = wire_import_start(
                    files=[(upload.name, upload.read()) for upload in form.cleaned_data["files"]],
                    section=form.cleaned_data["section"], publish=publish, photos=form.cleaned_data["photos"],
                    by=request.user,
                )
                import_wire_copy.enqueue(wire_import.pk)
                return HttpResponseRedirect(reverse("admin:articles_wire_import_report", args=[wire_import.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import wire copy",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/wire_import.html", context)

    def import_report_view(self, request, pk):
        """The report of one upload, item by item; it reloads itself until the import is done."""
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        wire_import = get_object_or_404(WireImport, pk=pk)
        lines = list(wire_import.lines.all())
        context = {
            **self.admin_site.each_context(request),
            "title": "Import wire copy",
            "wire_import": wire_import,
            "done": wire_import.state == WireImport.State.DONE,
            "lines": lines,
            "refused": sum(line.refused for line in lines),
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/articles/wire_import_report.html", context)
        add_never_cache_headers(response)
        return response
