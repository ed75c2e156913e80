"""While the database or the media storage does not answer, the site says so: 503 with Retry-After.

In-process tests for what decides (occ_site.outages), and gunicorn with the production settings
for what a real deployment answers: once pointed at a closed port, once in front of a private
PostgreSQL server (tests/harness/postgres_server.py) that the test stops and starts again.
"""

import json
import logging

from django.db import OperationalError, ProgrammingError
from django.test import Client

import pytest
from botocore.exceptions import EndpointConnectionError

from tests.harness import production_server
from tests.harness.http_clients import Browserless
from tests.harness.polling import wait_until
from tests.harness.postgres_server import private_postgres
from tests.harness.processes import free_port

ENGLISH = {"lang": 'lang="en"', "heading": "The website is not available just now"}
NORWEGIAN = {"lang": 'lang="nb"', "heading": "Nettstedet er ikke tilgjengelig akkurat nå"}
LEAKS = ("Traceback", "OperationalError", "psycopg", "127.0.0.1", "5432", "settings.py", "DATABASE", "postgres://")


def assert_outage_page(status, headers, body, language, path=""):
    assert status == 503, f"{path} answered {status}"
    assert headers["Retry-After"] == "30", path
    assert "no-store" in headers["Cache-Control"], path
    assert headers["Content-Type"].startswith("text/html"), path
    assert language["lang"] in body and language["heading"] in body, path
    for leak in LEAKS:
        assert leak not in body, f"{path} shows {leak}"


# --- what decides, in the app itself ----------------------------------------------------------------

FAILURE = {}


