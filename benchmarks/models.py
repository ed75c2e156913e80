"""The floor the benchmark measures page types against: a Wagtail page with nothing of its own.

Installed only by the benchmark's settings (benchmarks/settings.py): an empty template and
Wagtail's own context, served by Wagtail's routing under the same settings, middleware, i18n
and database as the site's pages. Whatever a real page type costs above it is the project's.
"""

from wagtail.models import Page


class BarePage(Page):
    class Meta:
        verbose_name = "bare page (benchmark)"
