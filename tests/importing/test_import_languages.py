"""Import and export in both languages: Norwegian rows as translations of English milestones, and their problems."""

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page

import pytest
from wagtail_localize.models import Translation

from history.factories import MilestonePageFactory
from history.importing import export_timeline
from history.models import HistoryIndexPage, MilestonePage
from tests.bilingual_content import norwegian
from tests.importing.rows import GOOD_ROWS, HEADER, problems, run

LOCALE_HEADER = "type,date,headline,kind,summary,slug,award,event_type,score,note,locale,source_slug,translation_key\n"


def page_count():
    return Page.objects.count()


@pytest.fixture
def norwegian_history(history_page):
    """The home and history pages translated into Norwegian and published: /nb/var-historie/."""
    home = history_page.get_parent().specific
    home.copy_for_translation(norwegian()).save_revision().publish()
    translation = history_page.copy_for_translation(norwegian())
    translation.title, translation.slug = "Vår historie", "var-historie"
    translation.save_revision().publish()
    return HistoryIndexPage.objects.get(pk=translation.pk)


@pytest.fixture
def founded(history_page):
    milestone = MilestonePageFactory(
        parent=history_page, slug="founded", title="Founded", year=2006, kind="founding", summary="The start."
    )
    milestone.save_revision().publish()
    return milestone


NORWEGIAN_ROW = "milestone,2006,Oslo Cancer Cluster blir etablert,founding,Starten.,blir-etablert,,,,,nb,founded,\n"


