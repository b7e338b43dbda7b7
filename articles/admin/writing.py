"""Writing in the admin: a stale save merged on top of the other person's.

The story form and ArticleAdmin inherit the mixins here; the desk's own
saving, rights and workflow stay in articles.py.

A stale save (the story was saved by someone else after this editor opened
it) is refused and merged three ways: the version this editor opened (the
base, kept in its revision), the story as it is now (theirs) and the posted
form (mine). The re-shown form holds the merge: the other person's values
where only they changed something, this editor's where only they did, and
for each part both changed, this editor's text with a required choice. The
body merges paragraph by paragraph (articles/body_merge.py): edits to
different paragraphs both stay, and only a paragraph both changed asks for a
choice, showing the two versions of just that paragraph.
"""

from datetime import datetime
from functools import update_wrapper

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from articles import permissions, printstyle
from articles.diffing import paragraph_rows, side_by_side, word_diff
from articles.models import Article, Author, Dateline, PhotoAsset, Section, Status, Tag
from articles.sanitize import clean_body_html, strip_tags_safely
from articles.services import revisions, writing
from articles.widgets import PlainParagraphWidget, body_widget, plain_text_from_editor

BYLINES = "bylines"


def posted_bylines(data, prefix=BYLINES):
    """[[author id, role], …] in printed order, as the bylines inline was posted (None if it was not).

    A byline with an affiliation is [author id, role, affiliation], as revisions keep it.
    """
    if f"{prefix}-TOTAL_FORMS" not in data:
        return None
    rows = []
    for i in range(int(data.get(f"{prefix}-TOTAL_FORMS") or 0)):
        author = data.get(f"{prefix}-{i}-author")
        if not author or data.get(f"{prefix}-{i}-DELETE"):
            continue
        try:
            position = int(data.get(f"{prefix}-{i}-position") or 0)
            row = [int(author), (data.get(f"{prefix}-{i}-role") or "").strip()]
            affiliation = (data.get(f"{prefix}-{i}-affiliation") or "").strip()
            rows.append((position, i, [*row, affiliation] if affiliation else row))
        except ValueError:
            continue
    return [row for _, _, row in sorted(rows)]


def bylines_post_data(article, bylines, prefix=BYLINES):
    """The bylines inline's POST data that turns the story's current rows into `bylines`.

    Rows are matched by author (one byline per author), so the result never
    collides with the unique constraint: kept rows are updated, the rest
    deleted, new authors added after them.
    """
    existing = list(article.bylines.order_by("position", "id"))
    wanted = {
        author_id: (position, role, affiliation[0] if affiliation else "")
        for position, (author_id, role, *affiliation) in enumerate(bylines)
    }
    data = {f"{prefix}-INITIAL_FORMS": str(len(existing))}
    for i, row in enumerate(existing):
        position, role, affiliation = wanted.get(row.author_id, (row.position, row.role, row.affiliation))
        data.update(
            {
                f"{prefix}-{i}-id": str(row.pk),
                f"{prefix}-{i}-article": str(article.pk),
                f"{prefix}-{i}-author": str(row.author_id),
                f"{prefix}-{i}-role": role,
                f"{prefix}-{i}-affiliation": affiliation,
                f"{prefix}-{i}-position": str(position),
            }
        )
        if row.author_id not in wanted:
            data[f"{prefix}-{i}-DELETE"] = "on"
    new = [(author_id, spec) for author_id, spec in wanted.items() if author_id not in {r.author_id for r in existing}]
    for i, (author_id, (position, role, affiliation)) in enumerate(new, start=len(existing)):
        data.update(
            {
                f"{prefix}-{i}-article": str(article.pk),
                f"{prefix}-{i}-author": str(author_id),
                f"{prefix}-{i}-role": role,
                f"{prefix}-{i}-affiliation": affiliation,
                f"{prefix}-{i}-position": str(position),
            }
        )
    data[f"{prefix}-TOTAL_FORMS"] = str(len(existing) + len(new))
    return data


def replace_post_data(data, prefix, replacement):
    """Swap one inline's part of a (mutable) QueryDict in place."""
    for key in [key for key in data if key.startswith(f"{prefix}-")]:
        del data[key]
    for key, value in replacement.items():
        data[key] = value


