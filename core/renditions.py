"""The renditions the site shows, built before any visitor asks for them.

``includes/figure.html`` renders every photo with
``{% picture photo format-{avif,webp,jpeg} width-{480,960,1440} %}``: nine
renditions per photo. ``PICTURE_TAG_SPECS`` is that list, written once; a test
(tests/test_renditions.py) reads the template and fails if the two disagree.

The nine renditions of a 1600x1000 JPEG take seconds to encode, most of it
AVIF. So they are built by a background task (``history.tasks``), queued after
the transaction commits when a photo is uploaded, its file or focal point
changes, or a page showing it is published. The task worker runs it
(``manage.py db_worker``); nothing runs in a visitor's request. If the worker
is behind or down, pages still work: the first visitor of a photo without its
renditions builds them (``prefetch_picture_renditions`` logs it).

Listings prefetch exactly these renditions (``prefetch_picture_renditions``)
so a page of N photos costs one query for all their renditions.
"""

import logging
from collections.abc import Mapping, Sequence
from io import BytesIO

from django.core.files import File
from django.db import transaction
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
    already prefetched). Code that shows one size only (the TimelineJS export) asks for that one.

    A photo found without all the picture renditions asked for is about to be encoded in this
    request: that is logged, since it means the task worker is behind, down, or failed on that photo.
    """
    pending = [
        photo
        for photo in {id(p): p for p in photos if p is not None}.values()
        if getattr(photo, "prefetched_renditions", None) is None
    ]
    if pending:
        prefetch_related_objects(pending, picture_renditions_prefetch(specs))
        expected = set(specs) & set(PICTURE_FILTER_SPECS)
        for photo in pending:
            missing = expected - {r.filter_spec for r in photo.prefetched_renditions}
            if missing:
                logger.warning(
                    "Photo %s is shown without %s of its %s renditions: this request builds them. "
                    "Is the task worker (manage.py db_worker) running? See Reports > Background tasks.",
                    photo.pk,
                    len(missing),
                    len(expected),
                )
    return photos


def rendition_of(photo, spec):
    """This rendition of this photo (``spec`` a filter spec, or a ``Filter`` parsed once).

    Through ``get_renditions()``, not ``get_rendition()``: it takes a rendition the page has
    prefetched (``prefetch_picture_renditions``) as it is, where ``get_rendition()`` would also
    write it back to Wagtail's rendition cache (Redis in production) on every request. Both name
    the photo in the response's cache tags (``CaptionedImage``).
    """
    return next(iter(photo.get_renditions(spec).values()))


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


class RenditionStorageError(Exception):
    """Reading a photo's original or writing a rendition file failed: the storage may work again later."""


def build_missing_renditions(photo_pk, specs=PICTURE_FILTER_SPECS):
    """Build the renditions among ``specs`` that a photo lacks; return the specs built.

    For the task worker. Unlike ``build_renditions`` it raises: ``RenditionStorageError``
    when storage fails (worth retrying), anything else when the original cannot be
    decoded (not worth retrying). A photo deleted (or given a new file) meanwhile is
    not an error: nothing is built and nothing is left behind.

    A delete may come at any moment, so the rendition rows are inserted while the photo's
    row is locked, after checking that it still exists with the file that was encoded:
    a delete that got there first has removed it (and the files written here are removed
    again); a delete that comes later waits for the lock, then cascades to the new rows.
    ``history.signals`` covers the last case, a delete that had already collected the
    photo's renditions before these were inserted.
    """
    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    photo = image_model.objects.filter(pk=photo_pk).first()
    if photo is None:
        return []
    filters = [Filter(spec=spec) for spec in specs]
    existing = photo.find_existing_renditions(*filters)
    missing = [f for f in filters if f not in existing]
    if not missing:
        return []

    try:
        with photo.file.storage.open(photo.file.name, "rb") as original_file:
            original = original_file.read()
    except Exception as error:  # any storage backend's error: OSError, botocore's, ...
        raise RenditionStorageError(f"Could not read the original of photo {photo_pk}: {error!r}") from error

    # Decoding and encoding: an error here is the image's, and raised as it is.
    renditions = [
        rendition_model(
            image=photo,
            filter_spec=f.spec,
            focal_point_key=f.get_cache_key(photo),
            file=photo.generate_rendition_file(f, source=File(BytesIO(original), name=photo.file.name)),
        )
        for f in missing
    ]

    storage = renditions[0].file.storage  # the renditions' own (WAGTAILIMAGES_RENDITION_STORAGE)
    written = []
    try:
        for rendition in renditions:
            rendition.file.save(rendition.file.name, rendition.file.file, save=False)
            written.append(rendition.file.name)
    except Exception as error:
        _delete_files(storage, written)
        raise RenditionStorageError(f"Could not write the renditions of photo {photo_pk}: {error!r}") from error

    try:
        with transaction.atomic():
            current_file = (
                image_model.objects.select_for_update(no_key=True).filter(pk=photo_pk).values_list("file", flat=True).first()
            )
            if current_file != photo.file.name:  # deleted, or a new file whose own task is queued
                kept = set()
            else:
                # Another builder (a visitor's request) may have inserted some meanwhile: theirs stay.
                rendition_model.objects.bulk_create(renditions, ignore_conflicts=True)
                kept = set(rendition_model.objects.filter(image_id=photo_pk, file__in=written).values_list("file", flat=True))
    except Exception:
        _delete_files(storage, written)
        raise
    _delete_files(storage, [name for name in written if name not in kept])
    return [r.filter_spec for r in renditions if r.file.name in kept]


def _delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - a file left behind must not hide the error being handled
            logger.exception("Could not delete rendition file %s", name)
