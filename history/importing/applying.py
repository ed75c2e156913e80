"""Applying an import: all or nothing, as drafts, through the frameworks' own ways of saving.

New milestones are created as drafts; a changed milestone gets a new draft
revision; new or changed award events go into a new draft revision of their
award. A milestone row in another language becomes a wagtail-localize
translation (as its “Translate” makes one) and its texts go into the
translation memory, so the translation editor shows them and publishing from
it keeps them. Nothing reaches the public site without moderation.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from history.importing.plan import TRANSLATED_MILESTONE_FIELDS, TRANSLATED_TEXT_FIELDS, PlannedTranslation, apply_values
from history.importing.planning import plan_import
from history.importing.reading import read_rows
from history.importing.report import ImportReport
from history.models import MilestonePage


def remember_texts(translation, values, user):
    """Write a row's texts into wagtail-localize's translation memory of one translation, so that its
    translation editor shows them and publishing from there (or the next sync) keeps them."""
    texts = {name: values[name] for name in TRANSLATED_TEXT_FIELDS}
    segments = StringSegment.objects.filter(source=translation.source, context__path__in=texts).select_related(
        "string", "context"
    )
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={
                "data": StringValue.from_plaintext(texts[segment.context.path]).data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
                "has_error": False,
                "field_error": "",
            },
        )


def create_translation(planned, user):
    """A new draft translation of ``planned.source``, made by wagtail-localize as its “Translate” does
    (TranslationSource, Translation, then the target saved as a draft) with the row's texts."""
    source_page = MilestonePage.objects.get(pk=planned.source.pk)  # as stored, as wagtail-localize reads it
    source, _created = TranslationSource.update_or_create_from_instance(source_page)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=planned.locale, defaults={"enabled": True}
    )
    remember_texts(translation, planned.values, user)
    translation.save_target(user=user, publish=False)
    page = source_page.get_translation(planned.locale)
    # The source's stored version may not yet have the date or kind that its row gives it.
    if apply_values(page, planned.values, TRANSLATED_MILESTONE_FIELDS):
        page.save(clean=False)
        page.save_revision(user=user, log_action=True)
    return page


def update_translation(planned, user):
    """The row's changes to an existing translation, in a new draft revision, as for English rows."""
    page = planned.page
    if not page.live:
        page.save(clean=False)  # as the admin's editor does: a never-published page is its draft
    page.save_revision(user=user, log_action=True)
    synced = (
        Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True)
        .select_related("source", "target_locale")
        .first()
    )
    if synced is not None:
        remember_texts(synced, planned.values, user)


def import_timeline(*, history_page, data, file_format, user=None, dry_run=True):
    """Check a CSV or JSON file and, unless it is a dry run and only if every row is right, save it as drafts.

    ``history_page`` is the English (default language) history page; rows in another language go to
    its translation in that language."""
    report = ImportReport(dry_run=dry_run)
    rows = read_rows(data, file_format, report)
    if not report.problems and not rows:
        report.add(None, "", _("the file has no rows to import."))
    if report.problems:
        return report
    plan = plan_import(rows, history_page=history_page, report=report, user=user)
    planned_milestones = sorted(plan.milestones + plan.translations, key=lambda planned: planned.row.number)
    for planned in planned_milestones:
        label = planned.page.title
        if isinstance(planned, PlannedTranslation):
            label = f"{label} ({planned.locale.language_code})"
        (report.milestones if planned.is_new else report.updated_milestones).append(label)
    for planned in plan.award_events:
        label = f"{planned.event.get_event_type_display()}: {planned.award.title} ({planned.event.display_date})"
        (report.award_events if planned.is_new else report.updated_award_events).append(label)
    if report.problems or dry_run:
        return report
    with transaction.atomic():
        for planned in plan.milestones:
            page = planned.page
            if planned.is_new:
                page.owner = user
                page.has_unpublished_changes = True
                history_page.add_child(instance=page)
            elif not page.live:
                page.save(clean=False)  # as the admin's editor does: a never-published page is its draft
            page.save_revision(user=user, log_action=True)
        # After the English milestones: a new translation may be of a milestone this file adds.
        for planned in plan.translations:
            if planned.is_new:
                create_translation(planned, user)
            else:
                update_translation(planned, user)
        changed_awards = {}
        for planned in plan.award_events:
            award = planned.award
            if planned.is_new:
                award.events.add(planned.event)
            changed_awards[award.pk] = award
        for award in changed_awards.values():
            award.save_revision(user=user, log_action=True)
    return report
