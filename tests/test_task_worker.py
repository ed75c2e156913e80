"""The background task worker as production runs it: a real `manage.py db_worker` process
(production settings) on this test database, with the web side (uploads, deletes through
the admin) in the test process. PostgreSQL only: the races below are about its row locks.

Faults are real ones: a media folder that cannot be written (a file where the renditions
folder should be), an original moved away, a damaged original, and the worker's database
connections terminated by PostgreSQL (pg_terminate_backend).
"""

import io
import os
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models.signals import pre_delete
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage
from PIL import ImageFilter

from core.renditions import PICTURE_FILTER_SPECS
from history.models import CaptionedImage, CaptionedImageRendition
from history.tasks import RENDITION_BUILD_ATTEMPTS, build_photo_renditions_task
from tests.conftest import postgres_only
from tests.harness.polling import wait_until
from tests.harness.task_worker import TaskWorker
from tests.signin import log_in_verified

# Committed, so that the worker process sees it; serialized_rollback puts back the rows the
# migrations made (root collection, root page) after the flush.
pytestmark = [postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent
WORKER_APP_NAME = "occ-test-worker"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
RENDITION_TASK = build_photo_renditions_task.module_path


def wait_for(condition, *, timeout=60, what="", worker=None):
    """``wait_until``, with the worker's log in the failure."""
    try:
        return wait_until(condition, timeout=timeout, waiting_for=what or None)
    except AssertionError as error:
        if worker is None:
            raise
        raise AssertionError(f"{error}\nworker log:\n{worker.log()}") from None


def worker_env(media_root):
    """The production settings, on the test database and media folder."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "occ_site.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        f"?application_name={WORKER_APP_NAME}",
        "DJANGO_MEDIA_ROOT": str(media_root),
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media").mkdir()
    return tmp_path / "media"


@pytest.fixture
def queue_in_database(settings):
    """This process queues tasks in the database, as the web processes do in production."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def worker(queue_in_database, media_root, tmp_path):
    worker = TaskWorker(
        worker_env(media_root), options=["--interval", "0.2", "--no-startup-delay"], log_path=tmp_path / "worker.log"
    )
    yield worker
    worker.stop()


@pytest.fixture
def admin_client(client, django_user_model):
    log_in_verified(client, django_user_model.objects.create_superuser("opsboss", "o@example.com", "a-long-test-password"))
    return client


def textured_jpeg(size=(1600, 1000)):
    """A photo-like JPEG (noise, blurred) that takes the encoders about as long as a real photo."""
    bands = [PILImage.effect_noise(size, 40).filter(ImageFilter.GaussianBlur(2)) for _ in range(3)]
    buffer = io.BytesIO()
    PILImage.merge("RGB", bands).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


PHOTO_BYTES = textured_jpeg()


def upload(title="Founders"):
    """A photo saved as any upload saves it: the commit queues its rendition task."""
    return CaptionedImage.objects.create(
        title=title, description=f"{title}, alt text", file=ImageFile(io.BytesIO(PHOTO_BYTES), name=f"{title.lower()}.jpg")
    )


def rendition_tasks(photo_id):
    return DBTaskResult.objects.filter(task_path=RENDITION_TASK, args_kwargs__args__0=photo_id).order_by("enqueued_at")


def task_finished(photo_id):
    last = rendition_tasks(photo_id).last()
    return last if last and last.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED) else None


def attempt_finished(photo_id, attempt):
    """The photo's rendition task's nth attempt, once it has finished."""
    tasks = list(rendition_tasks(photo_id))
    if len(tasks) >= attempt and tasks[attempt - 1].status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        return tasks[attempt - 1]
    return None


def queue_is_drained():
    return not DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists()


def files_in(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def worker_waits_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'",
            [WORKER_APP_NAME],
        )
        return cursor.fetchone()[0] > 0


