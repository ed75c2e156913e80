"""The interface in Norwegian Bokmål: every string translated, the committed .mo files up to date,
placeholders kept, and the translations used when the language is active.

The .mo files are committed so that a fresh machine without GNU gettext shows Norwegian; these
tests make sure nobody commits a .po edit without compiling it (`make messages`).
"""

import datetime
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

import polib
import pytest

from history.choices import MilestoneKind
from history.dates import DatePrecision, MonthChoices, format_precise_date, validate_precise_date
from history.importing import ImportProblem
from history.models import AwardEvent, CaptionedImage
from history.timeline import kind_filters

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
# The project's catalogues: locale/ (LOCALE_PATHS) and any app's own locale/.
CATALOGUES = sorted([*ROOT.glob("locale/*/LC_MESSAGES/*.po"), *ROOT.glob("*/locale/*/LC_MESSAGES/*.po")])
# What `make messages` gives makemessages (Makefile: messages, MESSAGES_OPTIONS).
NOT_SCANNED = [".venv", "node_modules", "staticfiles", "media", "benchmarks", "tests"]

# Python's %-placeholders, as gettext's python-format knows them: %(name)s, %s, %d, %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
# HTML elements a message may carry (not “<award name>”, which is text).
HTML_TAG = re.compile(r"</?(?:a|abbr|b|br|code|em|i|p|span|strong)\b[^>]*>")


def entry_id(entry):
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


def translations_of(entry):
    """[(source, translation)] pairs to compare: the singular and each plural form."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [(entry.msgid if index == 0 else entry.msgid_plural, form) for index, form in enumerate(forms)]


def compiled(catalogue):
    """A .mo file's messages and header, as a comparable value (msgfmt leaves out the POT-Creation-Date)."""
    messages = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)) if entry.msgid_plural else entry.msgstr
        )
        for entry in catalogue
    }
    header = {name: value for name, value in catalogue.metadata.items() if name != "POT-Creation-Date"}
    return messages, header


def test_there_is_a_norwegian_catalogue():
    assert ROOT / "locale/nb/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_string_is_translated_and_none_is_fuzzy(po_path):
    catalogue = polib.pofile(str(po_path))
    assert not catalogue.metadata_is_fuzzy, f"{po_path.name}: the header is marked fuzzy, so gettext ignores it"
    assert catalogue.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    untranslated = [entry_id(entry) for entry in catalogue.untranslated_entries()]
    fuzzy = [entry_id(entry) for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path.name}: {untranslated}"
    assert not fuzzy, f"fuzzy (check the translation, then remove the fuzzy flag) in {po_path.name}: {fuzzy}"
    assert len(catalogue.translated_entries()) > 0


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_translations_keep_every_placeholder_and_html_tag(po_path):
    problems = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        for source, translated in translations_of(entry):
            if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(translated)):
                problems.append(f"{entry_id(entry)}: placeholders {PLACEHOLDER.findall(translated)}")
            if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(translated)):
                problems.append(f"{entry_id(entry)}: HTML {HTML_TAG.findall(translated)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_committed_mo_file_is_the_compiled_po_file(po_path, tmp_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(ROOT)} is missing: run `make messages` and commit it"
    fresh = tmp_path / mo_path.name
    polib.pofile(str(po_path)).save_as_mofile(str(fresh))
    assert compiled(polib.mofile(str(mo_path))) == compiled(polib.mofile(str(fresh))), (
        f"{mo_path.relative_to(ROOT)} does not match {po_path.name}: run `make messages` and commit both files"
    )


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the code finds no string the committed catalogue lacks, and none it no longer needs."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        reason = "GNU gettext (xgettext, msgmerge) is not installed: apt-get install gettext"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so this is a failure, not a skip: {reason}", pytrace=False)
        pytest.skip(reason)
    copy = tmp_path / "project"
    skipped = {*NOT_SCANNED, ".git", "__pycache__", "static", ".pytest_cache", ".ruff_cache", "backups"}
    shutil.copytree(ROOT, copy, ignore=lambda directory, names: [name for name in names if name in skipped])
    subprocess.run(  # noqa: S603 - this Python, this project's manage.py
        [sys.executable, "manage.py", "makemessages", "--locale=nb", "--add-location=file", "--no-obsolete",
         *(f"--ignore={name}" for name in NOT_SCANNED)],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "occ_site.settings.test"},
        check=True,
        capture_output=True,
    )
    committed = polib.pofile(str(ROOT / "locale/nb/LC_MESSAGES/django.po"))
    fresh = polib.pofile(str(copy / "locale/nb/LC_MESSAGES/django.po"))

    def keys(catalogue):
        return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in catalogue if not entry.obsolete}

    missing = sorted(str(key[1]) for key in keys(fresh) - keys(committed))
    stale = sorted(str(key[1]) for key in keys(committed) - keys(fresh))
    assert not missing, f"marked for translation but not in django.po (run `make messages` and translate): {missing}"
    assert not stale, f"in django.po but no longer in the code (run `make messages`): {stale}"


