"""The "Our history" section: the timeline page, its milestones and its awards."""


from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from history.blocks import RICH_TEXT_FEATURES, BodyBlock
from history.dates import PreciseDateMixin, iso_precise_date
from occ_site.privacy import public_pages

# The timeline shows the whole summary; longer ones crowd it (the field allows 600 for the page itself).
TIMELINE_SUMMARY_LENGTH = 300


class MilestoneKind(models.TextChoices):
    FOUNDING = "founding", _("Founding")
    ORGANISATION = "organisation", _("Organisation")
    RECOGNITION = "recognition", _("Awards and recognition")
    BUILDING = "building", _("Buildings")
    OTHER = "other", _("Other")


def milestone_anchor(slug):
    """The id of a milestone's entry on the timeline (links from elsewhere point here)."""
    return f"event-{slug}"


def award_event_anchor(award_slug, event_type, date, date_precision):
    """The id of an award event's entry on the timeline: the award, what happened, when."""
    return f"event-{award_slug}-{event_type}-{iso_precise_date(date, date_precision)}".replace("_", "-")


def date_panel(heading):
    """The four date fields, laid out the same way for milestones and award events."""
    return MultiFieldPanel(
        [
            FieldPanel("date_precision"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("month"), FieldPanel("day")]),
        ],
        heading=heading,
    )


class HistoryIndexPage(RoutablePageMixin, Page):
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

    def get_context(self, request, *args, **kwargs):
        from history.timeline import TimelinePage, parse_kind

        context = super().get_context(request, *args, **kwargs)
        active_kind = parse_kind(request.GET.get("kind"))
        timeline = TimelinePage(self, request, active_kind, request.GET.get("page"))
        context["active_kind"] = active_kind
        context["active_kind_label"] = MilestoneKind(active_kind).label if active_kind else ""
        # The template keeps its parts per kind and page number (templates/page.html): anything
        # else in the address (?page=abc, ?utm_source=) shows the same page.
        context["page_variant"] = f"{active_kind or ''}:{timeline.number}"
        context["timeline"] = timeline
        context["timeline_json_url"] = lambda: self.get_timeline_json_url(request)
        context["interactive_timeline_url"] = lambda: self.get_interactive_timeline_url(request)
        return context

    def timeline_markup(self, request, rows, kind, number):
        """The entries of one timeline page as HTML, with the photo to share the page with.

        Rendered once after each publish and remembered (occ_site.pagecache): with 50
        photos, each a <picture> of nine renditions, this is most of the page's work.
        The markup holds links (they depend on the site, so on the host) and
        translated labels. Previews render it afresh.
        """
        from history.timeline import group_by_year, indexed_entries
        from occ_site.pagecache import remember_unless_preview

        def render():
            entries = indexed_entries(self, rows, request=request)
            html = render_to_string(
                "history/includes/timeline_entries.html", {"timeline_years": group_by_year(entries)}, request=request
            )
            return html, next((entry.photo for entry in entries if entry.photo), None)

        key = f"timeline-entries:{self.pk}:{kind or ''}:{number}:{request.get_host()}:{get_language()}"
        return remember_unless_preview(request, key, render)

    @path("timeline.json/", name="timeline_json")
    def timeline_json(self, request):
        """The timeline for TimelineJS3 and other machines: live, public entries only."""
        from history.structured_data import inert_json
        from history.timeline import timelinejs_document

        response = HttpResponse(inert_json(timelinejs_document(self, request=request)), content_type="application/json")
        response["Access-Control-Allow-Origin"] = "*"  # public data, meant to be embedded elsewhere
        return response

    @path("interactive-timeline/", name="interactive_timeline")
    def interactive_timeline(self, request):
        return self.render(request, template="history/interactive_timeline.html")

    def get_timeline_json_url(self, request=None):
        return self.get_url(request) + "timeline.json"

    def get_interactive_timeline_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("interactive_timeline")


class MilestonePage(PreciseDateMixin, Page):
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

    @classmethod
    def serving_queryset(cls):
        """What the milestone template shows, read with the page (see occ_site.routing)."""
        return cls.objects.select_related("lead_photo", "related_award").prefetch_related("people")

    @property
    def anchor(self):
        return milestone_anchor(self.slug)

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

    def get_context(self, request, *args, **kwargs):
        from history.timeline import timeline_href

        context = super().get_context(request, *args, **kwargs)
        # On a long timeline this milestone may sit on a later page. A callable, so that it is
        # worked out only when the page's content is rendered (once per purge, page.html).
        context["timeline_href"] = lambda: timeline_href(self.get_parent(), self.anchor, request)
        return context

    def _live_siblings(self):
        return public_pages(MilestonePage.objects.live()).sibling_of(self, inclusive=False)

    def _find_neighbours(self):
        earlier = Q(date__lt=self.date) | Q(date=self.date, path__lt=self.path)
        later = Q(date__gt=self.date) | Q(date=self.date, path__gt=self.path)
        return (
            self._live_siblings().filter(earlier).order_by("-date", "-path").first(),
            self._live_siblings().filter(later).order_by("date", "path").first(),
        )

    @cached_property
    def _neighbours(self):
        """The milestones before and after this one on the timeline (same order: date, then tree path).

        Found in the timeline's index (remembered until the next publish, move or delete;
        shared with the history page), then both read in one query. A page the index
        does not hold at this date (a draft, a preview with a new date, a restricted
        page) looks them up.
        """
        from history.timeline import remembered_index

        parent = self.get_parent() if self.pk else None
        rows = [row for row in remembered_index(parent) if not row.is_award_event] if parent else []
        position = next((n for n, row in enumerate(rows) if row.pk == self.pk and row.date == self.date), None)
        if position is None:
            return self._find_neighbours()
        wanted = (rows[position - 1].pk if position else None, rows[position + 1].pk if position + 1 < len(rows) else None)
        found = MilestonePage.objects.in_bulk([pk for pk in wanted if pk])
        return tuple(found.get(pk) for pk in wanted)

    @property
    def previous_milestone(self):
        return self._neighbours[0]

    @property
    def next_milestone(self):
        return self._neighbours[1]


class AwardPage(Page):
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

    parent_page_types = ["history.HistoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    @property
    def share_photo(self):
        return self.lead_photo

    @classmethod
    def serving_queryset(cls):
        """What the award template shows, read with the page (see occ_site.routing)."""
        return cls.objects.select_related("lead_photo").prefetch_related("events")

    @cached_property
    def events_in_order(self):
        return sorted(self.events.all(), key=lambda event: (event.date, event.sort_order or 0))


class AwardEventType(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    RENEWED = "renewed", _("Renewed")
    STATUS_GRANTED = "status_granted", _("Status granted")


class AwardEvent(PreciseDateMixin, Orderable):
    """When an award was given or renewed, with the score if there was one."""

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

    panels = [
        FieldPanel("event_type"),
        date_panel(_("When?")),
        FieldPanel("headline"),
        FieldPanel("score"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
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
        if self.score is None:
            return ""
        return f"{self.score.normalize():f}%"

    @property
    def anchor(self):
        return award_event_anchor(self.award.slug, self.event_type, self.date, self.date_precision)
