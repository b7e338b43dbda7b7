"""The editors' and reporters' story desk.

The form validates; the services decide and save (articles/services/editing.py
for what a story says, publishing.py for its state). Who may do what comes
from articles/permissions.py, here as on the server's every other path.
"""

import copy
import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import format_html, format_html_join

from articles import permissions, printstyle
from articles.admin.display import desk_time_column
from articles.admin.list_filters import BylineAuthorFilter
from articles.admin.live import LiveDeskAdminMixin
from articles.admin.paginators import EstimatedCountPaginator, HeadlineFirstPaginator
from articles.admin.pickers import PhotoPickerMixin
from articles.admin.search import headline_first_words, search_stories
from articles.admin.writing import CorrectionTextForm, WritingAdminMixin, WritingFormMixin
from articles.models import (
    Article,
    Byline,
    Correction,
    Status,
)
from articles.services import editing, publishing, revisions

logger = logging.getLogger(__name__)


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role", "affiliation"]
    ordering = ["position", "id"]
    verbose_name = "byline"
    verbose_name_plural = "Bylines (in printed order)"

    # Bylines are part of the story's text: the same rule as changing it.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and permissions.can_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and permissions.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and permissions.can_change(request.user, obj)


class CorrectionInline(admin.TabularInline):
    """Corrections are a public record: added by editors, never edited or deleted afterwards."""

    model = Correction
    form = CorrectionTextForm
    extra = 0
    fields = ["kind", "text", "dated", "created_by"]
    readonly_fields = ["dated", "created_by"]
    dated = desk_time_column("created_at", "dated")
    verbose_name_plural = "Corrections and editor's notes (printed with the story, dated)"

    def has_add_permission(self, request, obj=None):
        return obj is not None and permissions.can_add_correction(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArticleStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"), ("ready", "Ready for editing"), ("scheduled", "Scheduled"), ("published", "Published"),
            ("embargoed", "Embargoed"), ("expired", "Expired"), ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        return {
            "published": queryset.published,
            "scheduled": queryset.scheduled,
            "draft": queryset.drafts,
            "ready": queryset.ready,
            "embargoed": queryset.embargoed,
            "expired": queryset.expired,
            "withdrawn": queryset.withdrawn,
        }.get(self.value(), queryset.all)()


class ArticleActionForm(helpers.ActionForm):
    note = forms.CharField(
        required=False,
        label="Note",
        help_text="Needed to send back (what to fix) or withdraw (why).",
        widget=forms.TextInput(attrs={"size": 40}),
    )
    at = forms.DateTimeField(
        required=False,
        label="Time",
        help_text="For Schedule: when, in the newsroom's time.",
        widget=forms.DateTimeInput(attrs={"placeholder": "2026-11-28 15:00", "size": 16}),
    )


class ArticleAdminForm(WritingFormMixin, forms.ModelForm):
    is_substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update",
        help_text="For a live story: prints \u201cUpdated\u201d with the time of this save. Leave off for a typo fix.",
    )
    transition_note = forms.CharField(
        required=False,
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text="With Send back: what to fix. With Withdraw: the reason, kept with the story.",
    )
    # Set by ArticleAdmin.get_form: who is saving, and which workflow button they pressed.
    user = None
    transition = ""

    class Meta:
        model = Article
        fields = [
            "section", "kicker", "headline", "slug", "dek", "body", "tags", "dateline", "dateline_source", "origin",
            "lead_photo", "lead_photo_caption", "published_at", "embargo_until", "expires_at", "home_position",
            "seo_description",
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
        cleaned = super().clean()  # a stale copy is refused and merged there
        self.check_with_services(cleaned)
        return cleaned

    def edited_article(self, cleaned):
        """A copy of the story with this form's values: what the services will be asked to save."""
        article = copy.copy(self.instance)
        for name, value in cleaned.items():
            field = next((f for f in Article._meta.concrete_fields if f.name == name), None)
            if field is not None:
                setattr(article, field.attname, value.pk if field.is_relation and value is not None else value)
        return article

    def check_with_services(self, cleaned):
        """Ask the services now whether they will accept this save and this button, so a refusal
        is shown on the form with the editor's text kept, and nothing is saved."""
        if self.errors:
            return
        article = self.edited_article(cleaned)
        stored = Article.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        if stored is not None:
            try:
                editing.check_article_save(
                    stored=stored, article=article, by=self.user, changed=editing.changed_fields(stored, article)
                )
            except ValidationError as error:
                # A refusal about one field is shown on that field, if this form has it.
                fields = getattr(error, "error_dict", {})
                if any(name not in self.fields for name in fields):
                    raise ValidationError(error.messages) from None
                raise
        action_class = publishing.ACTIONS.get(self.transition) if self.transition else None
        if self.transition and action_class is None:
            raise ValidationError(f"There is no \u201c{self.transition}\u201d button.")
        if action_class is None:
            return
        scheduling = action_class is publishing.ScheduleArticle
        if scheduling and "published_at" in self.fields and not cleaned.get("published_at"):
            raise ValidationError({"published_at": "Give the time to publish at, then press Schedule."})
        action = self.transition_action(article, cleaned)
        action.check()

    def transition_action(self, article, cleaned):
        action_class = publishing.ACTIONS[self.transition]
        at = cleaned.get("published_at") if action_class is publishing.ScheduleArticle else None
        return action_class(article, by=self.user, note=cleaned.get("transition_note", ""), at=at)


# What each part of the form is, for get_readonly_fields: who may change what.
TEXT_FIELDS = [
    "section", "kicker", "headline", "slug", "dek", "body", "tags", "dateline", "dateline_source", "origin",
    "seo_description",
]
PHOTO_FIELDS = ["lead_photo", "lead_photo_caption"]
PLACEMENT_FIELDS = ["published_at", "embargo_until", "expires_at", "home_position"]
# Every story field the form can post; one read-only to the person posting is refused (403), not ignored.
STORY_FORM_FIELDS = {*TEXT_FIELDS, *PHOTO_FIELDS, *PLACEMENT_FIELDS}
SPLIT_TIME_FIELDS = {"published_at", "embargo_until", "expires_at"}  # posted as name_0 (date) and name_1 (time)
# Form fields that only mean something when saving.
SAVING_FIELDS = ["loaded_version", "merge_base_version", "conflicts", "transition_note", "is_substantive_update"]


@admin.register(Article)
class ArticleAdmin(LiveDeskAdminMixin, PhotoPickerMixin, WritingAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    action_form = ArticleActionForm
    list_display = ["headline", "section", "state", "home_position", "updated_at"]
    list_filter = [ArticleStateFilter, "section", BylineAuthorFilter]
    list_select_related = ["section"]
    # At archive scale (docs/performance.md, "Admin at archive scale"): no COUNT of every story, no
    # facet counts, and sorting only by columns an index keeps in order (a sort by headline reads
    # every story).
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    sortable_by = ["state", "updated_at"]
    # What the search box searches; get_search_results answers from the full-text index.
    search_fields = ["headline", "dek", "body"]
    search_help_text = "Every word, in the headline, summary or text (headline matches first); or a slug or wire URI."
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags", "dateline", "lead_photo"]
    readonly_fields = [
        "state", "first_published", "last_updated", "created_by", "created", "saved", "workflow_history",
        "revision_history",
    ]
    inlines = [BylineInline, CorrectionInline]
    actions = [
        "submit_for_editing", "send_back", "publish_now", "schedule", "unpublish", "withdraw", "restore",
    ]
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
                    "state", "published_at", "embargo_until", "expires_at", "home_position", "first_published",
                    "last_updated", "is_substantive_update",
                ],
                "description": "Change the state with the buttons at the foot of the form: Publish, Schedule "
                "(at the publish time above), Unpublish, Withdraw. Nothing reaches readers before the embargo "
                "or after the expiry.",
            },
        ),
        # The note is shown beside the workflow buttons (article/change_form.html).
        ("Workflow", {"fields": ["workflow_history"]}),
        ("Tags and search", {"fields": ["tags", "seo_description"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_by", "created", "saved", "revision_history"]}),
    ]

    class Media:
        css = {"all": ["articles/admin-desk.css"]}

    # --- Who may do what (articles/permissions.py) ---------------------------------
    def has_change_permission(self, request, obj=None):
        user = request.user
        if obj is None:
            return super().has_change_permission(request) or user.has_perm(permissions.CHANGE_PHOTO)
        return permissions.can_change(user, obj) or permissions.can_set_lead_photo(user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and permissions.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def has_submit_permission(self, request):
        return request.user.has_perm(permissions.CHANGE)

    def get_readonly_fields(self, request, obj=None):
        # Read-only fields are left out of the submitted form entirely, so a
        # crafted POST cannot set them either; the services check again.
        readonly = list(super().get_readonly_fields(request, obj))
        user = request.user
        if not permissions.can_publish(user, obj):
            readonly += PLACEMENT_FIELDS
        if obj is not None and not permissions.can_change(user, obj):
            readonly += TEXT_FIELDS
        if obj is not None and not permissions.can_set_lead_photo(user, obj):
            readonly += PHOTO_FIELDS
        return readonly

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            if obj is not None or object_id is None:
                self.refuse_read_only_fields(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def refuse_read_only_fields(self, request, obj):
        """PermissionDenied when the POST sets a story field this user may not change.

        The page never shows such a field, so only a crafted request sends one;
        answering "changed successfully" while dropping it would hide that.
        """
        posted = set()
        for key in request.POST:
            name = key[:-2] if key[-2:] in ("_0", "_1") and key[:-2] in SPLIT_TIME_FIELDS else key
            posted.add(name)
        refused = posted & STORY_FORM_FIELDS & set(self.get_readonly_fields(request, obj))
        if refused:
            raise PermissionDenied(f"{request.user.get_username()} may not change {', '.join(sorted(refused))}.")

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: no form fields that belong to saving.
            for _, options in fieldsets:
                options["fields"] = [
                    f for f in options["fields"]
                    if f not in SAVING_FIELDS
                ]
        if obj is None or not obj.is_published() or not permissions.can_change(request.user, obj):
            # "Substantive update" means something only for a story readers can see.
            for _, options in fieldsets:
                options["fields"] = [f for f in options["fields"] if f != "is_substantive_update"]
        return fieldsets

    def get_search_results(self, request, queryset, search_term):
        # The paginator reads headline matches and the rest through their own indexes (PostgreSQL).
        request.headline_first_words = headline_first_words(queryset, search_term)
        return search_stories(queryset, search_term), False

    def lookup_allowed(self, lookup, value, request=None):
        # The author filter keeps the parameter of Django's related-field filter it replaced.
        return lookup == BylineAuthorFilter.parameter_name or super().lookup_allowed(lookup, value, request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        form.transition = request.POST.get("_transition", "") if request.method == "POST" else ""
        return form

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if queryset.model is LogEntry:
            # The History page. A workflow move made here is logged (so Recent
            # actions names it) with its outcome as plain text, "“Pier fire” was
            # published."; the page's workflow table already lists every move,
            # however it was made, so the log's copy is left out. The admin's
            # own messages for adds and edits are JSON lists.
            queryset = queryset.filter(change_message__startswith="[")
        words = getattr(request, "headline_first_words", None)
        if words and queryset.model is Article and ORDER_VAR not in request.GET:
            return HeadlineFirstPaginator(
                queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page, words=words
            )
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        transitions = list(article.transitions.select_related("by")) if article is not None else []
        for transition in transitions:
            transition.when = printstyle.ap_datetime(transition.at)
        return super().history_view(request, object_id, {**(extra_context or {}), "transitions": transitions})

    def revision_restore_view(self, request, object_id, version):
        # Restoring rewrites the text: the photo desk's right to change the
        # lead photo is not enough, so ask for the right to change the story.
        article = self.get_object(request, unquote(object_id))
        if article is not None and not permissions.can_change(request.user, article):
            raise PermissionDenied
        return super().revision_restore_view(request, object_id, version)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        data = kwargs.get("data")
        if isinstance(inline, CorrectionInline) and data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            # A post without the corrections block (a script, a page opened
            # before corrections existed) adds none, rather than failing.
            data = data.copy()
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
            kwargs["data"] = data
        return kwargs

    # --- The one write path ---------------------------------------------------------
    def save_model(self, request, obj, form, change):
        """Nothing here: save_related saves the story, its bylines and tags in one service call."""

    def save_related(self, request, form, formsets, change):
        article = form.instance
        bylines, others = None, []
        for formset in formsets:
            if formset.model is Byline:
                bylines = bylines_from(formset, request, article)
            else:
                others.append(formset)
        tags = form.cleaned_data.get("tags")  # None when the field is read-only for this user
        editing.article_save(
            article=article, by=request.user, bylines=bylines, tags=tags,
            substantive=form.cleaned_data.get("is_substantive_update", False), **form.revision_details(),
        )
        for formset in formsets:
            # What construct_change_message reads; formset.save() would set it.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for formset in others:
            if formset.model is Correction:
                for correction_form in formset.extra_forms:
                    if correction_form.has_changed() and correction_form.cleaned_data.get("text"):
                        formset.new_objects.append(editing.correction_add(
                            article=article, kind=correction_form.cleaned_data["kind"],
                            text=correction_form.cleaned_data["text"], by=request.user,
                        ))
            else:
                formset.save()
        self.story_saved(request, article)
        if form.transition:
            action = form.transition_action(article, form.cleaned_data)
            action.execute()
            self.log_change(request, article, action.outcome)
            self.message_user(request, action.outcome, messages.SUCCESS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article(status=Status.DRAFT)
        allowed = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        actions = publishing.available_actions(request.user, article) if allowed else []
        context["workflow_actions"] = [{"name": a.name, "label": a.label} for a in actions]
        context["live_desk"] = self.live_desk_context(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    # --- What the form shows ----------------------------------------------------------
    first_published = desk_time_column("first_published_at", "First published")
    last_updated = desk_time_column("revised_at", "Last updated")
    created = desk_time_column("created_at", "Created at")
    saved = desk_time_column("updated_at", "Last saved")

    @admin.display(description="State", ordering="published_at")
    def state(self, article):
        return article.state_label() if article.pk else "Draft (not saved yet)"

    @admin.display(description="Workflow history")
    def workflow_history(self, article):
        """Every change of state, newest first: when, who, from, to, and the note."""
        if not article.pk:
            return "—"
        rows = [
            (
                printstyle.ap_datetime(t.at), t.by.get_username() if t.by else "the system",
                t.get_from_status_display(), t.get_to_status_display(), f": {t.note}" if t.note else "",
            )
            for t in article.transitions.select_related("by")[:50]
        ]
        if not rows:
            return "No changes of state yet."
        return format_html("<ol>{}</ol>", format_html_join("", "<li>{} · {} · {} → {}{}</li>", rows))

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

    # --- List actions: each story on its own, a report of what was done and refused ----
    def run_on_each(self, request, queryset, action_class, **kwargs):
        done, refused = [], []
        # Only the ids are taken from the list: each story is read again, locked, in its own
        # transaction, so a story edited since the list was loaded keeps its new text.
        for pk in queryset.order_by("pk").values_list("pk", flat=True):
            article = None
            try:
                with transaction.atomic():  # a refusal or a crash leaves that story as it was
                    article = Article.objects.select_for_update().filter(pk=pk).first()
                    if article is None:
                        continue  # deleted since the list was loaded
                    action = action_class(article, by=request.user, **kwargs)
                    action.execute()
            except (PermissionDenied, ValidationError) as error:
                refused.append(" ".join(getattr(error, "messages", None) or [str(error)]))
                continue
            except Exception:
                logger.exception("%s failed on story %s", action_class.__name__, pk)
                name = publishing.story_name(article) if article is not None else f"Story {pk}"
                refused.append(f"{name}: not changed; an unexpected error was logged.")
                continue
            if action.outcome:
                self.log_change(request, article, action.outcome)
                done.append(action.outcome)
        if done:
            self.message_user(request, " ".join(done), messages.SUCCESS)
        if refused:
            self.message_user(request, "Refused: " + " ".join(refused), messages.ERROR)

    def _note(self, request):
        return request.POST.get("note", "")

    @admin.action(description="Submit for editing", permissions=["submit"])
    def submit_for_editing(self, request, queryset):
        self.run_on_each(request, queryset, publishing.SubmitArticle)

    @admin.action(description="Send back (with the note)", permissions=["publish"])
    def send_back(self, request, queryset):
        self.run_on_each(request, queryset, publishing.SendBackArticle, note=self._note(request))

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self.run_on_each(request, queryset, publishing.PublishArticle)

    @admin.action(description="Schedule (at the time given)", permissions=["publish"])
    def schedule(self, request, queryset):
        try:
            at = ArticleActionForm.base_fields["at"].clean(request.POST.get("at", ""))
        except ValidationError:
            at = None  # each story is then refused with "a scheduled time must be in the future"
        self.run_on_each(request, queryset, publishing.ScheduleArticle, at=at)

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self.run_on_each(request, queryset, publishing.UnpublishArticle, note=self._note(request))

    @admin.action(description="Withdraw (with the note as the reason)", permissions=["publish"])
    def withdraw(self, request, queryset):
        self.run_on_each(request, queryset, publishing.WithdrawArticle, note=self._note(request))

    @admin.action(description="Restore a withdrawn story (as a draft)", permissions=["publish"])
    def restore(self, request, queryset):
        self.run_on_each(request, queryset, publishing.RestoreArticle, note=self._note(request))


def bylines_from(formset, request, article):
    """The bylines the byline formset asks for, in printed order; None when this user may not change them.

    As with Django's own formsets, a byline the post does not mention is kept
    as it is: only the rows posted are changed, deleted or added.
    """
    if not permissions.can_change(request.user, article if article.pk else None):
        return None
    posted = {form.instance.pk for form in formset.initial_forms}
    rows = [
        (byline.position, -1, byline.author, byline.role, byline.affiliation)
        for byline in formset.get_queryset() if byline.pk not in posted
    ]
    for index, byline_form in enumerate(formset.forms):
        data = getattr(byline_form, "cleaned_data", None) or {}
        if not data.get("author") or data.get("DELETE"):
            continue
        rows.append((data.get("position") or 0, index, data["author"], data.get("role", ""),
                     data.get("affiliation", "")))
    return [(author, role, affiliation) for _, _, author, role, affiliation in sorted(rows, key=lambda row: row[:2])]
