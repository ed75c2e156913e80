"""StreamField blocks for milestone, award and content page bodies."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class CaptionedPhotoBlock(blocks.StructBlock):
    """A photo with its caption and credit, rendered as <figure>/<figcaption>."""

    image = ImageChooserBlock(label=_("photo"))
    caption = blocks.CharBlock(
        label=_("caption"),
        required=False,
        help_text=_("Leave empty to use the photo's own caption."),
    )

    class Meta:
        icon = "image"
        label = _("Captioned photo")
        template = "history/blocks/captioned_photo.html"
        description = _("A photo with its caption, credit and long description")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(
        label=_("said by"), required=False, help_text=_("Who said it, e.g. “Kaare Norum”.")
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "history/blocks/quote.html"
        description = _("A quotation with who said it")


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Paragraph"), template="history/blocks/paragraph.html"
    )
    photo = CaptionedPhotoBlock()
    quote = QuoteBlock()

    class Meta:
        block_counts = {}
