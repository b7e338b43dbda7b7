"""The live desk: the compact form under a live story in the admin, and its small JSON endpoints.

Reporters post an update in one keystroke (Ctrl+Enter) without leaving the
story's page, and see the stream as readers see it; they correct or delete
their own. Editors mark the story live, pin, unpin, correct or remove any
update, and end the coverage. Every endpoint hands the request to
articles/services/live.py, which checks the rights; this module only turns
the answer into JSON (articles/static/articles/live-desk.js reads it).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles import permissions
from articles.live_stream import live_stream
from articles.models import Article, Coverage, LiveUpdate, PhotoAsset
from articles.sanitize import BODY_EDITOR_EXTENSIONS
from articles.services import live
from articles.widgets import ProseWidget

DESK_STREAM_TEMPLATE = "admin/articles/article/live_desk_stream.html"


def compose_widget():
    return ProseWidget(extensions=BODY_EDITOR_EXTENSIONS, attrs={"rows": 4, "id": "live-body"})


def _message(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "You may not do that."


def _refusal(exc):
    return JsonResponse({"error": _message(exc)}, status=403 if isinstance(exc, PermissionDenied) else 400)


class LiveDeskAdminMixin:
    """Adds the live desk to the story admin (ArticleAdmin)."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/live/", wrap(self.live_stream_view), name="{}_{}_live".format(*info)),
            path(
                "<path:object_id>/live/coverage/",
                wrap(require_POST(self.live_coverage_view)),
                name="{}_{}_live_coverage".format(*info),
            ),
            path(
                "<path:object_id>/live/<int:update_id>/",
                wrap(require_POST(self.live_update_view)),
                name="{}_{}_live_update".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- What the story page shows ----------------------------------------------------
    def live_desk_context(self, request, article):
        """The desk's context for the change form, or None when this user has nothing to do with it."""
        if article is None or article.pk is None:
            return None
        user = request.user
        may_run = permissions.can_run_coverage(user, article)
        may_post = permissions.can_post_live_update(user, article)
        if article.coverage == Coverage.ORDINARY and not may_run:
            return None
        info = self.opts.app_label, self.opts.model_name
        return {
            "article": article,
            "may_run": may_run,
            "may_post": may_post and article.coverage == Coverage.LIVE,
            "stream_html": self.desk_stream_html(request, article),
            "stream_url": reverse("admin:{}_{}_live".format(*info), args=[article.pk]),
            "coverage_url": reverse("admin:{}_{}_live_coverage".format(*info), args=[article.pk]),
            "update_url": reverse("admin:{}_{}_live_update".format(*info), args=[article.pk, 0]),
            "compose": compose_widget().render("body", "", attrs={"id": "live-body"}),
            "compose_media": compose_widget().media,
        }

    def desk_stream_html(self, request, article):
        """The stream as readers see it, with the buttons this user may press on each update."""
        context = live_stream(article) or {"updates": [], "pinned": [], "stream": [], "is_live": False}
        for update in context["updates"]:
            update.may_change = permissions.can_change_live_update(request.user, update)
        context["may_run"] = permissions.can_run_coverage(request.user, article)
        return render_to_string(DESK_STREAM_TEMPLATE, context, request)

    def _live_article(self, request, object_id) -> Article:
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such story.")
        return article

    def _answer(self, request, article, **extra):
        article.refresh_from_db()
        return JsonResponse({
            "coverage": article.coverage,
            "html": self.desk_stream_html(request, article),
            **extra,
        })

    # --- Endpoints ---------------------------------------------------------------------
    def live_stream_view(self, request, object_id):
        """GET: the desk's stream. POST: a new update (body, optional photo number; editors may pin it)."""
        article = self._live_article(request, object_id)
        if request.method == "POST":
            try:
                update = live.live_update_create(
                    article=article, body=request.POST.get("body", ""), by=request.user,
                    photo=self._photo(request), is_pinned=request.POST.get("is_pinned") == "1",
                )
            except (PermissionDenied, ValidationError) as exc:
                return _refusal(exc)
            return self._answer(request, article, id=update.pk, message="Update posted.")
        return self._answer(request, article)

    def live_update_view(self, request, object_id, update_id):
        """POST action=edit (body[, photo]) | delete | pin | unpin, on one update of this story."""
        article = self._live_article(request, object_id)
        update = get_object_or_404(LiveUpdate.objects.select_related("article"), pk=update_id, article=article)
        action = request.POST.get("action")
        try:
            if action == "edit":
                kwargs = {"photo": self._photo(request)} if "photo" in request.POST else {}
                live.live_update_edit(update=update, body=request.POST.get("body", ""), by=request.user, **kwargs)
                message = "Update corrected."
            elif action == "delete":
                live.live_update_delete(update=update, by=request.user)
                message = "Update deleted."
            elif action in ("pin", "unpin"):
                live.live_update_pin(update=update, pinned=action == "pin", by=request.user)
                message = "Update pinned as a key point." if action == "pin" else "Update unpinned."
            else:
                return JsonResponse({"error": "Unknown action."}, status=400)
        except (PermissionDenied, ValidationError) as exc:
            return _refusal(exc)
        return self._answer(request, article, message=message)

    def live_coverage_view(self, request, object_id):
        """POST action=start | end: editors mark the story live or end its coverage."""
        article = self._live_article(request, object_id)
        action = request.POST.get("action")
        try:
            if action == "start":
                live.article_start_coverage(article=article, by=request.user)
                message = "The story is live: reporters may post updates."
            elif action == "end":
                live.article_end_coverage(article=article, by=request.user)
                message = "Live coverage ended."
            else:
                return JsonResponse({"error": "Unknown action."}, status=400)
        except (PermissionDenied, ValidationError) as exc:
            return _refusal(exc)
        return self._answer(request, article, message=message, reload=True)

    def _photo(self, request):
        value = request.POST.get("photo", "").strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError("A photo is given by its number in the library.")
        photo = PhotoAsset.objects.filter(pk=int(value)).first()
        if photo is None:
            raise ValidationError(f"No photo number {value} in the library.")
        return photo
