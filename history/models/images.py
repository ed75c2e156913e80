"""Photos with the text a visitor needs: alt text, caption, credit, long description."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.search import index

from core.cache_tags import add_cache_tags, photo_tag
from core.translated_fields import localized
from history.api_fields import PhotoAPIFields
from history.choices import CreditRole


class CaptionedImage(PhotoAPIFields, AbstractImage):
    """The site's image model (WAGTAILIMAGES_IMAGE_MODEL).

    Wagtail's own ``description`` field is the alt text. A photo must have alt
    text unless it is marked decorative (checked in ``history.forms``). Every new
    or replaced file is cleaned before the photo is saved (``history.signals``).
    """

    # Wagtail's own alt-text field, relabelled for editors.
    description = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "What a screen reader says instead of the picture: describe what matters in one "
            "sentence (at most 255 characters). Required unless the picture is decorative."
        ),
    )
    long_description = models.TextField(
        _("long description"),
        blank=True,
        help_text=_(
            "A detailed description of what the picture shows, for visitors who cannot see it. "
            "Shown under the picture behind a “Describe this image” button."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("The visible text under the picture, e.g. who is in it and when it was taken."),
    )
    credit_role = models.CharField(
        _("credit type"),
        max_length=20,
        choices=CreditRole.choices,
        default=CreditRole.PHOTO,
        help_text=_("What kind of work is credited: shown as “Photo: …” or “Illustration: …”."),
    )
    credit_name = models.CharField(
        _("credited to"),
        max_length=255,
        blank=True,
        help_text=_("The photographer, illustrator or agency, e.g. “Gunnar Kopperud”."),
    )
    licence = models.CharField(
        _("licence or copyright"),
        max_length=255,
        blank=True,
        help_text=_("Optional, e.g. “© Oslo Cancer Cluster” or “CC BY 4.0”."),
    )
    # The same texts in Norwegian Bokmål (core.translated_fields): shown on Norwegian pages.
    description_nb = models.CharField(
        _("alt text in Norwegian"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("The alt text in Norwegian Bokmål, for Norwegian pages. Empty: the English one is read out."),
    )
    caption_nb = models.CharField(_("caption in Norwegian"), max_length=500, blank=True)
    long_description_nb = models.TextField(_("long description in Norwegian"), blank=True)
    is_decorative = models.BooleanField(
        _("decorative only"),
        default=False,
        help_text=_(
            "Tick only if the picture adds nothing to the text (a pattern, a divider). "
            "Decorative pictures are hidden from screen readers and need no alt text."
        ),
    )

    admin_form_fields = (
        "title",
        "file",
        "description",
        "is_decorative",
        "caption",
        "credit_role",
        "credit_name",
        "long_description",
        "description_nb",
        "caption_nb",
        "long_description_nb",
        "licence",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    search_fields = AbstractImage.search_fields + [
        index.SearchField("caption"),
        index.SearchField("credit_name"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        permissions = [("choose_image", "Can choose image")]

    # Whatever shows a photo reads its renditions: the response names the photo (core.cache_tags).

    def get_rendition(self, filter):  # noqa: A002 - Wagtail's own argument name
        add_cache_tags(photo_tag(self))
        return super().get_rendition(filter)

    def get_renditions(self, *filters):
        add_cache_tags(photo_tag(self))
        return super().get_renditions(*filters)

    @property
    def default_alt_text(self):
        """Used by Wagtail's image tags for the alt attribute, in the page's language.

        Empty for decorative pictures; never falls back to the title (often a
        file name), which would be noise for a screen reader.
        """
        return "" if self.is_decorative else self.alt_text.text

    @property
    def alt_text(self):
        return localized(self, "description")

    @property
    def caption_text(self):
        return localized(self, "caption")

    @property
    def long_description_text(self):
        return localized(self, "long_description")

    @property
    def credit(self):
        """“Photo: Gunnar Kopperud”, or an empty string when nobody is credited."""
        if not self.credit_name:
            return ""
        return f"{self.get_credit_role_display()}: {self.credit_name}"


class CaptionedImageRendition(AbstractRendition):
    image = models.ForeignKey(CaptionedImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
