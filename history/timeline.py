"""Selectors that build the timeline: milestones and award events, in date order.

Award events are not pages of their own: they live inline on their award and
appear here by themselves, so nobody types them twice.
"""

from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.rich_text import expand_db_html

from history.dates import DatePrecision, format_precise_date, iso_precise_date
from history.models import AwardEvent, AwardPage, CaptionedImage, MilestoneKind, MilestonePage
from history.models.pages import award_event_anchor, milestone_anchor
from history.renditions import complete_picture_renditions, prefetch_picture_renditions
from occ_site.pagecache import remember_unless_preview
from occ_site.privacy import public_pages


@dataclass(frozen=True)
class TimelineEntry:
    """One row of the timeline, whatever it came from."""

    date: object
    date_precision: str
    headline: str
    summary: str
    kind: str
    kind_label: str
    url: str
    anchor: str
    photo: CaptionedImage | None = None
    score: str = ""
    source: object = field(default=None, compare=False, repr=False)

    @property
    def display_date(self):
        return format_precise_date(self.date, self.date_precision)

    @property
    def iso_date(self):
        return iso_precise_date(self.date, self.date_precision)

    @property
    def is_award_event(self):
        return isinstance(self.source, AwardEvent)


def live_milestones(history_page):
    """Published, public milestones of one history page, with their lead photos.

    The full story (``body``) is not shown on the timeline, so it is not read.
    Renditions are prefetched by ``timeline_entries`` for all photos at once.
    """
    return (
        public_pages(MilestonePage.objects.live().child_of(history_page))
        .only(*TIMELINE_MILESTONE_FIELDS)
        .select_related("lead_photo")
        .order_by("date", "path")
    )


# What a timeline entry shows of a milestone: with 1,000 milestones, reading only
# these (not the full story or Wagtail's two dozen page fields) halves the time.
TIMELINE_MILESTONE_FIELDS = (
    "title", "slug", "path", "depth", "url_path", "live", "date", "date_precision", "kind", "summary", "lead_photo",
)


def public_award_events(history_page):
    """Events of the published, public awards of one history page, in timeline order."""
    awards = public_pages(AwardPage.objects.live().child_of(history_page))
    return AwardEvent.objects.filter(award__in=awards).order_by("date", "sort_order")


def live_award_events(history_page):
    """``public_award_events`` with what their timeline entries show: the award and its lead photo."""
    return public_award_events(history_page).select_related("award", "award__lead_photo").defer("award__body")


def milestone_entry(milestone, *, request=None, url=None, kind_label=None):
    """A milestone's timeline entry; ``url`` and ``kind_label`` may be given to save the work per entry."""
    return TimelineEntry(
        date=milestone.date,
        date_precision=milestone.date_precision,
        headline=milestone.title,
        summary=milestone.summary,
        kind=milestone.kind,
        kind_label=milestone.get_kind_display() if kind_label is None else kind_label,
        url=milestone.get_url(request) if url is None else url,
        anchor=milestone.anchor,
        photo=milestone.lead_photo,
        source=milestone,
    )


def award_event_entry(event, *, request=None):
    award = event.award
    return TimelineEntry(
        date=event.date,
        date_precision=event.date_precision,
        headline=event.timeline_headline,
        summary=event.note or award.summary,
        kind=MilestoneKind.RECOGNITION,
        kind_label=str(MilestoneKind.RECOGNITION.label),
        url=award.get_url(request),
        anchor=event.anchor,
        photo=award.lead_photo,
        score=event.score_display,
        source=event,
    )


def milestone_entry_factory(history_page, *, request=None):
    """``milestone_entry`` for the milestones of one history page, with what every entry shares
    worked out once: milestones are its children, so their URL is its URL and their slug."""
    base_url = history_page.get_url(request)
    kind_labels = {value: str(label) for value, label in MilestoneKind.choices}

    def entry(milestone):
        return milestone_entry(
            milestone, url=f"{base_url}{milestone.slug}/", kind_label=kind_labels.get(milestone.kind, milestone.kind)
        )

    return entry


def timeline_entries(history_page, *, request=None, kind=None):
    """Every entry of the timeline in date order; optionally only one kind.
    The renditions of every entry's photo are read in one query."""
    milestones = live_milestones(history_page)
    if kind:
        milestones = milestones.filter(kind=kind)
    entry_of = milestone_entry_factory(history_page, request=request)
    entries = [entry_of(milestone) for milestone in milestones]
    if shows_award_events(kind):
        entries += [award_event_entry(e, request=request) for e in live_award_events(history_page)]
    prefetch_picture_renditions([entry.photo for entry in entries])
    # Stable sort: same-date entries keep milestones first, then award events.
    return sorted(entries, key=lambda entry: entry.date)


