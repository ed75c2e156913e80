"""Translations go through the same moderation as any other change.

wagtail-localize's translation editor saves each string as it is typed and offers only
"Publish", to those who may publish. A History editor, who may not, submits the
translation here instead: the strings become a draft revision of the translated page,
and the page's workflow ("History moderation") starts on it, exactly as when the editor
submits an English page. A moderator then approves (and so publishes) it from the
dashboard or the page's workflow history, or asks for changes.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.models import Page

from wagtail_localize.models import SourceDeletedError, Translation


def translation_into(page):
    """The enabled wagtail-localize translation that writes ``page``, or None (a source page, or one edited on its own)."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )


def submit_translation_button(page, user, next_url=None, view_name=None):
    """The "Submit translation for moderation" item of a translated page's "More" menu.

    Pages in the site's default language are the sources of translations here and are
    skipped without a query (Wagtail's listings load each row's locale with the row).
    """
    if page.alias_of_id or page.is_root() or page.locale.language_code == settings.LANGUAGE_CODE:
        return
    if translation_into(page) is None or not page.permissions_for_user(user).can_edit() or not page.get_workflow():
        return
    yield Button(
        _("Submit translation for moderation"),
        reverse("history_submit_translation", args=[page.pk]),
        priority=65,
        icon_name="resubmit",
    )


class SubmitTranslationView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "history/admin/submit_translation.html"
    page_title = _("Submit translation for moderation")
    header_icon = "resubmit"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.translation = translation_into(self.page)
        if self.translation is None:
            raise Http404(gettext("This page is not a translation kept in step with its source."))
        self.workflow = self.page.get_workflow()
        self.workflow_state = self.page.current_workflow_state  # in moderation, or changes requested
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        parent = self.page.get_parent()
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_explore", args=[parent.pk]), "label": parent.title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            workflow=self.workflow,
            in_moderation=self.page.workflow_in_progress,
            changes_requested=self.workflow_state is not None and not self.page.workflow_in_progress,
            language=self.translation.target_locale.get_display_name(),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context

    def post(self, request, page_id):
        if self.workflow is None or self.page.workflow_in_progress:
            return self.get(request, page_id)  # the page explains why there is nothing to submit
        try:
            with transaction.atomic():
                # The strings typed so far become a draft revision; the workflow then moderates that revision.
                self.translation.save_target(user=request.user, publish=False)
                page = Page.objects.get(pk=self.page.pk).specific
                if self.workflow_state is None:
                    self.workflow.start(page, request.user)
                else:  # a moderator asked for changes: the same workflow goes on with the new revision
                    self.workflow_state.resume(request.user)
        except SourceDeletedError:
            messages.error(request, gettext("The page this translation was made from has been deleted."))
            return self.get(request, page_id)
        except ValidationError as error:
            messages.error(
                request,
                gettext("The translation could not be saved: %(errors)s") % {"errors": " ".join(error.messages)},
            )
            return self.get(request, page_id)
        messages.success(
            request,
            gettext("“%(title)s” has been submitted to %(workflow)s.") % {"title": page.title, "workflow": self.workflow.name},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
