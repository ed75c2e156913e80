"""Build renditions before visitors need them (see history.renditions for when and why)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from history.models import CaptionedImage
from history.renditions import build_page_renditions, queue_renditions


@receiver(post_save, sender=CaptionedImage)
def build_photo_renditions(sender, instance, raw=False, **kwargs):
    """After an upload or an edit (new file, new focal point); existing renditions cost one query."""
    if not raw:  # not while loading fixtures
        queue_renditions(instance)


@receiver(page_published)
def build_published_page_renditions(sender, instance, **kwargs):
    """Inside the publish, so the page is never live without its renditions."""
    build_page_renditions(instance)
