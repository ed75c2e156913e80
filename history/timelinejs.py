"""The timeline in TimelineJS3's JSON format (``<history page>/timeline.json``).

Only live, public entries: the same selectors as the HTML timeline. TimelineJS
renders ``text`` as HTML, so everything an editor typed is escaped.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.images.models import Filter
from wagtail.rich_text import expand_db_html

from core.renditions import rendition_of
from history.dates import DatePrecision
from history.timeline import timeline_entries

# One rendition for the TimelineJS export: one of the specs the photo figure
# already uses (format-jpeg, width-960), so it is built with the others, and
# the export reads only this one.
TIMELINEJS_PHOTO_SPEC = "format-jpeg|width-960"
TIMELINEJS_PHOTO_FILTER = Filter(spec=TIMELINEJS_PHOTO_SPEC)  # parsed once, not once per photo


def timelinejs_date(entry):
    """TimelineJS date: year, then month and day only as far as they are known."""
    date = {"year": str(entry.date.year)}
    if entry.date_precision in (DatePrecision.MONTH, DatePrecision.DAY):
        date["month"] = str(entry.date.month)
    if entry.date_precision == DatePrecision.DAY:
        date["day"] = str(entry.date.day)
    date["display_date"] = entry.display_date
    return date


def in_language(text):
    """A ``LocalizedText`` as TimelineJS HTML: escaped, and marked with its language when it is a fallback."""
    if text.lang:
        return f'<span lang="{text.lang}">{escape(text.text)}</span>'
    return escape(text.text)


class TimelineJSSlides:
    """The slides of one export. The interface strings are translated once, not once per slide:
    a long timeline has a thousand slides."""

    def __init__(self, request=None):
        self.request = request
        self.read_more = escape(_("Read more"))

    def absolute(self, url):
        return self.request.build_absolute_uri(url) if self.request is not None else url

    def media(self, photo):
        if photo is None:
            return None
        rendition = rendition_of(photo, TIMELINEJS_PHOTO_FILTER)
        return {
            "url": self.absolute(rendition.url),
            "caption": in_language(photo.caption_text),
            "credit": escape(photo.credit),
            "alt": photo.default_alt_text,
        }

    def event(self, entry):
        """One TimelineJS slide."""
        text = f"<p>{escape(entry.summary)}</p>"
        if entry.score:
            text += "<p>" + escape(_("Overall score: %(score)s") % {"score": entry.score}) + "</p>"
        if entry.url:
            text += f'<p><a href="{escape(self.absolute(entry.url))}">{self.read_more}</a></p>'
        event = {
            "start_date": timelinejs_date(entry),
            "text": {"headline": escape(entry.headline), "text": text},
            "unique_id": entry.anchor,
            "group": entry.kind_label,
        }
        media = self.media(entry.photo)
        if media:
            event["media"] = media
        return event


def timelinejs_document(history_page, *, request=None):
    """The whole timeline, with a title slide."""
    entries = timeline_entries(history_page, request=request, rendition_specs=(TIMELINEJS_PHOTO_SPEC,))
    slides = TimelineJSSlides(request)
    return {
        "title": {
            "text": {
                "headline": escape(history_page.title),
                "text": expand_db_html(history_page.introduction) if history_page.introduction else "",
            },
            "unique_id": "title",
        },
        "events": [slides.event(entry) for entry in entries],
    }
