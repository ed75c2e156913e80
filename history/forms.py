"""Admin forms for the history app."""

import struct

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

from core.media_storage import STORAGE_UNAVAILABLE_MESSAGE, media_storage_answers
from core.photo_files import UnreadablePhoto, check_photo_file
from history.tasks import queue_photo_renditions

UNREADABLE_PHOTO_MESSAGE = _(
    "This file could not be read as a picture: it may be damaged or only partly uploaded. "
    "Open it on your computer, save it again as JPEG or PNG and upload that file."
)


class SafeImageField(WagtailImageField):
    """Wagtail's image field, but a file that breaks the image decoder is a form error, not a 500.

    Stock Wagtail lets Pillow's OSError escape for some damaged files (e.g. a
    truncated JPEG while checking its pixel count).
    """

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, ValueError, SyntaxError, EOFError, struct.error, PILImage.DecompressionBombError) as exc:
            raise forms.ValidationError(UNREADABLE_PHOTO_MESSAGE, code="unreadable_image") from exc


def count_frames(file):
    """Frames in an uploaded image (1 for a still), read from the headers without decoding pixels.

    Willow's Pillow backend always reports one frame, so Wagtail's
    WAGTAILIMAGES_MAX_IMAGE_PIXELS check would let a long animation through.
    """
    position = file.tell()
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            return getattr(image, "n_frames", 1)
    except Exception:  # noqa: BLE001 - Wagtail's own checks already reject unreadable files
        return 1
    finally:
        file.seek(position)


class CaptionedImageForm(BaseImageForm):
    """Wagtail's image form, plus the rule that a photo needs alt text unless decorative.

    Used for single upload, the multiple uploader's edit step and the chooser's
    upload tab (WAGTAILIMAGES_IMAGE_FORM_BASE).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            stock = self.fields["file"]
            self.fields["file"] = SafeImageField(label=stock.label, required=stock.required, widget=stock.widget)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            try:
                check_photo_file(uploaded)
            except UnreadablePhoto:
                raise forms.ValidationError(UNREADABLE_PHOTO_MESSAGE, code="unreadable_image") from None
        self.check_animation_pixels(uploaded)
        return uploaded

    def check_animation_pixels(self, file):
        """Refuse animations whose frames together exceed WAGTAILIMAGES_MAX_IMAGE_PIXELS."""
        willow_image = getattr(file, "image", None)  # set by WagtailImageField on a fresh upload only
        limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
        if willow_image is None or not limit:
            return
        width, height = willow_image.get_size()
        frames = count_frames(file)
        if frames > 1 and width * height * frames > limit:
            raise forms.ValidationError(
                _(
                    "This animation has too many pixels: %(frames)s frames of %(width)s×%(height)s. "
                    "The limit is %(limit)s pixels, counting every frame."
                ),
                code="file_too_many_pixels",
                params={"frames": frames, "width": width, "height": height, "limit": formats.number_format(limit, force_grouping=True)},
            )

    def clean(self):
        cleaned_data = super().clean()
        checks_alt_text = "description" in self.fields and "is_decorative" in self.fields
        missing_alt_text = not (cleaned_data.get("description") or "").strip()
        if checks_alt_text and missing_alt_text and not cleaned_data.get("is_decorative"):
            self.add_error(
                "description",
                forms.ValidationError(
                    _("Add alt text describing the picture, or tick “decorative only” if it adds nothing to the text."),
                    code="alt_text_required",
                ),
            )
        self.check_media_storage()
        return cleaned_data

    def stores_a_file(self):
        """Whether saving this form writes a photo file: a new or replaced upload, or the multiple
        uploader's second step (its form has no file field; the file is copied in on save)."""
        if "file" in self.fields:
            return bool(self.cleaned_data.get("file")) and "file" in self.changed_data
        return not self.instance.file

    def check_media_storage(self):
        """A form error rather than a failed save when the storage (e.g. S3) is down or too slow.

        Even when other fields have errors: the multiple uploader stores the file
        meanwhile as a pending upload when only the description is missing.
        """
        if self.stores_a_file() and not media_storage_answers():
            field = "file" if "file" in self.fields else None
            self.add_error(field, forms.ValidationError(STORAGE_UNAVAILABLE_MESSAGE, code="storage_unavailable"))

    def save(self, commit=True):
        replaces_file = "file" in self.changed_data and bool(self.original_file)
        image = super().save(commit=commit)
        if commit and replaces_file:
            # Wagtail deletes the old file's renditions after the save, so the task queued by
            # history.signals may find them and do nothing: queue the build again, after that.
            queue_photo_renditions(image)
        return image
