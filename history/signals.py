"""Signal receivers of the history app.

- Every history page is wired to the editorial roles and the moderation workflow
  when it is created, wherever it is created from (``make run`` on a fresh
  database, or an administrator adding one in the admin);
  ``manage.py setup_editorial_roles`` repairs an existing site.
- Renditions are built before visitors need them (see history.renditions for
  when and why).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from history.models import CaptionedImage
from history.renditions import build_page_renditions, queue_renditions


def assign_editorial_roles(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from history.roles import ensure_history_section

        ensure_history_section(instance.pk)


def connect():
    from history.models import HistoryIndexPage

    post_save.connect(assign_editorial_roles, sender=HistoryIndexPage, dispatch_uid="history-editorial-roles")


@receiver(post_save, sender=CaptionedImage)
def build_photo_renditions(sender, instance, raw=False, **kwargs):
    """After an upload or an edit (new file, new focal point); existing renditions cost one query."""
    if not raw:  # not while loading fixtures
        queue_renditions(instance)


@receiver(page_published)
def build_published_page_renditions(sender, instance, **kwargs):
    """Inside the publish, so the page is never live without its renditions."""
    build_page_renditions(instance)
