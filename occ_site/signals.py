"""Which edit invalidates which cache tags, and how (occ_site.front_cache sends them after the commit).

Wagtail's own signals for pages, each connected for every page type (Wagtail sends
them with the page's class as sender), and model signals with a ``sender`` for the
rest. Drafts, revisions, locks and workflow steps change nothing visitors see: a
moderator's approval and a scheduled publish publish the revision, which sends
``page_published`` like any publish.

| edit | tags | purge |
| --- | --- | --- |
| a page published, moved, renamed | the page, its parent's listing (both parents for a move), its translations' switchers, the lists of all pages; a milestone's new neighbours | soft |
| a page unpublished, deleted, given a view restriction | the same | hard |
| a view restriction removed | the same | soft |
| a photo's caption, credit, alt text or file changed | that photo, and the lists of all photos | soft |
| a photo deleted | the same | hard |
| a person published | that person | soft |
| a person unpublished or deleted | that person | hard |
| site settings changed | that site's settings: every page shows them (header, footer) | soft |
| a site's address or root changed | every tagged response | soft |
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, published, unpublished

from core.cache_tags import ALL_PHOTOS_TAG, EVERYTHING_TAG, person_tag, photo_tag, settings_tag
from history.models import Person
from occ_site.front_cache import front_cache_configured, invalidate_after_commit, page_tags
from occ_site.models import SiteSettings

# A photo save that changes nothing a visitor sees: Wagtail recording the file's size and hash.
PHOTO_BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def invalidate_page(page, *, hard=False, parents=()):
    if front_cache_configured():
        shown_in = [parent for parent in (parents or [page.get_parent()]) if parent is not None]
        # A CDN purged by address: a page in the main menu (a home page's child) shows on every page.
        in_menu = any(parent.depth <= 2 for parent in shown_in)
        invalidate_after_commit(page_tags(page, *shown_in), hard=hard, pages=None if in_menu else [page, *shown_in])


def page_published_or_renamed(sender, instance, **kwargs):
    invalidate_page(instance)


def page_unpublished_handler(sender, instance, **kwargs):
    invalidate_page(instance, hard=True)


def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if instance.live:
        invalidate_page(instance, parents=(parent_page_before, parent_page_after))


for page_model in get_page_models():
    page_published.connect(page_published_or_renamed, sender=page_model)
    page_slug_changed.connect(page_published_or_renamed, sender=page_model)
    page_unpublished.connect(page_unpublished_handler, sender=page_model)
    post_page_move.connect(page_moved, sender=page_model)


@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    """Every deleted page's base row comes through here (the tree's descendants included)."""
    if instance.live:
        invalidate_page(instance, hard=True)


@receiver(post_save, sender=PageViewRestriction)
def view_restriction_added(sender, instance, raw=False, **kwargs):
    if not raw and instance.page.live:
        invalidate_page(instance.page, hard=True)


@receiver(post_delete, sender=PageViewRestriction)
def view_restriction_removed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id, live=True).first()
    if page is not None:
        invalidate_page(page)


def photo_changed(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if created or raw or (update_fields is not None and set(update_fields) <= PHOTO_BOOKKEEPING_FIELDS):
        return  # a new photo is on no page yet
    invalidate_after_commit({photo_tag(instance), ALL_PHOTOS_TAG})


def photo_deleted(sender, instance, **kwargs):
    invalidate_after_commit({photo_tag(instance), ALL_PHOTOS_TAG}, hard=True)


post_save.connect(photo_changed, sender=get_image_model())
post_delete.connect(photo_deleted, sender=get_image_model())


@receiver(published, sender=Person)
def person_published(sender, instance, **kwargs):
    invalidate_after_commit({person_tag(instance)})


@receiver(unpublished, sender=Person)
@receiver(post_delete, sender=Person)
def person_gone(sender, instance, **kwargs):
    invalidate_after_commit({person_tag(instance)}, hard=True)


@receiver(post_save, sender=SiteSettings)
@receiver(post_delete, sender=SiteSettings)
def site_settings_changed(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return  # made with its defaults on first use, often in a visitor's request: nothing changed
    invalidate_after_commit({settings_tag(instance.site_id)})


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_after_commit({EVERYTHING_TAG})
