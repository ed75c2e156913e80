"""What the read API (Wagtail's API v2, ``occ_site.api``) shows of the history pages and photos.

Wagtail reads a model's ``api_fields``; the mixins here carry them so that the
page and photo models only name a mixin. Every field is public: what a visitor
already reads on the page. A photo never shows its original file, only
renditions (``occ_site.api`` leaves out Wagtail's ``download_url``).

Texts follow the language of the page they belong to (a Norwegian page's lead
photo has its Norwegian alt text); the photos endpoint follows ``?locale=``.
"""

from django.utils.translation import override

from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.rich_text import get_text_for_indexing

from rest_framework import serializers

# Renditions the site builds for every photo anyway (core.renditions.PICTURE_FILTER_SPECS),
# so an API request never waits for one to be made.
API_RENDITIONS = {"jpeg": "format-jpeg|width-960", "webp": "format-webp|width-960"}


def body_as_text(stream_value):
    """The story as plain text, paragraph by paragraph, from the stored data (no query per block)."""
    parts = []
    for block in stream_value.raw_data:
        value = block.get("value")
        if block.get("type") == "paragraph" and isinstance(value, str):
            parts.append(get_text_for_indexing(value))
        elif block.get("type") == "quote" and isinstance(value, dict):
            parts.append(" ".join(filter(None, [value.get("text", ""), value.get("attribution", "")])))
        elif block.get("type") == "photo" and isinstance(value, dict) and value.get("caption"):
            parts.append(value["caption"])
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


class BodyTextField(serializers.Field):
    def to_representation(self, value):
        return body_as_text(value)


def photo_fields(photo):
    """A photo's public fields, in the active language."""
    renditions = {}
    for name, spec in API_RENDITIONS.items():
        renditions[name] = ImageRenditionField(spec).to_representation(photo)
    return {
        "id": photo.pk,
        "title": photo.title,
        "alt_text": photo.default_alt_text,
        "caption": photo.caption_text.text,
        "credit": photo.credit,
        "licence": photo.licence,
        "renditions": renditions,
    }


class LeadPhotoField(serializers.Field):
    """The page's lead photo (``source="*"``: the page), its texts in the page's language."""

    def to_representation(self, page):
        if page.lead_photo is None:
            return None
        with override(page.locale.language_code):
            return photo_fields(page.lead_photo)


class PageLanguageField(serializers.Field):
    """A value the page's language writes (a date, a choice's label): ``source`` names the attribute,
    read from the page (``source="*"``) under that language."""

    def __init__(self, attribute, **kwargs):
        self.attribute = attribute
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        with override(page.locale.language_code):
            value = getattr(page, self.attribute)
            return str(value() if callable(value) else value)


class AwardEventSerializer(serializers.Serializer):
    event_type = serializers.CharField()
    date = serializers.DateField()
    date_precision = serializers.CharField()
    headline = serializers.CharField(source="timeline_headline")
    score = serializers.DecimalField(max_digits=4, decimal_places=1)
    note = serializers.CharField()


class AwardEventsField(serializers.Field):
    def to_representation(self, page):
        with override(page.locale.language_code):
            return AwardEventSerializer(page.events_in_order, many=True).data


DATED_FIELDS = [
    APIField("date"),
    APIField("date_precision"),
    APIField("display_date", serializer=PageLanguageField("display_date")),
]
STORY_FIELDS = [
    APIField("summary"),
    APIField("body_text", serializer=BodyTextField(source="body")),
    APIField("lead_photo", serializer=LeadPhotoField(source="*")),
]


class HistoryIndexAPIFields:
    api_fields = [APIField("introduction")]


class MilestoneAPIFields:
    api_fields = [
        *DATED_FIELDS,
        APIField("kind"),
        APIField("kind_display", serializer=PageLanguageField("get_kind_display")),
        *STORY_FIELDS,
    ]


class AwardAPIFields:
    api_fields = [APIField("awarding_body"), APIField("events", serializer=AwardEventsField(source="*")), *STORY_FIELDS]


class PhotoAPIFields:
    """The photos endpoint's fields; the texts in the language of ``?locale=`` (English without)."""

    api_fields = [
        APIField("alt_text", serializer=serializers.CharField(source="default_alt_text")),
        APIField("caption", serializer=serializers.CharField(source="caption_text.text")),
        APIField("credit", serializer=serializers.CharField()),
        APIField("licence"),
        *(APIField(f"rendition_{name}", serializer=ImageRenditionField(spec, source="*")) for name, spec in API_RENDITIONS.items()),
    ]
