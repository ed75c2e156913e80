"""Meta description, canonical URL, Open Graph / Twitter card and JSON-LD for every page."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import Filter, SourceImageIOError

from history.renditions import OPEN_GRAPH_FILTER_SPEC
from history.structured_data import graph, image_object, json_ld_script, organisation
from occ_site.pagecache import remember

register = template.Library()

# One rendition per shared photo, the size link previews ask for; built when a page is
# published. A Filter made once: Wagtail's get_rendition(str) parses the spec on every call
# and writes the rendition back to the cache; get_renditions() skips that for prefetched ones.
SHARE_IMAGE_FILTER = Filter(spec=OPEN_GRAPH_FILTER_SPEC)
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
    """The Open Graph rendition of a photo as an absolute URL, or None if it cannot be made."""
    if photo is None:
        return None
    try:
        rendition = photo.get_renditions(SHARE_IMAGE_FILTER)[OPEN_GRAPH_FILTER_SPEC]
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
    from history.models import HistoryIndexPage
    from occ_site.models import HomePage

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
    from occ_site.models import SiteSettings

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

    items = []
    if page is not None and request is not None:
        # Absolute URLs depend on the host the visitor used (already checked by ALLOWED_HOSTS).
        key = f"organisation-json-ld:{page.pk}:{request.get_host()}:{site_name}"
        items.append(remember(key, lambda: organisation_data(page, request, site_name)))
    if image:
        items.append(image_object(photo, url=image["url"]))
    items = [item for item in items if item]
    return {
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