def raw_field_data(form, name):
    """{POST key: value} that make `form`'s field `name` post its current (initial) value."""
    field = form.fields[name]
    widget = field.widget
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    value = form[name].value()
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        pairs = zip(widget.widgets, parts, strict=True)
        return {f"{name}_{i}": sub.format_value(part) or "" for i, (sub, part) in enumerate(pairs)}
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on" if value else None}
    if isinstance(widget, forms.SelectMultiple):
        return {name: [str(v) for v in value or []]}
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        formatted = formatted[0] if formatted else ""
    return {name: formatted or ""}


def form_name(key):
    return key.removesuffix("_id")


class StaleMergeFormMixin(forms.Form):
    """For the story form: refuse a save from a stale copy and re-show it merged; resolve conflicts."""

    # The version this editor opened; a save from an older copy is refused.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # After a refusal: the version first opened (for the record) and the parts both changed.
    merge_base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflicts = forms.CharField(widget=forms.HiddenInput, required=False)

    request = None  # set by WritingAdminMixin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_merge = None
        if self.instance.pk and not self.is_bound:
            # Read only: opening a story writes nothing and locks nothing (0: it has no revision yet).
            self.fields["loaded_version"].initial = revisions.current_version(self.instance.pk)

    # --- the posted form as a snapshot ------------------------------------
    def mine_snapshot(self, cleaned):
        mine = {}
        for key in revisions.TRACKED_FIELDS:
            name = form_name(key)
            if name not in self.fields or name not in cleaned:
                continue
            value = cleaned[name]
            if isinstance(value, Model):
                value = value.pk
            elif isinstance(value, datetime):
                value = value.isoformat()
            elif key == "body":
                value = clean_body_html(value)
            mine[key] = value
        if "tags" in self.fields and "tags" in cleaned:
            mine["tags"] = sorted(tag.pk for tag in cleaned["tags"])
        bylines = posted_bylines(self.data)
        if bylines is not None:
            mine[BYLINES] = bylines
        return mine

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            current = revisions.article_newer_version(article_pk=self.instance.pk, opened_version=loaded)
            if current is not None:
                self.refuse_and_merge(cleaned, loaded or 1, current)  # opened before any revision: version 1
            else:
                self.resolve_conflicts(cleaned)
        return cleaned

    def refuse_and_merge(self, cleaned, loaded, current):
        fresh = Article.objects.get(pk=self.instance.pk)
        theirs = revisions.article_snapshot(fresh)
        base = revisions.snapshot_at(article_pk=fresh.pk, version=loaded) or theirs
        merges = revisions.merge_snapshots(base, theirs, self.mine_snapshot(cleaned))
        newer = list(revisions.newer_revisions(article_pk=fresh.pk, since_version=loaded).order_by("version"))
        self.stale_merge = merges
        self.stale_by = sorted({r.saved_by.get_username() if r.saved_by else "the system" for r in newer})

        data = self.data.copy()
        theirs_form = type(self)(instance=fresh)
        for merge in merges:
            if isinstance(merge, revisions.BodyMerge) and merge.both_changed:
                # Merged paragraph by paragraph; where both changed one, this editor's version, to choose on.
                data[self.add_prefix("body")] = merge.merged
                continue
            if merge.mine_changed:
                continue  # this editor's text stays in the form
            if merge.key == BYLINES:
                continue
            name = form_name(merge.key)
            for key, value in raw_field_data(theirs_form, name).items():
                if value is None:
                    data.pop(key, None)
                elif isinstance(value, list):
                    data.setlist(key, value)
                else:
                    data[key] = value
        bylines = next((m for m in merges if m.key == BYLINES), None)
        if bylines is not None:
            self.replace_bylines(fresh, bylines.merged)
        data[self.add_prefix("loaded_version")] = current
        data[self.add_prefix("merge_base_version")] = self.data.get(self.add_prefix("merge_base_version")) or loaded
        data[self.add_prefix("conflicts")] = ",".join(m.key for m in merges if m.is_conflict)
        self.data = data
        raise ValidationError(
            "%(who)s saved this story after you opened it. Nothing was saved yet: below, their changes are "
            "applied and yours are kept on top. Check the fields marked, choose where you both changed the "
            "same thing, and save again.",
            params={"who": " and ".join(self.stale_by)},
            code="stale",
        )

    def replace_bylines(self, article, bylines):
        formset_data = (getattr(self.request, "writing_formset_data", None) or {}).get(BYLINES)
        if formset_data is not None:
            replace_post_data(formset_data, BYLINES, bylines_post_data(article, bylines))

    def resolve_conflicts(self, cleaned):
        """Apply the editor's choice for each part both had changed (after a refusal)."""
        keys = [key for key in (cleaned.get("conflicts") or "").split(",") if key in revisions.ALL_PARTS]
        for key in keys:
            label = revisions.ALL_PARTS[key]
            if key == "body":
                self.resolve_body_conflicts(cleaned)
                continue
            choice = self.data.get(f"resolve-{key}")
            if choice not in {"mine", "theirs"}:
                self.add_error(None, f"Choose whose {label} to keep: yours or the version saved before yours.")
                continue
            if choice == "mine":
                continue
            if key == BYLINES:
                self.replace_bylines(self.instance, revisions.article_snapshot(self.instance)[BYLINES])
            elif key == "tags":
                cleaned["tags"] = self.instance.tags.all()
            else:
                cleaned[form_name(key)] = getattr(self.instance, form_name(key))

    def body_merge(self, body):
        """The posted body merged again with the story as saved, against the version first opened:
        the paragraphs both changed are the conflicts still to choose on."""
        first = self.data.get(self.add_prefix("merge_base_version")) or self.data.get(self.add_prefix("loaded_version"))
        try:
            base = revisions.snapshot_at(article_pk=self.instance.pk, version=int(first)) or {}
        except (TypeError, ValueError):
            base = {}
        theirs = Article.objects.filter(pk=self.instance.pk).values_list("body", flat=True).first() or ""
        return revisions.BodyMerge("body", "body", base.get("body", ""), theirs, clean_body_html(body or ""))

    def resolve_body_conflicts(self, cleaned):
        """Each paragraph both changed takes the version chosen for it; every other paragraph stays merged."""
        if "body" not in cleaned:
            return
        merge = self.body_merge(cleaned["body"])
        if not merge.both_changed:
            return
        choices = {}
        for conflict in merge.blocks.conflicts:
            choice = self.data.get(f"resolve-body-{conflict.key}")
            if choice not in {"mine", "theirs"}:
                self.add_error(
                    None, f"Choose whose paragraph {conflict.number} of the text to keep: yours or the version "
                    "saved before yours."
                )
            choices[conflict.key] = choice
        cleaned["body"] = merge.blocks.html(choices)

    def revision_details(self):
        """What the revision of this save records beyond the story: the version opened, a merge."""
        loaded = self.cleaned_data.get("loaded_version")
        first = self.cleaned_data.get("merge_base_version")
        if not first or loaded is None:
            return {"base_version": loaded}
        joined = revisions.newer_revisions(article_pk=self.instance.pk, since_version=first).filter(version__lte=loaded)
        who = sorted({r.saved_by.get_username() if r.saved_by else "the system" for r in joined})
        over = f"v{loaded}" if loaded == first + 1 else f"v{first + 1}–v{loaded}"
        return {"base_version": first, "note": f"merged: opened v{first}, saved over {over} ({', '.join(who)})"}


