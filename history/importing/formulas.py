"""Spreadsheet formulas in exported cells, defused on the way out and restored on the way in.

Spreadsheet programs run a cell that starts with one of ``FORMULA_PREFIXES`` as a
formula, so a headline such as “=HYPERLINK(…)” in an export could run on an
editor's machine. The export prefixes such text with ``'``, which spreadsheets
show as plain text; the import takes that prefix off again, so an exported file
imports as exactly what was exported.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A cell's text for a CSV export: text a spreadsheet would run gets a leading ``'``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def unescape_formula(text):
    """A CSV cell as the export wrote it → the text it stands for."""
    if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text
