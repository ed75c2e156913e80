"""The "Our history" section: the timeline page, its milestones and its awards.

The queries that build the timeline live here, on the models and their
querysets; how the timeline is shown (pages of entries, year navigation) is
``history.timeline``, and its TimelineJS export ``history.timelinejs``.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Subquery, Value
from django.db.models.functions import Cast, LPad
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from history.api_fields import AwardAPIFields, HistoryIndexAPIFields, MilestoneAPIFields
from history.blocks import RICH_TEXT_FEATURES, BodyBlock
from history.cache_tags import add_cache_tags, children_tag, person_tag
from history.choices import AwardEventType, MilestoneKind
from history.dates import PreciseDateMixin, format_precise_date
from history.feeds import HistoryFeed
from history.json_output import inert_json
from history.models.snippets import Person
from history.renditions import PagePhotosMixin
from history.sitemaps import SitemapAlternatesMixin
from history.timeline import TimelineListing, award_event_anchor, milestone_anchor, page_query, parse_kind
from history.timelinejs import timelinejs_document
from history.view_restrictions import public_pages

# The timeline shows the whole summary; longer ones crowd it (the field allows 600 for the page itself).
TIMELINE_SUMMARY_LENGTH = 300


def date_panel(heading):
    """The four date fields, laid out the same way for milestones and award events."""
    return MultiFieldPanel(
        [
            FieldPanel("date_precision"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("month"), FieldPanel("day")]),
        ],
        heading=heading,
    )


def sub_route_taken(parent, slug):
    """Whether ``parent`` answers ``<slug>/`` itself (a routable page's own sub-route): a child
    with that slug could never be reached, since Wagtail tries the sub-routes first."""
    parent = parent.specific_deferred if parent is not None else None
    if not isinstance(parent, RoutablePageMixin) or not slug:
        return False
    try:
        parent.resolve_subpage(f"/{slug}/")
    except Http404:
        return False
    return True


def sub_route_error(slug):
    return ValidationError(
        _("“%(slug)s” is an address the history page uses itself. Choose another slug.") % {"slug": slug},
        code="slug_taken_by_sub_route",
    )


class HistoryChildPageForm(WagtailAdminPageForm):
    """The admin form of milestones and awards: refuses a slug the history page answers itself."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        if sub_route_taken(self.parent_page, slug):
            self.add_error("slug", sub_route_error(slug))
        return cleaned_data


class HistoryChildPageMixin:
    """What milestones and awards share as children of the history page."""

    base_form_class = HistoryChildPageForm

    def clean(self):
        super().clean()
        # Imports and code that add pages with add_child() come through here (Page.save
        # runs full_clean); a page not yet in the tree is checked by its admin form.
        if self.path and self.depth and sub_route_taken(self.get_parent(), self.slug):
            raise ValidationError({"slug": sub_route_error(self.slug)})


class TimelineIndexRow(NamedTuple):
    """One entry of the timeline, as far as paginating and linking to it need: no headline,
    summary or photo (``history.timeline`` reads those for the shown page only)."""

    date: object
    date_precision: str
    kind: str
    pk: int
    slug: str
    is_award_event: bool = False
    event_type: str = ""
    award_title: str = ""
    award_pk: int | None = None
    # In a preview: the unsaved milestone or award event this row shows (not read from the database).
    preview_source: object = None

    @property
    def anchor(self):
        if self.is_award_event:
            return award_event_anchor(self.slug, self.event_type, self.date, self.date_precision)
        return milestone_anchor(self.slug)


class TimelinePageQuerySet(PageQuerySet):
    def on_timeline_of(self, history_page):
        """Live, public children of one history page."""
        return public_pages(self.live().child_of(history_page))


class MilestonePageQuerySet(TimelinePageQuerySet):
    def on_timeline_of(self, history_page):
        """In timeline order: date, then tree position."""
        return super().on_timeline_of(history_page).order_by("date", "path")


class AwardEventQuerySet(models.QuerySet):
    def on_timeline_of(self, history_page):
        """Events of the live, public awards of one history page, in timeline order."""
        awards = AwardPage.objects.on_timeline_of(history_page)
        return self.filter(award__in=awards).order_by("date", "sort_order")


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
        milestone, its awards). The timeline page has read the whole index already; elsewhere (the
        home page) only the first founding milestone is read beside the award events, so the query
        does not grow with the number of milestones."""
        if "timeline_index" in self.__dict__:  # read already (cached_property keeps it in the instance)
            return self.timeline_index
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


class MilestonePage(MilestoneAPIFields, SitemapAlternatesMixin, HistoryChildPageMixin, PagePhotosMixin, PreciseDateMixin, Page):
    """One moment in the organisation's history; its title is the headline."""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("One or two sentences shown on the timeline. Aim for under 300 characters."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("full story"),
        help_text=_("The full text of the milestone page: paragraphs, captioned photos and quotes."),
    )
    lead_photo = models.ForeignKey(
        "history.CaptionedImage",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the timeline and at the top of the page, with its caption and credit."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=MilestoneKind.choices,
        default=MilestoneKind.ORGANISATION,
        help_text=_("Used to filter the timeline."),
    )
    people = ParentalManyToManyField(
        "history.Person",
        verbose_name=_("people involved"),
        blank=True,
        related_name="milestones",
        help_text=_("People who played a part, e.g. the founders."),
    )
    related_award = models.ForeignKey(
        "history.AwardPage",
        verbose_name=_("related award"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="related_milestones",
        help_text=_("Optional: the award or status this milestone is about."),
    )

    objects = PageManager.from_queryset(MilestonePageQuerySet)()

    content_panels = [
        # TitleFieldPanel, not FieldPanel: it fills the page address (slug) from the headline as you type.
        TitleFieldPanel("title", heading=_("Headline"), help_text=_("Short and specific, e.g. “Innovation Park opens”.")),
        date_panel(_("When did it happen?")),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("lead_photo"),
        FieldPanel("body"),
        FieldPanel("people"),
        FieldPanel("related_award"),
    ]
    # wagtail-localize leaves many-to-many fields out of translations unless told: the people
    # are the same in every language (their roles have a Norwegian field of their own).
    override_translatable_fields = [SynchronizedField("people")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]

    parent_page_types = ["history.HistoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    preview_modes = [("", _("Its own page")), ("timeline", _("On the timeline"))]

    @property
    def anchor(self):
        return milestone_anchor(self.slug)

    def serve_preview(self, request, mode_name):
        if mode_name == "timeline":
            row = TimelineIndexRow(self.date, self.date_precision, self.kind, self.pk, self.slug, preview_source=self)
            return self.get_parent().specific.serve_entry_preview(
                request, replaced=lambda r: not r.is_award_event and r.pk == self.pk, drafts=[row], shown=row
            )
        return super().serve_preview(request, mode_name)

    @property
    def timeline_href(self):
        """Back to this milestone's entry on the timeline, on whichever page of it the entry is."""
        return f"{self.get_parent().get_url()}?entry={self.anchor}"

    def editorial_warnings(self, *, check_photo=True):
        """What an editor should fix before this milestone is published; it can still be saved.

        ``check_photo=False`` skips looking at the lead photo's own details (one query), for listings.
        """
        warnings = []
        if not self.lead_photo_id:
            warnings.append(_("It has no lead photo: the timeline entry will show text only."))
        elif check_photo and (
            not (self.lead_photo.description or self.lead_photo.is_decorative) or not self.lead_photo.credit_name
        ):
            warnings.append(_("Its lead photo has no alt text or no credit: add them under Images."))
        if len(self.summary or "") > TIMELINE_SUMMARY_LENGTH:
            warnings.append(
                _("The summary has %(length)s characters; keep it under %(limit)s so the timeline stays readable.")
                % {"length": len(self.summary), "limit": TIMELINE_SUMMARY_LENGTH}
            )
        return warnings

    @property
    def share_photo(self):
        return self.lead_photo

    @cached_property
    def linked_pages(self):
        """What a milestone page links to, read in one query: the live, public milestones before and
        after it on the timeline (date, then tree position; a draft, or a preview with a new date,
        is placed by its own date) and its related award, in the milestone's language where the
        award has a translation in it. Base pages, each milestone with its ``display_date``."""
        wanted = Q()
        if self.date is not None and self.path:
            siblings = public_pages(MilestonePage.objects.live()).sibling_of(self, inclusive=False)
            earlier = siblings.filter(Q(date__lt=self.date) | Q(date=self.date, path__lt=self.path))
            later = siblings.filter(Q(date__gt=self.date) | Q(date=self.date, path__gt=self.path))
            wanted |= Q(pk__in=earlier.order_by("-date", "-path").values("pk")[:1])
            wanted |= Q(pk__in=later.order_by("date", "path").values("pk")[:1])
        if self.related_award_id:
            award_key = Page.objects.filter(pk=self.related_award_id).values("translation_key")
            wanted |= Q(pk=self.related_award_id) | Q(translation_key=Subquery(award_key), locale_id=self.locale_id)
        if not wanted:
            return LinkedPages()
        pages = list(
            Page.objects.live()
            .filter(wanted)
            .annotate(milestone_date=F("milestonepage__date"), milestone_precision=F("milestonepage__date_precision"))
        )
        milestones = sorted((page for page in pages if page.milestone_date is not None), key=lambda page: (page.milestone_date, page.path))
        for milestone in milestones:
            milestone.display_date = format_precise_date(milestone.milestone_date, milestone.milestone_precision)
        own_place = (self.date, self.path)
        awards = [page for page in pages if page.milestone_date is None]
        return LinkedPages(
            previous=next((m for m in reversed(milestones) if (m.milestone_date, m.path) < own_place), None),
            next=next((m for m in milestones if (m.milestone_date, m.path) > own_place), None),
            related_award=next((award for award in awards if award.locale_id == self.locale_id), awards[0] if awards else None),
        )

    def people_shown(self):
        """The people the page names (the template shows the published ones)."""
        people = list(self.people.all())
        add_cache_tags(*(person_tag(person) for person in people))
        return people

    @property
    def previous_milestone(self):
        return self.linked_pages.previous

    @property
    def next_milestone(self):
        return self.linked_pages.next


@dataclass(frozen=True)
class LinkedPages:
    previous: Page | None = None
    next: Page | None = None
    related_award: Page | None = None


class AwardPage(AwardAPIFields, SitemapAlternatesMixin, HistoryChildPageMixin, PagePhotosMixin, Page):
    """An award, certificate or status; its events appear on the timeline by themselves."""

    awarding_body = models.CharField(
        _("awarded by"),
        max_length=255,
        help_text=_("The organisation that gives it, e.g. “European Cluster Excellence Initiative (ECEI)”."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("One or two sentences on what the award is and why it matters."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("full story"),
        help_text=_("Optional longer text on the award page: paragraphs, captioned photos and quotes."),
    )
    lead_photo = models.ForeignKey(
        "history.CaptionedImage",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside every event of this award on the timeline, with its caption and credit."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("Optional link to the awarding body."))

    content_panels = [
        TitleFieldPanel("title", heading=_("Name of the award or status")),
        FieldPanel("awarding_body"),
        FieldPanel("summary"),
        InlinePanel(
            "events",
            heading=_("Events"),
            label=_("Event"),
            min_num=1,
            help_text=_("Each time it was awarded, renewed or granted. Every event appears on the timeline."),
        ),
        FieldPanel("lead_photo"),
        FieldPanel("body"),
        FieldPanel("website"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("awarding_body"),
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    objects = PageManager.from_queryset(TimelinePageQuerySet)()

    parent_page_types = ["history.HistoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    preview_modes = [("", _("Its own page")), ("timeline", _("Its events on the timeline"))]

    @property
    def share_photo(self):
        return self.lead_photo

    def serve_preview(self, request, mode_name):
        events = self.events_in_order
        if mode_name == "timeline" and events:
            rows = [
                TimelineIndexRow(event.date, event.date_precision, MilestoneKind.RECOGNITION, event.pk, self.slug, True,
                                 event.event_type, self.title, self.pk, preview_source=event)
                for event in events
            ]
            return self.get_parent().specific.serve_entry_preview(
                request, replaced=lambda r: r.is_award_event and r.award_pk == self.pk, drafts=rows, shown=rows[-1]
            )
        return super().serve_preview(request, mode_name)

    @cached_property
    def events_in_order(self):
        return sorted(self.events.all(), key=lambda event: (event.date, event.sort_order or 0))


class AwardEvent(TranslatableMixin, PreciseDateMixin, Orderable):
    """When an award was given or renewed, with the score if there was one.

    Translatable (wagtail-localize translates its headline and note with its award),
    so each language's award page has its own events."""

    award = ParentalKey(AwardPage, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(
        _("what happened"),
        max_length=20,
        choices=AwardEventType.choices,
        default=AwardEventType.AWARDED,
        help_text=_("Awarded the first time, renewed later, or a status granted."),
    )
    headline = models.CharField(
        _("headline on the timeline"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Leave empty for “Awarded: <award name>”."),
    )
    score = models.DecimalField(
        _("score (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("A score cannot be below 0%%.")),
            MaxValueValidator(100, message=_("A score cannot be above 100%%.")),
        ],
        help_text=_("Optional overall score as a percentage from 0 to 100, e.g. 94."),
    )
    note = models.TextField(
        _("note"),
        max_length=600,
        blank=True,
        help_text=_("Optional sentence shown on the timeline, e.g. “The highest recognition a European cluster can achieve.”"),
    )

    objects = AwardEventQuerySet.as_manager()

    panels = [
        FieldPanel("event_type"),
        date_panel(_("When?")),
        FieldPanel("headline"),
        FieldPanel("score"),
        FieldPanel("note"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("award event")
        verbose_name_plural = _("award events")

    def __str__(self):
        return f"{self.timeline_headline} ({self.display_date})"

    @property
    def timeline_headline(self):
        if self.headline:
            return self.headline
        return f"{self.get_event_type_display()}: {self.award.title}"

    @property
    def score_display(self):
        """The score as the active language writes it: “94.5%” in English, “94,5 %” in Norwegian."""
        if self.score is None:
            return ""
        # Translators: an overall score in percent. Norwegian puts a no-break space before the % sign.
        return _("%(score)s%%") % {"score": formats.number_format(self.score.normalize())}

    @property
    def anchor(self):
        return award_event_anchor(self.award.slug, self.event_type, self.date, self.date_precision)
