"""Import and export of good timeline files: drafts, dry runs, and a round trip where only the edits change anything."""

import json

import pytest

from history.factories import AwardPageFactory, HistoryIndexPageFactory, MilestonePageFactory
from history.importing import export_timeline
from history.models import AwardEvent, AwardPage, MilestonePage
from tests.importing.rows import GOOD_ROWS, HEADER, problems, run


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
