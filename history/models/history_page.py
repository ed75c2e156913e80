"""The "Our history" page: the timeline of its milestones and award events.

The queries that build the timeline live here, on the models and their
querysets; how the timeline is shown (pages of entries, year navigation) is
``history.timeline``, and its TimelineJS export ``history.timelinejs``.
"""

from django.db import models
from django.db.models import F, Subquery, Value
from django.db.models.functions import Cast, LPad
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.cache_tags import add_cache_tags, children_tag, person_tag
from core.json_output import inert_json
from core.sitemaps import SitemapAlternatesMixin
from history.api_fields import HistoryIndexAPIFields
from history.blocks import RICH_TEXT_FEATURES
from history.choices import MilestoneKind
from history.feeds import HistoryFeed
from history.models.awards import AwardEvent
from history.models.base import TimelineIndexRow
from history.models.milestones import MilestonePage
from history.models.snippets import Person
from history.timeline import TimelineListing, page_query, parse_kind
from history.timelinejs import timelinejs_document


class HistoryIndexPage(HistoryIndexAPIFields, SitemapAlternatesMixin, RoutablePageMixin, Page):
    """“Our history”: an introduction, then the timeline of milestones and award events.

    Besides the page itself it answers ``timeline.json`` (the timeline in
    TimelineJS3's format; ``occ_site.urls`` maps the dotted name here, since
    Wagtail's page URLs allow no dots) and ``interactive-timeline/`` (the same
    data shown by TimelineJS, an optional extra view).
    """

    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("A short opening paragraph shown above the timeline."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["occ_site.HomePage"]
    subpage_types = ["history.MilestonePage", "history.AwardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("history page")

    # Selectors for the timeline (history.timeline, history.timelinejs, structured data).

    def timeline_milestones(self):
        return MilestonePage.objects.on_timeline_of(self)

    def timeline_award_events(self):
        return AwardEvent.objects.on_timeline_of(self)

    def timeline_index_sources(self, rows):
        """The milestones and the award events behind these rows of ``timeline_index``, by primary key
        alone: the index has chosen the live, public ones already, so its rows are not filtered again."""
        return (
            MilestonePage.objects.filter(pk__in=[row.pk for row in rows if not row.is_award_event]),
            AwardEvent.objects.filter(pk__in=[row.pk for row in rows if row.is_award_event]),
        )

    @cached_property
    def timeline_index(self):
        """A ``TimelineIndexRow`` for every entry, in timeline order (date; on the same date
        milestones first, in tree order, then award events): one query of a few columns, also
        at 1,000 milestones (the milestones' and the award events' rows, as a UNION)."""
        return self.index_rows(self.timeline_milestones())

    def index_rows(self, milestones):
        """``TimelineIndexRow``s of these milestones (a selection of ``timeline_milestones()``) and of
        every award event on the timeline, in timeline order, from one query."""
        milestones = (
            milestones.order_by()
            .annotate(
                is_award_event=Value(False),
                no_event_type=Value(""),
                no_award_title=Value(""),
                no_award_pk=Value(None, output_field=models.BigIntegerField()),
                same_date_order=F("path"),
            )
            .values_list("date", "date_precision", "kind", "pk", "slug", "is_award_event", "no_event_type",
                         "no_award_title", "no_award_pk", "same_date_order")
        )
        events = (
            self.timeline_award_events()
            .order_by()
            .annotate(
                recognition=Value(MilestoneKind.RECOGNITION.value),
                is_award_event=Value(True),
                same_date_order=LPad(Cast("sort_order", models.CharField()), 10, Value("0")),
            )
            .values_list("date", "date_precision", "recognition", "pk", "award__slug", "is_award_event", "event_type",
                         "award__title", "award_id", "same_date_order")
        )
        rows = sorted(milestones.union(events, all=True), key=lambda row: (row[0], row[5], row[9] or ""))
        return [TimelineIndexRow(*row[:9]) for row in rows]

    @cached_property
    def organisation_rows(self):
        """The rows of the index that the organisation's structured data reads (its founding
        milestone, its awards): the first founding milestone beside the award events, so the query
        does not grow with the number of milestones, on the timeline page as on the home page."""
        first_founding = self.timeline_milestones().filter(kind=MilestoneKind.FOUNDING).values("pk")[:1]
        return self.index_rows(self.timeline_milestones().filter(pk=Subquery(first_founding)))

    @property
    def founding_entry(self):
        """The first milestone of the kind “founding” on the timeline, if any."""
        return next((row for row in self.organisation_rows if row.kind == MilestoneKind.FOUNDING and not row.is_award_event), None)

    def founders(self):
        """The published people of the founding milestone."""
        founding = self.founding_entry
        if founding is None:
            return []
        founders = list(Person.objects.filter(milestones=founding.pk, live=True).order_by("name"))
        add_cache_tags(*(person_tag(person) for person in founders))
        return founders

    def award_titles(self):
        """The awards on the timeline, in the order they were first received."""
        titles = [row.award_title for row in self.organisation_rows if row.is_award_event]
        return list(dict.fromkeys(titles))

    # Routes

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The timeline; ``?entry=<anchor>`` leads to the timeline page that holds that entry.

        Milestone pages link back to their entry this way, so a milestone page does not
        change when entries before it move the page boundaries of a long timeline. The
        redirect depends on every entry, so no cache keeps it.
        """
        anchor = request.GET.get("entry")
        if anchor is not None and not getattr(request, "is_preview", False):
            response = HttpResponseRedirect(TimelineListing.href_of_entry(self, anchor, request=request))
            add_never_cache_headers(response)
            return response
        return super().index_route(request, *args, **kwargs)

    def get_context(self, request, *args, timeline=None, **kwargs):
        """``timeline`` replaces the requested page of the timeline (an editor's preview of an entry)."""
        context = super().get_context(request, *args, **kwargs)
        add_cache_tags(children_tag(self))
        active_kind = parse_kind(request.GET.get("kind")) if timeline is None else None
        if timeline is None:
            timeline = TimelineListing(self, kind=active_kind, requested_page=request.GET.get("page"), request=request)
        context["active_kind"] = active_kind
        context["active_kind_label"] = MilestoneKind(active_kind).label if active_kind else ""
        context["timeline"] = timeline
        context["share_photo"] = timeline.share_photo
        # Filtered views point search engines to the whole timeline; its later pages to themselves.
        context["canonical_url"] = self.get_url(request) + page_query(None, 1 if active_kind else timeline.number)
        context["timeline_json_url"] = self.get_timeline_json_url(request)
        context["interactive_timeline_url"] = self.get_interactive_timeline_url(request)
        return context

    @path("timeline.json/", name="timeline_json")
    def timeline_json(self, request):
        """The timeline for TimelineJS3 and other machines: live, public entries only."""
        add_cache_tags(children_tag(self))
        response = HttpResponse(inert_json(timelinejs_document(self, request=request)), content_type="application/json")
        response["Access-Control-Allow-Origin"] = "*"  # public data, meant to be embedded elsewhere
        return response

    @path("feed.atom/", name="feed")
    def feed(self, request):
        """The latest milestones and award events as an Atom feed (history.feeds)."""
        return HistoryFeed()(request, history_page=self)

    @path("interactive-timeline/", name="interactive_timeline")
    def interactive_timeline(self, request):
        return self.render(request, template="history/interactive_timeline.html")

    def serve_entry_preview(self, request, *, replaced, drafts, shown):
        """The timeline as it would be with the ``drafts`` rows in place of the ``replaced`` ones:
        the entry ``shown`` among its neighbours, with the public template. Nothing is saved."""
        index = [row for row in self.timeline_index if not replaced(row)] + list(drafts)
        index.sort(key=lambda row: row.date)
        timeline = TimelineListing.around_entry(self, index, shown, request=request)
        return TemplateResponse(request, self.get_template(request), self.get_context(request, timeline=timeline))

    def get_timeline_json_url(self, request=None):
        return self.get_url(request) + "timeline.json"

    def get_feed_url(self, request=None):
        return self.get_url(request) + "feed.atom"

    def get_interactive_timeline_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("interactive_timeline")

    def get_cached_paths(self):
        """Every address of this page a front cache may hold (wagtail.contrib.frontend_cache).

        Varnish drops every query-string variant of a path it is told to purge; a CDN that
        keys on the whole address needs the filtered and paginated variants listed.
        """
        return ["/", "timeline.json", "feed.atom", self.reverse_subpage("interactive_timeline"), *TimelineListing.variant_queries(self)]
