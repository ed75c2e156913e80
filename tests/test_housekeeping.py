"""Daily housekeeping deletes what would otherwise grow forever, and nothing still in use:
expired sessions, old background-task results and old sign-in records (manage.py housekeeping,
run daily by the compose scheduler service)."""

import io
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

import pytest
from axes.models import AccessLog
from django_tasks_db.models import DBTaskResult


def task_result(finished_days_ago):
    finished = timezone.now() - timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status="SUCCESSFUL", enqueued_at=finished, started_at=finished, finished_at=finished,
        task_path="history.tasks.build_renditions", args_kwargs={"args": [], "kwargs": {}}, queue_name="default",
        backend_name="default",
    )


def access_log(days_ago):
    log = AccessLog.objects.create(username="editor", ip_address="127.0.0.2", user_agent="test", path_info="/admin/login/")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))
    return log


@pytest.fixture
def records(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}  # as in production
    now = timezone.now()
    return {
        "expired session": Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(hours=1)),
        "live session": Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(hours=1)),
        "old task result": task_result(finished_days_ago=30),
        "recent task result": task_result(finished_days_ago=1),
        "old sign-in record": access_log(days_ago=120),
        "recent sign-in record": access_log(days_ago=5),
    }


def still_there(records):
    return {name for name, record in records.items() if type(record).objects.filter(pk=record.pk).exists()}


def test_housekeeping_deletes_only_what_has_expired(records):
    output = io.StringIO()
    call_command("housekeeping", stdout=output, stderr=output)
    assert still_there(records) == {"live session", "recent task result", "recent sign-in record"}
    assert "housekeeping: done" in output.getvalue()


def test_the_scheduler_runs_housekeeping_when_asked(records, tmp_path):
    output = io.StringIO()
    call_command("run_scheduler", "--once", "--heartbeat", str(tmp_path / "beat"), "--housekeeping-every", "86400",
                 stdout=output, stderr=output)
    assert still_there(records) == {"live session", "recent task result", "recent sign-in record"}
    assert (tmp_path / "beat").exists()


def test_the_scheduler_leaves_housekeeping_alone_unless_asked(records, tmp_path):
    call_command("run_scheduler", "--once", "--heartbeat", str(tmp_path / "beat"), stdout=io.StringIO())
    assert still_there(records) == set(records)
