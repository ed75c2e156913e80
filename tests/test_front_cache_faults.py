"""When the media storage goes down, visitors keep getting the pages the front cache holds.

gunicorn with the production settings and its media on a real S3 server
(SeaweedFS) of this test's own, behind a real varnishd. The pages may be kept two
seconds, so they are stale by the time the store is down: Varnish's health probe
(/healthz, which now answers 503 naming the storage and nothing secret) takes the
app out, and Varnish serves the stale copies (grace, a day while the app is out)
instead of errors. The test's Varnish probes every second and gives a healthy app's stale
pages one second of grace (the shipped 5 s and 30 s, shortened), so it waits seconds.
"""

import itertools
import urllib.parse

from django.db import connection

import pytest

from history.factories import HistoryIndexPageFactory, MilestonePageFactory
from tests.conftest import postgres_only
from tests.harness import production_server
from tests.harness.http_clients import Browserless
from tests.harness.polling import wait_until
from tests.harness.varnish_server import running_varnish

pytestmark = [
    postgres_only,
    pytest.mark.varnish,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_cached_pages_are_served_while_the_media_storage_is_down(site_root, own_s3_server, tmp_path, collected_static):
    history = HistoryIndexPageFactory(parent=site_root)
    MilestonePageFactory(parent=history, slug="founded", title="Oslo Cancer Cluster is founded", year=2006)
    bucket = own_s3_server.new_bucket_name()
    env = production_server.production_env(
        database_url=database_url(),
        media_root=tmp_path / "no-media-on-disk",
        DJANGO_SECURE_SSL_REDIRECT="False",
        DJANGO_FRONT_CACHE_SECONDS="2",
        **own_s3_server.environ(bucket),
    )
    production_server.manage(env, "ensure_media_storage")
    with (
        production_server.gunicorn(env, workers=1, threads=2) as app,
        running_varnish([("127.0.0.1", urllib.parse.urlsplit(app).port)], probe_interval=1, healthy_grace=1) as front,
    ):
        for path in ("/our-history/", "/our-history/founded/"):
            assert front.get(path)[0] == 200
        own_s3_server.stop()
        # The app's own answer, not Varnish's: by the time the store has stopped, the probe may
        # already have taken the app out, and Varnish then answers for it.
        status, _, body = Browserless(app).request("/healthz")
        assert status == 503 and '"storage": "down"' in body
        assert own_s3_server.endpoint_url not in body and bucket not in body
        # Three failed probes take the app out: then nothing healthy is left to ask. (A new address each
        # time: an answer from the app while it was still in would be cached and served in grace.)
        asked = itertools.count()
        wait_until(
            lambda: front.get(f"/search/?q=never-cached-{next(asked)}")[0] == 503,
            waiting_for="Varnish to take the app out",
        )
        for path in ("/our-history/", "/our-history/founded/"):

            def served_stale(path=path):
                status, headers, body = front.get(path)
                assert status == 200, path
                assert "Oslo Cancer Cluster is founded" in body
                # Older than its lifetime (2 s) and a healthy app's grace (1 s): only the sick app's grace serves it.
                return int(headers["Age"]) > 3

            wait_until(served_stale, waiting_for=f"{path} to be older than its lifetime and a healthy app's grace")
