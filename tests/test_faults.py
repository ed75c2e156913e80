"""Surviving database faults (docs/operations.md "Faults").

gunicorn runs with the production settings, so these are the code paths a
real deployment takes: persistent connections with health checks and the load
balancer's /healthz. What visitors get while the database is down is in
tests/test_outages.py.
"""

import urllib.parse

from django.conf import settings
from django.db import connection

import psycopg2
import pytest

from history.factories import MilestonePageFactory
from tests.conftest import postgres_only
from tests.harness import production_server
from tests.harness.http_clients import Browserless


def test_health_check_says_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_persistent_connections_are_health_checked():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


# --- connections killed under a running server (PostgreSQL only) -----------------------------

APP_NAME = "occ-fault-test"


def app_backends(cursor):
    cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
    return {row[0] for row in cursor.fetchall()}


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed, seen by other processes
def test_the_next_request_succeeds_after_the_database_drops_the_apps_connections(
    history_page, tmp_path, collected_static
):
    MilestonePageFactory(parent=history_page, slug="still-here", title="Still here after the fault")

    db = connection.settings_dict
    query = urllib.parse.urlencode({"application_name": APP_NAME})
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}?{query}"
    env = production_server.production_env(
        database_url=database_url, media_root=tmp_path, DJANGO_SECURE_SSL_REDIRECT="False", DJANGO_CONN_MAX_AGE="600"
    )
    # One worker, one thread: every request reuses the same persistent connection.
    with production_server.gunicorn(env, workers=1, threads=1) as base_url:
        browser = Browserless(base_url)
        status, _, body = browser.request("/our-history/still-here/")
        assert status == 200 and "Still here after the fault" in body

        admin = psycopg2.connect(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            before = app_backends(cursor)
            assert before, "the app keeps its connection open between requests (CONN_MAX_AGE)"
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME]
            )
            # Every request after the fault is answered; the very first one included.
            for path in ("/our-history/still-here/", "/our-history/", "/healthz"):
                status, _, body = browser.request(path)
                assert status == 200, f"{path} answered {status}"
            after = app_backends(cursor)
        admin.close()
        assert after and not (after & before), "the app reconnected with a new backend"
