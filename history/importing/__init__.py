"""Bulk import and export of the timeline: milestones and award events, as CSV or JSON.

Used by the ``import_timeline`` / ``export_timeline`` commands and by the
admin's “Import / export” view, so both behave the same way.

Import is all or nothing: every row is checked first, every problem is
reported with its line (CSV) or entry (JSON) number, the column and the
reason, and nothing is saved unless the whole file is right. Rows that match
what is already there change nothing, so an exported file edited in a
spreadsheet imports as exactly its edits. Nothing reaches the public site
without moderation: everything is saved as drafts.

One row per milestone or award event; the columns are ``COLUMNS``. ``date`` is
written at the precision that is known: ``2006``, ``2015-05`` or ``2023-04-12``.
``locale`` says which language a row is in; empty, or a file without the
column, means the history page's own language (English). Award events are
imported in English: their translations follow their award's.

The steps, one module each:

- ``reading``: the file's size and encoding, then CSV or JSON into rows;
- ``forms``: one Django form per kind of row checks its cells;
- ``planning`` and ``translations``: every row against the file and the
  timeline (``plan`` holds what would change);
- ``applying``: the plan saved as drafts, in one transaction;
- ``export``: the timeline in the columns the import reads;
- ``formulas``: spreadsheet formulas defused in exports, restored on import.
"""

from history.importing.applying import import_timeline
from history.importing.export import export_timeline, timeline_rows
from history.importing.forms import parse_precise_date
from history.importing.reading import COLUMNS, FORMATS, MAX_IMPORT_BYTES, detect_format
from history.importing.report import ImportProblem, ImportReport, language_name

__all__ = [
    "COLUMNS",
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "ImportProblem",
    "ImportReport",
    "detect_format",
    "export_timeline",
    "import_timeline",
    "language_name",
    "parse_precise_date",
    "timeline_rows",
]
