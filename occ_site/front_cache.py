"""What an edit invalidates in the front cache (Varnish, or a CDN), and sending it after the commit.

Responses name what they show (``core.cache_tags``); an edit invalidates the
tags of what it changed, worked out inside the transaction and sent once it commits
(``occ_site.signals`` says which edit does what):

- softly, where visitors may get the previous copy for a moment (a publish, a move,
  a photo, a person, the settings): Varnish keeps serving it while one background
  fetch per page renders the new one, so nobody waits on a render;
- hard, where it must vanish at once (an unpublish, a deletion, a new view
  restriction): the very next request goes to the app.

Tag purges go to the Varnish at ``FRONT_CACHE_XKEY_URL`` through the task worker
(``occ_site.tasks``). A CDN without tags (``WAGTAILFRONTENDCACHE``) is sent
Wagtail's URL purges of the changed page, its parent's listing and the views
listing every page instead; with no front cache configured, nothing is sent.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import override

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

from core.cache_tags import ALL_PAGES_TAG, children_tag, menu_tag, page_tag, translations_tag
from history.models import MilestonePage
from occ_site.tasks import purge_cache_tags_task

# Views (not pages) that list pages or photos.
LISTING_VIEWS = ("sitemap", "search", "photo_credits")


def tag_purges_configured():
    return bool(settings.FRONT_CACHE_XKEY_URL)


def url_purges_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def front_cache_configured():
    return tag_purges_configured() or url_purges_configured()


def page_tags(page, *parents):
    """A live page's tags, as the database has it now: every response linking it or showing it,
    its parent's listing and menu (or ``parents``': a move has two), the language switchers of
    its translations, and every listing of all pages (search, sitemap, credits)."""
    parents = parents or [page.get_parent()]
    tags = {page_tag(page), translations_tag(page.translation_key), ALL_PAGES_TAG}
    tags |= {tag(parent) for parent in parents if parent is not None for tag in (children_tag, menu_tag)}
    specific = page.specific_deferred
    if isinstance(specific, MilestonePage):
        # The milestones before and after it link to it now (the ones before the change link to it already).
        linked = specific.linked_pages
        tags |= {page_tag(neighbour) for neighbour in (linked.previous, linked.next) if neighbour is not None}
    return tags


def listing_urls():
    """The sitemap, search and credits pages of every site, in every language."""
    urls = set()
    for code, _name in settings.LANGUAGES:
        with override(code):
            urls |= {site.root_url + reverse(name) for site in Site.objects.all() for name in LISTING_VIEWS}
    return sorted(urls)


def invalidate_after_commit(tags, *, hard=False, pages=None):
    """Purge ``tags`` (softly unless ``hard``) once the transaction commits. A CDN without tags is
    sent the addresses of ``pages`` and the listing views instead; without ``pages`` (a photo, the
    settings, a site: they may show anywhere) the address of every live page."""
    if tags and tag_purges_configured():
        tags = sorted(tags)
        transaction.on_commit(lambda: purge_cache_tags_task.enqueue(tags, hard))
    if url_purges_configured():
        batch = PurgeBatch()
        batch.add_pages(Page.objects.live().filter(depth__gt=1) if pages is None else pages)
        batch.add_urls(listing_urls())
        transaction.on_commit(batch.purge)
