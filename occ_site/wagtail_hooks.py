from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from occ_site.admin_views import BackgroundTasksReport


@hooks.register("register_admin_urls")
def register_background_tasks_report_urls():
    return [
        path("reports/background-tasks/", BackgroundTasksReport.as_view(), name="background_tasks"),
        path(
            "reports/background-tasks/results/",
            BackgroundTasksReport.as_view(results_only=True),
            name="background_tasks_results",
        ),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_background_tasks_menu_item():
    return SuperuserMenuItem(
        _("Background tasks"), reverse("background_tasks"), name="background-tasks", icon_name="cogs", order=700
    )
