"""The suite's two tiers: `make test` runs every test, `make test-fast` leaves out the ones marked
as starting a real server or browser (the markers below, declared in pyproject.toml).

A test that starts such a server must carry its marker, or the fast tier would start it after all:
each server's starter calls ``require_marker``, which fails the test that lacks it. Tests that get
their server from a fixture are marked by it (``FIXTURE_MARKERS``, applied in tests/conftest.py).
"""

import pytest

# Marker: what it says of a test. `make test-fast` deselects all of them.
SLOW_MARKERS = {
    "browser": "drives a real Chromium through Playwright",
    "varnish": "starts a real varnishd",
    "s3": "starts a real S3 server (SeaweedFS's weed mini)",
    "gunicorn": "starts gunicorn with the production settings",
    "worker": "starts the task worker (manage.py db_worker)",
    "caddy": "starts a real Caddy (the TLS proxy)",
}

# Fixtures that start a server: a test that uses one, directly or through another fixture, is marked.
FIXTURE_MARKERS = {
    "browser": "browser",
    "collected_static": "gunicorn",  # what every test that starts gunicorn asks for first
    "s3_server": "s3",
    "own_s3_server": "s3",
    "media_on_s3": "s3",
    "varnish": "varnish",  # tests/front_cache/, tests/test_front_cache_*.py: a varnishd in front of the live server
    "worker": "worker",  # tests/test_task_worker.py: a running db_worker
}

# The markers of the test being set up or run (conftest's pytest_runtest_setup); None outside a test run.
current_markers = None


def mark_by_fixtures(item):
    for fixture, marker in FIXTURE_MARKERS.items():
        if fixture in item.fixturenames:
            item.add_marker(marker)
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params.get("media_storage") == "S3":
        item.add_marker("s3")


def require_marker(marker):
    if current_markers is not None and marker not in current_markers:
        pytest.fail(
            f"this test {SLOW_MARKERS[marker].split(' (')[0]} but is not marked @pytest.mark.{marker} "
            "(tests/harness/tiers.py): `make test-fast` would run it",
            pytrace=False,
        )

