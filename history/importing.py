"""Bulk import and export of the timeline: milestones and award events, as CSV or JSON.

Used by the ``import_timeline`` / ``export_timeline`` commands and by the
admin's “Import / export” view, so both behave the same way.

Import is all or nothing: every row is checked first, every problem is
reported with its line (CSV) or entry (JSON) number, the column and the
reason, and nothing is saved unless the whole file is right. New milestones
are created as drafts; a row whose slug names an existing milestone changes
it in a new draft revision; new or changed award events go into a new draft
revision of their award. Rows that match what is already there change
nothing, so an exported file edited in a spreadsheet imports as exactly its
edits. Nothing reaches the public site without moderation.

One row per milestone or award event; the columns are ``COLUMNS``. ``date`` is
written at the precision that is known: ``2006``, ``2015-05`` or ``2023-04-12``.

``locale`` says which language a row is in; empty, or a file without the column,
means the history page's own language (English). A milestone row in another
language (``nb``) is the translation of an English milestone, named by
``translation_key`` or by ``source_slug`` (the English milestone's slug, on the
timeline or on an English row of the same file), and goes under the history
page's translation in that language. It is made, and kept, a wagtail-localize
translation: a new one is created through wagtail-localize's TranslationSource
(as a draft, like any imported milestone), and the row's headline, summary and
slug go into its translation memory, so the translation editor shows them and
publishing from it keeps them. Its ``slug`` is its own address; its date and
kind are its English milestone's (wagtail-localize keeps them in step), so a row
may only repeat them. Award events are imported in English: their translations
follow their award's.
"""

import csv
import datetime
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from history.dates import DatePrecision, iso_precise_date, validate_precise_date
from history.models import AwardEvent, AwardEventType, AwardPage, HistoryIndexPage, MilestoneKind, MilestonePage
from history.models.pages import sub_route_error, sub_route_taken

MAX_IMPORT_BYTES = 5 * 1024 * 1024
FORMATS = ("csv", "json")
MILESTONE = "milestone"
AWARD_EVENT = "award_event"
COLUMNS = [
    "type", "date", "headline", "kind", "summary", "slug", "award", "event_type", "score", "note",
    "locale", "source_slug", "translation_key",
]
REQUIRED_COLUMNS = ["type", "date"]
DATE_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")
# Spreadsheet programs run cells starting with these as formulas; exported text is prefixed with '.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

