"""Text of objects that are not pages (photos, people, site settings), in each language of the site,
and the pages an editor chose, in the language of the page that shows them.

Pages are translated as pages (wagtail-localize: a Norwegian page beside the English
one). A photo, a person or the site settings are one object shown on the pages of
every language, so their visitor-facing text has a field per language: the English
one (``caption``) and the Norwegian one (``caption_nb``). Where the text is missing
in the page's language, the English text is shown, marked with its language, so a
screen reader reads it with the right voice (WCAG 3.1.2).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, Subquery
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


def active_language():
    """The language of the request being answered (its page's, or the address prefix's): ``en``, ``nb``."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def other_languages():
    """The site's languages besides the default: each has its own field for translated text."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translated_field_name(field, language):
    return field if language == settings.LANGUAGE_CODE else f"{field}_{language}"


def localized(instance, field):
    """``instance.<field>`` in the active language, falling back to the default language's text."""
    language = active_language()
    if language != settings.LANGUAGE_CODE and language in other_languages():
        text = getattr(instance, translated_field_name(field, language), "")
        if text:
            return LocalizedText(text)
        default = getattr(instance, field)
        return LocalizedText(default, settings.LANGUAGE_CODE if default else "")
    return LocalizedText(getattr(instance, field))


def pages_in_locale(queryset, chosen_ids, locale_id):
    """Pages an editor chose (``chosen_ids``, in whatever language they were chosen) as ``queryset``
    has them in the locale ``locale_id``: each one's translation there, else the chosen page itself.
    Returns ``{chosen id: page}`` for the chosen pages ``queryset`` holds, from one query."""
    keys = queryset.model.objects.filter(pk__in=chosen_ids).values("translation_key")
    pages = list(queryset.filter(Q(pk__in=chosen_ids) | Q(translation_key__in=Subquery(keys), locale_id=locale_id)))
    translated = {page.translation_key: page for page in pages if page.locale_id == locale_id}
    return {page.pk: translated.get(page.translation_key, page) for page in pages if page.pk in chosen_ids}
