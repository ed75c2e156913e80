"""Uploads with the media on S3-compatible object storage, on a real SeaweedFS (tests/harness/s3_server.py).

An upload stores its picture renditions in the bucket; when the storage is down
or slow, editors get a form error (not a 500) and nothing is left behind.
The upload checks themselves run on S3 in test_photo_upload.py and
test_hostile_uploads.py; backups in test_backups.py.
"""

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import pre_save

from wagtail.models import UploadedFile

import pytest

from core.renditions import PICTURE_FILTER_SPECS
from history.models import CaptionedImage
from tests.harness.s3_server import silent_endpoint, use_s3_media
from tests.photo_uploads import camera_jpeg, single_upload_data

# --- what an upload stores in the bucket ----------------------------------------------------------


@pytest.mark.django_db
def test_rendition_prebuilding_stores_every_picture_rendition_in_the_bucket(
    admin_client, history_collection, media_on_s3, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg()))
    assert response.status_code == 302
    photo = CaptionedImage.objects.get()
    names = [r.file.name for r in photo.renditions.filter(filter_spec__in=PICTURE_FILTER_SPECS)]
    assert len(names) == len(PICTURE_FILTER_SPECS)
    assert set(names) <= set(media_on_s3.object_names())
    assert {name.rsplit(".", 1)[1] for name in names} == {"avif", "webp", "jpg"}


# --- faults: the storage down or slow -----------------------------------------------------------


def upload(admin_client, history_collection):
    return admin_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg()))


@pytest.mark.django_db
def test_an_upload_while_s3_is_down_is_a_form_error_and_stores_nothing(
    settings, own_s3_server, admin_client, history_collection
):
    media = use_s3_media(settings, own_s3_server, own_s3_server.new_bucket_name())
    # A file the multiple uploader put aside (it waits for its alt text) before the store went down.
    waiting = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("waiting.jpg", camera_jpeg()), "collection": history_collection.pk},
    ).json()["uploaded_file_id"]
    own_s3_server.stop()

    response = upload(admin_client, history_collection)
    assert response.status_code == 200
    assert "media storage is not answering" in response.context["form"].errors["file"][0]
    assert "media storage is not answering" in response.content.decode()

    multiple = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("opening.jpg", camera_jpeg()), "collection": history_collection.pk},
    )
    assert multiple.status_code == 200
    assert not multiple.json()["success"] and "media storage is not answering" in multiple.json()["error_message"]

    chooser = admin_client.post(
        "/admin/images/chooser/create/",
        {f"image-chooser-upload-{k}": v for k, v in single_upload_data(history_collection, camera_jpeg()).items()},
    )
    assert chooser.status_code == 200 and "media storage is not answering" in chooser.json()["htmlFragment"]

    prefix = f"uploaded-image-{waiting}"
    fields = {"title": "Waiting", "description": "A lectern", "caption": "", "credit_role": "photo", "credit_name": "",
              "long_description": "", "licence": "", "tags": "", "collection": history_collection.pk}
    describe = admin_client.post(
        f"/admin/images/multiple/create_from_uploaded_image/{waiting}/", {f"{prefix}-{k}": v for k, v in fields.items()}
    ).json()
    assert not describe["success"] and "media storage is not answering" in describe["form"]

    assert not CaptionedImage.objects.exists()
    assert UploadedFile.objects.filter(pk=waiting).exists()  # still there to describe once the store is back
    own_s3_server.start()
    assert media.object_names() == ["wagtail_uploads/waiting.jpg"]  # the waiting upload only


@pytest.mark.django_db
def test_an_upload_while_s3_is_too_slow_is_a_form_error_within_seconds(settings, admin_client, history_collection):
    from occ_site.settings.base import s3_media_storage

    with silent_endpoint() as endpoint:
        settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = "occ-key", "not-a-secret"
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_media_storage({"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": endpoint}),
        }
        started = time.monotonic()
        response = upload(admin_client, history_collection)
        waited = time.monotonic() - started
    assert response.status_code == 200
    assert "media storage is not answering" in response.context["form"].errors["file"][0]
    assert not CaptionedImage.objects.exists()
    assert waited < 20  # two 5-second read timeouts and a back-off, not the 60 s default of boto3


@pytest.mark.django_db
def test_s3_failing_after_the_check_is_a_clear_503_and_nothing_is_half_saved(
    settings, own_s3_server, admin_client, history_collection
):
    media = use_s3_media(settings, own_s3_server, own_s3_server.new_bucket_name())

    def storage_dies(sender, **kwargs):  # right before the file is written
        own_s3_server.stop()

    pre_save.connect(storage_dies, sender=CaptionedImage)
    try:
        response = upload(admin_client, history_collection)
    finally:
        pre_save.disconnect(storage_dies, sender=CaptionedImage)
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    assert not CaptionedImage.objects.exists()
    own_s3_server.start()
    assert media.object_names() == []
