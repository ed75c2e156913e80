"""An upgrade restarts the app instances one at a time, and visitors never notice.

Two gunicorn instances with the production settings behind the project's VCL in a real varnishd,
as docker compose runs web and web-2. One instance is stopped while requests that the front cache
cannot answer keep coming (each search is new to it), then started again on its address, and the
other is stopped: every request is answered by the instance that is up, before the health probe
has even noticed (docs/deployment.md, "Upgrading").
"""

import contextlib

import pytest

from tests.harness import production_server
from tests.harness.processes import free_port
from tests.harness.varnish_server import running_varnish

pytestmark = [pytest.mark.gunicorn, pytest.mark.varnish, pytest.mark.timeout(300)]  # two instances started, twice


@pytest.fixture(scope="module")
def site_env(tmp_path_factory, collected_static):
    return production_server.demo_site_in(tmp_path_factory.mktemp("rolling"), DJANGO_SECURE_SSL_REDIRECT="False")


def searches(varnish, count, start):
    """``count`` searches the front cache has not seen: (status, X-Cache) of each."""
    answers = []
    for n in range(start, start + count):
        status, headers, _ = varnish.get(f"/search/?q=cancer+{n}")
        answers.append((status, headers.get("X-Cache")))
    return answers


def test_instances_restart_one_at_a_time_without_errors(site_env):
    ports = [free_port(), free_port()]
    instances = {port: contextlib.ExitStack() for port in ports}
    with contextlib.ExitStack() as cleanup:
        for port, instance in instances.items():
            cleanup.enter_context(instance)
            instance.enter_context(production_server.gunicorn(site_env, workers=1, port=port))
        varnish = cleanup.enter_context(running_varnish([("127.0.0.1", port) for port in ports]))
        assert searches(varnish, 4, 0) == [(200, "miss")] * 4

        for turn, port in enumerate(ports, start=1):
            # Stop this instance, as `docker compose up -d --no-deps web` replaces its container ...
            instances[port].close()
            answers = searches(varnish, 10, 100 * turn)
            assert answers == [(200, "miss")] * 10, f"with instance {turn} stopped: {answers}"
            # ... and start the new one on the same address before the next instance goes.
            instances[port].enter_context(production_server.gunicorn(site_env, workers=1, port=port))
            answers = searches(varnish, 4, 100 * turn + 50)
            assert answers == [(200, "miss")] * 4, f"with instance {turn} back: {answers}"
