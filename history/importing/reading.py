"""Reading an import file: its size, its encoding, then CSV or JSON into rows.

Problems with the file as a whole (too big, not UTF-8, unknown columns, broken
JSON) go into the report with the line they are on; the rows are checked later,
one form per row (history.importing.forms).
"""

import csv
import io
import json

from django.utils.translation import gettext as _

from history.importing.formulas import unescape_formula
from history.importing.report import Row

MAX_IMPORT_BYTES = 5 * 1024 * 1024
FORMATS = ("csv", "json")
MILESTONE = "milestone"
AWARD_EVENT = "award_event"
COLUMNS = [
    "type", "date", "headline", "kind", "summary", "slug", "award", "event_type", "score", "note",
    "locale", "source_slug", "translation_key",
]
REQUIRED_COLUMNS = ["type", "date"]


def detect_format(filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension if extension in FORMATS else None


def decode(data, report):
    """The file's text; None, with the line of the first bad byte reported, if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")  # the byte-order mark Excel writes is fine
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


def read_csv(text, report):
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
            cleaned = {key: unescape_formula((value or "").strip()) for key, value in values.items()}
            if any(cleaned.values()):
                rows.append(Row(reader.line_num, cleaned))
    except csv.Error as exc:
        report.add(reader.line_num, "", _("the CSV cannot be read here (%(error)s).") % {"error": exc})
    return rows


def read_json(text, report):
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
                report.add(
                    number,
                    name,
                    _("unknown field. The fields are: %(columns)s.") % {"columns": ", ".join(COLUMNS)},
                    unit="entry",
                )
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
    text = decode(data, report)
    if text is None:
        return []
    return read_csv(text, report) if file_format == "csv" else read_json(text, report)
