"""What an import would do, row by row, before anything is saved."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.models import Locale

from history.dates import iso_precise_date
from history.importing.report import Row
from history.models import AwardEvent, AwardPage, MilestonePage

MILESTONE_FIELDS = ("title", "year", "month", "day", "date_precision", "kind", "summary")
# A translation's slug is its own address, so a row may change it; the source's slug says which one it is.
TRANSLATED_MILESTONE_FIELDS = ("slug", *MILESTONE_FIELDS)
# What wagtail-localize holds in its translation memory for a milestone translation, from the row.
TRANSLATED_TEXT_FIELDS = ("title", "slug", "summary")
AWARD_EVENT_FIELDS = ("year", "month", "day", "date_precision", "headline", "score", "note")


@dataclass
class PlannedMilestone:
    row: Row
    page: MilestonePage
    is_new: bool = True


@dataclass
class PlannedAwardEvent:
    row: Row
    award: AwardPage
    event: AwardEvent
    is_new: bool = True


@dataclass
class PlannedTranslation:
    """A milestone row in another language: a new translation of ``source``, or a change to ``page``."""

    row: Row
    page: MilestonePage  # the new page's values, or the existing translation's latest draft changed
    locale: Locale
    source: MilestonePage | None  # the English milestone, as it is after the import (None: it has none)
    values: dict
    is_new: bool = True


@dataclass
class ImportPlan:
    milestones: list = field(default_factory=list)
    translations: list = field(default_factory=list)
    award_events: list = field(default_factory=list)
    awards: dict = field(default_factory=dict)  # slug → latest draft of the award (with its events)
    # The history page's own-language milestone rows: slug → the milestone as it is after the import.
    source_rows: dict = field(default_factory=dict)
    source_row_slugs: set = field(default_factory=set)  # every such row's slug, right or wrong


def apply_values(instance, values, field_names):
    """Set the fields that differ; return whether anything changed."""
    changed = False
    for name in field_names:
        if getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed = True
    return changed


def latest(page):
    """The version an editor sees in the admin: the latest draft if there is one, else the page itself."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def milestone_values(headline, summary, kind, date_parts):
    """A milestone's fields as a row gives them."""
    year, month, day, precision = date_parts
    return {
        "title": headline,
        "year": year,
        "month": month,
        "day": day,
        "date_precision": precision,
        "kind": kind,
        "summary": summary,
    }


def first_day(date_parts):
    """The date a (year, month, day, precision) is stored as: its first day."""
    year, month, day, _precision = date_parts
    return datetime.date(year, month or 1, day or 1)


def iso_date(page):
    """A milestone's date as the file writes it; for a page not yet saved too (its date is set on save)."""
    return iso_precise_date(first_day((page.year, page.month, page.day, page.date_precision)), page.date_precision)


def first_in_file(row, report, seen, keys):
    """Whether no earlier row of the file has any of ``keys`` (each starts with the column it reports);
    the row then holds them. Else the row's problem names that earlier row."""
    for key in keys:
        if key in seen:
            report.add_for(row, key[0], _("duplicate of %(where)s in this file.") % {"where": seen[key]})
            return False
    for key in keys:
        seen[key] = row.where()
    return True