HEADLINE_MAX_LENGTH = 255
SUMMARY_MAX_LENGTH = 600
# The content languages' names as the messages use them: “in English”, “på engelsk”.
LANGUAGE_NAMES = {"en": gettext_lazy("English"), "nb": gettext_lazy("Norwegian")}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file: where (line or entry), which column, and why."""

    line: int | None
    column: str
    message: str
    unit: str = "line"

    def __str__(self):
        if self.line is None:
            return _("File: %(message)s") % {"message": self.message}
        where = _("Line %(number)s") if self.unit == "line" else _("Entry %(number)s")
        return _("%(where)s, %(column)s: %(message)s") % {
            "where": where % {"number": self.line},
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    dry_run: bool
    problems: list = field(default_factory=list)
    milestones: list = field(default_factory=list)  # headlines of new milestones
    updated_milestones: list = field(default_factory=list)  # headlines of changed milestones
    award_events: list = field(default_factory=list)  # “Renewed: ECEI Gold Label (December 2022)”
    updated_award_events: list = field(default_factory=list)
    unchanged: int = 0  # rows that match what is already there

    @property
    def ok(self):
        return not self.problems

    @property
    def saved(self):
        return self.ok and not self.dry_run and self.has_changes

    @property
    def has_changes(self):
        return bool(self.milestones or self.updated_milestones or self.award_events or self.updated_award_events)

    def add(self, line, column, message, unit="line"):
        self.problems.append(ImportProblem(line, column, message, unit))


@dataclass
class Row:
    number: int
    values: dict
    unit: str = "line"


def detect_format(filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension if extension in FORMATS else None


def _decode(data, report):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(
            line,
            _("file"),
            _(
                "this is not UTF-8 text. In Excel choose “CSV UTF-8” when saving; in other programs choose the "
                "UTF-8 encoding."
            ),
        )
        return None


def _unescape(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
        return value[1:]
    return value


def _read_csv(text, report):
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not header:
        report.add(None, "", _("the file is empty."))
        return []
    reader.fieldnames = header
    unknown = [name for name in header if name not in COLUMNS]
    for name in unknown:
        report.add(1, name, _("unknown column. The columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)})
    for name in REQUIRED_COLUMNS:
        if name not in header:
            report.add(1, name, _("this column is missing."))
    if report.problems:
        return []
    rows = []
    try:
        for values in reader:
            extra = values.pop(None, None)
            if extra:
                report.add(reader.line_num, "", _("this row has more cells than the header has columns."))
            cleaned = {key: _unescape((value or "").strip()) for key, value in values.items()}
            if any(cleaned.values()):
                rows.append(Row(reader.line_num, cleaned))
    except csv.Error as exc:
        report.add(reader.line_num, "", _("the CSV cannot be read here (%(error)s).") % {"error": exc})
    return rows


def _read_json(text, report):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        report.add(exc.lineno, "", _("this is not valid JSON (%(error)s).") % {"error": exc.msg})
        return []
    if isinstance(data, dict):
        data = data.get("entries")
    if not isinstance(data, list):
        report.add(None, "", _("the JSON must be a list of entries, or an object with an “entries” list."))
        return []
    rows = []
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            report.add(number, "", _("each entry must be an object with named fields."), unit="entry")
            continue
        for name in entry:
            if name not in COLUMNS:
                report.add(number, name, _("unknown field. The fields are: %(columns)s.") % {"columns": ", ".join(COLUMNS)}, unit="entry")
        values = {name: "" if entry.get(name) is None else str(entry.get(name)).strip() for name in COLUMNS}
        rows.append(Row(number, values, unit="entry"))
    return rows


def read_rows(data, file_format, report):
    """Decode and parse the file into rows; problems with the file as a whole go into the report."""
    if len(data) > MAX_IMPORT_BYTES:
        report.add(
            None,
            "",
            _("the file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_IMPORT_BYTES // 1024 // 1024},
        )
        return []
    if file_format not in FORMATS:
        report.add(None, "", _("choose a .csv or .json file."))
        return []
    text = _decode(data, report)
    if text is None:
        return []
    return _read_csv(text, report) if file_format == "csv" else _read_json(text, report)


def parse_precise_date(value):
    """“2006”, “2015-05” or “2023-04-12” → (year, month, day, precision); ValidationError otherwise."""
    match = DATE_PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a date. Write the year (2006), year and month (2015-05) or the day (2023-04-12).")
            % {"value": value}
        )
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(_("“%(value)s” has no month %(month)s.") % {"value": value, "month": month})
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        validate_precise_date(year=year, month=month, day=day, precision=precision)
    except ValidationError as exc:
        raise ValidationError(" ".join(message for messages in exc.message_dict.values() for message in messages)) from None
    return year, month, day, precision


def _choice(value, choices, report, row, column, what):
    allowed = {str(choice.value): choice.value for choice in choices}
    allowed.update({str(choice.label).lower(): choice.value for choice in choices})
    if value.lower() in allowed:
        return allowed[value.lower()]
    report.add(
        row.number,
        column,
        _("unknown %(what)s “%(value)s”. Use one of: %(choices)s.")
        % {"what": what, "value": value, "choices": ", ".join(str(choice.value) for choice in choices)},
        row.unit,
    )
    return None


def _text(row, report, column, *, required, max_length):
    value = row.values.get(column, "")
    if required and not value:
        report.add(row.number, column, _("this is required."), row.unit)
    elif len(value) > max_length:
        report.add(
            row.number,
            column,
            _("%(length)s characters; at most %(max)s are allowed.") % {"length": len(value), "max": max_length},
            row.unit,
        )
    return value


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


MILESTONE_FIELDS = ("title", "year", "month", "day", "date_precision", "kind", "summary")
# A translation's slug is its own address, so a row may change it; the source's slug says which one it is.
TRANSLATED_MILESTONE_FIELDS = ("slug", *MILESTONE_FIELDS)
# What wagtail-localize holds in its translation memory for a milestone translation, from the row.
TRANSLATED_TEXT_FIELDS = ("title", "slug", "summary")
AWARD_EVENT_FIELDS = ("year", "month", "day", "date_precision", "headline", "score", "note")


def _apply(instance, values, field_names):
    """Set the fields that differ; return whether anything changed."""
    changed = False
    for name in field_names:
        if getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed = True
    return changed


def _latest(page):
    """The version an editor sees in the admin: the latest draft if there is one, else the page itself."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def _milestone_texts(row, report):
    """A milestone row's headline, summary and kind, each checked (problems go to the report)."""
    headline = _text(row, report, "headline", required=True, max_length=HEADLINE_MAX_LENGTH)
    summary = _text(row, report, "summary", required=True, max_length=SUMMARY_MAX_LENGTH)
    kind = row.values.get("kind", "")
    if not kind:
        report.add(row.number, "kind", _("this is required."), row.unit)
    else:
        kind = _choice(kind, MilestoneKind, report, row, "kind", _("kind"))
    return headline, summary, kind


