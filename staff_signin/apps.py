from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffSigninConfig(AppConfig):
    name = "staff_signin"
    verbose_name = _("Staff sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from staff_signin import signals  # noqa: F401 (lockout log lines, session records)
