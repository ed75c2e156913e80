"""The app tells the front cache and browsers how long they may keep each response, and purges only
when a front cache is configured."""

import subprocess
import sys
from pathlib import Path

from django.contrib.auth import get_user_model

import pytest

from history.factories import MilestonePageFactory
from tests.signin import log_in_verified

ROOT = Path(__file__).resolve().parent.parent


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.django_db
def test_public_pages_are_kept_long_by_the_front_cache_and_briefly_by_browsers(client, history_page, settings):
    MilestonePageFactory(parent=history_page, slug="founded")
    for path in ["/", "/our-history/", "/our-history/founded/", "/our-history/timeline.json", "/sitemap.xml",
                 "/photo-credits/", "/search/?q=oslo", "/robots.txt"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response) == {
            "public", "max-age=60", f"s-maxage={settings.FRONT_CACHE_SECONDS}",
            "stale-while-revalidate=60", f"stale-if-error={settings.FRONT_CACHE_STALE_IF_ERROR_SECONDS}",
        }, path
        assert response["ETag"]


@pytest.mark.django_db
def test_not_found_is_kept_only_briefly(client, history_page):
    assert directives(client.get("/our-history/no-such-page/")) == {"public", "max-age=60", "s-maxage=60"}


@pytest.mark.django_db
def test_signed_in_editors_and_the_admin_get_private_answers(client, history_page):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    log_in_verified(client, user)
    assert {"private", "no-cache"} <= directives(client.get("/our-history/"))
    admin = client.get("/admin/")
    assert "public" not in admin.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_health_check_answers_whatever_the_host_header(client, settings):
    settings.ALLOWED_HOSTS = ["www.example.org"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/search/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # everything else still checks


@pytest.mark.django_db
def test_without_a_front_cache_nothing_is_purged(history_page, django_capture_on_commit_callbacks, settings):
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None) and not settings.FRONT_CACHE_XKEY_URL
    milestone = MilestonePageFactory(parent=history_page, slug="hub", live=False)
    with django_capture_on_commit_callbacks() as callbacks:
        milestone.save_revision().publish()
    purges = [callback for callback in callbacks if "purge" in getattr(callback, "__qualname__", "")
              or "invalidate" in getattr(callback, "__qualname__", "")]
    assert purges == []


@pytest.mark.parametrize(("value", "expected"), [("http://varnish:80", "http://varnish:80"), ("", "")])
def test_frontend_cache_url_is_where_cache_tags_are_purged(value, expected):
    code = "import django; django.setup(); from django.conf import settings; print(settings.FRONT_CACHE_XKEY_URL)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "occ_site.settings.test", "FRONTEND_CACHE_URL": value},
    )
    assert result.stdout.strip() == str(expected)


@pytest.mark.django_db
def test_a_cdn_purged_only_by_address_keeps_listings_briefly(client, history_page, settings):
    """Wagtail's URL purges reach the changed page and its parent, not every page listing it."""
    settings.FRONT_CACHE_XKEY_URL = ""
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://cdn.invalid"}
    }
    milestone = MilestonePageFactory(parent=history_page, slug="hub")
    assert f"s-maxage={settings.FRONT_CACHE_LISTING_SECONDS}" in client.get(history_page.url)["Cache-Control"]
    assert f"s-maxage={settings.FRONT_CACHE_SECONDS}" in client.get(milestone.url)["Cache-Control"]
    settings.FRONT_CACHE_XKEY_URL = "http://varnish.invalid"  # tags reach every listing: kept long
    assert f"s-maxage={settings.FRONT_CACHE_SECONDS}" in client.get(history_page.url)["Cache-Control"]
