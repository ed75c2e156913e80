"""Purge the full-page cache when something a visitor can see changes (see occ_site.pagecache)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from history.models import Person
from occ_site.models import SiteSettings
from occ_site.pagecache import purge

# Saves that only record a draft, a revision, a lock or a photo's file size/hash:
# nothing visitors see changes.
INVISIBLE_FIELDS = {
    "file_size",
    "file_hash",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "numchild",
    "wagtail_admin_comments",
}


def shown_to_visitors(instance):
    """Models whose saved rows appear on public pages."""
    if isinstance(instance, Page):
        return instance.live  # a draft page's rows are not shown; unpublishing sends its own signal
    return isinstance(instance, (get_image_model(), Person, SiteSettings, Site, PageViewRestriction))


@receiver(post_save)
def purge_on_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or not shown_to_visitors(instance):
        return
    if created and isinstance(instance, SiteSettings):
        return  # made with its defaults on first use, often in a visitor's request: nothing changed
    if update_fields is not None and set(update_fields) <= INVISIBLE_FIELDS:
        return
    purge()


@receiver(post_delete)
def purge_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) or shown_to_visitors(instance):
        purge()


# Published, unpublished (also when scheduled) or moved: menus, breadcrumbs, timeline.
page_published.connect(purge, dispatch_uid="occ_page_cache_published")
page_unpublished.connect(purge, dispatch_uid="occ_page_cache_unpublished")
post_page_move.connect(purge, dispatch_uid="occ_page_cache_moved")
