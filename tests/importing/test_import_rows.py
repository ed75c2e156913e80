"""Cells that a spreadsheet or a hand-written file may hold, which the import must refuse with a message."""

from django.utils import translation

import pytest

from history.importing import import_timeline
from tests.importing.rows import HEADER


def problems(history_page, text):
    report = import_timeline(history_page=history_page, data=text.encode(), file_format="csv", dry_run=False)
    return [str(problem) for problem in report.problems]


@pytest.mark.django_db
class TestCellsThatAreNotWhatTheySeem:
    @pytest.mark.parametrize("score", ["NaN", "sNaN", "Infinity"])
    def test_a_score_that_is_no_number_between_0_and_100(self, history_page, score):
        text = HEADER + f"award_event,2023,,,,,gold-label,renewed,{score},\n"
        assert problems(history_page, text)[-1] in (
            f"Line 2, score: “{score}” is not a number.",
            "Line 2, score: a score must be between 0 and 100.",
        )

    @pytest.mark.parametrize("column", ["headline", "summary"])
    def test_a_null_character_in_a_text(self, history_page, column):
        # PostgreSQL can neither store nor look for it: the row is refused with a message instead.
        cells = {"headline": "Founded", "summary": "Text."}
        cells[column] = "Found\x00ed"
        text = HEADER + f"milestone,2006,{cells['headline']},founding,{cells['summary']},founded,,,,\n"
        with translation.override("en"):
            assert problems(history_page, text) == [f"Line 2, {column}: Null characters are not allowed."]

    def test_a_null_character_in_an_award_slug(self, history_page):
        text = HEADER + "award_event,2023,,,,,gold\x00label,renewed,,\n"
        with translation.override("en"):
            assert problems(history_page, text) == ["Line 2, award: Null characters are not allowed."]
