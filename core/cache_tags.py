"""Cache tags: each cacheable response names the objects rendered into it.

While a request is rendered, whatever renders an object adds that object's tag
(``add_cache_tags``): the page served (Wagtail's ``before_serve_page`` hook), each
page linked through ``{% pageurl %}`` (``core.templatetags.cache_tags``), the
menu, breadcrumbs and language switcher, each photo whose renditions are shown
(``CaptionedImage.get_renditions``), the site settings (``SiteSettings.for_request``),
the people on a milestone, and a history page's listing of its children.
``CacheTagsMiddleware`` writes them into one response header (``xkey`` for Varnish's
vmod xkey; ``FRONT_CACHE_TAG_HEADER`` names another, e.g. Fastly's ``Surrogate-Key``).
``occ_site.front_cache`` maps an edit to the same tags and purges them.

A view that renders no template (a syndication feed, an API view) tags its response
with the same call, anywhere while the request is answered::

    from core.cache_tags import add_cache_tags, children_tag, page_tag
    add_cache_tags(children_tag(history_page), *(page_tag(p) for p in pages))

Outside a request (a task, a management command) the calls do nothing.
"""

from contextvars import ContextVar

from django.conf import settings
from django.utils.cache import patch_cache_control

# Every page's listings and links: search, the sitemap, photo credits. Purged with every
# change to a live page, so a response carrying it needs no per-page tags.
ALL_PAGES_TAG = "pages"
# Any photo's text or file: what lists every photo (photo credits), and responses that show
# too many photos to name each one in a header.
ALL_PHOTOS_TAG = "photos"
# Every tagged response: a change of a site's hostname or root changes every address.
EVERYTHING_TAG = "all"

# Varnish refuses response headers longer than http_resp_hdr_len (8 KiB by default); CDNs
# have similar limits (Fastly 16 KiB, Cloudflare 16 KiB in all).
MAX_HEADER_LENGTH = 6000

CHILDREN_PREFIX = "c"

_collected = ContextVar("cache_tags", default=None)


def page_tag(page):
    """Shown on the response: the page's title, address or content (``page`` or its id)."""
    return f"p{getattr(page, 'pk', page)}"


def children_tag(page):
    """Shown on the response: the listing of ``page``'s live children (a milestone added,
    removed, moved or edited changes it)."""
    return f"{CHILDREN_PREFIX}{getattr(page, 'pk', page)}"


def menu_tag(page):
    """Shown on the response: the main menu, ``page``'s (a home page's) children shown in menus.
    Purged like ``children_tag``; kept apart because every page shows a menu, and only listings
    get a short lifetime where purges go by address (``purged_by_address_only``)."""
    return f"m{getattr(page, 'pk', page)}"


def photo_tag(photo):
    return f"i{getattr(photo, 'pk', photo)}"


def person_tag(person):
    return f"n{getattr(person, 'pk', person)}"


def translations_tag(translation_key):
    """Shown on the response: which translations of a page (``Page.translation_key``) are live."""
    return f"t{translation_key.hex}"


def settings_tag(site_id):
    """The site settings of one site: the header, the footer and the “Join” link, on every page."""
    return f"s{site_id}"


def add_cache_tags(*tags):
    """Name, on the response being rendered, the objects it shows (the ``*_tag`` functions above)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tag for tag in tags if tag)


def tag_pages(*pages):
    add_cache_tags(*(page_tag(page) for page in pages if page is not None and page.pk))


def collected_tags():
    """The tags added so far while answering this request (empty outside one)."""
    return frozenset(_collected.get() or ())


def is_tag_of(tag, kind):
    """Whether ``tag`` is one object's tag of that kind (``page_tag``, ``photo_tag``, ...)."""
    prefix = kind(0)[:-1]
    return tag.startswith(prefix) and tag[len(prefix):].isdigit()


def header_value(tags):
    """The tags as one header value; where too many photos are named, ``photos`` stands for them."""
    tags = set(tags)
    if ALL_PAGES_TAG in tags:
        tags = {tag for tag in tags if not is_tag_of(tag, page_tag)}
    value = " ".join(sorted(tags))
    if len(value) > MAX_HEADER_LENGTH:
        tags = {tag for tag in tags if not is_tag_of(tag, photo_tag)} | {ALL_PHOTOS_TAG}
        value = " ".join(sorted(tags))
    return value


def is_shared(response):
    return "public" in response.get("Cache-Control", "")


class CacheTagsMiddleware:
    """Collects the tags of one request and names them in the response a shared cache may keep.

    It sits outside ``SharedCacheHeadersMiddleware``, so it sees the final Cache-Control.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _collected.set(set())
        try:
            response = self.get_response(request)
            tags = _collected.get()
        finally:
            _collected.reset(token)
        if tags and is_shared(response):
            response[settings.FRONT_CACHE_TAG_HEADER] = header_value(tags | {EVERYTHING_TAG})
            if is_listing(tags) and purged_by_address_only():
                patch_cache_control(response, s_maxage=settings.FRONT_CACHE_LISTING_SECONDS)
        return response


def is_listing(tags):
    return ALL_PAGES_TAG in tags or any(tag.startswith(CHILDREN_PREFIX) for tag in tags)


def purged_by_address_only():
    """A CDN without tags (wagtail.contrib.frontend_cache only) hears of the changed page and its
    parent, not of every page listing it: listings expire soon instead."""
    return not settings.FRONT_CACHE_XKEY_URL and bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))
