"""Bulk import and export of the timeline: all or nothing, every problem reported where it is."""

import json

from django.core.management import CommandError, call_command

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, HistoryIndexPageFactory, MilestonePageFactory
from history.importing import MAX_IMPORT_BYTES, export_timeline, import_timeline
from history.models import AwardEvent, AwardPage, MilestonePage

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
