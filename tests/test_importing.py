"""Bulk import and export of the timeline: all or nothing, every problem reported where it is."""

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page

import pytest
from wagtail_localize.models import Translation

from history.factories import AwardEventFactory, AwardPageFactory, HistoryIndexPageFactory, MilestonePageFactory
from history.importing import MAX_IMPORT_BYTES, export_timeline, import_timeline
from history.models import AwardEvent, AwardPage, HistoryIndexPage, MilestonePage
from tests.bilingual_content import norwegian

HEADER = "type,date,headline,kind,summary,slug,award,event_type,score,note\n"
GOOD_ROWS = (
    "milestone,2006,Oslo Cancer Cluster is founded,founding,Two men saw a cluster around the Radium Hospital.,,,,,\n"
    "milestone,2015-05,Innovation Park opens,building,The whole value chain under one roof.,,,,,\n"
    "award_event,2022-12,,,,,gold-label,renewed,94,Renewed with an overall score of 94%.\n"
)


@pytest.fixture
def award(history_page):
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="ECEI Gold Label")
    AwardEventFactory(award=award, event_type="awarded", year=2019, month=12, date_precision="month")
    award.save_revision().publish()
    return award


def run(history_page, text, *, file_format="csv", dry_run=False, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return import_timeline(history_page=history_page, data=data, file_format=file_format, dry_run=dry_run)


def problems(report):
    return [str(problem) for problem in report.problems]


@pytest.mark.django_db
class TestGoodFiles:
    def test_dry_run_reports_what_would_be_imported_and_saves_nothing(self, history_page, award):
        report = run(history_page, HEADER + GOOD_ROWS, dry_run=True)
        assert report.ok and not report.saved
        assert report.milestones == ["Oslo Cancer Cluster is founded", "Innovation Park opens"]
        assert report.award_events == ["Renewed: ECEI Gold Label (December 2022)"]
        assert not MilestonePage.objects.exists()
        assert AwardPage.objects.get().get_latest_revision_as_object().events.count() == 1

    def test_import_creates_drafts_that_are_not_on_the_public_timeline(self, history_page, award, client):
        report = run(history_page, HEADER + GOOD_ROWS)
        assert report.saved
        founded = MilestonePage.objects.get(slug="oslo-cancer-cluster-is-founded")
        assert not founded.live and founded.has_unpublished_changes
        assert (founded.display_date, founded.kind) == ("2006", "founding")
        assert MilestonePage.objects.get(slug="innovation-park-opens").display_date == "May 2015"
        # The renewal waits in a draft of the award: the published events are untouched.
        assert AwardEvent.objects.count() == 1
        draft = AwardPage.objects.get().get_latest_revision_as_object()
        renewal = next(event for event in draft.events.all() if event.event_type == "renewed")
        assert (renewal.display_date, renewal.score_display) == ("December 2022", "94%")
        assert b"Innovation Park opens" not in client.get(history_page.url).content

    def test_publishing_the_award_draft_puts_the_renewal_on_the_timeline(self, history_page, award, client):
        run(history_page, HEADER + GOOD_ROWS)
        AwardPage.objects.get().get_latest_revision().publish()
        assert AwardEvent.objects.filter(event_type="renewed", score=94).exists()
        assert b"Overall score: 94%" in client.get(history_page.url).content

    def test_json_import(self, history_page, award):
        entries = [
            {"type": "milestone", "date": 2007, "headline": "Norwegian Centre of Expertise", "kind": "recognition",
             "summary": "The only one in health."},
            {"type": "award_event", "date": "2021-02", "award": "gold-label", "event_type": "status_granted"},
        ]
        report = run(history_page, json.dumps(entries), file_format="json")
        assert report.saved, problems(report)
        assert MilestonePage.objects.get().year == 2007

    def test_a_utf8_bom_from_excel_is_fine(self, history_page):
        report = run(history_page, "\ufeff" + HEADER + GOOD_ROWS.splitlines(keepends=True)[0])
        assert report.saved, problems(report)

    def test_export_then_import_into_an_empty_site_gives_the_same_timeline(self, history_page, award):
        MilestonePageFactory(parent=history_page, title="Founded", year=2006, kind="founding", summary="=SUM(A1) is text")
        MilestonePageFactory(
            parent=history_page, title="Park opens", year=2015, month=5, date_precision="month", kind="building"
        )

        def timeline(page):
            return [(m.title, m.display_date, m.kind, m.summary) for m in MilestonePage.objects.child_of(page).order_by("date")]

        for file_format in ("csv", "json"):
            exported = export_timeline(history_page=history_page, file_format=file_format)
            other = HistoryIndexPageFactory(parent=history_page.get_parent(), slug=f"copy-{file_format}")
            AwardPageFactory(parent=other, slug="gold-label", title="ECEI Gold Label")
            report = run(other, exported, file_format=file_format)
            assert report.saved, problems(report)
            assert timeline(other) == timeline(history_page)
            assert report.award_events == ["Awarded: ECEI Gold Label (December 2019)"]

    def test_csv_export_defuses_spreadsheet_formulas(self, history_page):
        MilestonePageFactory(parent=history_page, title="Founded", summary="=HYPERLINK(\"http://evil\")")
        exported = export_timeline(history_page=history_page, file_format="csv")
        assert "'=HYPERLINK" in exported


@pytest.mark.django_db
class TestBadFiles:
    """Each bad file: a clear report naming line, column and reason, and nothing imported."""

    def assert_nothing_imported(self, history_page):
        assert not MilestonePage.objects.child_of(history_page).exists()

    @pytest.mark.parametrize(
        "date,message",
        [
            ("2015-13", "has no month 13"),
            ("2019-02-30", "has no day 30"),
            ("May 2015", "is not a date"),
            ("15.05.2015", "is not a date"),
        ],
    )
    def test_wrong_date(self, history_page, date, message):
        report = run(history_page, HEADER + GOOD_ROWS.splitlines(keepends=True)[0] + f"milestone,{date},Opening,building,Text.,,,,,\n")
        assert len(report.problems) == 1
        problem = report.problems[0]
        assert (problem.line, problem.column) == (3, "date") and message in problem.message
        assert str(problem).startswith("Line 3, date:")
        self.assert_nothing_imported(history_page)

    def test_unknown_kind(self, history_page):
        report = run(history_page, HEADER + "milestone,2006,Founded,party,Text.,,,,,\n")
        assert problems(report) == ["Line 2, kind: unknown kind “party”. Use one of: founding, organisation, recognition, building, other."]
        self.assert_nothing_imported(history_page)

    def test_missing_headline(self, history_page):
        report = run(history_page, HEADER + "milestone,2006,,founding,Text.,,,,,\n")
        assert problems(report) == ["Line 2, headline: this is required."]

    def test_duplicate_in_the_file(self, history_page):
        row = "milestone,2006,Founded,founding,Text.,,,,,\n"
        report = run(history_page, HEADER + row + row)
        assert problems(report) == ["Line 3, slug: duplicate of line 2 in this file."]
        self.assert_nothing_imported(history_page)

    def test_same_headline_and_date_under_another_slug_is_a_duplicate(self, history_page):
        MilestonePageFactory(parent=history_page, title="Founded", slug="founded", year=2006)
        report = run(history_page, HEADER + "milestone,2006,Founded,founding,Text.,founded-again,,,,\n")
        assert problems(report) == [
            "Line 2, headline: duplicate: this milestone is already on the timeline for this date. To change it, give its slug."
        ]
        assert MilestonePage.objects.count() == 1

    def test_a_slug_of_a_page_that_is_not_a_milestone(self, history_page, award):
        report = run(history_page, HEADER + "milestone,2006,Gold,founding,Text.,gold-label,,,,\n")
        assert problems(report) == [
            "Line 2, slug: the address “gold-label” belongs to a page that is not a milestone; choose another slug."
        ]

    def test_a_locked_milestone_is_not_changed(self, history_page):
        milestone = MilestonePageFactory(parent=history_page, title="Founded", slug="founded", year=2006)
        MilestonePage.objects.filter(pk=milestone.pk).update(locked=True)
        report = run(history_page, HEADER + "milestone,2006,Founded again,founding,Text.,founded,,,,\n")
        assert problems(report) == ["Line 2, slug: “Founded” is locked in the admin; unlock it first."]
        assert MilestonePage.objects.get().title == "Founded"

    def test_an_existing_award_event_is_not_added_twice(self, history_page, award):
        report = run(history_page, HEADER + "award_event,2019-12,,,,,gold-label,awarded,,\n")
        assert report.ok and not report.has_changes and report.unchanged == 1
        assert len(AwardPage.objects.get().get_latest_revision_as_object().events.all()) == 1

    def test_unknown_award_and_bad_score(self, history_page, award):
        report = run(history_page, HEADER + "award_event,2023,,,,,silver,renewed,,\naward_event,2023,,,,,gold-label,renewed,104,\n")
        assert problems(report) == [
            "Line 2, award: no award page with the address “silver”; create the award first.",
            "Line 3, score: a score must be between 0 and 100.",
        ]

    def test_one_bad_row_stops_the_good_ones_and_every_bad_row_is_listed(self, history_page, award):
        text = HEADER + GOOD_ROWS + "milestone,2015-13,Bad date,building,Text.,,,,,\nmilestone,2020,,nope,,,,,,\nfestival,2020,X,,,,,,,\n"
        report = run(history_page, text)
        assert [(p.line, p.column) for p in report.problems] == [
            (5, "date"), (6, "headline"), (6, "summary"), (6, "kind"), (7, "type")
        ]
        self.assert_nothing_imported(history_page)
        assert AwardPage.objects.get().get_latest_revision_as_object().events.count() == 1

    def test_non_utf8_file(self, history_page):
        text = HEADER + "milestone,2006,Founded,founding,Text.,,,,,\nmilestone,2007,Jónas joins,organisation,Text.,,,,,\n"
        report = run(history_page, text, encoding="latin-1")
        assert len(report.problems) == 1
        assert str(report.problems[0]).startswith("Line 3, file: this is not UTF-8 text.")
        self.assert_nothing_imported(history_page)

    def test_a_50_mb_file_is_refused_before_parsing(self, history_page):
        report = run(history_page, (HEADER + GOOD_ROWS * 220_000)[: 50 * 1024 * 1024])
        assert problems(report) == ["File: the file is 50.0 MB; the limit is 5 MB. Split it into smaller files."]
        self.assert_nothing_imported(history_page)

    def test_unknown_and_missing_columns(self, history_page):
        report = run(history_page, "type,headline,sumary\nmilestone,Founded,Text\n")
        assert [(p.line, p.column) for p in report.problems] == [(1, "sumary"), (1, "date")]

    def test_broken_json_names_its_line(self, history_page):
        report = run(history_page, '[\n {"type": "milestone",\n  "date": 2006,,\n}]', file_format="json")
        assert problems(report)[0].startswith("Line 3, : this is not valid JSON")

    def test_json_entries_are_numbered(self, history_page):
        report = run(history_page, json.dumps([{"type": "milestone", "date": "2006", "headline": "A", "kind": "founding",
                                                "summary": "S"}, {"type": "milestone", "date": "2006-14"}]), file_format="json")
        assert problems(report)[0].startswith("Entry 2, date:")

    def test_empty_file(self, history_page):
        assert problems(run(history_page, "")) == ["File: the file is empty."]
        assert problems(run(history_page, HEADER)) == ["File: the file has no rows to import."]


@pytest.mark.django_db
class TestCommands:
    def test_import_command_dry_run_then_import(self, history_page, award, tmp_path, capsys):
        path = tmp_path / "timeline.csv"
        path.write_text(HEADER + GOOD_ROWS, encoding="utf-8")
        call_command("import_timeline", str(path), "--dry-run")
        assert (
            "Dry run: the file is fine; 2 new and 0 changed milestone(s), 1 new and 0 changed award event(s) "
            "would be saved as drafts." in capsys.readouterr().out
        )
        assert not MilestonePage.objects.exists()
        call_command("import_timeline", str(path))
        assert MilestonePage.objects.count() == 2
        capsys.readouterr()
        call_command("import_timeline", str(path))  # the same file again
        assert "Nothing to change: all 3 row(s) match the timeline as it is." in capsys.readouterr().out
        assert MilestonePage.objects.count() == 2

    def test_import_command_reports_every_problem_and_fails(self, history_page, tmp_path, capsys):
        path = tmp_path / "timeline.csv"
        path.write_text(HEADER + "milestone,2015-13,A,founding,S,,,,,\nmilestone,2016,B,nope,S,,,,,\n", encoding="utf-8")
        with pytest.raises(CommandError, match="Nothing was imported: 2 problem"):
            call_command("import_timeline", str(path))
        err = capsys.readouterr().err
        assert "Line 2, date:" in err and "Line 3, kind:" in err
        assert not MilestonePage.objects.exists()

    def test_import_command_refuses_a_file_over_the_limit(self, history_page, tmp_path):
        path = tmp_path / "big.csv"
        path.write_bytes(b"x" * (MAX_IMPORT_BYTES + 1))
        with pytest.raises(CommandError, match="larger than 5 MB"):
            call_command("import_timeline", str(path))

    def test_export_command_writes_a_file_the_import_reads(self, history_page, award, tmp_path):
        MilestonePageFactory(parent=history_page, title="Founded", year=2006)
        path = tmp_path / "out.json"
        call_command("export_timeline", "-o", str(path))
        rows = json.loads(path.read_text(encoding="utf-8"))
        assert [row["type"] for row in rows] == ["milestone", "award_event"]


@pytest.mark.django_db
class TestRoundTrip:
    """Export, edit in a spreadsheet, import again: only the edits change anything, as drafts."""

    @pytest.fixture
    def timeline(self, history_page, award):
        founded = MilestonePageFactory(
            parent=history_page, slug="founded", title="Founded", year=2006, kind="founding", summary="The start."
        )
        founded.save_revision().publish()
        park = MilestonePageFactory(
            parent=history_page, slug="park-opens", title="Park opens", year=2015, month=5, date_precision="month",
            kind="building", summary="The park.",
        )
        park.save_revision().publish()
        return history_page

    @pytest.mark.parametrize("file_format", ["csv", "json"])
    def test_an_unchanged_export_has_nothing_to_change(self, timeline, file_format):
        revisions = {page.pk: page.revisions.count() for page in timeline.get_children()}
        exported = export_timeline(history_page=timeline, file_format=file_format)
        report = run(timeline, exported, file_format=file_format)
        assert report.ok, problems(report)
        assert not report.has_changes and not report.saved
        assert report.unchanged == 3  # two milestones and the award's event
        assert {page.pk: page.revisions.count() for page in timeline.get_children()} == revisions

    def test_edited_rows_change_their_milestone_in_a_new_draft(self, timeline, client):
        exported = export_timeline(history_page=timeline, file_format="csv")
        edited = exported.replace("The park.", "The whole value chain under one roof.").replace(
            "2019-12,,,,,gold-label,awarded,,", "2019-12,,,,,gold-label,awarded,,First Gold Label in Norway."
        )
        edited += "milestone,2021,Mature Cluster,recognition,Mature Cluster status.,,,,,\n"
        report = run(timeline, edited)
        assert report.saved, problems(report)
        assert report.milestones == ["Mature Cluster"]
        assert report.updated_milestones == ["Park opens"]
        assert report.updated_award_events == ["Awarded: ECEI Gold Label (December 2019)"]
        assert report.unchanged == 1

        park = MilestonePage.objects.get(slug="park-opens")
        assert park.summary == "The park."  # the published version is untouched...
        assert park.has_unpublished_changes
        assert park.get_latest_revision_as_object().summary == "The whole value chain under one roof."  # ...the draft has it
        assert b"The whole value chain" not in client.get(timeline.url).content
        award = AwardPage.objects.get()
        assert award.has_unpublished_changes
        assert [e.note for e in award.get_latest_revision_as_object().events.all()] == ["First Gold Label in Norway."]

        # Exporting again gives the drafts, and re-importing that changes nothing.
        again = run(timeline, export_timeline(history_page=timeline, file_format="csv"))
        assert again.ok and not again.has_changes, problems(again)
        assert again.unchanged == 4

    def test_an_update_with_a_bad_row_saves_nothing(self, timeline):
        exported = export_timeline(history_page=timeline, file_format="csv").replace("The park.", "Changed.")
        report = run(timeline, exported + "milestone,2015-13,Bad,building,Text.,,,,,\n")
        assert [(p.line, p.column) for p in report.problems] == [(5, "date")]
        park = MilestonePage.objects.get(slug="park-opens")
        assert not park.has_unpublished_changes
        assert park.get_latest_revision_as_object().summary == "The park."

    def test_a_never_published_milestone_is_changed_as_the_editor_would(self, history_page):
        run(history_page, HEADER + "milestone,2006,Founded,founding,First text.,,,,,\n")
        report = run(history_page, HEADER + "milestone,2006,Founded,founding,Second text.,founded,,,,\n")
        assert report.updated_milestones == ["Founded"], problems(report)
        draft = MilestonePage.objects.get(slug="founded")
        assert not draft.live and draft.summary == "Second text."
        assert draft.revisions.count() == 2


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