def _milestone_values(headline, summary, kind, date_parts):
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


def _first_in_file(row, report, seen, keys):
    """Whether no earlier row of the file has any of ``keys`` (each starts with the column it reports);
    the row then holds them. Else the row's problem names that earlier row."""
    for key in keys:
        if key in seen:
            report.add(row.number, key[0], _("duplicate of %(where)s in this file.") % {"where": seen[key]}, row.unit)
            return False
    where = (_("line %(number)s") if row.unit == "line" else _("entry %(number)s")) % {"number": row.number}
    for key in keys:
        seen[key] = where
    return True


def _plan_milestone(row, date_parts, history_page, report, plan, seen):
    headline, summary, kind = _milestone_texts(row, report)
    slug = slugify(row.values.get("slug") or headline)[:255]
    plan.source_row_slugs.add(slug)
    if headline and not slug:
        report.add(row.number, "slug", _("the headline gives no web address; add a slug (letters, digits, hyphens)."), row.unit)
    elif sub_route_taken(history_page, slug):
        report.add(row.number, "slug", str(sub_route_error(slug).message), row.unit)
        return
    if not date_parts or not headline:
        return
    year, month, day, precision = date_parts
    date = datetime.date(year, month or 1, day or 1)
    language = history_page.locale.language_code
    if not _first_in_file(row, report, seen, [("slug", language, slug), ("headline", language, headline.casefold(), date)]):
        return
    # The slug says which milestone a row is: an existing one is changed, not duplicated.
    existing_page = history_page.get_children().filter(slug=slug).specific().first() if slug else None
    if existing_page is not None and not isinstance(existing_page, MilestonePage):
        report.add(
            row.number,
            "slug",
            _("the address “%(slug)s” belongs to a page that is not a milestone; choose another slug.") % {"slug": slug},
            row.unit,
        )
        return
    if existing_page is None and MilestonePage.objects.child_of(history_page).filter(title__iexact=headline, date=date).exists():
        report.add(
            row.number,
            "headline",
            _("duplicate: this milestone is already on the timeline for this date. To change it, give its slug."),
            row.unit,
        )
        return
    if not (kind and slug):
        return
    values = _milestone_values(headline, summary, kind, date_parts)
    if existing_page is None:
        page = MilestonePage(slug=slug, live=False, **values)
        plan.milestones.append(PlannedMilestone(row, page))
        plan.source_rows[slug] = page
        return
    if existing_page.locked:
        report.add(
            row.number,
            "slug",
            _("“%(title)s” is locked in the admin; unlock it first.") % {"title": existing_page.title},
            row.unit,
        )
        return
    page = _latest(existing_page)
    plan.source_rows[slug] = page
    if _apply(page, values, MILESTONE_FIELDS):
        page.date = date
        plan.milestones.append(PlannedMilestone(row, page, is_new=False))
    else:
        report.unchanged += 1


