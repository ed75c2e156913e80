"""Renditions are built by a background task queued after an upload or a publish commits,
not in a visitor's request.

Here tasks run at once (the immediate backend of the test settings); tests/test_task_worker.py
runs them in a real `manage.py db_worker`.
"""

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import override_settings

from wagtail.models import Collection

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.renditions import (
    OPEN_GRAPH_FILTER_SPEC,
    PICTURE_FILTER_SPECS,
    build_renditions,
    photos_on_page,
    prefetch_picture_renditions,
    rendition_of,
)
from history.factories import CaptionedImageFactory, MilestonePageFactory
from history.models import CaptionedImage, CaptionedImageRendition
from history.roles import PHOTO_COLLECTION_NAME
from history.tasks import build_photo_renditions_task
from tests.photo_uploads import camera_jpeg, single_upload_data
from tests.signin import log_in_verified

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def media_root(settings, tmp_path):
    """This test's own media folder: files left by other tests' photos do not count."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def rendition_files():
    folder = Path(settings.MEDIA_ROOT) / "images"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_the_site_uses_nine_responsive_renditions_per_photo():
    assert len(PICTURE_FILTER_SPECS) == 9
    assert "format-avif|width-480" in PICTURE_FILTER_SPECS
    assert "format-jpeg|width-1440" in PICTURE_FILTER_SPECS


@pytest.mark.django_db
def test_figure_template_shows_exactly_the_prebuilt_renditions():
    photo = CaptionedImageFactory()
    html = Template('{% include "history/includes/figure.html" with photo=photo %}').render(Context({"photo": photo}))
    built = photo.get_renditions(*PICTURE_FILTER_SPECS)
    for rendition in built.values():
        assert rendition.url in html
    assert html.count("<source") == 2 and html.count("<img") == 1  # avif, webp, jpeg fallback


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
def test_uploaded_photo_gets_its_renditions_once_the_upload_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = CaptionedImageFactory()
    assert set(photo.renditions.values_list("filter_spec", flat=True)) == set(PICTURE_FILTER_SPECS)


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
def test_publishing_builds_every_rendition_the_page_and_timeline_show_after_the_commit(
    client, history_page, django_capture_on_commit_callbacks
):
    lead, in_body = CaptionedImageFactory(), CaptionedImageFactory()
    milestone = MilestonePageFactory(
        parent=history_page, slug="opening", live=False, lead_photo=lead, body=[("photo", {"image": in_body, "caption": ""})]
    )
    assert CaptionedImageRendition.objects.count() == 0  # uploads in a rolled-back test never commit
    with django_capture_on_commit_callbacks() as after_commit:
        milestone.save_revision().publish()
    assert CaptionedImageRendition.objects.count() == 0  # nothing is encoded inside the publish
    for callback in after_commit:
        callback()
    assert set(lead.renditions.values_list("filter_spec", flat=True)) == {*PICTURE_FILTER_SPECS, OPEN_GRAPH_FILTER_SPEC}
    assert in_body.renditions.count() == len(PICTURE_FILTER_SPECS)
    built = CaptionedImageRendition.objects.count()
    for url in ("/our-history/", "/our-history/opening/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("<picture>") >= 1
    assert CaptionedImageRendition.objects.count() == built


@pytest.mark.django_db
def test_photos_on_page_finds_the_lead_photo_and_photos_in_the_body(history_page):
    lead, first, second = CaptionedImageFactory(), CaptionedImageFactory(), CaptionedImageFactory()
    milestone = MilestonePageFactory(
        parent=history_page,
        lead_photo=lead,
        body=[("paragraph", "<p>Text</p>"), ("photo", {"image": first, "caption": ""}), ("photo", {"image": second, "caption": ""})],
    )
    assert sorted(photo.pk for photo in photos_on_page(milestone)) == sorted([lead.pk, first.pk, second.pk])


@pytest.mark.django_db
def test_the_task_is_idempotent(media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = CaptionedImageFactory()
    rows, files = list(photo.renditions.values_list("pk", "file")), rendition_files()
    assert len(rows) == len(PICTURE_FILTER_SPECS) and len(files) == len(PICTURE_FILTER_SPECS)

    again = build_photo_renditions_task.enqueue(photo.pk, list(PICTURE_FILTER_SPECS))

    assert again.status == TaskResultStatus.SUCCESSFUL
    assert again.return_value == {"photo": photo.pk, "built": []}
    assert list(photo.renditions.values_list("pk", "file")) == rows
    assert rendition_files() == files


@pytest.mark.django_db
def test_the_task_of_a_photo_deleted_meanwhile_does_nothing_and_succeeds(media_root):
    photo = CaptionedImageFactory()  # its own task waits for a commit that never comes here
    photo_id = photo.pk
    photo.delete()

    result = build_photo_renditions_task.enqueue(photo_id, list(PICTURE_FILTER_SPECS))

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"photo": photo_id, "built": []}
    assert not CaptionedImageRendition.objects.filter(image_id=photo_id).exists()
    assert rendition_files() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "damaged, error",
    [
        (b"\xff\xd8\xff\xe0 a JPEG header, then nothing", ("builtins.OSError", "Truncated File Read")),
        (camera_jpeg(size=(600, 400))[:2000], ("builtins.OSError", "image file is truncated")),
        (b"not a picture at all", ("willow.image.UnrecognisedImageFormatError", "Unknown image format")),
    ],
    ids=["broken-header", "truncated", "unrecognised"],
)
def test_an_original_that_cannot_be_decoded_fails_its_task_with_the_error_and_leaves_nothing(media_root, damaged, error):
    photo = CaptionedImageFactory()
    (media_root / photo.file.name).write_bytes(damaged)  # damaged in storage after the upload

    result = build_photo_renditions_task.enqueue(photo.pk, list(PICTURE_FILTER_SPECS))

    assert result.status == TaskResultStatus.FAILED
    exception_class, message = error
    assert result.errors[0].exception_class_path == exception_class
    assert message in result.errors[0].traceback
    assert not photo.renditions.exists()
    assert rendition_files() == []


@pytest.mark.django_db
def test_a_page_whose_renditions_are_not_built_still_works_and_the_request_logs_it(client, history_page, caplog):
    photo = CaptionedImageFactory()  # as if the worker were down: its task never ran
    MilestonePageFactory(parent=history_page, slug="opening", lead_photo=photo)

    with caplog.at_level(logging.WARNING, logger="core.renditions"):
        response = client.get("/our-history/opening/")

    assert response.status_code == 200
    assert photo.renditions.filter(filter_spec__in=PICTURE_FILTER_SPECS).count() == len(PICTURE_FILTER_SPECS)
    assert any(
        f"Photo {photo.pk} is shown without 9 of its 9 renditions" in record.getMessage() and "db_worker" in record.getMessage()
        for record in caplog.records
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="core.renditions"):
        assert client.get("/our-history/opening/").status_code == 200
    assert not caplog.records  # built once, by the first visitor


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_with_no_worker_running_an_upload_succeeds_queues_its_build_and_starts_no_thread(
    client, django_user_model, django_capture_on_commit_callbacks
):
    log_in_verified(client, django_user_model.objects.create_superuser("photoboss", "p@example.com", "a-long-test-password"))
    collection = Collection.objects.get(name=PHOTO_COLLECTION_NAME)
    threads_before = {thread.ident for thread in threading.enumerate()}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/images/add/", single_upload_data(collection, camera_jpeg(size=(1600, 1000))))

    assert response.status_code == 302
    photo = CaptionedImage.objects.get()
    queued = DBTaskResult.objects.filter(task_path=build_photo_renditions_task.module_path)
    assert [(task.status, task.args_kwargs["args"][0]) for task in queued] == [(TaskResultStatus.READY, photo.pk)]
    assert not photo.renditions.exists()  # the worker builds them; the editor does not wait
    assert {thread.ident for thread in threading.enumerate()} == threads_before


@pytest.mark.django_db
def test_replacing_a_photos_file_builds_renditions_of_the_new_file(client, django_user_model, django_capture_on_commit_callbacks):
    log_in_verified(client, django_user_model.objects.create_superuser("photoboss", "p@example.com", "a-long-test-password"))
    with django_capture_on_commit_callbacks(execute=True):
        photo = CaptionedImageFactory(collection=Collection.objects.get(name=PHOTO_COLLECTION_NAME))
    old_files = set(photo.renditions.values_list("file", flat=True))
    assert len(old_files) == len(PICTURE_FILTER_SPECS)

    data = single_upload_data(photo.collection, camera_jpeg(size=(300, 200)), title=photo.title)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/images/{photo.pk}/", data)

    assert response.status_code == 302
    photo.refresh_from_db()
    new_files = set(photo.renditions.values_list("file", flat=True))
    assert len(new_files) == len(PICTURE_FILTER_SPECS) and not new_files & old_files
    assert photo.renditions.get(filter_spec="format-jpeg|width-480").width == 200  # the new file: rotated, 200 wide


@pytest.mark.django_db
def test_one_rendition_of_a_prefetched_photo_is_read_from_the_prefetch(django_assert_num_queries):
    """The share image, the feed and the TimelineJS export take one rendition of a photo: a page
    that prefetched it reads no more, and the rendition given is the one asked for."""
    photo = CaptionedImageFactory()
    build_renditions(photo, (OPEN_GRAPH_FILTER_SPEC,))
    photo = CaptionedImage.objects.get(pk=photo.pk)
    prefetch_picture_renditions([photo], (OPEN_GRAPH_FILTER_SPEC,))
    with django_assert_num_queries(0):
        rendition = rendition_of(photo, OPEN_GRAPH_FILTER_SPEC)
    assert rendition.filter_spec == OPEN_GRAPH_FILTER_SPEC
