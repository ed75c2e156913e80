import os
import re
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BACKUP_SCRIPT = Path(settings.BASE_DIR) / "ops" / "backup.sh"
# The folders ops/backup.sh writes: backups/<UTC timestamp>/, complete once SHA256SUMS is there.
FOLDER_NAME = re.compile(r"^\d{8}T\d{6}Z$")
RETRY_SECONDS = 3600


def backup_folders(folder):
    """(complete, incomplete) backup folders in ``folder``, each oldest first."""
    folders = sorted(path for path in Path(folder).iterdir() if path.is_dir() and FOLDER_NAME.match(path.name))
    complete = [path for path in folders if (path / "SHA256SUMS").is_file()]
    return complete, [path for path in folders if path not in complete]


def taken_at(path):
    return datetime.strptime(path.name, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


class Command(BaseCommand):
    help = (
        "Back up the database and the media with ops/backup.sh into --dir every --every seconds (default "
        "86400: daily), keeping the newest --keep backups, forever. A backup is taken at start when the newest "
        "in --dir is older than --every or there is none. --heartbeat is touched after each backup that worked. "
        "--once takes one backup now, prunes, and stops."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", required=True, help="the folder backups go into (a volume in docker compose)")
        parser.add_argument("--keep", type=int, required=True, help="how many complete backups to keep (at least 1)")
        parser.add_argument("--every", type=int, default=86400, help="seconds between backups (default 86400)")
        parser.add_argument("--heartbeat", help="file touched after each backup that worked")
        parser.add_argument("--once", action="store_true", help="take one backup now and stop")

    def handle(self, *args, dir, keep, every, heartbeat=None, once=False, **options):
        if keep < 1:
            raise CommandError(f"--keep must be at least 1, not {keep}: a backup is deleted only once a newer one exists.")
        folder = Path(dir)
        folder.mkdir(parents=True, exist_ok=True)
        while True:
            wait = self.seconds_until_due(folder, every)
            if once or wait <= 0:
                if self.back_up(folder, heartbeat, raise_errors=once):
                    self.prune(folder, keep)
                    wait = every
                else:
                    wait = min(RETRY_SECONDS, every)
            if once:
                return
            time.sleep(max(60, wait))

    def seconds_until_due(self, folder, every):
        complete, _ = backup_folders(folder)
        if not complete:
            return 0
        return every - (datetime.now(UTC) - taken_at(complete[-1])).total_seconds()

    def back_up(self, folder, heartbeat, *, raise_errors):
        result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [str(BACKUP_SCRIPT)], env={**os.environ, "BACKUP_DIR": str(folder)}, capture_output=True, text=True
        )
        if result.returncode != 0:
            message = f"backup failed (exit status {result.returncode}): {result.stderr.strip()[-2000:]}"
            if raise_errors:
                raise CommandError(message)
            self.stderr.write(f"{message}; trying again within the hour")
            return False
        self.stdout.write(f"backup: {result.stdout.strip().splitlines()[-1]}")
        if heartbeat:
            Path(heartbeat).touch()
        return True

    def prune(self, folder, keep):
        """Delete all but the newest ``keep`` complete backups, and failed ones older than the newest."""
        complete, incomplete = backup_folders(folder)
        newest = complete[-1] if complete else None
        doomed = complete[:-keep] + [path for path in incomplete if newest and path.name < newest.name]
        for path in doomed:
            shutil.rmtree(path)
            self.stdout.write(f"backup: deleted {path}")