def _plan_award_event(row, date_parts, history_page, report, plan, seen):
    award_slug = row.values.get("award", "")
    award = None
    if not award_slug:
        report.add(row.number, "award", _("this is required: the web address (slug) of the award page."), row.unit)
    elif award_slug in plan.awards:
        award = plan.awards[award_slug]
    else:
        page = AwardPage.objects.child_of(history_page).filter(slug=award_slug).first()
        if page is None:
            report.add(row.number, "award", _("no award page with the address “%(slug)s”; create the award first.") % {"slug": award_slug}, row.unit)
        else:
            award = plan.awards[award_slug] = page.get_latest_revision_as_object()
            award.events = list(award.events.all())  # held in memory: rows below change these very objects
    event_type = row.values.get("event_type", "")
    if not event_type:
        report.add(row.number, "event_type", _("this is required."), row.unit)
    else:
        event_type = _choice(event_type, AwardEventType, report, row, "event_type", _("event type"))
    headline = _text(row, report, "headline", required=False, max_length=HEADLINE_MAX_LENGTH)
    note = _text(row, report, "note", required=False, max_length=SUMMARY_MAX_LENGTH)
    score = None
    if row.values.get("score"):
        try:
            score = Decimal(row.values["score"].rstrip("%").strip().replace(",", "."))
        except InvalidOperation:
            report.add(row.number, "score", _("“%(value)s” is not a number.") % {"value": row.values["score"]}, row.unit)
        else:
            if not 0 <= score <= 100:
                report.add(row.number, "score", _("a score must be between 0 and 100."), row.unit)
                score = None
    if not (award and event_type and date_parts):
        return
    year, month, day, precision = date_parts
    date = datetime.date(year, month or 1, day or 1)
    if not _first_in_file(row, report, seen, [("date", "award_event", award_slug, event_type, date)]):
        return
    values = {
        "year": year,
        "month": month,
        "day": day,
        "date_precision": precision,
        "headline": headline,
        "score": score,
        "note": note,
    }
    # An award has one event of a type on a date: a row naming it changes it.
    existing_event = next((e for e in award.events.all() if e.event_type == event_type and e.date == date), None)
    if existing_event is None:
        event = AwardEvent(event_type=event_type, date=date, **values)
        plan.award_events.append(PlannedAwardEvent(row, award, event))
    elif _apply(existing_event, values, AWARD_EVENT_FIELDS):
        plan.award_events.append(PlannedAwardEvent(row, award, existing_event, is_new=False))
    else:
        report.unchanged += 1


def language_name(code):
    return str(LANGUAGE_NAMES.get(code, code))


def _row_language(row, report, languages, default):
    """The row's language code: its ``locale``, or the history page's language when that is empty."""
    value = row.values.get("locale", "").strip().lower()
    if not value:
        return default
    if value in languages:
        return value
    report.add(
        row.number,
        "locale",
        _("unknown %(what)s “%(value)s”. Use one of: %(choices)s.")
        % {"what": _("language"), "value": row.values["locale"], "choices": ", ".join(languages)},
        row.unit,
    )
    return None


def _iso_date(page):
    """A milestone's date as the file writes it; for a page not yet saved too (its date is set on save)."""
    return iso_precise_date(datetime.date(page.year, page.month or 1, page.day or 1), page.date_precision)


@dataclass
class TranslatedTimeline:
    """The history page's translation into one other language and the pages under it, read once for
    that language's rows; ``problem`` when its rows cannot be imported at all (reported on the first)."""

    locale: Locale | None
    index: HistoryIndexPage | None
    children_by_slug: dict = field(default_factory=dict)  # slug → page under the translated history page
    milestones_by_key: dict = field(default_factory=dict)  # translation key → milestone under it
    elsewhere: set = field(default_factory=set)  # translation keys of this language's pages in other places
    problem: str = ""
    problem_reported: bool = False

    @classmethod
    def read(cls, history_page, language, user):
        locale = Locale.objects.filter(language_code=language).first()
        index = history_page.get_translation_or_none(locale) if locale else None
        timeline = cls(locale, index)
        if index is None:
            timeline.problem = _(
                "there is no version of “%(page)s” in %(language)s yet: translate that page in the admin first."
            ) % {"language": language_name(language), "page": history_page.title}
            return timeline
        if user is not None and not index.permissions_for_user(user).can_add_subpage():
            timeline.problem = _("you may not add pages under “%(page)s”.") % {"page": index.title}
            return timeline
        for page in index.get_children().specific():
            timeline.children_by_slug[page.slug] = page
            if isinstance(page, MilestonePage):
                timeline.milestones_by_key[page.translation_key] = page
        timeline.elsewhere = set(
            MilestonePage.objects.filter(locale=locale)
            .exclude(pk__in=[page.pk for page in timeline.milestones_by_key.values()])
            .values_list("translation_key", flat=True)
        )
        return timeline