def indexed_entries(history_page, rows, *, request=None):
    """The entries of these ``timeline_index`` rows, in their order: at most one query for the
    milestones, one for the award events and one for the photos' renditions (a rendition
    a photo still lacks is built here, once, before the entries are kept).

    The rows say which pages are live and public (the index is computed again after
    every publish, move, deletion or view restriction change), so the queries are
    plain lookups by primary key.
    """
    # pk__in=[] costs no query: a page without award events reads none.
    milestones = (
        MilestonePage.objects.filter(pk__in=[row.pk for row in rows if not row.is_award_event])
        .only(*TIMELINE_MILESTONE_FIELDS)
        .select_related("lead_photo")
    )
    events = (
        AwardEvent.objects.filter(pk__in=[row.pk for row in rows if row.is_award_event])
        .select_related("award", "award__lead_photo")
        .defer("award__body")
    )
    found = {(False, milestone.pk): milestone for milestone in milestones}
    found |= {(True, event.pk): event for event in events}
    entry_of = milestone_entry_factory(history_page, request=request)
    entries = []
    for row in rows:
        source = found.get((row.is_award_event, row.pk))
        if source is None:
            continue  # deleted since the index was made
        entries.append(award_event_entry(source, request=request) if row.is_award_event else entry_of(source))
    photos = [entry.photo for entry in entries]
    complete_picture_renditions(photos, share_photo=next((photo for photo in photos if photo), None))
    return entries


def shows_award_events(kind):
    """Award events are on the whole timeline and under "Awards and recognition"."""
    return not kind or kind == MilestoneKind.RECOGNITION


class IndexRow(NamedTuple):
    """One entry of the timeline, as far as pagination needs it."""

    date: object
    anchor: str
    is_award_event: bool
    pk: int


def timeline_index(history_page, kind=None):
    """An ``IndexRow`` for every entry, in timeline order: enough to split the timeline into
    pages, list its years and link to its latest entry without reading the entries (two
    small queries of a few columns, also at 1,000 milestones)."""
    milestones = public_pages(MilestonePage.objects.live().child_of(history_page)).order_by("date", "path")
    if kind:
        milestones = milestones.filter(kind=kind)
    index = [IndexRow(date, milestone_anchor(slug), False, pk) for pk, date, slug in milestones.values_list("pk", "date", "slug")]
    if shows_award_events(kind):
        events = public_award_events(history_page).values_list("pk", "date", "date_precision", "event_type", "award__slug")
        index += [
            IndexRow(date, award_event_anchor(award_slug, event_type, date, precision), True, pk)
            for pk, date, precision, event_type, award_slug in events
        ]
    # Stable sort, as timeline_entries: same-date entries keep milestones first.
    return sorted(index, key=lambda row: row.date)


@dataclass(frozen=True)
class TimelineYear:
    year: int
    entries: list

    @property
    def anchor(self):
        return f"year-{self.year}"


def group_by_year(entries):
    return [TimelineYear(year, list(items)) for year, items in groupby(entries, key=lambda e: e.date.year)]


def year_sizes(index):
    """``[(year, number of entries)]`` of a ``timeline_index``, in order."""
    return [(year, sum(1 for _ in rows)) for year, rows in groupby(index, key=lambda row: row.date.year)]


def parse_kind(value):
    """The kind a visitor asked for in ``?kind=``, or None for the whole timeline.

    Anything that is not a known kind (a typo, an old link, a 10 000-character
    string) shows the whole timeline rather than an error.
    """
    return value if isinstance(value, str) and value in MilestoneKind.values else None


@dataclass(frozen=True)
class KindFilter:
    """One choice of the "show only" filter above the timeline."""

    value: str
    label: str
    is_active: bool

    @property
    def query_string(self):
        return f"?{urlencode({'kind': self.value})}" if self.value else ""


def kind_filters(active_kind):
    """The filter choices: every kind, and "All" first. No database query."""
    choices = [KindFilter("", _("All"), not active_kind)]
    choices += [KindFilter(value, str(label), value == active_kind) for value, label in MilestoneKind.choices]
    return choices


# One rendition for the TimelineJS export: it is one of the specs the photo
# figure already uses (format-jpeg, width-960), so it is generated once and
# prefetched with the timeline, not made per request.
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
    """One TimelineJS slide. TimelineJS renders ``text`` as HTML, so everything is escaped."""
    more = _("Read more")
    text = f"<p>{escape(entry.summary)}</p>"
    if entry.score:
        text += "<p>" + escape(_("Overall score: %(score)s") % {"score": entry.score}) + "</p>"
    if entry.url:
        url = request.build_absolute_uri(entry.url) if request is not None else entry.url
        text += f'<p><a href="{escape(url)}">{escape(more)}</a></p>'
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
    """The whole timeline in TimelineJS3's JSON format, with a title slide.

    Only live, public pages: the same selectors as the HTML timeline.
    """
    entries = timeline_entries(history_page, request=request)
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


# A timeline page holds whole years and, unless one year alone has more, at most this
# many entries. The demo history (about a dozen entries) is one page; 1,000 milestones
# would be 1.9 MB of HTML on one page and seconds of rendering (see README, Performance).
TIMELINE_PAGE_SIZE = 50


