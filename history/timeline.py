"""Selectors that build the timeline: milestones and award events, in date order.

Award events are not pages of their own: they live inline on their award and
appear here by themselves, so nobody types them twice.
"""

from dataclasses import dataclass, field
from itertools import groupby

from history.dates import format_precise_date, iso_precise_date
from history.models import AwardEvent, AwardPage, CaptionedImage, MilestoneKind, MilestonePage
from history.renditions import prefetch_picture_renditions
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
        .defer("body")
        .select_related("lead_photo")
        .order_by("date", "path")
    )


def live_award_events(history_page):
    """Events of the published, public awards of one history page."""
    awards = public_pages(AwardPage.objects.live().child_of(history_page))
    return (
        AwardEvent.objects.filter(award__in=awards)
        .select_related("award", "award__lead_photo")
        .defer("award__body")
        .order_by("date", "sort_order")
    )


def milestone_entry(milestone, *, request=None):
    return TimelineEntry(
        date=milestone.date,
        date_precision=milestone.date_precision,
        headline=milestone.title,
        summary=milestone.summary,
        kind=milestone.kind,
        kind_label=milestone.get_kind_display(),
        url=milestone.get_url(request),
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


def timeline_entries(history_page, *, request=None, kind=None):
    """Every entry of the timeline in date order; optionally only one kind."""
    milestones = live_milestones(history_page)
    if kind:
        milestones = milestones.filter(kind=kind)
    entries = [milestone_entry(m, request=request) for m in milestones]
    if not kind or kind == MilestoneKind.RECOGNITION:
        entries += [award_event_entry(e, request=request) for e in live_award_events(history_page)]
    # One query for the renditions of every photo on the timeline.
    prefetch_picture_renditions([entry.photo for entry in entries])
    # Stable sort: same-date entries keep milestones first, then award events.
    return sorted(entries, key=lambda entry: entry.date)


@dataclass(frozen=True)
class TimelineYear:
    year: int
    entries: list

    @property
    def anchor(self):
        return f"year-{self.year}"


def group_by_year(entries):
    return [TimelineYear(year, list(items)) for year, items in groupby(entries, key=lambda e: e.date.year)]