@dataclass
class SourceMilestones:
    """The history page's own milestones, to find the one a row in another language translates."""

    history_page: HistoryIndexPage
    plan: ImportPlan
    by_slug: dict = field(default_factory=dict)  # slug → milestone on the timeline
    slug_by_key: dict = field(default_factory=dict)  # translation key → slug

    @classmethod
    def read(cls, history_page, plan):
        sources = cls(history_page, plan)
        for page in MilestonePage.objects.child_of(history_page):
            sources.by_slug[page.slug] = page
            sources.slug_by_key[page.translation_key] = page.slug
        return sources

    def get(self, slug):
        """The milestone with this slug as it is after the import: its row's version, else its latest draft."""
        if slug in self.plan.source_rows:
            return self.plan.source_rows[slug]
        page = self.by_slug.get(slug)
        return _latest(page) if page is not None else None


def _find_source(row, report, sources, timeline):
    """(found, English milestone or None, its existing translation or None) for a milestone row in another
    language: linked by ``translation_key`` when it names a milestone here, else by ``source_slug``."""
    source_language = language_name(sources.history_page.locale.language_code)
    key_text = row.values.get("translation_key", "")
    source_slug = row.values.get("source_slug", "")
    key = None
    if key_text:
        try:
            key = uuid.UUID(key_text)
        except ValueError:
            report.add(
                row.number,
                "translation_key",
                _("“%(value)s” is not a translation key; they look like %(example)s.")
                % {"value": key_text, "example": "1bf38407-402c-4859-a555-efe348b728a5"},
                row.unit,
            )
            return False, None, None
    source = None
    if key is not None and key in sources.slug_by_key:
        source = sources.get(sources.slug_by_key[key])
        if source_slug and source_slug != source.slug:
            report.add(
                row.number,
                "source_slug",
                _("the translation key is that of the milestone “%(slug)s”, not “%(source_slug)s”; correct one of them.")
                % {"slug": source.slug, "source_slug": source_slug},
                row.unit,
            )
            return False, None, None
    elif source_slug:
        source = sources.get(source_slug)
        if source is None:
            if source_slug not in sources.plan.source_row_slugs:  # else that row's own problem says why
                report.add(
                    row.number,
                    "source_slug",
                    _("no milestone in %(language)s has the address “%(slug)s”, on the timeline or in this file.")
                    % {"language": source_language, "slug": source_slug},
                    row.unit,
                )
            return False, None, None
    if source is not None:
        translation = timeline.milestones_by_key.get(source.translation_key)
        if translation is None and source.translation_key in timeline.elsewhere:
            report.add(
                row.number,
                "locale",
                _("the version of “%(title)s” in %(language)s is not under “%(page)s”; move it there in the admin first.")
                % {"language": language_name(timeline.locale.language_code), "title": source.title,
                   "page": timeline.index.title},
                row.unit,
            )
            return False, None, None
        return True, source, translation
    if key is not None and key in timeline.milestones_by_key:
        return True, None, timeline.milestones_by_key[key]  # a milestone only in this language
    if key is not None:
        report.add(
            row.number,
            "translation_key",
            _("no milestone here has this translation key; give source_slug, the address of the milestone in "
              "%(language)s that this row translates.")
            % {"language": source_language},
            row.unit,
        )
    else:
        report.add(
            row.number,
            "source_slug",
            _("this is required: the address (slug) of the milestone in %(language)s that this row translates.")
            % {"language": source_language},
            row.unit,
        )
    return False, None, None


