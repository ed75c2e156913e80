"""Two app instances behind Varnish share everything another instance needs, as in docker compose.

Two gunicorn processes with the production settings serve the same PostgreSQL
database, the same Redis, media in the same bucket of a real S3 server
(SeaweedFS), with a real task worker (``db_worker``) and a real varnishd in
front balancing between them. Nothing either instance needs lives in one process
or on one disk: an upload through one is shown and served by the other, a login
on one holds on the other, and a publish is seen at once on both and through the
front cache.
"""

import re
import secrets
import urllib.parse

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection

from wagtail.models import Collection

import pytest
import redis
import requests

from history.factories import HistoryIndexPageFactory, MilestonePageFactory
from history.models import CaptionedImage, HistoryIndexPage
from history.roles import PHOTO_COLLECTION_NAME, PHOTO_CONTRIBUTORS
from tests.conftest import postgres_only
from tests.harness import production_server
from tests.harness.polling import wait_until
from tests.harness.processes import free_port
from tests.harness.task_worker import TaskWorker
from tests.harness.varnish_server import running_varnish
from tests.photo_uploads import camera_jpeg

REDIS_DB = 13  # a database of the local Redis no other test uses; emptied before and after
pytestmark = [
    postgres_only,
    pytest.mark.varnish,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def shared_redis():
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    client.flushdb()
    yield f"redis://127.0.0.1:6379/{REDIS_DB}"
    client.flushdb()


@pytest.fixture
def stack(site_root, s3_server, shared_redis, tmp_path, settings, collected_static):
    """Varnish in front of two gunicorns and a db_worker, all on one database, one Redis and one bucket."""
    HistoryIndexPageFactory(parent=site_root)
    bucket = s3_server.new_bucket_name()
    varnish_port = free_port()
    env = production_server.production_env(
        database_url=database_url(),
        media_root=tmp_path / "no-media-on-disk",
        DJANGO_SECURE_SSL_REDIRECT="False",
        REDIS_URL=shared_redis,
        FRONTEND_CACHE_URL=f"http://127.0.0.1:{varnish_port}",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        **s3_server.environ(bucket),
    )
    production_server.manage(env, "ensure_media_storage")
    with (
        TaskWorker(env, stop_timeout=60),
        production_server.gunicorn(env, workers=1, threads=4) as first,
        production_server.gunicorn(env, workers=1, threads=4) as second,
    ):
        backends = [("127.0.0.1", urllib.parse.urlsplit(url).port) for url in (first, second)]
        # The test's requests come from 127.0.0.1 and play the TLS proxy in front of Varnish.
        with running_varnish(backends, port=varnish_port, tls_proxies=["127.0.0.1"]) as front:
            settings.FRONT_CACHE_XKEY_URL = front.url  # this process publishes: it purges the tags
            yield {"first": first, "second": second, "front": front}


class Browser:
    """A browser behind a TLS proxy: production sends Secure cookies, and says https to Django
    (X-Forwarded-Proto, as the proxy in front of Varnish would); its cookies go to any instance."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, url, *, headers=None, **kwargs):
        parts = urllib.parse.urlsplit(url)
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{parts.netloc}{parts.path}", **(headers or {})}
        response = requests.request(method, url, headers=headers, cookies=self.cookies, allow_redirects=False,
                                    timeout=30, **kwargs)
        self.cookies.update(response.cookies.get_dict())
        for name, morsel in response.cookies.items():
            if not morsel:
                self.cookies.pop(name, None)
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)

    def csrf_token(self, url):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(url).text).group(1)


def sign_in(browser, base_url, username, password):
    token = browser.csrf_token(f"{base_url}/admin/login/")
    response = browser.post(
        f"{base_url}/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
    )
    assert response.status_code == 302, response.text[:500]


def make_photographer(django_user_model):
    """A photo contributor whose password the production settings' hasher can check (the test
    settings hash with MD5, which production does not accept)."""
    password = secrets.token_urlsafe(16)
    user = django_user_model.objects.create_user("photographer")
    user.password = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    user.save()
    user.groups.add(Group.objects.get(name=PHOTO_CONTRIBUTORS))
    return user, password


def test_a_login_on_one_instance_holds_on_the_other(stack, django_user_model):
    user, password = make_photographer(django_user_model)
    browser = Browser()
    sign_in(browser, stack["first"], user.username, password)
    for base_url in (stack["second"], stack["first"]):
        dashboard = browser.get(f"{base_url}/admin/")
        assert dashboard.status_code == 200, base_url
        assert "/admin/logout/" in dashboard.text
    # Signing out on the second ends the session on the first too.
    browser.post(f"{stack['second']}/admin/logout/", data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]})
    assert browser.get(f"{stack['first']}/admin/").status_code == 302


def test_an_upload_through_one_instance_is_shown_and_served_by_the_other(stack, django_user_model):
    user, password = make_photographer(django_user_model)
    browser = Browser()
    sign_in(browser, stack["first"], user.username, password)
    form = browser.get(f"{stack['first']}/admin/images/add/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    collection = Collection.objects.get(name=PHOTO_COLLECTION_NAME).pk
    response = browser.post(
        f"{stack['first']}/admin/images/add/",
        data={"csrfmiddlewaretoken": token, "title": "Shared photo", "description": "Two hands on a desk",
              "collection": collection, "credit_role": "photo", "credit_name": "Gunnar Kopperud", "caption": "",
              "long_description": "", "licence": "", "tags": ""},
        files={"file": ("shared.jpg", camera_jpeg(size=(800, 500)), "image/jpeg")},
    )
    assert response.status_code == 302, response.text[:1000]
    photo = CaptionedImage.objects.get(title="Shared photo")
    # The other instance lists it, and serves its renditions once the worker has built them.
    assert "Shared photo" in browser.get(f"{stack['second']}/admin/images/").text
    wait_until(lambda: photo.renditions.count() >= 9, timeout=120, interval=0.5, waiting_for="the task worker to build the renditions")
    rendition = photo.renditions.get(filter_spec="format-webp|width-480")
    for base_url in (stack["second"], stack["front"].url):
        served = requests.get(base_url + rendition.url, timeout=30)
        assert served.status_code == 200 and served.headers["Content-Type"] == "image/webp", base_url
        assert served.content[:4] == b"RIFF"
    assert requests.get(stack["second"] + "/media/" + photo.file.name, timeout=30).status_code == 404  # never the original


def test_a_publish_is_seen_at_once_on_both_instances_and_through_the_front_cache(stack):
    history = HistoryIndexPage.objects.get(locale__language_code="en")
    front = stack["front"]
    for _ in range(2):  # fill the cache, through both instances
        assert front.get("/our-history/")[0] == 200
    assert front.get("/our-history/")[1]["X-Cache"] == "hit"
    milestone = MilestonePageFactory(parent=history, slug="shared", title="Seen everywhere at once", live=False)
    milestone.save_revision().publish()
    for base_url in (stack["first"], stack["second"]):
        assert "Seen everywhere at once" in requests.get(f"{base_url}/our-history/", timeout=30).text, base_url
    wait_until(lambda: "Seen everywhere at once" in front.get("/our-history/")[2], interval=0.5, waiting_for="the front cache to show the edit")