def test_with_the_worker_stopped_uploads_queue_and_the_worker_builds_them_when_it_starts(worker, media_root):
    photo = upload()
    assert [task.status for task in rendition_tasks(photo.pk)] == [TaskResultStatus.READY]
    assert not photo.renditions.exists()

    worker.start()
    task = wait_for(lambda: task_finished(photo.pk), what="the rendition task", worker=worker)

    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert sorted(task.return_value["built"]) == sorted(PICTURE_FILTER_SPECS)
    assert sorted(photo.renditions.values_list("filter_spec", flat=True)) == sorted(PICTURE_FILTER_SPECS)
    assert len(files_in(media_root / "images")) == len(PICTURE_FILTER_SPECS)
    # Wagtail's own work for the upload went through the same queue and worker.
    wagtail_tasks = DBTaskResult.objects.exclude(task_path=RENDITION_TASK)
    assert {"wagtail.tasks.update_reference_index_task", "modelsearch.tasks.insert_or_update_object_task"} <= set(
        wagtail_tasks.values_list("task_path", flat=True)
    )
    wait_for(queue_is_drained, what="the queue to drain", worker=worker)
    assert set(wagtail_tasks.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}


# --- Deleting a photo while the worker builds its renditions -----------------------------------


def assert_nothing_left_of(photo_ids, media_root, worker):
    wait_for(queue_is_drained, what="the worker to delete the files", worker=worker)
    assert not CaptionedImageRendition.objects.filter(image_id__in=photo_ids).exists()
    assert files_in(media_root / "images") == []
    assert files_in(media_root / "original_images") == []
    failed = DBTaskResult.objects.filter(task_path=RENDITION_TASK, status=TaskResultStatus.FAILED)
    assert not failed.exists(), "\n".join(task.traceback for task in failed)


def test_a_delete_whose_cascade_ran_before_the_worker_inserted_still_succeeds(worker, admin_client, media_root):
    """The interleaving that made the delete fail on commit with 'still referenced from table
    history_captionedimagerendition': the delete has collected the photo's renditions (none yet),
    then the worker commits its new rows, then the delete removes the photo."""
    photo = upload()
    worker.start()
    wait_for(lambda: rendition_tasks(photo.pk).filter(status=TaskResultStatus.RUNNING).exists(), what="the build to start")
    inserted_during_the_delete = []

    def hold_the_delete_until_the_worker_has_inserted(sender, instance, **kwargs):
        if isinstance(instance, CaptionedImage) and instance.pk == photo.pk:
            wait_for(lambda: CaptionedImageRendition.objects.filter(image_id=photo.pk).exists(), what="the insert", worker=worker)
            inserted_during_the_delete.append(True)

    pre_delete.connect(hold_the_delete_until_the_worker_has_inserted, dispatch_uid="test-hold-delete")
    try:
        response = admin_client.post(f"/admin/images/{photo.pk}/delete/")
    finally:
        pre_delete.disconnect(dispatch_uid="test-hold-delete")

    assert response.status_code == 302
    assert inserted_during_the_delete
    assert not CaptionedImage.objects.filter(pk=photo.pk).exists()
    assert rendition_tasks(photo.pk).get().status == TaskResultStatus.SUCCESSFUL
    assert_nothing_left_of([photo.pk], media_root, worker)


def test_a_worker_that_comes_to_insert_during_a_delete_waits_then_leaves_nothing(worker, media_root):
    """The other interleaving: the photo's row is deleted but not yet committed when the worker
    has encoded the files and comes to insert the rows."""
    photo = upload()
    worker.start()
    wait_for(lambda: rendition_tasks(photo.pk).filter(status=TaskResultStatus.RUNNING).exists(), what="the build to start")

    with transaction.atomic():
        CaptionedImage.objects.get(pk=photo.pk).delete()
        wait_for(worker_waits_for_a_lock, what="the worker to wait for the photo's row", worker=worker)

    task = wait_for(lambda: task_finished(photo.pk), what="the rendition task", worker=worker)
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert task.return_value == {"photo": photo.pk, "built": []}
    assert_nothing_left_of([photo.pk], media_root, worker)


