"""Export of the timeline as CSV or JSON, in the columns the import reads.

Each page is written as an editor sees it in the admin (its latest draft when
it has one), so importing an export unchanged changes nothing.
"""

import csv
import io
import json

from history.dates import iso_precise_date
from history.importing.formulas import escape_formula
from history.importing.plan import latest
from history.importing.reading import AWARD_EVENT, COLUMNS, MILESTONE
from history.models import AwardPage, MilestonePage


def milestone_row(milestone, language, source_slug=""):
    return {
        "type": MILESTONE,
        "date": iso_precise_date(milestone.date, milestone.date_precision),
        "headline": milestone.title,
        "kind": milestone.kind,
        "summary": milestone.summary,
        "slug": milestone.slug,
        "award": "",
        "event_type": "",
        "score": "",
        "note": "",
        "locale": language,
        "source_slug": source_slug,
        "translation_key": str(milestone.translation_key),
    }


def timeline_rows(history_page):
    """Every milestone and award event under one history page, in date order, as import-ready dicts;
    and the milestones under its translations, each row right after its English milestone's.

    Each page as an editor sees it in the admin: its latest draft when it has
    unpublished changes, else as published. Importing the file unchanged then
    changes nothing.
    """
    language = history_page.locale.language_code
    milestones = [latest(page) for page in MilestonePage.objects.child_of(history_page).order_by("date", "path")]
    slugs = {milestone.translation_key: milestone.slug for milestone in milestones}
    translated = {}  # translation key → rows of that milestone's translations
    rows_without_source = []  # milestones only in another language
    for translation_index in history_page.get_translations().select_related("locale").order_by("locale__language_code"):
        for page in MilestonePage.objects.child_of(translation_index).order_by("date", "path"):
            translation = latest(page)
            source_slug = slugs.get(translation.translation_key, "")
            row = milestone_row(translation, translation_index.locale.language_code, source_slug)
            if source_slug:
                translated.setdefault(translation.translation_key, []).append(row)
            else:
                rows_without_source.append(row)
    rows = []
    for milestone in sorted(milestones, key=lambda page: page.date):
        rows.append(milestone_row(milestone, language))
        rows.extend(translated.get(milestone.translation_key, []))
    rows.extend(rows_without_source)
    events = [
        (award, event)
        for award in (latest(page) for page in AwardPage.objects.child_of(history_page).prefetch_related("events"))
        for event in award.events.all()
    ]
    for award, event in sorted(events, key=lambda pair: (pair[1].date, pair[1].sort_order or 0)):
        rows.append({
            "type": AWARD_EVENT,
            "date": iso_precise_date(event.date, event.date_precision),
            "headline": event.headline,
            "kind": "",
            "summary": "",
            "slug": "",
            "award": award.slug,
            "event_type": event.event_type,
            "score": "" if event.score is None else f"{event.score.normalize():f}",
            "note": event.note,
            "locale": language,
            "source_slug": "",
            "translation_key": "",
        })
    return sorted(rows, key=lambda row: row["date"])


def export_timeline(*, history_page, file_format):
    """The timeline as CSV or JSON text, in the format import_timeline reads."""
    rows = timeline_rows(history_page)
    if file_format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: escape_formula(value) for key, value in row.items()})
    return buffer.getvalue()