class WritingFormMixin(StaleMergeFormMixin):
    """Everything this module adds to the story form: the editors, and the stale-save merge."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].widget = body_widget()
        if "dek" in self.fields:
            self.fields["dek"].widget = PlainParagraphWidget(attrs={"rows": 3, "class": "vLargeTextField"})

    def clean_dek(self):
        return plain_text_from_editor(self.cleaned_data.get("dek", ""))


class CorrectionTextForm(forms.ModelForm):
    """A correction's text in the same one-paragraph plain editor as the dek."""

    class Meta:
        widgets = {"text": PlainParagraphWidget(attrs={"rows": 2, "class": "vLargeTextField"})}

    def clean_text(self):
        return plain_text_from_editor(self.cleaned_data.get("text", ""))


# --- showing snapshot values to editors ----------------------------------------

NAMED = {"section_id": Section, "dateline_id": Dateline, "lead_photo_id": PhotoAsset}


def display_value(key, value):
    """A snapshot value as an editor reads it: names for ids, text for HTML."""
    if value in (None, "", []):
        return "—"
    if key in NAMED:
        return str(NAMED[key].objects.filter(pk=value).first() or f"#{value} (deleted)")
    if key == "tags":
        names = dict(Tag.objects.filter(pk__in=value).values_list("pk", "name"))
        return ", ".join(names.get(pk, f"#{pk}") for pk in value)
    if key == BYLINES:
        names = dict(Author.objects.filter(pk__in=[a for a, *_ in value]).values_list("pk", "name"))
        return "; ".join(
            f"{role or 'By'} {names.get(a, f'#{a}')}" + "".join(f", {place}" for place in affiliation if place)
            for a, role, *affiliation in value
        )
    if key == "body":
        return strip_tags_safely(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class StaleMergeRow:
    """One row of the merge table on a refused save."""

    def __init__(self, merge, form, *, kind=None):
        self.merge = merge
        self.forced_kind = kind
        self.key = merge.key
        self.label = merge.label
        self.base = display_value(merge.key, merge.base)
        self.theirs = display_value(merge.key, merge.theirs)
        self.mine = display_value(merge.key, merge.mine)
        self.choice = form.data.get(f"resolve-{merge.key}", "")
        # The body: only the paragraphs both changed are asked about, each with the two versions.
        self.paragraphs = (
            [
                {
                    "key": conflict.key,
                    "number": conflict.number,
                    "theirs": conflict.theirs_text or "(deleted)",
                    "mine": conflict.mine_text or "(deleted)",
                    "choice": form.data.get(f"resolve-body-{conflict.key}", ""),
                    "diff": word_diff("".join(conflict.theirs), "".join(conflict.mine), html=True),
                }
                for conflict in merge.blocks.conflicts
            ]
            if isinstance(merge, revisions.BodyMerge) and merge.is_conflict
            else []
        )
        # Where both changed a text, what separates theirs from yours, word by word.
        self.diff = (
            word_diff(str(merge.theirs or ""), str(merge.mine or ""), html=merge.key == "body")
            if merge.key in TEXT_PARTS and self.kind == "conflict" and not self.paragraphs
            else ""
        )

    @property
    def kind(self):
        if self.forced_kind:
            return self.forced_kind
        if self.merge.is_conflict:
            return "conflict"
        if isinstance(self.merge, revisions.BodyMerge) and self.merge.both_changed:
            return "merged"
        return "mine" if self.merge.mine_changed else "theirs"


class StaleMergeAdminMixin:
    """For ArticleAdmin: the merge table on a refused save, and the form's view of the request."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs:
            # Kept so a refused save can put the merged bylines in the re-shown inline.
            request.writing_formset_data = {**getattr(request, "writing_formset_data", {}), prefix: kwargs["data"]}
        return kwargs

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if getattr(form, "stale_merge", None):
            context["stale_merge"] = [StaleMergeRow(merge, form) for merge in form.stale_merge]
            context["stale_by"] = " and ".join(form.stale_by)
        elif form.is_bound and form.data.get("conflicts"):
            # Re-shown again (a choice missing): keep the table of what to choose.
            context["stale_merge"] = self._pending_conflicts(form)
        return super().render_change_form(request, context, *args, **kwargs)

    def _pending_conflicts(self, form):
        article = form.instance
        loaded = int(form.data.get("loaded_version") or 0)
        first = int(form.data.get("merge_base_version") or 0)
        base = revisions.snapshot_at(article_pk=article.pk, version=first) or {}
        theirs = revisions.snapshot_at(article_pk=article.pk, version=loaded) or {}
        rows = []
        for key in form.data.get("conflicts", "").split(","):
            if key == "body" and "body" in form.fields:
                merge = form.body_merge(form["body"].value())
                if merge.is_conflict:
                    rows.append(StaleMergeRow(merge, form, kind="conflict"))
                continue
            if key in revisions.ALL_PARTS:
                mine = posted_bylines(form.data) if key == BYLINES else theirs.get(key)
                if key != BYLINES and form_name(key) in form.fields:
                    field_value = form[form_name(key)].value()
                    mine = field_value
                merge = revisions.FieldMerge(key, revisions.ALL_PARTS[key], base.get(key), theirs.get(key), mine)
                rows.append(StaleMergeRow(merge, form, kind="conflict"))
        return rows


# --- Revisions: the history, comparing two, restoring one -----------------------------

TEXT_PARTS = {"headline", "kicker", "dek", "body", "lead_photo_caption", "seo_description"}


def revision_kind(revision, previous):
    """Which transition a save made, or whether it was a substantive update, a merge, a restore."""
    snap, before = revision.snapshot, previous.snapshot if previous else None
    labels = []
    if before is None:
        labels.append("first version")
    elif before.get("status") != snap.get("status"):
        names = dict(Status.choices)
        labels.append(f"{names.get(before.get('status'), before.get('status'))} → {names.get(snap.get('status'))}")
    if (
        before is not None
        and snap.get("is_update_shown")
        and not revisions.same("revised_at", before.get("revised_at"), snap.get("revised_at"))
    ):
        labels.append("substantive update")
    if revision.note:
        labels.append(revision.note)
    return "; ".join(labels) or "edit"


class RevisionsAdminMixin:
    """For ArticleAdmin: /admin/articles/article/<id>/revisions/, compare, restore."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name="{}_{}_revisions".format(*info)),
            path(
                "<path:object_id>/revisions/compare/",
                wrap(self.revisions_compare_view),
                name="{}_{}_revisions_compare".format(*info),
            ),
            path(
                "<path:object_id>/revisions/<int:version>/restore/",
                wrap(require_POST(self.revision_restore_view)),
                name="{}_{}_revision_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def revisions_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        saved = list(article.revisions.select_related("saved_by").order_by("-version"))
        rows = []
        for revision, previous in zip(saved, [*saved[1:], None], strict=True):
            rows.append({
                "version": revision.version,
                "when": printstyle.ap_datetime(revision.saved_at),
                "who": revision.saved_by.get_username() if revision.saved_by else "the system",
                "kind": revision_kind(revision, previous),
                "changed": ", ".join(revisions.changed_parts(previous.snapshot, revision.snapshot)) if previous else "",
            })
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Revisions of “{article.headline}”",
            "rows": rows,
            "latest": saved[0].version if saved else None,
            "previous": saved[1].version if len(saved) > 1 else None,
        }
        return TemplateResponse(request, "admin/articles/article_revisions.html", context)

    def revisions_compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        try:
            a, b = sorted({int(request.GET["a"]), int(request.GET["b"])})
        except (KeyError, ValueError):
            messages.error(request, "Choose two versions to compare.")
            return redirect(reverse("admin:articles_article_revisions", args=[article.pk]))
        found = {r.version: r for r in article.revisions.filter(version__in=[a, b]).select_related("saved_by")}
        if a not in found or b not in found:
            raise Http404("No such version.")
        before, after = found[a].snapshot, found[b].snapshot
        rows = []
        for key in revisions.changed_keys(before, after):
            row = {
                "label": revisions.ALL_PARTS[key],
                "before": display_value(key, before.get(key)),
                "after": display_value(key, after.get(key)),
            }
            if key == "body":
                # Side by side, paragraph by paragraph: the words each version lost or gained marked.
                row["paragraphs"] = paragraph_rows(before.get(key) or "", after.get(key) or "")
            elif key in TEXT_PARTS:
                row["before"], row["after"] = side_by_side(str(before.get(key) or ""), str(after.get(key) or ""))
            rows.append(row)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Version {a} and version {b} of “{article.headline}”",
            "a": found[a],
            "b": found[b],
            "a_when": printstyle.ap_month_day_time(found[a].saved_at),
            "b_when": printstyle.ap_month_day_time(found[b].saved_at),
            "rows": rows,
            "can_restore": self.has_change_permission(request, article),
            "restorable": [r for r in (found[a], found[b]) if r.version != revisions.current_version(article.pk)],
        }
        return TemplateResponse(request, "admin/articles/article_revisions_compare.html", context)

    def revision_restore_view(self, request, object_id, version):
        article = self._article_or_404(request, object_id)
        # The same right as saving the story in its form: restoring is editing.
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        before = revisions.current_version(article.pk)
        try:
            restored = revisions.article_restore_revision(article=article, version=version, by=request.user)
        except PermissionDenied as error:
            messages.error(request, str(error) or "You may not change this story.")
            return redirect(reverse("admin:articles_article_revisions", args=[article.pk]))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("admin:articles_article_revisions", args=[article.pk]))
        if restored is None or restored.version == before:
            messages.info(request, f"The story already says what version {version} said; nothing changed.")
        else:
            messages.success(request, f"Version {version} restored as version {restored.version}.")
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))


