"""Media on S3-compatible object storage, on a real SeaweedFS (tests/harness/s3_server.py): what visitors get.

Renditions load from the site's own /media/images/ addresses while the bucket
stays private; with a CDN in front only renditions are public; originals are
never readable without the keys; documents download through Wagtail. The same
holds for the production server (gunicorn) with its media in a bucket; media on
the local disk is served by the same view, only when the app is asked to.
Uploads on S3 are in test_media_uploads.py; /healthz, ensure_media_storage and
the AWS_* settings in test_media_storage_operations.py.
"""

import json
from types import SimpleNamespace

import pytest

from history.factories import CaptionedImageFactory
from tests.harness import production_server
from tests.harness.http_clients import Browserless, inline_code
from tests.harness.s3_server import use_s3_media

BROWSER_SECONDS, SHARED_CACHE_SECONDS = 3600, 86400


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
def test_documents_in_the_private_bucket_download_through_wagtail(client, media_on_s3):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="Annual report", file=ContentFile(b"%PDF-1.4 report", name="report.pdf"))
    assert document.file.name in media_on_s3.object_names()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"
    assert media_on_s3.server.anonymous_get(media_on_s3.bucket, document.file.name)[0] == 403


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
