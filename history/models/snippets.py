"""People who appear in the history (the founders, speakers, ...)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.translated_fields import localized


class Person(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A person linked from milestones; a snippet with drafts, revisions and locking."""

    name = models.CharField(_("name"), max_length=255, help_text=_("Full name, e.g. “Kaare Norum”."))
    role = models.CharField(
        _("role"),
        max_length=255,
        blank=True,
        help_text=_("What they were or are, e.g. “former Principal of the University of Oslo”."),
    )
    role_nb = models.CharField(
        _("role in Norwegian"),
        max_length=255,
        blank=True,
        help_text=_("For Norwegian pages, e.g. “tidligere rektor ved Universitetet i Oslo”. Empty: the English one is shown."),
    )
    portrait = models.ForeignKey(
        "history.CaptionedImage",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional photo of the person, with its credit."),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="person")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="person",
        for_concrete_model=False,
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("role_nb"), FieldPanel("portrait")]

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def role_text(self):
        """The role in the page's language (core.translated_fields)."""
        return localized(self, "role")

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "history/person_preview.html"
