"""Run the site under production settings with gunicorn on a free loopback port.

Used by the tests that run the production settings (tests/test_security_headers.py and
others), the benchmarks and the load test (ops/loadtest.py). Everything a real deployment reads
from the environment is set here; the secret key is random for each run.
"""

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from tests.harness.polling import wait_until
from tests.harness.processes import free_port, stop
from tests.harness.tiers import require_marker

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable


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


def demo_site_in(folder, **overrides):
    """A migrated production site with the demo content, its SQLite database and media in ``folder``:
    the environment to serve it with. The static files are the run's own (``collected_static``)."""
    env = production_env(database_url=f"sqlite:///{Path(folder) / 'db.sqlite3'}", media_root=Path(folder) / "media", **overrides)
    prepare_site(env, collect_static=False)
    return env


def answers(base_url, *, healthy=True):
    """Whether /healthz answers 200 (or, with healthy=False, answers at all)."""
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:  # noqa: S310 - loopback
            return response.status == 200
    except urllib.error.HTTPError:
        return not healthy
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def gunicorn(env, *, workers=2, threads=1, healthy=True, port=None):
    """gunicorn serving occ_site.wsgi on 127.0.0.1 (on ``port``, or a free one); yields the base URL.

    In a test, the test must be marked ``gunicorn`` (tests/harness/tiers.py).
    """
    require_marker("gunicorn")
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
            wait_until(lambda: answers(base_url, healthy=healthy), timeout=60, interval=0.3,
                       waiting_for=f"gunicorn to answer on {base_url}/healthz")
        except AssertionError:
            stop(process)
            log.seek(0)
            raise RuntimeError(f"gunicorn failed to start:\n{log.read()[-4000:]}") from None
        yield base_url
    finally:
        stop(process)
        log.close()
