"""Text of objects that are not pages (photos, people, site settings), in each language of the site.

Pages are translated as pages (wagtail-localize: a Norwegian page beside the English
one). A photo, a person or the site settings are one object shown on the pages of
every language, so their visitor-facing text has a field per language: the English
one (``caption``) and the Norwegian one (``caption_nb``). Where the text is missing
in the page's language, the English text is shown, marked with its language, so a
screen reader reads it with the right voice (WCAG 3.1.2).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language


@dataclass(frozen=True)
class LocalizedText:
    """A text and, when it is not in the page's language (a fallback), the language it is in."""

    text: str
    lang: str = ""

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def other_languages():
    """The site's languages besides the default: each has its own field for translated text."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translated_field_name(field, language):
    return field if language == settings.LANGUAGE_CODE else f"{field}_{language}"


def localized(instance, field):
    """``instance.<field>`` in the active language, falling back to the default language's text."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language != settings.LANGUAGE_CODE and language in other_languages():
        text = getattr(instance, translated_field_name(field, language), "")
        if text:
            return LocalizedText(text)
        default = getattr(instance, field)
        return LocalizedText(default, settings.LANGUAGE_CODE if default else "")
    return LocalizedText(getattr(instance, field))
