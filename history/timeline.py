"""How the timeline is shown: entries, pages of at most 50 of them, year navigation, filters.

Award events are not pages of their own: they live inline on their award and
appear here by themselves, so nobody types them twice. The queries come from
the history page (``HistoryIndexPage.timeline_milestones``,
``timeline_award_events`` and, for the rows of its index, ``timeline_index_sources``);
this module only reads what they give.

A long timeline is split into pages of ``TIMELINE_PAGE_SIZE`` entries,
wherever the entries fall: a year with more entries than a page spans several
pages, and its heading says "(continued)" after the first. The split comes
from the history page's small index of every entry
(``HistoryIndexPage.timeline_index``), and only the shown page's entries are
read in full.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.cache_tags import add_cache_tags, children_tag
from core.renditions import PREFETCHED_FILTER_SPECS, prefetch_picture_renditions
from history.choices import MilestoneKind
from history.dates import PreciseDatePresentation, iso_precise_date

TIMELINE_PAGE_SIZE = 50

# What a timeline entry shows of a milestone: with 1,000 milestones, reading only
# these (not the full story or Wagtail's two dozen page fields) halves the time.
TIMELINE_MILESTONE_FIELDS = (
    "title", "slug", "path", "depth", "url_path", "live", "date", "date_precision", "kind", "summary", "lead_photo",
)


def milestone_anchor(slug):
    """The id of a milestone's entry on the timeline (links from elsewhere point here)."""
    return f"event-{slug}"


def award_event_anchor(award_slug, event_type, date, date_precision):
    """The id of an award event's entry on the timeline: the award, what happened, when."""
    return f"event-{award_slug}-{event_type}-{iso_precise_date(date, date_precision)}".replace("_", "-")


def parse_kind(value):
    """The kind a visitor asked for in ``?kind=``, or None for the whole timeline.

    Anything that is not a known kind (a typo, an old link, a 10 000-character
    string) shows the whole timeline rather than an error.
    """
    return value if isinstance(value, str) and value in MilestoneKind.values else None


def shows_award_events(kind):
    """Award events are on the whole timeline and under "Awards and recognition"."""
    return not kind or kind == MilestoneKind.RECOGNITION


@dataclass(frozen=True)
class TimelineEntry(PreciseDatePresentation):
    """One row of the timeline, whatever it came from."""

    date: object
    date_precision: str
    headline: str
    summary: str
    kind: str
    kind_label: str
    url: str
    anchor: str
    is_award_event: bool = False
    photo: object = None
    score: str = ""
    source: object = field(default=None, compare=False, repr=False)


class EntryMaker:
    """Makes the entries of one history page, with what they share worked out once: milestones
    and awards are its children, so their address is its address and their slug."""

    def __init__(self, history_page, request=None):
        # Entries list the page's children: the response shows its listing (core.cache_tags).
        add_cache_tags(children_tag(history_page))
        self.base_url = history_page.get_url(request)
        self.kind_labels = {value: str(label) for value, label in MilestoneKind.choices}

    def milestone(self, milestone):
        return TimelineEntry(
            date=milestone.date,
            date_precision=milestone.date_precision,
            headline=milestone.title,
            summary=milestone.summary,
            kind=milestone.kind,
            kind_label=self.kind_labels.get(milestone.kind, milestone.kind),
            url=f"{self.base_url}{milestone.slug}/",
            anchor=milestone_anchor(milestone.slug),
            photo=milestone.lead_photo,
            source=milestone,
        )

    def award_event(self, event):
        award = event.award
        return TimelineEntry(
            date=event.date,
            date_precision=event.date_precision,
            headline=event.timeline_headline,
            summary=event.note or award.summary,
            kind=MilestoneKind.RECOGNITION,
            kind_label=self.kind_labels[MilestoneKind.RECOGNITION],
            url=f"{self.base_url}{award.slug}/",
            anchor=award_event_anchor(award.slug, event.event_type, event.date, event.date_precision),
            is_award_event=True,
            photo=award.lead_photo,
            score=event.score_display,
            source=event,
        )


