"""The photo credits page: every photo on a live, public page, its credit and where it is used.

A constant number of queries: one per page model (lead photos and photos in
the story are read from the stored StreamField data, not block by block) and
one for the photos themselves.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.view_restrictions import public_pages
from history.models import AwardPage, CaptionedImage, MilestonePage
from occ_site.models import ContentPage, HomePage

PHOTO_BLOCK_TYPE = "photo"


@dataclass(frozen=True)
class PhotoUse:
    title: str
    url: str
    how: str  # "lead photo" or "in the story"


@dataclass
class PhotoCredit:
    photo: CaptionedImage
    uses: list = field(default_factory=list)


def photo_ids_in_body(stream_value):
    """Image ids of the captioned-photo blocks in a body, from the raw data (no query per block)."""
    ids = []
    for block in stream_value.raw_data:
        if block.get("type") == PHOTO_BLOCK_TYPE and isinstance(block.get("value"), dict):
            image_id = block["value"].get("image")
            if isinstance(image_id, int):
                ids.append(image_id)
    return ids


# The page types that show photos: (model, has a lead photo?)
PAGE_MODELS_WITH_PHOTOS = [(MilestonePage, True), (AwardPage, True), (ContentPage, False), (HomePage, False)]


def public_photo_ids():
    """The ids of every photo used on a live, public page (the photos the read API lists)."""
    ids = set()
    for model, has_lead_photo in PAGE_MODELS_WITH_PHOTOS:
        for page in public_pages(model.objects.live()).only("pk", "body", *(["lead_photo"] if has_lead_photo else [])):
            if has_lead_photo and page.lead_photo_id:
                ids.add(page.lead_photo_id)
            ids.update(photo_ids_in_body(page.body))
    return ids


def photo_credits(*, request=None):
    """Every photo used on a live, public page, ordered by credit, with the pages that use it."""
    uses = defaultdict(list)
    for model, has_lead_photo in PAGE_MODELS_WITH_PHOTOS:
        for page in public_pages(model.objects.live()).order_by("path"):
            url = page.get_url(request)
            if has_lead_photo and page.lead_photo_id:
                uses[page.lead_photo_id].append(PhotoUse(page.title, url, str(_("lead photo"))))
            for image_id in photo_ids_in_body(page.body):
                uses[image_id].append(PhotoUse(page.title, url, str(_("in the story"))))
    photos = CaptionedImage.objects.filter(id__in=uses).order_by("credit_name", "title")
    return [PhotoCredit(photo=photo, uses=uses[photo.id]) for photo in photos]
