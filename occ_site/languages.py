"""Where the address a visitor is on leads in each language of the site.

For a page: its translation in each language (the same ``translation_key``), or,
where it has none, its nearest translated ancestor (in the end the home page in
that language), live and public. For views that are not pages (search, credits):
the same view under the other language's prefix. Both come from one query.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.translation import override

from wagtail.models import Page

from core.cache_tags import add_cache_tags, tag_pages, translations_tag
from core.translated_fields import active_language
from core.view_restrictions import public_pages

# Open Graph writes a language with its territory.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "nb": "nb_NO"}


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # this very page (or view) in that language, not an ancestor standing in for it

    @property
    def open_graph_locale(self):
        return OPEN_GRAPH_LOCALES.get(self.code, self.code)


def page_language_versions(page, request):
    """One ``LanguageVersion`` per language of the site for ``page``."""
    # The page, then its ancestors nearest first: Wagtail's routing keeps each page's parent with it.
    chain, ancestor = [page], page
    while ancestor.depth > 2:
        ancestor = ancestor.get_parent()
        chain.append(ancestor)
    keys = [node.translation_key for node in chain]
    # A translation of any of them published or taken down changes where the switcher leads.
    add_cache_tags(*(translations_tag(key) for key in keys))
    current, found = active_language(), {}
    for candidate in public_pages(Page.objects.live().filter(translation_key__in=keys)).select_related("locale"):
        code = candidate.locale.language_code
        if candidate.locale_id == page.locale_id:
            current = code  # the page's own language (a preview's differs from the admin's)
            continue
        rank = keys.index(candidate.translation_key)
        if code not in found or rank < found[code][0]:
            found[code] = (rank, candidate)
    versions = []
    for code, name in settings.LANGUAGES:
        if code == current:
            versions.append(LanguageVersion(code, name, page.get_url(request), True, True))
        elif code in found:
            rank, translation = found[code]
            versions.append(LanguageVersion(code, name, translation.get_url(request), False, rank == 0))
            tag_pages(translation)
    return versions


def view_language_versions(request):
    """For a view that is not a page (search, photo credits, a 404): the same address in each language;
    an address no view answers leads to each language's home page."""
    current = active_language()
    try:
        resolve(request.path_info)
    except Resolver404:
        resolved = False
    else:
        resolved = True
    versions = []
    for code, name in settings.LANGUAGES:
        if resolved:
            url = translate_url(request.get_full_path(), code)
        else:
            with override(code):
                url = reverse("wagtail_serve", args=[""])
        versions.append(LanguageVersion(code, name, url, code == current, resolved))
    return versions


def language_versions(request, page=None):
    if page is not None and getattr(page, "pk", None):
        return page_language_versions(page, request)
    return view_language_versions(request)
