"""Bad timeline files: every problem reported where it is (line, column, reason), and nothing imported."""

import json

import pytest

from history.factories import MilestonePageFactory
from history.models import AwardPage, MilestonePage
from tests.importing.rows import GOOD_ROWS, HEADER, problems, run


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
