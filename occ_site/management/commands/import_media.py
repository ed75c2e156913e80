from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from core.media_storage import STORAGE_ERRORS, describe_media_storage, describe_storage_error, stored_names


class Command(BaseCommand):
    help = (
        "Store every file under DIR in the media storage (local disk or S3) under the same name, as "
        "export_media wrote them. Refuses a storage that already holds files, as restoring over live "
        "media would mix two states of the site. Used by ops/restore.sh."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by export_media")
        parser.add_argument(
            "--check", action="store_true", help="only check that the storage is empty and DIR readable; store nothing"
        )

    def handle(self, *args, folder, check, **options):
        source = Path(folder)
        if not source.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        files = sorted(path for path in source.rglob("*") if not path.is_dir())
        if links := [path for path in files if path.is_symlink() or not path.is_file()]:
            raise CommandError(f"{links[0]} is not a plain file; media exports hold only files.")
        where = describe_media_storage()
        try:
            existing = next(iter(stored_names()), None)
            if existing is not None:
                raise CommandError(
                    f"{where} is not empty (it holds {existing}, perhaps more): import only into an empty storage."
                )
            if check:
                self.stdout.write(f"{where} is empty: ready to import.")
                return
            for path in files:
                name = path.relative_to(source).as_posix()
                with path.open("rb") as content:
                    stored_as = default_storage.save(name, File(content, name=name))
                if stored_as != name:
                    raise CommandError(f"{name} was stored as {stored_as}; the import is incomplete.")
        except STORAGE_ERRORS as error:
            raise CommandError(describe_storage_error(error)) from None
        self.stdout.write(f"Imported {len(files)} media files from {folder} into {where}.")