def _plan_translated_milestone(row, date_parts, timeline, sources, report, plan, seen):
    """A milestone row in another language: a new translation of its English milestone, or a change to
    the translation there is. Checked like an English row; its date and kind must be the English ones."""
    if timeline.problem:
        if not timeline.problem_reported:
            report.add(row.number, "locale", timeline.problem, row.unit)
            timeline.problem_reported = True
        return
    headline, summary, kind = _milestone_texts(row, report)
    found, source, translation = _find_source(row, report, sources, timeline)
    if not found:
        return
    current = _latest(translation) if translation is not None else None
    slug = slugify(row.values.get("slug") or (current.slug if current else headline))[:255]
    holder = timeline.children_by_slug.get(slug)
    if headline and not slug:
        report.add(row.number, "slug", _("the headline gives no web address; add a slug (letters, digits, hyphens)."), row.unit)
        return
    if sub_route_taken(timeline.index, slug):
        report.add(row.number, "slug", str(sub_route_error(slug).message), row.unit)
        return
    if holder is not None and (translation is None or holder.pk != translation.pk):
        if isinstance(holder, MilestonePage):
            message = _("the address “%(slug)s” belongs to another milestone, “%(title)s”; choose another slug.")
        else:
            message = _("the address “%(slug)s” belongs to a page that is not a milestone; choose another slug.")
        report.add(row.number, "slug", message % {"slug": slug, "title": holder.title}, row.unit)
        return
    if not date_parts or not headline:
        return
    year, month, day, precision = date_parts
    date = datetime.date(year, month or 1, day or 1)
    if source is not None:
        # wagtail-localize keeps a translation's date and kind those of its source: a row may repeat the
        # English ones, or the translation's own until it is next synced, but not set others.
        dates = {(page.year, page.month, page.day, page.date_precision) for page in (source, current) if page}
        if (year, month, day, precision) not in dates:
            report.add(
                row.number,
                "date",
                _("a translation has the date of the milestone it translates (%(date)s); change that milestone's "
                  "date instead.")
                % {"date": _iso_date(source)},
                row.unit,
            )
            return
        if kind and kind not in {page.kind for page in (source, current) if page}:
            report.add(
                row.number,
                "kind",
                _("a translation has the kind of the milestone it translates (%(kind)s); change that milestone's "
                  "kind instead.")
                % {"kind": source.kind},
                row.unit,
            )
            return
    language_code = timeline.locale.language_code
    link_column = "source_slug" if row.values.get("source_slug") else "translation_key"
    duplicate_keys = [
        ("slug", language_code, slug),
        ("headline", language_code, headline.casefold(), date),
        (link_column, language_code, (source or translation).translation_key),
    ]
    if not _first_in_file(row, report, seen, duplicate_keys):
        return
    if not kind:
        return
    values = {"slug": slug, **_milestone_values(headline, summary, kind, date_parts)}
    if translation is None:
        page = MilestonePage(live=False, locale=timeline.locale, translation_key=source.translation_key, **values)
        plan.translations.append(PlannedTranslation(row, page, timeline.locale, source, values))
        return
    if translation.locked:
        report.add(
            row.number,
            "slug",
            _("“%(title)s” is locked in the admin; unlock it first.") % {"title": translation.title},
            row.unit,
        )
        return
    if translation.alias_of_id:
        report.add(
            row.number,
            "slug",
            _("“%(title)s” is an alias of another page, not a translation; translate it in the admin first.")
            % {"title": translation.title},
            row.unit,
        )
        return
    if _apply(current, values, TRANSLATED_MILESTONE_FIELDS):
        current.date = date
        plan.translations.append(PlannedTranslation(row, current, timeline.locale, source, values, is_new=False))
    else:
        report.unchanged += 1


