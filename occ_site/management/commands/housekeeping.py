from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# What grows without bound unless something deletes it, and how long each is kept:
# expired sessions, finished background-task results (14 days; failed ones too, for reading
# why they failed), and django-axes' records of sign-ins and failed sign-ins (90 days: enough
# to look back at an incident; the lockouts themselves expire with their cool-off).
DATABASE_TASKS = "django_tasks_db.backend.DatabaseBackend"
JOBS = [
    ("clearsessions", []),
    ("prune_db_task_results", ["--min-age-days", "14"]),
    ("axes_reset_logs", ["--age", "90"]),
    ("axes_reset_failure_logs", ["--age", "90"]),
]


class Command(BaseCommand):
    help = (
        "Delete what the site no longer needs: expired sessions, task results older than 14 days and "
        "sign-in records older than 90 days. Run it daily (the compose scheduler service does; elsewhere "
        "cron or a systemd timer). Every job runs even when one fails; the command then fails, naming it."
    )

    def handle(self, *args, **options):
        failed = []
        for command, arguments in JOBS:
            if command == "prune_db_task_results" and settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS:
                continue  # tasks run at once (development, tests): no results are kept
            try:
                call_command(command, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # noqa: BLE001 - the other jobs still run; the failure is reported below
                self.stderr.write(f"housekeeping: {command} failed: {error}")
                failed.append(command)
        if failed:
            raise CommandError(f"housekeeping: {', '.join(failed)} failed (see above); the other jobs ran.")
        self.stdout.write("housekeeping: done")
