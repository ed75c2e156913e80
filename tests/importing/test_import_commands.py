"""The import_timeline and export_timeline management commands."""

import json

from django.core.management import CommandError, call_command

import pytest

from history.factories import MilestonePageFactory
from history.importing import MAX_IMPORT_BYTES
from history.models import MilestonePage
from tests.importing.rows import GOOD_ROWS, HEADER


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