def test_deleting_photos_at_any_moment_of_their_build_never_fails_and_leaves_nothing(worker, admin_client, media_root):
    worker.start()
    photo_ids = []
    # Before the worker takes the task, while it reads and encodes, while it inserts, after it is done.
    for delay in (None, 0, 0.2, 0.5, 0.8, 1.2, 2.0, random.uniform(0, 2)):  # noqa: S311
        photo = upload(title=f"Photo {len(photo_ids)}")
        photo_ids.append(photo.pk)
        if delay is not None:
            wait_for(lambda: rendition_tasks(photo.pk).exclude(status=TaskResultStatus.READY).exists(), what="the build")  # noqa: B023
            time.sleep(delay)  # a moment into the build to delete at, not a wait for a clock
        response = admin_client.post(f"/admin/images/{photo.pk}/delete/")
        assert response.status_code == 302, f"deleting {delay} s into the build"
    assert not CaptionedImage.objects.exists()
    assert_nothing_left_of(photo_ids, media_root, worker)


# --- Faults --------------------------------------------------------------------------------------


def make_due(photo_id):
    """Time passes: the retry queued for later may run now."""
    return rendition_tasks(photo_id).filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def unwritable_renditions_folder(media_root, photo):
    (media_root / "images").write_text("a file where the renditions folder should be")

    def repair():
        (media_root / "images").unlink()

    return repair


def unreadable_original(media_root, photo):
    original = media_root / photo.file.name
    aside = original.with_name("aside.jpg")
    original.rename(aside)

    def repair():
        aside.rename(original)

    return repair


@pytest.mark.parametrize(
    "break_storage, error",
    [(unwritable_renditions_folder, "FileExistsError"), (unreadable_original, "FileNotFoundError")],
    ids=["renditions-folder-unwritable", "original-missing"],
)
def test_a_storage_failure_is_tried_again_later_and_the_build_succeeds_once_storage_works(
    worker, media_root, break_storage, error
):
    photo = upload()
    repair = break_storage(media_root, photo)
    worker.start()

    first = wait_for(lambda: attempt_finished(photo.pk, 1), what="the first attempt", worker=worker)
    assert first.return_value["next_attempt"] == 2 and error in first.return_value["error"]
    retry = rendition_tasks(photo.pk).get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    delay = (retry.run_after - first.started_at).total_seconds()
    assert 29 < delay < 35  # not at once: storage needs time to come back
    assert not photo.renditions.exists()

    repair()
    make_due(photo.pk)
    second = wait_for(lambda: rendition_tasks(photo.pk).filter(pk=retry.pk, status=TaskResultStatus.SUCCESSFUL).first(),
                      what="the second attempt", worker=worker)
    assert sorted(second.return_value["built"]) == sorted(PICTURE_FILTER_SPECS)
    assert photo.renditions.count() == len(PICTURE_FILTER_SPECS)
    assert len(files_in(media_root / "images")) == len(PICTURE_FILTER_SPECS)


def test_a_storage_failure_that_lasts_fails_the_task_after_the_last_attempt_with_the_error(worker, media_root):
    photo = upload()
    unwritable_renditions_folder(media_root, photo)
    worker.start()

    for attempt in range(1, RENDITION_BUILD_ATTEMPTS):
        wait_for(lambda: attempt_finished(photo.pk, attempt), what=f"attempt {attempt}", worker=worker)  # noqa: B023
        assert make_due(photo.pk) == 1
    last = wait_for(lambda: attempt_finished(photo.pk, RENDITION_BUILD_ATTEMPTS), what="the last attempt", worker=worker)
    # A failed attempt queues the next one before it is marked finished: nothing to wait for.

    attempts = list(rendition_tasks(photo.pk))
    assert [task.args_kwargs["kwargs"].get("attempt", 1) for task in attempts] == list(range(1, RENDITION_BUILD_ATTEMPTS + 1))
    assert [task.status for task in attempts] == [TaskResultStatus.SUCCESSFUL] * (RENDITION_BUILD_ATTEMPTS - 1) + [
        TaskResultStatus.FAILED
    ]
    assert last.exception_class_path == "core.renditions.RenditionStorageError"
    assert "Could not write the renditions" in last.traceback and "FileExistsError" in last.traceback
    assert not photo.renditions.exists()
    assert (media_root / "images").is_file()  # nothing written anywhere else meanwhile