class FailingMiddleware:
    """Raises what FAILURE["exception"] holds, where sessions and authentication would hit the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise FAILURE["exception"]


@pytest.fixture
def failing_middleware(settings):
    at = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[:at], f"{__name__}.FailingMiddleware", *settings.MIDDLEWARE[at:]]
    yield FAILURE
    FAILURE.clear()


@pytest.fixture
def visitor():
    # As a browser sees it: the error page, not the exception the test client would raise.
    return Client(raise_request_exception=False)


def as_served(response):
    return response.status_code, response.headers, response.content.decode()


@pytest.mark.parametrize(("path", "language"), [("/our-history/", ENGLISH), ("/nb/var-historie/", NORWEGIAN), ("/admin/", ENGLISH)])
def test_a_database_failure_in_middleware_answers_503_in_the_addresss_language(failing_middleware, visitor, path, language):
    failing_middleware["exception"] = OperationalError("could not connect to server: Connection refused")
    assert_outage_page(*as_served(visitor.get(path)), language, path)


def test_a_storage_failure_in_middleware_answers_the_photo_storage_503(failing_middleware, visitor):
    failing_middleware["exception"] = EndpointConnectionError(endpoint_url="http://127.0.0.1:8333")
    status, headers, body = as_served(visitor.get("/nb/var-historie/"))
    assert status == 503 and headers["Retry-After"] == "30"
    assert 'lang="nb"' in body and "Bildene er ikke tilgjengelige akkurat nå" in body
    assert "8333" not in body and "EndpointConnectionError" not in body


def test_a_bug_in_middleware_stays_the_sites_500_page_in_the_addresss_language(failing_middleware, visitor):
    failing_middleware["exception"] = ProgrammingError('relation "wagtailcore_site" does not exist')
    response = visitor.get("/nb/var-historie/")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    html = response.content.decode()
    assert 'lang="nb"' in html and "Noe gikk galt" in html and 'href="/nb/"' in html
    assert "wagtailcore_site" not in html


@pytest.mark.django_db
def test_a_database_failure_in_a_view_answers_503_and_is_logged_without_a_traceback(
    visitor, site_root, monkeypatch, caplog
):
    def database_down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("wagtail.models.Site.find_for_request", database_down)
    with caplog.at_level(logging.WARNING, logger="occ_site.outages"):
        assert_outage_page(*as_served(visitor.get("/nb/")), NORWEGIAN, "/nb/")
    [record] = [r for r in caplog.records if r.name == "occ_site.outages"]
    assert record.getMessage() == "Database unavailable during GET /nb/: OperationalError"
    assert record.exc_info is None


@pytest.mark.django_db
def test_the_admins_uploader_gets_its_json_error_for_storage_and_database_failures(
    visitor, site_root, monkeypatch
):
    failures = iter([EndpointConnectionError(endpoint_url="http://127.0.0.1:8333"), OperationalError("gone")])

    def part_down(*args, **kwargs):
        raise next(failures)

    monkeypatch.setattr("wagtail.models.Site.find_for_request", part_down)
    answers = [visitor.get("/", headers={"X-Requested-With": "XMLHttpRequest"}) for _ in range(2)]
    for response in answers:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert response.json()["success"] is False
    assert "media storage is not answering" in answers[0].json()["error_message"]
    assert answers[1].json()["error_message"] == "The website is not available just now. Please try again in a few minutes."
    assert "8333" not in answers[0].content.decode()


# --- gunicorn with the production settings, the database on a closed port ----------------------------


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory, collected_static):
    closed_port = free_port()  # nothing listens there
    env = production_server.production_env(
        database_url=f"postgres://postgres@127.0.0.1:{closed_port}/occ",
        media_root=tmp_path_factory.mktemp("media"),
        DJANGO_SECURE_SSL_REDIRECT="False",
    )
    with production_server.gunicorn(env, workers=1, threads=2, healthy=False) as base_url:
        yield Browserless(base_url)


def test_health_check_says_unavailable_when_the_database_is_unreachable(server_without_database):
    status, headers, body = server_without_database.request("/healthz")
    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "database": "down", "storage": "ok"}


UNREACHABLE_PAGES = [
    ("/", ENGLISH),
    ("/nb/", NORWEGIAN),
    ("/our-history/", ENGLISH),
    ("/nb/var-historie/", NORWEGIAN),
    ("/our-history/innovation-park-opens/", ENGLISH),
    ("/search/?q=x", ENGLISH),
    ("/nb/search/?q=x", NORWEGIAN),
    ("/admin/login/", ENGLISH),
]
# An editor who was signed in: the session is looked up in the database before any admin view runs.
SIGNED_IN = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}


@pytest.mark.parametrize(("path", "language"), UNREACHABLE_PAGES)
def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable(server_without_database, path, language):
    status, headers, body = server_without_database.request(path)
    assert_outage_page(status, headers, body, language, path)
    assert 'href="/static/css/site.' in body  # styled, from the collected static files


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/our-history/"])
def test_signed_in_editors_get_the_503_page_too(server_without_database, path):
    assert_outage_page(*server_without_database.request(path, headers=SIGNED_IN), ENGLISH, path)


def test_a_login_attempt_while_the_database_is_unreachable_answers_503(server_without_database):
    # The login form was loaded before the outage: its CSRF cookie and field match.
    token = "abcdefghijklmnopqrstuvwxyz012345"
    status, headers, body = server_without_database.request(
        "/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": "editor", "password": "not-checked"},
        headers={"Cookie": f"csrftoken={token}"},
    )
    assert_outage_page(status, headers, body, ENGLISH, "POST /admin/login/")


# --- a real PostgreSQL server stopped and started under a running gunicorn ---------------------------


def answers(browser, path, status):
    return lambda: browser.request(path)[0] == status


@pytest.mark.gunicorn
@pytest.mark.timeout(300)  # a new database: migrations and the demo content, then the outage
def test_pages_say_503_while_postgresql_is_stopped_and_recover_when_it_is_back(tmp_path, collected_static):
    with private_postgres() as postgres:
        env = production_server.production_env(
            database_url=postgres.url, media_root=tmp_path / "media", DJANGO_SECURE_SSL_REDIRECT="False"
        )
        production_server.prepare_site(env, collect_static=False)
        pages = {"/our-history/": ENGLISH, "/nb/var-historie/": NORWEGIAN, "/search/?q=oslo": ENGLISH, "/admin/login/": ENGLISH}
        with production_server.gunicorn(env, workers=1, threads=2) as base_url:
            browser = Browserless(base_url)
            for path in pages:
                assert browser.request(path)[0] == 200, path

            postgres.stop()
            wait_until(answers(browser, "/healthz", 503), waiting_for="/healthz to notice the database is down")
            for path, language in pages.items():
                assert_outage_page(*browser.request(path), language, path)

            postgres.start()
            for path in pages:  # the same gunicorn, not restarted: it reconnects by itself
                wait_until(answers(browser, path, 200), waiting_for=f"{path} to answer 200 again")
