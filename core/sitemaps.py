"""sitemap.xml: every live, public page of the site in every language, each with its translations.

Wagtail's own sitemap lists the pages below the site's root page, which is the
English tree; each language has its own tree (its translation of the home page).
Every page carries its translations as ``xhtml:link`` alternates, read once for
the whole sitemap (one query, not one per page).
"""

from collections import defaultdict

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.cache_tags import ALL_PAGES_TAG, add_cache_tags
from core.view_restrictions import public_pages


class TranslatedSitemap(Sitemap):
    def items(self):
        add_cache_tags(ALL_PAGES_TAG)  # every live page (core.cache_tags)
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = Q()
        for home in homes:
            in_any_tree |= Q(path__startswith=home.path)
        return public_pages(Page.objects.live().filter(in_any_tree)).order_by("path").defer_streamfields().specific()


def translations_in_sitemap(request):
    """{translation_key: [{"lang_code", "location"}, ...]} of every live, public page, kept on the request."""
    if not hasattr(request, "sitemap_translations"):
        versions = defaultdict(list)
        for page in public_pages(Page.objects.live()).select_related("locale").order_by("path"):
            versions[page.translation_key].append(
                {"lang_code": page.locale.language_code, "location": page.get_full_url(request)}
            )
        request.sitemap_translations = versions
    return request.sitemap_translations


class SitemapAlternatesMixin:
    """Page types list their translations in the sitemap as alternates of each other."""

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if request is not None:
            alternates = translations_in_sitemap(request).get(self.translation_key, [])
            if len(alternates) > 1:
                for url in urls:
                    url["alternates"] = alternates
        return urls
