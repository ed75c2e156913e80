from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccSiteConfig(AppConfig):
    name = "occ_site"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from occ_site import checks, signals  # noqa: F401 (registers the system checks, connects the front cache purges)
