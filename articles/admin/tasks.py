"""Background tasks in the admin: what ran, what failed and why, and a Retry button.

django-tasks-db registers a read-only list of its task rows; this replaces
it with one that says, for each task, what it is (the task and its
arguments), when it was queued, started and finished, how many attempts it
has had, and its last error; and lets an administrator run a failed (or
abandoned) task again, same task and arguments (articles/task_queue.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from articles.task_queue import task_attempts, task_retry

RETRY_PERMISSION = "django_tasks_database.change_dbtaskresult"


def last_error_line(db_result: DBTaskResult) -> str:
    """The traceback's last line ("ValueError: the file is broken"), or ''."""
    lines = [line for line in (db_result.traceback or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name", "status", "arguments", "attempts", "enqueued_at", "started_at", "finished_at", "last_error",
    )
    list_filter = ("status", "queue_name")
    actions = ["retry_selected"]
    change_form_template = "admin/tasks/dbtaskresult_change_form.html"

    @admin.display(description="arguments")
    def arguments(self, obj):
        args, kwargs = obj.args_kwargs.get("args", []), obj.args_kwargs.get("kwargs", {})
        return ", ".join([*map(repr, args), *(f"{key}={value!r}" for key, value in kwargs.items())])

    @admin.display(description="attempts")
    def attempts(self, obj):
        return task_attempts(obj)

    @admin.display(description="last error")
    def last_error(self, obj):
        return last_error_line(obj) or "-"

    # --- Retry ---------------------------------------------------------------------
    def has_retry_permission(self, request):
        return request.user.has_perm(RETRY_PERMISSION)

    @admin.action(description="Retry the selected failed tasks", permissions=["retry"])
    def retry_selected(self, request, queryset):
        retried = sum(task_retry(db_result=db_result) for db_result in queryset)
        skipped = len(queryset) - retried
        self.message_user(request, f"{retried} task(s) queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} not retried: only a failed task (or one whose worker stopped) runs again.",
                messages.WARNING,
            )

    def get_urls(self):
        retry = path(
            "<path:object_id>/retry/", self.admin_site.admin_view(self.retry_view),
            name="django_tasks_database_dbtaskresult_retry",
        )
        return [retry, *super().get_urls()]

    def retry_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_retry_permission(request):
            raise PermissionDenied
        db_result = get_object_or_404(DBTaskResult, pk=object_id)
        if task_retry(db_result=db_result):
            self.message_user(request, f"“{db_result.task_name}” is queued to run again.", messages.SUCCESS)
        else:
            self.message_user(
                request, f"“{db_result.task_name}” is {db_result.get_status_display().lower()}: nothing to retry.",
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:django_tasks_database_dbtaskresult_change", args=[db_result.pk]))

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_retry"] = obj is not None and self.has_retry_permission(request)
        if obj is not None:
            context["last_error"] = last_error_line(obj)
            context["retry_url"] = reverse("admin:django_tasks_database_dbtaskresult_retry", args=[obj.pk])
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