def milestones_for_entries(milestones):
    return milestones.only(*TIMELINE_MILESTONE_FIELDS).select_related("lead_photo")


def award_events_for_entries(events):
    return events.select_related("award", "award__lead_photo").defer("award__body")


def timeline_entries(history_page, *, request=None, kind=None, rendition_specs=PREFETCHED_FILTER_SPECS):
    """Every entry of the timeline in date order; optionally only one kind.
    Three queries: milestones, award events, and the renditions (``rendition_specs``) of every entry's photo."""
    make = EntryMaker(history_page, request)
    milestones = milestones_for_entries(history_page.timeline_milestones())
    if kind:
        milestones = milestones.filter(kind=kind)
    entries = [make.milestone(milestone) for milestone in milestones]
    if shows_award_events(kind):
        entries += [make.award_event(event) for event in award_events_for_entries(history_page.timeline_award_events())]
    prefetch_picture_renditions([entry.photo for entry in entries], rendition_specs)
    # Stable sort: same-date entries keep milestones first, then award events.
    return sorted(entries, key=lambda entry: entry.date)


def rows_of_kind(index, kind):
    return [row for row in index if row.kind == kind] if kind else index


def entries_of_rows(history_page, rows, *, request=None):
    """The entries of these rows of ``HistoryIndexPage.timeline_index``, in their order: one query
    for the milestones, one for the award events and one for the renditions of their photos."""
    make = EntryMaker(history_page, request)
    milestones, events = history_page.timeline_index_sources([row for row in rows if row.preview_source is None])
    milestones, events = milestones_for_entries(milestones), award_events_for_entries(events)
    found = {(False, milestone.pk): make.milestone(milestone) for milestone in milestones}
    found |= {(True, event.pk): make.award_event(event) for event in events}
    entries = []
    for row in rows:
        if row.preview_source is not None:
            entries.append((make.award_event if row.is_award_event else make.milestone)(row.preview_source))
        elif (row.is_award_event, row.pk) in found:
            entries.append(found[(row.is_award_event, row.pk)])
    prefetch_picture_renditions([entry.photo for entry in entries])
    return entries


def page_query(kind, number):
    """The query string of one timeline page: ``?kind=`` when filtered, ``?page=`` after the first."""
    query = QueryDict(mutable=True)
    if kind:
        query["kind"] = kind
    if number > 1:
        query["page"] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


@dataclass(frozen=True)
class TimelineYear:
    """The entries of one year on one timeline page; ``continued`` when the year began on an earlier page."""

    year: int
    entries: list
    continued: bool = False

    @property
    def anchor(self):
        return f"year-{self.year}"


@dataclass(frozen=True)
class YearLink:
    """One year in the "jump to a year" navigation, which lists every year on every page and
    leads to the page where the year begins."""

    year: int
    href: str
    is_on_this_page: bool


@dataclass(frozen=True)
class KindFilter:
    """One choice of the "show only" filter above the timeline."""

    value: str
    label: str
    is_active: bool

    @property
    def query_string(self):
        return page_query(self.value, 1)


def kind_filters(active_kind):
    """The filter choices: every kind, and "All" first. No database query."""
    choices = [KindFilter("", _("All"), not active_kind)]
    choices += [KindFilter(value, label, value == active_kind) for value, label in MilestoneKind.choices]
    return choices


