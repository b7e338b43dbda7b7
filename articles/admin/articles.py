"""The editors' and reporters' story desk."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import printstyle
from articles.admin.writing import StaleMergeFormMixin, WritingAdminMixin
from articles.models import (
    Article,
    Byline,
    Status,
)
from articles.services import publishing, revisions


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]
    ordering = ["position", "id"]
    verbose_name = "byline"
    verbose_name_plural = "Bylines (in printed order)"


class ArticleStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("published", "Published"), ("scheduled", "Scheduled"), ("draft", "Draft"), ("withdrawn", "Withdrawn")]

    def queryset(self, request, queryset):
        return {
            "published": queryset.published,
            "scheduled": queryset.scheduled,
            "draft": queryset.drafts,
            "withdrawn": queryset.withdrawn,
        }.get(self.value(), queryset.all)()


class ArticleAdminForm(StaleMergeFormMixin, forms.ModelForm):

    class Meta:
        model = Article
        fields = [
            "section", "kicker", "headline", "slug", "dek", "body", "tags", "dateline", "dateline_source", "origin",
            "lead_photo", "lead_photo_caption", "status", "published_at", "home_position", "revised_at",
            "is_update_shown", "seo_description",
        ]
        # Headline and summary fields as wide as the body, so editors see whole lines.
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "style": "width: 100%; max-width: 48rem"}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField", "style": "width: 100%; max-width: 48rem"}),
            "dek": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
            "lead_photo_caption": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "seo_description": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("published_at"):
            # "Published" with no time means "now", as on every CMS.
            cleaned["published_at"] = timezone.now()
        if cleaned.get("is_update_shown") and not cleaned.get("revised_at"):
            raise ValidationError(
                {"revised_at": "Give the update time to print, or turn off \u201cshow as updated\u201d."}
            )
        return cleaned


@admin.register(Article)
class ArticleAdmin(WritingAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "section", "state", "is_live", "home_position", "updated_at"]
    list_filter = [ArticleStateFilter, "status", "section", ("bylines__author", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags", "dateline", "lead_photo"]
    readonly_fields = ["first_published_at", "created_at", "updated_at", "revision_history"]
    inlines = [BylineInline]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "loaded_version", "merge_base_version", "conflicts",
                    "section", "kicker", "headline", "slug", "dek", "body",
                ]
            },
        ),
        ("Dateline", {"fields": ["dateline", "dateline_source", "origin"]}),
        ("Lead photo", {"fields": ["lead_photo", "lead_photo_caption"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status", "published_at", "home_position", "revised_at", "is_update_shown", "first_published_at",
                ]
            },
        ),
        ("Tags and search", {"fields": ["tags", "seo_description"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at", "revision_history"]}),
    ]


    @admin.display(description="Revisions")
    def revision_history(self, article):
        """Every save, newest first: who, when, and what it changed."""
        if not article.pk:
            return "—"
        saved = list(article.revisions.select_related("saved_by")[:50])
        rows = []
        for revision, previous in zip(saved, [*saved[1:], None], strict=True):
            changes = (
                ", ".join(revisions.changed_parts(previous.snapshot, revision.snapshot)) or "no visible change"
                if previous
                else "first version"
            )
            who = revision.saved_by.get_username() if revision.saved_by else "the system"
            rows.append((revision.version, printstyle.ap_datetime(revision.saved_at), who, changes))
        return format_html("<ol reversed>{}</ol>", format_html_join(
            "", "<li>v{} · {} · {} · {}</li>", rows
        )) if rows else "Not saved yet"

    @admin.display(description="State", ordering="published_at")
    def state(self, article):
        return article.state_label()

    @admin.display(description="Live", boolean=True)
    def is_live(self, article):
        return article.is_published()

    # Fields that decide what readers see and when: only for those who may publish.
    PUBLISHING_FIELDS = ["status", "published_at", "home_position"]

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # Read-only fields are left out of the submitted form entirely, so
            # a crafted POST cannot set them either.
            readonly += self.PUBLISHING_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        publishing.stamp_first_published(obj)
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            publishing.article_remember_old_slug(article=obj, old_slug=form.initial.get("slug", ""))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the bylines and tags, so the revision holds the whole story as saved.
        revisions.article_record_revision(article=form.instance, by=request.user, **form.revision_details())

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        for article in queryset:
            publishing.article_publish(article=article, by=request.user)
        self.message_user(request, f"Published {queryset.count()} stories.", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        for article in queryset:
            publishing.article_unpublish(article=article, by=request.user)
        self.message_user(request, f"Unpublished {queryset.count()} stories.", messages.SUCCESS)