# --- Autosave, presence, share links -------------------------------------------------------


def clock(moment):
    return printstyle.clock_time(moment)


def wants_json(request):
    return request.headers.get("accept", "").startswith("application/json")


def signed_out_response(site):
    """What the open form's script gets when the session has ended: a 401 it can act on.

    A redirect to the login page would be followed by fetch() and read as a
    success (the login page answers 200), and the editor would keep typing
    into a form that can no longer be saved.
    """
    response = JsonResponse(
        {"signed_out": True, "login_url": f"{reverse('admin:login', current_app=site.name)}?next="
                                          f"{reverse('admin:index', current_app=site.name)}"},
        status=401,
    )
    # Required with a 401; a scheme browsers do not know, so none of them prompts for a password.
    response["WWW-Authenticate"] = 'Session realm="admin"'
    add_never_cache_headers(response)
    return response


def script_view(site, view, *, json_only=True):
    """site.admin_view(view), but a signed-out request from the form's script gets signed_out_response.

    json_only=False keeps the login redirect for a plain form post (one that
    does not ask for JSON).
    """
    guarded = site.admin_view(view)

    def inner(request, *args, **kwargs):
        if not site.has_permission(request) and (json_only or wants_json(request)):
            return signed_out_response(site)
        return guarded(request, *args, **kwargs)

    return update_wrapper(inner, guarded)