class TimelineListing:
    """What one request to the history page lists: the entries of one page of the timeline
    (``?page=``, any value gives an existing page; ``?kind=``), its years, the year
    navigation, "earlier/later entries" and the filters.

    The same queries whatever the timeline's length: the index (two queries), then the
    shown page's milestones, award events and photo renditions.
    """

    def __init__(self, history_page, *, kind=None, requested_page=None, request=None, index=None):
        self.history_page = history_page
        self.kind = kind
        self.request = request
        self.index = rows_of_kind(history_page.timeline_index if index is None else index, kind)
        self.paginator = Paginator(self.index, TIMELINE_PAGE_SIZE)
        self.page = self.paginator.get_page(requested_page)
        self.shown_rows = None

    @classmethod
    def around_entry(cls, history_page, index, row, *, request=None, neighbours=2):
        """An editor's preview: the entry ``row`` of ``index`` with up to ``neighbours`` entries on each
        side, on the page of the timeline where it would be."""
        position = index.index(row)
        listing = cls(history_page, index=index, requested_page=position // TIMELINE_PAGE_SIZE + 1, request=request)
        listing.shown_rows = index[max(position - neighbours, 0) : position + neighbours + 1]
        return listing

    @property
    def number(self):
        return self.page.number

    @property
    def count(self):
        return len(self.index)

    @property
    def rows(self):
        return list(self.page.object_list) if self.shown_rows is None else self.shown_rows

    def href(self, number, anchor=""):
        """A link to one page of this (filtered) timeline: a bare anchor on the page itself."""
        fragment = f"#{anchor}" if anchor else ""
        if number == self.number:
            return fragment or "#"
        return (page_query(self.kind, number) or self.history_page.get_url(self.request)) + fragment

    @cached_property
    def entries(self):
        return entries_of_rows(self.history_page, self.rows, request=self.request)

    @cached_property
    def years(self):
        # The position of the first shown entry in the index, and the year of the entry before it.
        if self.shown_rows is None:
            first_index = self.page.start_index() - 1
        else:
            first_index = self.index.index(self.shown_rows[0]) if self.shown_rows else 0
        continued_year = self.index[first_index - 1].date.year if first_index > 0 else None
        return [
            TimelineYear(year, list(entries), continued=year == continued_year)
            for year, entries in groupby(self.entries, key=lambda entry: entry.date.year)
        ]

    @cached_property
    def year_nav(self):
        first_page_of_year = {}
        for position, row in enumerate(self.index):
            first_page_of_year.setdefault(row.date.year, position // TIMELINE_PAGE_SIZE + 1)
        shown = {entry.date.year for entry in self.entries}
        return [
            YearLink(year, self.href(number, f"year-{year}"), year in shown)
            for year, number in first_page_of_year.items()
        ]

    @property
    def latest_entry_href(self):
        return self.href(self.paginator.num_pages, self.index[-1].anchor) if self.index else ""

    @property
    def previous_href(self):
        return self.href(self.number - 1) if self.page.has_previous() else ""

    @property
    def next_href(self):
        return self.href(self.number + 1) if self.page.has_next() else ""

    @property
    def first_year(self):
        return self.rows[0].date.year if self.rows else None

    @property
    def last_year(self):
        return self.rows[-1].date.year if self.rows else None

    @property
    def kind_filters(self):
        return kind_filters(self.kind)

    @property
    def share_photo(self):
        """The photo a link preview of this page shows: the first entry's that has one."""
        return next((entry.photo for entry in self.entries if entry.photo), None)

    @classmethod
    def href_of_entry(cls, history_page, anchor, *, request=None):
        """The address of the timeline page that holds the entry ``anchor``, with the anchor."""
        base = history_page.get_url(request)
        index = history_page.timeline_index
        position = next((n for n, row in enumerate(index) if row.anchor == anchor), None)
        if position is None:
            return base
        return f"{base}{page_query(None, position // TIMELINE_PAGE_SIZE + 1)}#{anchor}"

    @classmethod
    def variant_queries(cls, history_page):
        """The query strings of every filtered and paginated address of the timeline."""
        index = history_page.timeline_index
        queries = []
        for kind in ["", *MilestoneKind.values]:
            pages = Paginator(rows_of_kind(index, kind), TIMELINE_PAGE_SIZE).num_pages
            queries += [page_query(kind, number) for number in range(1, pages + 1)]
        return [query for query in queries if query]
