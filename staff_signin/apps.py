from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class StaffSigninConfig(AppConfig):
    default = True
    name = "staff_signin"
    verbose_name = _("Staff sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from staff_signin import signals  # noqa: F401 (lockout log lines, session records)


class UsersAdminConfig(WagtailUsersAppConfig):
    """wagtail.users, with the user's page offering "Reset second factor" (installed in place of wagtail.users)."""

    user_viewset = "staff_signin.users_admin.UserViewSet"
