"""Reports → Background tasks: what the task worker has queued, is running and has failed."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

import django_filters
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from history.tasks import RENDITION_BUILD_ATTEMPTS, build_photo_renditions_task

STATUS_LABELS = {
    TaskResultStatus.READY: _("Queued"),
    TaskResultStatus.RUNNING: _("Running"),
    TaskResultStatus.FAILED: _("Failed"),
    TaskResultStatus.SUCCESSFUL: _("Succeeded"),
}


class BackgroundTaskFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(STATUS_LABELS.items()), empty_label=_("Queued, running or failed")
    )

    class Meta:
        model = DBTaskResult
        fields = []


class TaskColumn(Column):
    cell_template_name = "occ_site/admin/task_cell.html"


class StatusColumn(Column):
    def get_value(self, instance):
        label = STATUS_LABELS.get(instance.status, instance.status)
        if instance.status == TaskResultStatus.READY and instance.waiting_until:
            return _("%(status)s, not before %(time)s") % {
                "status": label,
                "time": timezone.localtime(instance.waiting_until).strftime("%d.%m.%Y %H:%M:%S"),
            }
        return label


class ErrorColumn(Column):
    cell_template_name = "occ_site/admin/task_error_cell.html"


class BackgroundTasksReport(ReportView):
    """Superusers only: the queue tells which photos and pages exist, and errors show paths."""

    page_title = _("Background tasks")
    header_icon = "cogs"
    index_url_name = "background_tasks"
    index_results_url_name = "background_tasks_results"
    filterset_class = BackgroundTaskFilterSet
    list_export = ["task_path", "status", "enqueued_at", "started_at", "finished_at", "args_kwargs", "error"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            TaskColumn("task", label=_("Task")),
            StatusColumn("status", label=_("Status"), width="16%"),
            DateColumn("enqueued_at", label=_("Queued"), width="11%"),
            DateColumn("started_at", label=_("Started"), width="11%"),
            DateColumn("finished_at", label=_("Finished"), width="11%"),
            ErrorColumn("error", label=_("Error")),
        ]

    def get_queryset(self):
        tasks = DBTaskResult.objects.order_by("-enqueued_at")
        if not self.request.GET.get("status"):
            tasks = tasks.exclude(status=TaskResultStatus.SUCCESSFUL)
        return tasks

    def decorate_paginated_queryset(self, object_list):
        tasks = list(object_list)
        now, never_deferred = timezone.now(), get_date_max()
        for result in tasks:
            result.details = task_details(result)
            result.waiting_until = result.run_after if now < result.run_after != never_deferred else None
            result.error = error_summary(result)
        return tasks

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not any(isinstance(backend, DatabaseBackend) for backend in task_backends.all()):
            context["no_results_message"] = _(
                "Tasks run at once in this environment (no task worker): nothing waits in a queue."
            )
        else:
            context["no_results_message"] = _("No background task is queued, running or has failed.")
        return context


def task_details(result):
    """What the task works on, in words, with a link where there is something to open."""
    arguments = result.args_kwargs or {}
    args, kwargs = arguments.get("args", []), arguments.get("kwargs", {})
    if result.task_path == build_photo_renditions_task.module_path and args:
        attempt = kwargs.get("attempt", 1)
        return {
            "text": _("Photo %(photo)s, attempt %(attempt)s of %(attempts)s")
            % {"photo": args[0], "attempt": attempt, "attempts": RENDITION_BUILD_ATTEMPTS},
            "url": reverse("wagtailimages:edit", args=[args[0]]),
        }
    text = ", ".join([*(str(value) for value in args), *(f"{name}={value}" for name, value in kwargs.items())])
    return {"text": text[:200], "url": None}


def error_summary(result):
    """The exception and its message (the traceback's last line); the whole traceback is shown on demand."""
    if result.status != TaskResultStatus.FAILED:
        return ""
    lines = [line for line in (result.traceback or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else result.exception_class_path
