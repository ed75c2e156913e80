"""Purge the front cache when something visitors see changes (occ_site.front_cache says what).

A page is looked at before a save (its old address, its old neighbours) and
after it (the new ones); drafts, revisions and locks change nothing visitors
see. Everything is sent after the commit.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move, pre_page_move

from history.models import Person
from occ_site.front_cache import (
    front_cache_configured,
    pages_showing,
    pages_showing_person,
    purge_after_commit,
    purge_everything_after_commit,
)
from occ_site.models import SiteSettings

# Saves that only record a draft, a revision, a lock or a photo's file size/hash.
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


def visible_change(raw, update_fields):
    return not raw and (update_fields is None or not set(update_fields) <= INVISIBLE_FIELDS)


@receiver(pre_save)
def purge_what_a_page_showed(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a live page changes (published again, renamed, unpublished): what it showed until now."""
    if not isinstance(instance, Page) or not instance.pk or not front_cache_configured():
        return
    if visible_change(raw, update_fields):
        stored = Page.objects.filter(pk=instance.pk, live=True).first()
        if stored is not None:
            purge_after_commit(pages_showing(stored))


@receiver(post_save)
def purge_what_changed(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if not front_cache_configured() or not visible_change(raw, update_fields):
        return
    if isinstance(instance, Page):
        if instance.live:
            purge_after_commit(pages_showing(instance))
    elif isinstance(instance, Person):
        purge_after_commit(pages_showing_person(instance))
    elif isinstance(instance, SiteSettings) and created:
        return  # made with its defaults on first use, often in a visitor's request: nothing changed
    elif isinstance(instance, get_image_model()):
        purge_everything_after_commit(photo_ids=[instance.pk])  # its own API answer too
    elif isinstance(instance, (SiteSettings, Site, PageViewRestriction)):
        purge_everything_after_commit()


@receiver(pre_delete)
def purge_what_a_deleted_object_showed(sender, instance, **kwargs):
    if not front_cache_configured():
        return
    if isinstance(instance, Page) and instance.live:
        purge_after_commit(pages_showing(instance))
    elif isinstance(instance, Person):
        purge_after_commit(pages_showing_person(instance))


@receiver(post_delete)
def purge_after_delete(sender, instance, **kwargs):
    if not front_cache_configured():
        return
    if isinstance(instance, get_image_model()):
        purge_everything_after_commit(photo_ids=[instance.pk])  # its own API answer too
    elif isinstance(instance, (SiteSettings, Site, PageViewRestriction)):
        purge_everything_after_commit()


@receiver(pre_page_move)
@receiver(post_page_move)
def purge_around_a_move(sender, instance, **kwargs):
    """Addresses change for the page and everything below it: before and after the move."""
    if front_cache_configured():
        purge_everything_after_commit()
