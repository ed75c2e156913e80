"""Site-level admin additions: what an administrator must know about the installation itself
(e-mail that cannot be delivered, the background task queue)."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from occ_site.admin_views import BackgroundTasksReport

DJANGO_DEFAULT_FROM_EMAIL = "webmaster@localhost"


def email_setup_problems():
    """What keeps the site's e-mail (moderation notifications, password resets) from arriving."""
    if not getattr(settings, "EMAIL_CONFIGURED", False):
        return [
            _(
                "E-mail is not configured (EMAIL_URL is not set): moderation notifications and password reset "
                "e-mails are not delivered, only written to the server's log, and “Forgotten password” is off."
            )
        ]
    if settings.DEFAULT_FROM_EMAIL == DJANGO_DEFAULT_FROM_EMAIL:
        return [
            _(
                "E-mail is sent from “%(address)s”, which most mail servers refuse: set DJANGO_DEFAULT_FROM_EMAIL "
                "to an address of your organisation."
            )
            % {"address": DJANGO_DEFAULT_FROM_EMAIL}
        ]
    return []


class EmailSetupPanel(Component):
    """A warning at the top of the dashboard, for administrators, while e-mail cannot be delivered."""

    name = "email_setup"
    template_name = "occ_site/admin/email_setup_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        return {"problems": email_setup_problems()}

    def render_html(self, parent_context=None):
        if not parent_context["request"].user.is_superuser or not email_setup_problems():
            return ""
        return super().render_html(parent_context)


@hooks.register("construct_homepage_panels")
def add_email_setup_panel(request, panels):
    panels.insert(0, EmailSetupPanel())


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
