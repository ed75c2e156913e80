"""What the history page's children share: milestones and awards are both stories under the
history page, with a summary, a lead photo and a body, and rows of its timeline index."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import class_prepared
from django.dispatch import receiver
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Page, PageQuerySet
from wagtail.search import index

from core.renditions import PagePhotosMixin
from core.sitemaps import SitemapAlternatesMixin
from core.view_restrictions import public_pages
from history.blocks import BodyBlock
from history.timeline import award_event_anchor, milestone_anchor


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


class HistoryChildPage(SitemapAlternatesMixin, PagePhotosMixin, Page):
    """A story under the history page (a milestone, an award): a summary, a lead photo and a
    body, laid out alike in the admin and searched alike.

    The fields say what they are for in the words of each page type: a subclass names its help
    texts in ``story_help_texts`` (``summary``, ``body``, ``lead_photo``), and they are set on
    its own copies of the fields when the class is ready (``story_fields_help_texts`` below).
    """

    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("full story"))
    lead_photo = models.ForeignKey(
        "history.CaptionedImage",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    story_help_texts = {}

    base_form_class = HistoryChildPageForm

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["history.HistoryIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    # The admin's panels of the story fields, where each page type places them.
    summary_panel = FieldPanel("summary")
    photo_and_body_panels = [FieldPanel("lead_photo"), FieldPanel("body")]

    @property
    def share_photo(self):
        return self.lead_photo

    def clean(self):
        super().clean()
        # Imports and code that add pages with add_child() come through here (Page.save
        # runs full_clean); a page not yet in the tree is checked by its admin form.
        if self.path and self.depth and sub_route_taken(self.get_parent(), self.slug):
            raise ValidationError({"slug": sub_route_error(self.slug)})


@receiver(class_prepared)
def story_fields_help_texts(sender, **kwargs):
    """Each page type's help texts on its own copies of the story fields (Django copies an abstract
    model's fields into every subclass), so the admin and the migrations see them as declared there."""
    if issubclass(sender, HistoryChildPage):
        for name, help_text in sender.story_help_texts.items():
            sender._meta.get_field(name).help_text = help_text
