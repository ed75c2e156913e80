import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled every --interval seconds (default 60), forever, and touch --heartbeat "
        "after every run that succeeded: a health check that finds the file older than a few intervals knows "
        "scheduled publishing has stopped. With --housekeeping-every, also run `manage.py housekeeping` at start "
        "and then that often. For docker compose's scheduler service; use cron or systemd timers running "
        "`manage.py publish_scheduled` and `manage.py housekeeping` instead where those exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between runs (default 60)")
        parser.add_argument("--heartbeat", required=True, help="file touched after each run that worked")
        parser.add_argument(
            "--housekeeping-every", type=int, default=0, metavar="SECONDS",
            help="also run housekeeping at start and then every SECONDS (86400: daily); 0 (default): never",
        )
        parser.add_argument("--once", action="store_true", help="run once and stop (for checks and tests)")

    def handle(self, *args, interval, heartbeat, housekeeping_every=0, once=False, **options):
        heartbeat = Path(heartbeat)
        housekeeping_due = time.monotonic()
        while True:
            started = time.monotonic()
            try:
                call_command("publish_scheduled", stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # noqa: BLE001 - keep running; the stale heartbeat reports it
                self.stderr.write(f"publish_scheduled failed: {error}")
                if once:
                    raise
            else:
                heartbeat.touch()
            if housekeeping_every and started >= housekeeping_due:
                housekeeping_due = started + housekeeping_every
                self.housekeeping(raise_errors=once)
            if once:
                return
            time.sleep(max(1.0, interval - (time.monotonic() - started)))

    def housekeeping(self, *, raise_errors):
        try:
            call_command("housekeeping", stdout=self.stdout, stderr=self.stderr)
        except Exception as error:  # noqa: BLE001 - publishing goes on; the log says what failed
            self.stderr.write(str(error))
            if raise_errors:
                raise
