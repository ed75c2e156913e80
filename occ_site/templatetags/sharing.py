"""Meta description, canonical URL, Open Graph / Twitter card and JSON-LD for every page."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import SourceImageIOError

from core.renditions import OPEN_GRAPH_FILTER_SPEC, rendition_of
from core.translated_fields import active_language
from history.models import HistoryIndexPage
from history.structured_data import graph, image_object, json_ld_script, organisation, web_page
from occ_site.languages import OPEN_GRAPH_LOCALES
from occ_site.models import HomePage, SiteSettings

register = template.Library()

DESCRIPTION_LENGTH = 200


def page_description(page):
    if page is None:
        return ""
    if getattr(page, "search_description", ""):
        return page.search_description
    for attribute in ("summary", "introduction"):
        value = getattr(page, attribute, "")
        if value:
            return Truncator(" ".join(strip_tags(str(value)).split())).chars(DESCRIPTION_LENGTH)
    return ""


def share_image(photo, request):
    """The Open Graph rendition of a photo (the size link previews ask for; built when a page is
    published) as an absolute URL, or None if it cannot be made."""
    if photo is None:
        return None
    try:
        rendition = rendition_of(photo, OPEN_GRAPH_FILTER_SPEC)
    except (SourceImageIOError, InvalidFilterSpecError, OSError):
        return None  # a missing original must not break the page
    url = request.build_absolute_uri(rendition.url) if request else rendition.url
    return {"url": url, "width": rendition.width, "height": rendition.height}


def absolute_page_url(page, request):
    """The page's address on the host the visitor used (checked by ALLOWED_HOSTS), not the Site's
    configured hostname, which is often left at "localhost" in small deployments."""
    url = page.get_url(request)
    if url is None:
        return None
    return request.build_absolute_uri(url) if request else page.get_full_url()


def organisation_data(page, request, name):
    """Organization JSON-LD on the home page and the history page."""
    if isinstance(page, HistoryIndexPage):
        home = page.get_parent()
        return organisation(name=name, url=absolute_page_url(home, request), history_page=page)
    if isinstance(page, HomePage):
        return organisation(name=name, url=absolute_page_url(page, request), history_page=page.history_page)
    return None


@register.inclusion_tag("occ_site/includes/share_meta.html", takes_context=True)
def share_meta(context):
    """Everything a search engine or a link preview reads, for pages and plain views alike.

    Plain views may set ``page_title``, ``meta_description``, ``canonical_url``
    and ``noindex`` in their context.
    """
    request = context.get("request")
    page = context.get("page")
    site_name = SiteSettings.for_request(request).organisation_name if request else ""
    title = context.get("page_title") or (page and (page.seo_title or page.title)) or site_name
    description = context.get("meta_description") or page_description(page)
    canonical = context.get("canonical_url")
    if canonical is None and page is not None:
        canonical = absolute_page_url(page, request)
    elif canonical and request:
        canonical = request.build_absolute_uri(canonical)
    photo = context.get("share_photo") or getattr(page, "share_photo", None)
    image = share_image(photo, request)

    language = active_language()
    versions = context.get("language_versions") or []
    items = [web_page(url=canonical, name=title, language=language)] if canonical else []
    if page is not None and request is not None:
        items.append(organisation_data(page, request, site_name))
    if image:
        items.append(image_object(photo, url=image["url"]))
    items = [item for item in items if item]
    return {
        "open_graph_locale": OPEN_GRAPH_LOCALES.get(language, language),
        "open_graph_alternates": [version.open_graph_locale for version in versions
                                  if version.is_translation and not version.is_current],
        "site_name": site_name,
        "title": title,
        "description": description,
        "canonical": canonical,
        "noindex": context.get("noindex", False),
        "og_type": "article" if page is not None and page.depth > 2 else "website",
        "image": image,
        "image_alt": photo.default_alt_text if image else "",
        "json_ld": json_ld_script(graph(*items)) if items else "",
    }