class LiveWritingAdminMixin:
    """For ArticleAdmin: autosave and presence endpoints for the open form; the share-links page."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        post = require_POST

        def script(view, **options):
            return script_view(self.admin_site, view, **options)

        return [
            path("signed-in/", script(require_GET(self.signed_in_view)), name="{}_{}_signed_in".format(*info)),
            path("<path:object_id>/autosave/", script(post(self.autosave_view)), name="{}_{}_autosave".format(*info)),
            path(
                "<path:object_id>/autosave/discard/",
                script(post(self.autosave_discard_view), json_only=False),
                name="{}_{}_autosave_discard".format(*info),
            ),
            path("<path:object_id>/presence/", script(post(self.presence_view)), name="{}_{}_presence".format(*info)),
            path(
                "<path:object_id>/presence/leave/",
                script(post(self.presence_leave_view)),
                name="{}_{}_presence_leave".format(*info),
            ),
            path("<path:object_id>/share/", wrap(self.share_links_view), name="{}_{}_share".format(*info)),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                wrap(post(self.share_link_revoke_view)),
                name="{}_{}_share_revoke".format(*info),
            ),
            *super().get_urls(),
        ]

    def _editable_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def signed_in_view(self, request):
        """Who is signed in, and the CSRF token to post with now (signing in again rotates it)."""
        return JsonResponse({"user": request.user.pk, "csrf_token": get_token(request)})

    def autosave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        try:
            base_version = int(request.POST.get("loaded_version") or 0)
        except ValueError:
            base_version = 0
        autosave = writing.autosave_store(article=article, user=request.user, fields=request.POST,
                                          base_version=base_version)
        return JsonResponse({"saved_at": clock(autosave.saved_at)})

    def autosave_discard_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        writing.autosave_discard(article=article, user=request.user)
        if wants_json(request):
            return JsonResponse({"discarded": True})
        messages.info(request, "Your unsaved changes were discarded.")
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def presence_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        others = writing.presence_beat(article=article, user=request.user)
        return JsonResponse({"others": [presence_json(p) for p in others]})

    def presence_leave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        writing.presence_leave(article=article, user=request.user)
        return JsonResponse({"left": True})

    def _shareable_article(self, request, object_id):
        # The page lists working links, so seeing it takes the right to make them.
        article = self._editable_article(request, object_id)
        if not permissions.can_share(request.user, article):
            raise PermissionDenied
        return article

    def share_links_view(self, request, object_id):
        article = self._shareable_article(request, object_id)
        if request.method == "POST":
            try:
                link = writing.share_link_create(
                    article=article, by=request.user, hours=request.POST.get("hours"), note=request.POST.get("note", "")
                )
            except (ValidationError, ValueError) as error:
                text = " ".join(error.messages) if isinstance(error, ValidationError) else "Give the hours as a number."
                messages.error(request, text)
            else:
                messages.success(request, f"Share link made; it works until {printstyle.ap_datetime(link.expires_at)}.")
            return redirect(reverse("admin:articles_article_share", args=[article.pk]))
        links = [
            {
                "link": link,
                "url": request.build_absolute_uri(
                    reverse("articles:share-preview", args=[writing.share_link_signed_token(link)])
                ),
                "expires": printstyle.ap_datetime(link.expires_at),
                "usable": link.is_usable(),
            }
            for link in article.share_links.select_related("created_by")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Share links for “{article.headline}”",
            "links": links,
            "default_hours": settings.NEWSROOM_SHARE_LINK_HOURS,
            "is_published": article.is_published(),
        }
        return TemplateResponse(request, "admin/articles/article_share_links.html", context)

    def share_link_revoke_view(self, request, object_id, link_id):
        article = self._shareable_article(request, object_id)
        link = article.share_links.filter(pk=link_id).first()
        if link is None:
            raise Http404("No such share link.")
        writing.share_link_revoke(link=link, by=request.user)
        messages.success(request, "The share link was revoked; it now answers “not found”.")
        return redirect(reverse("admin:articles_article_share", args=[article.pk]))

    def render_change_form(self, request, context, *args, **kwargs):
        article = context.get("original")
        if article is not None and article.pk and self.has_change_permission(request, article):
            context["writing_urls"] = {
                "autosave": reverse("admin:articles_article_autosave", args=[article.pk]),
                "discard": reverse("admin:articles_article_autosave_discard", args=[article.pk]),
                "presence": reverse("admin:articles_article_presence", args=[article.pk]),
                "leave": reverse("admin:articles_article_presence_leave", args=[article.pk]),
            }
            context["may_share"] = permissions.can_share(request.user, article)
            kept = writing.autosave_of(article=article, user=request.user)
            context["writing_config"] = {
                **context["writing_urls"],
                **session_config(request, story=article.pk),
                "presenceSeconds": settings.NEWSROOM_PRESENCE_SECONDS,
                # When the server last kept this editor's unsaved text (ms since the epoch), if ever:
                # a copy in the browser older than that is not offered back.
                "autosavedAt": int(kept.saved_at.timestamp() * 1000) if kept else None,
            }
            context["present_others"] = [presence_json(p) for p in writing.presence_others(article=article,
                                                                                          user=request.user)]
            form = context["adminform"].form
            autosave = None if form.is_bound else writing.autosave_worth_offering(kept, article)
            if autosave is not None:
                context["autosave"] = autosave_offer(autosave, article)
        elif kwargs.get("add") and self.has_add_permission(request):
            # A new story has no autosave yet, but its Save is guarded the same way.
            context["writing_config"] = session_config(request, story="new")
        return super().render_change_form(request, context, *args, **kwargs)

    def story_saved(self, request, article):
        """Call after a save: the text kept aside is now in the story (or deliberately not)."""
        writing.autosave_discard(article=article, user=request.user)


def session_config(request, *, story):
    """What the form's script needs to keep text in the browser while signed out and to guard Save.

    The copy is kept by story (its id, or "new") and user; the session is asked
    about before each save, which also gives a fresh CSRF token after signing in again.
    """
    return {
        "story": story,
        "user": request.user.pk,
        "userName": request.user.get_username(),
        "fields": writing.AUTOSAVE_FIELDS,
        "autosaveSeconds": settings.NEWSROOM_AUTOSAVE_SECONDS,
        "signedIn": reverse("admin:articles_article_signed_in"),
        "login": f"{reverse('admin:login')}?next={reverse('admin:index')}",
    }


def presence_json(presence):
    user = presence.user
    return {"name": user.get_full_name() or user.get_username(), "since": clock(presence.since)}


def autosave_offer(autosave, article):
    """The "restore your unsaved changes" notice: when, the text per field, and how it differs."""
    fields = {}
    diffs = []
    for name in writing.autosave_differences(autosave, article):
        value = autosave.fields[name]
        fields[name] = value
        current = getattr(article, name, "") or ""
        label = Article._meta.get_field(name).verbose_name
        diffs.append({"label": label, "diff": word_diff(str(current), value, html=name == "body")})
    return {"saved_at": clock(autosave.saved_at), "fields": fields, "diffs": diffs}


class WritingAdminMixin(LiveWritingAdminMixin, StaleMergeAdminMixin, RevisionsAdminMixin):
    """Everything this module adds to ArticleAdmin."""
