"""Milestones: moments in the organisation's history, the entries of the timeline."""

from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q, Subquery
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.models import Page, PageManager
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from core.cache_tags import add_cache_tags, person_tag
from core.view_restrictions import public_pages
from history.api_fields import MilestoneAPIFields
from history.choices import MilestoneKind
from history.dates import PreciseDateMixin, format_precise_date
from history.models.base import HistoryChildPage, TimelineIndexRow, TimelinePageQuerySet, date_panel
from history.timeline import milestone_anchor

# The timeline shows the whole summary; longer ones crowd it (the field allows 600 for the page itself).
TIMELINE_SUMMARY_LENGTH = 300


class MilestonePageQuerySet(TimelinePageQuerySet):
    def on_timeline_of(self, history_page):
        """In timeline order: date, then tree position."""
        return super().on_timeline_of(history_page).order_by("date", "path")


class MilestonePage(MilestoneAPIFields, PreciseDateMixin, HistoryChildPage):
    """One moment in the organisation's history; its title is the headline."""

    story_help_texts = {
        "summary": _("One or two sentences shown on the timeline. Aim for under 300 characters."),
        "body": _("The full text of the milestone page: paragraphs, captioned photos and quotes."),
        "lead_photo": _("Shown on the timeline and at the top of the page, with its caption and credit."),
    }

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
        HistoryChildPage.summary_panel,
        *HistoryChildPage.photo_and_body_panels,
        FieldPanel("people"),
        FieldPanel("related_award"),
    ]
    # wagtail-localize leaves many-to-many fields out of translations unless told: the people
    # are the same in every language (their roles have a Norwegian field of their own).
    override_translatable_fields = [SynchronizedField("people")]

    search_fields = HistoryChildPage.search_fields + [index.FilterField("kind"), index.FilterField("date")]

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
