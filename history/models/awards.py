"""Awards: an award, certificate or status, and its events (given, renewed), which appear on the
timeline by themselves."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, TitleFieldPanel
from wagtail.models import Orderable, PageManager, TranslatableMixin
from wagtail.search import index

from history.api_fields import AwardAPIFields
from history.choices import AwardEventType, MilestoneKind
from history.dates import PreciseDateMixin
from history.models.base import HistoryChildPage, TimelineIndexRow, TimelinePageQuerySet, date_panel
from history.timeline import award_event_anchor


class AwardEventQuerySet(models.QuerySet):
    def on_timeline_of(self, history_page):
        """Events of the live, public awards of one history page, in timeline order."""
        awards = AwardPage.objects.on_timeline_of(history_page)
        return self.filter(award__in=awards).order_by("date", "sort_order")


class AwardPage(AwardAPIFields, HistoryChildPage):
    """An award, certificate or status; its events appear on the timeline by themselves."""

    story_help_texts = {
        "summary": _("One or two sentences on what the award is and why it matters."),
        "body": _("Optional longer text on the award page: paragraphs, captioned photos and quotes."),
        "lead_photo": _("Shown beside every event of this award on the timeline, with its caption and credit."),
    }

    awarding_body = models.CharField(
        _("awarded by"),
        max_length=255,
        help_text=_("The organisation that gives it, e.g. “European Cluster Excellence Initiative (ECEI)”."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("Optional link to the awarding body."))

    content_panels = [
        TitleFieldPanel("title", heading=_("Name of the award or status")),
        FieldPanel("awarding_body"),
        HistoryChildPage.summary_panel,
        InlinePanel(
            "events",
            heading=_("Events"),
            label=_("Event"),
            min_num=1,
            help_text=_("Each time it was awarded, renewed or granted. Every event appears on the timeline."),
        ),
        *HistoryChildPage.photo_and_body_panels,
        FieldPanel("website"),
    ]

    search_fields = HistoryChildPage.search_fields + [index.SearchField("awarding_body")]

    objects = PageManager.from_queryset(TimelinePageQuerySet)()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    preview_modes = [("", _("Its own page")), ("timeline", _("Its events on the timeline"))]

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
