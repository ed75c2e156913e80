import shutil
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from core.media_storage import STORAGE_ERRORS, describe_media_storage, describe_storage_error, stored_names


class Command(BaseCommand):
    help = (
        "Write every stored media file (originals, renditions, documents) under DIR, by its name in the "
        "storage, from the local disk or S3 alike. DIR must be new or empty. Used by ops/backup.sh."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder to write into")

    def handle(self, *args, folder, **options):
        target = Path(folder).resolve()
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise CommandError(f"{folder} is not an empty folder: export into a new or empty one.")
        count = 0
        try:
            for name in stored_names():
                destination = (target / name).resolve()
                if target not in destination.parents:  # storage names are relative; refuse anything else
                    raise CommandError(f"refusing to write the stored name {name!r} outside {folder}.")
                destination.parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(name, "rb") as source, destination.open("wb") as copy:
                    shutil.copyfileobj(source, copy)
                count += 1
        except STORAGE_ERRORS as error:
            raise CommandError(describe_storage_error(error)) from None
        self.stdout.write(f"Exported {count} media files from {describe_media_storage()} to {folder}.")
