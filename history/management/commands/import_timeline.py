from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Locale

from history.importing import FORMATS, MAX_IMPORT_BYTES, detect_format, import_timeline
from history.models import HistoryIndexPage


class Command(BaseCommand):
    help = (
        "Import milestones and award events from a CSV or JSON file (columns: type, date, headline, kind, summary, "
        "slug, award, event_type, score, note, locale, source_slug, translation_key). All or nothing: every problem "
        "is listed with its line and nothing is saved unless the whole file is right. New milestones become drafts, "
        "a row whose slug names an existing milestone changes it in a new draft, award events go into a draft of "
        "their award, unchanged rows change nothing. A milestone row with locale nb is the Norwegian translation "
        "of the English milestone its translation_key or source_slug names. Use --dry-run to only check the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .csv or .json file")
        parser.add_argument("--format", choices=FORMATS, help="defaults to the file's extension")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
        parser.add_argument("--user", help="username recorded as the author of the drafts")
        parser.add_argument(
            "--history-page", type=int, help="id of the English history page (if the site has several)"
        )

    def handle(self, *args, file, format=None, dry_run=False, user=None, history_page=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        file_format = format or detect_format(path.name)
        if file_format is None:
            raise CommandError("Give a .csv or .json file, or say which with --format.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(f"The file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB; split it into smaller files.")
        # The English one: rows in another language go to its translation.
        pages = HistoryIndexPage.objects.filter(locale=Locale.get_default())
        page = pages.filter(pk=history_page).first() if history_page else pages.first()
        if page is None:
            raise CommandError("There is no history page to import into.")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user called “{user}”.")

        report = import_timeline(
            history_page=page, data=path.read_bytes(), file_format=file_format, user=author, dry_run=dry_run
        )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing was imported: {len(report.problems)} problem(s) in {path.name}.")
        for headline in report.milestones:
            self.stdout.write(f"  new milestone: {headline}")
        for headline in report.updated_milestones:
            self.stdout.write(f"  changed milestone: {headline}")
        for event in report.award_events:
            self.stdout.write(f"  new award event: {event}")
        for event in report.updated_award_events:
            self.stdout.write(f"  changed award event: {event}")
        if not report.has_changes:
            self.stdout.write(
                self.style.SUCCESS(f"Nothing to change: all {report.unchanged} row(s) match the timeline as it is.")
            )
            return
        counts = (
            f"{len(report.milestones)} new and {len(report.updated_milestones)} changed milestone(s), "
            f"{len(report.award_events)} new and {len(report.updated_award_events)} changed award event(s)"
        )
        unchanged = f"; {report.unchanged} row(s) unchanged" if report.unchanged else ""
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run: the file is fine; {counts} would be saved as drafts{unchanged}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Saved {counts} as drafts, waiting for moderation{unchanged}."))