@dataclass(frozen=True)
class YearLink:
    """One year in the "jump to a year" navigation, which lists every year on every page."""

    year: int
    href: str
    is_on_this_page: bool

    @property
    def anchor(self):
        return f"year-{self.year}"


@dataclass(frozen=True)
class TimelinePages:
    number: int
    count: int
    previous_href: str = ""
    next_href: str = ""
    first_year: int | None = None
    last_year: int | None = None

    @property
    def has_other_pages(self):
        return self.count > 1


def split_years(year_sizes, page_size=TIMELINE_PAGE_SIZE):
    """Whole years packed into pages of at most ``page_size`` entries (a bigger year gets a page to itself).

    Takes ``[(year, number of entries)]`` and gives a list of pages, each a list of years.
    """
    pages, current, size = [], [], 0
    for year, count in year_sizes:
        if current and size + count > page_size:
            pages.append(current)
            current, size = [], 0
        current.append(year)
        size += count
    if current or not pages:
        pages.append(current)
    return pages


def page_number(value, count):
    """The page asked for in ``?page=``; anything else (missing, "abc", 999) is the nearest page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), count)


def page_href(kind, number):
    """The query string of one timeline page: ``?kind=`` when filtered, ``?page=`` after the first.
    Nothing else a visitor's address carried: these links are rendered once for every visitor."""
    query = QueryDict(mutable=True)
    if kind:
        query["kind"] = kind
    if number > 1:
        query["page"] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def remembered_index(history_page, request=None, kind=None):
    """``timeline_index``, remembered until the next purge (previews read it afresh)."""
    return remember_unless_preview(
        request, f"timeline-index:{history_page.pk}:{kind or ''}", lambda: timeline_index(history_page, kind)
    )


def timeline_layout(history_page, request=None, kind=None):
    """The years on each page of the timeline, e.g. ``[[2006, 2007], [2008]]``: a small list,
    remembered until the next purge, that says which pages exist before anything is read."""
    return remember_unless_preview(
        request,
        f"timeline-layout:{history_page.pk}:{kind or ''}",
        lambda: split_years(year_sizes(remembered_index(history_page, request, kind))),
    )


def timeline_href(history_page, anchor, request=None):
    """The address of one entry on the whole timeline: the history page, ``?page=`` when the
    entry is on a later page of a long timeline, and the entry's anchor."""
    year = next((row.date.year for row in remembered_index(history_page, request) if row.anchor == anchor), None)
    layout = timeline_layout(history_page, request)
    number = next((number for number, years in enumerate(layout, start=1) if year in years), 1)
    return f"{history_page.get_url(request)}{page_href(None, number) if number > 1 else ''}#{anchor}"


class TimelinePage:
    """One page of the timeline (``?page=``, clamped to the pages there are; ``?kind=``): which
    index rows it shows, links to every year and to the latest entry, "earlier/later years",
    and its entries' markup.

    Only ``number`` is needed on every request (from the small remembered layout). The rest
    is worked out when the template first asks for it, and the history page's template keeps
    its parts with ``{% remembered %}`` per kind and page number, so that usually happens
    once after each purge. It reads the whole timeline's index (remembered too; previews
    read it afresh), not the entries: the same queries for 10 or 1,000 milestones.
    """

    def __init__(self, history_page, request, kind, requested_number):
        self.history_page, self.request, self.kind = history_page, request, kind
        self.layout = timeline_layout(history_page, request, kind)
        self.number = page_number(requested_number, len(self.layout))

    @cached_property
    def index(self):
        return remembered_index(self.history_page, self.request, self.kind)

    @property
    def shown_years(self):
        return self.layout[self.number - 1]

    @cached_property
    def rows(self):
        years = set(self.shown_years)
        return [row for row in self.index if row.date.year in years]

    @property
    def count(self):
        return len(self.index)

    def href_prefix(self, number):
        """Links within this page are bare anchors; links to other pages carry ?page= (and ?kind=)."""
        return "" if number == self.number else page_href(self.kind, number)

    @cached_property
    def year_nav(self):
        return [
            YearLink(year, f"{self.href_prefix(number)}#year-{year}", number == self.number)
            for number, years in enumerate(self.layout, start=1)
            for year in years
        ]

    @property
    def latest_entry_href(self):
        return f"{self.href_prefix(len(self.layout))}#{self.index[-1].anchor}" if self.index else ""

    @cached_property
    def pages(self):
        shown, number, count = self.shown_years, self.number, len(self.layout)
        return TimelinePages(
            number=number,
            count=count,
            previous_href=page_href(self.kind, number - 1) if number > 1 else "",
            next_href=page_href(self.kind, number + 1) if number < count else "",
            first_year=shown[0] if shown else None,
            last_year=shown[-1] if shown else None,
        )

    @cached_property
    def markup(self):
        """(HTML of the entries, the photo to share the page with)."""
        return self.history_page.timeline_markup(self.request, self.rows, self.kind, self.number)

    @property
    def html(self):
        return self.markup[0]

    @property
    def share_photo(self):
        return self.markup[1]

    @property
    def kind_filters(self):
        return kind_filters(self.kind)
