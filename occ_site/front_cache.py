"""What the front cache (Varnish, or a CDN) must forget when something visitors see changes.

Pages are cached in front of the app (ops/varnish/default.vcl) and purged
through ``wagtail.contrib.frontend_cache`` (``WAGTAILFRONTENDCACHE``, set from
``FRONTEND_CACHE_URL``): one PURGE per address, each page with the addresses
its ``get_cached_paths()`` lists. Varnish then drops every cached variant of
that path (any query string, any host); a CDN drops the addresses it is given.

The addresses are worked out inside the transaction, from the state the
change left (and, for a page about to change or go, the state before), and
sent after the commit, so that no visitor's request between the purge and
the commit can put the old page back. With no front cache configured,
nothing is worked out or sent.

What shows what:

- a milestone or award: the page itself, its ancestors (the timeline and its
  filtered and paginated variants, ``timeline.json``, the home page), its
  translations (their language switcher and hreflang links lead to it), the
  milestones next to it (previous/next links), milestones naming an award;
- the home page and its direct children (the main menu, breadcrumbs and the
  "Join" link appear on every page), site settings, sites, view restrictions,
  photos (a photo can appear on any page): every page;
- a person: the milestones naming them and those milestones' ancestors;
- always: the sitemap, search and the photo credits, in every language;
- the read API (``occ_site.api``): its listings always, and the detail answer
  of every page above and of a changed photo (after a change that touches
  every page: of every public photo).
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import override

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

from history.models import AwardPage, MilestonePage
from occ_site.credits import public_photo_ids
from occ_site.models import SiteSettings

# Views (not pages) that list pages or photos.
LISTING_VIEWS = ("sitemap", "search", "photo_credits")
# The read API's listings (occ_site.api); its addresses carry no language prefix.
API_LISTING_VIEWS = ("wagtailapi:pages:listing", "wagtailapi:pages:find", "wagtailapi:images:listing")


def front_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def listing_urls():
    """The sitemap, search and credits pages of every site, in every language."""
    urls = set()
    for code, _name in settings.LANGUAGES:
        with override(code):
            urls |= {site.root_url + reverse(name) for site in Site.objects.all() for name in LISTING_VIEWS}
    return sorted(urls)


def api_urls(pages=(), photo_ids=()):
    """The read API's listings, and its detail answers for these pages and photos, on every site."""
    paths = [reverse(name) for name in API_LISTING_VIEWS]
    paths += [reverse("wagtailapi:pages:detail", args=[page.pk]) for page in pages]
    paths += [reverse("wagtailapi:images:detail", args=[pk]) for pk in photo_ids]
    return sorted({site.root_url + path for site in Site.objects.all() for path in paths})


def every_page():
    return Page.objects.live().filter(depth__gt=1)


def shows_on_every_page(page):
    """The home page and its children make up the menu and breadcrumbs; the "Join" page is in every header."""
    return page.depth <= 3 or SiteSettings.objects.filter(join_page=page).exists()


def pages_showing(page):
    """The live pages whose content depends on ``page`` (as the database has it now), itself included."""
    page = page.specific_deferred
    if shows_on_every_page(page):
        return every_page()
    # Its translations link to it (language switcher, hreflang); its ancestors list it.
    pages = [page, *page.get_ancestors().filter(depth__gt=1), *page.get_descendants().live(), *page.get_translations().live()]
    if isinstance(page, MilestonePage):
        linked = page.linked_pages
        pages += [neighbour for neighbour in (linked.previous, linked.next) if neighbour is not None]
    elif isinstance(page, AwardPage):
        pages += list(MilestonePage.objects.live().filter(related_award=page))
    return pages


def pages_showing_person(person):
    milestones = list(MilestonePage.objects.live().filter(people=person))
    ancestors = Page.objects.none()
    for milestone in milestones:
        ancestors |= milestone.get_ancestors().filter(depth__gt=1)
    return [*milestones, *ancestors]


def purge_after_commit(pages=(), photo_ids=()):
    """Work out the addresses of ``pages`` (and the listings) now; purge them once the transaction commits."""
    if not front_cache_configured():
        return
    pages = list(pages)
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.add_urls(listing_urls())
    batch.add_urls(api_urls(pages, photo_ids))
    transaction.on_commit(batch.purge)


def purge_everything_after_commit(photo_ids=()):
    """Every page; in the API, every public photo and ``photo_ids`` (a photo changed or deleted)."""
    purge_after_commit(every_page(), photo_ids={*public_photo_ids(), *photo_ids})
