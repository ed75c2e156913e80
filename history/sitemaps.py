"""sitemap.xml: every live, public page of the site in every language, each with its translations.

Wagtail's own sitemap lists the pages below the site's root page, which is the
English tree; each language has its own tree (its translation of the home page).
Every page carries its translations as ``xhtml:link`` alternates, worked out once
for the whole list (no query per page).
"""

from collections import defaultdict

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from history.view_restrictions import public_pages


class TranslatedSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = Q()
        for home in homes:
            in_any_tree |= Q(path__startswith=home.path)
        pages = list(
            public_pages(Page.objects.live().filter(in_any_tree))
            .order_by("path")
            .defer_streamfields()
            .specific()
            .select_related("locale")
        )
        translations = defaultdict(list)
        for page in pages:
            translations[page.translation_key].append(page)
        for page in pages:
            versions = translations[page.translation_key]
            page.sitemap_alternates = (
                [{"lang_code": version.locale.language_code, "location": version.get_full_url(self.request)}
                 for version in versions]
                if len(versions) > 1
                else []
            )
        return pages


class SitemapAlternatesMixin:
    """Page types list their translations in the sitemap (``TranslatedSitemap`` finds them)."""

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        alternates = getattr(self, "sitemap_alternates", None)
        if alternates:
            for url in urls:
                url["alternates"] = alternates
        return urls
