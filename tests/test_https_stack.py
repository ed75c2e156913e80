"""The shipped stack end to end: real Caddy (HTTPS) → the project's VCL in varnishd → gunicorn.

The app runs with the production settings and the forwarding values .env.example ships. What a
visitor and an attacker see: pages over HTTPS with HSTS and https links, the redirect from plain
HTTP, HTTP/2, and the login throttles counting each visitor's own address through both proxies.
What reaches Varnish without Caddy cannot pose as HTTPS or as another client.
"""

import re
import urllib.parse
from pathlib import Path

import pytest

from tests.compose_files import env_file
from tests.harness import production_server
from tests.harness.caddy_server import running_caddy
from tests.harness.processes import free_port
from tests.harness.varnish_server import running_varnish
from tests.signin import log_in_over_http

# The first test waits for the whole stack: a migrated site with the demo content behind two proxies.
pytestmark = [pytest.mark.gunicorn, pytest.mark.varnish, pytest.mark.caddy, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple 42"
SPRAYER, COLLEAGUE = "127.0.0.2", "127.0.0.3"
# What .env.example decides about forwarding and HSTS, as an operator copies it.
SHIPPED = ("DJANGO_TRUSTED_PROXY_COUNT", "DJANGO_SECURE_HSTS_SECONDS", "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
           "DJANGO_SECURE_HSTS_PRELOAD", "DJANGO_AXES_FAILURE_LIMIT", "DJANGO_AXES_ADDRESS_FAILURE_LIMIT",
           "DJANGO_AXES_USERNAME_FAILURE_LIMIT")


@pytest.fixture(scope="module")
def stack(tmp_path_factory, collected_static):
    folder = tmp_path_factory.mktemp("https-stack")
    shipped = env_file(ROOT / ".env.example")
    varnish_port = free_port()
    env = production_server.demo_site_in(
        folder,
        DJANGO_SERVE_MEDIA="True",
        FRONTEND_CACHE_URL=f"http://127.0.0.1:{varnish_port}",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        **{name: shipped[name] for name in SHIPPED},
    )
    production_server.manage(env, "createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org")
    with production_server.gunicorn(env, workers=1, threads=4) as app_url:
        app_port = urllib.parse.urlsplit(app_url).port
        # Caddy connects to Varnish from 127.0.0.1; the test's visitors come from 127.0.0.2 and .3.
        with (
            running_varnish([("127.0.0.1", app_port)], port=varnish_port, tls_proxies=["127.0.0.1"]) as varnish,
            running_caddy(f"127.0.0.1:{varnish_port}") as caddy,
        ):
            yield {"caddy": caddy, "varnish": varnish}


def test_pages_come_over_https_with_hsts_and_https_links(stack):
    caddy = stack["caddy"]
    status, headers, html = caddy.get("/our-history/")
    assert status == 200
    # The app knows the visitor used HTTPS (request.is_secure()): its absolute links say https.
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    assert canonical == f"https://localhost:{caddy.https_port}/our-history/"
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert "preload" not in hsts  # a one-way decision an operator takes on purpose
    assert headers["X-Cache"] in {"miss", "hit"}  # through the front cache
    assert "x-url-path" not in {name.lower() for name in headers}


def test_plain_http_is_redirected_to_https(stack):
    caddy = stack["caddy"]
    status, headers, _ = caddy.get("/our-history/?kind=award", https=False)
    assert status in {301, 302, 308}
    # To the same address over HTTPS (on its standard port, where a deployment has it).
    location = urllib.parse.urlsplit(headers["Location"])
    assert (location.scheme, location.hostname, location.path, location.query) == (
        "https", "localhost", "/our-history/", "kind=award"
    )


def test_caddy_offers_http2(stack):
    assert stack["caddy"].negotiated_protocol() == "h2"


def test_nobody_purges_through_the_tls_proxy(stack):
    status, _, _ = stack["caddy"].request("/our-history/", method="PURGE")
    assert status == 405


def test_a_forged_https_header_straight_to_varnish_is_dropped(stack):
    varnish = stack["varnish"]
    forged = {"X-Forwarded-Proto": "https", "Forwarded": "proto=https", "X-Forwarded-Ssl": "on"}
    status, headers, _ = varnish.get("/our-history/", headers=forged, source_address=SPRAYER)
    # The app saw plain HTTP and sent the visitor to HTTPS, instead of serving the page as secure.
    assert status == 301 and headers["Location"].startswith("https://")


def test_a_sprayer_is_locked_out_and_a_colleague_signs_in_right_after(stack):
    caddy = stack["caddy"]
    origin = {"Origin": f"https://localhost:{caddy.https_port}"}  # Django checks it on HTTPS POSTs
    # The sprayer also claims other addresses: neither proxy passes that on.
    statuses = [
        log_in_over_http(caddy, f"user{n}", "Summer2025!", client=SPRAYER, headers={**origin, "X-Forwarded-For": f"10.0.0.{n}"})[0]
        for n in range(30)
    ]
    assert statuses == [200] * 29 + [429]  # the form again with an error, then the lockout
    assert log_in_over_http(caddy, "editor", PASSWORD, client=SPRAYER, headers=origin)[0] == 429
    status, location = log_in_over_http(caddy, "editor", PASSWORD, client=COLLEAGUE, headers=origin)
    assert status == 302 and not location.startswith("/admin/login/"), (status, location)
