"""What the front cache keeps and for whom, proven against a real varnishd (ops/varnish/default.vcl).

The first tests put Varnish in front of the app (pytest-django's live server). The
last ones put it in front of a small HTTP server the test controls, to stop it
(grace) and to count how many requests reach it (coalescing).
"""

import http.server
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from history.factories import HistoryIndexPageFactory, MilestonePageFactory
from tests.harness.polling import wait_until
from tests.harness.processes import free_port
from tests.harness.varnish_server import running_varnish

app_pages = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def varnish(live_server, settings):
    with running_varnish([("127.0.0.1", urlsplit(live_server.url).port)]) as front:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": front.url}
        }
        yield front


@pytest.fixture
def history(site_root):
    history = HistoryIndexPageFactory(parent=site_root)
    MilestonePageFactory(parent=history, slug="founded", title="Oslo Cancer Cluster is founded", year=2006)
    return history


def cache_state(varnish, path, **kwargs):
    status, headers, _ = varnish.get(path, **kwargs)
    return status, headers["X-Cache"]


@app_pages
def test_public_pages_are_kept_and_browsers_get_only_the_short_lifetime(varnish, history):
    assert cache_state(varnish, "/our-history/") == (200, "miss")
    status, headers, _ = varnish.get("/our-history/")
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert int(headers["Age"]) >= 0 and headers["X-Varnish"]
    cache_control = headers["Cache-Control"]
    assert "max-age=60" in cache_control and "public" in cache_control
    assert "s-maxage" not in cache_control  # browsers and proxies behind Varnish cannot be purged
    for path in ["/our-history/timeline.json", "/sitemap.xml", "/robots.txt", "/static/css/site.css"]:
        varnish.get(path)
        assert cache_state(varnish, path) == (200, "hit"), path


@app_pages
def test_admin_health_checks_posts_and_signed_in_visitors_are_never_cached(varnish, history):
    for path in ["/admin/login/", "/healthz"]:
        varnish.get(path)
        assert cache_state(varnish, path)[1] != "hit", path
    varnish.get("/our-history/")
    status, headers, _ = varnish.get("/our-history/", headers={"Cookie": "sessionid=abc123"})
    assert headers["X-Cache"] != "hit"
    assert "private" in headers["Cache-Control"]
    status, headers, _ = varnish.request("/search/?q=oslo", method="POST")
    assert headers["X-Cache"] != "hit"


@app_pages
def test_analytics_cookies_and_tracking_parameters_neither_split_nor_bypass_the_cache(varnish, history):
    varnish.get("/our-history/")
    assert cache_state(varnish, "/our-history/", headers={"Cookie": "_ga=GA1.2.3; csrftoken=x"}) == (200, "hit")
    assert cache_state(varnish, "/our-history/?utm_source=newsletter&utm_medium=email") == (200, "hit")
    assert cache_state(varnish, "/our-history/?fbclid=abc") == (200, "hit")
    varnish.get("/our-history/?page=1&kind=founding")
    assert cache_state(varnish, "/our-history/?kind=founding&utm_campaign=x&page=1") == (200, "hit")


@app_pages
def test_a_hostile_host_header_cannot_poison_what_others_get(varnish, history):
    varnish.get("/our-history/", headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
    varnish.get("/our-history/founded/", headers={"Host": "localhost", "X-Forwarded-Host": "evil.example"})
    for path in ["/our-history/", "/our-history/founded/"]:
        _, _, html = varnish.get(path, headers={"Host": "localhost"})
        assert "evil.example" not in html, path


@app_pages
def test_only_the_app_may_purge(varnish, history):
    varnish.get("/our-history/")
    status, _, _ = varnish.request("/our-history/", method="PURGE", source_address="127.0.0.2")
    assert status == 405
    assert cache_state(varnish, "/our-history/") == (200, "hit")  # nothing was purged
    status, _, _ = varnish.request("/our-history/", method="PURGE")  # from the app's address
    assert status == 200
    assert cache_state(varnish, "/our-history/") == (200, "miss")


@app_pages
def test_cache_tags_stay_inside_the_cache_and_only_the_app_may_purge_them(varnish, history):
    status, headers, _ = varnish.get("/our-history/")
    assert status == 200 and "xkey" not in headers  # they name pages and photos by their ids
    status, _, _ = varnish.request("/", method="PURGE", headers={"xkey-purge": "pages all"}, source_address="127.0.0.2")
    assert status == 405
    assert cache_state(varnish, "/our-history/") == (200, "hit")
    status, headers, _ = varnish.request("/", method="PURGE", headers={"xkey-purge": "all"})
    assert (status, headers["X-Invalidated"]) == (200, "1")
    assert cache_state(varnish, "/our-history/") == (200, "miss")


@app_pages
def test_publishing_with_the_front_cache_down_still_works(live_server, settings, history):
    settings.FRONT_CACHE_XKEY_URL = f"http://127.0.0.1:{free_port()}"
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": f"http://127.0.0.1:{free_port()}"}
    }
    milestone = MilestonePageFactory(parent=history, slug="hub", title="Oslo Science Hub", year=2024, live=False)
    milestone.save_revision().publish()  # the purge fails and is logged; the publish stands
    milestone.refresh_from_db()
    assert milestone.live


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """A page that takes half a second to make and may be kept for a second; counts its requests."""

    requests = 0
    lock = threading.Lock()

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/healthz":
            self.send_response(200)
            self.end_headers()
            return
        with self.lock:
            type(self).requests += 1
        time.sleep(0.5)  # a slow page (the time it takes to make), not a wait for a clock
        body = b"<p>the page</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Cache-Control", "public, max-age=1, s-maxage=1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def small_backend():
    CountingHandler.requests = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def crowd(varnish, path, size=12):
    with ThreadPoolExecutor(max_workers=size) as pool:
        return list(pool.map(lambda _: varnish.get(path)[0], range(size)))


@pytest.mark.varnish
def test_a_crowd_asking_for_one_page_sends_one_request_to_the_app(small_backend):
    with running_varnish([small_backend.server_address]) as varnish:
        assert crowd(varnish, "/page") == [200] * 12
        assert CountingHandler.requests == 1
        varnish.request("/page", method="PURGE")
        assert crowd(varnish, "/page") == [200] * 12  # right after a purge too
        assert CountingHandler.requests == 2


@pytest.mark.varnish
def test_cached_pages_are_served_while_the_app_is_down(small_backend):
    with running_varnish([small_backend.server_address]) as varnish:
        assert varnish.get("/page")[0] == 200
        small_backend.shutdown()
        small_backend.server_close()

        def served_past_its_lifetime():
            status, headers, body = varnish.get("/page")
            assert (status, body) == (200, "<p>the page</p>")
            return int(headers["Age"]) >= 2  # kept for a second; asked again until older than that

        wait_until(served_past_its_lifetime, waiting_for="the page to be older than its lifetime")
        assert varnish.get("/never-cached")[0] == 503  # what was never cached cannot be served