def plan_import(rows, *, history_page, report, user=None):
    """Check every row; return what would be created. Problems are added to the report, in line order.

    Rows in the history page's own language are checked first, so that a row in another language may
    translate a milestone that an earlier or later row of the same file adds."""
    plan = ImportPlan()
    seen = {}
    source_language = history_page.locale.language_code
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    translated_rows = []
    for row in rows:
        entry_type = row.values.get("type", "").lower().replace(" ", "_")
        date_parts = None
        if not row.values.get("date"):
            report.add(row.number, "date", _("this is required."), row.unit)
        else:
            try:
                date_parts = parse_precise_date(row.values["date"])
            except ValidationError as exc:
                report.add(row.number, "date", " ".join(exc.messages), row.unit)
        language = _row_language(row, report, languages, source_language)
        if language is not None and language != source_language and entry_type in (MILESTONE, AWARD_EVENT):
            if entry_type == MILESTONE:
                translated_rows.append((row, date_parts, language))
            else:
                report.add(
                    row.number,
                    "locale",
                    _("award events are imported in %(language)s only; their translations are made with their "
                      "award's, in the admin.")
                    % {"language": language_name(source_language)},
                    row.unit,
                )
        elif entry_type == MILESTONE:
            if language is not None:
                _plan_milestone(row, date_parts, history_page, report, plan, seen)
        elif entry_type == AWARD_EVENT:
            if language is not None:
                _plan_award_event(row, date_parts, history_page, report, plan, seen)
        elif not entry_type:
            report.add(row.number, "type", _("this is required: “milestone” or “award_event”."), row.unit)
        else:
            report.add(
                row.number,
                "type",
                _("unknown type “%(value)s”. Use “milestone” or “award_event”.") % {"value": row.values["type"]},
                row.unit,
            )
    if translated_rows:
        sources = SourceMilestones.read(history_page, plan)
        timelines = {}
        for row, date_parts, language in translated_rows:
            if language not in timelines:
                timelines[language] = TranslatedTimeline.read(history_page, language, user)
            _plan_translated_milestone(row, date_parts, timelines[language], sources, report, plan, seen)
        report.problems.sort(key=lambda problem: problem.line or 0)
    return plan


def _remember_texts(translation, values, user):
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


def _create_translation(planned, user):
    """A new draft translation of ``planned.source``, made by wagtail-localize as its “Translate” does
    (TranslationSource, Translation, then the target saved as a draft) with the row's texts."""
    source_page = MilestonePage.objects.get(pk=planned.source.pk)  # as stored, as wagtail-localize reads it
    source, _created = TranslationSource.update_or_create_from_instance(source_page)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=planned.locale, defaults={"enabled": True}
    )
    _remember_texts(translation, planned.values, user)
    translation.save_target(user=user, publish=False)
    page = source_page.get_translation(planned.locale)
    # The source's stored version may not yet have the date or kind that its row gives it.
    if _apply(page, planned.values, TRANSLATED_MILESTONE_FIELDS):
        page.save(clean=False)
        page.save_revision(user=user, log_action=True)
    return page


def _update_translation(planned, user):
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
        _remember_texts(synced, planned.values, user)


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
                _create_translation(planned, user)
            else:
                _update_translation(planned, user)
        changed_awards = {}
        for planned in plan.award_events:
            award = planned.award
            if planned.is_new:
                award.events.add(planned.event)
            changed_awards[award.pk] = award
        for award in changed_awards.values():
            award.save_revision(user=user, log_action=True)
    return report


def _escape(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _milestone_row(milestone, language, source_slug=""):
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
    milestones = [_latest(page) for page in MilestonePage.objects.child_of(history_page).order_by("date", "path")]
    slugs = {milestone.translation_key: milestone.slug for milestone in milestones}
    translated = {}  # translation key → rows of that milestone's translations
    rows_without_source = []  # milestones only in another language
    for translation_index in history_page.get_translations().select_related("locale").order_by("locale__language_code"):
        for page in MilestonePage.objects.child_of(translation_index).order_by("date", "path"):
            translation = _latest(page)
            source_slug = slugs.get(translation.translation_key, "")
            row = _milestone_row(translation, translation_index.locale.language_code, source_slug)
            if source_slug:
                translated.setdefault(translation.translation_key, []).append(row)
            else:
                rows_without_source.append(row)
    rows = []
    for milestone in sorted(milestones, key=lambda page: page.date):
        rows.append(_milestone_row(milestone, language))
        rows.extend(translated.get(milestone.translation_key, []))
    rows.extend(rows_without_source)
    events = [
        (award, event)
        for award in (_latest(page) for page in AwardPage.objects.child_of(history_page).prefetch_related("events"))
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
        writer.writerow({key: _escape(value) for key, value in row.items()})
    return buffer.getvalue()
