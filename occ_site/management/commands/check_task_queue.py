from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from django_tasks_db.models import DBTaskResult, get_date_max


class Command(BaseCommand):
    help = (
        "Say how the background task queue is doing, and fail (exit 1) when the database cannot be "
        "reached or a task has waited longer than --max-wait seconds past its time: then no worker "
        "is taking tasks. The compose worker's health check; usable by any monitoring."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--max-wait", type=int, default=600, help="Seconds a due task may wait (default 600).")

    def handle(self, *args, max_wait, **options):
        now = timezone.now()
        cutoff, never_deferred = now - timedelta(seconds=max_wait), get_date_max()
        try:
            queued = DBTaskResult.objects.ready()
            # Due since it was queued, or since its run_after (a retry waiting for its time).
            overdue = queued.filter(Q(run_after=never_deferred, enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff))
            counts = {
                "queued": queued.count(),
                "running": DBTaskResult.objects.running().count(),
                "failed in the last 24 hours": DBTaskResult.objects.failed()
                .filter(finished_at__gte=now - timedelta(hours=24))
                .count(),
            }
            due_since = [
                enqueued_at if run_after == never_deferred else run_after
                for enqueued_at, run_after in overdue.order_by("enqueued_at").values_list("enqueued_at", "run_after")[:100]
            ]
            stale_running = DBTaskResult.objects.running().filter(started_at__lt=cutoff).count()
        except DatabaseError as error:
            raise CommandError(f"The task queue cannot be read: {error}".strip()) from error

        self.stdout.write(", ".join(f"{label}: {count}" for label, count in counts.items()))
        if stale_running:
            self.stderr.write(
                f"{stale_running} task(s) have been running for more than {max_wait} seconds "
                "(a worker stopped in the middle of them?). See Reports > Background tasks."
            )
        if due_since:
            waited = int((now - min(due_since)).total_seconds())
            raise CommandError(
                f"A task has waited {waited} seconds (more than {max_wait}): is the task worker "
                "(manage.py db_worker) running?"
            )
