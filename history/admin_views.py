"""Admin views of the history app: timeline import/export and the photo details report."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.permissions import policy_registry

from history.importing import FORMATS, MAX_IMPORT_BYTES, ImportReport, detect_format, export_timeline, import_timeline
from history.models import CaptionedImage, HistoryIndexPage, Person


def history_page_for(user, *, importing):
    """The English history page this user may import into (add pages) or export (any page permission);
    rows in another language go to its translation."""
    for page in HistoryIndexPage.objects.filter(locale=Locale.get_default()).order_by("path"):
        tester = page.permissions_for_user(user)
        if tester.can_add_subpage() if importing else (tester.can_add_subpage() or tester.can_edit()):
            return page
    return None


class TimelineImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or JSON file"),
        help_text=_(
            "At most 5 MB, saved as UTF-8. One row per milestone or award event; export the timeline below to get a "
            "file with the right columns."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (dry run)"),
        required=False,
        initial=True,
        help_text=_("Untick to import. Nothing is imported if any row has a problem; milestones arrive as drafts."),
    )


class TimelineImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "history/admin/timeline_import.html"
    form_class = TimelineImportForm
    page_title = _("Import and export the timeline")
    header_icon = "doc-full-inverse"

    def get_breadcrumbs_items(self):
        # Without this the header shows only “Home”: the page's own name must be visible.
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        self.history_page = history_page_for(request.user, importing=True)
        if self.history_page is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_page"] = self.history_page
        context["export_urls"] = [
            (file_format.upper(), reverse("history_timeline_export") + f"?format={file_format}") for file_format in FORMATS
        ]
        return context

    def form_valid(self, form):
        uploaded = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        if uploaded.size > MAX_IMPORT_BYTES:
            # Refused before reading: a large upload never reaches memory.
            report = ImportReport(dry_run=dry_run)
            report.add(
                None,
                "",
                _("the file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
                % {"size": round(uploaded.size / 1024 / 1024, 1), "limit": MAX_IMPORT_BYTES // 1024 // 1024},
            )
        else:
            report = import_timeline(
                history_page=self.history_page,
                data=uploaded.read(),
                file_format=detect_format(uploaded.name),
                user=self.request.user,
                dry_run=dry_run,
            )
        if report.saved:
            form = self.form_class()  # a fresh form: the import is done
        return self.render_to_response(self.get_context_data(form=form, report=report, file_name=uploaded.name))


class TimelineExportView(View):
    def get(self, request):
        history_page = history_page_for(request.user, importing=False)
        if history_page is None:
            raise PermissionDenied
        file_format = request.GET.get("format", "csv")
        if file_format not in FORMATS:
            file_format = "csv"
        content_type = "text/csv" if file_format == "csv" else "application/json"
        response = HttpResponse(
            export_timeline(history_page=history_page, file_format=file_format), content_type=f"{content_type}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{slugify(history_page.title)}-timeline.{file_format}"'
        return response


class MissingDetailsColumn(Column):
    def get_value(self, instance):
        return ", ".join(str(label) for label in instance.missing_details)


class UsageColumn(Column):
    cell_template_name = "history/admin/usage_cell.html"


class PhotosMissingDetailsReport(ReportView):
    """Photos a visitor would see without alt text, caption or credit, or on Norwegian pages without
    their Norwegian alt text or caption (English is shown there instead), and where each one is used."""

    page_title = _("Photos missing details")
    header_icon = "image"
    index_url_name = "history_photos_missing_details"
    index_results_url_name = "history_photos_missing_details_results"
    any_permission_required = ["add", "change"]
    list_export = ["title", "missing_text", "usage_text", "collection"]
    export_headings = {"missing_text": _("Missing"), "usage_text": _("Used on")}

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(CaptionedImage)

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Photo"), url_name="wagtailimages:edit"),
            MissingDetailsColumn("missing", label=_("Missing")),
            UsageColumn("usage", label=_("Used on")),
            Column("collection", label=_("Collection")),
        ]

    def get_queryset(self):
        missing = (
            Q(description="", is_decorative=False)
            | Q(caption="")
            | Q(credit_name="")
            | Q(description_nb="", is_decorative=False)
            | Q(caption_nb="")
        )
        return (
            self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["change"])
            .filter(missing)
            .select_related("collection")
            .order_by("title", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        photos = list(object_list)
        usage = photo_usage(photos)
        for photo in photos:
            photo.missing_details = [
                label
                for label, is_missing in (
                    (_("alt text"), not photo.description and not photo.is_decorative),
                    (_("caption"), not photo.caption),
                    (_("credit"), not photo.credit_name),
                    (_("Norwegian alt text"), not photo.description_nb and not photo.is_decorative),
                    (_("Norwegian caption"), not photo.caption_nb),
                )
                if is_missing
            ]
            photo.usage = usage.get(photo.pk, [])
            photo.missing_text = ", ".join(str(label) for label in photo.missing_details)
            photo.usage_text = ", ".join(str(user) for user in photo.usage)
        return photos


def photo_usage(photos):
    """{photo id: [pages and people using it]} from Wagtail's reference index, in a constant number of queries."""
    references = list(
        ReferenceIndex.get_references_to_in_bulk(photos)
        .values_list("to_object_id", "base_content_type_id", "object_id")
        .distinct()
    )
    # The reference index records the base model's content type (Page for every page type).
    page_type = ContentType.objects.get_for_model(Page).pk
    person_type = ContentType.objects.get_for_model(Person).pk
    pages = Page.objects.in_bulk({int(object_id) for _, kind, object_id in references if kind == page_type})
    people = Person.objects.in_bulk({int(object_id) for _, kind, object_id in references if kind == person_type})
    usage = {}
    for to_object_id, kind, object_id in references:
        user = (pages if kind == page_type else people if kind == person_type else {}).get(int(object_id))
        if user is not None and user not in usage.setdefault(int(to_object_id), []):
            usage[int(to_object_id)].append(user)
    return usage
