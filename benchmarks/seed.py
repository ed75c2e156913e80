"""Bulk seeding for the benchmark: N milestones with their own photos, in seconds, not minutes.

Creating 1,000 pages one by one through Wagtail takes about two minutes here
(tree bookkeeping, revisions, search and reference indexes). The benchmark
measures serving, not editing, so it writes the rows the site reads directly:
the pages' tree paths and url_paths as Wagtail would compute them, the
milestone rows, and one small photo per milestone, with its renditions
(``add_renditions``).
"""

import datetime
import io
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Collection, Page

from PIL import Image as PILImage

from core.renditions import PREFETCHED_FILTER_SPECS, build_renditions
from history.models import CaptionedImage, CaptionedImageRendition, HistoryIndexPage, MilestonePage

SUMMARY = (
    "A milestone of the length editors write for the timeline: one or two sentences on what "
    "happened, who was involved and why it mattered to the cluster."
)


def small_jpeg(number):
    """A 320x200 JPEG with its own colour: real encoding work for renditions, small enough to seed fast."""
    image = PILImage.new("RGB", (320, 200), ((number * 37) % 256, (number * 91) % 256, (number * 53) % 256))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def create_photos(count, start):
    collection = Collection.get_first_root_node()
    photos = []
    for number in range(start, start + count):
        photo = CaptionedImage(
            title=f"Benchmark photo {number}",
            description=f"Placeholder photo number {number} for the benchmark.",
            caption=f"Caption of benchmark photo {number}.",
            credit_name="Benchmark Photographer",
            collection=collection,
        )
        photo.file.save(f"bench-{number}.jpg", ContentFile(small_jpeg(number)), save=False)
        photo.width, photo.height, photo.file_size = 320, 200, photo.file.size
        photos.append(photo)
    return CaptionedImage.objects.bulk_create(photos)


def tree_step(number):
    """One step of a page's tree path, as treebeard writes it (``Page.alphabet``, ``Page.steplen`` digits)."""
    digits = ""
    while number:
        number, digit = divmod(number, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    return digits.rjust(Page.steplen, Page.alphabet[0])


def tree_step_number(step):
    return int(step, len(Page.alphabet))


@transaction.atomic
def add_milestones(count):
    """Append ``count`` live milestones, each with its own photo, to the history page."""
    if count <= 0:
        return []
    history = HistoryIndexPage.objects.get(locale__language_code="en")
    existing = MilestonePage.objects.child_of(history).count()
    last_child = history.get_last_child()
    next_step = tree_step_number(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    photos = create_photos(count, existing)
    content_type = ContentType.objects.get_for_model(MilestonePage)
    now = timezone.now()
    pages = []
    for offset in range(count):
        number = existing + offset
        slug = f"bench-milestone-{number}"
        pages.append(
            Page(
                title=f"Benchmark milestone {number}",
                draft_title=f"Benchmark milestone {number}",
                slug=slug,
                content_type=content_type,
                path=history.path + tree_step(next_step + offset),
                depth=history.depth + 1,
                numchild=0,
                url_path=f"{history.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                live_revision=None,
                locale_id=history.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    pages = Page.objects.bulk_create(pages)
    rows = []
    for page, photo in zip(pages, photos, strict=True):
        year = 2000 + (page.pk % 25)
        rows.append((page.pk, year, None, None, "year", datetime.date(year, 1, 1), SUMMARY, "[]", photo.pk, "organisation", None))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {MilestonePage._meta.db_table} "  # noqa: S608 (table name from the model, values bound)
            "(page_ptr_id, year, month, day, date_precision, date, summary, body, lead_photo_id, kind, related_award_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
    Page.objects.filter(pk=history.pk).update(numchild=history.numchild + count)
    return photos


def add_renditions(photos):
    """The renditions publishing would make for each photo (picture sizes and the Open Graph crop).

    The first photo's are encoded for real; the others get rendition rows that point to
    the same files. A visitor's request reads rendition rows and writes their URLs, it
    never opens the files, so what is measured is the same, and seeding 1,000 photos
    takes seconds instead of minutes of AVIF encoding that no column of the table shows.
    """
    if not photos:
        return
    first, *others = photos
    build_renditions(first, PREFETCHED_FILTER_SPECS)
    made = list(first.renditions.filter(filter_spec__in=PREFETCHED_FILTER_SPECS))
    rows = [
        CaptionedImageRendition(
            image=photo,
            filter_spec=rendition.filter_spec,
            file=rendition.file.name,
            width=rendition.width,
            height=rendition.height,
            focal_point_key=rendition.focal_point_key,  # no photo here has a focal point: the same key
        )
        for photo in others
        for rendition in made
    ]
    CaptionedImageRendition.objects.bulk_create(rows, batch_size=2000)


def seed_milestones(total):
    """Bring the number of milestones up to ``total``, with their photos' renditions."""
    existing = MilestonePage.objects.count()
    photos = add_milestones(total - existing)
    add_renditions(photos)
    return len(photos)
