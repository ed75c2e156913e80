"""The timeline in TimelineJS3's JSON format (``<history page>/timeline.json``).

Only live, public entries: the same selectors as the HTML timeline. TimelineJS
renders ``text`` as HTML, so everything an editor typed is escaped.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.rich_text import expand_db_html

from history.dates import DatePrecision
from history.timeline import timeline_entries

# One rendition for the TimelineJS export: one of the specs the photo figure
# already uses (format-jpeg, width-960), so it is built with the others, and
# the export reads only this one.
TIMELINEJS_PHOTO_SPEC = "format-jpeg|width-960"


def timelinejs_date(entry):
    """TimelineJS date: year, then month and day only as far as they are known."""
    date = {"year": str(entry.date.year)}
    if entry.date_precision in (DatePrecision.MONTH, DatePrecision.DAY):
        date["month"] = str(entry.date.month)
    if entry.date_precision == DatePrecision.DAY:
        date["day"] = str(entry.date.day)
    date["display_date"] = entry.display_date
    return date


def timelinejs_media(photo, *, request=None):
    if photo is None:
        return None
    url = photo.get_rendition(TIMELINEJS_PHOTO_SPEC).url
    if request is not None:
        url = request.build_absolute_uri(url)
    return {
        "url": url,
        "caption": escape(photo.caption),
        "credit": escape(photo.credit),
        "alt": photo.default_alt_text,
    }


def timelinejs_event(entry, *, request=None):
    """One TimelineJS slide."""
    text = f"<p>{escape(entry.summary)}</p>"
    if entry.score:
        text += "<p>" + escape(_("Overall score: %(score)s") % {"score": entry.score}) + "</p>"
    if entry.url:
        url = request.build_absolute_uri(entry.url) if request is not None else entry.url
        text += f'<p><a href="{escape(url)}">{escape(_("Read more"))}</a></p>'
    event = {
        "start_date": timelinejs_date(entry),
        "text": {"headline": escape(entry.headline), "text": text},
        "unique_id": entry.anchor,
        "group": entry.kind_label,
    }
    media = timelinejs_media(entry.photo, request=request)
    if media:
        event["media"] = media
    return event


def timelinejs_document(history_page, *, request=None):
    """The whole timeline, with a title slide."""
    entries = timeline_entries(history_page, request=request, rendition_specs=(TIMELINEJS_PHOTO_SPEC,))
    return {
        "title": {
            "text": {
                "headline": escape(history_page.title),
                "text": expand_db_html(history_page.introduction) if history_page.introduction else "",
            },
            "unique_id": "title",
        },
        "events": [timelinejs_event(entry, request=request) for entry in entries],
    }
