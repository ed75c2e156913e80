"""The renditions the site shows, built before any visitor asks for them.

``includes/figure.html`` renders every photo with
``{% picture photo format-{avif,webp,jpeg} width-{480,960,1440} %}``: nine
renditions per photo. ``PICTURE_TAG_SPECS`` is that list, written once; a test
(tests/test_renditions.py) reads the template and fails if the two disagree.

When they are built (measured on the 2-core build machine, 1600x1000 JPEG):
the nine renditions take about 0.7 s, most of it AVIF encoding. So:

- a photo's renditions are built when it is uploaded or its file or focal
  point changes, after the transaction commits (the editor waits under a
  second; nothing runs in a visitor's request);
- publishing a page builds whatever its photos still lack, inside the publish,
  before the page is live. That is the guarantee; after an upload it is only a
  lookup.

Listings prefetch exactly these renditions (``prefetch_picture_renditions``)
so a page of N photos costs one query for all their renditions.
"""

import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage, Filter

logger = logging.getLogger(__name__)

# The filter specs of the {% picture %} tag in history/includes/figure.html, as written there.
PICTURE_TAG_SPECS = ("format-{avif,webp,jpeg}", "width-{480,960,1440}")
# The same, one spec per rendition: "format-avif|width-480", ...
PICTURE_FILTER_SPECS = tuple(Filter.expand_spec(PICTURE_TAG_SPECS))
# Shared on social media for a page's lead photo (Open Graph, 1.91:1).
OPEN_GRAPH_FILTER_SPEC = "fill-1200x630|format-jpeg"
# What pages prefetch. Once a photo's renditions are prefetched, Wagtail takes a spec
# missing from the prefetch as "not built yet" and encodes the image again in the
# visitor's request: a template that uses another spec must add it here.
PREFETCHED_FILTER_SPECS = (*PICTURE_FILTER_SPECS, OPEN_GRAPH_FILTER_SPEC)


def picture_renditions_prefetch(specs=PREFETCHED_FILTER_SPECS):
    """A Prefetch of only the renditions the templates use, into ``prefetched_renditions``.

    Wagtail's image tags look there before the cache or the database.
    """
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        "renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def prefetch_picture_renditions(photos, specs=PREFETCHED_FILTER_SPECS):
    """Load these renditions (by default, what pages show) of these photos in one query (skips photos
    already prefetched). Code that shows one size only (the TimelineJS export) asks for that one."""
    pending = [
        photo
        for photo in {id(p): p for p in photos if p is not None}.values()
        if getattr(photo, "prefetched_renditions", None) is None
    ]
    if pending:
        prefetch_related_objects(pending, picture_renditions_prefetch(specs))
    return photos


def _images_in_value(value):
    """Every image inside a StreamField value (streams, structs and lists, any depth)."""
    if isinstance(value, AbstractImage):
        yield value
        return
    if isinstance(value, Mapping):  # StructValue
        children = value.values()
    elif isinstance(value, Sequence) and not isinstance(value, str):  # StreamValue, ListValue
        children = value
    else:
        return
    for child in children:
        yield from _images_in_value(getattr(child, "value", child))


def photos_on_page(page):
    """The photos a page shows: its photo fields (e.g. lead photo) and the photos in its StreamFields."""
    from wagtail.fields import StreamField

    image_model = get_image_model()
    photos = []
    for field in page._meta.concrete_fields:
        if getattr(field, "related_model", None) is image_model:
            photo = getattr(page, field.name)
            if photo is not None:
                photos.append(photo)
        elif isinstance(field, StreamField):
            photos.extend(_images_in_value(getattr(page, field.name)))
    return photos


class PagePhotosMixin:
    """For page types that show photos: the renditions of every photo the page shows (its lead
    photo, the photos in its body) are read in one query before its template renders them."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_picture_renditions(photos_on_page(self))
        return context


def lead_photo(page):
    return getattr(page, "lead_photo", None)


def build_renditions(photo, specs=PICTURE_FILTER_SPECS):
    """Make the missing renditions of one photo (existing ones cost one query)."""
    try:
        photo.get_renditions(*specs)
    except Exception:  # a broken or missing original must not break publishing or uploading
        logger.exception("Could not build renditions of photo %s", photo.pk)


def build_page_renditions(page):
    """Everything a page shows, ready before it goes live."""
    for photo in {p.pk: p for p in photos_on_page(page)}.values():
        build_renditions(photo)
    photo = lead_photo(page)
    if photo is not None:
        build_renditions(photo, (OPEN_GRAPH_FILTER_SPEC,))


# One thread: a batch upload queues its photos instead of encoding them all at once.
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="renditions")


def _build_in_background(photo_pk):
    try:
        photo = get_image_model().objects.filter(pk=photo_pk).first()
        if photo is not None:  # deleted meanwhile
            build_renditions(photo)
    finally:
        connection.close()  # this thread's own connection


def queue_renditions(photo):
    """Build a photo's renditions after the transaction commits, off the request unless settings say not to."""
    if getattr(settings, "OCC_RENDITIONS_IN_BACKGROUND", True):
        transaction.on_commit(lambda: _background.submit(_build_in_background, photo.pk))
    else:
        transaction.on_commit(lambda: build_renditions(photo))
