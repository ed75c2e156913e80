"""The history page's Atom feed (``<history page>/feed.atom``, in each language): what was added lately.

Django's syndication framework writes the Atom; the entries are the timeline's
own (``history.timeline.EntryMaker``): the live, public milestones and the
events of the live, public awards, the most recently published first. Each
entry carries its date on the timeline, its summary and, when it has one, its
lead photo (an ``<img>`` with the photo's alt text, its caption and credit, and
an enclosure link to the rendition). Three queries, however long the timeline.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.cache_tags import ALL_PAGES_TAG, add_cache_tags
from core.renditions import prefetch_picture_renditions, rendition_of
from history.timeline import TIMELINE_MILESTONE_FIELDS, EntryMaker, award_events_for_entries

FEED_SIZE = 20
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# One of the renditions every photo has already (core.renditions.PICTURE_FILTER_SPECS).
FEED_PHOTO_SPEC = "format-jpeg|width-960"


def publication_dates(page):
    """(published, updated); a page made live without Wagtail's publish (an import) has neither."""
    published = page.first_published_at or page.last_published_at or NEVER
    return published, page.last_published_at or published


def latest_entries(history_page, *, request=None, size=FEED_SIZE):
    """The ``size`` timeline entries published or changed last, newest first, each with
    ``(published, updated)`` from its page (an award event's from its award page)."""
    make = EntryMaker(history_page, request)
    milestones = (
        history_page.timeline_milestones()
        .only(*TIMELINE_MILESTONE_FIELDS, "first_published_at", "last_published_at")
        .select_related("lead_photo")
        .order_by(F("last_published_at").desc(nulls_last=True))[:size]
    )
    events = award_events_for_entries(history_page.timeline_award_events())
    dated = [(make.milestone(m), *publication_dates(m)) for m in milestones]
    dated += [(make.award_event(e), *publication_dates(e.award)) for e in events]
    dated.sort(key=lambda item: (item[2], item[1]), reverse=True)
    dated = dated[:size]
    prefetch_picture_renditions([entry.photo for entry, _published, _updated in dated], (FEED_PHOTO_SPEC,))
    return dated


class HistoryFeed(Feed):
    """Called by the history page's ``feed.atom`` route with ``history_page=`` the page."""

    feed_type = Atom1Feed

    def get_object(self, request, history_page):
        self.request = request
        # It lists the pages changed last, wherever they are: any page's change may change it
        # (its photos tag themselves when their renditions are read).
        add_cache_tags(ALL_PAGES_TAG)
        self.language = history_page.locale.language_code  # the feed's xml:lang
        return history_page

    def title(self, history_page):
        return history_page.title

    def subtitle(self, history_page):
        return _("Milestones and awards added to the timeline of %(title)s") % {"title": history_page.title}

    def link(self, history_page):
        return history_page.get_url(self.request)

    def feed_url(self, history_page):
        return history_page.get_url(self.request) + "feed.atom"

    def author_name(self, history_page):
        return history_page.get_site().site_name or history_page.title

    def items(self, history_page):
        return latest_entries(history_page, request=self.request)

    def item_title(self, item):
        entry, _published, _updated = item
        return f"{entry.display_date}: {entry.headline}"

    def item_link(self, item):
        entry, _published, _updated = item
        return entry.url + (f"#{entry.anchor}" if entry.is_award_event else "")

    def item_pubdate(self, item):
        return item[1]

    def item_updateddate(self, item):
        return item[2]

    def item_description(self, item):
        entry, _published, _updated = item
        html = format_html('<p><time datetime="{}">{}</time> · {}</p><p>{}</p>', entry.iso_date, entry.display_date,
                           entry.kind_label, entry.summary)
        if entry.score:
            html += format_html("<p>{}</p>", _("Overall score: %(score)s") % {"score": entry.score})
        photo = entry.photo
        if photo is not None:
            rendition = rendition_of(photo, FEED_PHOTO_SPEC)
            caption = " ".join(filter(None, [photo.caption_text.text, photo.credit]))
            html += format_html('<figure><img src="{}" alt="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
                                self.request.build_absolute_uri(rendition.url), photo.default_alt_text,
                                rendition.width, rendition.height, caption)
        return html