# What a visitor or an editor sees with Norwegian active.


@pytest.fixture
def norwegian():
    with translation.override("nb"):
        yield


@pytest.mark.usefixtures("norwegian")
@pytest.mark.parametrize(
    ("english", "norwegian_text"),
    [
        ("Skip to content", "Hopp til innholdet"),
        ("Go to home page", "Gå til forsiden"),
        ("Describe this image", "Beskriv bildet"),
        ("Jump to the latest", "Gå til det nyeste"),
        ("Photo credits", "Fotokreditering"),
        ("Become a member", "Bli medlem"),
    ],
)
def test_interface_strings_are_norwegian(english, norwegian_text):
    assert translation.gettext(english) == norwegian_text


@pytest.mark.usefixtures("norwegian")
def test_the_timeline_filters_and_kinds_are_norwegian():
    labels = [str(choice.label) for choice in kind_filters(MilestoneKind.BUILDING)]
    assert labels == ["Alle", "Etablering", "Organisasjon", "Priser og utmerkelser", "Bygg", "Annet"]


@pytest.mark.usefixtures("norwegian")
def test_the_pages_of_a_long_timeline_are_norwegian():
    timeline = SimpleNamespace(
        paginator=SimpleNamespace(num_pages=3), number=2, first_year=2006, last_year=2015,
        previous_href="?page=1", next_href="?page=3",
        years=[SimpleNamespace(year=2015, anchor="year-2015", continued=True, entries=[])],
    )
    pages = render_to_string("history/includes/timeline_pages.html", {"timeline": timeline})
    assert "Viser 2006 til 2015 (side 2 av 3)." in pages
    assert ">Tidligere hendelser</a>" in pages and ">Senere hendelser</a>" in pages
    entries = render_to_string("history/includes/timeline_entries.html", {"timeline": timeline})
    assert "2015 (fortsatt)" in entries


@pytest.mark.usefixtures("norwegian")
@pytest.mark.parametrize(("count", "status"), [(1, "Viser 1 hendelse."), (9, "Viser alle 9 hendelsene.")])
def test_plural_forms_follow_the_count(count, status):
    # The timeline's status line (history/history_index_page.html), as the template writes it.
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=count %}Showing {{ counter }} entry.{% plural %}"
        "Showing all {{ counter }} entries.{% endblocktranslate %}"
    )
    assert template.render(Context({"count": count})) == status


@pytest.mark.usefixtures("norwegian")
def test_dates_months_and_their_errors_are_norwegian():
    assert [str(label) for label in MonthChoices.labels][4] == "mai"
    assert all(str(label).islower() for label in MonthChoices.labels)
    assert format_precise_date(datetime.date(2015, 5, 1), DatePrecision.MONTH) == "mai 2015"
    with pytest.raises(ValidationError) as error:
        validate_precise_date(year=2023, month=2, day=30, precision=DatePrecision.DAY)
    assert error.value.message_dict == {"day": ["Det finnes ingen 30. februar 2023."]}


@pytest.mark.usefixtures("norwegian")
def test_scores_have_a_no_break_space_before_the_percent_sign():
    assert AwardEvent(score=Decimal("94.0")).score_display == f"94{NBSP}%"
    assert AwardEvent(score=Decimal("94.5")).score_display == f"94,5{NBSP}%"


def test_scores_stay_as_english_writes_them():
    with translation.override("en"):
        assert AwardEvent(score=Decimal("94.0")).score_display == "94%"
        assert AwardEvent(score=Decimal("94.5")).score_display == "94.5%"


@pytest.mark.usefixtures("norwegian")
def test_photo_credits_name_the_role_in_norwegian():
    photo = CaptionedImage(collection_id=1, credit_role="photo", credit_name="Gunnar Kopperud")
    illustration = CaptionedImage(collection_id=1, credit_role="illustration", credit_name="Dark Arkitekter")
    assert (photo.credit, illustration.credit) == ("Foto: Gunnar Kopperud", "Illustrasjon: Dark Arkitekter")


@pytest.mark.usefixtures("norwegian")
def test_import_problems_are_reported_in_norwegian():
    problem = ImportProblem(3, "date", translation.gettext("this is required."))
    assert str(problem) == "Linje 3, date: dette må fylles ut."
