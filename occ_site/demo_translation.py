"""The demo site in Norwegian Bokmål, translated the way editors translate: with wagtail-localize.

Each English demo page gets a Norwegian translation whose texts come from
``history.demo.data_nb``: every English text segment (a title, a slug, one
paragraph of rich text, an award event's headline) is paired with the Norwegian
text at the same key or position, and the translation is published. The pages
stay linked to their English sources, so an editor can later change the English
and sync the Norwegian in the admin like any other translation.

Photos and people are not pages: their Norwegian texts go into their ``*_nb``
fields, and the site settings get the Norwegian "Join" label.
"""

from wagtail.models import Locale

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

from history.demo import data, data_nb
from occ_site import setup

NORWEGIAN = "nb"


class MissingNorwegianText(Exception):
    """A demo page has an English text that history.demo.data_nb does not translate."""


def segment_texts(text):
    """The text segments wagtail-localize makes of one field's value, in its own (HTML) form.

    Rich text (it starts with a tag) gives one segment per block; a plain text one, escaped.
    A plain string the demo loader wraps in a paragraph gives the same segment."""
    if text.lstrip().startswith("<"):
        _template, strings = extract_strings(text)
        return [string.data for string, _attrs in strings]
    return [StringValue.from_plaintext(text).data]


def paired_texts(english, norwegian):
    """(English, Norwegian) for each text in two structures of the same shape: dicts are
    followed by the Norwegian keys (it leaves out codes and names), lists by position."""
    if isinstance(norwegian, dict):
        for key, value in norwegian.items():
            if key in english:
                yield from paired_texts(english[key], value)
    elif isinstance(norwegian, list):
        for english_item, norwegian_item in zip(english, norwegian, strict=True):
            yield from paired_texts(english_item, norwegian_item)
    else:
        english_segments, norwegian_segments = segment_texts(english), segment_texts(norwegian)
        if len(english_segments) != len(norwegian_segments):
            raise MissingNorwegianText(f"{english!r} and {norwegian!r} have different numbers of paragraphs")
        yield from zip(english_segments, norwegian_segments, strict=True)


def norwegian_for_english():
    """{English segment: Norwegian segment} for every page text of the demo."""
    english = {
        "HOME": data.HOME,
        "MEMBERSHIP_PAGE": data.MEMBERSHIP_PAGE,
        "HISTORY": data.HISTORY,
        "AWARDS": {award["slug"]: award for award in data.AWARDS},
        "MILESTONES": {milestone["slug"]: milestone for milestone in data.MILESTONES},
        "PRIVACY": {
            "title": setup.PRIVACY_TITLE,
            "slug": setup.PRIVACY_SLUG,
            "introduction": setup.PRIVACY_INTRODUCTION,
            "paragraphs": setup.PRIVACY_PARAGRAPHS,
        },
    }
    norwegian = {name: getattr(data_nb, name) for name in english}
    pairs = {}
    for english_text, norwegian_text in paired_texts(english, norwegian):
        if pairs.setdefault(english_text, norwegian_text) != norwegian_text:
            raise MissingNorwegianText(
                f"{english_text!r} has two Norwegian texts: {pairs[english_text]!r}, {norwegian_text!r}"
            )
    return pairs


def translate_page(page, locale, texts):
    """Publish the page's translation into ``locale`` with the given texts; True if it was made now.

    A page that already has a translation is left alone (an editor may have changed it)."""
    if page.has_translation(locale):
        return False
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    missing = []
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = texts.get(segment.string.data)
        if text is None:
            missing.append(f"{segment.context.path}: {segment.string.data!r}")
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string, locale=locale, context=segment.context, defaults={"data": text}
        )
    if missing:
        raise MissingNorwegianText(f"history.demo.data_nb has no Norwegian for “{page.title}”: " + "; ".join(missing))
    # Saved as a draft, then published here: wagtail-localize would publish after the commit, from
    # the page object it holds, and write back its old count of children (wagtail-localize #773).
    translation.save_target(publish=False)
    translation.get_target_instance().get_latest_revision().publish()
    return True


def translate_pages(pages, report):
    """Norwegian translations of the given pages, parents before children."""
    locale = Locale.objects.get(language_code=NORWEGIAN)
    texts = norwegian_for_english()
    for page in pages:
        created = translate_page(page.specific, locale, texts)
        report.add(created, f"Norwegian translation of “{page.title}”")


def fill_norwegian_records(*, photos, people, site_settings, report):
    """The Norwegian fields of the demo's photos and people, and the Norwegian “Join” label,
    where they are still empty."""
    for key, photo in photos.items():
        texts = data_nb.PHOTOS[key]
        empty = not (photo.description_nb or photo.caption_nb or photo.long_description_nb)
        if empty:
            photo.description_nb = texts["alt"]
            photo.caption_nb = texts["caption"]
            photo.long_description_nb = texts["long_description"]
            photo.save()
        report.add(empty, f"Norwegian texts of the photo “{photo.title}”")
    for key, person in people.items():
        empty = not person.role_nb
        if empty:
            person.role_nb = data_nb.PEOPLE[key]["role"]
            person.save_revision().publish()
        report.add(empty, f"Norwegian role of “{person.name}”")
    empty = not site_settings.join_label_nb
    if empty:
        site_settings.join_label_nb = data_nb.SITE_SETTINGS["join_label"]
        site_settings.save()
    report.add(empty, "Norwegian “Join” label")
