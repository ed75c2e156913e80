"""Run the site under production settings with gunicorn on a free loopback port.

Used by the production-settings tests (tests/test_security_headers.py) and by
the load test (ops/loadtest.py). Everything a real deployment reads from the
environment is set here; the secret key is random for each run.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(*, database_url, media_root, **overrides):
    """The environment a production deployment provides, for a run on 127.0.0.1."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "occ_site.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(env, *args, check=True):
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check
    )


def collectstatic(env):
    """Needs no database: the manifest the templates' {% static %} tags read."""
    manage(env, "collectstatic", "--noinput", "-v0")


def prepare_site(env, *, demo_content=True, collect_static=True):
    """Migrate, load the demo content and collect static files, as a deployment does.

    The tests collect the static files once per run instead (``collect_static=False``).
    """
    manage(env, "migrate", "--noinput", "-v0")
    if demo_content:
        manage(env, "load_demo_content")
    if collect_static:
        collectstatic(env)


def wait_until_up(base_url, timeout=60, *, healthy=True):
    """Wait for /healthz to answer 200 (or, with healthy=False, to answer at all)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            if not healthy:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on {base_url}/healthz within {timeout} s")


@contextlib.contextmanager
def gunicorn(env, *, workers=2, threads=1, healthy=True, port=None):
    """gunicorn serving occ_site.wsgi on 127.0.0.1 (on ``port``, or a free one); yields the base URL."""
    port = port or free_port()
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in finally; a file, not a pipe: a chatty server never blocks on it
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            PYTHON, "-m", "gunicorn", "occ_site.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--graceful-timeout", "5",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(base_url, healthy=healthy)
        except RuntimeError:
            process.terminate()
            process.wait(timeout=15)
            log.seek(0)
            raise RuntimeError(f"gunicorn failed to start:\n{log.read()[-4000:]}") from None
        yield base_url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
