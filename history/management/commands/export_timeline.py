from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Locale

from history.importing import FORMATS, detect_format, export_timeline
from history.models import HistoryIndexPage


class Command(BaseCommand):
    help = (
        "Export the milestones (English and their Norwegian translations) and award events as CSV or JSON, in the "
        "format import_timeline reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--format", choices=FORMATS, help="defaults to the output file's extension, else csv")
        parser.add_argument(
            "--history-page", type=int, help="id of the English history page (if the site has several)"
        )

    def handle(self, *args, output=None, format=None, history_page=None, **options):
        file_format = format or (detect_format(output) if output else None) or "csv"
        # The English one: the milestones under its translations come with it.
        pages = HistoryIndexPage.objects.filter(locale=Locale.get_default())
        page = pages.filter(pk=history_page).first() if history_page else pages.first()
        if page is None:
            raise CommandError("There is no history page to export.")
        text = export_timeline(history_page=page, file_format=file_format)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(self.style.SUCCESS(f"Wrote {output}."))
        else:
            self.stdout.write(text, ending="")
