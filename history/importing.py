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
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from history.dates import DatePrecision, iso_precise_date, validate_precise_date
from history.models import AwardEvent, AwardEventType, AwardPage, MilestoneKind, MilestonePage
from history.models.pages import sub_route_error, sub_route_taken

MAX_IMPORT_BYTES = 5 * 1024 * 1024
FORMATS = ("csv", "json")
MILESTONE = "milestone"
AWARD_EVENT = "award_event"
COLUMNS = ["type", "date", "headline", "kind", "summary", "slug", "award", "event_type", "score", "note"]
REQUIRED_COLUMNS = ["type", "date"]
DATE_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")
# Spreadsheet programs run cells starting with these as formulas; exported text is prefixed with '.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

HEADLINE_MAX_LENGTH = 255
SUMMARY_MAX_LENGTH = 600


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
class ImportPlan:
    milestones: list = field(default_factory=list)
    award_events: list = field(default_factory=list)
    awards: dict = field(default_factory=dict)  # slug → latest draft of the award (with its events)


MILESTONE_FIELDS = ("title", "year", "month", "day", "date_precision", "kind", "summary")
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


def _plan_milestone(row, date_parts, history_page, report, plan, seen):
    headline = _text(row, report, "headline", required=True, max_length=HEADLINE_MAX_LENGTH)
    summary = _text(row, report, "summary", required=True, max_length=SUMMARY_MAX_LENGTH)
    kind = row.values.get("kind", "")
    if not kind:
        report.add(row.number, "kind", _("this is required."), row.unit)
    else:
        kind = _choice(kind, MilestoneKind, report, row, "kind", _("kind"))
    slug = slugify(row.values.get("slug") or headline)[:255]
    if headline and not slug:
        report.add(row.number, "slug", _("the headline gives no web address; add a slug (letters, digits, hyphens)."), row.unit)
    elif sub_route_taken(history_page, slug):
        report.add(row.number, "slug", str(sub_route_error(slug).message), row.unit)
        return
    if not date_parts or not headline:
        return
    year, month, day, precision = date_parts
    date = datetime.date(year, month or 1, day or 1)
    duplicate_keys = [("slug", slug), ("headline", headline.casefold(), date)]
    for key in duplicate_keys:
        if key in seen:
            report.add(row.number, key[0], _("duplicate of %(where)s in this file.") % {"where": seen[key]}, row.unit)
            return
    where = (_("line %(number)s") if row.unit == "line" else _("entry %(number)s")) % {"number": row.number}
    for key in duplicate_keys:
        seen[key] = where
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
    values = {
        "title": headline,
        "year": year,
        "month": month,
        "day": day,
        "date_precision": precision,
        "kind": kind,
        "summary": summary,
    }
    if existing_page is None:
        page = MilestonePage(slug=slug, live=False, **values)
        plan.milestones.append(PlannedMilestone(row, page))
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
    key = ("award_event", award_slug, event_type, date)
    if key in seen:
        report.add(row.number, "date", _("duplicate of %(where)s in this file.") % {"where": seen[key]}, row.unit)
        return
    seen[key] = (_("line %(number)s") if row.unit == "line" else _("entry %(number)s")) % {"number": row.number}
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


def plan_import(rows, *, history_page, report):
    """Check every row; return what would be created. Problems are added to the report."""
    plan = ImportPlan()
    seen = {}
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
        if entry_type == MILESTONE:
            _plan_milestone(row, date_parts, history_page, report, plan, seen)
        elif entry_type == AWARD_EVENT:
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
    return plan


def import_timeline(*, history_page, data, file_format, user=None, dry_run=True):
    """Check a CSV or JSON file and, unless it is a dry run and only if every row is right, save it as drafts."""
    report = ImportReport(dry_run=dry_run)
    rows = read_rows(data, file_format, report)
    if not report.problems and not rows:
        report.add(None, "", _("the file has no rows to import."))
    if report.problems:
        return report
    plan = plan_import(rows, history_page=history_page, report=report)
    report.milestones = [planned.page.title for planned in plan.milestones if planned.is_new]
    report.updated_milestones = [planned.page.title for planned in plan.milestones if not planned.is_new]
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


def timeline_rows(history_page):
    """Every milestone and award event under one history page, in date order, as import-ready dicts.

    Each page as an editor sees it in the admin: its latest draft when it has
    unpublished changes, else as published. Importing the file unchanged then
    changes nothing.
    """
    rows = []
    milestones = [_latest(page) for page in MilestonePage.objects.child_of(history_page).order_by("date", "path")]
    for milestone in sorted(milestones, key=lambda page: page.date):
        rows.append({
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
        })
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