def test_an_image_that_cannot_be_decoded_fails_once_with_its_error_and_the_worker_goes_on(worker, media_root):
    damaged = upload(title="Damaged")
    (media_root / damaged.file.name).write_bytes(PHOTO_BYTES[:3000])  # cut short in storage
    worker.start()

    task = wait_for(lambda: task_finished(damaged.pk), what="the damaged photo's task", worker=worker)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "builtins.OSError" and "image file is truncated" in task.traceback
    assert rendition_tasks(damaged.pk).count() == 1  # not tried again: it would fail the same way

    fine = upload(title="Fine")
    assert wait_for(lambda: task_finished(fine.pk), what="the next photo", worker=worker).status == TaskResultStatus.SUCCESSFUL
    assert worker.process.poll() is None  # the same worker, still running
    assert not damaged.renditions.exists()
    assert len(files_in(media_root / "images")) == len(PICTURE_FILTER_SPECS)  # the fine photo's, nothing else


def terminate_worker_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
            [WORKER_APP_NAME],
        )
        return cursor.fetchone()[0]


def test_the_worker_reconnects_when_the_database_drops_its_connections(worker, media_root):
    worker.start()
    first = upload(title="Before")
    assert wait_for(lambda: task_finished(first.pk), worker=worker, what="the first task").status == TaskResultStatus.SUCCESSFUL

    assert terminate_worker_connections() >= 1
    second = upload(title="After")  # the worker's next poll finds its connection gone

    task = wait_for(lambda: task_finished(second.pk), worker=worker, what="a task after the outage")
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert worker.process.poll() is None  # the same process: it reconnected rather than crashed
    assert second.renditions.count() == len(PICTURE_FILTER_SPECS)


def test_a_task_cut_off_by_a_dropped_connection_is_tried_again(worker, media_root):
    photo = upload()
    worker.start()
    wait_for(lambda: rendition_tasks(photo.pk).filter(status=TaskResultStatus.RUNNING).exists(), what="the build to start")
    assert terminate_worker_connections() >= 1  # while it encodes: its insert finds the connection gone

    first = wait_for(lambda: attempt_finished(photo.pk, 1), what="the first attempt", worker=worker)
    assert first.status == TaskResultStatus.SUCCESSFUL  # recorded, on a new connection
    assert first.return_value["next_attempt"] == 2
    assert "OperationalError" in first.return_value["error"] or "InterfaceError" in first.return_value["error"]
    assert make_due(photo.pk) == 1
    task = wait_for(lambda: task_finished(photo.pk), worker=worker, what="the retry to run")
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert photo.renditions.count() == len(PICTURE_FILTER_SPECS)
    assert worker.process.poll() is None


# --- The queue's health check (the compose worker's health check) -------------------------------


def test_the_queue_check_passes_while_tasks_are_taken_and_fails_when_they_wait_too_long(settings, capsys):
    settings.TASKS = DATABASE_TASKS
    call_command("check_task_queue")
    assert "queued: 0, running: 0" in capsys.readouterr().out

    result = build_photo_renditions_task.enqueue(1, list(PICTURE_FILTER_SPECS))
    call_command("check_task_queue")  # just queued: a worker has time to take it
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timezone.timedelta(minutes=11))
    with pytest.raises(CommandError, match=r"A task has waited 66\d seconds \(more than 600\): is the task worker"):
        call_command("check_task_queue")
    call_command("check_task_queue", max_wait=900)


def test_the_queue_check_fails_when_the_database_cannot_be_reached():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "occ_site.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nothing-listens-here",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check_task_queue"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "The task queue cannot be read" in result.stderr
