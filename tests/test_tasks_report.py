"""Reports → Background tasks: what operators see of the task queue."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from core.renditions import PICTURE_FILTER_SPECS, build_missing_renditions
from history.factories import CaptionedImageFactory
from history.roles import HISTORY_MODERATORS
from history.tasks import build_photo_renditions_task
from tests.signin import log_in_verified

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
REPORT = "/admin/reports/background-tasks/"


@pytest.fixture
def superuser_client(client, django_user_model):
    log_in_verified(client, django_user_model.objects.create_superuser("opsboss", "o@example.com", "a-long-test-password"))
    return client


def queue(photo, **options):
    task = build_photo_renditions_task.using(**options) if options else build_photo_renditions_task
    return DBTaskResult.objects.get(id=task.enqueue(photo.pk, list(PICTURE_FILTER_SPECS)).id)


@pytest.fixture
def tasks(settings, tmp_path):
    """A queue as the worker leaves it: one task waiting, one running, one failed, one done, one retry."""
    settings.TASKS = DATABASE_TASKS
    settings.MEDIA_ROOT = str(tmp_path)
    waiting, running, damaged, done = (CaptionedImageFactory(title=title) for title in ("Waiting", "Running", "Damaged", "Done"))
    DBTaskResult.objects.all().delete()  # the factories' own tasks

    queued = queue(waiting)
    in_progress = queue(running)
    in_progress.claim("worker-1")
    failed = queue(damaged)
    (tmp_path / damaged.file.name).write_bytes(b"\xff\xd8\xff\xe0 a JPEG header, then nothing")
    try:
        build_missing_renditions(damaged.pk)
    except OSError as error:  # what the worker records when a task raises
        failed.claim("worker-1")
        failed.set_failed(error)
    succeeded = queue(done)
    succeeded.claim("worker-1")
    succeeded.set_successful({"photo": done.pk, "built": []})
    retry = queue(waiting, run_after=timezone.now() + timedelta(seconds=30))
    DBTaskResult.objects.filter(pk=retry.pk).update(args_kwargs={"args": [waiting.pk, list(PICTURE_FILTER_SPECS)], "kwargs": {"attempt": 2}})
    return {"queued": queued, "running": in_progress, "failed": failed, "succeeded": succeeded, "retry": retry, "damaged": damaged}


def rows(response):
    return {str(task.pk): task for task in response.context["object_list"]}


@pytest.mark.django_db
def test_superusers_see_queued_running_and_failed_tasks_with_the_error(superuser_client, tasks):
    response = superuser_client.get(REPORT)

    assert response.status_code == 200
    listed = rows(response)
    assert set(listed) == {str(tasks[name].pk) for name in ("queued", "running", "failed", "retry")}
    html = " ".join(response.content.decode().split())
    assert "Queued" in html and "Running" in html and "Failed" in html
    assert "OSError: Truncated File Read" in html  # the error, then the traceback on demand
    assert "<summary>Traceback</summary>" in html and "Traceback (most recent call last)" in html
    damaged = tasks["damaged"]
    assert f'<a href="/admin/images/{damaged.pk}/">Photo {damaged.pk}, attempt 1 of 4</a>' in html
    assert "attempt 2 of 4" in html and "Queued, not before" in html


@pytest.mark.django_db
def test_finished_tasks_are_listed_on_request(superuser_client, tasks):
    response = superuser_client.get(REPORT, {"status": "SUCCESSFUL"})
    assert set(rows(response)) == {str(tasks["succeeded"].pk)}
    response = superuser_client.get(REPORT, {"status": "FAILED"})
    assert set(rows(response)) == {str(tasks["failed"].pk)}


@pytest.mark.django_db
def test_the_report_is_in_the_reports_menu_for_superusers_only(client, superuser_client, django_user_model, tasks):
    assert "/admin/reports/background-tasks/" in superuser_client.get("/admin/").content.decode()

    moderator = django_user_model.objects.create_user("moderator", password="a-long-test-password")
    moderator.groups.add(Group.objects.get(name=HISTORY_MODERATORS))
    log_in_verified(client, moderator)
    assert client.get("/admin/").status_code == 200
    assert "background-tasks" not in client.get("/admin/").content.decode()
    refused = client.get(REPORT)  # Wagtail's answer to PermissionDenied: back to the dashboard, with a message
    assert refused.status_code == 302 and refused.url == "/admin/"


@pytest.mark.django_db
def test_without_a_worker_the_report_says_tasks_run_at_once(superuser_client):
    response = superuser_client.get(REPORT)
    assert response.status_code == 200
    assert "Tasks run at once in this environment (no task worker)" in response.content.decode()


@pytest.mark.django_db
def test_the_report_exports_as_csv(superuser_client, tasks):
    response = superuser_client.get(REPORT, {"export": "csv"})
    content = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert "history.tasks.build_photo_renditions_task" in content and "OSError: Truncated File Read" in content