@pytest.mark.django_db
class TestLanguages:
    """A locale column: English rows as before, Norwegian rows as wagtail-localize translations of English ones."""

    def test_a_norwegian_row_makes_a_draft_translation_that_a_moderator_publishes(
        self, history_page, norwegian_history, founded, client, admin_client, django_capture_on_commit_callbacks
    ):
        report = run(history_page, LOCALE_HEADER + NORWEGIAN_ROW)
        assert report.saved, problems(report)
        assert report.milestones == ["Oslo Cancer Cluster blir etablert (nb)"]

        translation = founded.get_translation(norwegian())
        assert translation.translation_key == founded.translation_key
        assert translation.get_parent().pk == norwegian_history.pk
        assert (translation.title, translation.slug, translation.summary) == (
            "Oslo Cancer Cluster blir etablert", "blir-etablert", "Starten."
        )
        assert (translation.display_date, translation.kind) == ("2006", "founding")
        # A draft, as every import makes: nobody sees it before a moderator publishes it.
        assert not translation.live and translation.has_unpublished_changes
        assert client.get("/nb/var-historie/blir-etablert/").status_code == 404
        # wagtail-localize keeps it synced to the English page; its editor holds the imported texts.
        assert Translation.objects.filter(
            source__object_id=founded.translation_key, target_locale=norwegian(), enabled=True
        ).exists()

        # The moderator publishes it from the admin (wagtail-localize's editor rebuilds it from those texts).
        edit = reverse("wagtailadmin_pages:edit", args=[translation.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert admin_client.post(edit, {"action": "publish"}).status_code == 302
        translation.refresh_from_db()
        assert translation.live and translation.title == "Oslo Cancer Cluster blir etablert"
        response = client.get("/nb/var-historie/blir-etablert/")
        assert response.status_code == 200
        assert "Oslo Cancer Cluster blir etablert" in response.content.decode()
        assert "/nb/var-historie/blir-etablert/" in client.get(founded.url).content.decode()  # its other language

    def test_an_english_row_and_its_norwegian_row_in_one_file(self, history_page, norwegian_history):
        text = (
            LOCALE_HEADER
            + "milestone,2021,Modne klynger,recognition,Status som moden klynge.,modne-klynger,,,,,nb,mature-cluster,\n"
            + "milestone,2021,Mature Cluster,recognition,Mature Cluster status.,mature-cluster,,,,,en,,\n"
        )
        report = run(history_page, text)
        assert report.saved, problems(report)
        assert report.milestones == ["Modne klynger (nb)", "Mature Cluster"]  # in the file's order
        english = MilestonePage.objects.get(slug="mature-cluster")
        translation = MilestonePage.objects.get(slug="modne-klynger")
        assert (english.locale.language_code, translation.locale.language_code) == ("en", "nb")
        assert translation.translation_key == english.translation_key
        assert not english.live and not translation.live

    def test_a_file_without_the_locale_column_is_english(self, history_page, norwegian_history):
        report = run(history_page, HEADER + GOOD_ROWS.splitlines(keepends=True)[0])
        assert report.saved, problems(report)
        assert MilestonePage.objects.get().locale.language_code == "en"
        assert not MilestonePage.objects.child_of(norwegian_history).exists()

    def test_a_norwegian_row_may_name_its_english_milestone_by_translation_key(
        self, history_page, norwegian_history, founded
    ):
        row = NORWEGIAN_ROW.replace(",nb,founded,", f",nb,,{founded.translation_key}")
        report = run(history_page, LOCALE_HEADER + row)
        assert report.saved, problems(report)
        assert founded.get_translation(norwegian()).slug == "blir-etablert"

    def test_an_edited_norwegian_row_changes_the_translation_in_a_draft(
        self, history_page, norwegian_history, founded, admin_client, django_capture_on_commit_callbacks
    ):
        run(history_page, LOCALE_HEADER + NORWEGIAN_ROW)
        translation = founded.get_translation(norwegian())
        translation.get_latest_revision().publish()
        exported = export_timeline(history_page=history_page, file_format="csv")
        report = run(history_page, exported.replace("Starten.", "Begynnelsen."))
        assert report.updated_milestones == ["Oslo Cancer Cluster blir etablert (nb)"], problems(report)
        assert report.unchanged == 1

        translation.refresh_from_db()
        assert translation.summary == "Starten."  # the published version is untouched...
        assert translation.get_latest_revision_as_object().summary == "Begynnelsen."  # ...the draft has it
        # ...and so does wagtail-localize's editor: publishing from it keeps the change.
        edit = reverse("wagtailadmin_pages:edit", args=[translation.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert admin_client.post(edit, {"action": "publish"}).status_code == 302
        translation.refresh_from_db()
        assert translation.summary == "Begynnelsen."

    def test_the_admin_imports_and_exports_both_languages(self, history_page, norwegian_history, founded, admin_client):
        upload = SimpleUploadedFile("timeline.csv", (LOCALE_HEADER + NORWEGIAN_ROW).encode())
        response = admin_client.post(reverse("history_timeline_import"), {"file": upload})  # “dry run” unticked
        assert "New milestone: Oslo Cancer Cluster blir etablert (nb)" in response.content.decode()
        assert founded.get_translation(norwegian()).slug == "blir-etablert"
        exported = admin_client.get(reverse("history_timeline_export"), {"format": "csv"}).content.decode()
        assert exported.startswith(LOCALE_HEADER)
        assert ",blir-etablert,,,,,nb,founded," in exported

    @pytest.mark.parametrize("file_format", ["csv", "json"])
    def test_the_export_of_both_languages_imports_as_nothing_to_change(
        self, history_page, norwegian_history, founded, file_format
    ):
        run(history_page, LOCALE_HEADER + NORWEGIAN_ROW)
        exported = export_timeline(history_page=history_page, file_format=file_format)
        rows = json.loads(exported) if file_format == "json" else list(csv.DictReader(io.StringIO(exported)))
        assert [(row["locale"], row["slug"], row["source_slug"]) for row in rows] == [
            ("en", "founded", ""), ("nb", "blir-etablert", "founded")
        ]
        assert rows[0]["translation_key"] == rows[1]["translation_key"] == str(founded.translation_key)
        revisions = {page.pk: page.revisions.count() for page in Page.objects.all()}
        report = run(history_page, exported, file_format=file_format)
        assert report.ok and not report.has_changes, problems(report)
        assert report.unchanged == 2
        assert {page.pk: page.revisions.count() for page in Page.objects.all()} == revisions


    def test_a_milestone_written_only_in_norwegian_exports_and_imports_as_itself(self, history_page, norwegian_history):
        only_norwegian = MilestonePageFactory(
            parent=norwegian_history, slug="bare-norsk", title="Bare på norsk", year=2020, locale=norwegian()
        )
        exported = export_timeline(history_page=history_page, file_format="csv")
        assert f",bare-norsk,,,,,nb,,{only_norwegian.translation_key}" in exported
        report = run(history_page, exported)
        assert report.ok and not report.has_changes and report.unchanged == 1, problems(report)
        report = run(history_page, exported.replace("Bare på norsk", "Bare norsk"))
        assert report.updated_milestones == ["Bare norsk (nb)"], problems(report)
        assert MilestonePage.objects.get(pk=only_norwegian.pk).get_latest_revision_as_object().title == "Bare norsk"

    def test_the_bilingual_demo_exports_and_imports_as_nothing_to_change(self, demo_site):
        history = HistoryIndexPage.objects.get(locale__language_code="en")
        revisions = {page.pk: page.revisions.count() for page in Page.objects.all()}
        for file_format in ("csv", "json"):
            exported = export_timeline(history_page=history, file_format=file_format)
            rows = json.loads(exported) if file_format == "json" else list(csv.DictReader(io.StringIO(exported)))
            milestones = [row for row in rows if row["type"] == "milestone"]
            assert [row["locale"] for row in milestones] == ["en", "nb"] * 5
            assert all(row["source_slug"] == english["slug"] for english, row in zip(milestones[::2], milestones[1::2], strict=True))
            report = run(history, exported, file_format=file_format)
            assert report.ok and not report.has_changes, problems(report)
            assert report.unchanged == len(rows)
        assert {page.pk: page.revisions.count() for page in Page.objects.all()} == revisions


@pytest.mark.django_db
class TestLanguageProblems:
    """Each problem names its line and column, and nothing of the file is saved: not its good rows either."""

    GOOD_ENGLISH_ROW = "milestone,2015-05,Innovation Park opens,building,The park.,park-opens,,,,,en,,\n"

    def check(self, history_page, text, expected):
        before = page_count()
        report = run(history_page, LOCALE_HEADER + self.GOOD_ENGLISH_ROW + text)
        assert problems(report) == expected
        assert page_count() == before
        assert not MilestonePage.objects.filter(slug="park-opens").exists()

    def test_an_unknown_language(self, history_page, norwegian_history, founded):
        self.check(
            history_page,
            NORWEGIAN_ROW.replace(",nb,", ",xx,"),
            ["Line 3, locale: unknown language “xx”. Use one of: en, nb."],
        )

    def test_a_norwegian_row_whose_english_milestone_does_not_exist(self, history_page, norwegian_history, founded):
        self.check(
            history_page,
            NORWEGIAN_ROW.replace(",nb,founded,", ",nb,no-such-milestone,"),
            ["Line 3, source_slug: no milestone in English has the address “no-such-milestone”, on the timeline or in "
             "this file."],
        )

    def test_a_norwegian_row_that_names_no_english_milestone(self, history_page, norwegian_history, founded):
        self.check(
            history_page,
            NORWEGIAN_ROW.replace(",nb,founded,", ",nb,,"),
            ["Line 3, source_slug: this is required: the address (slug) of the milestone in English that this row "
             "translates."],
        )

    def test_a_norwegian_row_before_the_norwegian_history_page_exists(self, history_page, founded):
        self.check(
            history_page,
            NORWEGIAN_ROW + NORWEGIAN_ROW.replace("blir-etablert", "etablert"),
            ["Line 3, locale: there is no version of “Our history” in Norwegian yet: translate that page in the admin "
             "first."],
        )

    def test_a_duplicate_slug_in_one_language(self, history_page, norwegian_history, founded):
        other = "milestone,2015-05,Parken åpner,building,Parken.,blir-etablert,,,,,nb,park-opens,\n"
        self.check(
            history_page,
            NORWEGIAN_ROW + other,
            ["Line 4, slug: duplicate of line 3 in this file."],
        )

    def test_the_same_slug_in_two_languages_is_fine(self, history_page, norwegian_history, founded):
        report = run(history_page, LOCALE_HEADER + NORWEGIAN_ROW.replace("blir-etablert", "founded"))
        assert report.saved, problems(report)
        assert founded.get_translation(norwegian()).url == "/nb/var-historie/founded/"

    def test_two_norwegian_rows_for_one_english_milestone(self, history_page, norwegian_history, founded):
        self.check(
            history_page,
            NORWEGIAN_ROW + NORWEGIAN_ROW.replace("blir-etablert", "etablert").replace("blir etablert", "grunnlegges"),
            ["Line 4, source_slug: duplicate of line 3 in this file."],
        )

    def test_a_slug_another_norwegian_milestone_has(self, history_page, norwegian_history, founded):
        MilestonePageFactory(parent=norwegian_history, slug="blir-etablert", title="Noe annet", locale=norwegian())
        self.check(
            history_page,
            NORWEGIAN_ROW,
            ["Line 3, slug: the address “blir-etablert” belongs to another milestone, “Noe annet”; choose another slug."],
        )

    def test_a_translation_key_that_is_not_one(self, history_page, norwegian_history, founded):
        self.check(
            history_page,
            NORWEGIAN_ROW.replace(",nb,founded,", ",nb,,founded"),
            ["Line 3, translation_key: “founded” is not a translation key; they look like "
             "1bf38407-402c-4859-a555-efe348b728a5."],
        )

    def test_a_translation_keeps_the_date_of_its_english_milestone(self, history_page, norwegian_history, founded):
        self.check(
            history_page,
            NORWEGIAN_ROW.replace("milestone,2006,", "milestone,2007,"),
            ["Line 3, date: a translation has the date of the milestone it translates (2006); change that "
             "milestone's date instead."],
        )

    def test_award_events_are_imported_in_english(self, history_page, norwegian_history, award):
        self.check(
            history_page,
            "award_event,2022-12,,,,,gold-label,renewed,94,,nb,,\n",
            ["Line 3, locale: award events are imported in English only; their translations are made with their "
             "award's, in the admin."],
        )

    def test_a_norwegian_editor_reads_the_problems_in_norwegian(self, history_page, founded):
        with translation.override("nb"):
            report = run(history_page, LOCALE_HEADER + NORWEGIAN_ROW.replace(",nb,", ",xx,") + NORWEGIAN_ROW)
            assert problems(report) == [
                "Linje 2, locale: ukjent språk «xx». Bruk en av disse: en, nb.",
                "Linje 3, locale: det finnes ingen versjon av «Our history» på norsk ennå. Oversett den siden i "
                "administrasjonen først.",
            ]

    def test_problems_are_listed_in_line_order(self, history_page, norwegian_history, founded):
        text = NORWEGIAN_ROW.replace(",nb,founded,", ",nb,nowhere,") + "milestone,2015-13,Bad,building,Text.,,,,,,en,,\n"
        report = run(history_page, LOCALE_HEADER + text)
        assert [(p.line, p.column) for p in report.problems] == [(2, "source_slug"), (3, "date")]
