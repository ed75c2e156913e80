"""Admin forms for the history app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

from history.renditions import queue_renditions


class CaptionedImageForm(BaseImageForm):
    """Wagtail's image form, plus the rule that a photo needs alt text unless decorative.

    Used for single upload, the multiple uploader's edit step and the chooser's
    upload tab (WAGTAILIMAGES_IMAGE_FORM_BASE).
    """

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
        return cleaned_data

    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit:
            # Replacing the file makes Wagtail delete the old renditions after the save
            # (and after history.signals has looked): build the new ones now.
            queue_renditions(image)
        return image
