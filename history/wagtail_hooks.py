from django.contrib import messages
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from core.cache_tags import tag_pages
from history.admin_views import PhotosMissingDetailsReport, TimelineExportView, TimelineImportView, history_page_for
from history.models import AwardPage, CaptionedImage, MilestoneKind, MilestonePage, Person
from history.translation_moderation import SubmitTranslationView, submit_translation_button


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


register_snippet(PersonViewSet)


def milestone_years():
    years = MilestonePage.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, str(year)) for year in years]


class MilestoneFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MilestoneKind.choices, empty_label=_("All kinds"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=milestone_years, empty_label=_("All years"))

    class Meta:
        model = MilestonePage
        fields = []


class MilestoneIndexView(IndexView):
    # The timeline's order, not the page tree's or the last edit's.
    default_ordering = "date"


class ListingTitleColumn(PageTitleColumn):
    """The page title, linking to the editor with Wagtail's ``next`` parameter set to this listing.

    The edit view sends the editor back to ``next`` after “Submit to moderation”
    (and after publishing), so work started from the Milestones or Awards list
    ends there, with its filters, instead of in the page explorer.
    """

    cell_template_name = "history/admin/listing_title_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        query = request.GET.urlencode()
        context["listing_url"] = parent_context["actions_next_url"] + (f"?{query}" if query else "")
        return context


class MilestoneChecksColumn(Column):
    def get_value(self, instance):
        return " ".join(str(warning) for warning in instance.editorial_warnings(check_photo=False))


class PageEditorsMenuItem(MenuItem):
    """Shown only to people who can edit some page (the listing itself checks the same)."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, ["add", "change", "publish"])


class MilestoneListingViewSet(PageListingViewSet):
    """All milestones in date order, with date, kind and status, filterable by kind and year."""

    model = MilestonePage
    name = "milestones"
    icon = "date"
    menu_label = _("Milestones")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = MilestoneIndexView
    filterset_class = MilestoneFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        ListingTitleColumn("title", label=_("Headline"), sort_key="title", classname="title"),
        Column("display_date", label=_("Date"), sort_key="date", width="14%"),
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind", width="14%"),
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
        MilestoneChecksColumn("checks", label=_("To check")),
    ]

    @property
    def menu_item_class(self):
        return PageEditorsMenuItem


class AwardListingViewSet(PageListingViewSet):
    """Every award and recognition, with its awarding body and status."""

    model = AwardPage
    name = "awards"
    icon = "pick"
    menu_label = _("Awards")
    menu_order = 255
    add_to_admin_menu = True
    columns = [
        BulkActionsColumn("bulk_actions"),
        ListingTitleColumn("title", label=_("Award"), sort_key="title", classname="title"),
        Column("awarding_body", label=_("Awarded by"), sort_key="awarding_body", width="30%"),
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
    ]

    @property
    def menu_item_class(self):
        return PageEditorsMenuItem


@hooks.register("register_admin_viewset")
def register_milestone_listing():
    return MilestoneListingViewSet()


@hooks.register("register_admin_viewset")
def register_award_listing():
    return AwardListingViewSet()


@hooks.register("register_admin_urls")
def register_history_admin_urls():
    return [
        path("timeline/import/", TimelineImportView.as_view(), name="history_timeline_import"),
        path("timeline/export/", TimelineExportView.as_view(), name="history_timeline_export"),
        path("translations/<int:page_id>/submit/", SubmitTranslationView.as_view(), name="history_submit_translation"),
        path("reports/photos-missing-details/", PhotosMissingDetailsReport.as_view(), name="history_photos_missing_details"),
        path(
            "reports/photos-missing-details/results/",
            PhotosMissingDetailsReport.as_view(results_only=True),
            name="history_photos_missing_details_results",
        ),
    ]


hooks.register("register_page_listing_more_buttons", submit_translation_button)
hooks.register("register_page_header_buttons", submit_translation_button)


class TimelineImportMenuItem(MenuItem):
    def is_shown(self, request):
        return history_page_for(request.user, importing=True) is not None


@hooks.register("register_admin_menu_item")
def register_timeline_import_menu_item():
    return TimelineImportMenuItem(
        _("Import / export timeline"),
        reverse("history_timeline_import"),
        name="timeline-import",
        icon_name="doc-full-inverse",
        order=260,
    )


class PhotosReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(CaptionedImage).user_has_any_permission(request.user, ["add", "change"])


@hooks.register("register_reports_menu_item")
def register_photos_missing_details_menu_item():
    return PhotosReportMenuItem(
        _("Photos missing details"),
        reverse("history_photos_missing_details"),
        name="photos-missing-details",
        icon_name="image",
        order=650,
    )


def warn_about_milestone(request, page):
    """After saving a milestone in the admin: say what would make it a better timeline entry."""
    if not isinstance(page.specific, MilestonePage):
        return
    if "application/json" in request.headers.get("Accept", ""):
        return  # autosave: no messages piling up for the next page
    for warning in page.specific.editorial_warnings():
        messages.warning(request, warning)


hooks.register("after_create_page", warn_about_milestone)
hooks.register("after_edit_page", warn_about_milestone)



@hooks.register("insert_global_admin_css")
def multiple_upload_messages_css():
    """Hides the multiple uploader's “Upload successful” while its form shows an error."""
    return format_html('<link rel="stylesheet" href="{}">', static("history/admin/multiple-upload.css"))


@hooks.register("before_serve_page")
def tag_the_served_page(page, request, serve_args, serve_kwargs):
    """The response shows the page served (core.cache_tags); it returns nothing, so Wagtail serves on."""
    tag_pages(page)
