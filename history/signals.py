"""Signal receivers of the history app.

- Every history page is wired to the editorial roles and the moderation workflow
  when it is created, wherever it is created from (``make run`` on a fresh
  database, or an administrator adding one in the admin);
  ``manage.py setup_editorial_roles`` repairs an existing site.
- Every new or replaced photo file is cleaned before the photo is saved
  (core.photo_files: no location or device data, the right way up, embedded
  credits filled in).
- Renditions are built in the background before visitors need them (see
  core.renditions for when and why), and a deleted photo leaves none behind.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from wagtail.signals import page_published

from core.photo_files import prepare_photo_file
from history.models import CaptionedImage, CaptionedImageRendition
from history.tasks import queue_page_renditions, queue_photo_renditions


def assign_editorial_roles(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from history.roles import ensure_history_section

        ensure_history_section(instance.pk)


def connect():
    from history.models import HistoryIndexPage

    post_save.connect(assign_editorial_roles, sender=HistoryIndexPage, dispatch_uid="history-editorial-roles")


@receiver(pre_save, sender=CaptionedImage)
def clean_new_photo_file(sender, instance, raw=False, update_fields=None, **kwargs):
    """Clean a photo's file whenever a save brings a new one.

    Every way a file reaches a photo ends in this save: the single and multiple
    uploaders, the chooser's upload tab, replacing a file in the edit form, the
    demo loader and any script. Saves that keep the file (an edited caption, a
    focal point, Wagtail recording a hash) cost one query and change nothing.
    """
    if raw or not instance.file or (update_fields is not None and "file" not in update_fields):
        return
    if instance.pk is not None and sender.objects.filter(pk=instance.pk, file=instance.file.name).exists():
        return  # the file it had, cleaned when it came
    prepare_photo_file(instance)


@receiver(post_save, sender=CaptionedImage)
def build_photo_renditions(sender, instance, raw=False, **kwargs):
    """After an upload or an edit (new file, new focal point); existing renditions cost one query."""
    if not raw:  # not while loading fixtures
        queue_photo_renditions(instance)


@receiver(page_published)
def build_published_page_renditions(sender, instance, **kwargs):
    """After the publish commits. Usually only a lookup: the upload queued the same build."""
    queue_page_renditions(instance)


@receiver(post_delete, sender=CaptionedImage)
def delete_renditions_inserted_during_the_delete(sender, instance, **kwargs):
    """Django's delete collects a photo's renditions before it deletes the photo. One that the
    task worker committed in between would still point at the photo, and the delete would fail
    on commit: delete those too, in the same transaction (their files go after the commit,
    like any rendition's). Later inserts wait for the photo's row lock and find it gone.
    """
    for rendition in CaptionedImageRendition.objects.filter(image_id=instance.pk):
        rendition.image = instance  # Wagtail's cache purge reads it, and the photo's row is gone
        rendition.delete()
